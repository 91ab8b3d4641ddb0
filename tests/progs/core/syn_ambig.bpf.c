// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Several candidates. They must agree, or the relocation fails naming them;
 * and each relocation narrows the candidates the next ones of the same
 * type consider (after "b" matched only ___x, "c" is looked for in ___x
 * alone, although ___y has it).
 */
#include "core_test.h"

__u64 out[16];

struct core_reloc_amb {
	int a;
	int b;
	int c;
} PAI;

struct core_reloc_amb_same {
	int a;
} PAI;

struct core_reloc_amb_off {
	int a;
	int b;
} PAI;

SEC("raw_tp/sys_enter")
int ambig(void *ctx)
{
	void *p = (void *)bpf_get_current_task();
	struct core_reloc_amb *s = p;

	OUT(0, BPF_CORE_READ(s, a));
	OUT(1, BPF_CORE_READ(s, b));
	OUT(2, BPF_CORE_READ(s, c));
	OUT(3, BPF_CORE_READ((struct core_reloc_amb_same *)p, a));
	OUT(4, BPF_CORE_READ((struct core_reloc_amb_off *)p, b));
	OUT(5, bpf_core_field_exists(((struct core_reloc_amb_off *)p)->a));
	return 0;
}
