// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_pin.c (issue 10): a hash map whose max_entries the
 * object leaves to user space; without --map it cannot be created, and the
 * message must say how to give it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
} sized_later SEC(".maps");

SEC("raw_tp/sys_enter")
int use_sized_later(void *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&sized_later, &k) ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
