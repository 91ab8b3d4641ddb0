// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_load.c: initial slots filled at load. `entry` (run
 * with BPF_PROG_TEST_RUN) looks up inner map slot 1 of `outer` and writes
 * 77 into it, then tail-calls slot 2 of `jumps`, `tail`, which returns 42.
 * Without the tail call (an empty slot) entry returns its __LINE__.
 * `shared` is pinned by name: a second load of this object reuses it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [1] = &inner },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} shared SEC(".maps");

int tail(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__uint(key_size, sizeof(__u32));
	__array(values, int(struct __sk_buff *));
} jumps SEC(".maps") = {
	.values = { [2] = (void *)&tail },
};

SEC("tc")
int tail(struct __sk_buff *skb)
{
	return 42;
}

SEC("tc")
int entry(struct __sk_buff *skb)
{
	__u32 one = 1, zero = 0;
	__u64 *v;
	void *m;

	m = bpf_map_lookup_elem(&outer, &one);
	if (!m)
		return __LINE__;
	v = bpf_map_lookup_elem(m, &zero);
	if (!v)
		return __LINE__;
	*v = 77;
	bpf_map_update_elem(&shared, &zero, &one, 0);
	bpf_tail_call(skb, &jumps, 2);
	return __LINE__;
}

char LICENSE[] SEC("license") = "GPL";
