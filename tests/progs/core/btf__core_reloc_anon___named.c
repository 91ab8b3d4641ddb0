/* The union got a name: u1 and s1/s2 are no longer members of the struct itself. */
struct core_reloc_anon___named {
	int x;
	union {
		int u1;
		struct {
			short s1, s2;
		} ss;
	} un;
	struct {
		long y;
		char c1;
	} named;
};

struct core_reloc_anon___named use;
