// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Arrays: multi-dimensional, of structs, a flexible array member, root indexes. */
#include "core_test.h"

__u64 out[32];

struct core_reloc_arr_elem {
	int a;
	char b;
} PAI;

struct core_reloc_arrays {
	int a[5];
	char b2[2][3];
	struct core_reloc_arr_elem c[3];
	struct core_reloc_arr_elem d[1][2];
	int n;
	int f[];
} PAI;

SEC("tp_btf/sys_enter")
int arrays_direct(__u64 *ctx)
{
	struct core_reloc_arrays *s = (void *)ctx[0];

	OUT(0, s->a[2]);
	OUT(1, s->b2[1][2]);
	OUT(2, s->c[1].b);
	OUT(3, s->d[0][1].a);
	OUT(4, s->f[10]);
	OUT(5, s[1].a[0]);
	OUT(6, s->a[4]);
	return 0;
}

SEC("raw_tp/sys_enter")
int arrays_probed(void *ctx)
{
	struct core_reloc_arrays *s = (void *)bpf_get_current_task();

	OUT(7, BPF_CORE_READ(s, c[2].a));
	OUT(8, bpf_core_field_size(s->a));
	OUT(9, bpf_core_field_size(s->b2[1]));
	OUT(10, bpf_core_field_exists(s->f));
	OUT(11, bpf_core_field_offset(s->f[3]));
	OUT(12, bpf_core_field_size(s->c[0]));
	return 0;
}
