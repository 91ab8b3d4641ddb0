// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0
/*
 * For `barebpf run` streaming records in tests/kernel/test_run_stream.c: on each
 * getppid() of a process named "bbpf_runev", record number seq (counted from
 * 0) goes to two maps:
 *   events  a ring buffer written with bbpf_output() (include/bpf/bbpf_output.h),
 *           so --buffer perf or BAREBPF_NO=ringbuf make it a perf event array
 *   pb      a perf event array declared as objects built for libbpf do it:
 *           no max_entries (the loader gives it one slot per possible CPU)
 * The record is the object's one struct event (run prints it field by field).
 *
 * headers-test: ours-only (bbpf_output.h is barebpf's own)
 * Writes that fail count in cnt.drop_rb and cnt.drop_pb (one variable, so
 * that the test finds them at fixed places in .bss).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bbpf_output.h>

struct event {
	__u32 seq;
	__u32 pid;
	char comm[16];
};

/* A type is in the object's BTF only when something has it. */
struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pb SEC(".maps");

struct counts {
	__u64 seq, drop_rb, drop_pb;
} cnt;

static __always_inline int is_tester(const char *comm)
{
	static const char want[] = "bbpf_runev";
	int i;

#pragma unroll
	for (i = 0; i < (int)sizeof(want); i++)
		if (comm[i] != want[i])
			return 0;
	return 1;
}

SEC("tp/syscalls/sys_enter_getppid")
int run_stream(void *ctx)
{
	struct event ev = {};

	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	if (!is_tester(ev.comm))
		return 0;
	ev.seq = (__u32)cnt.seq++; /* one thread calls */
	ev.pid = bpf_get_current_pid_tgid() >> 32;
	if (bbpf_output(ctx, &events, &ev, sizeof(ev)))
		cnt.drop_rb++;
	if (bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, &ev, sizeof(ev)))
		cnt.drop_pb++;
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
