/*
 * Sizes changed: unsigned ints grew (b, d: loads are widened), signed ints
 * changed size (a, s: the loads cannot be resized and are poisoned).
 */
struct core_reloc_offs___resized {
	short a;
	unsigned long b;
	long c;
	unsigned int d;
	void *p;
	char arr[16];
	long long s;
};

struct core_reloc_offs___resized use;
