/*
 * Near misses: b is signed, arr has 4 elements, the enum lacks TM_B, the
 * union's pointer targets a union, the prototype's int became unsigned.
 */
struct core_reloc_tm_fwd;

enum core_reloc_tm_e { TM_A };

struct core_reloc_tm_s {
	int a;
	long b;
	struct core_reloc_tm_fwd *p;
	int arr[4];
	enum core_reloc_tm_e e;
	union {
		int ua;
		char uc;
	};
};

union core_reloc_tm_s_u {
	int x;
};

union core_reloc_tm_u {
	int i;
	union core_reloc_tm_s_u *s;
};

typedef struct core_reloc_tm_s core_reloc_tm_t;
typedef int (*core_reloc_tm_fn)(struct core_reloc_tm_s *, unsigned int);

core_reloc_tm_t t;
union core_reloc_tm_u u;
core_reloc_tm_fn fn;
