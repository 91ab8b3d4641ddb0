// SPDX-License-Identifier: BSD-2-Clause
/*
 * The skeleton generator: an opened object in, a C header out.
 *
 *   struct NAME__rodata { ... };        one per mmapable global data map: its
 *   struct NAME__bss { ... };           DATASEC's non-static variables at their
 *   typedef char ...[offsetof == N];    offsets (explicit __pad_N between),
 *                                       each offset checked by the compiler
 *   struct NAME {                       the object, then its maps, programs and
 *           struct bbpf_obj *obj;       links by name, then pointers to the
 *           struct { ... } maps, progs, links;   global data (bbpf_map_data())
 *           struct NAME__rodata *rodata; ...
 *   };
 *   NAME__elf_bytes()                   the object, byte for byte (or gzip'ed,
 *                                       inflated by NAME__gunzip(), which the
 *                                       program defines: skel.h)
 *   NAME__open(), __load(), __attach(), __detach(), __destroy(), __open_and_load()
 *
 * Variable types are written self-contained, so the header needs nothing
 * but <stdint.h> and barebpf's own: typedefs and qualifiers are looked
 * through (const volatile rodata becomes writable before load), integers
 * and enums become the <stdint.h> type of their size and sign, char stays
 * char, pointers (BPF's, meaningless here) become uint64_t, and structs and
 * unions are written inline, member by member with explicit padding. What
 * has no faithful C form here (bitfields, packed or over-aligned layouts)
 * becomes unsigned char[size]: same bytes, no member names.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/btf.h>
#include <barebpf/btf.h>
#include <barebpf/obj.h>
#include "skel.h"

#define MAX_DEPTH 16
#define IDENT_BUF 256 /* a BTF name and a '_' */

struct gen {
	FILE *f;
	const struct bbpf_obj *obj;
	const struct bbpf_btf *btf;
	const char *name;
	unsigned int pad; /* the next __pad_N */
};

/* C++ keywords (and C's <stdbool.h> macros), which C code may use as names. */
static bool is_cxx_keyword(const char *s)
{
	static const char *const kw[] = {
		"alignas",
		"alignof",
		"and",
		"and_eq",
		"asm",
		"bitand",
		"bitor",
		"bool",
		"catch",
		"char8_t",
		"char16_t",
		"char32_t",
		"class",
		"compl",
		"concept",
		"consteval",
		"constexpr",
		"constinit",
		"const_cast",
		"co_await",
		"co_return",
		"co_yield",
		"decltype",
		"delete",
		"dynamic_cast",
		"explicit",
		"export",
		"false",
		"friend",
		"mutable",
		"namespace",
		"new",
		"noexcept",
		"not",
		"not_eq",
		"nullptr",
		"operator",
		"or",
		"or_eq",
		"private",
		"protected",
		"public",
		"reinterpret_cast",
		"requires",
		"static_assert",
		"static_cast",
		"template",
		"this",
		"thread_local",
		"throw",
		"true",
		"try",
		"typeid",
		"typename",
		"using",
		"virtual",
		"wchar_t",
		"xor",
		"xor_eq",
	};
	size_t i;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (!strcmp(s, kw[i]))
			return true;
	return false;
}

/* @name as a member name that compiles as C and C++: a keyword gets a '_'. */
static const char *member_name(const char *name, char *buf, size_t sz)
{
	if (!is_cxx_keyword(name))
		return name;
	snprintf(buf, sz, "%s_", name);
	return buf;
}

void skel_ident(const char *in, char *out, size_t out_sz)
{
	size_t n = 0;

	if (!out_sz)
		return;
	while (*in == '.')
		in++;
	if (*in >= '0' && *in <= '9' && n + 1 < out_sz)
		out[n++] = '_';
	for (; *in && n + 1 < out_sz; in++) {
		bool ok = (*in >= 'a' && *in <= 'z') || (*in >= 'A' && *in <= 'Z') ||
			  (*in >= '0' && *in <= '9') || *in == '_';
		out[n++] = ok ? *in : '_';
	}
	out[n] = 0;
	if (is_cxx_keyword(out) && n + 1 < out_sz) {
		out[n] = '_';
		out[n + 1] = 0;
	}
}

