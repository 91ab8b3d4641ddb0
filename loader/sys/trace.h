/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --syscalls: every system call the library makes, decoded as it happens.
 *
 * The syscall wrappers (bpf.c, perf_event.c, mmap.c, netlink.c, ...) stay
 * thin: bbpf__sc_begin() before the call, one bbpf__sc_*() after it. What a
 * call means in words is pure code: trace_out.c writes fields as text or
 * JSON, trace_bpf.c names a union bpf_attr's fields per command, trace_misc.c
 * does perf_event_open, ioctls, mmap and netlink messages, trace.c holds the
 * state (on or off, the current loader step) and hands each line to the
 * print hook at level BBPF_SYSCALL. All of it is unit-tested without a kernel.
 */
#ifndef BBPF_LOADER_SYS_TRACE_H
#define BBPF_LOADER_SYS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>

#include "internal/compiler.h"
#include "internal/step.h"

/* One decoded line under construction (fixed size: a long line is cut, never overflows). */
struct bbpf__sc_out {
	char buf[1536];
	size_t len;
	bool json;
	int nfields; /* fields written into the current {} */
};

/* One flag name per bit (or one value name when .mask is set: value == (v & mask)). */
struct bbpf__sc_flag {
	uint64_t bit;
	const char *name;
};

/* ---- the writer (trace_out.c) ---- */
__printf(2, 3) void bbpf__sc_raw(struct bbpf__sc_out *o, const char *fmt, ...);
/* A JSON string or, in text, the bytes between quotes; either escaped. */
void bbpf__sc_quote(struct bbpf__sc_out *o, const char *s, size_t max);
void bbpf__sc_open(struct bbpf__sc_out *o);  /* " {" in text, "\"args\":{" in JSON */
void bbpf__sc_close(struct bbpf__sc_out *o); /* "}" */
void bbpf__sc_u64(struct bbpf__sc_out *o, const char *key, uint64_t v);
void bbpf__sc_s64(struct bbpf__sc_out *o, const char *key, int64_t v);
void bbpf__sc_hex(struct bbpf__sc_out *o, const char *key, uint64_t v);
void bbpf__sc_str(struct bbpf__sc_out *o, const char *key, const char *s, size_t max);
/* A name (an enum value): bare in text, a string in JSON. */
void bbpf__sc_name(struct bbpf__sc_out *o, const char *key, const char *name);
/* @v as names joined by '|', what is left over in hex; "0" when @v is 0. */
void bbpf__sc_flags(struct bbpf__sc_out *o, const char *key, uint64_t v,
		    const struct bbpf__sc_flag *names, size_t n);
/* "KEY" upper-cased from a lower-case library name ("ringbuf" -> "RINGBUF"). */
void bbpf__sc_upname(struct bbpf__sc_out *o, const char *key, const char *name);
/* What a successful call returns. */
enum bbpf__sc_ret { BBPF__SC_NUM, BBPF__SC_FD, BBPF__SC_ADDR };
/* The result: "= fd 5", "= 0", "= -1 EPERM (Operation not permitted)" and the time taken. */
void bbpf__sc_result(struct bbpf__sc_out *o, long ret, enum bbpf__sc_ret kind, uint64_t ns);

/* ---- what each call means (trace_bpf.c, trace_misc.c) ---- */
/* The attr of bpf(@cmd) as fields; @sz bytes of it were passed. */
void bbpf__sc_bpf_attr(struct bbpf__sc_out *o, int cmd, const union bpf_attr *attr, size_t sz);
/* Whether bpf(@cmd) returns an fd on success. */
bool bbpf__sc_bpf_returns_fd(int cmd);
void bbpf__sc_perf_attr(struct bbpf__sc_out *o, const struct perf_event_attr *a, pid_t pid, int cpu,
			int group_fd, unsigned long flags);
const char *bbpf__sc_ioctl_name(unsigned long request);
void bbpf__sc_mmap_args(struct bbpf__sc_out *o, size_t len, int prot, int flags, int fd, off_t off);
/* Netlink messages in @buf (@len bytes): type, flags, sequence, and an ack's error. */
void bbpf__sc_netlink_msgs(struct bbpf__sc_out *o, const void *buf, size_t len);

/* ---- state and output (trace.c) ---- */
/* True when calls are traced (bbpf_sys_trace_set(), or BAREBPF_SYSCALLS in the environment). */
bool bbpf__sc_on(void);
/* A call starts: the time when tracing, else 0. */
uint64_t bbpf__sc_begin(void);
/* The current line, begun with the call's name ("bpf", "perf_event_open", ...) and its step. */
void bbpf__sc_start(struct bbpf__sc_out *o, const char *call);
/* Ends the line with its result and hands it to the print hook. */
void bbpf__sc_emit(struct bbpf__sc_out *o, long ret, enum bbpf__sc_ret kind, uint64_t t0);

/* The wrappers' one-line calls. @ret is the result or -errno. */
void bbpf__sc_bpf(int cmd, const union bpf_attr *attr, size_t sz, long ret, uint64_t t0);
void bbpf__sc_perf_open(const struct perf_event_attr *a, pid_t pid, int cpu, int group_fd,
			unsigned long flags, long ret, uint64_t t0);
void bbpf__sc_ioctl(int fd, unsigned long request, unsigned long arg, long ret, uint64_t t0);
void bbpf__sc_mmap(size_t len, int prot, int flags, int fd, off_t off, void *addr, long ret,
		   uint64_t t0);
void bbpf__sc_munmap(void *addr, size_t len, long ret, uint64_t t0);
void bbpf__sc_netlink(const char *what, int fd, const void *buf, size_t len, long ret, uint64_t t0);
void bbpf__sc_socket(int protocol, long ret, uint64_t t0);
void bbpf__sc_setrlimit(uint64_t cur, uint64_t max, long ret, uint64_t t0);

/* bbpf__sc_step() and bbpf__sc_step_end() are in internal/step.h, for the layers above. */

#endif
