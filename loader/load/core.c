// SPDX-License-Identifier: BSD-2-Clause
/*
 * The one CO-RE walker: every .BTF.ext CO-RE record of an opened object,
 * in file order, through the pure engine (btf/core_*.c) onto per-function
 * copies of the code that the caller owns:
 *
 *   record (section S, byte insn_off)
 *     -> the function of S holding insn_off / 8      (struct bbpf__func)
 *     -> candidates from the per-object cache         bbpf_core_cands_find()
 *     -> value before / after                         bbpf_core_calc()
 *     -> code[func][insn_off / 8 - sec_insn_off]     bbpf_core_patch()
 *     -> the caller's report callback                 (struct bbpf_core_relo_info)
 *
 * `load` walks into the copies it then links and loads (load.c reports
 * failures and remembers poisons); `core explain` is the same walk into
 * scratch copies with a printing callback (bbpf_obj_core_relocate()). So
 * the differential test of explain against libbpf covers what load does.
 *
 * Numbering follows libbpf's logs: "relo #N" counts within the section's
 * block of records, "insn" counts from the start of the function. Each
 * function is relocated once however many programs reach it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/core.h>
#include "internal/log.h"
#include "obj/internal.h"
#include "load/internal.h"

struct walk {
	const struct bbpf_obj *obj;
	struct bbpf_core_cache *cache;
	struct bpf_insn *const *code; /* [func_cnt] */
	const bool *want;	      /* [func_cnt]: the functions relocated now; NULL: all */
	const struct bbpf_core_walk_cbs *cbs;
	bool text; /* every relocation in words (explain); else only what is not OK */
	struct bbpf_core_relo_info info;
	char first_why[160];
	int failed;
};

/* The function of section @sec_name holding instruction @at of it, or -1. */
static int find_func(const struct bbpf_obj *obj, const char *sec_name, uint32_t at)
{
	const struct bbpf__func *f;
	size_t i;

	for (i = 0; sec_name && i < obj->func_cnt; i++) {
		f = &obj->funcs[i];
		if (at >= f->desc.sec_insn_off && at < f->desc.sec_insn_off + f->desc.insn_cnt &&
		    !strcmp(f->desc.sec_name, sec_name))
			return (int)i;
	}
	return -1;
}

/* The value CO-RE relocates in @insn: imm, off, or the 64-bit immediate. */
static uint64_t insn_value(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return (uint64_t)(int64_t)insn->off;
	case BPF_LD:
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
			return (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;
		/* fallthrough */
	default:
		return (uint64_t)(int64_t)insn->imm;
	}
}

static void on_cand(void *ctx, uint32_t i, const struct bbpf_core_cand *cand, bool matched,
		    const char *spec, const char *why)
{
	struct walk *w = ctx;

	if (!matched && !w->first_why[0])
		snprintf(w->first_why, sizeof(w->first_why), "[%u] %s", cand->id, why);
	if (w->cbs && w->cbs->cand)
		w->cbs->cand(w->cbs->ctx, i, cand, matched, spec, why);
}

static void fill_local(struct walk *w, const struct bbpf_btf_core_relo *r)
{
	const struct bbpf_btf *btf = w->obj->btf;
	const struct btf_type *t = bbpf_btf_type_by_id(btf, r->type_id);
	const char *name = bbpf_btf_name(btf, r->type_id);
	struct bbpf_core_relo_info *info = &w->info;

	info->access = bbpf_btf_str(btf, r->access_str_off) ?: "";
	snprintf(info->local, sizeof(info->local), "%s %s",
		 t ? bbpf_btf_kind_str(bbpf_btf_kind(t)) : "?", name && *name ? name : "<anon>");
	for (char *p = info->local; *p && *p != ' '; p++)
		*p = *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p;
	if (bbpf_core_spec_str(btf, r, info->spec, sizeof(info->spec)) < 0)
		snprintf(info->spec, sizeof(info->spec), "[%u] (malformed access \"%s\")",
			 r->type_id, info->access);
}

