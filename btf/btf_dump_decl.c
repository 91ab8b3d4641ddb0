// SPDX-License-Identifier: BSD-2-Clause
/*
 * C syntax for BTF types: struct/union/enum/typedef definitions and the
 * declarations inside them.
 *
 * Declarations. BTF writes a declarator from the outside in; C writes the
 * innermost type first and wraps the name:
 *
 *	BTF  ARRAY[4] -> PTR -> FUNC_PROTO(int) -> VOID     member "cb"
 *	C    void (*cb[4])(int)
 *
 * So the chain is pushed on a stack until a type that names itself (int,
 * struct, typedef, ...), then popped: the named type and the qualifiers that
 * apply to it first, then pointers ("*") and their qualifiers, and at an
 * array or prototype the rest of the chain goes in parentheses before the
 * "[N]" or "(params)". Qualifiers on arrays and prototypes mean nothing in C
 * (GCC emits them) and are dropped.
 *
 * Layout. Members are written in BTF order at their BTF offsets. Where the
 * next member is further than C's natural layout would put it, unnamed
 * bit-fields fill the hole; they take no name and do not change the
 * struct's alignment:
 *
 *	struct x { char a; long: 56; long b; }   b at byte 16, not 8: the
 *	  "long: 56" ends a's long unit, then one "long: 64" more.
 *
 * A struct whose members sit below their alignment, or whose size is not a
 * multiple of it, was packed: __attribute__((packed)), and its holes are
 * filled bit by bit (packed bit-fields are not aligned either).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal/log.h"
#include "internal/mem.h"
#include "dump_internal.h"

/* A view of one declaration chain on the shared id stack: ids [start, start + cnt). */
struct chain {
	size_t start;
	size_t cnt;
};

static const struct btf_type *type_of(const struct bbpf__dump *d, uint32_t id)
{
	return bbpf_btf_type_by_id(d->btf, id);
}

static struct bbpf__dump_ident plain(const struct bbpf__dump *d, uint32_t name_off)
{
	const char *s = bbpf_btf_str(d->btf, name_off);
	struct bbpf__dump_ident r = { s ? s : "", 0 };

	return r;
}

static uint64_t roundup64(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

/* ------------------------------------------------------------------ */
/* Padding                                                             */
/* ------------------------------------------------------------------ */

static const char *const pad_names[] = { "long", "int", "short", "char" };

static unsigned int pad_bits(const struct bbpf__dump *d, unsigned int i)
{
	return i ? 32u >> (i - 1) : (unsigned int)d->ptr_sz * 8;
}

static void pad_line(struct bbpf__dump *d, unsigned int i, uint64_t bits, int lvl)
{
	bbpf__dump_out(d, "\n");
	bbpf__dump_indent(d, lvl);
	bbpf__dump_outf(d, "%s: %u;", pad_names[i], (unsigned int)bits);
}

/* Less than one unit of padding: the smallest type that holds it. */
static void pad_rest(struct bbpf__dump *d, uint64_t bits, int lvl)
{
	unsigned int i;

	for (i = 3; i > 0 && pad_bits(d, i) < bits; i--)
		;
	pad_line(d, i, bits, lvl);
}

/* Fills [cur, next) with whole units of pad type @i, then the rest. */
static void pad_fill(struct bbpf__dump *d, unsigned int i, uint64_t cur, uint64_t next, int lvl)
{
	uint64_t unit = pad_bits(d, i);

	while (cur < next && !d->err) {
		if (next - cur >= unit) {
			pad_line(d, i, unit, lvl);
			cur += unit;
		} else {
			pad_rest(d, next - cur, lvl);
			cur = next;
		}
	}
}

/*
 * Pads from bit @cur to bit @next, where a member of alignment @next_align
 * follows. Picks the widest of long/int/short/char whose next boundary is
 * still inside the hole; unnamed bit-fields of it start at that boundary by
 * themselves, except when the hole would swallow the whole first one, or the
 * member would not land there on its own (then "type: 0" forces the boundary),
 * or the previous member is a bit-field (then "type: N" closes its unit).
 */
static void pad(struct bbpf__dump *d, uint64_t cur, uint64_t next, int next_align, bool in_bf,
		bool packed, int lvl)
{
	uint64_t bound = 0;
	unsigned int i;

	if (cur >= next)
		return;
	if (packed) {
		/* Only bit-fields may follow one another mid-byte: the rest start at a byte. */
		pad_fill(d, 0, in_bf ? cur : roundup64(cur, 8), next, lvl);
		return;
	}
	for (i = 0; i < 4; i++) {
		bound = roundup64(cur, pad_bits(d, i));
		if (bound <= next)
			break;
	}
	if (i == 4) {
		pad_fill(d, 3, cur, next, lvl);
		return;
	}
	if (bound > cur) {
		if (in_bf || (bound == next && roundup64(cur, (uint64_t)next_align * 8) != bound) ||
		    (bound != next && next - bound <= bound - cur))
			pad_line(d, i, in_bf ? bound - cur : 0, lvl);
		cur = bound;
	}
	pad_fill(d, i, cur, next, lvl);
}

/* ------------------------------------------------------------------ */
/* struct / union                                                      */
/* ------------------------------------------------------------------ */

static int align_of(const struct bbpf__dump *d, uint32_t id)
{
	int a = bbpf_btf_align(d->btf, id);

	return a > 0 ? a : 1;
}

/* Packed: a member below its natural alignment, or a size C would have rounded up. */
static bool is_packed(const struct bbpf__dump *d, const struct btf_type *t)
{
	const struct btf_member *m = bbpf_btf_members(t);
	int align, max = 1;
	uint32_t i;

	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		align = align_of(d, m[i].type);
		if (!bbpf_btf_member_bitfield_size(t, i) &&
		    bbpf_btf_member_bit_offset(t, i) % (8u * align))
			return true;
		if (align > max)
			max = align;
	}
	return t->size % max != 0;
}

