/* CRE_TWO and CRU_HIGH are gone: exists gives 0, value is poisoned. */
enum core_reloc_enum___missing_val {
	CRE_ZERO,
	CRE_ONE,
	CRE_BIG = 0x7fffffff,
	CRE_NEG = -5,
};

enum core_reloc_uenum___missing_val {
	CRU_A = 1,
};

struct core_reloc_enum_holder___missing_val {
	enum core_reloc_enum___missing_val e;
	enum core_reloc_uenum___missing_val u;
};

struct core_reloc_enum_holder___missing_val use;
