/* The same enumerators in 32-bit enums: enum64 and enum match each other. */
enum core_reloc_e64___as32 {
	CR64_SMALL = 30,
	CR64_HIGH = 0x7ffffff0,
	CR64_TOP = -1,
};

enum core_reloc_e64s___as32 {
	CR64S_NEG = -7,
	CR64S_POS = 7,
};

enum core_reloc_e64___as32 use;
enum core_reloc_e64s___as32 use2;
