// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Plain fields, moved, resized, renamed, removed or retyped in the variant
 * targets (btf__core_reloc_offs___*.c). Direct loads relocate the LDX
 * offset and, when the field's size changed, the access size too.
 */
#include "core_test.h"

__u64 out[32];

struct core_reloc_offs {
	int a;
	unsigned int b;
	long c;
	unsigned short d;
	void *p;
	char arr[8];
	int s;
} PAI;

SEC("tp_btf/sys_enter")
int offs_direct(__u64 *ctx)
{
	struct core_reloc_offs *o = (void *)ctx[0];

	OUT(0, o->a);
	OUT(1, o->b);
	OUT(2, o->c);
	OUT(3, o->d);
	OUT(4, o->p);
	OUT(5, o->arr[7]);
	OUT(6, o->s);
	return 0;
}

SEC("raw_tp/sys_enter")
int offs_probed(void *ctx)
{
	struct core_reloc_offs *o = (void *)bpf_get_current_task();

	OUT(7, BPF_CORE_READ(o, c));
	OUT(8, BPF_CORE_READ(o, arr[3]));
	OUT(9, bpf_core_field_exists(o->c));
	OUT(10, bpf_core_field_size(o->b));
	OUT(11, bpf_core_field_offset(o->d));
	return 0;
}
