// SPDX-License-Identifier: BSD-2-Clause
/*
 * Object BTF for older kernels: each kind a kernel lacks becomes one it has,
 * chosen so that the record keeps its size and the type keeps its id (the
 * program's func_info, line_info and CO-RE relocations, and map definitions,
 * refer to ids). The choices are libbpf's, so kernels that take what libbpf
 * loads take ours:
 *
 *	kind        kernel lacks   becomes             why that kind
 *	VAR         DATASEC        INT, 1 byte         same 4-byte tail; 1 byte fits any
 *	                                               slot of the struct below
 *	DATASEC     DATASEC        STRUCT              secinfo {type, offset, size} and
 *	                                               member {name, type, bit offset}
 *	                                               are both 12 bytes
 *	FUNC_PROTO  FUNC           ENUM, 4 bytes       param {name, type} and enumerator
 *	                                               {name, value}: both 8 bytes
 *	FUNC        FUNC           TYPEDEF             no tail, points at the old proto
 *	FUNC        FUNC_GLOBAL    FUNC, static        linkage lives in vlen
 *	FLOAT       FLOAT          STRUCT, no members  same size, so members around stay put
 *	DECL_TAG    DECL_TAG       INT, 1 byte         as VAR
 *	TYPE_TAG    TYPE_TAG       CONST               a modifier without a name
 *	ENUM64      ENUM64         UNION               enumerator {name, lo, hi} and member
 *	                                               {name, type, offset}: 12 bytes; all
 *	                                               members are one new 1-byte INT
 *	ENUM        ENUM64         ENUM, kflag 0       signedness came with ENUM64
 *
 * The first matching rule (in this order) wins: with no FUNC support at all,
 * a FUNC becomes a TYPEDEF whatever its linkage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/kfeat.h"
#include "internal/log.h"
#include "write_internal.h"

struct san {
	const struct bbpf_btf *btf;
	struct bbpf__btf_wr w;
	uint32_t placeholder; /* the enum64 stand-in INT, 0 until one is needed */
	int arg_names[16];    /* offsets of "arg0".."arg15" once added, else 0 */
};

static struct btf_type *type_at(struct san *s, uint32_t id)
{
	return bbpf__btf_wr_type(&s->w, s->btf, id);
}

/* A type's info word without kind_flag (the UAPI header has no encoder). */
static uint32_t info(uint16_t kind, uint16_t vlen)
{
	return (uint32_t)kind << 24 | vlen;
}

/* An INT's encoding word: unsigned, at bit offset 0, 8 bits. */
#define INT_U8 8u

/* VAR and DECL_TAG: a 1-byte INT under the same name (their 4-byte tail becomes its encoding). */
static int to_int(struct san *s, uint32_t id)
{
	struct btf_type *t = type_at(s, id);

	t->info = info(BTF_KIND_INT, 0);
	t->size = 1;
	*(uint32_t *)(t + 1) = INT_U8;
	return 1;
}

/* ".data.rel?" -> "_data_rel_": a struct needs a C identifier. */
static int struct_name(struct san *s, uint32_t name_off, uint32_t *out)
{
	const char *name = bbpf_btf_str(s->btf, name_off);
	char *fixed, *p;
	int off;

	if (!name || !strpbrk(name, ".?")) {
		*out = name_off;
		return 0;
	}
	fixed = strdup(name);
	if (!fixed)
		return -ENOMEM;
	for (p = fixed; *p; p++)
		if (*p == '.' || *p == '?')
			*p = '_';
	off = bbpf__btf_wr_str(&s->w, fixed);
	free(fixed);
	if (off < 0)
		return off;
	*out = off;
	return 0;
}

static int datasec_to_struct(struct san *s, uint32_t id)
{
	const struct btf_type *in = bbpf_btf_type_by_id(s->btf, id);
	const struct btf_var_secinfo *v = bbpf_btf_var_secinfos(in);
	struct btf_member *m;
	struct btf_type *t;
	uint32_t i, name_off;
	int err;

	err = struct_name(s, in->name_off, &name_off);
	if (err)
		return err;
	t = type_at(s, id);
	m = (struct btf_member *)(t + 1);
	t->name_off = name_off;
	t->info = info(BTF_KIND_STRUCT, bbpf_btf_vlen(in));
	for (i = 0; i < bbpf_btf_vlen(in); i++) {
		m[i].name_off = bbpf_btf_type_by_id(s->btf, v[i].type)->name_off;
		m[i].type = v[i].type;
		m[i].offset = v[i].offset * 8;
	}
	return 1;
}

/* The kernel wants every enumerator named; parameters without a name get "argN". */
static int arg_name(struct san *s, uint32_t i)
{
	char name[16];
	int off;

	if (i < 16 && s->arg_names[i])
		return s->arg_names[i];
	snprintf(name, sizeof(name), "arg%u", i);
	off = bbpf__btf_wr_str(&s->w, name);
	if (off > 0 && i < 16)
		s->arg_names[i] = off;
	return off;
}

static int proto_to_enum(struct san *s, uint32_t id)
{
	const struct btf_type *in = bbpf_btf_type_by_id(s->btf, id);
	const struct btf_param *p = bbpf_btf_params(in);
	struct btf_enum *e;
	struct btf_type *t;
	uint32_t i;
	int off;

	for (i = 0; i < bbpf_btf_vlen(in); i++) {
		off = p[i].name_off ? (int)p[i].name_off : arg_name(s, i);
		if (off < 0)
			return off;
		/* in place: p[i] and e[i] are the same 8 bytes of the copy */
		t = type_at(s, id);
		e = (struct btf_enum *)(t + 1);
		e[i].val = p[i].type;
		e[i].name_off = off;
	}
	t = type_at(s, id);
	t->info = info(BTF_KIND_ENUM, bbpf_btf_vlen(in));
	t->size = sizeof(uint32_t);
	return 1;
}

