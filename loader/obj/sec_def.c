// SPDX-License-Identifier: BSD-2-Clause
/*
 * SEC() names: the one table that says what a program is from the name of
 * the ELF section it was compiled into. The conventions are libbpf's (its
 * section_defs[]), so that programs written for libbpf load unchanged:
 *
 *   "xdp"          exactly SEC("xdp")
 *   "kprobe+"      SEC("kprobe"), or SEC("kprobe/<target>") with a '/'
 *   "x/"           only SEC("x/<anything>") (no row uses it today)
 *
 * The first row that matches wins, so a specific row comes before a general
 * one ("sk_reuseport/migrate" before "sk_reuseport"). Each row gives the
 * program type, the expected attach type passed at load, the attach kind
 * (how the attach layer will hook it) and BBPF_SEC_* flags. A leading '?'
 * (do not load by default) is stripped before the lookup.
 */
#include <stdio.h>
#include <string.h>

#include "internal/compiler.h"
#include "internal/uapi_compat.h"
#include "obj/internal.h"

#define EXP_OPT	   BBPF_SEC_EXP_ATTACH_OPT
#define ATT	   BBPF_SEC_ATTACHABLE
#define ATT_OPT	   (BBPF_SEC_ATTACHABLE | BBPF_SEC_EXP_ATTACH_OPT)
#define BTF	   BBPF_SEC_ATTACH_BTF
#define SLEEP	   BBPF_SEC_SLEEPABLE
#define FRAGS	   BBPF_SEC_XDP_FRAGS
#define USDT	   BBPF_SEC_USDT
#define NONE	   0
#define UNSPEC_EAT 0 /* no expected attach type */

#define SEC_DEF(name, ptype, atype, fl, k)                                             \
	{                                                                              \
		.sec = name, .prog_type = BPF_PROG_TYPE_##ptype, .attach_type = atype, \
		.flags = fl, .kind = BBPF_ATTACH_##k                                   \
	}

