// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Relocations inside subprograms (.text) and in two programs of one
 * section: "prog" is the function holding the instruction and "insn"
 * counts from that function's start.
 */
#include "core_test.h"

__u64 out[16];

struct core_reloc_sub {
	int first;
	long second;
} PAI;

static __attribute__((noinline)) long read_second(struct core_reloc_sub *s)
{
	return BPF_CORE_READ(s, second) + bpf_core_field_size(s->second);
}

__attribute__((noinline)) int global_first(struct core_reloc_sub *s)
{
	return BPF_CORE_READ(s, first);
}

SEC("raw_tp/sys_enter")
int sub_one(void *ctx)
{
	struct core_reloc_sub *s = (void *)bpf_get_current_task();

	OUT(0, read_second(s));
	OUT(1, global_first(s));
	return 0;
}

SEC("raw_tp/sys_enter")
int sub_two(void *ctx)
{
	struct core_reloc_sub *s = (void *)bpf_get_current_task();

	OUT(2, bpf_core_field_offset(s->second));
	OUT(3, read_second(s));
	return 0;
}
