// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Direct loads from a BTF pointer (tp_btf): LDX offset relocations with access sizes. */
#include "core_test.h"

__u64 out[16];

SEC("tp_btf/sched_process_exec")
int task_direct(__u64 *ctx)
{
	struct task_struct *t = (void *)ctx[0];

	OUT(0, t->pid);
	OUT(1, t->tgid);
	OUT(2, t->flags);
	OUT(3, t->start_time);
	OUT(4, t->comm[0]);
	OUT(5, t->comm[15]);
	OUT(6, t->real_parent->pid);
	OUT(7, t->prio);
	OUT(8, t->exit_code);
	OUT(9, t->se.vruntime);
	OUT(10, t->thread_info.flags);
	return 0;
}
