/* The nesting kept, the members reordered, the inner struct renamed (structs match by members). */
struct core_reloc_n3_renamed {
	long extra;
	int w;
	int z;
};

struct core_reloc_n2___reordered {
	struct core_reloc_n3_renamed n3;
	long pad;
};

struct core_reloc_n1___reordered {
	struct core_reloc_n2___reordered *pn2;
	struct core_reloc_n2___reordered n2;
	char c;
};

struct core_reloc_n1___reordered use;
