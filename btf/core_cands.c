// SPDX-License-Identifier: BSD-2-Clause
/*
 * CO-RE candidates: which target types might be the local type @id.
 *
 * A local "struct task_struct___v510" stands for the kernel's
 * "struct task_struct": its essential name drops the flavor, everything
 * from the last "___" that has a non-'_' character on both sides. Every
 * target type of the same kind (enum and enum64 count as one) whose own
 * essential name is the same is a candidate; the relocation then decides
 * which candidates really match.
 *
 * Search order (the kernel's and libbpf's): vmlinux; only when vmlinux has
 * no candidate at all, every module BTF, own types only (a module's split
 * BTF also shows vmlinux's types, already searched).
 *
 * The lists are cached per local type id: an object has hundreds of
 * relocations against a handful of types, and a name lookup in vmlinux is
 * a hash probe plus a walk of the slots sharing the hash. Lookups name the
 * compatible kinds, so FUNC names (most of vmlinux's) are never indexed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal/log.h"
#include "internal/mem.h"
#include "core.h"

struct bbpf_core_cache {
	const struct bbpf_btf *local;
	const struct bbpf_btf **btfs;
	const char **names;
	uint32_t btf_cnt;
	uint32_t type_cnt;		/* of the local BTF */
	struct bbpf_core_cands **lists; /* by local type id, NULL until searched */
	size_t *caps;			/* allocated room of each list */
};

int bbpf_core_cache_new(const struct bbpf_btf *local, const struct bbpf_core_targets *targets,
			struct bbpf_core_cache **out)
{
	struct bbpf_core_cache *c;
	uint32_t i;

	if (!local || !targets || !targets->cnt || !targets->btfs)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->local = local;
	c->btf_cnt = targets->cnt;
	c->type_cnt = bbpf_btf_type_cnt(local);
	c->btfs = calloc(targets->cnt, sizeof(*c->btfs));
	c->names = calloc(targets->cnt, sizeof(*c->names));
	c->lists = calloc(c->type_cnt, sizeof(*c->lists));
	c->caps = calloc(c->type_cnt, sizeof(*c->caps));
	if (!c->btfs || !c->names || !c->lists || !c->caps) {
		bbpf_core_cache_free(c);
		return -ENOMEM;
	}
	for (i = 0; i < targets->cnt; i++) {
		c->btfs[i] = targets->btfs[i];
		c->names[i] = targets->names && targets->names[i] ? targets->names[i]
			      : i				  ? "module"
								  : "vmlinux";
	}
	*out = c;
	return 0;
}

void bbpf_core_cache_free(struct bbpf_core_cache *cache)
{
	uint32_t i;

	if (!cache)
		return;
	for (i = 0; cache->lists && i < cache->type_cnt; i++) {
		if (cache->lists[i])
			free(cache->lists[i]->cands);
		free(cache->lists[i]);
	}
	free(cache->lists);
	free(cache->caps);
	free(cache->btfs);
	free(cache->names);
	free(cache);
}

static int add_cand(struct bbpf_core_cands *l, size_t *cap, const struct bbpf_btf *btf, uint32_t id)
{
	int err = bbpf__grow((void **)&l->cands, cap, sizeof(*l->cands), l->cnt + 1);

	if (err)
		return err;
	l->cands[l->cnt++] = (struct bbpf_core_cand){ btf, id };
	return 0;
}

/* What is being searched for: local type @id, named @name (essential length @len). */
struct want {
	uint32_t id;
	const struct btf_type *t;
	const char *name;
	size_t len;
	uint32_t kinds; /* 1 << BTF_KIND_* of the compatible kinds */
};

/* The kinds a candidate of @t may have (bbpf__core_kinds_compat()): its own; enums both. */
static uint32_t compat_kinds(const struct btf_type *t)
{
	if (bbpf_btf_is_any_enum(t))
		return 1u << BTF_KIND_ENUM | 1u << BTF_KIND_ENUM64;
	return 1u << bbpf_btf_kind(t);
}

/* Adds the types of target @bi (own types only for a module) named and kinded like @w. */
static int add_cands(struct bbpf_core_cache *c, uint32_t bi, const struct want *w,
		     struct bbpf_core_cands *l, size_t *cap)
{
	const struct bbpf_btf *btf = c->btfs[bi];
	uint32_t min_id = bi ? bbpf_btf_start_id(btf) : 1;
	struct bbpf_btf_name_iter it;
	const struct btf_type *t;
	int id, err;

	id = 0;
	err = bbpf_btf_name_iter_init_kinds(&it, btf, w->name, w->len, w->kinds);
	while (!err && (id = bbpf_btf_name_iter_next(&it)) > 0) {
		t = bbpf_btf_type_by_id(btf, id);
		if ((uint32_t)id < min_id || !t || !bbpf__core_kinds_compat(t, w->t))
			continue;
		pr_debug("CO-RE: local [%u] %s %s: candidate [%d] %s %s in %s\n", w->id,
			 bbpf__core_btf_kind(w->t), w->name, id, bbpf__core_btf_kind(t),
			 bbpf_btf_name(btf, id), c->names[bi]);
		err = add_cand(l, cap, btf, id);
	}
	return err ?: (id < 0 ? id : 0);
}

static int search(struct bbpf_core_cache *c, uint32_t local_id, struct bbpf_core_cands *l,
		  size_t *cap)
{
	struct want w = { local_id, bbpf_btf_type_by_id(c->local, local_id),
			  bbpf_btf_name(c->local, local_id), 0 };
	uint32_t i;
	int err;

	if (!w.t || !w.name || !*w.name) {
		pr_warn("CO-RE: local type [%u] is %s: no name to find candidates by\n", local_id,
			w.t ? "anonymous" : "not in the object's BTF");
		return -EINVAL;
	}
	w.len = bbpf_btf_essential_name_len(w.name);
	w.kinds = compat_kinds(w.t);
	err = add_cands(c, 0, &w, l, cap);
	for (i = 1; !err && !l->cnt && i < c->btf_cnt; i++)
		err = add_cands(c, i, &w, l, cap);
	return err;
}

int bbpf_core_cands_find(struct bbpf_core_cache *cache, uint32_t local_id,
			 struct bbpf_core_cands **out)
{
	struct bbpf_core_cands *l;
	int err;

	if (local_id >= cache->type_cnt)
		return -EINVAL;
	if (cache->lists[local_id]) {
		*out = cache->lists[local_id];
		return 0;
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	err = search(cache, local_id, l, &cache->caps[local_id]);
	if (err) {
		free(l->cands);
		free(l);
		cache->caps[local_id] = 0;
		return err;
	}
	cache->lists[local_id] = l;
	*out = l;
	return 0;
}
