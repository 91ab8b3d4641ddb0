// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_attach_multi.c's `barebpf run` case: uprobe.multi
 * and uretprobe.multi targets named in the section, on the running
 * binary's own functions (/proc/self/exe is barebpf itself).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 hits[2];

SEC("uprobe.multi//proc/self/exe:mai?")
int run_umulti(void *ctx)
{
	__sync_fetch_and_add(&hits[0], 1);
	return 0;
}

SEC("uretprobe.multi//proc/self/exe:mai?")
int run_uretmulti(void *ctx)
{
	__sync_fetch_and_add(&hits[1], 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
