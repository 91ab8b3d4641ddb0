// SPDX-License-Identifier: BSD-2-Clause
/*
 * The smallest BTF that answers a set of CO-RE questions as a full kernel
 * BTF does (`barebpf gen min-btf`). The caller says what the relocations
 * touched, in the target's terms; this file keeps just that and writes a
 * new raw BTF with renumbered ids:
 *
 *   an access path   root.m1[3].m2      the root type; in each struct or
 *                                       union, only the members on the path;
 *                                       arrays whole (their element count
 *                                       decides bounds); each type on the way
 *   a type           struct foo         its "shell": the struct with its
 *                                       size and no member, an enum with no
 *                                       value, typedefs and modifiers with
 *                                       their target
 *   a whole type     (type_matches)     every member and value, recursively
 *   an enum value    enum e::V          the enum with that value only
 *
 * A kept member's type is kept as a shell, so member types, sizes and
 * offsets stay as the full BTF has them; member offsets are copied, so
 * dropping the others moves nothing. Pointers keep their pointee as a
 * shell (CO-RE only asks "is it a pointer"). A zero-length array member
 * keeps its struct's last member too, so that it does not become a
 * flexible array end (which CO-RE allows indexing past) by the cut.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf_write.h>
#include "internal/log.h"
#include "write_internal.h"

enum { KEEP_NONE, KEEP_SHELL, KEEP_FULL };

struct bbpf_btf_min {
	const struct bbpf_btf *btf;
	uint32_t cnt;	 /* type ids 0..cnt-1 */
	uint8_t *level;	 /* [cnt] KEEP_* */
	uint8_t **memb;	 /* [cnt] per struct/union/enum: which members or values are kept */
	uint32_t *newid; /* [cnt] while writing */
};

int bbpf_btf_min_new(const struct bbpf_btf *btf, struct bbpf_btf_min **out)
{
	struct bbpf_btf_min *m;

	if (!btf || bbpf_btf_base(btf))
		return -EINVAL; /* base BTF only: a kernel's vmlinux */
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->btf = btf;
	m->cnt = bbpf_btf_type_cnt(btf);
	m->level = calloc(m->cnt, 1);
	m->memb = calloc(m->cnt, sizeof(*m->memb));
	m->newid = calloc(m->cnt, sizeof(*m->newid));
	if (!m->level || !m->memb || !m->newid) {
		bbpf_btf_min_free(m);
		return -ENOMEM;
	}
	*out = m;
	return 0;
}

void bbpf_btf_min_free(struct bbpf_btf_min *m)
{
	uint32_t i;

	if (!m)
		return;
	for (i = 0; m->memb && i < m->cnt; i++)
		free(m->memb[i]);
	free(m->memb);
	free(m->level);
	free(m->newid);
	free(m);
}

static int keep(struct bbpf_btf_min *m, uint32_t id, int level, int depth);

/* Marks member or value @i of struct/union/enum @id. */
static int keep_memb(struct bbpf_btf_min *m, uint32_t id, uint32_t i)
{
	const struct btf_type *t = bbpf_btf_type_by_id(m->btf, id);

	if (!t || i >= bbpf_btf_vlen(t))
		return -EINVAL;
	if (!m->memb[id]) {
		m->memb[id] = calloc(bbpf_btf_vlen(t), 1);
		if (!m->memb[id])
			return -ENOMEM;
	}
	m->memb[id][i] = 1;
	return 0;
}

/* The types a type refers to, kept at @level (members of a whole struct too). */
static int keep_refs(struct bbpf_btf_min *m, const struct btf_type *t, uint32_t id, int level,
		     int depth)
{
	uint32_t i, n = bbpf_btf_vlen(t);
	int err = 0;

	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_ARRAY:
		err = keep(m, bbpf_btf_array(t)->type, level, depth);
		return err ?: keep(m, bbpf_btf_array(t)->index_type, KEEP_SHELL, depth);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; level == KEEP_FULL && !err && i < n; i++)
			err = keep_memb(m, id, i)
				      ?: keep(m, bbpf_btf_members(t)[i].type, level, depth);
		return err;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		for (i = 0; level == KEEP_FULL && !err && i < n; i++)
			err = keep_memb(m, id, i);
		return err;
	case BTF_KIND_FUNC_PROTO:
		for (i = 0; !err && i < n; i++)
			err = keep(m, bbpf_btf_params(t)[i].type, level, depth);
		return err ?: keep(m, t->type, level, depth);
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_FWD:
		return 0;
	case BTF_KIND_DATASEC:
	case BTF_KIND_DECL_TAG:
		return -EOPNOTSUPP;
	default: /* ptr, typedef, modifiers, type_tag, func, var: one referenced type */
		return keep(m, t->type, level, depth);
	}
}

