/* Every type, as the program has it. */
struct core_reloc_tid_s {
	int a;
	long b;
};

union core_reloc_tid_u {
	int a;
	char c[12];
};

enum core_reloc_tid_e { TID_A, TID_B };

typedef int core_reloc_tid_int_t;
typedef struct core_reloc_tid_s *core_reloc_tid_ptr_t;
typedef int (*core_reloc_tid_fn_t)(int, char *);
typedef int core_reloc_tid_arr_t[4];

struct core_reloc_tid_s s;
union core_reloc_tid_u u;
enum core_reloc_tid_e e;
core_reloc_tid_int_t i;
core_reloc_tid_ptr_t p;
core_reloc_tid_fn_t f;
core_reloc_tid_arr_t arr;
