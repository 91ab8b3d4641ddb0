// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * A fallback chain (include/bpf/bbpf_chain.h) for tests/kernel/test_chain.c:
 * four ways to count fadvise64 calls, of which barebpf keeps one. fentry is
 * the cheapest; the x86-64 tracepoint is skipped on arm64, where the
 * syscall is fadvise64_64; the kprobe names its symbol variants. Each step
 * counts into its own variable, so the test sees which one ran.
 * headers-test: ours-only (include/bpf/bbpf_chain.h is barebpf's own)
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bbpf_chain.h>

__u64 fentry_hits, tp_hits, tp64_hits, kprobe_hits;

/* arm64 inlines ksys_fadvise64_64 into its syscall wrapper: fentry there would never fire. */
#if defined(__TARGET_ARCH_arm64)
SEC("fentry/__arm64_sys_fadvise64_64") BBPF_CHAIN("fadvise")
#else
SEC("fentry/ksys_fadvise64_64") BBPF_CHAIN("fadvise")
#endif
int ch_fentry(void *ctx)
{
	__sync_fetch_and_add(&fentry_hits, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_fadvise64") BBPF_CHAIN("fadvise")
int ch_tp(void *ctx)
{
	__sync_fetch_and_add(&tp_hits, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_fadvise64_64") BBPF_CHAIN("fadvise")
int ch_tp64(void *ctx)
{
	__sync_fetch_and_add(&tp64_hits, 1);
	return 0;
}

/* First the symbol the syscall really runs through (arm64 6.12+ inline ksys_fadvise64_64 too). */
#if defined(__TARGET_ARCH_arm64)
SEC("kprobe/bbpf_no_such_function") BBPF_CHAIN("fadvise")
BBPF_KPROBE_OR("__arm64_sys_fadvise64_64") BBPF_KPROBE_OR("ksys_fadvise64_64")
BBPF_KPROBE_OR("__do_sys_fadvise64")
#else
SEC("kprobe/bbpf_no_such_function") BBPF_CHAIN("fadvise")
BBPF_KPROBE_OR("ksys_fadvise64_64") BBPF_KPROBE_OR("__x64_sys_fadvise64")
BBPF_KPROBE_OR("__do_sys_fadvise64")
#endif
int ch_kprobe(void *ctx)
{
	__sync_fetch_and_add(&kprobe_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
