/* Every field wider. */
struct core_reloc_sz___grow {
	unsigned long long u32f;
	unsigned long long u64f;
	long s32f;
	void *ptr;
	unsigned short u8f;
	unsigned int u16f;
};

struct core_reloc_sz___grow use;
