// SPDX-License-Identifier: BSD-2-Clause
/*
 * CO-RE specs: parse an access string against the local BTF, print it for
 * people, and match it against a candidate type of the target BTF.
 *
 * Worked example, local BTF:
 *	struct s { int a; union { char c; long l; }; int arr[4]; };
 *
 *	"0:1:1"  s[0] . <anon union> . l   raw {0,1,1}  acc {s[0], s.l}  bit 64
 *	"0:2:3"  s[0] . arr [3]            raw {0,2,3}  acc {s[0], s.arr, [3]}  bit 224
 *	"2"      s[2] (pointer arithmetic) raw {2}      acc {s[2]}       bit 2*sizeof(s)*8
 *
 * In a target where the union moved into a named member, "l" is searched
 * by name through every anonymous level, so the same accessors yield a
 * different raw spec and offset.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal/compiler.h"
#include "internal/log.h"
#include "core.h"

static const char *const kind_names[BBPF_CORE_KIND_CNT] = {
	"byte_off",	  "byte_sz",	   "field_exists",   "signed",	    "lshift_u64",
	"rshift_u64",	  "local_type_id", "target_type_id", "type_exists", "type_size",
	"enumval_exists", "enumval_value", "type_matches",
};

const char *bbpf_core_kind_str(uint32_t kind)
{
	return BBPF__NAME(kind_names, kind);
}

int bbpf__core_kind_class(uint32_t kind)
{
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
	case BPF_CORE_FIELD_BYTE_SIZE:
	case BPF_CORE_FIELD_EXISTS:
	case BPF_CORE_FIELD_SIGNED:
	case BPF_CORE_FIELD_LSHIFT_U64:
	case BPF_CORE_FIELD_RSHIFT_U64:
		return BBPF_CORE_FIELD;
	case BPF_CORE_TYPE_ID_LOCAL:
	case BPF_CORE_TYPE_ID_TARGET:
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_SIZE:
	case BPF_CORE_TYPE_MATCHES:
		return BBPF_CORE_TYPE;
	case BPF_CORE_ENUMVAL_EXISTS:
	case BPF_CORE_ENUMVAL_VALUE:
		return BBPF_CORE_ENUMVAL;
	default:
		return -EINVAL;
	}
}

const char *bbpf__core_btf_kind(const struct btf_type *t)
{
	static const char *const names[] = {
		[BTF_KIND_UNKN] = "void",	  [BTF_KIND_INT] = "int",
		[BTF_KIND_PTR] = "ptr",		  [BTF_KIND_ARRAY] = "array",
		[BTF_KIND_STRUCT] = "struct",	  [BTF_KIND_UNION] = "union",
		[BTF_KIND_ENUM] = "enum",	  [BTF_KIND_FWD] = "fwd",
		[BTF_KIND_TYPEDEF] = "typedef",	  [BTF_KIND_VOLATILE] = "volatile",
		[BTF_KIND_CONST] = "const",	  [BTF_KIND_RESTRICT] = "restrict",
		[BTF_KIND_FUNC] = "func",	  [BTF_KIND_FUNC_PROTO] = "func_proto",
		[BTF_KIND_VAR] = "var",		  [BTF_KIND_DATASEC] = "datasec",
		[BTF_KIND_FLOAT] = "float",	  [BTF_KIND_DECL_TAG] = "decl_tag",
		[BTF_KIND_TYPE_TAG] = "type_tag", [BTF_KIND_ENUM64] = "enum64",
	};
	uint16_t kind = bbpf_btf_kind(t);

	return BBPF__NAME(names, kind);
}

const struct btf_type *bbpf__core_skip(const struct bbpf_btf *btf, uint32_t id, uint32_t *res_id)
{
	int rid = bbpf_btf_resolve(btf, id);

	if (rid < 0)
		return NULL;
	if (res_id)
		*res_id = rid;
	return bbpf_btf_type_by_id(btf, rid);
}

/* "0:12:3" -> raw[]; digits separated by single colons, nothing else. */
static int parse_access(const char *s, struct bbpf_core_spec *spec)
{
	unsigned long v;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		for (v = 0; *s >= '0' && *s <= '9'; s++) {
			v = v * 10 + (*s - '0');
			if (v > INT_MAX)
				return -EINVAL;
		}
		if (spec->raw_len == BBPF_CORE_SPEC_MAX)
			return -E2BIG;
		spec->raw[spec->raw_len++] = v;
		if (!*s)
			return 0;
		if (*s++ != ':')
			return -EINVAL;
	}
}

