/* The old layout, and a type whose name keeps its trailing "___". */
struct core_reloc_flav___t1 {
	int common;
	int old_field;
};

struct core_reloc_flav___ {
	int common;
};

struct core_reloc_flav___a___z {
	long pad;
	int common;
};

struct core_reloc_flav___t1 use;
struct core_reloc_flav___ use2;
struct core_reloc_flav___a___z use3;
