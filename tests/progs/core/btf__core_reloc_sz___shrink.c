/* Every field narrower (char is signed on BPF: u16f becomes a signed char). */
struct core_reloc_sz___shrink {
	unsigned short u32f;
	unsigned int u64f;
	short s32f;
	void *ptr;
	unsigned char u8f;
	char u16f;
};

struct core_reloc_sz___shrink use;
