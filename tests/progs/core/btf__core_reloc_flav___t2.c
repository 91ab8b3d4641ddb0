/* The new layout. */
struct core_reloc_flav {
	char pad[12];
	long new_field;
	int common;
};

struct core_reloc_flav use;
