/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CO-RE engine internals, shared by btf/core_*.c only.
 *
 * A spec is an access string resolved against one BTF. For
 *
 *	struct task_struct { ...; struct task_struct *real_parent; ... };
 *	access "0:95"   (element 0 of the root, member 95)
 *
 * the spec holds two kinds of steps:
 *   raw[]  every number of the string, one per level, anonymous members
 *          included: raw = { 0, 95 };
 *   acc[]  the "high level" accessors that another BTF must also have:
 *          array indexes and named members, anonymous struct/union levels
 *          left out: acc = { [0] {root, idx 0}, [1] {task_struct, idx 95,
 *          "real_parent"} }.
 * Matching a candidate walks acc[] by name, re-deriving its own raw[] (the
 * member indexes differ from kernel to kernel) and bit offset.
 * For enumval kinds acc[0] names the enumerator; type kinds have no steps.
 */
#ifndef BBPF_BTF_CORE_H
#define BBPF_BTF_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>

/* Longest access string, in steps (libbpf's bound too). */
#define BBPF_CORE_SPEC_MAX 64
/* Recursion bound of the type-compatibility walks. */
#define BBPF_CORE_MAX_DEPTH 32
/* Type visits one match walk may make (hostile BTF: see core_compat.c). */
#define BBPF_CORE_VISIT_BUDGET (1u << 16)
/* Size of the "why did it not match" buffers. */
#define BBPF_CORE_WHY_SZ 160

enum bbpf_core_kind_class {
	BBPF_CORE_FIELD,
	BBPF_CORE_TYPE,
	BBPF_CORE_ENUMVAL,
};

struct bbpf_core_acc {
	uint32_t type_id; /* the struct/union holding the member, or the array's element type */
	uint32_t idx;	  /* member index, array index, or enumerator index */
	const char *name; /* member or enumerator name; NULL for an array index */
};

struct bbpf_core_spec {
	const struct bbpf_btf *btf;
	uint32_t root_id; /* relocation's type id, modifiers and typedefs not skipped */
	uint32_t kind;
	int len;
	struct bbpf_core_acc acc[BBPF_CORE_SPEC_MAX];
	int raw_len;
	uint32_t raw[BBPF_CORE_SPEC_MAX];
	uint32_t bit_off; /* of the accessed field from the root's start */
};

/* core_spec.c */

/* Class of relocation kind @kind (field, type or enumval); -EINVAL if unknown. */
int bbpf__core_kind_class(uint32_t kind);

/*
 * Parses relocation @relo of @btf into @spec. Returns 0, or -EINVAL for a
 * malformed access string or one that does not fit the type, -E2BIG past
 * BBPF_CORE_SPEC_MAX steps. Writes what went wrong into @why (may be NULL).
 */
int bbpf__core_spec_parse(const struct bbpf_btf *btf, const struct bbpf_btf_core_relo *relo,
			  struct bbpf_core_spec *spec, char *why, size_t why_sz);

/* Formats @spec as in the logs into @buf; returns the length snprintf would. */
int bbpf__core_spec_fmt(const struct bbpf_core_spec *spec, char *buf, size_t sz);

/*
 * Matches @local against candidate @targ_id of @targ_btf, building @targ.
 * Returns 1 on a match, 0 if not (with the reason in @why, BBPF_CORE_WHY_SZ
 * bytes), or -errno for malformed BTF.
 */
int bbpf__core_spec_match(const struct bbpf_core_spec *local, const struct bbpf_btf *targ_btf,
			  uint32_t targ_id, struct bbpf_core_spec *targ, char *why);

/* Lower-case kind name as libbpf's logs print it ("struct", "enum64", "func_proto"). */
const char *bbpf__core_btf_kind(const struct btf_type *t);

/* core_compat.c: each returns 1 (compatible), 0 (not, reason in @why if non-NULL) or -errno. */

/* The kinds CO-RE treats as equal: the same kind, or enum vs enum64. */
bool bbpf__core_kinds_compat(const struct btf_type *a, const struct btf_type *b);

/* Whether a local field of type @lid may be read as target field type @tid. */
int bbpf__core_fields_compat(const struct bbpf_btf *lbtf, uint32_t lid, const struct bbpf_btf *tbtf,
			     uint32_t tid, char *why);

/* The looser rule of type_exists/type_size/target_type_id (names already match). */
int bbpf__core_types_compat(const struct bbpf_btf *lbtf, uint32_t lid, const struct bbpf_btf *tbtf,
			    uint32_t tid, char *why);

/* The stricter rule of type_matches (bpf_core_type_matches()). */
int bbpf__core_types_match(const struct bbpf_btf *lbtf, uint32_t lid, const struct bbpf_btf *tbtf,
			   uint32_t tid, char *why);

/* Type @id after modifiers and typedefs (its id in *@res_id), NULL if invalid. */
const struct btf_type *bbpf__core_skip(const struct bbpf_btf *btf, uint32_t id, uint32_t *res_id);

/* Whether names @a and @b are equal once both flavors are dropped. */
bool bbpf__core_names_eq(const char *a, const char *b);

#endif
