// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0
/*
 * Numbered records of varied sizes for tests/kernel/test_events.c. On each
 * getppid() of the test process (raw tracepoint sys_enter) it writes record
 * number seq = stats[0]++ to the outputs ctl[0] selects:
 *   1  rb      a ring buffer, bpf_ringbuf_output()
 *   2  pb      a perf event array, bpf_perf_event_output()
 *   4  events  a ring buffer through bbpf_output() (the automatic switch)
 *   8  events  through bbpf_reserve()/bbpf_submit(), a 1 KiB record
 * A record is {u32 seq; u32 size; u8 b[size - 8]} with b[i] = seq + i, and
 * size = 8 + (seq * 37) % 128 (or 1024). Each failed write counts in stats[1..4].
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bbpf_output.h>

#define REC_MAX 136
#define BIG	1024

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16384);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 128);
} pb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16384);
} events SEC(".maps");

/* ctl[0]: outputs, ctl[1]: the test's tgid, ctl[2]: the syscall number to react to. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} ctl SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__uint(value_size, REC_MAX);
} buf SEC(".maps");

static __always_inline __u32 ctl_get(__u32 k)
{
	__u32 *v = bpf_map_lookup_elem(&ctl, &k);

	return v ? *v : 0;
}

static __always_inline void count(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline void fill(__u8 *b, __u32 seq, __u32 size, __u32 max)
{
	__u32 i;

	((__u32 *)b)[0] = seq;
	((__u32 *)b)[1] = size;
	for (i = 8; i < max; i++)
		b[i] = (__u8)(seq + i - 8);
}

static __always_inline void send_big(void *ctx, __u32 seq)
{
	__u8 *b = bbpf_reserve(&events, BIG);

	if (!b) {
		count(4);
		return;
	}
	fill(b, seq, BIG, BIG);
	if (bbpf_submit(ctx, &events, b, BIG))
		count(4);
}

SEC("raw_tp/sys_enter")
int events_writer(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 zero = 0, outs, seq, size;
	__u64 *seqp;
	__u8 *b;

	if ((bpf_get_current_pid_tgid() >> 32) != ctl_get(1) || ctx->args[1] != ctl_get(2))
		return 0;
	outs = ctl_get(0);
	seqp = bpf_map_lookup_elem(&stats, &zero);
	b = bpf_map_lookup_elem(&buf, &zero);
	if (!seqp || !b)
		return 0;
	seq = (__u32)__sync_fetch_and_add(seqp, 1);
	size = 8 + ((seq * 37) & 127);
	fill(b, seq, size, REC_MAX);
	if ((outs & 1) && bpf_ringbuf_output(&rb, b, size, 0))
		count(1);
	if ((outs & 2) && bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, b, size))
		count(2);
	if ((outs & 4) && bbpf_output(ctx, &events, b, size))
		count(3);
	if (outs & 8)
		send_big(ctx, seq);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
