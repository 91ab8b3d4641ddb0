// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Loads and stores whose field changed size: unsigned ints and pointers
 * are resized (LDX/STX/ST size bits follow the field); signed ints cannot
 * be and are poisoned.
 */
#include "core_test.h"

__u64 out[16];

struct core_reloc_sz {
	unsigned int u32f;
	unsigned long long u64f;
	int s32f;
	void *ptr;
	unsigned char u8f;
	unsigned short u16f;
} PAI;

SEC("tp_btf/sys_enter")
int sizes(__u64 *ctx)
{
	struct core_reloc_sz *s = (void *)ctx[0];

	OUT(0, s->u32f);
	OUT(1, s->u64f);
	OUT(2, s->s32f);
	OUT(3, s->ptr);
	OUT(4, s->u8f);
	s->u16f = (unsigned short)ctx[1];
	s->u8f = 7;
	return 0;
}