/* Why nothing matched: no candidate at all, or the first one's reason. */
static void fill_missing_why(struct walk *w)
{
	struct bbpf_core_relo_info *info = &w->info;

	if (info->relo->kind == BPF_CORE_TYPE_ID_LOCAL)
		return;
	if (!info->local[0])
		fill_local(w, info->relo);
	if (!info->cands_before)
		snprintf(info->why, sizeof(info->why), "the target has no %s", info->local);
	else
		snprintf(info->why, sizeof(info->why), "none of %u candidate(s) matched: %s",
			 info->cands_before, w->first_why);
}

static enum bbpf_core_result classify(const struct bbpf_core_relo_info *info)
{
	if (info->err)
		return BBPF_CORE_RES_ERROR;
	if (info->new_insn.code == (BPF_JMP | BPF_CALL) &&
	    info->new_insn.imm == BBPF_CORE_POISON_IMM &&
	    !(info->old_insn.code == (BPF_JMP | BPF_CALL) &&
	      info->old_insn.imm == BBPF_CORE_POISON_IMM))
		return BBPF_CORE_RES_POISONED;
	if (!info->res.found && info->relo->kind != BPF_CORE_TYPE_ID_LOCAL)
		return BBPF_CORE_RES_MISSING;
	return BBPF_CORE_RES_OK;
}

static void on_match(void *ctx, const struct bbpf_core_cand *cand, uint32_t kind,
		     const uint32_t *raw, int raw_len)
{
	struct walk *w = ctx;

	w->cbs->match(w->cbs->ctx, cand, kind, raw, raw_len);
}

/* Candidates (unless local_type_id), calculation, patch. */
static int apply(struct walk *w, struct bpf_insn *insn, size_t left)
{
	struct bbpf_core_relo_info *info = &w->info;
	const struct bbpf_btf_core_relo *r = info->relo;
	struct bbpf_core_calc_opts opts = {
		.sz = sizeof(opts),
		.prog = info->prog,
		.relo_idx = info->relo_idx,
		.cand_cb = on_cand,
		.cand_no_spec = !w->text,
		.ctx = w,
		.why = info->why,
		.why_sz = sizeof(info->why),
		.match_cb = w->cbs && w->cbs->match ? on_match : NULL,
	};
	struct bbpf_core_cands *cands = NULL;
	int err = 0;

	if (r->kind != BPF_CORE_TYPE_ID_LOCAL) {
		err = bbpf_core_cands_find(w->cache, r->type_id, &cands);
		if (err)
			snprintf(info->why, sizeof(info->why), "no candidates for [%u]: %s",
				 r->type_id, bbpf_strerror(err));
	}
	info->cands_before = cands ? cands->cnt : 0;
	err = err ?: bbpf_core_calc(w->obj->btf, r, cands, &opts, &info->res);
	info->cands = cands;
	if (!err && !info->res.found)
		fill_missing_why(w);
	return err ?: bbpf_core_patch(insn, left, &info->res, info->prog, info->insn_idx);
}

static int one_relo(struct walk *w, const char *sec, const struct bbpf_btf_core_relo *r,
		    uint32_t idx)
{
	struct bbpf_core_relo_info *info = &w->info;
	uint32_t at = r->insn_off / BBPF__INSN_SZ;
	int fi = r->insn_off % BBPF__INSN_SZ ? -1 : find_func(w->obj, sec, at);
	const struct bbpf__func *f = fi < 0 ? NULL : &w->obj->funcs[fi];
	struct bpf_insn *insn;

	if (f && w->want && !w->want[fi])
		return 0; /* a function no program of this load reaches (yet) */
	memset(info, 0, sizeof(*info));
	w->first_why[0] = '\0';
	info->sec = sec ? sec : "?";
	info->relo = r;
	info->relo_idx = idx;
	info->func = fi;
	if (w->text)
		fill_local(w, r);
	info->prog = f ? f->name : info->sec;
	info->insn_idx = f ? at - f->desc.sec_insn_off : at;
	if (!f) {
		info->err = -EINVAL;
		snprintf(info->why, sizeof(info->why),
			 "instruction offset %u of section %s is in no function", r->insn_off,
			 info->sec);
	} else {
		insn = &w->code[fi][info->insn_idx];
		info->old_insn = *insn;
		info->old_val = insn_value(insn);
		info->err = apply(w, insn, f->desc.insn_cnt - info->insn_idx);
		info->new_insn = *insn;
		info->new_val = insn_value(insn);
	}
	info->result = classify(info);
	if (!info->local[0] && info->result != BBPF_CORE_RES_OK)
		fill_local(w, r); /* a load says these in words: errors, misses, poisons */
	w->failed += info->result == BBPF_CORE_RES_ERROR;
	return w->cbs && w->cbs->relo ? w->cbs->relo(w->cbs->ctx, info) : 0;
}