#define WHY(why, sz, ...)                               \
	do {                                            \
		if (why)                                \
			snprintf(why, sz, __VA_ARGS__); \
	} while (0)

/* The first step: enumerator @idx of the root enum. */
static int parse_enumval(struct bbpf_core_spec *spec, const struct btf_type *t, char *why,
			 size_t why_sz)
{
	struct bbpf_core_acc *acc = &spec->acc[0];

	if (!bbpf_btf_is_any_enum(t) || spec->raw_len > 1 || acc->idx >= bbpf_btf_vlen(t)) {
		WHY(why, why_sz, "enumerator access %u does not fit %s [%u]", acc->idx,
		    bbpf__core_btf_kind(t), spec->root_id);
		return -EINVAL;
	}
	acc->name = bbpf_btf_str(spec->btf, bbpf_btf_enum_name_off(t, acc->idx));
	return acc->name ? 0 : -EINVAL;
}

/* True when @a, reached through accessor @prev, is a flexible array: last member, no elements. */
static bool is_flex_arr(const struct bbpf_btf *btf, const struct bbpf_core_acc *prev,
			const struct btf_array *a)
{
	const struct btf_type *t;

	if (!prev->name || a->nelems > 0)
		return false;
	t = bbpf_btf_type_by_id(btf, prev->type_id);
	return t && prev->idx == (uint32_t)bbpf_btf_vlen(t) - 1;
}

static int add_bits(struct bbpf_core_spec *spec, uint64_t idx, int sz)
{
	uint64_t bits;

	if (sz < 0)
		return sz;
	bits = spec->bit_off + idx * (uint64_t)sz * 8;
	if (bits > UINT32_MAX)
		return -E2BIG;
	spec->bit_off = bits;
	return 0;
}

/* One step below a struct/union: member @idx. Anonymous members add no accessor. */
static int step_member(struct bbpf_core_spec *spec, const struct btf_type *t, uint32_t *id,
		       uint32_t idx)
{
	const struct btf_member *m;
	struct bbpf_core_acc *acc;
	const char *name;

	if (idx >= bbpf_btf_vlen(t))
		return -EINVAL;
	m = &bbpf_btf_members(t)[idx];
	spec->bit_off += bbpf_btf_member_bit_offset(t, idx);
	if (m->name_off) {
		name = bbpf_btf_str(spec->btf, m->name_off);
		if (!name || !*name)
			return -EINVAL;
		acc = &spec->acc[spec->len++];
		acc->type_id = *id;
		acc->idx = idx;
		acc->name = name;
	}
	*id = m->type;
	return 0;
}

/* One step into an array: element @idx (any index into a flexible array). */
static int step_array(struct bbpf_core_spec *spec, const struct btf_type *t, uint32_t *id,
		      uint32_t idx)
{
	const struct btf_array *a = bbpf_btf_array(t);
	struct bbpf_core_acc *acc;

	if (!bbpf__core_skip(spec->btf, a->type, id))
		return -EINVAL;
	if (!is_flex_arr(spec->btf, &spec->acc[spec->len - 1], a) && idx >= a->nelems)
		return -EINVAL;
	acc = &spec->acc[spec->len++];
	acc->type_id = *id;
	acc->idx = idx;
	acc->name = NULL;
	return add_bits(spec, idx, bbpf_btf_size(spec->btf, *id));
}