/*
 * The size C gives member type @id. That is the BTF size, except for
 * __builtin_va_list, which every target defines its own way: the kernel's
 * (x86: 24 bytes) is not the BPF target's (a pointer).
 */
static int c_size(const struct bbpf__dump *d, uint32_t id)
{
	const struct btf_type *t = type_of(d, id);
	const char *name;

	while (bbpf_btf_is_mod(t) || bbpf_btf_kind(t) == BTF_KIND_TYPEDEF) {
		name = bbpf_btf_str(d->btf, t->name_off);
		if (name && !strcmp(name, "__builtin_va_list"))
			return d->ptr_sz;
		t = type_of(d, t->type);
	}
	return bbpf_btf_size(d->btf, id);
}

/*
 * A union larger than its largest member (rounded up to its alignment) was
 * declared aligned: returns the smallest power of two that gives its size,
 * or 0 when none is needed or none does.
 */
static uint32_t union_align(const struct bbpf__dump *d, const struct btf_type *t)
{
	const struct btf_member *m = bbpf_btf_members(t);
	uint64_t max_sz = 0, sz;
	uint32_t i, align = 1, a;

	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		sz = bbpf_btf_member_bitfield_size(t, i);
		if (!sz)
			sz = c_size(d, m[i].type) > 0 ? (uint64_t)c_size(d, m[i].type) * 8 : 0;
		sz = (sz + 7) / 8;
		max_sz = sz > max_sz ? sz : max_sz;
		a = align_of(d, m[i].type);
		align = a > align ? a : align;
	}
	if (!max_sz || t->size <= roundup64(max_sz, align))
		return 0;
	for (a = align * 2; a && a <= t->size; a *= 2)
		if (roundup64(max_sz, a) == t->size)
			return a;
	return 0;
}

static void member(struct bbpf__dump *d, const struct btf_type *t, uint32_t i, uint64_t *off,
		   bool *prev_bf, bool packed, int lvl)
{
	const struct btf_member *m = &bbpf_btf_members(t)[i];
	uint32_t bf = bbpf_btf_member_bitfield_size(t, i);
	uint64_t m_off = bbpf_btf_member_bit_offset(t, i);
	int sz;

	pad(d, *off, m_off, packed ? 1 : align_of(d, m->type), *prev_bf && bf, packed, lvl);
	bbpf__dump_out(d, "\n");
	bbpf__dump_indent(d, lvl);
	bbpf__dump_decl(d, m->type, plain(d, m->name_off), lvl);
	if (bf) {
		bbpf__dump_outf(d, ": %u", bf);
		*off = m_off + bf;
	} else {
		sz = c_size(d, m->type);
		*off = m_off + (sz > 0 ? (uint64_t)sz * 8 : 0);
	}
	*prev_bf = bf;
	bbpf__dump_out(d, ";");
}

