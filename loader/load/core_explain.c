// SPDX-License-Identifier: BSD-2-Clause
/*
 * bbpf_core_obj_relocate(): every CO-RE relocation of an object, in
 * .BTF.ext order, through the pure engine (btf/core_*.c): candidates from
 * the per-object cache, bbpf_core_calc(), bbpf_core_patch() on a copy of
 * the code. Each one is reported to the caller with what it was, what it
 * became and why, which is all `barebpf core explain` prints.
 *
 * Numbering follows libbpf's logs, so that both can be read side by side:
 * "relo #N" counts within the section's block of records, "insn" counts
 * from the start of the function symbol holding the instruction.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/log.h"
#include "obj/core_objfile.h"

struct walk {
	struct bbpf_core_obj *obj;
	struct bbpf_core_cache *cache;
	const struct bbpf_core_walk_cbs *cbs;
	struct bbpf_core_relo_info info;
	struct bpf_insn *code; /* the current section's copy */
	const struct bbpf__core_sec *sec;
	char first_why[160];
	int failed;
};

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
	if (w->cbs->cand)
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

/* Candidates (unless local_type_id), calculation, patch on the section copy. */
static int apply(struct walk *w, struct bpf_insn *insn, size_t left)
{
	struct bbpf_core_relo_info *info = &w->info;
	const struct bbpf_btf_core_relo *r = info->relo;
	struct bbpf_core_calc_opts opts = {
		.sz = sizeof(opts),
		.prog = info->prog,
		.relo_idx = info->relo_idx,
		.cand_cb = on_cand,
		.ctx = w,
		.why = info->why,
		.why_sz = sizeof(info->why),
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

static int one_relo(struct walk *w, const struct bbpf_btf_core_relo *r, uint32_t idx)
{
	struct bbpf_core_relo_info *info = &w->info;
	const struct bbpf__core_func *f = NULL;
	size_t at = r->insn_off / sizeof(struct bpf_insn);
	bool in_range =
		w->sec && r->insn_off % sizeof(struct bpf_insn) == 0 && at < w->sec->insn_cnt;

	memset(info, 0, sizeof(*info));
	w->first_why[0] = '\0';
	info->sec = w->sec ? w->sec->name : "?";
	info->relo = r;
	info->relo_idx = idx;
	fill_local(w, r);
	if (in_range)
		f = bbpf__core_obj_func(w->obj, w->sec->idx, at);
	info->prog = f ? f->name : info->sec;
	info->insn_idx = f ? at - f->start : at;
	if (!in_range) {
		info->err = -EINVAL;
		snprintf(info->why, sizeof(info->why),
			 "instruction offset %u is outside section %s", r->insn_off, info->sec);
		pr_warn("relo #%u: %s\n", idx, info->why);
	} else {
		info->old_insn = w->code[at];
		info->old_val = insn_value(&w->code[at]);
		info->err = apply(w, &w->code[at], w->sec->insn_cnt - at);
		info->new_insn = w->code[at];
		info->new_val = insn_value(&w->code[at]);
	}
	info->result = classify(info);
	w->failed += info->result == BBPF_CORE_RES_ERROR;
	return w->cbs->relo ? w->cbs->relo(w->cbs->ctx, info) : 0;
}

/* One .BTF.ext block: the relocations of one code section. */
static int walk_sec(struct walk *w, struct bbpf_btf_ext_iter *it)
{
	const struct bbpf_btf_core_relo *r;
	uint32_t idx = 0;
	int err = 0;

	w->sec = bbpf__core_obj_sec(w->obj, it->sec_name);
	free(w->code);
	w->code = NULL;
	if (w->sec) {
		w->code = calloc(w->sec->insn_cnt + 1, sizeof(*w->code));
		if (!w->code)
			return -ENOMEM;
		memcpy(w->code, w->sec->insns, w->sec->insn_cnt * sizeof(*w->code));
	} else {
		pr_warn("CO-RE relocations for section %s, which the object does not have\n",
			it->sec_name ? it->sec_name : "?");
	}
	while (!err && (r = bbpf_btf_ext_iter_next_rec(it)))
		err = one_relo(w, r, idx++);
	return err;
}

int bbpf_core_obj_relocate(struct bbpf_core_obj *obj, const struct bbpf_core_targets *targets,
			   const struct bbpf_core_walk_cbs *cbs)
{
	struct walk w = { .obj = obj, .cbs = cbs };
	struct bbpf_btf_ext_iter it;
	int err;

	err = bbpf_core_cache_new(obj->btf, targets, &w.cache);
	if (err)
		return err;
	bbpf_btf_ext_iter_init(&it, obj->ext, BBPF_BTF_EXT_CORE_RELO);
	while (!err && bbpf_btf_ext_iter_next_sec(&it) > 0)
		err = walk_sec(&w, &it);
	free(w.code);
	bbpf_core_cache_free(w.cache);
	return err ?: w.failed;
}
