// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0
/*
 * Numbered records for tests/kernel/test_events.c (events_common.h says
 * which, and when), written with the helpers directly:
 *   ctl[0] & 1   rb   a ring buffer, bpf_ringbuf_output()
 *   ctl[0] & 2   pb   a perf event array, bpf_perf_event_output()
 */
#include "events_common.h"

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

SEC("raw_tp/sys_enter")
int events_writer(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 outs = ctl_get(0), size;
	__u8 *b;

	if (next_rec(ctx, &b, &size) < 0)
		return 0;
	if ((outs & OUT_RB) && bpf_ringbuf_output(&rb, b, size, 0))
		count(1);
	if ((outs & OUT_PB) && bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, b, size))
		count(2);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
