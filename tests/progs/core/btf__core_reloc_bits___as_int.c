/* Bitfields became plain fields, and a plain field became a bitfield. */
struct core_reloc_bits___as_int {
	unsigned char ub1;
	unsigned short ub2;
	unsigned int ub7;
	signed char sb4;
	unsigned int ub20;
	unsigned long long u40;
	int s32 : 24;
	unsigned char uc : 5;
};

struct core_reloc_bits___as_int use;