static bool is_ident(const char *s)
{
	char buf[256];

	skel_ident(s, buf, sizeof(buf));
	return *s && !strcmp(s, buf);
}

static void tabs(const struct gen *g, int lvl)
{
	while (lvl-- > 0)
		fputc('\t', g->f);
}

/* ---- variable types ---- */

static uint32_t strip(const struct gen *g, uint32_t id)
{
	int r = bbpf_btf_resolve(g->btf, id);

	return r > 0 ? (uint32_t)r : 0;
}

static const struct btf_type *type_of(const struct gen *g, uint32_t id)
{
	return id ? bbpf_btf_type_by_id(g->btf, id) : NULL;
}

static const char *int_name(uint32_t sz, bool sign)
{
	static const char *const u[] = {
		[1] = "uint8_t", [2] = "uint16_t", [4] = "uint32_t", [8] = "uint64_t"
	};
	static const char *const s[] = {
		[1] = "int8_t", [2] = "int16_t", [4] = "int32_t", [8] = "int64_t"
	};

	if (sz == 16)
		return sign ? "__int128" : "unsigned __int128";
	if (sz > 8 || !u[sz])
		return NULL;
	return sign ? s[sz] : u[sz];
}

/* The C type of a scalar (@id past typedefs), or NULL when it is none we write. */
static const char *scalar_name(const struct gen *g, uint32_t id)
{
	const struct btf_type *t = type_of(g, id);
	uint8_t enc;

	switch (t ? bbpf_btf_kind(t) : 0) {
	case BTF_KIND_INT:
		enc = bbpf_btf_int_encoding(t);
		if (bbpf_btf_int_offset(t) || bbpf_btf_int_bits(t) != t->size * 8)
			return NULL;
		if (enc & BTF_INT_BOOL)
			return t->size == 1 ? "bool" : NULL;
		if (t->size == 1 &&
		    ((enc & BTF_INT_CHAR) || !strcmp(bbpf_btf_name(g->btf, id), "char")))
			return "char";
		return int_name(t->size, enc & BTF_INT_SIGNED);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return int_name(t->size, bbpf_btf_kflag(t));
	case BTF_KIND_FLOAT:
		return t->size == 4    ? "float"
		       : t->size == 8  ? "double"
		       : t->size == 16 ? "long double"
				       : NULL;
	case BTF_KIND_PTR:
		return bbpf_btf_size(g->btf, id) == 8 ? "uint64_t" : NULL;
	default:
		return NULL;
	}
}

static int comp_align(const struct gen *g, uint32_t id, int depth);

/* Alignment of what emit_decl() writes for @id (1 for the byte-array form). */
static int decl_align(const struct gen *g, uint32_t id, int depth)
{
	const struct btf_type *t = type_of(g, id = strip(g, id));
	int a;

	while (t && bbpf_btf_is_array(t))
		t = type_of(g, id = strip(g, bbpf_btf_array(t)->type));
	if (!t)
		return 1;
	if (scalar_name(g, id))
		return bbpf_btf_size(g->btf, id);
	a = bbpf_btf_is_composite(t) ? comp_align(g, id, depth + 1) : -1;
	return a > 0 ? a : 1;
}

/*
 * The alignment of the struct or union emit_comp() writes for @id, or -1
 * when natural C layout of its members (with explicit padding) would not
 * give the BTF's offsets and size.
 */
static int comp_align(const struct gen *g, uint32_t id, int depth)
{
	const struct btf_type *t = type_of(g, id);
	const struct btf_member *m = bbpf_btf_members(t);
	bool is_union = bbpf_btf_kind(t) == BTF_KIND_UNION;
	uint64_t cur = 0, off;
	int a, align = 1, sz;
	uint32_t i;

	if (depth > MAX_DEPTH || !bbpf_btf_vlen(t))
		return -1;
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		off = bbpf_btf_member_bit_offset(t, i);
		sz = bbpf_btf_size(g->btf, m[i].type);
		if (bbpf_btf_member_bitfield_size(t, i) || off % 8 || sz < 0 || (is_union && off))
			return -1;
		off /= 8;
		a = decl_align(g, m[i].type, depth);
		if (off < (is_union ? 0 : cur) || off % a)
			return -1;
		if (!is_union || off + sz > cur)
			cur = off + sz;
		if (a > align)
			align = a;
	}
	return cur > t->size || t->size % align ? -1 : align;
}