static int parse_field_steps(struct bbpf_core_spec *spec, uint32_t id, char *why, size_t why_sz)
{
	const struct btf_type *t;
	int i, err;

	err = add_bits(spec, spec->raw[0], bbpf_btf_size(spec->btf, id));
	for (i = 1; !err && i < spec->raw_len; i++) {
		t = bbpf__core_skip(spec->btf, id, &id);
		if (!t)
			return -EINVAL;
		if (bbpf_btf_is_composite(t)) {
			err = step_member(spec, t, &id, spec->raw[i]);
		} else if (bbpf_btf_is_array(t)) {
			err = step_array(spec, t, &id, spec->raw[i]);
		} else {
			WHY(why, why_sz,
			    "step %d of the access string reaches [%u] %s, not a struct, union or array",
			    i, id, bbpf__core_btf_kind(t));
			return -EINVAL;
		}
		if (err)
			WHY(why, why_sz, "step %d (%u) of the access string is past [%u] %s", i,
			    spec->raw[i], id, bbpf__core_btf_kind(t));
	}
	return err;
}

int bbpf__core_spec_parse(const struct bbpf_btf *btf, const struct bbpf_btf_core_relo *relo,
			  struct bbpf_core_spec *spec, char *why, size_t why_sz)
{
	const char *str = bbpf_btf_str(btf, relo->access_str_off);
	int cls = bbpf__core_kind_class(relo->kind);
	const struct btf_type *t;
	uint32_t id;
	int err;

	memset(spec, 0, sizeof(*spec));
	spec->btf = btf;
	spec->root_id = relo->type_id;
	spec->kind = relo->kind;
	if (cls < 0 || !bbpf_btf_type_by_id(btf, relo->type_id)) {
		WHY(why, why_sz, "kind %u or type id %u out of range", relo->kind, relo->type_id);
		return -EINVAL;
	}
	if (cls == BBPF_CORE_TYPE) {
		if (str && !strcmp(str, "0"))
			return 0;
		WHY(why, why_sz, "access string of a type relocation must be \"0\"");
		return -EINVAL;
	}
	err = parse_access(str, spec);
	t = bbpf__core_skip(btf, relo->type_id, &id);
	if (err || !t) {
		WHY(why, why_sz, "malformed access string \"%s\"", str ? str : "");
		return err ?: -EINVAL;
	}
	spec->acc[0].type_id = id;
	spec->acc[0].idx = spec->raw[0];
	spec->len = 1;
	if (cls == BBPF_CORE_ENUMVAL)
		return parse_enumval(spec, t, why, why_sz);
	return parse_field_steps(spec, id, why, why_sz);
}

/* ------------------------------------------------------------------ */
/* Formatting                                                          */
/* ------------------------------------------------------------------ */

struct sbuf {
	char *buf;
	size_t sz;
	size_t len;
};

