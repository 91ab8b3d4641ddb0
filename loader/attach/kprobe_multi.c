// SPDX-License-Identifier: BSD-2-Clause
/*
 * kprobe.multi, kretprobe.multi and kprobe.session [sys]: one program on
 * every kernel function a glob names ("kprobe.multi/tcp_*").
 *
 *   symbols   tracefs available_filter_functions (what fprobe can trace),
 *             else /proc/kallsyms; the kprobe blacklist and module functions
 *             left out (multi_syms.c)
 *   link      BPF_LINK_CREATE(BPF_TRACE_KPROBE_MULTI or _SESSION, the names;
 *             BPF_F_KPROBE_MULTI_RETURN for kretprobe.multi): one fd for all
 *   fallback  where the kernel has no multi link (no CONFIG_FPROBE, before
 *             5.18, or BAREBPF_NO=kprobe_multi) the program was loaded as a
 *             plain kprobe (load.c asks bbpf__prog_load_eat()), and here
 *             gets one kprobe or kretprobe per function (kprobe.c), grouped
 *             into one link (group.c). All or nothing, as the multi link is.
 *             kprobe.session has no such fallback: its program asks the
 *             kernel whether it runs at entry or return, which a plain
 *             kprobe cannot answer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/kfeat.h"
#include "internal/log.h"
#include "internal/opts.h"
#include "internal/uapi_compat.h"
#include "kernel/internal.h"
#include "attach/internal.h"

static const char *hook_of(enum bbpf_attach_kind kind)
{
	return kind == BBPF_ATTACH_KRETPROBE_MULTI  ? "kretprobe.multi"
	       : kind == BBPF_ATTACH_KPROBE_SESSION ? "kprobe.session"
						    : "kprobe.multi";
}

/* The functions matching @pat: from available_filter_functions where readable, else kallsyms. */
static int find_syms(const char *pat, char ***syms, size_t *cnt)
{
	static char *aff;
	static size_t aff_sz;
	const char *root, *text, *bl;
	char path[160];
	size_t sz, bl_sz;
	int err;

	root = aff ? NULL : bbpf__tracefs_root();
	if (!aff && root) {
		snprintf(path, sizeof(path), "%s/available_filter_functions", root);
		if (bbpf__read_text(path, &aff, &aff_sz))
			aff = NULL;
	}
	bl = bbpf__kprobe_blacklist(&bl_sz);
	if (aff)
		return bbpf__multi_syms(aff, aff_sz, false, pat, bl, bl_sz, syms, cnt);
	err = bbpf__kallsyms_get(&text, &sz);
	return err ?: bbpf__multi_syms(text, sz, true, pat, bl, bl_sz, syms, cnt);
}

static int multi_link(const struct bbpf_prog *prog, uint32_t eat, bool ret, char **syms, size_t cnt,
		      const char *pat, const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	const char *hook = hook_of(bbpf_prog_attach_kind(prog));
	uint64_t cookie = OPTS_GET(opts, cookie, 0), *cookies = NULL;
	struct bbpf_sys_link_create_opts lo = {
		.sz = sizeof(lo),
		.kprobe_multi_flags = ret ? BPF_F_KPROBE_MULTI_RETURN : 0,
		.kprobe_multi_cnt = (uint32_t)cnt,
		.kprobe_multi_syms = (const char **)syms,
	};
	size_t i;
	int fd, err;

	if (cookie) { /* the same cookie on every function */
		cookies = malloc(cnt * sizeof(*cookies));
		if (!cookies)
			return -ENOMEM;
		for (i = 0; i < cnt; i++)
			cookies[i] = cookie;
		lo.kprobe_multi_cookies = cookies;
	}
	fd = bbpf_sys_link_create(bbpf_prog_fd(prog), 0, eat, &lo);
	free(cookies);
	if (fd < 0)
		return bbpf__attach_fail(bbpf_prog_name(prog), hook, pat, "bpf_link", fd);
	err = bbpf__link_new(BBPF_LINK_BPF, hook, out, "%s", pat);
	if (err) {
		close(fd);
		return err;
	}
	(*out)->fd = fd;
	return 0;
}

/* One kprobe per function, as one link. */
static int one_by_one(const struct bbpf_prog *prog, bool ret, char **syms, size_t cnt,
		      const char *pat, const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	struct bbpf_link **links = calloc(cnt, sizeof(*links));
	size_t i;
	int err = links ? 0 : -ENOMEM;

	for (i = 0; i < cnt && !err; i++)
		err = bbpf__kprobe_attach_fn(prog, ret, syms[i], 0, opts, &links[i]);
	if (err) {
		while (links && i-- > 0)
			bbpf_link_destroy(links[i]);
		free(links);
		return err;
	}
	err = bbpf__link_group(links, cnt, hook_of(bbpf_prog_attach_kind(prog)), pat, out);
	free(links);
	return err;
}

int bbpf__attach_kprobe_multi(const struct bbpf_prog *prog, const char *target,
			      const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	enum bbpf_attach_kind kind = bbpf_prog_attach_kind(prog);
	bool ret = kind == BBPF_ATTACH_KRETPROBE_MULTI;
	int64_t eat = bbpf__prog_loaded_eat(prog);
	char **syms = NULL;
	size_t cnt = 0;
	int err;

	if (eat < 0)
		return (int)eat;
	if (kind == BBPF_ATTACH_KPROBE_SESSION && bbpf_feature_probe(BBPF_FEAT_KPROBE_SESSION) != 1)
		return bbpf__attach_fail(bbpf_prog_name(prog), hook_of(kind), target,
					 "bpf_link (kprobe.session needs 6.10 and CONFIG_FPROBE; "
					 "no fallback)",
					 -EOPNOTSUPP);
	err = find_syms(target, &syms, &cnt);
	if (err) {
		bbpf__multi_syms_free(syms, cnt);
		return bbpf__attach_fail(bbpf_prog_name(prog), hook_of(kind), target,
					 "no traceable kernel function matches", err);
	}
	pr_debug("prog '%s': %s '%s': %zu function(s), %s\n", bbpf_prog_name(prog), hook_of(kind),
		 target, cnt, eat ? "one multi link" : "one kprobe each");
	if (eat)
		err = multi_link(prog, (uint32_t)eat, ret, syms, cnt, target, opts, out);
	else
		err = one_by_one(prog, ret, syms, cnt, target, opts, out);
	bbpf__multi_syms_free(syms, cnt);
	return err;
}
