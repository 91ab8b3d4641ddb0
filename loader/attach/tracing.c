// SPDX-License-Identifier: BSD-2-Clause
/*
 * BTF-typed and raw tracepoints, fentry/fexit/fmod_ret, lsm [sys]: one
 * BPF_RAW_TRACEPOINT_OPEN each. raw_tp names the tracepoint in the call;
 * the others were given their target as attach_btf_id at load, so the call
 * names nothing. The returned fd is a bpf_link (4.17+ for raw_tp, 5.5+ for
 * fentry and tp_btf), closed to detach.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>

#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/kfeat.h"
#include "internal/log.h"
#include "kernel/internal.h"
#include "attach/internal.h"

/* The hook's name for people, from the expected attach type. */
static const char *tracing_hook(const struct bbpf_prog *prog)
{
	switch (bbpf_prog_expected_attach_type(prog)) {
	case BPF_TRACE_FENTRY:
		return "fentry";
	case BPF_TRACE_FEXIT:
		return "fexit";
	case BPF_MODIFY_RETURN:
		return "fmod_ret";
	case BPF_TRACE_RAW_TP:
		return "tp_btf";
	case BPF_LSM_MAC:
		return "lsm";
	default:
		return "tracing";
	}
}

/* The feature a hook needs, decided by an attach probe (or switched off by BAREBPF_NO). */
static enum bbpf_feature hook_feature(const char *hook)
{
	if (!strcmp(hook, "raw_tp"))
		return BBPF_FEAT_RAW_TP;
	if (!strcmp(hook, "tp_btf"))
		return BBPF_FEAT_TP_BTF;
	if (!strcmp(hook, "fentry") || !strcmp(hook, "fexit") || !strcmp(hook, "fmod_ret"))
		return BBPF_FEAT_FENTRY;
	return BBPF_FEAT_CNT;
}

static int open_raw(const struct bbpf_prog *prog, const char *hook, const char *name,
		    const char *target, struct bbpf_link **out)
{
	enum bbpf_feature feat = hook_feature(hook);
	struct bbpf_link *l = NULL;
	int fd, err;

	if (feat != BBPF_FEAT_CNT && bbpf_feature_probe(feat) == 0) {
		err = bbpf__feature_why(feat);
		pr_warn("prog '%s': cannot attach to %s %s: this kernel has no %s attach (%s)\n",
			bbpf_prog_name(prog), hook, target, bbpf_feature_name(feat),
			err ? bbpf_strerror(err) : "switched off by BAREBPF_NO");
		return -EOPNOTSUPP;
	}
	fd = bbpf_sys_raw_tracepoint_open(name, bbpf_prog_fd(prog));
	if (fd < 0)
		return bbpf__attach_fail(bbpf_prog_name(prog), hook, target,
					 "BPF_RAW_TRACEPOINT_OPEN", fd);
	err = bbpf__link_new(BBPF_LINK_RAW_TP, hook, &l, "%s", target);
	if (err) {
		close(fd);
		return err;
	}
	l->fd = fd;
	*out = l;
	return 0;
}

int bbpf__attach_raw_tp(const struct bbpf_prog *prog, const char *target,
			const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	(void)opts;
	return open_raw(prog, "raw_tp", target, target, out);
}

int bbpf__attach_tracing(const struct bbpf_prog *prog, const char *target,
			 const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	const char *mod = bbpf__prog_loaded_module(prog), *sec = bbpf_prog_attach_target(prog);
	char full[256];

	(void)opts, (void)target;
	/* The target was fixed at load (attach_btf_id): the section's, whatever @target
	 * says; a module's named as libbpf's sections name it, "veth:veth_open". */
	if (mod && !strchr(sec, ':')) {
		snprintf(full, sizeof(full), "%s:%s", mod, sec);
		sec = full;
	}
	return open_raw(prog, tracing_hook(prog), NULL, sec, out);
}
