// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0
/*
 * An object written for libbpf the way libbpf-tools write their perf buffer
 * tools, nothing of barebpf's in it: a perf event array with no max_entries
 * (libbpf sizes it to the possible CPUs), a .rodata filter the user space of
 * such a tool would set (left at its default here), records sent with
 * bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, ...). Its record type
 * is not called "event", so `barebpf run` prints hex unless told
 * --event-type data_t. tests/kernel/test_run_cli.c runs it unchanged; it
 * records getppid() of processes named "bbpf_runev".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TASK_COMM_LEN 16

struct data_t {
	__u32 pid;
	__u32 ppid_calls;
	char comm[TASK_COMM_LEN];
};

const volatile __u32 targ_tgid = 0;
const volatile char targ_comm[TASK_COMM_LEN] = "bbpf_runev";

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/* Room for the record (the usual "heap" map, which also puts data_t in the BTF). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct data_t);
} heap SEC(".maps");

__u32 calls;

static __always_inline int comm_matches(const char *comm)
{
	int i;

#pragma unroll
	for (i = 0; i < TASK_COMM_LEN; i++) {
		if (comm[i] != targ_comm[i])
			return 0;
		if (!comm[i])
			break;
	}
	return 1;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int tracepoint__syscalls__sys_enter_getppid(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct data_t *data;
	__u32 zero = 0;

	if (targ_tgid && targ_tgid != id >> 32)
		return 0;
	data = bpf_map_lookup_elem(&heap, &zero);
	if (!data)
		return 0;
	bpf_get_current_comm(&data->comm, sizeof(data->comm));
	if (!comm_matches(data->comm))
		return 0;
	data->pid = id >> 32;
	data->ppid_calls = ++calls;
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, data, sizeof(*data));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
