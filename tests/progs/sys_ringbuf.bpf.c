// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0
/*
 * Writes one record into a ring buffer and discards a second one, so that
 * tests/kernel/test_sys_prog.c can read both headers through its own mmap of the
 * ring: a committed 16-byte record, then a discarded 8-byte one.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SYS_EVENT_MAGIC 0xbbf0cafe5eed0001ULL

struct sys_event {
	__u64 magic;
	__u32 len;
	__u32 seq;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} sys_events SEC(".maps");

SEC("tc")
int sys_ringbuf(struct __sk_buff *skb)
{
	struct sys_event *e;
	__u64 *junk;

	e = bpf_ringbuf_reserve(&sys_events, sizeof(*e), 0);
	if (!e)
		return __LINE__;
	e->magic = SYS_EVENT_MAGIC;
	e->len = skb->len;
	e->seq = 1;
	bpf_ringbuf_submit(e, 0);

	junk = bpf_ringbuf_reserve(&sys_events, sizeof(*junk), 0);
	if (!junk)
		return __LINE__;
	*junk = 0;
	bpf_ringbuf_discard(junk, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