static int keep(struct bbpf_btf_min *m, uint32_t id, int level, int depth)
{
	const struct btf_type *t;

	if (id >= m->cnt || depth > 64)
		return -EINVAL;
	if (!id || m->level[id] >= level)
		return 0;
	t = bbpf_btf_type_by_id(m->btf, id);
	m->level[id] = level;
	return keep_refs(m, t, id, level, depth + 1);
}

int bbpf_btf_min_add_type(struct bbpf_btf_min *m, uint32_t id, bool whole)
{
	return keep(m, id, whole ? KEEP_FULL : KEEP_SHELL, 0);
}

/* @id with typedefs and modifiers skipped (they are kept on the way). */
static int skip_mods(struct bbpf_btf_min *m, uint32_t id, const struct btf_type **out)
{
	const struct btf_type *t;
	int n = 0, err;

	for (;;) {
		err = keep(m, id, KEEP_SHELL, 0);
		t = bbpf_btf_type_by_id(m->btf, id);
		if (err || !t)
			return err ?: -EINVAL;
		if (!bbpf_btf_is_mod(t) && bbpf_btf_kind(t) != BTF_KIND_TYPEDEF)
			break;
		if (++n > 64)
			return -EINVAL;
		id = t->type;
	}
	*out = t;
	return (int)id;
}

/* Member @i of struct @id is kept; a zero-length array member keeps the last one as well. */
static int keep_on_path(struct bbpf_btf_min *m, uint32_t id, const struct btf_type *t, uint32_t i)
{
	const struct btf_type *mt;
	int err = keep_memb(m, id, i);
	int mid = err ? err : skip_mods(m, bbpf_btf_members(t)[i].type, &mt);

	if (mid < 0)
		return mid;
	if (bbpf_btf_is_array(mt) && !bbpf_btf_array(mt)->nelems && i + 1 < bbpf_btf_vlen(t))
		err = keep_memb(m, id, bbpf_btf_vlen(t) - 1)
			      ?: keep(m, bbpf_btf_members(t)[bbpf_btf_vlen(t) - 1].type, KEEP_SHELL,
				      0);
	return err;
}

int bbpf_btf_min_add_access(struct bbpf_btf_min *m, uint32_t root_id, const uint32_t *raw,
			    int raw_len)
{
	const struct btf_type *t;
	int id = skip_mods(m, root_id, &t), i;

	for (i = 1; id > 0 && i < raw_len; i++) {
		if (bbpf_btf_is_composite(t)) {
			if (raw[i] >= bbpf_btf_vlen(t))
				return -EINVAL;
			id = keep_on_path(m, id, t, raw[i])
				     ?: skip_mods(m, bbpf_btf_members(t)[raw[i]].type, &t);
		} else if (bbpf_btf_is_array(t)) {
			id = skip_mods(m, bbpf_btf_array(t)->type, &t);
		} else {
			return -EINVAL;
		}
	}
	return id < 0 ? id : 0;
}

