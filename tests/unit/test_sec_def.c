// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/obj/sec_def.c: SEC() names -> program type, expected attach type,
 * attach kind, flags. The expected rows are libbpf's section_defs[]
 * semantics (src/libbpf.c), written out by hand: "type" matches exactly,
 * "type+" matches "type" and "type/anything".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "internal/compiler.h"
#include "internal/uapi_compat.h"
#include "../../loader/obj/internal.h"

#define SL   BBPF_SEC_SLEEPABLE
#define BT   BBPF_SEC_ATTACH_BTF
#define AT   BBPF_SEC_ATTACHABLE
#define AO   (BBPF_SEC_ATTACHABLE | BBPF_SEC_EXP_ATTACH_OPT)
#define FR   BBPF_SEC_XDP_FRAGS
#define NO   0
#define NONE 0

struct sec_case {
	const char *sec;
	int ptype; /* -1: no row must match */
	int atype;
	int kind;
	unsigned flags;
};

// clang-format off
#define T(s, p, a, k, f) { s, BPF_PROG_TYPE_##p, a, BBPF_ATTACH_##k, f }
#define UNKNOWN(s) { s, -1, 0, 0, 0 }
// clang-format on

// clang-format off
static const struct sec_case cases[] = {
	/* probes: "+" forms take a target after '/' */
	T("kprobe/do_sys_open", KPROBE, 0, KPROBE, NO),
	T("kprobe", KPROBE, 0, KPROBE, NO),
	T("kretprobe/do_sys_open", KPROBE, 0, KRETPROBE, NO),
	T("ksyscall/openat", KPROBE, 0, KSYSCALL, NO),
	T("kretsyscall/openat", KPROBE, 0, KRETSYSCALL, NO),
	T("kprobe.multi/vfs_*", KPROBE, BPF_TRACE_KPROBE_MULTI, KPROBE_MULTI, NO),
	T("kretprobe.multi/vfs_*", KPROBE, BPF_TRACE_KPROBE_MULTI, KRETPROBE_MULTI, NO),
	T("kprobe.session/vfs_*", KPROBE, BPF_TRACE_KPROBE_SESSION, KPROBE_SESSION, NO),
	T("uprobe//bin/bash:readline", KPROBE, 0, UPROBE, NO),
	T("uprobe.s//bin/bash:readline", KPROBE, 0, UPROBE, SL),
	T("uretprobe//bin/bash:readline", KPROBE, 0, URETPROBE, NO),
	T("uretprobe.s//bin/bash:readline", KPROBE, 0, URETPROBE, SL),
	T("uprobe.multi//bin/bash:read*", KPROBE, BPF_TRACE_UPROBE_MULTI, UPROBE_MULTI, NO),
	T("uretprobe.multi//bin/bash:r*", KPROBE, BPF_TRACE_UPROBE_MULTI, URETPROBE_MULTI, NO),
	T("uprobe.multi.s//bin/bash:r*", KPROBE, BPF_TRACE_UPROBE_MULTI, UPROBE_MULTI, SL),
	T("uretprobe.multi.s//bin/sh:r", KPROBE, BPF_TRACE_UPROBE_MULTI, URETPROBE_MULTI, SL),
	T("uprobe.session//bin/sh:r", KPROBE, BPF_TRACE_UPROBE_SESSION, UPROBE_SESSION, NO),
	T("usdt//lib/libc.so.6:libc:setjmp", KPROBE, 0, USDT, BBPF_SEC_USDT),
	T("usdt.s//lib/libc.so.6:libc:setjmp", KPROBE, 0, USDT, BBPF_SEC_USDT | SL),
	/* tracepoints */
	T("tp/syscalls/sys_enter_openat", TRACEPOINT, 0, TRACEPOINT, NO),
	T("tracepoint/sched/sched_switch", TRACEPOINT, 0, TRACEPOINT, NO),
	T("raw_tp/sched_switch", RAW_TRACEPOINT, 0, RAW_TP, NO),
	T("raw_tracepoint/sched_switch", RAW_TRACEPOINT, 0, RAW_TP, NO),
	T("raw_tp.w/bpf_testmod_test_writable_bare", RAW_TRACEPOINT_WRITABLE, 0, RAW_TP, NO),
	T("raw_tracepoint.w/x", RAW_TRACEPOINT_WRITABLE, 0, RAW_TP, NO),
	/* BTF-attached */
	T("tp_btf/sched_switch", TRACING, BPF_TRACE_RAW_TP, TRACING, BT),
	T("fentry/do_unlinkat", TRACING, BPF_TRACE_FENTRY, TRACING, BT),
	T("fexit/do_unlinkat", TRACING, BPF_TRACE_FEXIT, TRACING, BT),
	T("fmod_ret/security_x", TRACING, BPF_MODIFY_RETURN, TRACING, BT),
	T("fentry.s/do_unlinkat", TRACING, BPF_TRACE_FENTRY, TRACING, BT | SL),
	T("fexit.s/do_unlinkat", TRACING, BPF_TRACE_FEXIT, TRACING, BT | SL),
	T("fmod_ret.s/x", TRACING, BPF_MODIFY_RETURN, TRACING, BT | SL),
	T("freplace/handler", EXT, 0, FREPLACE, BT),
	T("lsm/file_open", LSM, BPF_LSM_MAC, LSM, BT),
	T("lsm.s/file_open", LSM, BPF_LSM_MAC, LSM, BT | SL),
	T("lsm_cgroup/socket_bind", LSM, BPF_LSM_CGROUP, CGROUP, BT),
	T("iter/task", TRACING, BPF_TRACE_ITER, ITER, BT),
	T("iter.s/task_file", TRACING, BPF_TRACE_ITER, ITER, BT | SL),
	T("syscall", SYSCALL, 0, NONE, SL),
	/* XDP */
	T("xdp", XDP, BPF_XDP, XDP, AO),
	T("xdp.frags", XDP, BPF_XDP, XDP, FR),
	T("xdp/devmap", XDP, BPF_XDP_DEVMAP, NONE, AT),
	T("xdp/cpumap", XDP, BPF_XDP_CPUMAP, NONE, AT),
	T("xdp.frags/devmap", XDP, BPF_XDP_DEVMAP, NONE, FR),
	T("xdp.frags/cpumap", XDP, BPF_XDP_CPUMAP, NONE, FR),
	/* tc, tcx, netkit */
	T("tc", SCHED_CLS, 0, TC, NO),
	T("classifier", SCHED_CLS, 0, TC, NO),
	T("action", SCHED_ACT, 0, TC, NO),
	T("tcx/ingress", SCHED_CLS, BPF_TCX_INGRESS, TCX, NO),
	T("tcx/egress", SCHED_CLS, BPF_TCX_EGRESS, TCX, NO),
	T("tc/ingress", SCHED_CLS, BPF_TCX_INGRESS, TCX, NO),
	T("tc/egress", SCHED_CLS, BPF_TCX_EGRESS, TCX, NO),
	T("netkit/primary", SCHED_CLS, BPF_NETKIT_PRIMARY, NETKIT, NO),
	T("netkit/peer", SCHED_CLS, BPF_NETKIT_PEER, NETKIT, NO),
	/* cgroups: every attach point */
	T("cgroup_skb/ingress", CGROUP_SKB, BPF_CGROUP_INET_INGRESS, CGROUP, AO),
	T("cgroup_skb/egress", CGROUP_SKB, BPF_CGROUP_INET_EGRESS, CGROUP, AO),
	T("cgroup/skb", CGROUP_SKB, 0, NONE, NO),
	T("cgroup/sock_create", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, CGROUP, AT),
	T("cgroup/sock_release", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, CGROUP, AT),
	T("cgroup/sock", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, CGROUP, AO),
	T("cgroup/post_bind4", CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, CGROUP, AT),
	T("cgroup/post_bind6", CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, CGROUP, AT),
	T("cgroup/bind4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, CGROUP, AT),
	T("cgroup/bind6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, CGROUP, AT),
	T("cgroup/connect4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, CGROUP, AT),
	T("cgroup/connect6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, CGROUP, AT),
	T("cgroup/connect_unix", CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_CONNECT, CGROUP, AT),
	T("cgroup/sendmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, CGROUP, AT),
	T("cgroup/sendmsg6", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, CGROUP, AT),
	T("cgroup/sendmsg_unix", CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_SENDMSG, CGROUP, AT),
	T("cgroup/recvmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, CGROUP, AT),
	T("cgroup/recvmsg6", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, CGROUP, AT),
	T("cgroup/recvmsg_unix", CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_RECVMSG, CGROUP, AT),
	T("cgroup/getpeername4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, CGROUP, AT),
	T("cgroup/getpeername6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, CGROUP, AT),
	T("cgroup/getpeername_unix", CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_GETPEERNAME, CGROUP, AT),
	T("cgroup/getsockname4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, CGROUP, AT),
	T("cgroup/getsockname6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, CGROUP, AT),
	T("cgroup/getsockname_unix", CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_GETSOCKNAME, CGROUP, AT),
	T("cgroup/sysctl", CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, CGROUP, AT),
	T("cgroup/getsockopt", CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, CGROUP, AT),
	T("cgroup/setsockopt", CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, CGROUP, AT),
	T("cgroup/dev", CGROUP_DEVICE, BPF_CGROUP_DEVICE, CGROUP, AO),
	T("sockops", SOCK_OPS, BPF_CGROUP_SOCK_OPS, CGROUP, AO),
	/* sockets */
	T("sk_skb/stream_parser", SK_SKB, BPF_SK_SKB_STREAM_PARSER, SOCKMAP, AO),
	T("sk_skb/stream_verdict", SK_SKB, BPF_SK_SKB_STREAM_VERDICT, SOCKMAP, AO),
	T("sk_skb/verdict", SK_SKB, BPF_SK_SKB_VERDICT, SOCKMAP, AO),
	T("sk_skb", SK_SKB, 0, NONE, NO),
	T("sk_msg", SK_MSG, BPF_SK_MSG_VERDICT, SOCKMAP, AO),
	T("sk_lookup", SK_LOOKUP, BPF_SK_LOOKUP, NETNS, AT),
	T("sk_reuseport", SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, SOCKET, AT),
	T("sk_reuseport/migrate", SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, SOCKET, AT),
	T("socket", SOCKET_FILTER, 0, SOCKET, NO),
	T("flow_dissector", FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, NETNS, AO),
	/* the rest */
	T("lwt_in", LWT_IN, 0, NONE, NO),
	T("lwt_out", LWT_OUT, 0, NONE, NO),
	T("lwt_xmit", LWT_XMIT, 0, NONE, NO),
	T("lwt_seg6local", LWT_SEG6LOCAL, 0, NONE, NO),
	T("perf_event", PERF_EVENT, 0, PERF_EVENT, NO),
	T("lirc_mode2", LIRC_MODE2, BPF_LIRC_MODE2, LIRC, AO),
	T("struct_ops/dctcp_init", STRUCT_OPS, 0, STRUCT_OPS, NO),
	T("struct_ops", STRUCT_OPS, 0, STRUCT_OPS, NO),
	T("struct_ops.s/x", STRUCT_OPS, 0, STRUCT_OPS, SL),
	T("netfilter", NETFILTER, BPF_NETFILTER, NETFILTER, NO),
	/* not conventions: exact names take no suffix, "+" names need a '/' */
	UNKNOWN(""),
	UNKNOWN("xdp/foo"),
	UNKNOWN("xdpfoo"),
	UNKNOWN("socket/1"),
	UNKNOWN("kprobes/x"),
	UNKNOWN("kprobe_x"),
	UNKNOWN("tc/other"),
	UNKNOWN("sk_skb/other"),
	UNKNOWN("cgroup/unknown"),
	UNKNOWN("cgroup_skb"),
	UNKNOWN("tcx"),
	UNKNOWN("syscall/x"),
	UNKNOWN(".text"),
	UNKNOWN("license"),
	UNKNOWN("?xdp"), /* the '?' is stripped before the lookup, not by it */
};
// clang-format on

static void test_cases(void **state)
{
	const struct bbpf__sec_def *d;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct sec_case *c = &cases[i];

		d = bbpf__sec_def_find(c->sec);
		if (c->ptype < 0) {
			if (d)
				fail_msg("'%s' matched row '%s'", c->sec, d->sec);
			continue;
		}
		if (!d)
			fail_msg("'%s' matched no row", c->sec);
		if ((int)d->prog_type != c->ptype || (int)d->attach_type != c->atype ||
		    (int)d->kind != c->kind || d->flags != c->flags)
			fail_msg(
				"'%s' (row '%s'): type %u attach %u kind %u flags 0x%x, want %d %d %d 0x%x",
				c->sec, d->sec, d->prog_type, d->attach_type, d->kind, d->flags,
				c->ptype, c->atype, c->kind, c->flags);
	}
}

/* Every row is reachable: its own name (and name/x for "+" rows) finds it, not an earlier one. */
static void test_no_shadowed_row(void **state)
{
	const struct bbpf__sec_def *defs, *d;
	char name[64];
	size_t i, n, len;

	(void)state;
	defs = bbpf__sec_defs(&n);
	assert_true(n > 90);
	for (i = 0; i < n; i++) {
		len = strlen(defs[i].sec);
		snprintf(name, sizeof(name), "%.*s", (int)(len - (defs[i].sec[len - 1] == '+')),
			 defs[i].sec);
		d = bbpf__sec_def_find(name);
		if (d != &defs[i])
			fail_msg("'%s' finds row '%s', not its own", name, d ? d->sec : "(none)");
		if (defs[i].sec[len - 1] != '+')
			continue;
		strcat(name, "/target");
		assert_ptr_equal(bbpf__sec_def_find(name), &defs[i]);
	}
}

/* Every convention listed in the issue has a row. */
static void test_issue_list_covered(void **state)
{
	static const char *const names[] = {
		"kprobe/",	   "kretprobe/",  "ksyscall/",	    "kretsyscall/",
		"kprobe.multi/",   "uprobe/",	  "uretprobe/",	    "uprobe.multi/",
		"usdt/",	   "tp/",	  "tracepoint/",    "raw_tp/",
		"raw_tracepoint/", "raw_tp.w/",	  "tp_btf/",	    "fentry/",
		"fexit/",	   "fmod_ret/",	  "freplace/",	    "lsm/",
		"lsm_cgroup/",	   "iter/",	  "syscall",	    "xdp",
		"xdp.frags",	   "xdp/devmap",  "xdp/cpumap",	    "tc",
		"tcx/ingress",	   "tcx/egress",  "classifier",	    "action",
		"netkit/primary",  "sockops",	  "sk_msg",	    "sk_lookup",
		"sk_reuseport",	   "socket",	  "flow_dissector", "lwt_in",
		"perf_event",	   "struct_ops/", "netfilter",	    "fentry.s/",
		"lsm.s/",	   "uprobe.s/",	  "iter.s/",
	};
	char name[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(name, sizeof(name), "%sx", names[i]);
		if (!bbpf__sec_def_find(names[i][strlen(names[i]) - 1] == '/' ? name : names[i]))
			fail_msg("no row for '%s'", names[i]);
	}
}

/* Names exist for every type and attach type the table uses. */
static void test_names(void **state)
{
	const struct bbpf__sec_def *defs;
	size_t i, n;

	(void)state;
	defs = bbpf__sec_defs(&n);
	for (i = 0; i < n; i++) {
		assert_string_not_equal(bbpf_prog_type_str(defs[i].prog_type), "unknown");
		assert_string_not_equal(bbpf_attach_type_str(defs[i].attach_type), "unknown");
		assert_string_not_equal(bbpf_attach_kind_str(defs[i].kind), "unknown");
	}
	assert_string_equal(bbpf_prog_type_str(BPF_PROG_TYPE_SCHED_CLS), "sched_cls");
	assert_string_equal(bbpf_attach_type_str(BPF_TRACE_FENTRY), "trace_fentry");
	assert_string_equal(bbpf_attach_type_str(BPF_TCX_INGRESS), "tcx_ingress");
	assert_string_equal(bbpf_attach_kind_str(BBPF_ATTACH_KPROBE_MULTI), "kprobe_multi");
	assert_string_equal(bbpf_prog_type_str(9999), "unknown");
	assert_string_equal(bbpf_attach_type_str(9999), "unknown");
	assert_string_equal(bbpf_attach_kind_str(BBPF_ATTACH_KIND_CNT), "unknown");
}

/* An unknown section name gets the nearest known one (issue 10, item 3). */
static void test_closest(void **state)
{
	static const struct {
		const char *sec, *want;
		size_t dist;
	} cases[] = {
		{ "tracepont/syscalls/sys_enter_getpid", "tracepoint", 1 },
		{ "kprobee/do_sys_open", "kprobe", 1 },
		{ "xdpp", "xdp", 1 },
		{ "cgroup/bnd4", "cgroup/bind4", 1 },
		{ "raw_tp/sys_enter", "raw_tp", 0 },
		{ "fentyr/x", "fentry", 2 },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(bbpf__sec_def_closest(cases[i].sec, buf, sizeof(buf)),
				 cases[i].dist);
		assert_string_equal(buf, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_no_shadowed_row),
		cmocka_unit_test(test_issue_list_covered),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_closest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
