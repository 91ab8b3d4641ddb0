// SPDX-License-Identifier: BSD-2-Clause
/*
 * BTF as a C header: which types come out, in which order, under which names.
 * The C syntax of each definition is in btf_dump_decl.c.
 *
 * Order. C needs a type defined before anything embeds it by value, but a
 * pointer only needs a declaration. So, for each root id (ascending), a
 * depth-first walk (order()) queues named definitions after what they
 * embed. A walk that reaches a named struct/union through a pointer stops
 * there: a forward declaration will do ("weak" link). Anonymous types have
 * no declaration of their own, so the walk goes through them even behind a
 * pointer ("strong" link): in
 *
 *	struct b { struct { struct a y; } *x; };
 *
 * struct a must be complete before struct b, pointer or not. A typedef is
 * strong when what it names is. Reaching a struct that is still on the
 * walk's path by value is a loop no C order satisfies (-ELOOP).
 *
 * Emission. Then each queued id is emitted (emit()): first the types its
 * members need, where a named struct met through a pointer while it is not
 * yet defined gets "struct x;" once, then the definition itself. A struct
 * that refers to itself (struct list_head *next inside struct list_head)
 * needs nothing; one that meets a struct being emitted further up gets the
 * forward declaration.
 *
 * Names. struct/union/enum tags share one namespace, typedef names and
 * enumerators another. The second type to use a name becomes name___2,
 * the third name___3 (decided at first use, so in output order): CO-RE
 * strips "___suffix" when it matches names against the kernel's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/log.h"
#include "internal/mem.h"
#include "dump_internal.h"

#define OUT_BUF_SZ (64 * 1024)

static const struct btf_type *type_of(const struct bbpf__dump *d, uint32_t id)
{
	return bbpf_btf_type_by_id(d->btf, id);
}

static const char *str_of(const struct bbpf__dump *d, uint32_t off)
{
	const char *s = bbpf_btf_str(d->btf, off);

	return s ? s : "";
}

static unsigned int order_state(const struct bbpf__dump *d, uint32_t id)
{
	return d->st[id] & DS_ORDER_MASK;
}

static void set_order(struct bbpf__dump *d, uint32_t id, unsigned int s)
{
	d->st[id] = (d->st[id] & ~DS_ORDER_MASK) | s;
}

static unsigned int emit_state(const struct bbpf__dump *d, uint32_t id)
{
	return (d->st[id] & DS_EMIT_MASK) >> DS_EMIT_SHIFT;
}

static void set_emit(struct bbpf__dump *d, uint32_t id, unsigned int s)
{
	d->st[id] = (d->st[id] & ~DS_EMIT_MASK) | s << DS_EMIT_SHIFT;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

void bbpf__dump_fail(struct bbpf__dump *d, int err)
{
	if (!d->err)
		d->err = err;
}

static void flush(struct bbpf__dump *d)
{
	int err;

	if (!d->len || d->err)
		return;
	err = d->write(d->ctx, d->buf, d->len);
	d->len = 0;
	if (err < 0)
		bbpf__dump_fail(d, err);
}

static void out_mem(struct bbpf__dump *d, const char *s, size_t n)
{
	size_t room;

	while (n && !d->err) {
		if (d->len == OUT_BUF_SZ)
			flush(d);
		room = OUT_BUF_SZ - d->len;
		if (room > n)
			room = n;
		memcpy(d->buf + d->len, s, room);
		d->len += room;
		s += room;
		n -= room;
	}
}

void bbpf__dump_out(struct bbpf__dump *d, const char *s)
{
	out_mem(d, s, strlen(s));
}

/* For short pieces only (numbers, keywords): names go through bbpf__dump_out(). */
void bbpf__dump_outf(struct bbpf__dump *d, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_mem(d, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

void bbpf__dump_indent(struct bbpf__dump *d, int lvl)
{
	static const char tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
	int n;

	while (lvl > 0) {
		n = lvl < (int)sizeof(tabs) - 1 ? lvl : (int)sizeof(tabs) - 1;
		out_mem(d, tabs, n);
		lvl -= n;
	}
}

void bbpf__dump_out_ident(struct bbpf__dump *d, struct bbpf__dump_ident id)
{
	bbpf__dump_out(d, id.name);
	if (id.dup > 1)
		bbpf__dump_outf(d, "___%u", id.dup);
}

int bbpf_btf_dump_write_stdio(void *ctx, const void *data, size_t len)
{
	return fwrite(data, 1, len, ctx) == len ? 0 : -EIO;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static int names_grow(struct bbpf__dump_names *n)
{
	struct bbpf__dump_name *old = n->slots;
	size_t old_cap = n->cap, i, j;

	n->cap = old_cap ? old_cap * 2 : 1024;
	n->slots = calloc(n->cap, sizeof(*n->slots));
	if (!n->slots) {
		n->slots = old;
		n->cap = old_cap;
		return -ENOMEM;
	}
	for (i = 0; i < old_cap; i++) {
		if (!old[i].name)
			continue;
		j = str_hash(old[i].name) & (n->cap - 1);
		while (n->slots[j].name)
			j = (j + 1) & (n->cap - 1);
		n->slots[j] = old[i];
	}
	free(old);
	return 0;
}

/* Counts one more use of @name in @n and returns how many there are now (1 on ENOMEM). */
static uint32_t names_add(struct bbpf__dump *d, struct bbpf__dump_names *n, const char *name)
{
	size_t j;

	if (n->used * 2 >= n->cap && names_grow(n)) {
		bbpf__dump_fail(d, -ENOMEM);
		return 1;
	}
	j = str_hash(name) & (n->cap - 1);
	while (n->slots[j].name && strcmp(n->slots[j].name, name))
		j = (j + 1) & (n->cap - 1);
	if (!n->slots[j].name) {
		n->slots[j].name = name;
		n->used++;
	}
	return ++n->slots[j].cnt;
}

static struct bbpf__dump_ident resolve_name(struct bbpf__dump *d, uint32_t id,
					    struct bbpf__dump_names *ns)
{
	const struct btf_type *t = type_of(d, id);
	struct bbpf__dump_ident r = { str_of(d, t->name_off), 0 };
	bool unique;

	if (!t->name_off)
		return r;
	if (!(d->st[id] & DS_NAMED)) {
		/* Declarations without a body may repeat a name: they are the same type. */
		unique = bbpf_btf_kind(t) == BTF_KIND_FWD ||
			 (bbpf_btf_kind(t) == BTF_KIND_ENUM && !bbpf_btf_vlen(t));
		d->dup[id] = unique ? 0 : names_add(d, ns, r.name);
		d->st[id] |= DS_NAMED;
	}
	r.dup = d->dup[id];
	return r;
}

struct bbpf__dump_ident bbpf__dump_tag_name(struct bbpf__dump *d, uint32_t id)
{
	return resolve_name(d, id, &d->tags);
}

struct bbpf__dump_ident bbpf__dump_typedef_name(struct bbpf__dump *d, uint32_t id)
{
	return resolve_name(d, id, &d->idents);
}

struct bbpf__dump_ident bbpf__dump_enumerator(struct bbpf__dump *d, const char *name)
{
	struct bbpf__dump_ident r = { name, names_add(d, &d->idents, name) };

	return r;
}

/* ------------------------------------------------------------------ */
/* Order                                                               */
/* ------------------------------------------------------------------ */

static int queue_add(struct bbpf__dump *d, uint32_t id)
{
	int err =
		bbpf__grow((void **)&d->queue, &d->queue_cap, sizeof(*d->queue), d->queue_cnt + 1);

	if (err)
		return err;
	d->queue[d->queue_cnt++] = id;
	return 0;
}

static int order(struct bbpf__dump *d, uint32_t id, bool through_ptr);

/* Named or not, a struct/union is strong unless met through a pointer with a name. */
static int order_composite(struct bbpf__dump *d, uint32_t id, const struct btf_type *t,
			   bool through_ptr)
{
	const struct btf_member *m = bbpf_btf_members(t);
	uint32_t i;
	int err;

	if (through_ptr && t->name_off)
		return 0;
	set_order(d, id, ST_BUSY);
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		err = order(d, m[i].type, false);
		if (err < 0)
			return err;
	}
	if (t->name_off) {
		err = queue_add(d, id);
		if (err)
			return err;
	}
	set_order(d, id, ST_DONE);
	return 1;
}

static int order_proto(struct bbpf__dump *d, const struct btf_type *t, bool through_ptr)
{
	const struct btf_param *p = bbpf_btf_params(t);
	int err, strong;
	uint32_t i;

	strong = order(d, t->type, through_ptr);
	for (i = 0; strong >= 0 && i < bbpf_btf_vlen(t); i++) {
		err = order(d, p[i].type, through_ptr);
		strong = err < 0 ? err : strong || err;
	}
	return strong;
}

static int order_typedef(struct bbpf__dump *d, uint32_t id, const struct btf_type *t,
			 bool through_ptr)
{
	int strong = order(d, t->type, through_ptr), err;

	if (strong < 0)
		return strong;
	/* Behind a pointer, a typedef of something weak can wait, like a struct. */
	if (through_ptr && !strong)
		return 0;
	err = queue_add(d, id);
	if (err)
		return err;
	set_order(d, id, ST_DONE);
	return 1;
}

/* Returns 1 for a strong link, 0 for a weak one, or -errno. */
static int order_type(struct bbpf__dump *d, uint32_t id, bool through_ptr)
{
	const struct btf_type *t = type_of(d, id);
	int err;

	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		set_order(d, id, ST_DONE);
		return 0;
	case BTF_KIND_PTR:
		err = order(d, t->type, true);
		set_order(d, id, ST_DONE);
		return err;
	case BTF_KIND_ARRAY:
		return order(d, bbpf_btf_array(t)->type, false);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return order_composite(d, id, t, through_ptr);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		/* Anonymous enums nothing refers to are constants: top-level too. */
		if (t->name_off || !(d->st[id] & DS_REF)) {
			err = queue_add(d, id);
			if (err)
				return err;
		}
		set_order(d, id, ST_DONE);
		return 1;
	case BTF_KIND_TYPEDEF:
		return order_typedef(d, id, t, through_ptr);
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return order(d, t->type, through_ptr);
	case BTF_KIND_FUNC_PROTO:
		return order_proto(d, t, through_ptr);
	default: /* FUNC, VAR, DATASEC, DECL_TAG: nothing to declare */
		set_order(d, id, ST_DONE);
		return 0;
	}
}

static int order(struct bbpf__dump *d, uint32_t id, bool through_ptr)
{
	const struct btf_type *t;
	int ret;

	if (order_state(d, id) == ST_DONE)
		return 1;
	if (order_state(d, id) == ST_BUSY) {
		t = type_of(d, id);
		if (bbpf_btf_is_composite(t) && through_ptr && t->name_off)
			return 0;
		pr_warn("btf dump: type [%u] '%s' contains itself by value: no C order exists\n",
			id, str_of(d, t->name_off));
		return -ELOOP;
	}
	if (d->depth >= DUMP_MAX_DEPTH) {
		pr_warn("btf dump: types nest deeper than %d levels at [%u]\n", DUMP_MAX_DEPTH, id);
		return -E2BIG;
	}
	d->depth++;
	ret = order_type(d, id, through_ptr);
	d->depth--;
	return ret;
}

/* ------------------------------------------------------------------ */
/* Emission                                                            */
/* ------------------------------------------------------------------ */

/* A compiler builtin: defining it again breaks the build with another compiler. */
static bool is_blocked(const struct bbpf__dump *d, const struct btf_type *t)
{
	return t->name_off && !strcmp(str_of(d, t->name_off), "__builtin_va_list");
}

static void emit(struct bbpf__dump *d, uint32_t id, uint32_t cont_id);

static void emit_fwd_decl(struct bbpf__dump *d, uint32_t id, const struct btf_type *t)
{
	bbpf__dump_tag_ref(d, id, t);
	bbpf__dump_out(d, ";\n\n");
	d->st[id] |= DS_FWD;
}

/* @id is being emitted further up: declare it, if declaring is possible and needed. */
static void emit_busy(struct bbpf__dump *d, uint32_t id, uint32_t cont_id, const struct btf_type *t)
{
	if (d->st[id] & DS_FWD)
		return;
	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (id == cont_id)
			return; /* a member pointing back at its own struct */
		if (!t->name_off) {
			pr_warn("btf dump: anonymous type [%u] refers to itself\n", id);
			return;
		}
		emit_fwd_decl(d, id, t);
		break;
	case BTF_KIND_TYPEDEF:
		/* Good enough for pointers: the typedef of an incomplete struct. */
		if (!is_blocked(d, t)) {
			bbpf__dump_typedef_def(d, id, t);
			bbpf__dump_out(d, ";\n\n");
		}
		d->st[id] |= DS_FWD;
		break;
	}
}

