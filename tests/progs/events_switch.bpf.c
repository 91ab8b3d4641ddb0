// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0
/*
 * Numbered records for tests/kernel/test_events.c (events_common.h), sent
 * through include/bpf/bbpf_output.h, so that they go through a ring buffer
 * or, when the loader switches, a perf buffer:
 *   ctl[0] & 4   bbpf_output() of the record
 *   ctl[0] & 8   bbpf_reserve()/bbpf_submit() of a 1 KiB record
 *
 * headers-test: ours-only (bbpf_output.h is barebpf's own)
 */
#include "events_common.h"
#include <bpf/bbpf_output.h>

/* The head of each record, so that `barebpf run` prints records field by field. */
struct event {
	__u32 seq;
	__u32 size;
};

/* A type is in the object's BTF only when something has it (libbpf-tools do the same). */
struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16384);
} events SEC(".maps");

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
int events_switch(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 outs = ctl_get(0), size;
	long seq;
	__u8 *b;

	seq = next_rec(ctx, &b, &size);
	if (seq < 0)
		return 0;
	if ((outs & OUT_SWITCH) && bbpf_output(ctx, &events, b, size))
		count(3);
	if (outs & OUT_BIG)
		send_big(ctx, (__u32)seq);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
