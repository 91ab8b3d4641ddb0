/* Same names, incompatible kinds: a struct for an int, an int for a pointer, a shorter array. */
struct other {
	int x;
};

struct core_reloc_offs___kinds {
	int a;
	struct other b;
	long c;
	unsigned short d;
	unsigned long p;
	char arr[4];
	int s;
};

struct core_reloc_offs___kinds use;
