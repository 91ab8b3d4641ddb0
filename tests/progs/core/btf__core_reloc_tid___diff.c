/*
 * Same names, other shapes: bigger struct and union (sizes change), a long
 * typedef, a pointer typedef to a union (kinds differ down the pointer), a
 * prototype with three parameters, a longer array of another element.
 */
struct core_reloc_tid_s___diff {
	int a;
	long b;
	long c[3];
};

union core_reloc_tid_u___diff {
	long a;
	char c[40];
};

enum core_reloc_tid_e___diff { TID_B = 1, TID_A = 0, TID_C = 5 };

typedef long core_reloc_tid_int_t;
typedef union core_reloc_tid_u___diff *core_reloc_tid_ptr_t;
typedef int (*core_reloc_tid_fn_t)(int, char *, long);
typedef char core_reloc_tid_arr_t[9];

struct core_reloc_tid_s___diff s;
union core_reloc_tid_u___diff u;
enum core_reloc_tid_e___diff e;
core_reloc_tid_int_t i;
core_reloc_tid_ptr_t p;
core_reloc_tid_fn_t f;
core_reloc_tid_arr_t arr;
