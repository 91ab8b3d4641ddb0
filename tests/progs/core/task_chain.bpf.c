// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Pointer chains through task_struct with BPF_CORE_READ: ALU relocations. */
#include "core_test.h"

__u64 out[16];

SEC("raw_tp/sched_process_exec")
int task_chain(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	OUT(0, BPF_CORE_READ(t, real_parent, tgid));
	OUT(1, BPF_CORE_READ(t, group_leader, real_parent, pid));
	OUT(2, BPF_CORE_READ(t, nsproxy, pid_ns_for_children, ns.inum));
	OUT(3, BPF_CORE_READ(t, mm, exe_file, f_path.dentry, d_name.len));
	OUT(4, BPF_CORE_READ(t, cred, uid.val));
	OUT(5, BPF_CORE_READ(t, fs, pwd.mnt, mnt_flags));
	OUT(6, BPF_CORE_READ(t, signal, nr_threads));
	OUT(7, BPF_CORE_READ(t, files, fdt, max_fds));
	return 0;
}
