// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * For tests/kernel/test_skel.c, through its generated skeleton: a
 * tracepoint counts getppid() calls of the process in cfg.tgid (set in
 * .rodata before load), adds `add` to a sum and writes add + cfg.step to a
 * ring buffer; a raw_tp counts that process's syscalls. Globals in .rodata
 * (a struct and a scalar), .bss, a custom .data.custom, and a static one
 * the skeleton must not expose.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct skel_cfg {
	__u32 tgid;
	__u16 step;
	__u8 flags;
	char tag[5];
};

const volatile struct skel_cfg cfg = { .step = 1, .tag = "demo" };
const volatile __u64 add = 1;
__u64 tp_hits, tp_sum, raw_hits;
__u32 custom_seen SEC(".data.custom") = 7;
static __u64 static_hits;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

static int is_ours(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == cfg.tgid;
}

SEC("tp/syscalls/sys_enter_getppid")
int skel_tp(void *ctx)
{
	__u64 *rec;

	if (!is_ours())
		return 0;
	__sync_fetch_and_add(&tp_hits, 1);
	__sync_fetch_and_add(&tp_sum, add);
	__sync_fetch_and_add(&custom_seen, 1);
	__sync_fetch_and_add(&static_hits, 1);
	rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);
	if (!rec)
		return 0;
	*rec = add + cfg.step;
	bpf_ringbuf_submit(rec, 0);
	return 0;
}

SEC("raw_tp/sys_enter")
int skel_raw(__u64 *ctx)
{
	if (is_ours())
		__sync_fetch_and_add(&raw_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
