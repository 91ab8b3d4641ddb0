/* Every value changed and the order too; the unsigned enum became signed. */
enum core_reloc_enum___renumbered {
	CRE_NEG = 100,
	CRE_BIG = 7,
	CRE_TWO = 20,
	CRE_ONE = 10,
	CRE_ZERO = -3,
};

enum core_reloc_uenum___renumbered {
	CRU_HIGH = -2,
	CRU_A = 5,
};

struct core_reloc_enum_holder___renumbered {
	enum core_reloc_uenum___renumbered u;
	enum core_reloc_enum___renumbered e;
};

struct core_reloc_enum_holder___renumbered use;