static void emit_composite(struct bbpf__dump *d, uint32_t id, uint32_t cont_id,
			   const struct btf_type *t)
{
	const struct btf_member *m = bbpf_btf_members(t);
	bool top = !cont_id;
	uint32_t i;

	set_emit(d, id, ST_BUSY);
	/* A body is written out (top level, or anonymous inline): its members' types first. */
	if (top || !t->name_off) {
		for (i = 0; i < bbpf_btf_vlen(t); i++)
			emit(d, m[i].type, t->name_off ? id : cont_id);
	} else if (!(d->st[id] & DS_FWD) && id != cont_id) {
		emit_fwd_decl(d, id, t);
	}
	if (!top) {
		set_emit(d, id, ST_NONE);
		return;
	}
	bbpf__dump_struct_def(d, id, t, 0);
	bbpf__dump_out(d, ";\n\n");
	set_emit(d, id, ST_DONE);
}

/* GCC's names for Arm SIMD base types, which clang does not know. */
static void emit_int_alias(struct bbpf__dump *d, const struct btf_type *t)
{
	static const char *const alias[][2] = {
		{ "__Poly8_t", "unsigned char" },
		{ "__Poly16_t", "unsigned short" },
		{ "__Poly64_t", "unsigned long long" },
		{ "__Poly128_t", "unsigned __int128" },
	};
	const char *name = str_of(d, t->name_off);
	size_t i;

	for (i = 0; i < sizeof(alias) / sizeof(alias[0]); i++) {
		if (!strcmp(name, alias[i][0])) {
			bbpf__dump_outf(d, "typedef %s %s;\n\n", alias[i][1], alias[i][0]);
			return;
		}
	}
}

