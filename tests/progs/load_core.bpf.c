// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_load.c: a raw_tp program run with BPF_PROG_TEST_RUN
 * (it runs in the calling task) that reads its own task_struct through
 * CO-RE, calls a static and a global subprogram, and uses every kind of
 * global data. It returns 0, or the __LINE__ of the check that failed.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

const volatile __u32 magic = 0x5eed;   /* .rodata: read back through the map */
__u32 runs = 7;			       /* .data: the program adds one per run */
__u32 seen_pid, seen_tgid, seen_magic; /* .bss: written by the program */
__u64 twice;

static __attribute__((noinline)) __u64 double_it(__u64 v)
{
	return v * 2;
}

/* Global: verified on its own; a scalar argument, as 5.10 requires. */
__attribute__((noinline)) int add_run(__u32 n)
{
	runs += n;
	return 1;
}

SEC("raw_tp/sys_enter")
int read_task(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	seen_pid = BPF_CORE_READ(task, pid);
	seen_tgid = BPF_CORE_READ(task, tgid);
	seen_magic = magic;
	twice = double_it(seen_tgid);
	if (!add_run(1))
		return __LINE__;
	if (!bpf_core_field_exists(task->pid))
		return __LINE__;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
