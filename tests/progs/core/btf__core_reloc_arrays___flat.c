/* Arrays became scalars or pointers: no match. */
struct core_reloc_arr_elem {
	int a;
	char b;
};

struct core_reloc_arrays___flat {
	int a;
	char *b2;
	struct core_reloc_arr_elem c;
	struct core_reloc_arr_elem d[2];
	int n;
};

struct core_reloc_arrays___flat use;
