/* n2 became a pointer and pn2 an embedded struct: neither matches. */
struct core_reloc_n3 {
	int z;
	int w;
};

struct core_reloc_n2 {
	long pad;
	struct core_reloc_n3 n3;
};

struct core_reloc_n1___ptr {
	char c;
	struct core_reloc_n2 *n2;
	struct core_reloc_n2 pn2;
};

struct core_reloc_n1___ptr use;
