/* One more anonymous level, members reordered. */
struct core_reloc_anon___deeper {
	long pad;
	struct {
		union {
			struct {
				short s2, s1;
			};
			long u1;
		};
	};
	int x;
	struct {
		union {
			struct {
				long long c2;
			};
			char c1;
		};
		long y;
	} named;
};

struct core_reloc_anon___deeper use;