static void emit_proto_types(struct bbpf__dump *d, const struct btf_type *t, uint32_t cont_id)
{
	const struct btf_param *p = bbpf_btf_params(t);
	uint32_t i;

	emit(d, t->type, cont_id);
	for (i = 0; i < bbpf_btf_vlen(t); i++)
		emit(d, p[i].type, cont_id);
}

static void emit_type(struct bbpf__dump *d, uint32_t id, uint32_t cont_id)
{
	const struct btf_type *t = type_of(d, id);

	if (emit_state(d, id) == ST_BUSY) {
		emit_busy(d, id, cont_id, t);
		return;
	}
	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_INT:
		emit_int_alias(d, t);
		set_emit(d, id, ST_DONE);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!cont_id) {
			bbpf__dump_enum_def(d, id, t, 0);
			bbpf__dump_out(d, ";\n\n");
		}
		set_emit(d, id, ST_DONE);
		break;
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		emit(d, t->type, cont_id);
		break;
	case BTF_KIND_ARRAY:
		emit(d, bbpf_btf_array(t)->type, cont_id);
		break;
	case BTF_KIND_FWD:
		emit_fwd_decl(d, id, t);
		set_emit(d, id, ST_DONE);
		break;
	case BTF_KIND_TYPEDEF:
		set_emit(d, id, ST_BUSY);
		emit(d, t->type, id);
		if (!(d->st[id] & DS_FWD) && !is_blocked(d, t)) {
			bbpf__dump_typedef_def(d, id, t);
			bbpf__dump_out(d, ";\n\n");
		}
		set_emit(d, id, ST_DONE);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		emit_composite(d, id, cont_id, t);
		break;
	case BTF_KIND_FUNC_PROTO:
		emit_proto_types(d, t, cont_id);
		break;
	}
}

