// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_attach_misc.c: a task iterator that prints one line,
 * "pid <tgid> comm <comm>", for the main thread of process `tgid` (set
 * before load), and nothing for any other task.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u32 tgid = 0;

SEC("iter/task")
int task_line(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task || task->tgid != tgid || task->pid != tgid)
		return 0;
	BPF_SEQ_PRINTF(seq, "pid %d comm %s\n", task->tgid, task->comm);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