// clang-format off
static const struct bbpf__sec_def sec_defs[] = {
	SEC_DEF("socket",		SOCKET_FILTER, UNSPEC_EAT, NONE, SOCKET),
	SEC_DEF("sk_reuseport/migrate",	SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, ATT, SOCKET),
	SEC_DEF("sk_reuseport",		SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, ATT, SOCKET),
	SEC_DEF("kprobe+",		KPROBE, UNSPEC_EAT, NONE, KPROBE),
	SEC_DEF("uprobe+",		KPROBE, UNSPEC_EAT, NONE, UPROBE),
	SEC_DEF("uprobe.s+",		KPROBE, UNSPEC_EAT, SLEEP, UPROBE),
	SEC_DEF("kretprobe+",		KPROBE, UNSPEC_EAT, NONE, KRETPROBE),
	SEC_DEF("uretprobe+",		KPROBE, UNSPEC_EAT, NONE, URETPROBE),
	SEC_DEF("uretprobe.s+",		KPROBE, UNSPEC_EAT, SLEEP, URETPROBE),
	SEC_DEF("kprobe.multi+",	KPROBE, BPF_TRACE_KPROBE_MULTI, NONE, KPROBE_MULTI),
	SEC_DEF("kretprobe.multi+",	KPROBE, BPF_TRACE_KPROBE_MULTI, NONE, KRETPROBE_MULTI),
	SEC_DEF("kprobe.session+",	KPROBE, BPF_TRACE_KPROBE_SESSION, NONE, KPROBE_SESSION),
	SEC_DEF("uprobe.multi+",	KPROBE, BPF_TRACE_UPROBE_MULTI, NONE, UPROBE_MULTI),
	SEC_DEF("uretprobe.multi+",	KPROBE, BPF_TRACE_UPROBE_MULTI, NONE, URETPROBE_MULTI),
	SEC_DEF("uprobe.session+",	KPROBE, BPF_TRACE_UPROBE_SESSION, NONE, UPROBE_SESSION),
	SEC_DEF("uprobe.multi.s+",	KPROBE, BPF_TRACE_UPROBE_MULTI, SLEEP, UPROBE_MULTI),
	SEC_DEF("uretprobe.multi.s+",	KPROBE, BPF_TRACE_UPROBE_MULTI, SLEEP, URETPROBE_MULTI),
	SEC_DEF("uprobe.session.s+",	KPROBE, BPF_TRACE_UPROBE_SESSION, SLEEP, UPROBE_SESSION),
	SEC_DEF("ksyscall+",		KPROBE, UNSPEC_EAT, NONE, KSYSCALL),
	SEC_DEF("kretsyscall+",		KPROBE, UNSPEC_EAT, NONE, KRETSYSCALL),
	SEC_DEF("usdt+",		KPROBE, UNSPEC_EAT, USDT, USDT),
	SEC_DEF("usdt.s+",		KPROBE, UNSPEC_EAT, USDT | SLEEP, USDT),
	SEC_DEF("tc/ingress",		SCHED_CLS, BPF_TCX_INGRESS, NONE, TCX), /* alias of tcx */
	SEC_DEF("tc/egress",		SCHED_CLS, BPF_TCX_EGRESS, NONE, TCX),
	SEC_DEF("tcx/ingress",		SCHED_CLS, BPF_TCX_INGRESS, NONE, TCX),
	SEC_DEF("tcx/egress",		SCHED_CLS, BPF_TCX_EGRESS, NONE, TCX),
	SEC_DEF("tc",			SCHED_CLS, UNSPEC_EAT, NONE, TC), /* legacy: netlink */
	SEC_DEF("classifier",		SCHED_CLS, UNSPEC_EAT, NONE, TC),
	SEC_DEF("action",		SCHED_ACT, UNSPEC_EAT, NONE, TC),
	SEC_DEF("netkit/primary",	SCHED_CLS, BPF_NETKIT_PRIMARY, NONE, NETKIT),
	SEC_DEF("netkit/peer",		SCHED_CLS, BPF_NETKIT_PEER, NONE, NETKIT),
	SEC_DEF("tracepoint+",		TRACEPOINT, UNSPEC_EAT, NONE, TRACEPOINT),
	SEC_DEF("tp+",			TRACEPOINT, UNSPEC_EAT, NONE, TRACEPOINT),
	SEC_DEF("raw_tracepoint+",	RAW_TRACEPOINT, UNSPEC_EAT, NONE, RAW_TP),
	SEC_DEF("raw_tp+",		RAW_TRACEPOINT, UNSPEC_EAT, NONE, RAW_TP),
	SEC_DEF("raw_tracepoint.w+",	RAW_TRACEPOINT_WRITABLE, UNSPEC_EAT, NONE, RAW_TP),
	SEC_DEF("raw_tp.w+",		RAW_TRACEPOINT_WRITABLE, UNSPEC_EAT, NONE, RAW_TP),
	SEC_DEF("tp_btf+",		TRACING, BPF_TRACE_RAW_TP, BTF, TRACING),
	SEC_DEF("fentry+",		TRACING, BPF_TRACE_FENTRY, BTF, TRACING),
	SEC_DEF("fmod_ret+",		TRACING, BPF_MODIFY_RETURN, BTF, TRACING),
	SEC_DEF("fexit+",		TRACING, BPF_TRACE_FEXIT, BTF, TRACING),
	SEC_DEF("fentry.s+",		TRACING, BPF_TRACE_FENTRY, BTF | SLEEP, TRACING),
	SEC_DEF("fmod_ret.s+",		TRACING, BPF_MODIFY_RETURN, BTF | SLEEP, TRACING),
	SEC_DEF("fexit.s+",		TRACING, BPF_TRACE_FEXIT, BTF | SLEEP, TRACING),
	SEC_DEF("freplace+",		EXT, UNSPEC_EAT, BTF, FREPLACE),
	SEC_DEF("lsm+",			LSM, BPF_LSM_MAC, BTF, LSM),
	SEC_DEF("lsm.s+",		LSM, BPF_LSM_MAC, BTF | SLEEP, LSM),
	SEC_DEF("lsm_cgroup+",		LSM, BPF_LSM_CGROUP, BTF, CGROUP),
	SEC_DEF("iter+",		TRACING, BPF_TRACE_ITER, BTF, ITER),
	SEC_DEF("iter.s+",		TRACING, BPF_TRACE_ITER, BTF | SLEEP, ITER),
	SEC_DEF("syscall",		SYSCALL, UNSPEC_EAT, SLEEP, NONE),
	SEC_DEF("xdp.frags/devmap",	XDP, BPF_XDP_DEVMAP, FRAGS, NONE),
	SEC_DEF("xdp/devmap",		XDP, BPF_XDP_DEVMAP, ATT, NONE),
	SEC_DEF("xdp.frags/cpumap",	XDP, BPF_XDP_CPUMAP, FRAGS, NONE),
	SEC_DEF("xdp/cpumap",		XDP, BPF_XDP_CPUMAP, ATT, NONE),
	SEC_DEF("xdp.frags",		XDP, BPF_XDP, FRAGS, XDP),
	SEC_DEF("xdp",			XDP, BPF_XDP, ATT_OPT, XDP),
	SEC_DEF("perf_event",		PERF_EVENT, UNSPEC_EAT, NONE, PERF_EVENT),
	SEC_DEF("lwt_in",		LWT_IN, UNSPEC_EAT, NONE, NONE),
	SEC_DEF("lwt_out",		LWT_OUT, UNSPEC_EAT, NONE, NONE),
	SEC_DEF("lwt_xmit",		LWT_XMIT, UNSPEC_EAT, NONE, NONE),
	SEC_DEF("lwt_seg6local",	LWT_SEG6LOCAL, UNSPEC_EAT, NONE, NONE),
	SEC_DEF("sockops",		SOCK_OPS, BPF_CGROUP_SOCK_OPS, ATT_OPT, CGROUP),
	SEC_DEF("sk_skb/stream_parser",	SK_SKB, BPF_SK_SKB_STREAM_PARSER, ATT_OPT, SOCKMAP),
	SEC_DEF("sk_skb/stream_verdict", SK_SKB, BPF_SK_SKB_STREAM_VERDICT, ATT_OPT, SOCKMAP),
	SEC_DEF("sk_skb/verdict",	SK_SKB, BPF_SK_SKB_VERDICT, ATT_OPT, SOCKMAP),
	SEC_DEF("sk_skb",		SK_SKB, UNSPEC_EAT, NONE, NONE),
	SEC_DEF("sk_msg",		SK_MSG, BPF_SK_MSG_VERDICT, ATT_OPT, SOCKMAP),
	SEC_DEF("lirc_mode2",		LIRC_MODE2, BPF_LIRC_MODE2, ATT_OPT, LIRC),
	SEC_DEF("flow_dissector",	FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, ATT_OPT, NETNS),
	SEC_DEF("cgroup_skb/ingress",	CGROUP_SKB, BPF_CGROUP_INET_INGRESS, ATT_OPT, CGROUP),
	SEC_DEF("cgroup_skb/egress",	CGROUP_SKB, BPF_CGROUP_INET_EGRESS, ATT_OPT, CGROUP),
	SEC_DEF("cgroup/skb",		CGROUP_SKB, UNSPEC_EAT, NONE, NONE),
	SEC_DEF("cgroup/sock_create",	CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, ATT, CGROUP),
	SEC_DEF("cgroup/sock_release",	CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, ATT, CGROUP),
	SEC_DEF("cgroup/sock",		CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, ATT_OPT, CGROUP),
	SEC_DEF("cgroup/post_bind4",	CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, ATT, CGROUP),
	SEC_DEF("cgroup/post_bind6",	CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, ATT, CGROUP),
	SEC_DEF("cgroup/bind4",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, ATT, CGROUP),
	SEC_DEF("cgroup/bind6",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, ATT, CGROUP),
	SEC_DEF("cgroup/connect4",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, ATT, CGROUP),
	SEC_DEF("cgroup/connect6",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, ATT, CGROUP),
	SEC_DEF("cgroup/connect_unix",	CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_CONNECT, ATT, CGROUP),
	SEC_DEF("cgroup/sendmsg4",	CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, ATT, CGROUP),
	SEC_DEF("cgroup/sendmsg6",	CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, ATT, CGROUP),
	SEC_DEF("cgroup/sendmsg_unix",	CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_SENDMSG, ATT, CGROUP),
	SEC_DEF("cgroup/recvmsg4",	CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, ATT, CGROUP),
	SEC_DEF("cgroup/recvmsg6",	CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, ATT, CGROUP),
	SEC_DEF("cgroup/recvmsg_unix",	CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_RECVMSG, ATT, CGROUP),
	SEC_DEF("cgroup/getpeername4",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, ATT, CGROUP),
	SEC_DEF("cgroup/getpeername6",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, ATT, CGROUP),
	SEC_DEF("cgroup/getpeername_unix", CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_GETPEERNAME, ATT, CGROUP),
	SEC_DEF("cgroup/getsockname4",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, ATT, CGROUP),
	SEC_DEF("cgroup/getsockname6",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, ATT, CGROUP),
	SEC_DEF("cgroup/getsockname_unix", CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_GETSOCKNAME, ATT, CGROUP),
	SEC_DEF("cgroup/sysctl",	CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, ATT, CGROUP),
	SEC_DEF("cgroup/getsockopt",	CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, ATT, CGROUP),
	SEC_DEF("cgroup/setsockopt",	CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, ATT, CGROUP),
	SEC_DEF("cgroup/dev",		CGROUP_DEVICE, BPF_CGROUP_DEVICE, ATT_OPT, CGROUP),
	SEC_DEF("struct_ops+",		STRUCT_OPS, UNSPEC_EAT, NONE, STRUCT_OPS),
	SEC_DEF("struct_ops.s+",	STRUCT_OPS, UNSPEC_EAT, SLEEP, STRUCT_OPS),
	SEC_DEF("sk_lookup",		SK_LOOKUP, BPF_SK_LOOKUP, ATT, NETNS),
	SEC_DEF("netfilter",		NETFILTER, BPF_NETFILTER, NONE, NETFILTER),
};
// clang-format on

