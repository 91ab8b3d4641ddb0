// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_load_opts.c: the options before load. Two raw_tp
 * programs run with BPF_PROG_TEST_RUN copy a .rodata constant (which --set
 * changes) and a .data variable into .bss; --only/--skip choose between
 * them; --map resizes `sized`, which user space must size.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 limit = 10; /* .rodata: --set limit=N */
volatile __u16 port = 80;	 /* .data: --set port=N */
__u32 seen_limit, seen_port, ran_b;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u64)); /* a size, not a type: --map may change it */
} sized SEC(".maps");

SEC("raw_tp/sys_enter")
int prog_a(void *ctx)
{
	__u32 key = 0;
	void *v = bpf_map_lookup_elem(&sized, &key);

	if (!v)
		return __LINE__;
	seen_limit = limit;
	seen_port = port;
	return 0;
}

SEC("raw_tp/sys_exit")
int prog_b(void *ctx)
{
	ran_b = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
