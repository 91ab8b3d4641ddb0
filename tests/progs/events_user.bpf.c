// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0
/*
 * The consumer of a user ring buffer for tests/kernel/test_events.c: on each
 * system call of process target_tgid, bpf_user_ringbuf_drain() reads every record
 * waiting in urb; each record is {u64 seq; u64 len; ...}: ustats[0] counts
 * records, ustats[1] sums their len fields, ustats[2] counts records out of order.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 8192);
} urb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} ustats SEC(".maps");

const volatile __u32 target_tgid;

static __always_inline __u64 *stat(__u32 k)
{
	return bpf_map_lookup_elem(&ustats, &k);
}

static long on_rec(struct bpf_dynptr *rec, void *ctx)
{
	__u64 head[2], *cnt, *len, *bad;

	/* First, while @rec is in r1: kernels before 6.13 or so lose its type when spilled. */
	if (bpf_dynptr_read(head, sizeof(head), rec, 0, 0))
		return 1;
	cnt = stat(0);
	len = stat(1);
	bad = stat(2);
	if (!cnt || !len || !bad)
		return 1;
	if (head[0] != *cnt)
		*bad += 1;
	*cnt += 1;
	*len += head[1];
	return 0;
}

SEC("raw_tp/sys_enter")
int events_user(struct bpf_raw_tracepoint_args *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	bpf_user_ringbuf_drain(&urb, on_rec, (void *)0, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
