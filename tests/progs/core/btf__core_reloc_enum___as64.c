/* The same enumerators in 64-bit enums (ENUM64 in BTF): enum and enum64 are compatible. */
enum core_reloc_enum___as64 {
	CRE_ZERO,
	CRE_ONE = 0x100000001ULL,
	CRE_TWO = 2,
	CRE_BIG = 0x7fffffff,
	CRE_NEG = -5,
};

enum core_reloc_uenum___as64 {
	CRU_A = 1,
	CRU_HIGH = 0xfffffffff0000000ULL,
};

enum core_reloc_enum___fl {
	CRE_TWO___fl = 22,
};

struct core_reloc_enum_holder___as64 {
	enum core_reloc_enum___as64 e;
	enum core_reloc_uenum___as64 u;
};

struct core_reloc_enum_holder___as64 use;
enum core_reloc_enum___fl use_fl;
