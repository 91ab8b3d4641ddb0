/* Bitfields in other places and sizes; u40 now straddles a 4-byte boundary at bit 60. */
struct core_reloc_bits___moved {
	unsigned char pad;
	unsigned int ub7 : 9;
	unsigned int ub1 : 1;
	int sb4 : 6;
	unsigned long long ub2 : 2;
	unsigned long long ub20 : 30;
	unsigned long long u40 : 30;
	unsigned short uc : 8;
	int s32 : 20;
};

struct core_reloc_bits___moved use;
