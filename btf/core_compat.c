// SPDX-License-Identifier: BSD-2-Clause
/*
 * When is a target type "the same" as a local one? CO-RE has three rules,
 * each the kernel's and libbpf's (Documentation/bpf/libbpf/program_types,
 * "BPF CO-RE reference guide"; the names below are ours):
 *
 * fields_compat (field relocations, per matched member): the member may be
 *   read the way the program reads it. Structs/unions match any
 *   struct/union (their members are matched by name, one access step at a
 *   time); ints match any int (size may differ) but not old-style bitfield
 *   ints (int offset != 0); pointers match pointers whatever they point to;
 *   enums match enums (enum64 too) of the same essential name or when
 *   either is anonymous; arrays match arrays of compatible elements.
 *
 * types_compat (type_exists, type_size, target_type_id): the candidate has
 *   the same kind, and pointers/arrays/prototypes have compatible targets
 *   all the way down; named structs, unions, enums and fwds match by name
 *   (done by the candidate search already).
 *
 * types_match (type_matches): the stricter "would the local definition
 *   compile against the target's": names equal at every level, every
 *   local member exists with a matching type, every local enumerator
 *   exists, ints have the same size and signedness, arrays the same length;
 *   behind a pointer, a struct may match a forward declaration.
 *
 * Each returns 1 (compatible), 0 (not, with a reason in @why when given)
 * or -EINVAL (malformed BTF, or nesting past BBPF_CORE_MAX_DEPTH).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

#define WHY(why, ...)                                                 \
	do {                                                          \
		if ((why) && !*(why))                                 \
			snprintf(why, BBPF_CORE_WHY_SZ, __VA_ARGS__); \
	} while (0)

bool bbpf__core_kinds_compat(const struct btf_type *a, const struct btf_type *b)
{
	return bbpf_btf_kind(a) == bbpf_btf_kind(b) ||
	       (bbpf_btf_is_any_enum(a) && bbpf_btf_is_any_enum(b));
}

/* "local struct vs target int": the reason two types are not interchangeable. */
static int differ(char *why, const struct btf_type *lt, const struct btf_type *tt)
{
	WHY(why, "local %s vs target %s", bbpf__core_btf_kind(lt), bbpf__core_btf_kind(tt));
	return 0;
}

static int names_compat(const struct bbpf_btf *lbtf, const struct btf_type *lt,
			const struct bbpf_btf *tbtf, const struct btf_type *tt, char *why)
{
	const char *ln = bbpf_btf_str(lbtf, lt->name_off);
	const char *tn = bbpf_btf_str(tbtf, tt->name_off);
	size_t ll, tl;

	if (!ln || !tn)
		return -EINVAL;
	ll = bbpf_btf_essential_name_len(ln);
	tl = bbpf_btf_essential_name_len(tn);
	if (!ll || !tl || (ll == tl && !strncmp(ln, tn, ll)))
		return 1;
	WHY(why, "local %s %s vs target %s %s", bbpf__core_btf_kind(lt), ln,
	    bbpf__core_btf_kind(tt), tn);
	return 0;
}

static int ints_compat(const struct btf_type *lt, const struct btf_type *tt, char *why)
{
	if (bbpf_btf_int_offset(lt) == 0 && bbpf_btf_int_offset(tt) == 0)
		return 1;
	WHY(why, "an int with a bit offset (old-style bitfield)");
	return 0;
}

