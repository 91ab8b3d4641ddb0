/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0 */
/*
 * What tests/progs/events_writer.bpf.c and events_switch.bpf.c share: the
 * control and counter maps, and numbered records of varied sizes. On each
 * getppid() of process ctl[1] (ctl[2] is the syscall number), record number
 * seq = stats[0]++ is written to the outputs ctl[0] selects. A record is
 * {u32 seq; u32 size; u8 b[size - 8]} with b[i] = seq + i, of size
 * 8 + (seq * 37) % 128 (or 1024 for the large ones). Failed writes count in
 * stats[1..4]. (No atomic fetch: 5.10 has none, and one thread writes.)
 */
#ifndef EVENTS_COMMON_H
#define EVENTS_COMMON_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define REC_MAX 136
#define BIG	1024

enum { OUT_RB = 1, OUT_PB = 2, OUT_SWITCH = 4, OUT_BIG = 8 };

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

/*
 * For the test process's getppid() only: the next record number, its record
 * filled in *@b (REC_MAX bytes) and its size in *@size; -1 for other calls.
 */
static __always_inline long next_rec(struct bpf_raw_tracepoint_args *ctx, __u8 **b, __u32 *size)
{
	__u32 zero = 0, seq;
	__u64 *seqp;

	if ((bpf_get_current_pid_tgid() >> 32) != ctl_get(1) || ctx->args[1] != ctl_get(2))
		return -1;
	seqp = bpf_map_lookup_elem(&stats, &zero);
	*b = bpf_map_lookup_elem(&buf, &zero);
	if (!seqp || !*b)
		return -1;
	seq = (__u32)*seqp;
	*seqp = seq + 1;
	*size = 8 + ((seq * 37) & 127);
	fill(*b, seq, *size, REC_MAX);
	return seq;
}

#endif
