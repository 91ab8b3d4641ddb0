// SPDX-License-Identifier: BSD-2-Clause
/*
 * uprobe.multi and uretprobe.multi [sys]: one program on every function of
 * a binary whose name matches a glob ("uprobe.multi/libc.so.6:str*", or
 * opts->target of that form; the binary found as for uprobe.c).
 *
 *   symbols   the defined functions of .symtab and .dynsym (loader/elf/)
 *             matching the glob, each offset once (aliases share one)
 *   link      BPF_LINK_CREATE(BPF_TRACE_UPROBE_MULTI, path, offsets;
 *             BPF_F_UPROBE_MULTI_RETURN for uretprobe.multi; opts->pid):
 *             one fd for all (6.6+)
 *   fallback  before 6.6 or with BAREBPF_NO=uprobe_multi the program was
 *             loaded as a plain uprobe (load.c) and gets one uprobe PMU
 *             event per offset (uprobe.c), grouped into one link; all or
 *             nothing
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/kfeat.h"
#include "internal/log.h"
#include "internal/mem.h"
#include "internal/opts.h"
#include "internal/uapi_compat.h"
#include "elf/read.h"
#include "attach/internal.h"

struct ufuncs {
	const char *pat;
	uint64_t *offs;
	size_t cnt, cap;
};

static int on_func(void *ctx, const char *name, uint64_t off)
{
	struct ufuncs *u = ctx;
	size_t i;

	if (!bbpf__glob_match(u->pat, name))
		return 0;
	for (i = 0; i < u->cnt; i++)
		if (u->offs[i] == off)
			return 0; /* the same code under another name, or in both tables */
	if (bbpf__grow((void **)&u->offs, &u->cap, sizeof(*u->offs), u->cnt + 1))
		return -ENOMEM;
	u->offs[u->cnt++] = off;
	return 0;
}

static const char *hook_of(bool ret)
{
	return ret ? "uretprobe.multi" : "uprobe.multi";
}

static int multi_link(const struct bbpf_prog *prog, bool ret, const char *path,
		      const struct ufuncs *u, const char *desc, const struct bbpf_attach_opts *opts,
		      struct bbpf_link **out)
{
	uint64_t cookie = OPTS_GET(opts, cookie, 0), *cookies = NULL;
	pid_t pid = OPTS_GET(opts, pid, 0);
	struct bbpf_sys_link_create_opts lo = {
		.sz = sizeof(lo),
		.uprobe_multi_path = path,
		.uprobe_multi_offsets = u->offs,
		.uprobe_multi_cnt = (uint32_t)u->cnt,
		.uprobe_multi_flags = ret ? BPF_F_UPROBE_MULTI_RETURN : 0,
		.uprobe_multi_pid = pid > 0 ? (uint32_t)pid : 0,
	};
	size_t i;
	int fd, err;

	if (cookie) { /* the same cookie at every offset */
		cookies = malloc(u->cnt * sizeof(*cookies));
		if (!cookies)
			return -ENOMEM;
		for (i = 0; i < u->cnt; i++)
			cookies[i] = cookie;
		lo.uprobe_multi_cookies = cookies;
	}
	fd = bbpf_sys_link_create(bbpf_prog_fd(prog), 0, BPF_TRACE_UPROBE_MULTI, &lo);
	free(cookies);
	if (fd < 0)
		return bbpf__attach_fail(bbpf_prog_name(prog), hook_of(ret), desc, "bpf_link", fd);
	err = bbpf__link_new(BBPF_LINK_BPF, hook_of(ret), out, "%s", desc);
	if (err) {
		close(fd);
		return err;
	}
	(*out)->fd = fd;
	return 0;
}

static int one_by_one(const struct bbpf_prog *prog, bool ret, const char *path,
		      const struct ufuncs *u, const char *desc, const struct bbpf_attach_opts *opts,
		      struct bbpf_link **out)
{
	struct bbpf_link **links = calloc(u->cnt, sizeof(*links));
	char one[600];
	size_t i;
	int err = links ? 0 : -ENOMEM;

	for (i = 0; i < u->cnt && !err; i++) {
		snprintf(one, sizeof(one), "%s:+0x%llx", path, (unsigned long long)u->offs[i]);
		err = bbpf__uprobe_attach_off(prog, ret, path, u->offs[i], one, opts, &links[i]);
	}
	if (err) {
		while (links && i-- > 0)
			bbpf_link_destroy(links[i]);
		free(links);
		return err;
	}
	err = bbpf__link_group(links, u->cnt, hook_of(ret), desc, out);
	free(links);
	return err;
}

int bbpf__attach_uprobe_multi(const struct bbpf_prog *prog, const char *target,
			      const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	bool ret = bbpf_prog_attach_kind(prog) == BBPF_ATTACH_URETPROBE_MULTI;
	char name[256], path[512], pat[256], desc[800];
	int64_t eat = bbpf__prog_loaded_eat(prog);
	struct ufuncs u = { .pat = pat };
	uint64_t off;
	int err;

	if (eat < 0)
		return (int)eat;
	if (bbpf__uprobe_split(target, name, sizeof(name), pat, sizeof(pat), &off) || off) {
		pr_warn("prog '%s': uprobe.multi target '%s' is not PATH:PATTERN\n",
			bbpf_prog_name(prog), target);
		return -EINVAL;
	}
	err = bbpf__lib_resolve(name, path, sizeof(path));
	if (err)
		return bbpf__attach_fail(bbpf_prog_name(prog), hook_of(ret), target,
					 "finding the binary", err);
	snprintf(desc, sizeof(desc), "%s:%s", path, pat);
	err = bbpf__elf_funcs(path, on_func, &u);
	if (!err && !u.cnt)
		err = -ENOENT;
	if (err) {
		free(u.offs);
		return bbpf__attach_fail(bbpf_prog_name(prog), hook_of(ret), desc,
					 "matching function symbols", err);
	}
	pr_debug("prog '%s': %s '%s': %zu function(s), %s\n", bbpf_prog_name(prog), hook_of(ret),
		 desc, u.cnt, eat ? "one multi link" : "one uprobe each");
	if (eat)
		err = multi_link(prog, ret, path, &u, desc, opts, out);
	else
		err = one_by_one(prog, ret, path, &u, desc, opts, out);
	free(u.offs);
	return err;
}