int bbpf__core_fields_compat(const struct bbpf_btf *lbtf, uint32_t lid, const struct bbpf_btf *tbtf,
			     uint32_t tid, char *why)
{
	const struct btf_type *lt, *tt;
	int depth;

	for (depth = 0; depth < BBPF_CORE_MAX_DEPTH; depth++) {
		lt = bbpf__core_skip(lbtf, lid, &lid);
		tt = bbpf__core_skip(tbtf, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (bbpf_btf_is_composite(lt) && bbpf_btf_is_composite(tt))
			return 1;
		if (!bbpf__core_kinds_compat(lt, tt))
			return differ(why, lt, tt);
		switch (bbpf_btf_kind(lt)) {
		case BTF_KIND_PTR:
		case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return names_compat(lbtf, lt, tbtf, tt, why);
		case BTF_KIND_INT:
			return ints_compat(lt, tt, why);
		case BTF_KIND_ARRAY:
			lid = bbpf_btf_array(lt)->type;
			tid = bbpf_btf_array(tt)->type;
			continue;
		default:
			WHY(why, "a %s cannot be a field", bbpf__core_btf_kind(lt));
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * Depth limits do not bound work: a few hundred bytes of hostile BTF can
 * give a type two members (or parameters) of the same type at every level,
 * and a walk of that DAG visits 2^depth paths. Every walk gets a budget of
 * visits instead, as the queries in btf_query.c do.
 */
static bool spend(uint32_t *budget, char *why)
{
	if (*budget) {
		(*budget)--;
		return true;
	}
	WHY(why, "gave up after %u type visits (hostile BTF?)", BBPF_CORE_VISIT_BUDGET);
	return false;
}

static int protos_compat(const struct bbpf_btf *lbtf, const struct btf_type *lt,
			 const struct bbpf_btf *tbtf, const struct btf_type *tt, int level,
			 uint32_t *budget, char *why);

static int types_compat(const struct bbpf_btf *lbtf, uint32_t lid, const struct bbpf_btf *tbtf,
			uint32_t tid, int level, uint32_t *budget, char *why)
{
	const struct btf_type *lt = bbpf_btf_type_by_id(lbtf, lid);
	const struct btf_type *tt = bbpf_btf_type_by_id(tbtf, tid);
	int depth;

	if (!lt || !tt)
		return -EINVAL;
	if (!spend(budget, why))
		return -E2BIG;
	if (!bbpf__core_kinds_compat(lt, tt))
		return differ(why, lt, tt);
	for (depth = 0; depth < BBPF_CORE_MAX_DEPTH; depth++) {
		lt = bbpf__core_skip(lbtf, lid, &lid);
		tt = bbpf__core_skip(tbtf, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (!bbpf__core_kinds_compat(lt, tt))
			return differ(why, lt, tt);
		switch (bbpf_btf_kind(lt)) {
		case BTF_KIND_UNKN:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FWD:
			return 1;
		case BTF_KIND_INT:
			return ints_compat(lt, tt, why);
		case BTF_KIND_PTR:
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			lid = bbpf_btf_array(lt)->type;
			tid = bbpf_btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO: {
			int err = protos_compat(lbtf, lt, tbtf, tt, level, budget, why);

			if (err <= 0)
				return err;
			lid = lt->type; /* then the return types */
			tid = tt->type;
			continue;
		}
		default:
			WHY(why, "a %s cannot be relocated", bbpf__core_btf_kind(lt));
			return 0;
		}
	}
	return -EINVAL;
}

/* Parameters of two prototypes, pairwise (the return type is the caller's). */
static int protos_compat(const struct bbpf_btf *lbtf, const struct btf_type *lt,
			 const struct bbpf_btf *tbtf, const struct btf_type *tt, int level,
			 uint32_t *budget, char *why)
{
	const struct btf_param *lp = bbpf_btf_params(lt), *tp = bbpf_btf_params(tt);
	uint32_t i, lid, tid;
	int err;

	if (bbpf_btf_vlen(lt) != bbpf_btf_vlen(tt)) {
		WHY(why, "%u parameters vs %u", bbpf_btf_vlen(lt), bbpf_btf_vlen(tt));
		return 0;
	}
	for (i = 0; i < bbpf_btf_vlen(lt); i++) {
		if (level <= 0)
			return -EINVAL;
		if (!bbpf__core_skip(lbtf, lp[i].type, &lid) ||
		    !bbpf__core_skip(tbtf, tp[i].type, &tid))
			return -EINVAL;
		err = types_compat(lbtf, lid, tbtf, tid, level - 1, budget, why);
		if (err <= 0)
			return err;
	}
	return 1;
}

int bbpf__core_types_compat(const struct bbpf_btf *lbtf, uint32_t lid, const struct bbpf_btf *tbtf,
			    uint32_t tid, char *why)
{
	uint32_t budget = BBPF_CORE_VISIT_BUDGET;

	return types_compat(lbtf, lid, tbtf, tid, BBPF_CORE_MAX_DEPTH, &budget, why);
}

/* ------------------------------------------------------------------ */
/* type_matches                                                        */
/* ------------------------------------------------------------------ */

/* Names for type_matches: anonymous matches only anonymous, else essential names equal. */
static bool names_match(const struct bbpf_btf *lbtf, uint32_t loff, const struct bbpf_btf *tbtf,
			uint32_t toff)
{
	const char *ln = bbpf_btf_str(lbtf, loff);
	const char *tn = bbpf_btf_str(tbtf, toff);

	if (!ln || !tn)
		return false;
	if (!*tn)
		return !*ln;
	return bbpf__core_names_eq(ln, tn);
}

static int enums_match(const struct bbpf_btf *lbtf, const struct btf_type *lt,
		       const struct bbpf_btf *tbtf, const struct btf_type *tt, char *why)
{
	uint32_t i, j, lv = bbpf_btf_vlen(lt), tv = bbpf_btf_vlen(tt);

	if (lt->size != tt->size || lv > tv) {
		WHY(why, "enum of %u bytes and %u values vs %u bytes and %u values", lt->size, lv,
		    tt->size, tv);
		return 0;
	}
	for (i = 0; i < lv; i++) {
		for (j = 0; j < tv; j++)
			if (names_match(lbtf, bbpf_btf_enum_name_off(lt, i), tbtf,
					bbpf_btf_enum_name_off(tt, j)))
				break;
		if (j == tv) {
			WHY(why, "no enumerator %s",
			    bbpf_btf_str(lbtf, bbpf_btf_enum_name_off(lt, i)));
			return 0;
		}
	}
	return 1;
}

static int types_match(const struct bbpf_btf *lbtf, uint32_t lid, const struct bbpf_btf *tbtf,
		       uint32_t tid, bool behind_ptr, int level, uint32_t *budget, char *why);

static int composites_match(const struct bbpf_btf *lbtf, const struct btf_type *lt,
			    const struct bbpf_btf *tbtf, const struct btf_type *tt, bool behind_ptr,
			    int level, uint32_t *budget, char *why)
{
	const struct btf_member *lm = bbpf_btf_members(lt), *tm = bbpf_btf_members(tt);
	uint32_t i, j, lv = bbpf_btf_vlen(lt), tv = bbpf_btf_vlen(tt);
	int err = 0;

	if (lv > tv) {
		WHY(why, "%u members locally, %u in the target", lv, tv);
		return 0;
	}
	for (i = 0; i < lv; i++) {
		for (j = 0, err = 0; j < tv && err == 0; j++) {
			if (!names_match(lbtf, lm[i].name_off, tbtf, tm[j].name_off))
				continue;
			err = types_match(lbtf, lm[i].type, tbtf, tm[j].type, behind_ptr, level - 1,
					  budget, NULL);
			if (err < 0)
				return err;
		}
		if (!err) {
			WHY(why, "member %s has no match", bbpf_btf_str(lbtf, lm[i].name_off));
			return 0;
		}
	}
	return 1;
}

/* A forward declaration: its kind_flag says union (1) or struct (0). */
static int fwd_match(const struct btf_type *lt, const struct btf_type *tt, bool behind_ptr)
{
	uint16_t lk = bbpf_btf_kind(lt), tk = bbpf_btf_kind(tt);
	bool lf = bbpf_btf_kflag(lt);

	if (lk == BTF_KIND_FWD) {
		if (lk == tk)
			return lf == bbpf_btf_kflag(tt);
		return behind_ptr &&
		       ((tk == BTF_KIND_STRUCT && !lf) || (tk == BTF_KIND_UNION && lf));
	}
	/* local struct or union */
	if (lk == tk)
		return 1;
	return behind_ptr && tk == BTF_KIND_FWD && (lk == BTF_KIND_UNION) == bbpf_btf_kflag(tt);
}

static int match_one(const struct bbpf_btf *lbtf, const struct btf_type *lt,
		     const struct bbpf_btf *tbtf, const struct btf_type *tt, bool behind_ptr,
		     int level, uint32_t *budget, char *why)
{
	uint16_t lk = bbpf_btf_kind(lt), tk = bbpf_btf_kind(tt);

	switch (lk) {
	case BTF_KIND_UNKN:
		return lk == tk ? 1 : differ(why, lt, tt);
	case BTF_KIND_FWD:
		return fwd_match(lt, tt, behind_ptr) ?: differ(why, lt, tt);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!bbpf_btf_is_any_enum(tt))
			return differ(why, lt, tt);
		return enums_match(lbtf, lt, tbtf, tt, why);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (behind_ptr || lk != tk)
			return fwd_match(lt, tt, behind_ptr) ?: differ(why, lt, tt);
		return composites_match(lbtf, lt, tbtf, tt, behind_ptr, level, budget, why);
	case BTF_KIND_INT:
		if (lk != tk)
			return differ(why, lt, tt);
		if (lt->size == tt->size && (bbpf_btf_int_encoding(lt) & BTF_INT_SIGNED) ==
						    (bbpf_btf_int_encoding(tt) & BTF_INT_SIGNED))
			return 1;
		WHY(why, "int of %u bytes%s vs %u bytes%s", lt->size,
		    bbpf_btf_int_encoding(lt) & BTF_INT_SIGNED ? " signed" : "", tt->size,
		    bbpf_btf_int_encoding(tt) & BTF_INT_SIGNED ? " signed" : "");
		return 0;
	default:
		WHY(why, "a %s cannot be matched", bbpf__core_btf_kind(lt));
		return 0;
	}
}

static int params_match(const struct bbpf_btf *lbtf, const struct btf_type *lt,
			const struct bbpf_btf *tbtf, const struct btf_type *tt, bool behind_ptr,
			int level, uint32_t *budget, char *why)
{
	const struct btf_param *lp = bbpf_btf_params(lt), *tp = bbpf_btf_params(tt);
	uint32_t i;
	int err;

	if (bbpf_btf_vlen(lt) != bbpf_btf_vlen(tt)) {
		WHY(why, "%u parameters vs %u", bbpf_btf_vlen(lt), bbpf_btf_vlen(tt));
		return 0;
	}
	for (i = 0; i < bbpf_btf_vlen(lt); i++) {
		err = types_match(lbtf, lp[i].type, tbtf, tp[i].type, behind_ptr, level - 1, budget,
				  why);
		if (err <= 0)
			return err;
	}
	return 1;
}

/* Follows pointers, arrays and prototypes in a loop; everything else is match_one(). */
static int types_match(const struct bbpf_btf *lbtf, uint32_t lid, const struct bbpf_btf *tbtf,
		       uint32_t tid, bool behind_ptr, int level, uint32_t *budget, char *why)
{
	const struct btf_type *lt, *tt;
	int depth, err;

	if (level <= 0)
		return -EINVAL;
	if (!spend(budget, why))
		return -E2BIG;
	for (depth = 0; depth < BBPF_CORE_MAX_DEPTH; depth++) {
		lt = bbpf__core_skip(lbtf, lid, &lid);
		tt = bbpf__core_skip(tbtf, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (!names_match(lbtf, lt->name_off, tbtf, tt->name_off)) {
			WHY(why, "names differ: %s vs %s", bbpf_btf_str(lbtf, lt->name_off),
			    bbpf_btf_str(tbtf, tt->name_off));
			return 0;
		}
		switch (bbpf_btf_kind(lt)) {
		case BTF_KIND_PTR:
			if (bbpf_btf_kind(tt) != BTF_KIND_PTR)
				return differ(why, lt, tt);
			behind_ptr = true;
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			if (!bbpf_btf_is_array(tt))
				return differ(why, lt, tt);
			if (bbpf_btf_array(lt)->nelems != bbpf_btf_array(tt)->nelems) {
				WHY(why, "array of %u vs %u elements", bbpf_btf_array(lt)->nelems,
				    bbpf_btf_array(tt)->nelems);
				return 0;
			}
			lid = bbpf_btf_array(lt)->type;
			tid = bbpf_btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			if (!bbpf_btf_is_func_proto(tt))
				return differ(why, lt, tt);
			err = params_match(lbtf, lt, tbtf, tt, behind_ptr, level, budget, why);
			if (err <= 0)
				return err;
			lid = lt->type;
			tid = tt->type;
			continue;
		default:
			return match_one(lbtf, lt, tbtf, tt, behind_ptr, level, budget, why);
		}
	}
	return -EINVAL;
}

int bbpf__core_types_match(const struct bbpf_btf *lbtf, uint32_t lid, const struct bbpf_btf *tbtf,
			   uint32_t tid, char *why)
{
	uint32_t budget = BBPF_CORE_VISIT_BUDGET;

	return types_match(lbtf, lid, tbtf, tid, false, BBPF_CORE_MAX_DEPTH, &budget, why);
}
