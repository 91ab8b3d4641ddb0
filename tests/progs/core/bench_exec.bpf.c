// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * An execsnoop-sized object for `make bench` (core explain vs bpftool gen
 * min_core_btf): about 50 relocations into task_struct and friends, and
 * some 2,000 instructions, from unrolled copies of the usual reads.
 */
#include "core_test.h"

struct event {
	__u32 pid, tgid, ppid, uid, gid;
	__u32 ns, flags, exit_code;
	__u64 start, cgid, ino;
	char comm[16], pcomm[16], file[64];
	__u64 args[40];
};

struct event ev;

static __always_inline void fill_task(struct event *e, struct task_struct *t)
{
	e->pid = BPF_CORE_READ(t, pid);
	e->tgid = BPF_CORE_READ(t, tgid);
	e->ppid = BPF_CORE_READ(t, real_parent, tgid);
	e->uid = BPF_CORE_READ(t, cred, uid.val);
	e->gid = BPF_CORE_READ(t, cred, gid.val);
	e->ns = BPF_CORE_READ(t, nsproxy, pid_ns_for_children, ns.inum);
	e->flags = BPF_CORE_READ(t, flags);
	e->exit_code = BPF_CORE_READ(t, exit_code);
	e->start = BPF_CORE_READ(t, start_time);
	e->cgid = BPF_CORE_READ(t, cgroups, dfl_cgrp, kn, id);
	e->ino = BPF_CORE_READ(t, mm, exe_file, f_inode, i_ino);
	BPF_CORE_READ_STR_INTO(&e->comm, t, comm);
	BPF_CORE_READ_STR_INTO(&e->pcomm, t, real_parent, comm);
	bpf_probe_read_kernel_str(e->file, sizeof(e->file),
				  BPF_CORE_READ(t, mm, exe_file, f_path.dentry, d_name.name));
}

static __always_inline void fill_args(struct event *e, struct task_struct *t)
{
	unsigned long start = BPF_CORE_READ(t, mm, arg_start);
	unsigned long end = BPF_CORE_READ(t, mm, arg_end);
	int i;

#pragma unroll
	for (i = 0; i < 40; i++) {
		if (start + i * 8 >= end)
			break;
		bpf_probe_read_user(&e->args[i], 8, (void *)(start + i * 8));
	}
}

SEC("tp/sched/sched_process_exec")
int bench_exec(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	fill_task(&ev, t);
	fill_args(&ev, t);
	return 0;
}

SEC("tp/sched/sched_process_fork")
int bench_fork(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	fill_task(&ev, t);
	fill_args(&ev, BPF_CORE_READ(t, real_parent));
	return 0;
}

SEC("tp/sched/sched_process_exit")
int bench_exit(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	fill_task(&ev, t);
	ev.exit_code = BPF_CORE_READ(t, signal, group_exit_code);
	fill_args(&ev, BPF_CORE_READ(t, group_leader));
	return 0;
}
