// SPDX-License-Identifier: BSD-2-Clause
/*
 * --syscalls state and output: whether calls are traced, the loader step
 * they belong to, and one line per call handed to the print hook at level
 * BBPF_SYSCALL. Pure but for the clock (a vDSO read, not a system call).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include <barebpf/sys.h>
#include "internal/log.h"
#include "sys/internal.h"
#include "sys/trace.h"

static int trace_mode = -1; /* -1: BAREBPF_SYSCALLS not read yet */
static __thread char cur_step[160];
static __thread int cur_depth = -1;

static int mode_get(void)
{
	const char *env;

	if (trace_mode < 0) {
		env = getenv("BAREBPF_SYSCALLS");
		if (!env || !*env || !strcmp(env, "0"))
			trace_mode = BBPF_SYS_TRACE_OFF;
		else
			trace_mode =
				strcmp(env, "json") ? BBPF_SYS_TRACE_TEXT : BBPF_SYS_TRACE_JSON;
	}
	return trace_mode;
}

int bbpf_sys_trace_set(int mode)
{
	int old = mode_get();

	if (mode < BBPF_SYS_TRACE_OFF || mode > BBPF_SYS_TRACE_JSON)
		return -EINVAL;
	trace_mode = mode;
	return old;
}

bool bbpf__sc_on(void)
{
	return mode_get() != BBPF_SYS_TRACE_OFF;
}

