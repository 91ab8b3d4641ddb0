// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_pin.c (issue 10): two maps whose names share their
 * first 15 characters (the kernel's name length), pinned under their full
 * names; a perf event array without max_entries, as objects written for
 * libbpf declare it (one slot per possible CPU at load); and .rodata.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} process_exec_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} process_exec_comm SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

const volatile __u32 scale = 3;

SEC("raw_tp/sys_enter")
int count_exec(void *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&process_exec_count, &k);

	if (v)
		*v += scale;
	v = bpf_map_lookup_elem(&process_exec_comm, &k);
	if (v)
		bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, v, sizeof(*v));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
