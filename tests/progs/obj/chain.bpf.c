// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Fallback chains and kprobe candidates (include/bpf/bbpf_chain.h), for
 * tests/unit/test_chain.c: two chains whose steps are declared out of cost
 * order, a kprobe with candidates outside any chain, a SEC("kprobe") with
 * candidates only, and a program with no tags.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bbpf_chain.h>

SEC("kprobe/do_a") BBPF_CHAIN("a") BBPF_KPROBE_OR("do_a2") BBPF_KPROBE_OR("do_a3")
int a_kprobe(void *ctx)
{
	return 0;
}

SEC("tp/sched/sched_a") BBPF_CHAIN("a")
int a_tp(void *ctx)
{
	return 0;
}

SEC("raw_tp/sched_b") BBPF_CHAIN("b")
int b_raw(void *ctx)
{
	return 0;
}

SEC("fentry/do_a") BBPF_CHAIN("a")
int a_fentry(void *ctx)
{
	return 0;
}

SEC("tp_btf/sched_b") BBPF_CHAIN("b")
int b_tp_btf(void *ctx)
{
	return 0;
}

SEC("kretprobe/lone") BBPF_KPROBE_OR("lone2")
int lone(void *ctx)
{
	return 0;
}

SEC("kprobe") BBPF_KPROBE_OR("only1") BBPF_KPROBE_OR("only2")
int only_tags(void *ctx)
{
	return 0;
}

SEC("xdp")
int plain(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
