// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_attach.c: one program per attach kind, each counting
 * its runs in `hits` (a .bss array indexed by kind) when the current process
 * is the test (tgid, set before load). The test triggers each hook with
 * getppid() or a call of its own function and checks the count moved.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 tgid = 0;	 /* the test's pid */
const volatile long nr_getppid = 0; /* the syscall number, per architecture */
__u64 hits[16];

enum { TP, RAW_TP, TP_BTF, UPROBE, URETPROBE, KPROBE, KRETPROBE, KSYSCALL, FENTRY, FEXIT,
       KMULTI, TP_NOSUCH };

static __always_inline int count(int i)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == tgid)
		__sync_fetch_and_add(&hits[i], 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int on_tp(void *ctx)
{
	return count(TP);
}

/* raw_tp/sys_enter: args are (struct pt_regs *regs, long id). */
SEC("raw_tp/sys_enter")
int on_raw_tp(__u64 *ctx)
{
	return ctx[1] == (__u64)nr_getppid ? count(RAW_TP) : 0;
}

SEC("tp_btf/sys_enter")
int on_tp_btf(__u64 *ctx)
{
	return ctx[1] == (__u64)nr_getppid ? count(TP_BTF) : 0;
}

/* Targets come from the test (arch-specific symbols, the test binary's path). */
SEC("kprobe")
int on_kprobe(void *ctx)
{
	return count(KPROBE);
}

SEC("kretprobe")
int on_kretprobe(void *ctx)
{
	return count(KRETPROBE);
}

SEC("ksyscall/getppid")
int on_ksyscall(void *ctx)
{
	return count(KSYSCALL);
}

/* __task_pid_nr_ns: what getppid() and getpid() call on every kernel we test. */
SEC("fentry/__task_pid_nr_ns")
int on_fentry(void *ctx)
{
	return count(FENTRY);
}

SEC("fexit/__task_pid_nr_ns")
int on_fexit(void *ctx)
{
	return count(FEXIT);
}

SEC("uprobe")
int on_uprobe(void *ctx)
{
	return count(UPROBE);
}

SEC("uretprobe")
int on_uretprobe(void *ctx)
{
	return count(URETPROBE);
}

SEC("tp/nosuch_category/nosuch_event")
int on_tp_nosuch(void *ctx)
{
	return count(TP_NOSUCH);
}

char LICENSE[] SEC("license") = "GPL";
