// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/bench/attach_bench.c: the cheapest program on each hook, so
 * that what is timed is the mechanism (one add to a .bss counter). The
 * bench triggers each with getppid() or a call of its own functions.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 cnt;

static __always_inline int hit(void)
{
	__sync_fetch_and_add(&cnt, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int b_tp(void *ctx)
{
	return hit();
}

SEC("raw_tp/sys_enter")
int b_raw_tp(void *ctx)
{
	return hit();
}

SEC("tp_btf/sys_enter")
int b_tp_btf(void *ctx)
{
	return hit();
}

SEC("fentry/__task_pid_nr_ns")
int b_fentry(void *ctx)
{
	return hit();
}

SEC("kprobe/__task_pid_nr_ns")
int b_kprobe(void *ctx)
{
	return hit();
}

SEC("kprobe.multi/__task_pid_nr_ns")
int b_kmulti(void *ctx)
{
	return hit();
}

/* Targets from the bench: its own functions. */
SEC("uprobe")
int b_uprobe(void *ctx)
{
	return hit();
}

SEC("uretprobe")
int b_uretprobe(void *ctx)
{
	return hit();
}

SEC("uprobe.multi")
int b_umulti(void *ctx)
{
	return hit();
}

char LICENSE[] SEC("license") = "GPL";
