/* A packed struct: u40 starts at bit 30 and spans bits 30..69, which no 8-byte load holds. */
struct core_reloc_bits___packed {
	unsigned int ub20 : 20;
	unsigned int ub7 : 7;
	unsigned int ub2 : 2;
	unsigned int ub1 : 1;
	unsigned long long u40 : 40;
	int sb4 : 4;
	int s32;
	unsigned char uc;
} __attribute__((packed));

struct core_reloc_bits___packed use;
