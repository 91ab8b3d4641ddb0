// SPDX-License-Identifier: BSD-2-Clause
/*
 * bbpf_prog_attach() [sys]: a loaded program attached as its SEC() name
 * says. One table from attach kind to the function that attaches it; the
 * kinds themselves live one per file.
 */
#include <errno.h>

#include <barebpf/chain.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include "internal/log.h"
#include "internal/opts.h"
#include "internal/step.h"
#include "attach/internal.h"
#include "attach/net.h"

static const bbpf__attach_fn attach_fns[BBPF_ATTACH_KIND_CNT] = {
	[BBPF_ATTACH_TRACEPOINT] = bbpf__attach_tp_by_target,
	[BBPF_ATTACH_XDP] = bbpf__attach_xdp,
	[BBPF_ATTACH_TC] = bbpf__attach_tc,
	[BBPF_ATTACH_TCX] = bbpf__attach_tc,
	[BBPF_ATTACH_CGROUP] = bbpf__attach_cgroup,
	[BBPF_ATTACH_NETNS] = bbpf__attach_netns,
	[BBPF_ATTACH_ITER] = bbpf__attach_iter,
	[BBPF_ATTACH_PERF_EVENT] = bbpf__attach_perf_sample,
	[BBPF_ATTACH_RAW_TP] = bbpf__attach_raw_tp,
	[BBPF_ATTACH_KPROBE] = bbpf__attach_kprobe,
	[BBPF_ATTACH_KRETPROBE] = bbpf__attach_kprobe,
	[BBPF_ATTACH_KSYSCALL] = bbpf__attach_ksyscall,
	[BBPF_ATTACH_UPROBE] = bbpf__attach_uprobe,
	[BBPF_ATTACH_URETPROBE] = bbpf__attach_uprobe,
	[BBPF_ATTACH_KRETSYSCALL] = bbpf__attach_ksyscall,
	[BBPF_ATTACH_KPROBE_MULTI] = bbpf__attach_kprobe_multi,
	[BBPF_ATTACH_KRETPROBE_MULTI] = bbpf__attach_kprobe_multi,
	[BBPF_ATTACH_KPROBE_SESSION] = bbpf__attach_kprobe_multi,
	[BBPF_ATTACH_UPROBE_MULTI] = bbpf__attach_uprobe_multi,
	[BBPF_ATTACH_URETPROBE_MULTI] = bbpf__attach_uprobe_multi,
	[BBPF_ATTACH_TRACING] = bbpf__attach_tracing,
	[BBPF_ATTACH_LSM] = bbpf__attach_tracing,
};

/*
 * Kinds whose target comes only from the options (an interface, a cgroup, a
 * network namespace, a perf event): their section name says no target
 * ("tc/ingress" is a direction, "cgroup_skb/egress" a hook).
 */
static bool target_from_opts(enum bbpf_attach_kind kind)
{
	switch (kind) {
	case BBPF_ATTACH_XDP:
	case BBPF_ATTACH_TC:
	case BBPF_ATTACH_TCX:
	case BBPF_ATTACH_CGROUP:
	case BBPF_ATTACH_NETNS:
	case BBPF_ATTACH_PERF_EVENT:
		return true;
	default:
		return false;
	}
}

/* Kinds that may run with no target at all (their function says what it lacks). */
static bool target_optional(enum bbpf_attach_kind kind)
{
	return kind == BBPF_ATTACH_TRACING || kind == BBPF_ATTACH_LSM || kind == BBPF_ATTACH_ITER ||
	       target_from_opts(kind);
}

int bbpf_prog_attach(const struct bbpf_prog *prog, const struct bbpf_attach_opts *opts,
		     struct bbpf_link **out)
{
	enum bbpf_attach_kind kind;
	const char *target;

	if (!prog || !out || !OPTS_VALID(opts, bbpf_attach_opts))
		return -EINVAL;
	if (bbpf_prog_fd(prog) < 0) {
		pr_warn("prog '%s': not loaded, cannot attach\n", bbpf_prog_name(prog));
		return -ENOENT;
	}
	kind = bbpf_prog_attach_kind(prog);
	bbpf__sc_step(0, "attach program '%s' (%s)", bbpf_prog_name(prog),
		      bbpf_attach_kind_str(kind));
	if ((unsigned)kind >= BBPF_ATTACH_KIND_CNT || !attach_fns[kind]) {
		pr_warn("prog '%s': SEC(\"%s\"): attaching %s programs by section name is not "
			"supported\n",
			bbpf_prog_name(prog), bbpf_prog_sec_name(prog), bbpf_attach_kind_str(kind));
		return -EOPNOTSUPP;
	}
	target = OPTS_GET(opts, target, NULL);
	if (!target)
		target = "";
	if (!*target && !target_from_opts(kind))
		target = bbpf_prog_attach_target(prog);
	if (!*target && bbpf_prog_ksym_cnt(prog)) /* SEC("kprobe") with BBPF_KPROBE_OR() */
		target = bbpf_prog_ksym(prog, 0);
	if (!*target && !target_optional(kind)) {
		pr_warn("prog '%s': SEC(\"%s\") names no target to attach to\n",
			bbpf_prog_name(prog), bbpf_prog_sec_name(prog));
		return -EINVAL;
	}
	return attach_fns[kind](prog, target, opts, out);
}

bool bbpf_attach_kind_by_name(enum bbpf_attach_kind kind)
{
	return (unsigned)kind < BBPF_ATTACH_KIND_CNT && attach_fns[kind];
}
