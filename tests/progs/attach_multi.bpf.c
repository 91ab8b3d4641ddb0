// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_attach_multi.c: the multi-probe kinds, each counting
 * its runs in `hits` (a .bss array indexed as below) when the current
 * process is the test (tgid, set before load). Targets come from the test
 * or the section: kernel functions getppid() reaches, functions of the test
 * binary itself.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 tgid = 0;
__u64 hits[8];

enum { KMULTI, KRETMULTI, KSESSION, UMULTI, URETMULTI };

static __always_inline int count(int i)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == tgid)
		__sync_fetch_and_add(&hits[i], 1);
	return 0;
}

/* __task_pid_nr_ns: what getppid() calls on every kernel we test; '?' makes it a pattern. */
SEC("kprobe.multi/__task_pid_nr_n?")
int on_kmulti(void *ctx)
{
	return count(KMULTI);
}

SEC("kretprobe.multi/__task_pid_nr_n?")
int on_kretmulti(void *ctx)
{
	return count(KRETMULTI);
}

/* Entry returns 0, so the return probe runs too: two counts per call. */
SEC("kprobe.session/__task_pid_nr_n?")
int on_ksession(void *ctx)
{
	return count(KSESSION);
}

/* PATH:PATTERN from the test (its own binary). */
SEC("uprobe.multi")
int on_umulti(void *ctx)
{
	return count(UMULTI);
}

SEC("uretprobe.multi")
int on_uretmulti(void *ctx)
{
	return count(URETMULTI);
}

char LICENSE[] SEC("license") = "GPL";
