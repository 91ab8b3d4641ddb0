/* The subprogram's fields moved and resized. */
struct core_reloc_sub___moved {
	long second;
	short pad;
	int first;
};

struct core_reloc_sub___moved use;
