// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * For `barebpf run` in tests/kernel/test_run.c: a tracepoint and a raw_tp
 * that count getppid() calls of every process, and a kprobe with no target
 * (SEC("kprobe")), which run reports and skips.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile long nr_getppid = 110; /* x86-64; the test counts through the tracepoint */
__u64 tp_hits, raw_hits;

SEC("tp/syscalls/sys_enter_getppid")
int run_tp(void *ctx)
{
	__sync_fetch_and_add(&tp_hits, 1);
	return 0;
}

SEC("raw_tp/sys_enter")
int run_raw_tp(__u64 *ctx)
{
	if (ctx[1] == (__u64)nr_getppid)
		__sync_fetch_and_add(&raw_hits, 1);
	return 0;
}

SEC("kprobe")
int run_no_target(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
