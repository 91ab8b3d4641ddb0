// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Every relocation kind on types no target defines (except the union
 * variant, whose same-named type has the wrong kind): exists and type
 * kinds give 0, field and enumerator values are poisoned.
 */
#include "core_test.h"

__u64 out[32];

struct core_reloc_gone {
	int a;
	long b;
	unsigned int bits : 4;
} PAI;

enum core_reloc_gone_e { GONE_A = 1, GONE_WIDE = 0x500000000ULL };

SEC("tp_btf/sys_enter")
int gone(__u64 *ctx)
{
	struct core_reloc_gone *g = (void *)ctx[0];

	OUT(0, g->a);
	OUT(1, BPF_CORE_READ(g, b));
	OUT(2, bpf_core_field_exists(g->a));
	OUT(3, bpf_core_field_size(g->b));
	OUT(4, BPF_CORE_READ_BITFIELD_PROBED(g, bits));
	OUT(5, bpf_core_type_exists(struct core_reloc_gone));
	OUT(6, bpf_core_type_size(struct core_reloc_gone));
	OUT(7, bpf_core_type_id_kernel(struct core_reloc_gone));
	OUT(8, bpf_core_type_id_local(struct core_reloc_gone));
	OUT(9, bpf_core_enum_value_exists(enum core_reloc_gone_e, GONE_A));
	OUT(10, bpf_core_enum_value(enum core_reloc_gone_e, GONE_A));
	OUT(11, bpf_core_enum_value(enum core_reloc_gone_e, GONE_WIDE));
	return 0;
}
