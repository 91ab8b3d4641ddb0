/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The pure half of the syscall layer (loader/sys_attr.c): attr sizes, command
 * names and the capability hint. loader/sys.c uses them; unit tests check
 * them without a kernel.
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

#endif
