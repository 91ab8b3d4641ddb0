// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0
/*
 * The first program the syscall layer loads (tests/kernel/test_sys_prog.c). It
 * checks itself: returns 0 when what it finds is what the test put there,
 * else the line that failed. The test stores 100 at key 0 and runs it on a
 * 64-byte packet; it leaves 100 + 2 * 64 behind.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sys_vals SEC(".maps");

SEC("tc")
int sys_retval(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *val;

	val = bpf_map_lookup_elem(&sys_vals, &key);
	if (!val)
		return __LINE__;
	if (*val != 100)
		return __LINE__;
	if (skb->len != 64)
		return __LINE__;
	*val += 2 * skb->len;
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
