// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Arguments and registers of probed functions: BPF_KPROBE, BPF_KRETPROBE,
 * BPF_KSYSCALL and BPF_PROG, and the PT_REGS_* accessors directly, plain,
 * _CORE and _SYSCALL. Builds for __TARGET_ARCH_x86 and __TARGET_ARCH_arm64.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

struct regs_seen {
	__u64 ip;
	__u64 sp;
	__u64 fp;
	__u64 ret_ip;
	__u64 parm[5];
	__u64 parm_core[5];
	__s64 rc;
	__s64 rc_core;
};

struct regs_seen unlink_regs;
char unlink_path[64];
int unlink_dfd;
long unlink_ret;
char open_path[64];
int open_dfd, open_flags;
umode_t open_mode;
int close_fd;
int sync_calls;
int add_a, add_b, add_ret;
__s64 sleep_sec, sleep_nsec;
__s64 sleep_sec2, sleep_nsec2;
char uts_node[65], uts_sys[65];
pid_t switch_prev, switch_next;

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(unlink_entry, int dfd, struct filename *name)
{
	const char *path = BPF_CORE_READ(name, name);

	bpf_probe_read_kernel_str(unlink_path, sizeof(unlink_path), path);
	unlink_dfd = dfd;
	unlink_regs.ip = PT_REGS_IP(ctx);
	unlink_regs.sp = PT_REGS_SP(ctx);
	unlink_regs.fp = PT_REGS_FP(ctx);
	unlink_regs.parm[0] = PT_REGS_PARM1(ctx);
	unlink_regs.parm[1] = PT_REGS_PARM2(ctx);
	unlink_regs.parm[2] = PT_REGS_PARM3(ctx);
	unlink_regs.parm[3] = PT_REGS_PARM4(ctx);
	unlink_regs.parm[4] = PT_REGS_PARM5(ctx);
	unlink_regs.parm_core[0] = PT_REGS_PARM1_CORE(ctx);
	unlink_regs.parm_core[1] = PT_REGS_PARM2_CORE(ctx);
	unlink_regs.parm_core[2] = PT_REGS_PARM3_CORE(ctx);
	unlink_regs.parm_core[3] = PT_REGS_PARM4_CORE(ctx);
	unlink_regs.parm_core[4] = PT_REGS_PARM5_CORE(ctx);
	BPF_KPROBE_READ_RET_IP(unlink_regs.ret_ip, ctx);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(unlink_exit, long ret)
{
	__u64 ret_ip;

	unlink_ret = ret;
	unlink_regs.rc = PT_REGS_RC(ctx);
	unlink_regs.rc_core = PT_REGS_RC_CORE(ctx);
	unlink_regs.ip = PT_REGS_IP_CORE(ctx);
	unlink_regs.sp = PT_REGS_SP_CORE(ctx);
	unlink_regs.fp = PT_REGS_FP_CORE(ctx);
	BPF_KRETPROBE_READ_RET_IP(ret_ip, ctx);
	unlink_regs.ret_ip = ret_ip;
	return 0;
}

/* Four arguments: on x86-64 the 4th comes from r10, not rcx. */
SEC("ksyscall/openat")
int BPF_KSYSCALL(openat_entry, int dfd, const char *pathname, int flags, umode_t mode)
{
	bpf_probe_read_user_str(open_path, sizeof(open_path), pathname);
	open_dfd = dfd;
	open_flags = flags;
	open_mode = mode;
	return 0;
}

/* No arguments at all. */
SEC("ksyscall/sync")
int BPF_KSYSCALL(sync_entry)
{
	sync_calls++;
	return 0;
}

/*
 * Kernel UAPI types in user memory: the _USER reads, relocated (CORE) or
 * not (PROBE).
 */
SEC("ksyscall/clock_nanosleep")
int BPF_KSYSCALL(nanosleep_entry, clockid_t which, int flags, const struct __kernel_timespec *rqtp)
{
	sleep_sec = BPF_CORE_READ_USER(rqtp, tv_sec);
	BPF_CORE_READ_USER_INTO(&sleep_nsec, rqtp, tv_nsec);
	sleep_sec2 = BPF_PROBE_READ_USER(rqtp, tv_sec);
	BPF_PROBE_READ_USER_INTO(&sleep_nsec2, rqtp, tv_nsec);
	bpf_core_read_user(&sleep_nsec2, sizeof(sleep_nsec2), &rqtp->tv_nsec);
	return which + flags;
}

SEC("ksyscall/newuname")
int BPF_KSYSCALL(uname_entry, struct new_utsname *name)
{
	BPF_CORE_READ_USER_STR_INTO(&uts_sys, name, sysname);
	BPF_PROBE_READ_USER_STR_INTO(&uts_node, name, nodename);
	bpf_core_read_user_str(uts_node, sizeof(uts_node), &name->nodename);
	return 0;
}

/* The same by hand: the wrapper's argument points to the user's registers. */
SEC("ksyscall/close")
int BPF_KPROBE(close_entry)
{
	struct pt_regs *regs = PT_REGS_SYSCALL_REGS(ctx);

	close_fd = PT_REGS_PARM1_CORE_SYSCALL(regs);
	close_fd += PT_REGS_PARM2_CORE_SYSCALL(regs) + PT_REGS_PARM3_CORE_SYSCALL(regs);
	close_fd += PT_REGS_PARM4_CORE_SYSCALL(regs) + PT_REGS_PARM5_CORE_SYSCALL(regs);
	return 0;
}

/* User space functions: the registers are the user's, read directly. */
SEC("uprobe")
int BPF_KPROBE(add_entry, int a, int b)
{
	add_a = a;
	add_b = b;
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(add_exit, int ret)
{
	add_ret = ret;
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	switch_prev = prev->pid;
	switch_next = BPF_CORE_READ(next, pid);
	return preempt;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