/* libbpf's sec_def_matches(): the three forms of the file comment. */
static bool sec_matches(const char *pattern, const char *name)
{
	size_t len = strlen(pattern);

	if (pattern[len - 1] == '/')
		return !strncmp(name, pattern, len);
	if (pattern[len - 1] == '+') {
		len--;
		return !strncmp(name, pattern, len) && (name[len] == '\0' || name[len] == '/');
	}
	return !strcmp(name, pattern);
}

const struct bbpf__sec_def *bbpf__sec_def_find(const char *sec_name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sec_defs); i++)
		if (sec_matches(sec_defs[i].sec, sec_name))
			return &sec_defs[i];
	return NULL;
}

/* Edit distance (insert, delete, substitute) of @a[0..la) and @b[0..lb), both < 64. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[64], i, j, diag, up;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

/* Length of @name's first @segs '/'-separated parts ("a/b/c", 2 -> 3). */
static size_t segs_len(const char *name, size_t segs)
{
	const char *p = name;

	while (*p && !(*p == '/' && --segs == 0))
		p++;
	return (size_t)(p - name);
}

/*
 * Each row's name (without its '+') against as many '/'-parts of
 * @sec_name as it has: "tracepont/sched/x" is 1 from "tracepoint",
 * "cgroup/bnd4" is 1 from "cgroup/bind4".
 */
