// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_load.c: CO-RE relocations that find nothing in the
 * kernel (a field no kernel has), loaded one program at a time:
 *   reached   reads the missing field unguarded: the verifier stops at the
 *             poisoned instruction, and the loader must name the field;
 *   guarded   reads it only under bpf_core_field_exists() (dead code after
 *             CO-RE), then fails for another reason (past a map value): the
 *             poison must not be blamed;
 *   fine      the guarded read alone: it loads.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___nope {
	int no_such_field;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} small SEC(".maps");

__u32 out;

SEC("raw_tp/sys_enter")
int reached(void *ctx)
{
	struct task_struct___nope *t = (void *)bpf_get_current_task();

	out = BPF_CORE_READ(t, no_such_field);
	return 0;
}

SEC("raw_tp/sys_enter")
int guarded(void *ctx)
{
	struct task_struct___nope *t = (void *)bpf_get_current_task();
	__u32 key = 0, *v;

	if (bpf_core_field_exists(t->no_such_field))
		out = BPF_CORE_READ(t, no_such_field);
	v = bpf_map_lookup_elem(&small, &key);
	if (!v)
		return 0;
	return *(volatile __u64 *)(v + 8); /* out of bounds on purpose */
}

SEC("raw_tp/sys_enter")
int fine(void *ctx)
{
	struct task_struct___nope *t = (void *)bpf_get_current_task();

	if (bpf_core_field_exists(t->no_such_field))
		out = BPF_CORE_READ(t, no_such_field);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
