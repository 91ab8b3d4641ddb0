// SPDX-License-Identifier: BSD-2-Clause
/*
 * Pure facts about bpf() commands: how much of union bpf_attr each wrapper
 * passes, the command names for messages, and when a failure means "you
 * lack a capability". No syscalls here: unit tests link this file.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/capability.h>

#include "internal/compiler.h"
#include "internal/uapi_compat.h"
#include "sys/internal.h"

#define ATTR_END(member) offsetofend(union bpf_attr, member)
#define CMD(cmd, last)	 [cmd] = { #cmd, ATTR_END(last) }
/*
 * link_create.uprobe_multi (6.6) ends with pid at byte 60 of the union
 * bpf_attr, past where our <linux/bpf.h>'s link_create ends (48): its four
 * pointers, cnt, flags and pid follow the attach type and flags (16 bytes).
 */
#define UPROBE_MULTI_END (16 + 4 * 8 + 3 * 4)
#define MAX_SZ(a, b)	 ((a) > (b) ? (a) : (b))

/*
 * One row per command we wrap: the last field the wrapper may set. For
 * example BPF_MAP_LOOKUP_ELEM uses {map_fd, key, value, flags}, so it passes
 * offsetofend(flags) = 32 bytes, which every kernel since 3.18 accepts.
 */
static const struct cmd_def {
	const char *name;
	size_t attr_sz;
} cmd_defs[] = {
	CMD(BPF_MAP_CREATE, map_extra),
	CMD(BPF_MAP_LOOKUP_ELEM, flags),
	CMD(BPF_MAP_UPDATE_ELEM, flags),
	CMD(BPF_MAP_DELETE_ELEM, key),
	CMD(BPF_MAP_GET_NEXT_KEY, next_key),
	CMD(BPF_PROG_LOAD, fd_array),
	CMD(BPF_OBJ_PIN, file_flags),
	CMD(BPF_OBJ_GET, file_flags),
	CMD(BPF_PROG_ATTACH, replace_bpf_fd),
	CMD(BPF_PROG_DETACH, attach_type),
	CMD(BPF_PROG_TEST_RUN, test.batch_size),
	CMD(BPF_PROG_GET_NEXT_ID, next_id),
	CMD(BPF_MAP_GET_NEXT_ID, next_id),
	CMD(BPF_PROG_GET_FD_BY_ID, open_flags),
	CMD(BPF_MAP_GET_FD_BY_ID, open_flags),
	CMD(BPF_OBJ_GET_INFO_BY_FD, info.info),
	CMD(BPF_RAW_TRACEPOINT_OPEN, raw_tracepoint.prog_fd),
	CMD(BPF_BTF_LOAD, btf_log_level),
	CMD(BPF_BTF_GET_FD_BY_ID, open_flags),
	CMD(BPF_MAP_FREEZE, map_fd),
	CMD(BPF_BTF_GET_NEXT_ID, next_id),
	CMD(BPF_MAP_LOOKUP_BATCH, batch),
	[BPF_LINK_CREATE] = { "BPF_LINK_CREATE", MAX_SZ(ATTR_END(link_create), UPROBE_MULTI_END) },
	CMD(BPF_LINK_GET_FD_BY_ID, open_flags),
	CMD(BPF_LINK_GET_NEXT_ID, next_id),
	CMD(BPF_ENABLE_STATS, enable_stats),
	CMD(BPF_ITER_CREATE, iter_create),
	CMD(BPF_LINK_DETACH, link_detach),
	CMD(BPF_PROG_BIND_MAP, prog_bind_map),
};

size_t bbpf__sys_attr_sz(int cmd)
{
	if (cmd < 0 || cmd >= (int)ARRAY_SIZE(cmd_defs))
		return 0;
	return cmd_defs[cmd].attr_sz;
}

const char *bbpf__sys_cmd_name(int cmd)
{
	if (cmd == BBPF__SYS_PERF_EVENT_OPEN)
		return "perf_event_open";
	if (cmd < 0 || cmd >= (int)ARRAY_SIZE(cmd_defs) || !cmd_defs[cmd].name)
		return "BPF_?";
	return cmd_defs[cmd].name;
}

#define CAP(c) (1ULL << (c))

/* Commands the kernel gates on CAP_SYS_ADMIN alone: ids expose every object of the system. */
static int is_admin_only(int cmd)
{
	switch (cmd) {
	case BPF_PROG_GET_NEXT_ID:
	case BPF_MAP_GET_NEXT_ID:
	case BPF_BTF_GET_NEXT_ID:
	case BPF_LINK_GET_NEXT_ID:
	case BPF_PROG_GET_FD_BY_ID:
	case BPF_MAP_GET_FD_BY_ID:
	case BPF_BTF_GET_FD_BY_ID:
	case BPF_LINK_GET_FD_BY_ID:
	case BPF_ENABLE_STATS:
		return 1;
	}
	return 0;
}

/* Commands where CAP_BPF alone is not enough for tracing or networking programs. */
static int wants_more_caps(int cmd)
{
	return cmd == BPF_PROG_LOAD || cmd == BPF_LINK_CREATE || cmd == BPF_RAW_TRACEPOINT_OPEN ||
	       cmd == BPF_PROG_ATTACH;
}

const char *bbpf__sys_priv_hint(int cmd, int err, __u64 caps)
{
	if (err != -EPERM && err != -EACCES)
		return NULL;
	/* EACCES on a pin path is a file permission, not a capability. */
	if (err == -EACCES && (cmd == BPF_OBJ_GET || cmd == BPF_OBJ_PIN))
		return NULL;
	if (caps & CAP(CAP_SYS_ADMIN))
		return NULL;
	if (cmd == BBPF__SYS_PERF_EVENT_OPEN)
		return caps & CAP(CAP_PERFMON) ? NULL
					       : "needs CAP_PERFMON (or root), or a lower "
						 "kernel.perf_event_paranoid";
	if (is_admin_only(cmd))
		return "needs CAP_SYS_ADMIN (root): object ids are visible to root only";
	if (!(caps & CAP(CAP_BPF)))
		return "needs CAP_BPF (or root): this process has neither CAP_BPF nor "
		       "CAP_SYS_ADMIN";
	if (wants_more_caps(cmd) && !(caps & (CAP(CAP_PERFMON) | CAP(CAP_NET_ADMIN))))
		return "needs CAP_PERFMON (tracing) or CAP_NET_ADMIN (networking) as well as "
		       "CAP_BPF (or root)";
	return NULL;
}
