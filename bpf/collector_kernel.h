/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */
/*
 * The kernel types the collector reads, declared by hand instead of a
 * vmlinux.h dumped from the build machine's kernel: the object then builds the
 * same on any machine (no BTF needed at build time) and for either
 * architecture, and it is plain which kernel fields the collector depends on.
 *
 * Every struct carries preserve_access_index: each member access becomes a
 * CO-RE relocation resolved against the running kernel's BTF at load time,
 * so neither member order nor offsets here need to match any kernel; names
 * and kinds must. Names with a ___flavor suffix describe an older layout of
 * the same kernel type (the loader matches them by the name before "___").
 */
#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#include <linux/types.h>
#include <linux/bpf.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;
typedef int pid_t;
typedef unsigned int uid_t;
typedef _Bool bool;
enum {
	false = 0,
	true = 1,
};

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

#if defined(__TARGET_ARCH_arm64)
struct user_pt_regs {
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
};

struct pt_regs {
	union {
		struct user_pt_regs user_regs;
		struct {
			u64 regs[31];
			u64 sp;
			u64 pc;
			u64 pstate;
		};
	};
	u64 orig_x0;
};
#else
struct pt_regs {
	unsigned long bp;
	unsigned long r10;
	unsigned long r9;
	unsigned long r8;
	unsigned long ax;
	unsigned long cx;
	unsigned long dx;
	unsigned long si;
	unsigned long di;
	unsigned long ip;
	unsigned long sp;
};
#endif

/* ---- tasks ---- */

struct pid {
	unsigned int level; /* depth of the pid namespace the task was created in */
};

struct percpu_counter {
	s64 count;
};

typedef struct {
	s64 counter;
} atomic_long_t;

/* mm_struct.rss_stat before 6.2: one atomic per counter. */
struct mm_rss_stat {
	atomic_long_t count[4];
};

struct mm_struct___pre62 {
	struct mm_rss_stat rss_stat;
};

struct mm_struct {
	unsigned long arg_start;
	unsigned long arg_end;
	struct percpu_counter rss_stat[4]; /* 6.2 and later */
};

enum {
	MM_FILEPAGES = 0,
	MM_ANONPAGES = 1,
	MM_SWAPENTS = 2,
	MM_SHMEMPAGES = 3,
};

struct file {
	void *private_data;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
};

struct files_struct {
	struct fdtable *fdt;
};

struct linux_binprm {
	const char *filename;
};

struct task_struct {
	pid_t pid;
	pid_t tgid;
	int exit_code;
	u64 start_time;
	char comm[16];
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct pid *thread_pid;
	struct mm_struct *mm;
	struct files_struct *files;
};

/* ---- sockets ---- */

struct in6_addr {
	union {
		u8 u6_addr8[16];
	} in6_u;
};

struct sock_common {
	union {
		struct {
			u32 skc_daddr;
			u32 skc_rcv_saddr;
		};
	};
	union {
		struct {
			u16 skc_dport;
			u16 skc_num;
		};
	};
	unsigned short skc_family;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
};

struct sock {
	struct sock_common __sk_common;
	u16 sk_type;
	int sk_err;
};

struct socket {
	struct sock *sk;
};

/* ---- tracepoint records (what a "tp/" program's context points at) ---- */

struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
};

/*
 * The records of the syscalls/ tracepoints, as kernel/trace/trace.h lays
 * them out (not trace_event_raw_sys_enter/exit, the raw_syscalls/ ones: with
 * PREEMPT_RT's longer trace_entry, their id pushes the fields 8 bytes past
 * where a syscalls/ record has them, and the kernel refuses the attach).
 */
struct syscall_trace_enter {
	struct trace_entry ent;
	int nr;
	unsigned long args[6];
};

struct syscall_trace_exit {
	struct trace_entry ent;
	int nr;
	long ret;
};

struct trace_event_raw_sched_process_exec {
	struct trace_entry ent;
	u32 __data_loc_filename;
	pid_t pid;
	pid_t old_pid;
};

struct trace_event_raw_sched_process_template {
	struct trace_entry ent;
	char comm[16];
	pid_t pid;
	int prio;
};

/* 6.16 and later: sched_process_exit has its own record, with group_dead. */
struct trace_event_raw_sched_process_exit {
	struct trace_entry ent;
	char comm[16];
	pid_t pid;
	int prio;
	bool group_dead;
};

struct trace_event_raw_mark_victim {
	struct trace_entry ent;
	int pid;
	u32 __data_loc_comm; /* 6.8 and later, with the fields below */
	unsigned long total_vm;
	unsigned long anon_rss;
	unsigned long file_rss;
	unsigned long shmem_rss;
	uid_t uid;
	short oom_score_adj;
};

struct trace_event_raw_inet_sock_set_state {
	struct trace_entry ent;
	const void *skaddr;
	int oldstate;
	int newstate;
	u16 sport;
	u16 dport;
	u16 family;
	u16 protocol;
	u8 saddr[4];
	u8 daddr[4];
	u8 saddr_v6[16];
	u8 daddr_v6[16];
};

struct trace_event_raw_mm_page_alloc {
	struct trace_entry ent;
	unsigned int order;
};

struct trace_event_raw_signal_generate {
	struct trace_entry ent;
	int sig;
	int errno;
	int code;
	char comm[16];
	pid_t pid;
	int group;
	int result;
};

#pragma clang attribute pop

#endif /* __VMLINUX_H__ */
