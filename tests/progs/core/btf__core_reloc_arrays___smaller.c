/* Fewer elements: a[4], b2[1][2] and c[2] are out of range; f is a fixed array now. */
struct core_reloc_arr_elem {
	int a;
	char b;
};

struct core_reloc_arrays___smaller {
	int a[3];
	char b2[2][2];
	struct core_reloc_arr_elem c[2];
	struct core_reloc_arr_elem d[1][2];
	int n;
	int f[4];
	int after;
};

struct core_reloc_arrays___smaller use;
