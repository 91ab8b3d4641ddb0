// SPDX-License-Identifier: BSD-2-Clause
/*
 * Questions about one type: what it resolves to, its size and alignment,
 * where a member lives, what an enumerator is worth, which prototype a
 * function has. All of them rely on btf_validate.c: ids are in range and
 * chains of typedefs/modifiers/pointers/arrays have no loops. Structs may
 * still contain themselves by value in hostile BTF, so recursion into
 * members is bounded twice: by BBPF_BTF_MAX_DEPTH levels, and by a budget of
 * members visited in all (a struct with two members of its own type would
 * otherwise cost 2^32 steps within the depth limit).
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "internal/log.h"
#include "internal.h"

static bool is_mod(const struct btf_type *t)
{
	return bbpf_btf_is_mod(t);
}

static bool is_typedef_or_mod(const struct btf_type *t)
{
	return bbpf_btf_is_mod(t) || bbpf_btf_kind(t) == BTF_KIND_TYPEDEF;
}

/* Follows ->type from @id while @skip says so (validation ruled out loops). */
static int follow(const struct bbpf_btf *btf, uint32_t id, bool (*skip)(const struct btf_type *))
{
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);

	if (!t)
		return -EINVAL;
	while (skip(t)) {
		id = t->type;
		t = bbpf_btf_type_by_id(btf, id);
	}
	return id;
}

int bbpf_btf_skip_mods(const struct bbpf_btf *btf, uint32_t id)
{
	return follow(btf, id, is_mod);
}

int bbpf_btf_resolve(const struct bbpf_btf *btf, uint32_t id)
{
	return follow(btf, id, is_typedef_or_mod);
}

int bbpf_btf_size(const struct bbpf_btf *btf, uint32_t id)
{
	const struct btf_type *t;
	uint64_t mult = 1;
	int depth;

	for (depth = 0; depth < BBPF_BTF_MAX_DEPTH * 8; depth++) {
		t = bbpf_btf_type_by_id(btf, id);
		if (!t)
			return -EINVAL;
		switch (bbpf_btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_DATASEC:
		case BTF_KIND_FLOAT:
			mult *= t->size;
			return mult > INT_MAX ? -E2BIG : (int)mult;
		case BTF_KIND_PTR:
			mult *= btf->ptr_sz;
			return mult > INT_MAX ? -E2BIG : (int)mult;
		case BTF_KIND_ARRAY:
			mult *= bbpf_btf_array(t)->nelems;
			if (mult > INT_MAX)
				return -E2BIG;
			id = bbpf_btf_array(t)->type;
			break;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
		case BTF_KIND_VAR:
			id = t->type;
			break;
		default:
			return -EINVAL;
		}
	}
	return -E2BIG;
}

/* Members a single alignment or member search may visit; vmlinux needs a few hundred. */
#define WALK_BUDGET (1u << 16)

static int align_of(const struct bbpf_btf *btf, uint32_t id, int depth, uint32_t *budget);

/*
 * A struct is packed (alignment 1) when a member is not at a multiple of its
 * alignment or the size is not a multiple of the largest alignment: the
 * compiler would have padded otherwise.
 */
static int composite_align(const struct bbpf_btf *btf, const struct btf_type *t, int depth,
			   uint32_t *budget)
{
	const struct btf_member *m = bbpf_btf_members(t);
	uint32_t i, bit_off;
	int align, max = 1;

	for (i = 0; i < bbpf_btf_vlen(t); i++, m++) {
		if (!*budget)
			return -E2BIG;
		(*budget)--;
		align = align_of(btf, m->type, depth + 1, budget);
		if (align < 0)
			return align;
		bit_off = bbpf_btf_member_bit_offset(t, i);
		if (!bbpf_btf_member_bitfield_size(t, i) && bit_off % (8u * align))
			return 1;
		if (align > max)
			max = align;
	}
	return t->size % max ? 1 : max;
}

