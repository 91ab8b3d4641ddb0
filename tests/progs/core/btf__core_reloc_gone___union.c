/* The name exists with another kind: no candidate. */
union core_reloc_gone {
	int a;
	long b;
};

struct core_reloc_gone_e {
	int GONE_A;
};

union core_reloc_gone use;
struct core_reloc_gone_e use2;
