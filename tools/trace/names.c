// SPDX-License-Identifier: BSD-2-Clause
/*
 * Names for the numbers in collector events: event types, signals, fadvise
 * advice (errnos are bbpf_errno_name()'s). Tables, not libc: sigabbrev_np() is
 * glibc-only and the static binary is built with musl.
 */
#include <errno.h>
#include <string.h>

#include "fmt_internal.h"

const char *trace_event_name(unsigned int type)
{
	const struct type_fmt *t = trace__type_fmt(type);

	return t ? t->name : NULL;
}

int trace_event_find(const char *name)
{
	int i;

	for (i = 1; i < BBPF_EV_TYPE_CNT; i++)
		if (trace_event_name(i) && !strcmp(trace_event_name(i), name))
			return i;
	return -ENOENT;
}

/* Linux's numbering, the same on x86-64 and arm64. */
static const char *const signal_names[32] = {
	[1] = "SIGHUP",	    [2] = "SIGINT",   [3] = "SIGQUIT",	 [4] = "SIGILL",   [5] = "SIGTRAP",
	[6] = "SIGABRT",    [7] = "SIGBUS",   [8] = "SIGFPE",	 [9] = "SIGKILL",  [10] = "SIGUSR1",
	[11] = "SIGSEGV",   [12] = "SIGUSR2", [13] = "SIGPIPE",	 [14] = "SIGALRM", [15] = "SIGTERM",
	[16] = "SIGSTKFLT", [17] = "SIGCHLD", [18] = "SIGCONT",	 [19] = "SIGSTOP", [20] = "SIGTSTP",
	[21] = "SIGTTIN",   [22] = "SIGTTOU", [23] = "SIGURG",	 [24] = "SIGXCPU", [25] = "SIGXFSZ",
	[26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO",   [30] = "SIGPWR",
	[31] = "SIGSYS",
};

const char *trace_signal_name(int sig)
{
	return sig > 0 && sig < 32 ? signal_names[sig] : NULL;
}

/* POSIX_FADV_* as Linux numbers them (not s390's 6/7 variants). */
static const char *const advice_names[] = {
	"NORMAL", "RANDOM", "SEQUENTIAL", "WILLNEED", "DONTNEED", "NOREUSE",
};

const char *trace_advice_name(int advice)
{
	if (advice < 0 || advice >= (int)(sizeof(advice_names) / sizeof(advice_names[0])))
		return NULL;
	return advice_names[advice];
}