size_t bbpf__sec_def_closest(const char *sec_name, char *buf, size_t sz)
{
	size_t i, best = (size_t)-1, d, lp, ln, segs;
	const char *pat, *c;

	if (sz)
		buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(sec_defs); i++) {
		pat = sec_defs[i].sec;
		lp = strcspn(pat, "+");
		for (segs = 1, c = pat; c < pat + lp; c++)
			segs += *c == '/';
		ln = segs_len(sec_name, segs);
		if (lp >= 64 || ln >= 64)
			continue;
		d = edit_distance(sec_name, ln, pat, lp);
		if (d < best) {
			best = d;
			snprintf(buf, sz, "%.*s", (int)lp, pat);
		}
	}
	return best;
}

const struct bbpf__sec_def *bbpf__sec_defs(size_t *cnt)
{
	*cnt = ARRAY_SIZE(sec_defs);
	return sec_defs;
}

static const char *const prog_type_names[] = {
	[BPF_PROG_TYPE_UNSPEC] = "unspec",
	[BPF_PROG_TYPE_SOCKET_FILTER] = "socket_filter",
	[BPF_PROG_TYPE_KPROBE] = "kprobe",
	[BPF_PROG_TYPE_SCHED_CLS] = "sched_cls",
	[BPF_PROG_TYPE_SCHED_ACT] = "sched_act",
	[BPF_PROG_TYPE_TRACEPOINT] = "tracepoint",
	[BPF_PROG_TYPE_XDP] = "xdp",
	[BPF_PROG_TYPE_PERF_EVENT] = "perf_event",
	[BPF_PROG_TYPE_CGROUP_SKB] = "cgroup_skb",
	[BPF_PROG_TYPE_CGROUP_SOCK] = "cgroup_sock",
	[BPF_PROG_TYPE_LWT_IN] = "lwt_in",
	[BPF_PROG_TYPE_LWT_OUT] = "lwt_out",
	[BPF_PROG_TYPE_LWT_XMIT] = "lwt_xmit",
	[BPF_PROG_TYPE_SOCK_OPS] = "sock_ops",
	[BPF_PROG_TYPE_SK_SKB] = "sk_skb",
	[BPF_PROG_TYPE_CGROUP_DEVICE] = "cgroup_device",
	[BPF_PROG_TYPE_SK_MSG] = "sk_msg",
	[BPF_PROG_TYPE_RAW_TRACEPOINT] = "raw_tracepoint",
	[BPF_PROG_TYPE_CGROUP_SOCK_ADDR] = "cgroup_sock_addr",
	[BPF_PROG_TYPE_LWT_SEG6LOCAL] = "lwt_seg6local",
	[BPF_PROG_TYPE_LIRC_MODE2] = "lirc_mode2",
	[BPF_PROG_TYPE_SK_REUSEPORT] = "sk_reuseport",
	[BPF_PROG_TYPE_FLOW_DISSECTOR] = "flow_dissector",
	[BPF_PROG_TYPE_CGROUP_SYSCTL] = "cgroup_sysctl",
	[BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE] = "raw_tracepoint_writable",
	[BPF_PROG_TYPE_CGROUP_SOCKOPT] = "cgroup_sockopt",
	[BPF_PROG_TYPE_TRACING] = "tracing",
	[BPF_PROG_TYPE_STRUCT_OPS] = "struct_ops",
	[BPF_PROG_TYPE_EXT] = "ext",
	[BPF_PROG_TYPE_LSM] = "lsm",
	[BPF_PROG_TYPE_SK_LOOKUP] = "sk_lookup",
	[BPF_PROG_TYPE_SYSCALL] = "syscall",
	[BPF_PROG_TYPE_NETFILTER] = "netfilter",
};