void bbpf__dump_struct_def(struct bbpf__dump *d, uint32_t id, const struct btf_type *t, int lvl)
{
	bool is_struct = bbpf_btf_kind(t) == BTF_KIND_STRUCT;
	bool packed = is_packed(d, t), prev_bf = false;
	uint32_t i, vlen = bbpf_btf_vlen(t), align;
	uint64_t off = 0;

	bbpf__dump_tag_ref(d, id, t);
	bbpf__dump_out(d, " {");
	for (i = 0; i < vlen && !d->err; i++)
		member(d, t, i, &off, &prev_bf, packed, lvl + 1);
	if (is_struct)
		pad(d, off, (uint64_t)t->size * 8, align_of(d, id), false, packed, lvl + 1);
	if (vlen || t->size) {
		bbpf__dump_out(d, "\n");
		bbpf__dump_indent(d, lvl);
	}
	bbpf__dump_out(d, "}");
	if (packed)
		bbpf__dump_out(d, " __attribute__((packed))");
	align = is_struct || packed ? 0 : union_align(d, t);
	if (align)
		bbpf__dump_outf(d, " __attribute__((aligned(%u)))", align);
}

void bbpf__dump_tag_ref(struct bbpf__dump *d, uint32_t id, const struct btf_type *t)
{
	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_STRUCT:
		bbpf__dump_out(d, "struct");
		break;
	case BTF_KIND_UNION:
		bbpf__dump_out(d, "union");
		break;
	case BTF_KIND_FWD:
		bbpf__dump_out(d, bbpf_btf_kflag(t) ? "union" : "struct");
		break;
	default:
		bbpf__dump_out(d, "enum");
		break;
	}
	if (t->name_off) {
		bbpf__dump_out(d, " ");
		bbpf__dump_out_ident(d, bbpf__dump_tag_name(d, id));
	}
}

/* ------------------------------------------------------------------ */
/* enum                                                                */
/* ------------------------------------------------------------------ */

static void enum_value(struct bbpf__dump *d, const struct btf_type *t, uint32_t i)
{
	uint64_t v = bbpf_btf_enum_value(t, i);
	bool sgn = bbpf_btf_kflag(t);

	if (bbpf_btf_kind(t) == BTF_KIND_ENUM)
		bbpf__dump_outf(d, sgn ? "%d" : "%u", (uint32_t)v);
	else if (!sgn)
		bbpf__dump_outf(d, "%lluULL", (unsigned long long)v);
	else if ((int64_t)v == INT64_MIN) /* its positive half does not fit: no literal for it */
		bbpf__dump_out(d, "(-9223372036854775807LL - 1)");
	else
		bbpf__dump_outf(d, "%lldLL", (long long)(int64_t)v);
}

/* True when every value fits in int or in unsigned int: the compiler would pick 4 bytes. */
static bool enum_fits_32(const struct btf_type *t)
{
	bool as_int = true, as_uint = true, sgn = bbpf_btf_kflag(t);
	uint64_t u;
	int64_t v;
	uint32_t i;

	if (bbpf_btf_kind(t) == BTF_KIND_ENUM)
		return true;
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		u = bbpf_btf_enum_value(t, i);
		v = (int64_t)u;
		as_int &= sgn ? v >= INT32_MIN && v <= INT32_MAX : u <= INT32_MAX;
		as_uint &= sgn ? v >= 0 && v <= UINT32_MAX : u <= UINT32_MAX;
	}
	return as_int || as_uint;
}

/* C sizes an enum by its values; other sizes need a machine mode. */
static void enum_size_attr(struct bbpf__dump *d, const struct btf_type *t)
{
	if (t->size == 1)
		bbpf__dump_out(d, " __attribute__((mode(byte)))");
	else if (t->size == 2)
		bbpf__dump_out(d, " __attribute__((mode(HI)))");
	else if (t->size == 8 && d->ptr_sz == 8 && enum_fits_32(t))
		bbpf__dump_out(d, " __attribute__((mode(word)))");
}

void bbpf__dump_enum_def(struct bbpf__dump *d, uint32_t id, const struct btf_type *t, int lvl)
{
	uint32_t i, vlen = bbpf_btf_vlen(t);
	const char *name;

	bbpf__dump_tag_ref(d, id, t);
	if (!vlen)
		return;
	bbpf__dump_out(d, " {");
	for (i = 0; i < vlen && !d->err; i++) {
		name = plain(d, bbpf_btf_enum_name_off(t, i)).name;
		bbpf__dump_out(d, "\n");
		bbpf__dump_indent(d, lvl + 1);
		bbpf__dump_out_ident(d, bbpf__dump_enumerator(d, name));
		bbpf__dump_out(d, " = ");
		enum_value(d, t, i);
		bbpf__dump_out(d, ",");
	}
	bbpf__dump_out(d, "\n");
	bbpf__dump_indent(d, lvl);
	bbpf__dump_out(d, "}");
	enum_size_attr(d, t);
}

