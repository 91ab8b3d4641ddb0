/* The same fields in another order, with padding between them. */
struct core_reloc_offs___moved {
	char pad[3];
	void *p;
	int s;
	long c;
	char arr[8];
	unsigned int b;
	int a;
	unsigned short d;
};

struct core_reloc_offs___moved use;
