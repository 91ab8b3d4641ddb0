// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0
/*
 * The producers of the event reader benchmark (tests/bench/events_bench.c).
 *   bench_fill   XDP, run with BPF_PROG_TEST_RUN: writes 64 records of
 *                ctl[0] bytes per run to rb (ctl[1] == 0) or pb (ctl[1] == 1)
 *   bench_lat    raw tracepoint sys_enter: on syscall ctl[1] of process ctl[2],
 *                one record {u64 ktime, u64 seq} to rb, with BPF_RB_NO_WAKEUP
 *                when ctl[3] is 1, or to pb when ctl[3] is 2
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 << 20);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 128);
} pb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} ctl SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__uint(value_size, 2048); /* sizes are masked to 2047: a bound the verifier keeps */
} buf SEC(".maps");

static __always_inline __u32 ctl_get(__u32 k)
{
	__u32 *v = bpf_map_lookup_elem(&ctl, &k);

	return v ? *v : 0;
}

SEC("xdp")
int bench_fill(struct xdp_md *ctx)
{
	__u32 zero = 0, size = ctl_get(0), perf = ctl_get(1), i;
	__u64 *b = bpf_map_lookup_elem(&buf, &zero), len = size;

	if (!b || size < 8 || size > 1024)
		return XDP_PASS;
	/* A bound the verifier sees on the register passed (clang tests a copy of size). */
	asm volatile("%0 &= 2047" : "+r"(len));
	for (i = 0; i < 64; i++) {
		b[0]++;
		if (perf)
			bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, b, len);
		else
			bpf_ringbuf_output(&rb, b, len, BPF_RB_NO_WAKEUP);
	}
	return XDP_PASS;
}

SEC("raw_tp/sys_enter")
int bench_lat(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 rec[2];
	__u32 mode;

	if ((bpf_get_current_pid_tgid() >> 32) != ctl_get(2) || ctx->args[1] != ctl_get(1))
		return 0;
	mode = ctl_get(3);
	rec[0] = bpf_ktime_get_ns();
	rec[1] = 0;
	if (mode == 2)
		bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, rec, sizeof(rec));
	else
		bpf_ringbuf_output(&rb, rec, sizeof(rec), mode == 1 ? BPF_RB_NO_WAKEUP : 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
