/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the files of loader/sys/. attr.c is the pure half (attr sizes,
 * command names, the capability hint), unit-tested without a kernel; fd.c is
 * what every wrapper does with its result.
 */
#ifndef BBPF_LOADER_SYS_INTERNAL_H
#define BBPF_LOADER_SYS_INTERNAL_H

#include <stddef.h>
#include <linux/types.h>

/* Pseudo command for perf_event_open(2) in bbpf__sys_priv_hint(). */
#define BBPF__SYS_PERF_EVENT_OPEN (-1)

/*
 * bbpf__sys_attr_sz() is how many bytes of union bpf_attr command @cmd is
 * given: offsetofend() of the last field our wrapper for it may set. A kernel
 * whose attr is smaller accepts it as long as the bytes past its own end are
 * zero, which they are unless a newer feature is asked for.
 * Returns 0 for a command we have no wrapper for.
 */
size_t bbpf__sys_attr_sz(int cmd);

/* bbpf__sys_cmd_name() is "BPF_MAP_CREATE" etc.; "BPF_?" for a command we do not know. */
const char *bbpf__sys_cmd_name(int cmd);

/*
 * bbpf__sys_priv_hint() decides whether failure @err (-errno) of @cmd is
 * explained by missing capabilities, given the caller's effective set @caps
 * (bit n = capability n). Returns the sentence to print, or NULL when the
 * failure is not about privileges.
 */
const char *bbpf__sys_priv_hint(int cmd, int err, __u64 caps);

/*
 * bbpf__sys_explain() logs failure @err of @cmd (a bpf command, or
 * BBPF__SYS_PERF_EVENT_OPEN) at debug level and, once per command, says when
 * missing capabilities explain it. Returns @err.
 */
int bbpf__sys_explain(int cmd, int err);

/* bbpf__sys_good_fd() consumes @fd and returns it, or a dup of it, above 2; or -errno. */
int bbpf__sys_good_fd(int fd);

#endif
