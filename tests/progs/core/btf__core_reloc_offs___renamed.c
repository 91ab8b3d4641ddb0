/* a and c were renamed away: their relocations find nothing. */
struct core_reloc_offs___renamed {
	int a2;
	unsigned int b;
	long c_renamed;
	unsigned short d;
	void *p;
	char arr[8];
	int s;
};

struct core_reloc_offs___renamed use;
