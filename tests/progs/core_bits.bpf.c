// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * The other CO-RE relocation kinds: bitfields (direct and probed reads),
 * enumerator existence and values, type existence, size, match and ids,
 * with local "flavors" standing for what older or newer kernels have.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

/* A helper only newer kernels have, as a flavor of the kernel's enum. */
enum bpf_func_id___new {
	BPF_FUNC_cgrp_storage_get___new = 210,
};

/* A type that may or may not be there. */
struct bpf_ringbuf___check {
	__u64 mask;
} __attribute__((preserve_access_index));

/* The part of task_struct this program relies on, for bpf_core_type_matches(). */
struct task_struct___min {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

struct bits_seen {
	__u64 in_execve;
	__u64 reset_on_fork;
	__u64 in_iowait;
	__u64 frozen;
	__u64 ringbuf_output_id;
	__u64 ringbuf_type;
	__u32 has_cgrp_storage;
	__u32 has_ringbuf_output;
	__u32 has_ringbuf;
	__u32 task_size;
	__u32 task_matches;
	__u32 task_id_local;
	__u32 task_id_kernel;
	__u32 pid_t_size;
};

struct bits_seen seen;

/*
 * tp_btf: the task pointer may be dereferenced, so bitfields are loaded
 * directly. (Not named "p": libbpf 1.1's macro has a local of that name.)
 */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(exec_bits, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	seen.in_execve = BPF_CORE_READ_BITFIELD(task, in_execve);
	seen.reset_on_fork = BPF_CORE_READ_BITFIELD(task, sched_reset_on_fork);
	return 0;
}

/* Elsewhere the containing word is read with bpf_probe_read_kernel(). */
SEC("tp/sched/sched_process_fork")
int fork_bits(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	seen.in_iowait = BPF_CORE_READ_BITFIELD_PROBED(task, in_iowait);
	seen.frozen = BPF_CORE_READ_BITFIELD_PROBED(task, frozen);
	return 0;
}

SEC("tp/sched/sched_process_exit")
int exit_types(void *ctx)
{
	seen.has_cgrp_storage =
		bpf_core_enum_value_exists(enum bpf_func_id___new, BPF_FUNC_cgrp_storage_get___new);
	seen.has_ringbuf_output =
		bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_ringbuf_output);
	seen.ringbuf_output_id = bpf_core_enum_value(enum bpf_func_id, BPF_FUNC_ringbuf_output);
	seen.ringbuf_type = bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF);
	seen.has_ringbuf = bpf_core_type_exists(struct bpf_ringbuf___check);
	seen.task_size = bpf_core_type_size(struct task_struct);
	seen.pid_t_size = bpf_core_type_size(pid_t);
#if __clang_major__ >= 15
	seen.task_matches = bpf_core_type_matches(struct task_struct___min);
#endif
	seen.task_id_local = bpf_core_type_id_local(struct task_struct);
	seen.task_id_kernel = bpf_core_type_id_kernel(struct task_struct);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
