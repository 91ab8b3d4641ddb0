/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * UAPI constants newer than the <linux/bpf.h> we build against (Debian 12
 * ships the 6.1 one). Written by us; the numbers are the kernel's ABI and
 * were checked against the enums in a 6.18 kernel's BTF.
 *
 * Most of these are enum constants in the kernel header, which #ifndef cannot
 * see: with a newer header the macro below is defined as well and simply
 * names the same value. That is why this file includes <linux/bpf.h> first:
 * a macro defined before the header's enum would break its declaration.
 * Do not include it together with a vmlinux.h.
 */
#ifndef BBPF_INTERNAL_UAPI_COMPAT_H
#define BBPF_INTERNAL_UAPI_COMPAT_H

#include <linux/bpf.h>

/* enum bpf_cmd */
#ifndef BPF_TOKEN_CREATE
#define BPF_TOKEN_CREATE 36 /* 6.9 */
#endif
#ifndef BPF_PROG_STREAM_READ_BY_FD
#define BPF_PROG_STREAM_READ_BY_FD 37 /* 6.17 */
#endif

/* enum bpf_map_type */
#ifndef BPF_MAP_TYPE_CGRP_STORAGE
#define BPF_MAP_TYPE_CGRP_STORAGE 32 /* 6.2 */
#endif
#ifndef BPF_MAP_TYPE_ARENA
#define BPF_MAP_TYPE_ARENA 33 /* 6.9 */
#endif

/* enum bpf_prog_type */
#ifndef BPF_PROG_TYPE_NETFILTER
#define BPF_PROG_TYPE_NETFILTER 32 /* 6.4 */
#endif

/* enum bpf_attach_type (6.1 ends at BPF_LSM_CGROUP = 43) */
#ifndef BPF_STRUCT_OPS
#define BPF_STRUCT_OPS 44
#endif
#ifndef BPF_NETFILTER
#define BPF_NETFILTER 45
#endif
#ifndef BPF_TCX_INGRESS
#define BPF_TCX_INGRESS 46 /* 6.6 */
#endif
#ifndef BPF_TCX_EGRESS
#define BPF_TCX_EGRESS 47
#endif
#ifndef BPF_TRACE_UPROBE_MULTI
#define BPF_TRACE_UPROBE_MULTI 48 /* 6.6 */
#endif
#ifndef BPF_CGROUP_UNIX_CONNECT
#define BPF_CGROUP_UNIX_CONNECT 49 /* 6.7 */
#endif
#ifndef BPF_CGROUP_UNIX_SENDMSG
#define BPF_CGROUP_UNIX_SENDMSG 50
#endif
#ifndef BPF_CGROUP_UNIX_RECVMSG
#define BPF_CGROUP_UNIX_RECVMSG 51
#endif
#ifndef BPF_CGROUP_UNIX_GETPEERNAME
#define BPF_CGROUP_UNIX_GETPEERNAME 52
#endif
#ifndef BPF_CGROUP_UNIX_GETSOCKNAME
#define BPF_CGROUP_UNIX_GETSOCKNAME 53
#endif
#ifndef BPF_NETKIT_PRIMARY
#define BPF_NETKIT_PRIMARY 54 /* 6.7 */
#endif
#ifndef BPF_NETKIT_PEER
#define BPF_NETKIT_PEER 55
#endif
#ifndef BPF_TRACE_KPROBE_SESSION
#define BPF_TRACE_KPROBE_SESSION 56 /* 6.10 */
#endif
#ifndef BPF_TRACE_UPROBE_SESSION
#define BPF_TRACE_UPROBE_SESSION 57 /* 6.13 */
#endif

/* enum bpf_link_type (6.1 ends at BPF_LINK_TYPE_STRUCT_OPS = 9) */
#ifndef BPF_LINK_TYPE_NETFILTER
#define BPF_LINK_TYPE_NETFILTER 10
#endif
#ifndef BPF_LINK_TYPE_TCX
#define BPF_LINK_TYPE_TCX 11
#endif
#ifndef BPF_LINK_TYPE_UPROBE_MULTI
#define BPF_LINK_TYPE_UPROBE_MULTI 12
#endif
#ifndef BPF_LINK_TYPE_NETKIT
#define BPF_LINK_TYPE_NETKIT 13
#endif
#ifndef BPF_LINK_TYPE_SOCKMAP
#define BPF_LINK_TYPE_SOCKMAP 14
#endif

/* Attach flags (#defines in the kernel header, so #ifndef sees them). */
#ifndef BPF_F_BEFORE
#define BPF_F_BEFORE (1U << 3) /* 6.6, tcx/mprog ordering */
#endif
#ifndef BPF_F_AFTER
#define BPF_F_AFTER (1U << 4)
#endif
#ifndef BPF_F_ID
#define BPF_F_ID (1U << 5)
#endif
#ifndef BPF_F_UPROBE_MULTI_RETURN
#define BPF_F_UPROBE_MULTI_RETURN (1U << 0) /* 6.6, link_create.uprobe_multi.flags */
#endif

/* Map / object / token flags (an anonymous enum in the kernel header). */
#ifndef BPF_F_LINK
#define BPF_F_LINK (1U << 13)
#endif
#ifndef BPF_F_PATH_FD
#define BPF_F_PATH_FD (1U << 14)
#endif
#ifndef BPF_F_VTYPE_BTF_OBJ_FD
#define BPF_F_VTYPE_BTF_OBJ_FD (1U << 15)
#endif
#ifndef BPF_F_TOKEN_FD
#define BPF_F_TOKEN_FD (1U << 16)
#endif
#ifndef BPF_F_SEGV_ON_FAULT
#define BPF_F_SEGV_ON_FAULT (1U << 17)
#endif
#ifndef BPF_F_NO_USER_CONV
#define BPF_F_NO_USER_CONV (1U << 18)
#endif

#endif /* BBPF_INTERNAL_UAPI_COMPAT_H */
