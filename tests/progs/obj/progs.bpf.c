// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Fixture of the object loader's open phase (tests/unit/test_obj.c): how
 * programs and subprograms are found and linked. Never loaded by the unit
 * tests, which check the ELF that clang made of it:
 *
 *   xdp_one, xdp_two   two programs in one section
 *   twice -> add       a global function calling a static one in .text
 *   thrice             a hidden global function (verified as static)
 *   loop_cb            a callback passed by address (ld_imm64 BPF_PSEUDO_FUNC)
 *   tc_helper          a static function in the program's own section:
 *                      called without a relocation
 *   tp_optional        SEC("?...") is not loaded by default
 *   odd                an unknown section: an error for that program only
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

int hits;		      /* .bss */
int seed = 7;		      /* .data */
const volatile int limit = 3; /* .rodata */

static __noinline int add(int a, int b)
{
	return a + b + seed;
}

__noinline int twice(int x)
{
	return add(x, x);
}

__hidden __noinline int thrice(int x)
{
	return x * 3 + limit;
}

static int loop_cb(__u32 idx, void *ctx)
{
	hits += idx;
	return 0;
}

SEC("xdp")
int xdp_one(struct xdp_md *ctx)
{
	return twice(ctx->ingress_ifindex) > limit ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int xdp_two(struct xdp_md *ctx)
{
	bpf_loop(4, loop_cb, NULL, 0);
	return XDP_PASS;
}

static __noinline SEC("tc") int tc_helper(int v)
{
	return v & 1 ? v + hits : v;
}

SEC("tc")
int tc_main(struct __sk_buff *skb)
{
	return tc_helper(skb->len) + thrice(skb->mark);
}

SEC("?tracepoint/syscalls/sys_enter_openat")
int tp_optional(void *ctx)
{
	return add(1, 2);
}

SEC("kprobe/do_nothing")
int kp(void *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		*v += twice(2);
	return 0;
}

SEC("unknown_section/foo")
int odd(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
__u32 _version SEC("version") = 0x050a00;