__printf(2, 3) static void sb_add(struct sbuf *sb, const char *fmt, ...)
{
	size_t left = sb->len < sb->sz ? sb->sz - sb->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(left ? sb->buf + sb->len : NULL, left, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += n;
}

static void fmt_enumval(const struct bbpf_core_spec *spec, struct sbuf *sb)
{
	const struct btf_type *t = bbpf__core_skip(spec->btf, spec->root_id, NULL);
	uint32_t i = spec->raw[0];
	uint64_t v;

	if (!t || !bbpf_btf_is_any_enum(t) || i >= bbpf_btf_vlen(t))
		return;
	v = bbpf_btf_enum_value(t, i);
	if (bbpf_btf_kflag(t))
		sb_add(sb, "::%s = %lld", spec->acc[0].name, (long long)v);
	else
		sb_add(sb, "::%s = %llu", spec->acc[0].name, (unsigned long long)v);
}

static void fmt_field(const struct bbpf_core_spec *spec, struct sbuf *sb)
{
	int i;

	for (i = 0; i < spec->len; i++) {
		if (spec->acc[i].name)
			sb_add(sb, ".%s", spec->acc[i].name);
		else if (i > 0 || spec->acc[i].idx > 0)
			sb_add(sb, "[%u]", spec->acc[i].idx);
	}
	sb_add(sb, " (");
	for (i = 0; i < spec->raw_len; i++)
		sb_add(sb, "%s%u", i ? ":" : "", spec->raw[i]);
	if (spec->bit_off % 8)
		sb_add(sb, " @ offset %u.%u)", spec->bit_off / 8, spec->bit_off % 8);
	else
		sb_add(sb, " @ offset %u)", spec->bit_off / 8);
}

int bbpf__core_spec_fmt(const struct bbpf_core_spec *spec, char *buf, size_t sz)
{
	const struct btf_type *t = bbpf_btf_type_by_id(spec->btf, spec->root_id);
	const char *name = bbpf_btf_name(spec->btf, spec->root_id);
	struct sbuf sb = { buf, sz, 0 };
	int cls = bbpf__core_kind_class(spec->kind);

	if (sz)
		buf[0] = '\0';
	if (!t)
		return 0;
	sb_add(&sb, "[%u] %s %s", spec->root_id, bbpf__core_btf_kind(t),
	       name && *name ? name : "<anon>");
	if (cls == BBPF_CORE_ENUMVAL && spec->len)
		fmt_enumval(spec, &sb);
	else if (cls == BBPF_CORE_FIELD && spec->raw_len)
		fmt_field(spec, &sb);
	return sb.len;
}

int bbpf_core_spec_str(const struct bbpf_btf *local, const struct bbpf_btf_core_relo *relo,
		       char *buf, size_t sz)
{
	struct bbpf_core_spec spec;
	int err;

	err = bbpf__core_spec_parse(local, relo, &spec, NULL, 0);
	if (err)
		return err;
	return bbpf__core_spec_fmt(&spec, buf, sz);
}

/* ------------------------------------------------------------------ */
/* Matching a candidate                                                */
/* ------------------------------------------------------------------ */

bool bbpf__core_names_eq(const char *a, const char *b)
{
	size_t la = bbpf_btf_essential_name_len(a);

	return la == bbpf_btf_essential_name_len(b) && !strncmp(a, b, la);
}

static int match_enumval(const struct bbpf_core_spec *local, struct bbpf_core_spec *targ,
			 uint32_t id, char *why)
{
	const struct btf_type *t = bbpf__core_skip(targ->btf, id, &id);
	const char *name;
	uint32_t i;

	if (!t)
		return -EINVAL;
	if (!bbpf_btf_is_any_enum(t)) {
		WHY(why, BBPF_CORE_WHY_SZ, "[%u] is %s, not an enum", id, bbpf__core_btf_kind(t));
		return 0;
	}
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		name = bbpf_btf_str(targ->btf, bbpf_btf_enum_name_off(t, i));
		if (!name || !bbpf__core_names_eq(local->acc[0].name, name))
			continue;
		targ->acc[0] = (struct bbpf_core_acc){ id, i, name };
		targ->len = 1;
		targ->raw[targ->raw_len++] = i;
		return 1;
	}
	WHY(why, BBPF_CORE_WHY_SZ, "no enumerator %s", local->acc[0].name);
	return 0;
}

/*
 * Looks for the member that local accessor @lacc names in target
 * struct/union @id, descending into anonymous members (each such level
 * adds a raw step). On a match the accessor is pushed and *@next is the
 * member's type. Returns 1, 0 or -errno.
 */
static int match_member(const struct bbpf_core_spec *local, const struct bbpf_core_acc *lacc,
			struct bbpf_core_spec *targ, uint32_t id, uint32_t *next, uint32_t *budget,
			char *why)
{
	const struct btf_type *lt = bbpf_btf_type_by_id(local->btf, lacc->type_id);
	const struct btf_type *t = bbpf__core_skip(targ->btf, id, &id);
	const struct btf_member *m;
	uint32_t i, bits;
	const char *name;
	int found;

	if (!t || !lt)
		return -EINVAL;
	if (!bbpf_btf_is_composite(t))
		return 0;
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		m = &bbpf_btf_members(t)[i];
		if (targ->raw_len == BBPF_CORE_SPEC_MAX)
			return -E2BIG;
		/* Anonymous members of one type at every level: 2^depth paths (see core_compat.c). */
		if (!(*budget)--) {
			WHY(why, BBPF_CORE_WHY_SZ, "gave up after %u members (hostile BTF?)",
			    BBPF_CORE_VISIT_BUDGET);
			return -E2BIG;
		}
		bits = bbpf_btf_member_bit_offset(t, i);
		targ->bit_off += bits; /* try it: undone below when it is not the one */
		targ->raw[targ->raw_len++] = i;
		name = bbpf_btf_str(targ->btf, m->name_off);
		if (!name || !*name) {
			found = match_member(local, lacc, targ, m->type, next, budget, why);
			if (found)
				return found;
		} else if (!strcmp(lacc->name, name)) {
			targ->acc[targ->len++] = (struct bbpf_core_acc){ id, i, name };
			*next = m->type;
			found = bbpf__core_fields_compat(local->btf,
							 bbpf_btf_members(lt)[lacc->idx].type,
							 targ->btf, m->type, why);
			if (!found)
				targ->len--;
			return found;
		}
		targ->bit_off -= bits;
		targ->raw_len--;
	}
	return 0;
}