static void emit_decl(struct gen *g, uint32_t id, const char *field, int lvl, int depth);

static void emit_pad(struct gen *g, uint64_t n, int lvl)
{
	tabs(g, lvl);
	fprintf(g->f, "char __pad_%u[%llu];\n", g->pad++, (unsigned long long)n);
}

static void emit_comp(struct gen *g, uint32_t id, int lvl, int depth)
{
	const struct btf_type *t = type_of(g, id);
	const struct btf_member *m = bbpf_btf_members(t);
	bool is_union = bbpf_btf_kind(t) == BTF_KIND_UNION;
	uint64_t cur = 0, off, end;
	char buf[IDENT_BUF];
	uint32_t i;

	fprintf(g->f, "%s {\n", is_union ? "union" : "struct");
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		off = bbpf_btf_member_bit_offset(t, i) / 8;
		if (!is_union && off > cur)
			emit_pad(g, off - cur, lvl + 1);
		tabs(g, lvl + 1);
		emit_decl(g, m[i].type,
			  member_name(bbpf_btf_str(g->btf, m[i].name_off), buf, sizeof(buf)),
			  lvl + 1, depth + 1);
		fputs(";\n", g->f);
		end = off + (uint64_t)bbpf_btf_size(g->btf, m[i].type);
		if (!is_union || end > cur)
			cur = end;
	}
	if (t->size > cur)
		emit_pad(g, is_union ? t->size : t->size - cur, lvl + 1);
	tabs(g, lvl);
	fputc('}', g->f);
}

/* "TYPE FIELD[N]..." for a member or variable of type @id (no ';'). */
static void emit_decl(struct gen *g, uint32_t id, const char *field, int lvl, int depth)
{
	int total = bbpf_btf_size(g->btf, id);
	const struct btf_type *t = type_of(g, id = strip(g, id));
	uint32_t dims[8];
	const char *base;
	int i, nd = 0;

	while (t && bbpf_btf_is_array(t) && nd < 8) {
		dims[nd++] = bbpf_btf_array(t)->nelems;
		t = type_of(g, id = strip(g, bbpf_btf_array(t)->type));
	}
	base = t && !bbpf_btf_is_array(t) ? scalar_name(g, id) : NULL;
	if (base) {
		fputs(base, g->f);
	} else if (t && bbpf_btf_is_composite(t) && comp_align(g, id, depth) > 0) {
		emit_comp(g, id, lvl, depth);
	} else {
		fprintf(g->f, "unsigned char %s[%d]", field ? field : "", total < 0 ? 0 : total);
		return;
	}
	if (field && *field)
		fprintf(g->f, " %s", field);
	for (i = 0; i < nd; i++)
		fprintf(g->f, "[%u]", dims[i]);
}

/* ---- global data: one struct per mmapable DATASEC ---- */

/* The DATASEC of global data map @m worth a struct (one non-static variable), or 0. */
static uint32_t datasec_of(const struct gen *g, const struct bbpf_map *m)
{
	const struct bbpf_map_def *d = bbpf_map_def(m);
	const struct btf_type *t, *v;
	uint32_t i, kind = bbpf_map_kind(m);

	if ((kind != BBPF_MAP_DATA && kind != BBPF_MAP_RODATA && kind != BBPF_MAP_BSS) ||
	    !(d->map_flags & BPF_F_MMAPABLE) || !g->btf || !d->value_type_id)
		return 0;
	t = type_of(g, d->value_type_id);
	for (i = 0; t && bbpf_btf_kind(t) == BTF_KIND_DATASEC && i < bbpf_btf_vlen(t); i++) {
		v = type_of(g, bbpf_btf_var_secinfos(t)[i].type);
		if (v && bbpf_btf_kind(v) == BTF_KIND_VAR &&
		    bbpf_btf_var(v)->linkage != BTF_VAR_STATIC)
			return d->value_type_id;
	}
	return 0;
}

