// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * A chain whose cheap steps fail late, for tests/kernel/test_chain.c: the
 * tp_btf step names a tracepoint no kernel has (refused at load), the
 * raw_tp step too (loads, then fails to attach); the tracepoint works.
 * Every failure makes barebpf load the object again with the next step.
 * headers-test: ours-only (include/bpf/bbpf_chain.h is barebpf's own)
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bbpf_chain.h>

__u64 hits;

SEC("tp_btf/bbpf_no_such_tp") BBPF_CHAIN("getppid")
int rt_tp_btf(void *ctx)
{
	return 0;
}

SEC("raw_tp/bbpf_no_such_tp") BBPF_CHAIN("getppid")
int rt_raw(void *ctx)
{
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid") BBPF_CHAIN("getppid")
int rt_tp(void *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

/* No chain: loaded every time, attached by the caller. */
SEC("tp/syscalls/sys_enter_getppid")
int rt_plain(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
