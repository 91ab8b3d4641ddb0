/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */
/*
 * The unified collector's event records: the layout bpf/collector.bpf.c
 * writes into the ring (or perf) buffer and tools/trace/ reads back. Both
 * sides compile this file, so it uses only fixed-width types and explicit
 * padding: the same bytes on x86_64 and arm64, little endian.
 *
 * Every record is a 64-byte header followed by hdr.len payload bytes whose
 * layout hdr.type selects:
 *
 *   0        8          16    20    24     28    32    36    38     40    42    43    44    48       64
 *   +--------+----------+-----+-----+------+-----+-----+-----+------+-----+-----+-----+-----+--------+---------
 *   | ts     | cgroup_id| pid | tid | ppid | uid | cpu |type |flags | len |level| ver | gid | comm   | payload
 *   +--------+----------+-----+-----+------+-----+-----+-----+------+-----+-----+-----+-----+--------+---------
 *
 * Strings in payloads are NUL-terminated within their field or, for the
 * variable tails (exec, open), counted: the reader never trusts a length it
 * has not checked against hdr.len.
 */
#ifndef BBPF_COLLECTOR_H
#define BBPF_COLLECTOR_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define BBPF_EV_VERSION	 1
#define BBPF_EV_COMM_LEN 16

/* Event types; bit (1 << type) of the event mask selects one. */
enum bbpf_ev_type {
	BBPF_EV_EXEC = 1,
	BBPF_EV_EXIT,
	BBPF_EV_FORK,
	BBPF_EV_OOM,
	BBPF_EV_CONNECT,
	BBPF_EV_ACCEPT,
	BBPF_EV_FADVISE,
	BBPF_EV_MEMORY,
	BBPF_EV_SIGNAL,
	BBPF_EV_OPEN,
	BBPF_EV_TYPE_CNT,
};

/* hdr.flags */
#define BBPF_EVF_TRUNCATED (1u << 0) /* a string or the argument list was cut at its bound */
#define BBPF_EVF_IPV6	   (1u << 1) /* connect/accept: the addresses are IPv6 */
#define BBPF_EVF_CORE_DUMP (1u << 2) /* exit: the signal dumped core */
#define BBPF_EVF_NO_DETAIL (1u << 3) /* the kernel's hook lacks some fields (older kernels) */

struct bbpf_ev_hdr {
	__u64 ts;	 /* ns since boot (CLOCK_MONOTONIC, bpf_ktime_get_ns) */
	__u64 cgroup_id; /* cgroup v2 id of the task */
	__u32 pid;	 /* process id (tgid) */
	__u32 tid;	 /* thread id */
	__u32 ppid;	 /* parent's process id */
	__u32 uid;
	__u32 cpu;
	__u16 type; /* enum bbpf_ev_type */
	__u16 flags;
	__u16 len;	   /* payload bytes after the header */
	__u8 pidns_level;  /* 0: the initial pid namespace; > 0: a container's */
	__u8 version;	   /* BBPF_EV_VERSION */
	__u32 gid;
	char comm[BBPF_EV_COMM_LEN];
};

/* Bounds of the variable parts. */
#define BBPF_EXEC_FILENAME_MAX 256
#define BBPF_EXEC_ARGS_MAX     512 /* bytes of argv, NUL-separated */
#define BBPF_EXEC_ARGC_MAX     20  /* arguments read on the failed-exec path */
#define BBPF_OPEN_FILENAME_MAX 256

/*
 * exec: a successful exec (from the new image) or a failed one (result < 0).
 * Followed by filename_len bytes of filename (NUL included) and args_len
 * bytes of arguments, each NUL-terminated.
 */
struct bbpf_ev_exec {
	__s32 result;
	__u16 filename_len;
	__u16 args_len;
	__u32 old_pid; /* the thread that called exec (differs when a non-leader did) */
	__u32 pad;
};

/* exit: a process (thread group) ended. */
struct bbpf_ev_exit {
	__s32 exit_code; /* exit status 0-255 when it exited, else -1 */
	__s32 signal;	 /* the signal that killed it, else 0 */
	__u64 lifetime_ns;
};

/* fork: a new process (threads are not reported). */
struct bbpf_ev_fork {
	__u32 child_pid;
	__u32 pad;
};

/* oom: the OOM killer chose a victim; the header is the task whose allocation triggered it. */
struct bbpf_ev_oom {
	__u32 victim_pid;
	__u32 victim_uid;
	__u64 total_vm_kb;
	__u64 anon_rss_kb;
	__u64 file_rss_kb;
	__u64 shmem_rss_kb;
	__s16 oom_score_adj;
	__u16 pad[3];
	char victim_comm[BBPF_EV_COMM_LEN];
};

/* connect, accept: a TCP connection (addresses in network order, ports in host order). */
struct bbpf_ev_sock {
	__s32 result; /* 0, or -errno (connect: the socket's error when it failed) */
	__u16 family; /* AF_INET or AF_INET6 */
	__u16 sport;
	__u16 dport;
	__u16 pad;
	__u32 pad2;
	__u64 latency_ns; /* connect: from SYN sent to the outcome */
	__u8 saddr[16];	  /* IPv4 in the first 4 bytes */
	__u8 daddr[16];
};

/* fadvise: posix_fadvise(fd, offset, len, advice). */
struct bbpf_ev_fadvise {
	__s32 fd;
	__s32 advice;
	__s64 offset;
	__s64 len;
};

/* memory: the process allocated another `pages` pages on this CPU since its last report. */
struct bbpf_ev_memory {
	__u64 pages;
	__u64 rss_pages; /* its resident pages (anon + file + shmem) at that moment */
	__u32 page_size_shift;
	__u32 pad;
};

/* signal: a fatal signal was sent; the header is the sender. */
struct bbpf_ev_signal {
	__s32 sig;
	__u32 target_pid;
	__s32 code;   /* si_code: SI_USER, SI_KERNEL, ... */
	__s32 result; /* TRACE_SIGNAL_DELIVERED (0), _IGNORED, _ALREADY_PENDING, ... */
	char target_comm[BBPF_EV_COMM_LEN];
};

/* open: openat() failed. Followed by filename_len bytes of the path (may be 0). */
struct bbpf_ev_open {
	__s32 result; /* -errno */
	__s32 flags;
	__u16 filename_len;
	__u16 pad[3];
};

/* The largest record the collector builds (per-CPU scratch size). */
#define BBPF_EV_MAX                                                                     \
	(sizeof(struct bbpf_ev_hdr) + sizeof(struct bbpf_ev_exec) + BBPF_EXEC_FILENAME_MAX + \
	 BBPF_EXEC_ARGS_MAX)

#endif /* BBPF_COLLECTOR_H */