static const char *const attach_type_names[] = {
	[BPF_CGROUP_INET_INGRESS] = "cgroup_inet_ingress",
	[BPF_CGROUP_INET_EGRESS] = "cgroup_inet_egress",
	[BPF_CGROUP_INET_SOCK_CREATE] = "cgroup_inet_sock_create",
	[BPF_CGROUP_INET_SOCK_RELEASE] = "cgroup_inet_sock_release",
	[BPF_CGROUP_SOCK_OPS] = "cgroup_sock_ops",
	[BPF_CGROUP_DEVICE] = "cgroup_device",
	[BPF_CGROUP_INET4_BIND] = "cgroup_inet4_bind",
	[BPF_CGROUP_INET6_BIND] = "cgroup_inet6_bind",
	[BPF_CGROUP_INET4_CONNECT] = "cgroup_inet4_connect",
	[BPF_CGROUP_INET6_CONNECT] = "cgroup_inet6_connect",
	[BPF_CGROUP_UNIX_CONNECT] = "cgroup_unix_connect",
	[BPF_CGROUP_INET4_POST_BIND] = "cgroup_inet4_post_bind",
	[BPF_CGROUP_INET6_POST_BIND] = "cgroup_inet6_post_bind",
	[BPF_CGROUP_UDP4_SENDMSG] = "cgroup_udp4_sendmsg",
	[BPF_CGROUP_UDP6_SENDMSG] = "cgroup_udp6_sendmsg",
	[BPF_CGROUP_UNIX_SENDMSG] = "cgroup_unix_sendmsg",
	[BPF_CGROUP_SYSCTL] = "cgroup_sysctl",
	[BPF_CGROUP_UDP4_RECVMSG] = "cgroup_udp4_recvmsg",
	[BPF_CGROUP_UDP6_RECVMSG] = "cgroup_udp6_recvmsg",
	[BPF_CGROUP_UNIX_RECVMSG] = "cgroup_unix_recvmsg",
	[BPF_CGROUP_GETSOCKOPT] = "cgroup_getsockopt",
	[BPF_CGROUP_SETSOCKOPT] = "cgroup_setsockopt",
	[BPF_CGROUP_INET4_GETPEERNAME] = "cgroup_inet4_getpeername",
	[BPF_CGROUP_INET6_GETPEERNAME] = "cgroup_inet6_getpeername",
	[BPF_CGROUP_UNIX_GETPEERNAME] = "cgroup_unix_getpeername",
	[BPF_CGROUP_INET4_GETSOCKNAME] = "cgroup_inet4_getsockname",
	[BPF_CGROUP_INET6_GETSOCKNAME] = "cgroup_inet6_getsockname",
	[BPF_CGROUP_UNIX_GETSOCKNAME] = "cgroup_unix_getsockname",
	[BPF_SK_SKB_STREAM_PARSER] = "sk_skb_stream_parser",
	[BPF_SK_SKB_STREAM_VERDICT] = "sk_skb_stream_verdict",
	[BPF_SK_SKB_VERDICT] = "sk_skb_verdict",
	[BPF_SK_MSG_VERDICT] = "sk_msg_verdict",
	[BPF_LIRC_MODE2] = "lirc_mode2",
	[BPF_FLOW_DISSECTOR] = "flow_dissector",
	[BPF_TRACE_RAW_TP] = "trace_raw_tp",
	[BPF_TRACE_FENTRY] = "trace_fentry",
	[BPF_TRACE_FEXIT] = "trace_fexit",
	[BPF_MODIFY_RETURN] = "modify_return",
	[BPF_LSM_MAC] = "lsm_mac",
	[BPF_LSM_CGROUP] = "lsm_cgroup",
	[BPF_SK_LOOKUP] = "sk_lookup",
	[BPF_TRACE_ITER] = "trace_iter",
	[BPF_XDP_DEVMAP] = "xdp_devmap",
	[BPF_XDP_CPUMAP] = "xdp_cpumap",
	[BPF_XDP] = "xdp",
	[BPF_SK_REUSEPORT_SELECT] = "sk_reuseport_select",
	[BPF_SK_REUSEPORT_SELECT_OR_MIGRATE] = "sk_reuseport_select_or_migrate",
	[BPF_PERF_EVENT] = "perf_event",
	[BPF_TRACE_KPROBE_MULTI] = "trace_kprobe_multi",
	[BPF_STRUCT_OPS] = "struct_ops",
	[BPF_NETFILTER] = "netfilter",
	[BPF_TCX_INGRESS] = "tcx_ingress",
	[BPF_TCX_EGRESS] = "tcx_egress",
	[BPF_TRACE_UPROBE_MULTI] = "trace_uprobe_multi",
	[BPF_NETKIT_PRIMARY] = "netkit_primary",
	[BPF_NETKIT_PEER] = "netkit_peer",
	[BPF_TRACE_KPROBE_SESSION] = "trace_kprobe_session",
	[BPF_TRACE_UPROBE_SESSION] = "trace_uprobe_session",
};