uint64_t bbpf__sc_begin(void)
{
	struct timespec ts;

	if (!bbpf__sc_on() || clock_gettime(CLOCK_MONOTONIC, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void line_init(struct bbpf__sc_out *o)
{
	o->len = 0;
	o->buf[0] = 0;
	o->nfields = 0;
	o->json = mode_get() == BBPF_SYS_TRACE_JSON;
}

void bbpf__sc_step(int depth, const char *fmt, ...)
{
	struct bbpf__sc_out o;
	va_list ap;

	if (!bbpf__sc_on())
		return;
	va_start(ap, fmt);
	vsnprintf(cur_step, sizeof(cur_step), fmt, ap);
	va_end(ap);
	cur_depth = depth;
	line_init(&o);
	if (o.json) {
		bbpf__sc_raw(&o, "{\"type\":\"step\",\"depth\":%d,\"step\":", depth);
		bbpf__sc_quote(&o, cur_step, sizeof(cur_step));
		bbpf__sc_raw(&o, "}");
	} else {
		bbpf__sc_raw(&o, "%*s%s", 2 * depth, "", cur_step);
	}
	bbpf__print(BBPF_SYSCALL, "%s\n", o.buf);
}

void bbpf__sc_step_end(void)
{
	cur_depth = -1;
	cur_step[0] = 0;
}

void bbpf__sc_step_save(struct bbpf__sc_saved *s)
{
	s->depth = cur_depth;
	memcpy(s->step, cur_step, sizeof(s->step));
}

void bbpf__sc_step_restore(const struct bbpf__sc_saved *s)
{
	cur_depth = s->depth;
	memcpy(cur_step, s->step, sizeof(cur_step));
}

void bbpf__sc_start(struct bbpf__sc_out *o, const char *call)
{
	line_init(o);
	if (!o->json) {
		bbpf__sc_raw(o, "%*s%s", 2 * (cur_depth + 1), "", call);
		return;
	}
	bbpf__sc_raw(o, "{\"type\":\"call\",\"depth\":%d,\"step\":", cur_depth + 1);
	if (cur_depth >= 0)
		bbpf__sc_quote(o, cur_step, sizeof(cur_step));
	else
		bbpf__sc_raw(o, "null");
	bbpf__sc_raw(o, ",\"call\":\"%s\"", call);
}

void bbpf__sc_emit(struct bbpf__sc_out *o, long ret, enum bbpf__sc_ret kind, uint64_t t0)
{
	uint64_t t1 = bbpf__sc_begin();

	bbpf__sc_result(o, ret, kind, t1 > t0 && t0 ? t1 - t0 : 0);
	bbpf__print(BBPF_SYSCALL, "%s\n", o->buf);
}

void bbpf__sc_bpf(int cmd, const union bpf_attr *attr, size_t sz, long ret, uint64_t t0)
{
	struct bbpf__sc_out o;

	if (!bbpf__sc_on())
		return;
	bbpf__sc_start(&o, "bpf");
	bbpf__sc_raw(&o, o.json ? ",\"cmd\":\"%s\"" : " %s", bbpf__sys_cmd_name(cmd));
	bbpf__sc_bpf_attr(&o, cmd, attr, sz);
	bbpf__sc_emit(&o, ret, bbpf__sc_bpf_returns_fd(cmd) ? BBPF__SC_FD : BBPF__SC_NUM, t0);
}

void bbpf__sc_perf_open(const struct perf_event_attr *a, pid_t pid, int cpu, int group_fd,
			unsigned long flags, long ret, uint64_t t0)
{
	struct bbpf__sc_out o;

	if (!bbpf__sc_on())
		return;
	bbpf__sc_start(&o, "perf_event_open");
	bbpf__sc_perf_attr(&o, a, pid, cpu, group_fd, flags);
	bbpf__sc_emit(&o, ret, BBPF__SC_FD, t0);
}

void bbpf__sc_ioctl(int fd, unsigned long request, unsigned long arg, long ret, uint64_t t0)
{
	const char *name = bbpf__sc_ioctl_name(request);
	struct bbpf__sc_out o;

	if (!bbpf__sc_on())
		return;
	bbpf__sc_start(&o, "ioctl");
	bbpf__sc_open(&o);
	bbpf__sc_s64(&o, "fd", fd);
	if (name)
		bbpf__sc_name(&o, "request", name);
	else
		bbpf__sc_hex(&o, "request", request);
	if (request == PERF_EVENT_IOC_SET_BPF)
		bbpf__sc_u64(&o, "prog_fd", arg);
	bbpf__sc_close(&o);
	bbpf__sc_emit(&o, ret, BBPF__SC_NUM, t0);
}

void bbpf__sc_mmap(size_t len, int prot, int flags, int fd, off_t off, void *addr, long ret,
		   uint64_t t0)
{
	struct bbpf__sc_out o;

	if (!bbpf__sc_on())
		return;
	bbpf__sc_start(&o, "mmap");
	bbpf__sc_mmap_args(&o, len, prot, flags, fd, off);
	bbpf__sc_emit(&o, ret < 0 ? ret : (long)(unsigned long)addr, BBPF__SC_ADDR, t0);
}

void bbpf__sc_munmap(void *addr, size_t len, long ret, uint64_t t0)
{
	struct bbpf__sc_out o;

	if (!bbpf__sc_on())
		return;
	bbpf__sc_start(&o, "munmap");
	bbpf__sc_open(&o);
	bbpf__sc_hex(&o, "addr", (unsigned long)addr);
	bbpf__sc_u64(&o, "len", len);
	bbpf__sc_close(&o);
	bbpf__sc_emit(&o, ret, BBPF__SC_NUM, t0);
}

void bbpf__sc_netlink(const char *what, int fd, const void *buf, size_t len, long ret, uint64_t t0)
{
	struct bbpf__sc_out o;

	if (!bbpf__sc_on())
		return;
	bbpf__sc_start(&o, what);
	bbpf__sc_raw(&o, o.json ? ",\"fd\":%d" : " fd %d", fd);
	if (buf && ret >= 0)
		bbpf__sc_netlink_msgs(&o, buf, len);
	bbpf__sc_emit(&o, ret, BBPF__SC_NUM, t0);
}

void bbpf__sc_socket(int protocol, long ret, uint64_t t0)
{
	struct bbpf__sc_out o;

	if (!bbpf__sc_on())
		return;
	bbpf__sc_start(&o, "socket");
	bbpf__sc_open(&o);
	bbpf__sc_name(&o, "domain", "AF_NETLINK");
	bbpf__sc_s64(&o, "protocol", protocol);
	bbpf__sc_close(&o);
	bbpf__sc_emit(&o, ret, BBPF__SC_FD, t0);
}

void bbpf__sc_setrlimit(uint64_t cur, uint64_t max, long ret, uint64_t t0)
{
	struct bbpf__sc_out o;

	if (!bbpf__sc_on())
		return;
	bbpf__sc_start(&o, "setrlimit");
	bbpf__sc_open(&o);
	bbpf__sc_name(&o, "resource", "MEMLOCK");
	if (cur == RLIM_INFINITY)
		bbpf__sc_name(&o, "cur", "INFINITY");
	else
		bbpf__sc_u64(&o, "cur", cur);
	if (max == RLIM_INFINITY)
		bbpf__sc_name(&o, "max", "INFINITY");
	else
		bbpf__sc_u64(&o, "max", max);
	bbpf__sc_close(&o);
	bbpf__sc_emit(&o, ret, BBPF__SC_NUM, t0);
}
