/* Candidates of other kinds (a union, a typedef) are not candidates of a struct. */
union core_reloc_amb {
	int a;
	int b;
	int c;
};

typedef struct { int a; } core_reloc_amb_same;

struct core_reloc_amb_off___only {
	long pad;
	int b;
	int a;
};

union core_reloc_amb u;
core_reloc_amb_same s;
struct core_reloc_amb_off___only o;