static const char *const attach_kind_names[BBPF_ATTACH_KIND_CNT] = {
	[BBPF_ATTACH_NONE] = "none",
	[BBPF_ATTACH_KPROBE] = "kprobe",
	[BBPF_ATTACH_KRETPROBE] = "kretprobe",
	[BBPF_ATTACH_KSYSCALL] = "ksyscall",
	[BBPF_ATTACH_KRETSYSCALL] = "kretsyscall",
	[BBPF_ATTACH_KPROBE_MULTI] = "kprobe_multi",
	[BBPF_ATTACH_KRETPROBE_MULTI] = "kretprobe_multi",
	[BBPF_ATTACH_KPROBE_SESSION] = "kprobe_session",
	[BBPF_ATTACH_UPROBE] = "uprobe",
	[BBPF_ATTACH_URETPROBE] = "uretprobe",
	[BBPF_ATTACH_UPROBE_MULTI] = "uprobe_multi",
	[BBPF_ATTACH_URETPROBE_MULTI] = "uretprobe_multi",
	[BBPF_ATTACH_UPROBE_SESSION] = "uprobe_session",
	[BBPF_ATTACH_USDT] = "usdt",
	[BBPF_ATTACH_TRACEPOINT] = "tracepoint",
	[BBPF_ATTACH_RAW_TP] = "raw_tp",
	[BBPF_ATTACH_TRACING] = "tracing",
	[BBPF_ATTACH_FREPLACE] = "freplace",
	[BBPF_ATTACH_LSM] = "lsm",
	[BBPF_ATTACH_ITER] = "iter",
	[BBPF_ATTACH_XDP] = "xdp",
	[BBPF_ATTACH_TCX] = "tcx",
	[BBPF_ATTACH_TC] = "tc",
	[BBPF_ATTACH_NETKIT] = "netkit",
	[BBPF_ATTACH_CGROUP] = "cgroup",
	[BBPF_ATTACH_SOCKMAP] = "sockmap",
	[BBPF_ATTACH_NETNS] = "netns",
	[BBPF_ATTACH_SOCKET] = "socket",
	[BBPF_ATTACH_PERF_EVENT] = "perf_event",
	[BBPF_ATTACH_NETFILTER] = "netfilter",
	[BBPF_ATTACH_STRUCT_OPS] = "struct_ops",
	[BBPF_ATTACH_LIRC] = "lirc",
};

const char *bbpf_prog_type_str(uint32_t type)
{
	return BBPF__NAME(prog_type_names, type);
}

const char *bbpf_attach_type_str(uint32_t type)
{
	return BBPF__NAME(attach_type_names, type);
}

const char *bbpf_attach_kind_str(uint32_t kind)
{
	return BBPF__NAME(attach_kind_names, kind);
}