/* @cont_id: the named struct whose body is being written, 0 at top level. */
static void emit(struct bbpf__dump *d, uint32_t id, uint32_t cont_id)
{
	if (emit_state(d, id) == ST_DONE || d->err)
		return;
	if (d->depth >= DUMP_MAX_DEPTH) {
		pr_warn("btf dump: types nest deeper than %d levels at [%u]\n", DUMP_MAX_DEPTH, id);
		bbpf__dump_fail(d, -E2BIG);
		return;
	}
	d->depth++;
	emit_type(d, id, cont_id);
	d->depth--;
}

/* ------------------------------------------------------------------ */
/* The whole header                                                    */
/* ------------------------------------------------------------------ */

static void ref(struct bbpf__dump *d, uint32_t id)
{
	d->st[id] |= DS_REF;
}

/* Marks what @t refers to, and notes the facts the header depends on. */
static void scan_type(struct bbpf__dump *d, uint32_t id, const struct btf_type *t)
{
	const struct btf_member *m = bbpf_btf_members(t);
	const struct btf_param *p = bbpf_btf_params(t);
	const struct btf_var_secinfo *v = bbpf_btf_var_secinfos(t);
	uint32_t i, n = bbpf_btf_vlen(t);

	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_PTR:
		if (!d->ptr_sz)
			d->ptr_sz = bbpf_btf_size(d->btf, id);
		ref(d, t->type);
		break;
	case BTF_KIND_TYPE_TAG:
		d->type_tags |= !bbpf_btf_kflag(t);
		/* fallthrough */
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		ref(d, t->type);
		break;
	case BTF_KIND_ARRAY:
		ref(d, bbpf_btf_array(t)->type);
		ref(d, bbpf_btf_array(t)->index_type);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; i < n; i++)
			ref(d, m[i].type);
		break;
	case BTF_KIND_FUNC_PROTO:
		ref(d, t->type);
		for (i = 0; i < n; i++)
			ref(d, p[i].type);
		break;
	case BTF_KIND_DATASEC:
		for (i = 0; i < n; i++)
			ref(d, v[i].type);
		break;
	}
}