/* Local accessor @i, an array index (i > 0) or the root's index (i == 0). */
static int match_index(const struct bbpf_core_spec *local, int i, struct bbpf_core_spec *targ,
		       uint32_t *id, const struct btf_type *t, char *why)
{
	const struct bbpf_core_acc *lacc = &local->acc[i];
	const struct btf_array *a;

	if (i > 0) {
		if (!bbpf_btf_is_array(t)) {
			WHY(why, BBPF_CORE_WHY_SZ, "[%u] is %s, not an array", *id,
			    bbpf__core_btf_kind(t));
			return 0;
		}
		a = bbpf_btf_array(t);
		if (!is_flex_arr(targ->btf, &targ->acc[targ->len - 1], a) &&
		    lacc->idx >= a->nelems) {
			WHY(why, BBPF_CORE_WHY_SZ, "index %u is past the %u elements of the array",
			    lacc->idx, a->nelems);
			return 0;
		}
		if (!bbpf__core_skip(targ->btf, a->type, id))
			return -EINVAL;
	}
	if (targ->raw_len == BBPF_CORE_SPEC_MAX)
		return -E2BIG;
	targ->acc[targ->len++] = (struct bbpf_core_acc){ *id, lacc->idx, NULL };
	targ->raw[targ->raw_len++] = lacc->idx;
	return add_bits(targ, lacc->idx, bbpf_btf_size(targ->btf, *id)) ?: 1;
}

static int match_field(const struct bbpf_core_spec *local, struct bbpf_core_spec *targ, uint32_t id,
		       char *why)
{
	uint32_t budget = BBPF_CORE_VISIT_BUDGET;
	const struct btf_type *t;
	int i, found;

	for (i = 0; i < local->len; i++) {
		t = bbpf__core_skip(targ->btf, id, &id);
		if (!t)
			return -EINVAL;
		if (!local->acc[i].name) {
			found = match_index(local, i, targ, &id, t, why);
		} else {
			found = match_member(local, &local->acc[i], targ, id, &id, &budget, why);
			if (!found && why && !*why)
				snprintf(why, BBPF_CORE_WHY_SZ, "no member %s in %s %s",
					 local->acc[i].name, bbpf__core_btf_kind(t),
					 bbpf_btf_name(targ->btf, id) ?: "");
		}
		if (found <= 0)
			return found;
	}
	return 1;
}

int bbpf__core_spec_match(const struct bbpf_core_spec *local, const struct bbpf_btf *targ_btf,
			  uint32_t targ_id, struct bbpf_core_spec *targ, char *why)
{
	int cls = bbpf__core_kind_class(local->kind);

	memset(targ, 0, sizeof(*targ));
	targ->btf = targ_btf;
	targ->root_id = targ_id;
	targ->kind = local->kind;
	if (why)
		why[0] = '\0';
	if (cls == BBPF_CORE_TYPE) {
		if (local->kind == BPF_CORE_TYPE_MATCHES)
			return bbpf__core_types_match(local->btf, local->root_id, targ_btf, targ_id,
						      why);
		return bbpf__core_types_compat(local->btf, local->root_id, targ_btf, targ_id, why);
	}
	if (cls == BBPF_CORE_ENUMVAL)
		return match_enumval(local, targ, targ_id, why);
	if (cls == BBPF_CORE_FIELD)
		return match_field(local, targ, targ_id, why);
	return -EINVAL;
}
