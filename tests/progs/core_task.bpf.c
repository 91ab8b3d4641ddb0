// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * CO-RE reads on task_struct, written as a libbpf user would: pointer
 * chains, nested members, strings, and field existence/size/offset checks,
 * including one on a local "flavor" of task_struct for older kernels.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct exec_info {
	__u32 pid;
	__u32 tgid;
	__u32 ppid;
	__u32 pidns_inum;
	__u64 start_time;
	__s32 comm_len;
	__u32 state_size;
	__u32 pid_offset;
	__u32 has_old_state;
	__u32 has_loginuid;
	__u32 exit_code;
	char comm[16];
	char leader_comm[16];
	char exe[32];
	char filename[64];
};

/* task_struct before 5.14, when "state" became "__state". */
struct task_struct___pre514 {
	long state;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct exec_info);
} last_exec SEC(".maps");

SEC("tp/sched/sched_process_exec")
int on_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	const unsigned char *exe;
	unsigned int fname_off;
	struct exec_info *e;
	__u32 zero = 0;

	e = bpf_map_lookup_elem(&last_exec, &zero);
	if (!e)
		return 0;
	e->pid = BPF_CORE_READ(task, pid);
	BPF_CORE_READ_INTO(&e->tgid, task, tgid);
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->pidns_inum = BPF_CORE_READ(task, nsproxy, pid_ns_for_children, ns.inum);
	bpf_core_read(&e->start_time, sizeof(e->start_time), &task->start_time);
	e->comm_len = bpf_core_read_str(e->comm, sizeof(e->comm), &task->comm);
	BPF_CORE_READ_STR_INTO(&e->leader_comm, task, group_leader, comm);
	exe = BPF_CORE_READ(task, mm, exe_file, f_path.dentry, d_name.name);
	bpf_probe_read_kernel_str(e->exe, sizeof(e->exe), exe);
	BPF_PROBE_READ_INTO(&e->exit_code, task, exit_code);

	e->state_size = bpf_core_field_size(task->__state);
	e->pid_offset = bpf_core_field_offset(struct task_struct, pid);
	e->has_old_state = bpf_core_field_exists(((struct task_struct___pre514 *)task)->state);
	e->has_loginuid = bpf_core_field_exists(struct task_struct, loginuid);

	/* __data_loc: the low 16 bits are the string's offset in the record */
	fname_off = ctx->__data_loc_filename & 0xFFFF;
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), (void *)ctx + fname_off);
	return 0;
}

/* A task iterator: one line per task through the seq_file. */
SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	BPF_SEQ_PRINTF(seq, "%d %d %s\n", task->tgid, task->pid, task->comm);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
