// SPDX-License-Identifier: BSD-2-Clause
/*
 * Programs at load [sys]: the linked instructions get their map, global data
 * and extern references, .BTF.ext func_info/line_info are laid onto the
 * linked program, the attach target's BTF id is looked up, and
 * BPF_PROG_LOAD runs without a verifier log. Only when it fails is the
 * program loaded again with a log buffer, grown until the log fits, and the
 * program name, the error and the log's tail (all of it at debug level)
 * printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/btf.h>

#include <barebpf/core.h>
#include <barebpf/sys.h>
#include "internal/kfeat.h"
#include "internal/log.h"
#include "internal/mem.h"
#include "obj/internal.h"
#include "load/externs.h"
#include "load/internal.h"
#include "load/vlog.h"

#define LOG_MIN	       (64 * 1024)
#define LOG_MAX	       (256u * 1024 * 1024)
#define LOG_TAIL_LINES 20

/* The .kconfig map's fd, or -1 when the object has none. */
static int kconfig_fd(const struct bbpf_obj *obj, const int *map_fds)
{
	size_t m;

	for (m = 0; m < obj->map_cnt; m++)
		if (obj->maps[m].kind == BBPF_MAP_KCONFIG)
			return map_fds[m];
	return -1;
}

/* Extern references get what the resolver found (loader/externs.c patches). */
static int patch_extern(const struct bbpf_obj *obj, const struct bbpf__extern_vals *ext,
			const struct bbpf_relo *r, struct bpf_insn *insn, const int *map_fds,
			const int *mod_fds)
{
	if (!ext) {
		pr_warn("prog insn %u: extern reference with no resolved externs\n", r->insn);
		return -EINVAL;
	}
	return bbpf__extern_patch(obj, ext, r, insn, kconfig_fd(obj, map_fds), mod_fds);
}

/* ld_imm64 of map @fd (+@off into its value when @value). */
static void patch_map_ref(struct bpf_insn *insn, int fd, bool value, int32_t off)
{
	insn[0].src_reg = value ? BPF_PSEUDO_MAP_VALUE : BPF_PSEUDO_MAP_FD;
	insn[0].imm = fd;
	insn[1].imm = value ? off : 0;
}

int bbpf__patch_insns(const struct bbpf_obj *obj, const struct bbpf_prog *prog,
		      struct bpf_insn *insns, const int *map_fds,
		      const struct bbpf__extern_vals *ext, const int *mod_fds)
{
	const struct bbpf_relo *r;
	size_t i;
	int err = 0;

	for (i = 0; i < prog->relo_cnt && !err; i++) {
		r = &prog->relos[i];
		if (r->kind == BBPF_RELO_MAP || r->kind == BBPF_RELO_MAP_VALUE)
			patch_map_ref(&insns[r->insn], map_fds[r->target],
				      r->kind == BBPF_RELO_MAP_VALUE, r->off);
		else if (r->kind == BBPF_RELO_EXTERN_VAR || r->kind == BBPF_RELO_EXTERN_FUNC)
			err = patch_extern(obj, ext, r, &insns[r->insn], map_fds, mod_fds);
	}
	return err;
}

/*
 * The records of @kind for function @f, appended to @out (@rec_sz bytes
 * each, insn_off rewritten to the linked program's instruction @start + n).
 */
static int collect_ext(const struct bbpf_obj *obj, enum bbpf_btf_ext_kind kind,
		       const struct bbpf__func *f, uint32_t start, struct bbpf__ext_buf *out)
{
	uint32_t rec_sz = kind == BBPF_BTF_EXT_FUNC_INFO ? 8 : 16, at, *rec;
	struct bbpf_btf_ext_iter it;
	const uint32_t *r;
	int err;

	bbpf_btf_ext_iter_init(&it, obj->btf_ext, kind);
	while (bbpf_btf_ext_iter_next_sec(&it) > 0) {
		if (!it.sec_name || strcmp(it.sec_name, f->desc.sec_name))
			continue;
		while ((r = bbpf_btf_ext_iter_next_rec(&it))) {
			at = r[0] / BBPF__INSN_SZ;
			if (at < f->desc.sec_insn_off ||
			    at >= f->desc.sec_insn_off + f->desc.insn_cnt)
				continue;
			err = bbpf__grow(&out->recs, &out->cap, rec_sz, out->cnt + 1);
			if (err)
				return err;
			rec = (uint32_t *)((char *)out->recs + out->cnt++ * rec_sz);
			memcpy(rec, r, rec_sz);
			rec[0] = at - f->desc.sec_insn_off + start;
		}
	}
	return 0;
}

int bbpf__collect_ext_info(const struct bbpf_obj *obj, const struct bbpf_prog *prog,
			   struct bbpf__ext_buf *fi, struct bbpf__ext_buf *li)
{
	const struct bbpf__func *f;
	uint32_t start;
	size_t i;
	int err = 0;

	if (!obj->btf_ext)
		return 0;
	for (i = 0; i < prog->func_cnt && !err; i++) {
		f = &obj->funcs[prog->layout[2 * i]];
		start = prog->layout[2 * i + 1];
		err = collect_ext(obj, BBPF_BTF_EXT_FUNC_INFO, f, start, fi);
		err = err ?: collect_ext(obj, BBPF_BTF_EXT_LINE_INFO, f, start, li);
	}
	return err;
}