static void emit_datasec(struct gen *g, const struct bbpf_map *m, uint32_t sec, const char *ident)
{
	const struct btf_type *t = type_of(g, sec), *v;
	const struct btf_var_secinfo *vs = bbpf_btf_var_secinfos(t);
	const char *vname;
	char buf[IDENT_BUF];
	uint64_t cur = 0;
	uint32_t i;

	fprintf(g->f, "/* %s: %u bytes */\nstruct %s__%s {\n", bbpf_map_name(m),
		bbpf_map_def(m)->value_size, g->name, ident);
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		v = type_of(g, vs[i].type);
		if (!v || bbpf_btf_kind(v) != BTF_KIND_VAR ||
		    bbpf_btf_var(v)->linkage == BTF_VAR_STATIC || vs[i].offset < cur)
			continue;
		if (vs[i].offset > cur)
			emit_pad(g, vs[i].offset - cur, 1);
		vname = member_name(bbpf_btf_name(g->btf, vs[i].type), buf, sizeof(buf));
		tabs(g, 1);
		if (vs[i].offset % decl_align(g, v->type, 0))
			fprintf(g->f, "unsigned char %s[%u]", vname, vs[i].size);
		else
			emit_decl(g, v->type, vname, 1, 0);
		fputs(";\n", g->f);
		cur = vs[i].offset + vs[i].size;
	}
	if (bbpf_map_def(m)->value_size > cur)
		emit_pad(g, bbpf_map_def(m)->value_size - cur, 1);
	fputs("};\n", g->f);
	/* The compiler checks every offset and size against the DATASEC's. */
	for (cur = 0, i = 0; i < bbpf_btf_vlen(t); i++) {
		v = type_of(g, vs[i].type);
		if (!v || bbpf_btf_kind(v) != BTF_KIND_VAR ||
		    bbpf_btf_var(v)->linkage == BTF_VAR_STATIC || vs[i].offset < cur)
			continue;
		cur = vs[i].offset + vs[i].size;
		vname = member_name(bbpf_btf_name(g->btf, vs[i].type), buf, sizeof(buf));
		fprintf(g->f,
			"typedef char %s__%s__%s_at[offsetof(struct %s__%s, %s) == %u && "
			"sizeof(((struct %s__%s *)0)->%s) == %u ? 1 : -1];\n",
			g->name, ident, vname, g->name, ident, vname, vs[i].offset, g->name, ident,
			vname, vs[i].size);
	}
	fputc('\n', g->f);
}

/* ---- the skeleton ---- */

#define IDENT_SZ 128

/* C names of the maps, programs and global data structs. */
struct names {
	size_t map_cnt, prog_cnt;
	char (*maps)[IDENT_SZ];
	char (*progs)[IDENT_SZ];
	uint32_t *secs; /* [map_cnt]: datasec_of() */
};

/* Writes @s with every '@' replaced by the skeleton's name. */
static void put(const struct gen *g, const char *s)
{
	for (; *s; s++)
		if (*s == '@')
			fputs(g->name, g->f);
		else
			fputc(*s, g->f);
}

static int check_unique(char (*idents)[IDENT_SZ], size_t cnt, const char *what, char *why,
			size_t why_sz)
{
	size_t i, j;

	for (i = 0; i < cnt; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(idents[i], idents[j]))
				continue;
			snprintf(why, why_sz, "two %s have the same C name '%s'", what, idents[i]);
			return -EINVAL;
		}
		if (!*idents[i]) {
			snprintf(why, why_sz, "a %s name gives no C identifier", what);
			return -EINVAL;
		}
	}
	return 0;
}

