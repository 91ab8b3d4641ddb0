/* New 64-bit values; CR64_TOP is gone (its ld_imm64 is poisoned). */
enum core_reloc_e64___renum {
	CR64_HIGH = 0x2200000001ULL,
	CR64_SMALL = 0xabcdef0123ULL,
};

enum core_reloc_e64s___renum {
	CR64S_POS = -0x300000000LL,
	CR64S_NEG = 0x7fffffffffffffffLL,
};

enum core_reloc_e64___renum use;
enum core_reloc_e64s___renum use2;