static int func_to_typedef(struct san *s, uint32_t id)
{
	type_at(s, id)->info = info(BTF_KIND_TYPEDEF, 0);
	return 1;
}

static int func_to_static(struct san *s, uint32_t id)
{
	struct btf_type *t = type_at(s, id);

	if (bbpf_btf_func_linkage(t) == BTF_FUNC_STATIC)
		return 0;
	t->info = info(BTF_KIND_FUNC, BTF_FUNC_STATIC);
	return 1;
}

static int float_to_struct(struct san *s, uint32_t id)
{
	struct btf_type *t = type_at(s, id);

	t->name_off = 0; /* "double" is no struct name */
	t->info = info(BTF_KIND_STRUCT, 0);
	return 1;
}

static int tag_to_const(struct san *s, uint32_t id)
{
	struct btf_type *t = type_at(s, id);

	t->name_off = 0;
	t->info = info(BTF_KIND_CONST, 0);
	return 1;
}

static int enum_unsigned(struct san *s, uint32_t id)
{
	struct btf_type *t = type_at(s, id);

	if (!bbpf_btf_kflag(t))
		return 0;
	t->info = info(BTF_KIND_ENUM, bbpf_btf_vlen(t));
	return 1;
}

static int add_placeholder(struct san *s)
{
	struct {
		struct btf_type t;
		uint32_t enc;
	} rec = { { .info = info(BTF_KIND_INT, 0), .size = 1 }, INT_U8 };
	int ret;

	ret = bbpf__btf_wr_str(&s->w, "enum64_placeholder");
	if (ret < 0)
		return ret;
	rec.t.name_off = ret;
	ret = bbpf__btf_wr_add(&s->w, &rec, sizeof(rec));
	if (ret < 0)
		return ret;
	s->placeholder = ret;
	return 0;
}

static int enum64_to_union(struct san *s, uint32_t id)
{
	struct btf_enum64 *e;
	struct btf_type *t;
	uint32_t i;
	int err;

	if (!s->placeholder) {
		err = add_placeholder(s);
		if (err)
			return err;
	}
	t = type_at(s, id);
	e = (struct btf_enum64 *)(t + 1);
	/* {name_off, val_lo32, val_hi32} -> {name_off, type, offset} */
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		e[i].val_lo32 = s->placeholder;
		e[i].val_hi32 = 0;
	}
	t->info = info(BTF_KIND_UNION, bbpf_btf_vlen(t));
	return 1;
}

static const struct rule {
	uint16_t kind;
	enum bbpf_feature lacks; /* applies when the kernel lacks this */
	int (*fix)(struct san *s, uint32_t id);
} rules[] = {
	{ BTF_KIND_VAR, BBPF_FEAT_BTF_DATASEC, to_int },
	{ BTF_KIND_DECL_TAG, BBPF_FEAT_BTF_DECL_TAG, to_int },
	{ BTF_KIND_DATASEC, BBPF_FEAT_BTF_DATASEC, datasec_to_struct },
	{ BTF_KIND_FUNC_PROTO, BBPF_FEAT_BTF_FUNC, proto_to_enum },
	{ BTF_KIND_FUNC, BBPF_FEAT_BTF_FUNC, func_to_typedef },
	{ BTF_KIND_FUNC, BBPF_FEAT_BTF_FUNC_GLOBAL, func_to_static },
	{ BTF_KIND_FLOAT, BBPF_FEAT_BTF_FLOAT, float_to_struct },
	{ BTF_KIND_TYPE_TAG, BBPF_FEAT_BTF_TYPE_TAG, tag_to_const },
	{ BTF_KIND_ENUM, BBPF_FEAT_BTF_ENUM64, enum_unsigned },
	{ BTF_KIND_ENUM64, BBPF_FEAT_BTF_ENUM64, enum64_to_union },
};

/* Applies the first rule for @id's kind the kernel needs: 1 (changed), 0, or -errno. */
static int sanitize_type(struct san *s, const struct bbpf_kfeat *kf, uint32_t id)
{
	uint16_t kind = bbpf_btf_kind(bbpf_btf_type_by_id(s->btf, id));
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (rules[i].kind == kind && !kf->has[rules[i].lacks])
			return rules[i].fix(s, id);
	}
	return 0;
}

int bbpf_btf_sanitize(const struct bbpf_btf *btf, const struct bbpf_kfeat *kf, void **out,
		      size_t *out_sz)
{
	struct san s = { .btf = btf };
	uint32_t id, end;
	int err, changed = 0;

	if (!btf || !kf || !out || !out_sz)
		return -EINVAL;
	err = bbpf__btf_wr_init(&s.w, btf);
	end = bbpf_btf_type_cnt(btf);
	for (id = bbpf_btf_start_id(btf); !err && id < end; id++) {
		err = sanitize_type(&s, kf, id);
		if (err > 0)
			changed++;
		err = err < 0 ? err : 0;
	}
	err = err ?: bbpf__btf_wr_encode(&s.w, BBPF_BTF_ENDIAN_NATIVE, out, out_sz);
	bbpf__btf_wr_free(&s.w);
	if (err)
		pr_warn("BTF sanitize: %s\n", strerror(-err));
	else if (changed)
		pr_debug("BTF sanitize: %d types rewritten for this kernel\n", changed);
	return err ?: changed;
}
