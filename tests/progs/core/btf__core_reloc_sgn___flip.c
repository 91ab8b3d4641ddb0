/* Signedness flipped wherever C allows it. */
enum core_reloc_sgn_e { SGN_NEG = 0, SGN_POS = 1 };
enum core_reloc_sgn_u { SGN_U = -1 };

struct core_reloc_sgn___flip {
	unsigned char c;
	unsigned char sc;
	signed char uc;
	unsigned short s;
	short us;
	unsigned char b;
	unsigned long l;
	long ul;
	enum core_reloc_sgn_e e;
	enum core_reloc_sgn_u u;
	unsigned int bf : 5;
	int ubf : 7;
	unsigned long ptr;
};

struct core_reloc_sgn___flip use;