void bbpf__dump_typedef_def(struct bbpf__dump *d, uint32_t id, const struct btf_type *t)
{
	struct bbpf__dump_ident name = bbpf__dump_typedef_name(d, id);

	/* Old GCCs describe __gnuc_va_list as a typedef of void. */
	if (!t->type && !strcmp(name.name, "__gnuc_va_list")) {
		bbpf__dump_out(d, "typedef __builtin_va_list __gnuc_va_list");
		return;
	}
	bbpf__dump_out(d, "typedef ");
	bbpf__dump_decl(d, t->type, name, 0);
}

/* ------------------------------------------------------------------ */
/* Declaration chains                                                  */
/* ------------------------------------------------------------------ */

static uint32_t chain_top(const struct bbpf__dump *d, const struct chain *c)
{
	return d->stack[c->start + c->cnt - 1];
}

/* Qualifiers that apply to the named type: "const struct x". */
static void chain_mods(struct bbpf__dump *d, struct chain *c)
{
	const struct btf_type *t;

	for (; c->cnt; c->cnt--) {
		t = type_of(d, chain_top(d, c));
		switch (bbpf_btf_kind(t)) {
		case BTF_KIND_CONST:
			bbpf__dump_out(d, "const ");
			break;
		case BTF_KIND_VOLATILE:
			bbpf__dump_out(d, "volatile ");
			break;
		case BTF_KIND_RESTRICT:
			bbpf__dump_out(d, "restrict ");
			break;
		default:
			return;
		}
	}
}

static void chain_drop_mods(struct bbpf__dump *d, struct chain *c)
{
	while (c->cnt && bbpf_btf_is_mod(type_of(d, chain_top(d, c))))
		c->cnt--;
}

static void chain_name(struct bbpf__dump *d, struct bbpf__dump_ident name, bool after_ptr)
{
	if (name.name[0] && !after_ptr)
		bbpf__dump_out(d, " ");
	bbpf__dump_out_ident(d, name);
}

static void chain(struct bbpf__dump *d, struct chain *c, struct bbpf__dump_ident name, int lvl);

static void chain_array(struct bbpf__dump *d, struct chain *c, const struct btf_type *t,
			struct bbpf__dump_ident name, bool after_ptr, int lvl)
{
	uint32_t nelems = bbpf_btf_array(t)->nelems;
	bool multidim;

	chain_drop_mods(d, c);
	if (!c->cnt) {
		chain_name(d, name, after_ptr);
		bbpf__dump_outf(d, "[%u]", nelems);
		return;
	}
	/* int a[2][3] is ARRAY(2) of ARRAY(3): the outer one is written last */
	multidim = bbpf_btf_is_array(type_of(d, chain_top(d, c)));
	if (name.name[0] && !after_ptr)
		bbpf__dump_out(d, " ");
	if (!multidim)
		bbpf__dump_out(d, "(");
	chain(d, c, name, lvl);
	if (!multidim)
		bbpf__dump_out(d, ")");
	bbpf__dump_outf(d, "[%u]", nelems);
}

static void chain_proto(struct bbpf__dump *d, struct chain *c, const struct btf_type *t,
			struct bbpf__dump_ident name, bool after_ptr, int lvl)
{
	const struct btf_param *p = bbpf_btf_params(t);
	uint32_t i, vlen = bbpf_btf_vlen(t);

	chain_drop_mods(d, c);
	if (c->cnt) {
		bbpf__dump_out(d, " (");
		chain(d, c, name, lvl);
		bbpf__dump_out(d, ")");
	} else {
		chain_name(d, name, after_ptr);
	}
	/* No parameters: "(void)"; a last parameter of type void: "...". */
	if (!vlen || (vlen == 1 && !p[0].type)) {
		bbpf__dump_out(d, "(void)");
		return;
	}
	bbpf__dump_out(d, "(");
	for (i = 0; i < vlen && !d->err; i++) {
		if (i)
			bbpf__dump_out(d, ", ");
		if (i == vlen - 1 && !p[i].type) {
			bbpf__dump_out(d, "...");
			break;
		}
		bbpf__dump_decl(d, p[i].type, plain(d, p[i].name_off), lvl);
	}
	bbpf__dump_out(d, ")");
}

