// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* task_struct bitfields, probed and direct: byte_off, byte_sz, lshift, rshift, signed. */
#include "core_test.h"

__u64 out[16];

SEC("raw_tp/sched_process_fork")
int bits_probed(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	OUT(0, BPF_CORE_READ_BITFIELD_PROBED(t, sched_reset_on_fork));
	OUT(1, BPF_CORE_READ_BITFIELD_PROBED(t, sched_contributes_to_load));
	OUT(2, BPF_CORE_READ_BITFIELD_PROBED(t, in_execve));
	OUT(3, BPF_CORE_READ_BITFIELD_PROBED(t, in_iowait));
	return 0;
}

SEC("tp_btf/sched_process_exec")
int bits_direct(__u64 *ctx)
{
	struct task_struct *t = (void *)ctx[0];

	OUT(4, BPF_CORE_READ_BITFIELD(t, sched_remote_wakeup));
	OUT(5, BPF_CORE_READ_BITFIELD(t, in_execve));
	OUT(6, bpf_core_field_size(t->in_execve));
	OUT(7, bpf_core_field_offset(t->in_execve));
	return 0;
}
