// SPDX-License-Identifier: BSD-2-Clause
/*
 * CO-RE at load: every .BTF.ext relocation patched into the instructions of
 * the function that holds it (struct bbpf__func), before the programs are
 * linked, so that each subprogram is relocated once however many programs
 * reach it. Pure: the target BTFs are inputs; one candidate cache serves the
 * whole object (libbpf's per-object cand cache).
 *
 * A relocation that matches nothing in the target poisons its instruction
 * (`call 0xbad2310`); that is not an error here: the verifier refuses it only
 * if the instruction is reachable, and load.c names it then.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <barebpf/core.h>
#include "internal/log.h"
#include "obj/internal.h"

/* The function of section @sec_name holding instruction @at of it, or NULL. */
static struct bbpf__func *find_func(struct bbpf_obj *obj, const char *sec_name, uint32_t at)
{
	struct bbpf__func *f;
	size_t i;

	for (i = 0; sec_name && i < obj->func_cnt; i++) {
		f = &obj->funcs[i];
		if (!strcmp(f->desc.sec_name, sec_name) && at >= f->desc.sec_insn_off &&
		    at < f->desc.sec_insn_off + f->desc.insn_cnt)
			return f;
	}
	return NULL;
}

static int apply_one(struct bbpf_obj *obj, struct bbpf_core_cache *cache,
		     const struct bbpf_btf_core_relo *r, struct bbpf__func *f, int idx)
{
	uint32_t at = r->insn_off / BBPF__INSN_SZ - f->desc.sec_insn_off;
	char why[160] = "";
	struct bbpf_core_calc_opts opts = {
		.sz = sizeof(opts),
		.prog = f->name,
		.relo_idx = idx,
		.why = why,
		.why_sz = sizeof(why),
	};
	struct bbpf_core_cands *cands = NULL;
	struct bbpf_core_res res;
	char spec[256] = "";
	int err = 0;

	if (r->kind != BPF_CORE_TYPE_ID_LOCAL)
		err = bbpf_core_cands_find(cache, r->type_id, &cands);
	err = err ?: bbpf_core_calc(obj->btf, r, cands, &opts, &res);
	err = err ?: bbpf_core_patch(&f->insns[at], f->desc.insn_cnt - at, &res, f->name, at);
	if (err) {
		bbpf_core_spec_str(obj->btf, r, spec, sizeof(spec));
		pr_warn("prog '%s': relo #%d: insn %u: %s (%s): %s\n", f->name, idx, at,
			bbpf_core_kind_str(r->kind), spec, why[0] ? why : bbpf_strerror(err));
	} else if (res.poison) {
		pr_debug("prog '%s': relo #%d: insn %u poisoned (%s)\n", f->name, idx, at, why);
	}
	return err;
}

static int apply_sec(struct bbpf_obj *obj, struct bbpf_core_cache *cache,
		     struct bbpf_btf_ext_iter *it)
{
	const struct bbpf_btf_core_relo *r;
	struct bbpf__func *f;
	int idx = 0, err = 0;

	while (!err && (r = bbpf_btf_ext_iter_next_rec(it))) {
		f = find_func(obj, it->sec_name, r->insn_off / BBPF__INSN_SZ);
		if (!f || r->insn_off % BBPF__INSN_SZ) {
			pr_warn("CO-RE relo #%d: instruction offset %u of section %s is in no function\n",
				idx, r->insn_off, it->sec_name ? it->sec_name : "?");
			return -EINVAL;
		}
		err = apply_one(obj, cache, r, f, idx++);
	}
	return err;
}

int bbpf__core_apply(struct bbpf_obj *obj, const struct bbpf_core_targets *targets)
{
	struct bbpf_core_cache *cache = NULL;
	struct bbpf_btf_ext_iter it;
	int err;

	if (!obj->btf_ext || !bbpf_btf_ext_rec_size(obj->btf_ext, BBPF_BTF_EXT_CORE_RELO))
		return 0;
	if (!targets || !targets->cnt) {
		pr_warn("%s: has CO-RE relocations but no target BTF was found\n", obj->name);
		return -ENOENT;
	}
	err = bbpf_core_cache_new(obj->btf, targets, &cache);
	if (err)
		return err;
	bbpf_btf_ext_iter_init(&it, obj->btf_ext, BBPF_BTF_EXT_CORE_RELO);
	while (!err && bbpf_btf_ext_iter_next_sec(&it) > 0)
		err = apply_sec(obj, cache, &it);
	bbpf_core_cache_free(cache);
	return err;
}