static int names_make(struct gen *g, struct names *n, char *why, size_t why_sz)
{
	size_t i;

	n->map_cnt = bbpf_obj_map_cnt(g->obj);
	n->prog_cnt = bbpf_obj_prog_cnt(g->obj);
	n->maps = calloc(n->map_cnt + 1, IDENT_SZ);
	n->progs = calloc(n->prog_cnt + 1, IDENT_SZ);
	n->secs = calloc(n->map_cnt + 1, sizeof(*n->secs));
	if (!n->maps || !n->progs || !n->secs) {
		snprintf(why, why_sz, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n->map_cnt; i++) {
		skel_ident(bbpf_map_name(bbpf_obj_map(g->obj, i)), n->maps[i], IDENT_SZ);
		n->secs[i] = datasec_of(g, bbpf_obj_map(g->obj, i));
	}
	for (i = 0; i < n->prog_cnt; i++)
		skel_ident(bbpf_prog_name(bbpf_obj_prog(g->obj, i)), n->progs[i], IDENT_SZ);
	return check_unique(n->maps, n->map_cnt, "maps", why, why_sz)
		       ?: check_unique(n->progs, n->prog_cnt, "programs", why, why_sz);
}

static void names_free(struct names *n)
{
	free(n->maps);
	free(n->progs);
	free(n->secs);
}

static const char *const head_lines[] = {
	"/* Generated by `barebpf gen skeleton`: do not edit. */",
	"#ifndef BAREBPF_SKEL_@_H",
	"#define BAREBPF_SKEL_@_H",
	"",
	"#include <errno.h>",
	"#include <stdbool.h>",
	"#include <stddef.h>",
	"#include <stdint.h>",
	"#include <stdlib.h>",
	"#include <string.h>",
	"",
	"#include <barebpf/link.h>",
	"#include <barebpf/obj.h>",
	"",
	"#ifdef __cplusplus",
	"extern \"C\" {",
	"#endif",
	"",
};

static void emit_struct(struct gen *g, const struct names *n)
{
	size_t i;

	put(g, "struct @ {\n\tstruct bbpf_obj *obj;\n");
	if (n->map_cnt) {
		fputs("\tstruct {\n", g->f);
		for (i = 0; i < n->map_cnt; i++)
			fprintf(g->f, "\t\tstruct bbpf_map *%s;\n", n->maps[i]);
		fputs("\t} maps;\n", g->f);
	}
	if (n->prog_cnt) {
		fputs("\tstruct {\n", g->f);
		for (i = 0; i < n->prog_cnt; i++)
			fprintf(g->f, "\t\tstruct bbpf_prog *%s;\n", n->progs[i]);
		fputs("\t} progs;\n\tstruct {\n", g->f);
		for (i = 0; i < n->prog_cnt; i++)
			fprintf(g->f, "\t\tstruct bbpf_link *%s;\n", n->progs[i]);
		fputs("\t} links;\n", g->f);
	}
	for (i = 0; i < n->map_cnt; i++)
		if (n->secs[i])
			fprintf(g->f, "\tstruct %s__%s *%s;\n", g->name, n->maps[i], n->maps[i]);
	fputs("};\n\n", g->f);
}

/* The bytes as C numbers (a string past 4095 bytes is beyond what ISO C promises). */
static void emit_array(struct gen *g, const unsigned char *b, size_t sz)
{
	size_t i;

	fputs("\tstatic const unsigned char data[] = {", g->f);
	for (i = 0; i < sz; i++)
		fprintf(g->f, "%s0x%02x,", i % 16 ? " " : "\n\t\t", b[i]);
	if (!sz)
		fputs(" 0", g->f);
	fputs("\n\t};\n", g->f);
}

static void emit_bytes(struct gen *g, const unsigned char *b, size_t sz, size_t raw_sz)
{
	if (!raw_sz) {
		put(g, "/* The BPF object, as compiled. */\n"
		       "static inline const void *@__elf_bytes(size_t *sz)\n{\n");
		emit_array(g, b, sz);
		fprintf(g->f, "\n\t*sz = %zu;\n\treturn data;\n}\n\n", sz);
		put(g, "/* Opens the bytes above: read-only, so the object copies them. */\n"
		       "static inline int @__open_mem(const void *data, size_t sz,\n"
		       "\t\t\t\tconst struct bbpf_obj_open_opts *opts, struct bbpf_obj **obj)\n"
		       "{\n\treturn bbpf_obj_open_mem(data, sz, opts, obj);\n}\n\n");
		return;
	}
	put(g, "/*\n * The BPF object is embedded gzip'ed (its skeleton was made from a .gz).\n"
	       " * The program defines @__gunzip(): the gz_sz bytes at gz inflated to\n"
	       " * exactly sz bytes, in memory that stays valid until exit, or NULL.\n"
	       " * @__elf_bytes() calls it once; NULL makes @__open() fail with -ENOMEM.\n */\n"
	       "const void *@__gunzip(const void *gz, size_t gz_sz, size_t sz);\n\n"
	       "static inline const void *@__elf_bytes(size_t *sz)\n{\n");
	emit_array(g, b, sz);
	fprintf(g->f,
		"\tstatic const void *obj;\n\n\tif (!obj)\n\t\tobj = %s__gunzip(data, sizeof(data), "
		"%zu);\n\t*sz = %zu;\n\treturn obj;\n}\n\n",
		g->name, raw_sz, raw_sz);
	put(g, "/* Opens the inflated bytes in place: writable, and this process's until exit. */\n"
	       "static inline int @__open_mem(const void *data, size_t sz,\n"
	       "\t\t\t\tconst struct bbpf_obj_open_opts *opts, struct bbpf_obj **obj)\n"
	       "{\n\tstruct bbpf_obj_open_opts o;\n\n"
	       "\tif (opts->sz != sizeof(o)) /* another header's: the library judges it */\n"
	       "\t\treturn bbpf_obj_open_mem(data, sz, opts, obj);\n"
	       "\tmemcpy(&o, opts, sizeof(o));\n\to.borrow_data = true;\n"
	       "\treturn bbpf_obj_open_mem(data, sz, &o, obj);\n}\n\n");
}

/* Table @tab: each name of @what (maps or progs) and where its handle goes in the struct. */
static void emit_table(struct gen *g, const char *tab, char (*idents)[IDENT_SZ], size_t cnt,
		       bool maps)
{
	size_t i;

	fprintf(g->f, " %s[] = {\n", tab);
	for (i = 0; i < cnt; i++)
		fprintf(g->f, "\t\t{ \"%s\", offsetof(struct %s, %s.%s) },\n",
			maps ? bbpf_map_name(bbpf_obj_map(g->obj, i))
			     : bbpf_prog_name(bbpf_obj_prog(g->obj, i)),
			g->name, tab, idents[i]);
	fputs("\t}", g->f);
}

/* The loop that fills the handles of table @tab (maps or progs). */
static void emit_fill(struct gen *g, const char *tab, const char *kind)
{
	fprintf(g->f,
		"\tfor (i = 0; i < sizeof(%s) / sizeof(%s[0]); i++) {\n"
		"\t\tidx = bbpf_obj_find_%s(s->obj, %s[i].name);\n"
		"\t\tif (idx < 0)\n\t\t\treturn idx;\n"
		"\t\t*(struct bbpf_%s **)((char *)s + %s[i].off) =\n"
		"\t\t\tbbpf_obj_%s_mut(s->obj, (size_t)idx);\n\t}\n",
		tab, tab, kind, tab, kind, tab, kind);
}

/*
 * @__find(): the handles by name, from a table (code the size of one loop,
 * whatever the object's size); @__data(): the global data pointers.
 */
static void emit_find(struct gen *g, const struct names *n)
{
	size_t i;

	put(g, "static inline int @__find(struct @ *s)\n{\n");
	if (n->map_cnt || n->prog_cnt) {
		fputs("\tstatic const struct {\n\t\tconst char *name;\n\t\tsize_t off;\n\t}", g->f);
		if (n->map_cnt)
			emit_table(g, "maps", n->maps, n->map_cnt, true);
		if (n->map_cnt && n->prog_cnt)
			fputs(",", g->f);
		if (n->prog_cnt)
			emit_table(g, "progs", n->progs, n->prog_cnt, false);
		fputs(";\n\tsize_t i;\n\tint idx;\n\n", g->f);
	}
	if (n->map_cnt)
		emit_fill(g, "maps", "map");
	if (n->prog_cnt)
		emit_fill(g, "progs", "prog");
	put(g, "\t(void)s;\n\treturn 0;\n}\n\n"
	       "/*\n * Points the global data pointers at their memory now: the object's\n"
	       " * initial image before load, the mmapped maps while loaded.\n */\n"
	       "static inline int @__data(struct @ *s, int err)\n{\n");
	for (i = 0; i < n->map_cnt; i++)
		if (n->secs[i])
			fprintf(g->f,
				"\ts->%s = (struct %s__%s *)bbpf_map_data(s->maps.%s, NULL);\n"
				"\tif (!s->%s)\n\t\treturn err;\n",
				n->maps[i], g->name, n->maps[i], n->maps[i], n->maps[i]);
	put(g, "\t(void)s;\n\t(void)err;\n\treturn 0;\n}\n\n");
}

static void emit_links(struct gen *g, const struct names *n)
{
	size_t i;

	put(g, "/* Destroys every link @__attach() made. */\n"
	       "static inline void @__detach(struct @ *s)\n{\n");
	if (n->prog_cnt) {
		fputs("\tstatic const size_t links[] = {\n", g->f);
		for (i = 0; i < n->prog_cnt; i++)
			fprintf(g->f, "\t\toffsetof(struct %s, links.%s),\n", g->name, n->progs[i]);
		fputs("\t};\n\tstruct bbpf_link **l;\n\tsize_t i;\n\n"
		      "\tfor (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {\n"
		      "\t\tl = (struct bbpf_link **)((char *)s + links[i]);\n"
		      "\t\tbbpf_link_destroy(*l);\n\t\t*l = NULL;\n\t}\n",
		      g->f);
	}
	put(g, "\t(void)s;\n}\n\n"
	       "/*\n * Attaches every loaded program whose section names its target\n"
	       " * (bbpf_attach_kind_by_name()) and that has no link yet; the others\n"
	       " * (xdp, cgroup, ...) are left for bbpf_prog_attach() with options.\n"
	       " * On failure the links this call made are destroyed again.\n */\n"
	       "static inline int @__attach(struct @ *s)\n{\n\tint err = 0;\n\n");
	for (i = 0; i < n->prog_cnt; i++)
		fprintf(g->f,
			"\tif (!err && !s->links.%s && bbpf_prog_fd(s->progs.%s) >= 0 &&\n"
			"\t    bbpf_attach_kind_by_name(bbpf_prog_attach_kind(s->progs.%s)))\n"
			"\t\terr = bbpf_prog_attach(s->progs.%s, NULL, &s->links.%s);\n",
			n->progs[i], n->progs[i], n->progs[i], n->progs[i], n->progs[i]);
	put(g, "\tif (err)\n\t\t@__detach(s);\n\treturn err;\n}\n\n");
}

/* The lifecycle functions, '@' standing for the skeleton's name. */
static const char *const life_lines[] = {
	"/* Detaches, unloads and frees everything; NULL is a no-op. */",
	"static inline void @__destroy(struct @ *s)",
	"{",
	"\tif (!s)",
	"\t\treturn;",
	"\t@__detach(s);",
	"\tbbpf_obj_close(s->obj);",
	"\tfree(s);",
	"}",
	"",
	"/*",
	" * Opens the embedded object (@opts may be NULL: the object is then named",
	" * \"@\"). Global data can be set through s->rodata, s->data, s->bss",
	" * until load. Returns 0 or bbpf_obj_open_mem()'s -errno.",
	" */",
	"static inline int @__open_opts(const struct bbpf_obj_open_opts *opts, struct @ **out)",
	"{",
	"\tstruct bbpf_obj_open_opts def;",
	"\tstruct @ *s;",
	"\tconst void *data;",
	"\tsize_t sz;",
	"\tint err;",
	"",
	"\tmemset(&def, 0, sizeof(def));",
	"\tdef.sz = sizeof(def);",
	"\tdef.object_name = \"@\";",
	"\ts = (struct @ *)calloc(1, sizeof(*s));",
	"\tif (!s)",
	"\t\treturn -ENOMEM;",
	"\tdata = @__elf_bytes(&sz);",
	"\terr = data ? @__open_mem(data, sz, opts ? opts : &def, &s->obj) : -ENOMEM;",
	"\tif (!err)",
	"\t\terr = @__find(s);",
	"\tif (!err)",
	"\t\terr = @__data(s, -ENOMEM);",
	"\tif (err) {",
	"\t\t@__destroy(s);",
	"\t\treturn err;",
	"\t}",
	"\t*out = s;",
	"\treturn 0;",
	"}",
	"",
	"static inline int @__open(struct @ **out)",
	"{",
	"\treturn @__open_opts(NULL, out);",
	"}",
	"",
	"/*",
	" * Loads maps and programs (bbpf_obj_load(); @opts may be NULL), then",
	" * points s->data, s->bss (and s->rodata, read-only now) at the maps",
	" * themselves. -EOPNOTSUPP when the kernel cannot mmap them (before 5.5).",
	" */",
	"static inline int @__load_opts(struct @ *s, const struct bbpf_obj_load_opts *opts)",
	"{",
	"\tint err = bbpf_obj_load(s->obj, opts);",
	"",
	"\tif (err)",
	"\t\treturn err;",
	"\terr = @__data(s, -EOPNOTSUPP);",
	"\tif (err) {",
	"\t\tbbpf_obj_unload(s->obj);",
	"\t\t@__data(s, 0);",
	"\t}",
	"\treturn err;",
	"}",
	"",
	"static inline int @__load(struct @ *s)",
	"{",
	"\treturn @__load_opts(s, NULL);",
	"}",
	"",
	"static inline int @__open_and_load(struct @ **out)",
	"{",
	"\tstruct @ *s = NULL;",
	"\tint err = @__open(&s);",
	"",
	"\tif (!err)",
	"\t\terr = @__load(s);",
	"\tif (!err)",
	"\t\t*out = s;",
	"\telse",
	"\t\t@__destroy(s);",
	"\treturn err;",
	"}",
	"",
	"#ifdef __cplusplus",
	"}",
	"#endif",
	"",
	"#endif",
};

static void put_lines(const struct gen *g, const char *const *lines, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++) {
		put(g, lines[i]);
		fputc('\n', g->f);
	}
}

