// SPDX-License-Identifier: BSD-2-Clause
/*
 * The multi links, decided by asking for one [sys]: kprobe.multi and
 * kprobe.session need CONFIG_FPROBE (off on most of Debian's kernels) on top
 * of a new enough kernel, uprobe.multi needs 6.6. Each probe loads the
 * smallest kprobe program of the attach type and asks for a link that
 * cannot be made, on a target chosen so that a kernel with the link kind
 * answers with a lookup error and one without it refuses the request:
 *
 *   kprobe.multi/session  symbol "bbpf_probe_no_such_symbol": ESRCH (5.19+;
 *                         5.18 ENOENT) yes; EOPNOTSUPP (no FPROBE), EINVAL
 *                         (no such attach type) no
 *   uprobe.multi          path "/", a directory: EBADF yes; EOPNOTSUPP
 *                         (no uprobes), EINVAL (before 6.6) no
 *
 * Nothing is attached either way; the program is closed again.
 */
#include <errno.h>
#include <unistd.h>

#include <barebpf/features.h>
#include <barebpf/sys.h>
#include "internal/compiler.h"
#include "internal/err.h"
#include "internal/uapi_compat.h"
#include "kernel/internal.h"

/* r0 = 0; exit */
static const struct bpf_insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* The link_create answer: 1 when @yes_err (or a link) came back, 0 for a refusal, else -errno. */
static int try_link(enum bpf_attach_type eat, const struct bbpf_sys_link_create_opts *lo,
		    int yes_err, int yes_err2)
{
	struct bbpf_sys_prog_load_opts o = { .sz = sizeof(o), .expected_attach_type = eat };
	int prog, link;

	prog = bbpf_sys_prog_load(BPF_PROG_TYPE_KPROBE, "bbpf_probe", "GPL", ret0, ARRAY_SIZE(ret0),
				  &o);
	if (prog < 0)
		return prog == -EINVAL || prog == -EOPNOTSUPP ? 0 : prog;
	link = bbpf_sys_link_create(prog, 0, eat, lo);
	close(prog);
	if (link >= 0) {
		close(link);
		return 1;
	}
	if (link == yes_err || link == yes_err2)
		return 1;
	return link == -EINVAL || link == -EOPNOTSUPP || link == -ENOTSUPP ? 0 : link;
}

static int kprobe_multi(enum bpf_attach_type eat)
{
	static const char *syms[] = { "bbpf_probe_no_such_symbol" };
	struct bbpf_sys_link_create_opts lo = {
		.sz = sizeof(lo),
		.kprobe_multi_cnt = 1,
		.kprobe_multi_syms = syms,
	};

	return try_link(eat, &lo, -ESRCH, -ENOENT);
}

int bbpf__probe_kprobe_multi(void)
{
	return kprobe_multi(BPF_TRACE_KPROBE_MULTI);
}

int bbpf__probe_kprobe_session(void)
{
	return kprobe_multi(BPF_TRACE_KPROBE_SESSION);
}

int bbpf__probe_uprobe_multi(void)
{
	static const uint64_t offs[] = { 0 };
	struct bbpf_sys_link_create_opts lo = {
		.sz = sizeof(lo),
		.uprobe_multi_path = "/",
		.uprobe_multi_offsets = offs,
		.uprobe_multi_cnt = 1,
	};

	return try_link(BPF_TRACE_UPROBE_MULTI, &lo, -EBADF, -EBADF);
}
