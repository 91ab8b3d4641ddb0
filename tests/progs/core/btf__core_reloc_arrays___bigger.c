/* Larger dimensions and element struct: the same indexes land elsewhere. */
struct core_reloc_arr_elem___bigger {
	long pad;
	char b;
	int a;
};

struct core_reloc_arrays___bigger {
	int a[10];
	char b2[3][4];
	struct core_reloc_arr_elem___bigger c[5];
	struct core_reloc_arr_elem___bigger d[2][3];
	long n;
	int f[];
};

struct core_reloc_arrays___bigger use;