static int align_of(const struct bbpf_btf *btf, uint32_t id, int depth, uint32_t *budget)
{
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);

	if (!t)
		return -EINVAL;
	if (depth > BBPF_BTF_MAX_DEPTH)
		return -E2BIG;
	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		/* Scalars wider than a pointer (__int128, long double) align as a pointer. */
		return t->size < btf->ptr_sz ? (int)t->size : btf->ptr_sz;
	case BTF_KIND_PTR:
		return btf->ptr_sz;
	case BTF_KIND_ARRAY:
		return align_of(btf, bbpf_btf_array(t)->type, depth + 1, budget);
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_VAR:
		return align_of(btf, t->type, depth + 1, budget);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return composite_align(btf, t, depth, budget);
	default:
		return -EINVAL;
	}
}

int bbpf_btf_align(const struct bbpf_btf *btf, uint32_t id)
{
	uint32_t budget = WALK_BUDGET;

	return align_of(btf, id, 0, &budget);
}

static const struct btf_type *resolved(const struct bbpf_btf *btf, uint32_t id)
{
	int rid = bbpf_btf_resolve(btf, id);

	return rid < 0 ? NULL : bbpf_btf_type_by_id(btf, rid);
}

static int find_member(const struct bbpf_btf *btf, const struct btf_type *t, const char *name,
		       uint32_t base_off, struct bbpf_btf_field *f, int depth, uint32_t *budget)
{
	const struct btf_member *m = bbpf_btf_members(t);
	const struct btf_type *mt;
	uint32_t i, off;
	int err;

	if (depth > BBPF_BTF_MAX_DEPTH)
		return -E2BIG;
	for (i = 0; i < bbpf_btf_vlen(t); i++, m++) {
		if (!*budget)
			return -E2BIG;
		(*budget)--;
		off = base_off + bbpf_btf_member_bit_offset(t, i);
		if (m->name_off) {
			if (strcmp(bbpf_btf_str(btf, m->name_off), name))
				continue;
			f->type_id = m->type;
			f->bit_offset = off;
			f->bitfield_sz = bbpf_btf_member_bitfield_size(t, i);
			f->idx = i;
			return 0;
		}
		/* An anonymous struct or union: its members are the parent's, as in C. */
		mt = resolved(btf, m->type);
		if (!mt || !bbpf_btf_is_composite(mt))
			continue;
		err = find_member(btf, mt, name, off, f, depth + 1, budget);
		if (err != -ENOENT)
			return err; /* found, or out of budget */
	}
	return -ENOENT;
}

int bbpf_btf_find_member(const struct bbpf_btf *btf, uint32_t id, const char *name,
			 struct bbpf_btf_field *field)
{
	const struct btf_type *t = resolved(btf, id);
	uint32_t budget = WALK_BUDGET;
	struct bbpf_btf_field f;
	int err;

	if (!t || !bbpf_btf_is_composite(t))
		return -EINVAL;
	err = find_member(btf, t, name, 0, &f, 0, &budget);
	if (err)
		return err == -E2BIG ? -ENOENT : err;
	*field = f;
	return 0;
}

int bbpf_btf_find_enum_value(const struct bbpf_btf *btf, uint32_t id, const char *name,
			     int64_t *val)
{
	const struct btf_type *t = resolved(btf, id);
	uint32_t i;

	if (!t || !bbpf_btf_is_any_enum(t))
		return -EINVAL;
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		if (!strcmp(bbpf_btf_str(btf, bbpf_btf_enum_name_off(t, i)), name)) {
			*val = (int64_t)bbpf_btf_enum_value(t, i);
			return i;
		}
	}
	return -ENOENT;
}

int bbpf_btf_func_proto(const struct bbpf_btf *btf, uint32_t id)
{
	const struct btf_type *t;
	int rid = bbpf_btf_resolve(btf, id);

	if (rid < 0)
		return -EINVAL;
	t = bbpf_btf_type_by_id(btf, rid);
	if (bbpf_btf_is_ptr(t)) {
		rid = bbpf_btf_resolve(btf, t->type);
		t = bbpf_btf_type_by_id(btf, rid);
	}
	if (bbpf_btf_is_func(t)) {
		rid = t->type;
		t = bbpf_btf_type_by_id(btf, rid);
	}
	return bbpf_btf_is_func_proto(t) ? rid : -EINVAL;
}
