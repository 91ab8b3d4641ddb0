// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Nested structs and pointer hops: one relocation per root type of each hop. */
#include "core_test.h"

__u64 out[16];

struct core_reloc_n3 {
	int z;
	int w;
} PAI;

struct core_reloc_n2 {
	long pad;
	struct core_reloc_n3 n3;
} PAI;

struct core_reloc_n1 {
	char c;
	struct core_reloc_n2 n2;
	struct core_reloc_n2 *pn2;
} PAI;

SEC("raw_tp/sys_enter")
int nested(void *ctx)
{
	struct core_reloc_n1 *s = (void *)bpf_get_current_task();

	OUT(0, BPF_CORE_READ(s, n2.n3.w));
	OUT(1, BPF_CORE_READ(s, pn2, n3.z));
	OUT(2, bpf_core_field_offset(s->n2.n3));
	OUT(3, bpf_core_field_size(s->n2));
	OUT(4, bpf_core_field_exists(s->pn2));
	return 0;
}
