/* A superset, reordered; the forward-declared struct is defined here (matches behind a pointer). */
struct core_reloc_tm_fwd {
	int x;
};

enum core_reloc_tm_e { TM_C = 7, TM_B = 1, TM_A = 0 };

struct core_reloc_tm_s {
	long extra;
	enum core_reloc_tm_e e;
	int arr[3];
	struct core_reloc_tm_fwd *p;
	unsigned long b;
	union {
		char uc;
		int ua;
	};
	int a;
};

union core_reloc_tm_u {
	struct core_reloc_tm_s *s;
	long other;
	int i;
};

typedef struct core_reloc_tm_s core_reloc_tm_t;
typedef int (*core_reloc_tm_fn)(struct core_reloc_tm_s *, int);

core_reloc_tm_t t;
union core_reloc_tm_u u;
core_reloc_tm_fn fn;