int bbpf_btf_min_add_enumval(struct bbpf_btf_min *m, uint32_t id, uint32_t idx)
{
	const struct btf_type *t;
	int eid = skip_mods(m, id, &t);

	if (eid < 0)
		return eid;
	return bbpf_btf_is_any_enum(t) ? keep_memb(m, eid, idx) : -EINVAL;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/* Names are written once each: a small open-addressing table of offsets. */
struct strtab {
	struct bbpf__btf_wr *w;
	uint32_t *slot; /* offset + 1, 0 empty */
	size_t cap;
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static int str_add(struct strtab *st, const char *s)
{
	size_t i;
	int off;

	if (!s || !*s)
		return 0;
	for (i = hash(s) & (st->cap - 1); st->slot[i]; i = (i + 1) & (st->cap - 1))
		if (!strcmp(st->w->strs + st->slot[i] - 1, s))
			return (int)st->slot[i] - 1;
	off = bbpf__btf_wr_str(st->w, s);
	if (off > 0)
		st->slot[i] = (uint32_t)off + 1;
	return off;
}

static size_t rec_size(const struct btf_type *t)
{
	uint32_t n = bbpf_btf_vlen(t);

	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return sizeof(*t) + 4;
	case BTF_KIND_ARRAY:
		return sizeof(*t) + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_DATASEC:
		return sizeof(*t) + n * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
	case BTF_KIND_FUNC_PROTO:
		return sizeof(*t) + n * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return sizeof(*t) + n * sizeof(struct btf_enum64);
	default:
		return sizeof(*t);
	}
}

/* Type @id rewritten into @rec: ids renumbered, names re-added, unkept members dropped. */
static int rewrite(struct bbpf_btf_min *m, struct strtab *st, uint32_t id, uint8_t *rec,
		   size_t *len)
{
	const struct btf_type *t = bbpf_btf_type_by_id(m->btf, id);
	size_t esz = bbpf_btf_kind(t) == BTF_KIND_ENUM || bbpf_btf_kind(t) == BTF_KIND_FUNC_PROTO
			     ? 8
			     : 12;
	struct btf_type *o = (struct btf_type *)rec;
	uint32_t i, n = 0, *w;
	bool memb = bbpf_btf_is_composite(t) || bbpf_btf_is_any_enum(t);
	int off = str_add(st, bbpf_btf_str(m->btf, t->name_off));

	memcpy(rec, t, rec_size(t));
	o->name_off = off < 0 ? 0 : (uint32_t)off;
	if (bbpf_btf_kind(t) == BTF_KIND_ARRAY) {
		((struct btf_array *)(o + 1))->type = m->newid[bbpf_btf_array(t)->type];
		((struct btf_array *)(o + 1))->index_type = m->newid[bbpf_btf_array(t)->index_type];
	} else if (!memb && bbpf_btf_kind(t) != BTF_KIND_INT &&
		   bbpf_btf_kind(t) != BTF_KIND_FLOAT && bbpf_btf_kind(t) != BTF_KIND_FWD) {
		o->type = m->newid[t->type]; /* size for the others */
	}
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		if (memb && !(m->memb[id] && m->memb[id][i]))
			continue;
		w = (uint32_t *)((uint8_t *)(o + 1) + n * esz);
		memcpy(w, (const uint8_t *)(t + 1) + i * esz, esz);
		off = str_add(st, bbpf_btf_str(m->btf, w[0]));
		if (off < 0)
			return off;
		w[0] = (uint32_t)off;
		if (bbpf_btf_is_composite(t) || bbpf_btf_kind(t) == BTF_KIND_FUNC_PROTO)
			w[1] = m->newid[w[1]];
		n++;
	}
	o->info = (o->info & ~0xffffu) | n;
	/* The fixed tail (int, array, var) and the items kept. */
	*len = rec_size(t) - bbpf_btf_vlen(t) * esz + n * esz;
	return 0;
}

static int write_types(struct bbpf_btf_min *m, struct bbpf__btf_wr *w, struct strtab *st)
{
	uint8_t *rec = NULL;
	size_t len, cap = 0;
	uint32_t id, next = 1;
	int err = 0;

	for (id = 1; id < m->cnt; id++)
		if (m->level[id])
			m->newid[id] = next++;
	for (id = 1; !err && id < m->cnt; id++) {
		const struct btf_type *t = bbpf_btf_type_by_id(m->btf, id);

		if (!m->level[id])
			continue;
		if (rec_size(t) > cap) {
			free(rec);
			cap = rec_size(t);
			rec = malloc(cap);
			if (!rec)
				return -ENOMEM;
		}
		err = rewrite(m, st, id, rec, &len);
		err = err ?: bbpf__btf_wr_add(w, rec, len);
		err = err < 0 ? err : 0;
	}
	free(rec);
	return err;
}

int bbpf_btf_min_write(struct bbpf_btf_min *m, void **out, size_t *out_sz)
{
	struct bbpf__btf_wr w = { .next_id = 1 };
	struct strtab st = { .w = &w };
	uint32_t id, n = 0;
	int err;

	for (id = 1; id < m->cnt; id++)
		n += m->level[id] != KEEP_NONE;
	for (st.cap = 64; st.cap < 4 * (size_t)n + 64; st.cap *= 2)
		;
	st.slot = calloc(st.cap, sizeof(*st.slot));
	err = st.slot ? bbpf__btf_wr_str(&w, "") : -ENOMEM; /* offset 0: no name */
	err = err < 0 ? err : write_types(m, &w, &st);
	err = err ?: bbpf__btf_wr_encode(&w, BBPF_BTF_ENDIAN_NATIVE, out, out_sz);
	free(st.slot);
	bbpf__btf_wr_free(&w);
	if (err)
		pr_warn("BTF: cannot write the minimal BTF: %s\n", bbpf_strerror(err));
	return err;
}