/*
 * Prints the last LOG_TAIL_LINES lines of @log, or all of it when @all.
 *
 *   "...\nline k\n...\nlast\n"   tail: from just after the newline that
 *                                     ends the line before the last 20
 */
static void print_log(const char *log, bool all)
{
	const char *p = log + strlen(log);
	int lines = 0;

	while (!all && p > log && lines <= LOG_TAIL_LINES)
		if (*--p == '\n')
			lines++;
	if (all)
		p = log;
	else if (lines > LOG_TAIL_LINES)
		p++; /* past the newline that ends the line before the tail */
	pr_warn("-- verifier log%s --\n%s-- end of log --\n", p == log ? "" : " (tail)", p);
}

/*
 * The poisoned call the verifier stopped at, if that is why it refused:
 *
 *   31: (85) call unknown#195896080
 *   invalid func unknown#195896080
 *
 * A poisoned call in a branch the verifier proved dead never shows up, so
 * it is not blamed for a refusal with another cause.
 */
static bool reached_poison(const char *log, size_t *insn, int32_t *imm)
{
	const char *p = NULL, *q = log, *line;

	while ((q = strstr(q, "invalid func unknown#")))
		p = q++;
	if (!p || sscanf(p, "invalid func unknown#%d", imm) != 1)
		return false;
	if (*imm != BBPF_CORE_POISON_IMM && *imm < BBPF__POISON_KFUNC_BASE)
		return false;
	line = p > log ? p - 1 : p;
	while (line > log && line[-1] != '\n')
		line--;
	return sscanf(line, "%zu: (85) call unknown#", insn) == 1;
}

/* After the log: a poisoned instruction that was reached, named; or no log at all. */
static void explain_log(const struct bbpf__prog_req *rq, const char *log, int err)
{
	char why[560];
	size_t insn;
	int32_t imm;

	if (!log || !log[0]) {
		pr_warn("prog '%s': the kernel refused this program (%s) without a verifier log: "
			"it does not allow this program type here (see `barebpf feature probe`); "
			"leave it out with --skip %s\n",
			rq->name, bbpf_strerror(err), rq->name);
		return;
	}
	if (!reached_poison(log, &insn, &imm))
		return;
	if (rq->why_poisoned && rq->why_poisoned(rq->ctx, rq->prog, insn, imm, why, sizeof(why)))
		pr_warn("prog '%s': insn %zu was poisoned, and the verifier reached it: %s\n",
			rq->name, insn, why);
	else
		pr_warn("prog '%s': insn %zu was poisoned (a CO-RE relocation or __weak kfunc "
			"found nothing in the target), and the verifier reached it\n",
			rq->name, insn);
}

/*
 * The log with each quoted instruction's function, source line and CO-RE
 * relocation, and where the verifier stopped, in those words.
 */
static void print_annotated(const struct bbpf__prog_req *rq, const char *log)
{
	long last = -1;
	char *ann = rq->vlog ? bbpf__vlog_annotate(rq->vlog, log, &last) : NULL;
	char desc[400];

	print_log(ann ? ann : log, rq->log_all);
	free(ann);
	if (last < 0)
		return;
	bbpf__vlog_describe(rq->vlog, (size_t)last, desc, sizeof(desc));
	if (desc[0])
		pr_warn("prog '%s': the verifier stopped at insn %ld: %s\n", rq->name, last, desc);
}

/* Loads again with a log that grows until it fits, and prints it. */
static void explain_failure(const struct bbpf__prog_req *rq, int err)
{
	struct bbpf_sys_prog_load_opts o = *rq->opts;
	uint32_t sz = LOG_MIN;
	char *log = NULL;
	int fd;

	pr_warn("prog '%s': BPF_PROG_LOAD: %s\n", rq->name, bbpf_strerror(err));
	/* Each try gets a new, larger buffer: what a failed try wrote is not kept. */
	for (; sz <= LOG_MAX; sz *= 4) {
		free(log);
		log = malloc(sz);
		if (!log)
			break;
		log[0] = '\0';
		o.log_buf = log;
		o.log_size = sz;
		o.log_level = 1;
		fd = bbpf_sys_prog_load(rq->type, rq->name, rq->license, rq->insns, rq->cnt, &o);
		if (fd >= 0)
			close(fd);
		if (fd != -ENOSPC)
			break;
	}
	if (log && log[0])
		print_annotated(rq, log);
	explain_log(rq, log, err);
	free(log);
}

int bbpf__prog_load_try(const struct bbpf__prog_req *rq)
{
	struct bbpf_sys_prog_load_opts o = *rq->opts;
	int fd;

	fd = bbpf_sys_prog_load(rq->type, rq->name, rq->license, rq->insns, rq->cnt, &o);
	if (fd < 0 && rq->exp_opt && o.expected_attach_type) {
		o.expected_attach_type = 0; /* older kernels refuse it for some types */
		fd = bbpf_sys_prog_load(rq->type, rq->name, rq->license, rq->insns, rq->cnt, &o);
	}
	return fd;
}

void bbpf__prog_load_explain(const struct bbpf__prog_req *rq, int err)
{
	explain_failure(rq, err);
}

int bbpf__prog_load_req(const struct bbpf__prog_req *rq)
{
	int fd = bbpf__prog_load_try(rq);

	if (fd < 0)
		explain_failure(rq, fd);
	return fd;
}