int skel_write(FILE *out, const struct bbpf_obj *obj, const void *bytes, size_t sz, size_t raw_sz,
	       const char *name, char *why, size_t why_sz)
{
	struct gen g = { .f = out, .obj = obj, .btf = bbpf_obj_btf(obj), .name = name };
	struct names n = { 0 };
	size_t i;
	int err;

	if (!is_ident(name)) {
		snprintf(why, why_sz, "'%s' is no C identifier (--name)", name);
		return -EINVAL;
	}
	err = names_make(&g, &n, why, why_sz);
	if (!err) {
		put_lines(&g, head_lines, sizeof(head_lines) / sizeof(head_lines[0]));
		for (i = 0; i < n.map_cnt; i++)
			if (n.secs[i])
				emit_datasec(&g, bbpf_obj_map(obj, i), n.secs[i], n.maps[i]);
		emit_struct(&g, &n);
		emit_bytes(&g, bytes, sz, raw_sz);
		emit_find(&g, &n);
		emit_links(&g, &n);
		put_lines(&g, life_lines, sizeof(life_lines) / sizeof(life_lines[0]));
	}
	names_free(&n);
	if (!err && (fflush(out) || ferror(out))) {
		snprintf(why, why_sz, "writing the header: %s", strerror(errno));
		err = -EIO;
	}
	return err;
}