static const char header[] =
	"/* Generated by barebpf from BTF (btf dump --format c). Do not edit. */\n"
	"#ifndef __VMLINUX_H__\n"
	"#define __VMLINUX_H__\n"
	"\n"
	"#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
	"#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n"
	"#endif\n"
	"\n";

/* btf_type_tag is in clang 14 and later; elsewhere tags are dropped, as comments would be. */
static const char type_tag_macro[] = "#ifndef __bbpf_type_tag\n"
				     "#ifdef __has_attribute\n"
				     "#if __has_attribute(btf_type_tag)\n"
				     "#define __bbpf_type_tag(x) __attribute__((btf_type_tag(x)))\n"
				     "#endif\n"
				     "#endif\n"
				     "#ifndef __bbpf_type_tag\n"
				     "#define __bbpf_type_tag(x)\n"
				     "#endif\n"
				     "#endif\n"
				     "\n";

static const char footer[] = "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
			     "#pragma clang attribute pop\n"
			     "#endif\n"
			     "\n"
			     "#endif /* __VMLINUX_H__ */\n";

static void dump_root(struct bbpf__dump *d, uint32_t id)
{
	size_t i;
	int err;

	d->queue_cnt = 0;
	err = order(d, id, false);
	if (err < 0) {
		bbpf__dump_fail(d, err);
		return;
	}
	for (i = 0; i < d->queue_cnt && !d->err; i++)
		emit(d, d->queue[i], 0);
}

static void dump_all(struct bbpf__dump *d)
{
	uint32_t id;

	for (id = 1; id < d->nr_ids; id++)
		scan_type(d, id, type_of(d, id));
	if (d->ptr_sz <= 0)
		d->ptr_sz = 8;
	bbpf__dump_out(d, header);
	if (d->type_tags)
		bbpf__dump_out(d, type_tag_macro);
	for (id = bbpf_btf_start_id(d->btf); id < d->nr_ids && !d->err; id++)
		dump_root(d, id);
	bbpf__dump_out(d, footer);
	flush(d);
}

static int dump_init(struct bbpf__dump *d, const struct bbpf_btf *btf, bbpf_btf_dump_write_fn write,
		     void *ctx)
{
	d->btf = btf;
	d->write = write;
	d->ctx = ctx;
	d->nr_ids = bbpf_btf_type_cnt(btf);
	d->st = calloc(d->nr_ids, sizeof(*d->st));
	d->dup = calloc(d->nr_ids, sizeof(*d->dup));
	d->buf = malloc(OUT_BUF_SZ);
	if (!d->st || !d->dup || !d->buf)
		return -ENOMEM;
	/* void needs no definition */
	d->st[0] = ST_DONE | ST_DONE << DS_EMIT_SHIFT;
	return 0;
}

static void dump_free(struct bbpf__dump *d)
{
	free(d->st);
	free(d->dup);
	free(d->buf);
	free(d->tags.slots);
	free(d->idents.slots);
	free(d->queue);
	free(d->stack);
}

int bbpf_btf_dump_c(const struct bbpf_btf *btf, bbpf_btf_dump_write_fn write, void *ctx)
{
	struct bbpf__dump d = { 0 };
	int err;

	if (!btf || !write)
		return -EINVAL;
	err = dump_init(&d, btf, write, ctx);
	if (!err) {
		dump_all(&d);
		err = d.err;
	}
	dump_free(&d);
	return err;
}