int bbpf__core_walk(const struct bbpf_obj *obj, const struct bbpf_core_targets *targets,
		    struct bpf_insn *const *code, const bool *want,
		    const struct bbpf_core_walk_cbs *cbs, bool text)
{
	struct walk w = { .obj = obj, .code = code, .want = want, .cbs = cbs, .text = text };
	const struct bbpf_btf_core_relo *r;
	struct bbpf_btf_ext_iter it;
	uint32_t idx;
	int err;

	if (!obj->btf_ext || !bbpf_btf_ext_rec_size(obj->btf_ext, BBPF_BTF_EXT_CORE_RELO))
		return 0;
	err = bbpf_core_cache_new(obj->btf, targets, &w.cache);
	if (err)
		return err;
	bbpf_btf_ext_iter_init(&it, obj->btf_ext, BBPF_BTF_EXT_CORE_RELO);
	while (!err && bbpf_btf_ext_iter_next_sec(&it) > 0)
		for (idx = 0; !err && (r = bbpf_btf_ext_iter_next_rec(&it)); idx++)
			err = one_relo(&w, it.sec_name, r, idx);
	bbpf_core_cache_free(w.cache);
	return err ?: w.failed;
}

void bbpf__func_code_free(struct bpf_insn **code, size_t cnt)
{
	size_t i;

	for (i = 0; code && i < cnt; i++)
		free(code[i]);
	free(code);
}

int bbpf__func_code_copy(const struct bbpf_obj *obj, struct bpf_insn ***out)
{
	struct bpf_insn **code = calloc(obj->func_cnt + 1, sizeof(*code));
	const struct bbpf__func *f;
	size_t i;

	if (!code)
		return -ENOMEM;
	for (i = 0; i < obj->func_cnt; i++) {
		f = &obj->funcs[i];
		code[i] = malloc((f->desc.insn_cnt + 1) * sizeof(**code));
		if (!code[i]) {
			bbpf__func_code_free(code, i);
			return -ENOMEM;
		}
		memcpy(code[i], f->insns, f->desc.insn_cnt * sizeof(**code));
	}
	*out = code;
	return 0;
}

int bbpf_obj_core_relocate(const struct bbpf_obj *obj, const struct bbpf_core_targets *targets,
			   const struct bbpf_core_walk_cbs *cbs)
{
	struct bpf_insn **code = NULL;
	int err;

	if (!obj || !targets)
		return -EINVAL;
	if (!obj->btf) {
		pr_warn("%s: no .BTF section: build it with clang -g\n", obj->name);
		return -ENOENT;
	}
	err = bbpf__func_code_copy(obj, &code);
	err = err ?: bbpf__core_walk(obj, targets, code, NULL, cbs, true);
	for (size_t i = 0; err >= 0 && cbs && cbs->func && i < obj->func_cnt; i++) {
		int ret = cbs->func(cbs->ctx, (int)i, code[i], obj->funcs[i].desc.insn_cnt);

		err = ret ?: err;
	}
	bbpf__func_code_free(code, obj->func_cnt);
	return err;
}
