// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Bitfields, read through the four bitfield relocations (byte offset and
 * size of the load, left and right shift) plus signedness. The variants
 * move them, resize them, turn them into plain fields and back, and pack
 * one across an 8-byte boundary (no load can hold it).
 */
#include "core_test.h"

__u64 out[32];

struct core_reloc_bits {
	unsigned int ub1 : 1;
	unsigned int ub2 : 2;
	unsigned int ub7 : 7;
	int sb4 : 4;
	unsigned int ub20 : 20;
	unsigned long long u40 : 40;
	int s32;
	unsigned char uc;
} PAI;

SEC("raw_tp/sys_enter")
int bits_probed(void *ctx)
{
	struct core_reloc_bits *b = (void *)bpf_get_current_task();

	OUT(0, BPF_CORE_READ_BITFIELD_PROBED(b, ub1));
	OUT(1, BPF_CORE_READ_BITFIELD_PROBED(b, ub2));
	OUT(2, BPF_CORE_READ_BITFIELD_PROBED(b, ub7));
	OUT(3, BPF_CORE_READ_BITFIELD_PROBED(b, sb4));
	OUT(4, BPF_CORE_READ_BITFIELD_PROBED(b, ub20));
	OUT(5, BPF_CORE_READ_BITFIELD_PROBED(b, u40));
	OUT(6, BPF_CORE_READ_BITFIELD_PROBED(b, s32));
	OUT(7, BPF_CORE_READ_BITFIELD_PROBED(b, uc));
	return 0;
}

SEC("tp_btf/sys_enter")
int bits_direct(__u64 *ctx)
{
	struct core_reloc_bits *b = (void *)ctx[0];

	OUT(8, BPF_CORE_READ_BITFIELD(b, ub7));
	OUT(9, BPF_CORE_READ_BITFIELD(b, sb4));
	OUT(10, BPF_CORE_READ_BITFIELD(b, u40));
	OUT(11, bpf_core_field_exists(b->ub20));
	return 0;
}