/* A type that names itself: "int", "struct x" (or an anonymous one's body), "my_t". */
static void chain_named(struct bbpf__dump *d, struct chain *c, uint32_t id,
			const struct btf_type *t, int lvl)
{
	chain_mods(d, c);
	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (t->name_off)
			bbpf__dump_tag_ref(d, id, t);
		else
			bbpf__dump_struct_def(d, id, t, lvl);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (t->name_off)
			bbpf__dump_tag_ref(d, id, t);
		else
			bbpf__dump_enum_def(d, id, t, lvl);
		break;
	case BTF_KIND_FWD:
		bbpf__dump_tag_ref(d, id, t);
		break;
	case BTF_KIND_TYPEDEF:
		bbpf__dump_out_ident(d, bbpf__dump_typedef_name(d, id));
		break;
	default: /* INT, FLOAT */
		bbpf__dump_out(d, plain(d, t->name_off).name);
		break;
	}
}

static void chain_tag(struct bbpf__dump *d, const struct btf_type *t)
{
	/* kind_flag: the tag is an attribute itself, e.g. address_space(1) */
	bbpf__dump_out(d, bbpf_btf_kflag(t) ? " __attribute__((" : " __bbpf_type_tag(\"");
	bbpf__dump_out(d, plain(d, t->name_off).name);
	bbpf__dump_out(d, bbpf_btf_kflag(t) ? "))" : "\")");
}

static void chain_walk(struct bbpf__dump *d, struct chain *c, struct bbpf__dump_ident name, int lvl)
{
	bool after_ptr = true;
	const struct btf_type *t;
	uint32_t id;

	while (c->cnt && !d->err) {
		id = d->stack[c->start + --c->cnt];
		t = type_of(d, id);
		switch (id ? bbpf_btf_kind(t) : BTF_KIND_UNKN) {
		case BTF_KIND_UNKN:
			chain_mods(d, c);
			bbpf__dump_out(d, "void");
			break;
		case BTF_KIND_PTR:
			bbpf__dump_out(d, after_ptr ? "*" : " *");
			break;
		case BTF_KIND_CONST:
			bbpf__dump_out(d, " const");
			break;
		case BTF_KIND_VOLATILE:
			bbpf__dump_out(d, " volatile");
			break;
		case BTF_KIND_RESTRICT:
			bbpf__dump_out(d, " restrict");
			break;
		case BTF_KIND_TYPE_TAG:
			chain_tag(d, t);
			break;
		case BTF_KIND_ARRAY:
			chain_array(d, c, t, name, after_ptr, lvl);
			return;
		case BTF_KIND_FUNC_PROTO:
			chain_proto(d, c, t, name, after_ptr, lvl);
			return;
		default:
			chain_named(d, c, id, t, lvl);
			break;
		}
		after_ptr = id && bbpf_btf_is_ptr(t);
	}
	chain_name(d, name, after_ptr);
}

static void chain(struct bbpf__dump *d, struct chain *c, struct bbpf__dump_ident name, int lvl)
{
	if (d->depth >= DUMP_MAX_DEPTH) {
		pr_warn("btf dump: declaration nests deeper than %d levels\n", DUMP_MAX_DEPTH);
		bbpf__dump_fail(d, -E2BIG);
		return;
	}
	d->depth++;
	chain_walk(d, c, name, lvl);
	d->depth--;
}

/* Pushes the chain from @id down to the type that names itself. */
static int chain_push(struct bbpf__dump *d, uint32_t id)
{
	const struct btf_type *t;
	int err;

	for (;;) {
		err = bbpf__grow((void **)&d->stack, &d->stack_cap, sizeof(*d->stack),
				 d->stack_cnt + 1);
		if (err)
			return err;
		d->stack[d->stack_cnt++] = id;
		if (!id)
			return 0;
		t = type_of(d, id);
		switch (bbpf_btf_kind(t)) {
		case BTF_KIND_PTR:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
		case BTF_KIND_FUNC_PROTO:
			id = t->type;
			break;
		case BTF_KIND_ARRAY:
			id = bbpf_btf_array(t)->type;
			break;
		case BTF_KIND_INT:
		case BTF_KIND_FLOAT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FWD:
		case BTF_KIND_TYPEDEF:
			return 0;
		default:
			pr_warn("btf dump: type [%u] (%s) cannot be part of a declaration\n", id,
				bbpf_btf_kind_str(bbpf_btf_kind(t)));
			return -EINVAL;
		}
	}
}

void bbpf__dump_decl(struct bbpf__dump *d, uint32_t id, struct bbpf__dump_ident name, int lvl)
{
	struct chain c = { d->stack_cnt, 0 };
	int err;

	if (d->err)
		return;
	err = chain_push(d, id);
	if (err) {
		bbpf__dump_fail(d, err);
	} else {
		c.cnt = d->stack_cnt - c.start;
		chain(d, &c, name, lvl);
	}
	d->stack_cnt = c.start;
}
