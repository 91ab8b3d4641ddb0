// SPDX-License-Identifier: BSD-2-Clause
/*
 * BTF as C (btf/btf_dump_c.c, btf_dump_decl.c): small BTFs built here and
 * the exact C each must give. Each case is a builder and the expected body
 * (what comes between the preamble and the closing pragma). Whether the C
 * compiles, and keeps the layout of real kernels' types, is checked by
 * `make test-vmlinux-h` (it needs clang; these tests need nothing).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <barebpf/btf.h>
#include <barebpf/btf_dump.h>
#include "../helpers/btf_build.h"

struct sink {
	char *buf;
	size_t len;
	int fail_with; /* write() returns this when non-zero */
	int calls;
};

static int sink_write(void *ctx, const void *data, size_t len)
{
	struct sink *s = ctx;

	s->calls++;
	if (s->fail_with)
		return s->fail_with;
	s->buf = realloc(s->buf, s->len + len + 1);
	assert_non_null(s->buf);
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	s->buf[s->len] = '\0';
	return 0;
}

/* Messages are expected (loops, bad kinds): shown only with BBPF_TEST_VERBOSE set. */
static int quiet(enum bbpf_print_level level, const char *fmt, va_list ap)
{
	if (level > BBPF_WARN || !getenv("BBPF_TEST_VERBOSE"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int setup(void **state)
{
	(void)state;
	bbpf_set_print(quiet);
	return 0;
}

static struct bbpf_btf *parse(struct btfb *b, const struct bbpf_btf *base)
{
	struct bbpf_btf *btf = NULL;
	size_t sz;
	void *raw = btfb_blob(b, &sz);

	assert_int_equal(bbpf_btf_parse(raw, sz, base, &btf), 0);
	free(raw);
	btfb_free(b);
	return btf;
}

/* Dumps @btf and returns the whole output (malloc'd), asserting @want_err. */
static char *dump_err(const struct bbpf_btf *btf, int want_err)
{
	struct sink s = { 0 };

	assert_int_equal(bbpf_btf_dump_c(btf, sink_write, &s), want_err);
	return s.buf ? s.buf : strdup("");
}

static const char body_start[] = "apply_to = record)\n#endif\n\n";
static const char body_end[] = "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop";

/* The types part of a dump: between the preamble (and the type-tag macro, if any) and the end. */
static char *body_of(char *out)
{
	char *start = strstr(out, body_start), *end;
	char *tags = strstr(out, "#define __bbpf_type_tag(x)\n#endif\n#endif\n\n");

	assert_non_null(start);
	start += sizeof(body_start) - 1;
	if (tags)
		start = tags + strlen("#define __bbpf_type_tag(x)\n#endif\n#endif\n\n");
	end = strstr(start, body_end);
	assert_non_null(end);
	*end = '\0';
	return start;
}

/*
 * With BBPF_DUMP_C_OUT=DIR, each case's BTF and header are also written to
 * DIR/NAME.btf and DIR/NAME.h, so that `make test-vmlinux-h` can check with
 * clang that the header compiles and keeps the BTF's layout.
 */
static void save(const char *name, const char *ext, const void *data, size_t len)
{
	const char *dir = getenv("BBPF_DUMP_C_OUT");
	char path[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void expect_body(const char *name, struct btfb *b, const char *want)
{
	struct bbpf_btf *btf = NULL;
	size_t sz;
	void *raw = btfb_blob(b, &sz);
	char *out;

	btfb_free(b);
	save(name, "btf", raw, sz);
	assert_int_equal(bbpf_btf_parse(raw, sz, NULL, &btf), 0);
	free(raw);
	out = dump_err(btf, 0);
	save(name, "h", out, strlen(out));
	assert_string_equal(body_of(out), want);
	free(out);
	bbpf_btf_free(btf);
}

/* ------------------------------------------------------------------ */
/* Cases: a builder and the body it must give                          */
/* ------------------------------------------------------------------ */

/* A struct before the one it embeds: the embedded one comes out first. */
static void build_order(struct btfb *b)
{
	uint32_t i = btfb_int(b, "int", 4, BTF_INT_SIGNED, 32);

	btfb_struct(b, "outer", 8, 2); /* 2 */
	btfb_member(b, "in", 3, 0);
	btfb_member(b, "n", i, 32);
	btfb_struct(b, "inner", 4, 1); /* 3 */
	btfb_member(b, "x", i, 0);
}

static const char want_order[] = "struct inner {\n\tint x;\n};\n\n"
				 "struct outer {\n\tstruct inner in;\n\tint n;\n};\n\n";

/* Two structs pointing at each other by pointer: one forward declaration. */
static void build_fwd(struct btfb *b)
{
	btfb_struct(b, "a", 8, 1); /* 1 */
	btfb_member(b, "b", 3, 0);
	btfb_ref(b, BTF_KIND_PTR, NULL, 4); /* 2: struct a * */
	btfb_ref(b, BTF_KIND_PTR, NULL, 4); /* 3: struct b * */
	btfb_struct(b, "b", 16, 2);	    /* 4 */
	btfb_member(b, "self", 3, 0);
	btfb_member(b, "a", 1, 64);
	btfb_fwd(b, "opaque", true); /* 5 */
}

static const char want_fwd[] = "struct b;\n\n"
			       "struct a {\n\tstruct b *b;\n};\n\n"
			       "struct b {\n\tstruct b *self;\n\tstruct a a;\n};\n\n"
			       "union opaque;\n\n";

/* Anonymous struct, union and enum inline; an anonymous enum nothing uses is top-level. */
static void build_anon(struct btfb *b)
{
	uint32_t i = btfb_int(b, "int", 4, BTF_INT_SIGNED, 32);

	btfb_struct(b, "s", 12, 3); /* 2 */
	btfb_member(b, NULL, 3, 0);
	btfb_member(b, "u", 4, 32);
	btfb_member(b, "e", 5, 64);
	btfb_struct(b, NULL, 4, 1); /* 3 */
	btfb_member(b, "a", i, 0);
	btfb_union(b, NULL, 4, 2); /* 4 */
	btfb_member(b, "b", i, 0);
	btfb_member(b, "c", i, 0);
	btfb_enum(b, NULL, 4, 1, false); /* 5 */
	btfb_enumval(b, "E_ONE", 1);
	btfb_enum(b, NULL, 4, 1, true); /* 6 */
	btfb_enumval(b, "CONST_MINUS", -5);
}

static const char want_anon[] = "struct s {\n"
				"\tstruct {\n\t\tint a;\n\t};\n"
				"\tunion {\n\t\tint b;\n\t\tint c;\n\t} u;\n"
				"\tenum {\n\t\tE_ONE = 1,\n\t} e;\n"
				"};\n\n"
				"enum {\n\tCONST_MINUS = -5,\n};\n\n";

static void build_bitfields(struct btfb *b)
{
	uint32_t u = btfb_int(b, "unsigned int", 4, 0, 32);
	uint32_t c = btfb_int(b, "char", 1, BTF_INT_SIGNED, 8);

	btfb_struct_kflag(b, "flags", 8, 4);
	btfb_bitfield(b, "a", u, 0, 3);
	btfb_bitfield(b, "b", u, 3, 1);
	btfb_bitfield(b, "c", u, 10, 5); /* a 6-bit hole after b */
	btfb_member(b, "d", c, 32);
}

/* The hole after b closes b's char unit first; "int: 0" keeps d off byte 2. */
static const char want_bitfields[] = "struct flags {\n"
				     "\tunsigned int a: 3;\n"
				     "\tunsigned int b: 1;\n"
				     "\tchar: 4;\n"
				     "\tchar: 2;\n"
				     "\tunsigned int c: 5;\n"
				     "\tint: 0;\n"
				     "\tchar d;\n"
				     "};\n\n";

/* A member below its alignment: packed, and holes filled bit by bit. */
static void build_packed(struct btfb *b)
{
	uint32_t c = btfb_int(b, "char", 1, BTF_INT_SIGNED, 8);
	uint32_t i = btfb_int(b, "int", 4, BTF_INT_SIGNED, 32);

	btfb_struct(b, "pk", 7, 2);
	btfb_member(b, "c", c, 0);
	btfb_member(b, "i", i, 24);  /* byte 3: two bytes of hole, misaligned */
	btfb_struct(b, "odd", 5, 1); /* size not a multiple of int's 4 */
	btfb_member(b, "i", i, 0);
}

static const char want_packed[] =
	"struct pk {\n\tchar c;\n\tshort: 16;\n\tint i;\n"
	"} __attribute__((packed));\n\n"
	"struct odd {\n\tint i;\n\tchar: 8;\n} __attribute__((packed));\n\n";

/* Holes natural alignment would not make, and a union bigger than its members. */
static void build_padding(struct btfb *b)
{
	uint32_t c = btfb_int(b, "char", 1, BTF_INT_SIGNED, 8);
	uint32_t l = btfb_int(b, "long", 8, BTF_INT_SIGNED, 64);
	uint32_t i = btfb_int(b, "int", 4, BTF_INT_SIGNED, 32);

	btfb_struct(b, "holes", 32, 2);
	btfb_member(b, "c", c, 0);
	btfb_member(b, "l", l, 128); /* byte 16, not 8 */
	btfb_struct(b, "lead", 16, 2);
	btfb_member(b, "c", c, 0);
	btfb_member(b, "i", i, 64); /* byte 8, where an int would not go alone */
	btfb_union(b, "wide", 16, 1);
	btfb_member(b, "i", i, 0);
}

static const char want_padding[] =
	"struct holes {\n\tchar c;\n\tlong: 64;\n\tlong l;\n"
	"\tlong: 64;\n};\n\n"
	"struct lead {\n\tchar c;\n\tlong: 0;\n\tint i;\n\tlong: 0;\n};\n\n"
	"union wide {\n\tint i;\n} __attribute__((aligned(16)));\n\n";

/* Function pointers, arrays of them, a typedef of one, qualifiers, 2-D arrays. */
static void build_decls(struct btfb *b)
{
	uint32_t i = btfb_int(b, "int", 4, BTF_INT_SIGNED, 32); /* 1 */
	uint32_t c = btfb_int(b, "char", 1, BTF_INT_SIGNED, 8); /* 2 */
	uint32_t cc = btfb_ref(b, BTF_KIND_CONST, NULL, c);	/* 3 */
	uint32_t pcc = btfb_ref(b, BTF_KIND_PTR, NULL, cc);	/* 4: const char * */
	uint32_t proto = btfb_proto(b, i, 2);			/* 5: int (int, const char *) */
	uint32_t fp, vproto, vfp, arr, cp, vi, a3, a23, va, pva;

	btfb_param(b, "n", i);
	btfb_param(b, NULL, pcc);
	fp = btfb_ref(b, BTF_KIND_PTR, NULL, proto); /* 6 */
	vproto = btfb_proto(b, 0, 0);		     /* 7: void (void) */
	vfp = btfb_ref(b, BTF_KIND_PTR, NULL, vproto);
	arr = btfb_array(b, vfp, i, 4);
	cp = btfb_ref(b, BTF_KIND_CONST, NULL, btfb_ref(b, BTF_KIND_PTR, NULL, c));
	vi = btfb_ref(b, BTF_KIND_VOLATILE, NULL, i);
	a3 = btfb_array(b, i, i, 3);
	a23 = btfb_array(b, a3, i, 2);
	va = btfb_proto(b, i, 2); /* int (int, ...) */
	btfb_param(b, "fmt", i);
	btfb_param(b, NULL, 0);
	pva = btfb_ref(b, BTF_KIND_PTR, NULL, va);
	btfb_ref(b, BTF_KIND_TYPEDEF, "handler_t", fp);
	btfb_struct(b, "ops", 88, 6);
	btfb_member(b, "cb", fp, 0);
	btfb_member(b, "hooks", arr, 64);
	btfb_member(b, "cp", cp, 320);
	btfb_member(b, "v", vi, 384);
	btfb_member(b, "m", a23, 416);
	btfb_member(b, "pf", pva, 640);
}

static const char want_decls[] = "typedef int (*handler_t)(int n, const char *);\n\n"
				 "struct ops {\n"
				 "\tint (*cb)(int n, const char *);\n"
				 "\tvoid (*hooks[4])(void);\n"
				 "\tchar * const cp;\n"
				 "\tvolatile int v;\n"
				 "\tint m[2][3];\n"
				 "\tint (*pf)(int fmt, ...);\n"
				 "};\n\n";

/* Two types with one name: the second to come out is name___2 (enumerators too). */
static void build_clash(struct btfb *b)
{
	uint32_t i = btfb_int(b, "int", 4, BTF_INT_SIGNED, 32);
	uint32_t td = btfb_ref(b, BTF_KIND_TYPEDEF, "dup", i); /* another namespace: no clash */

	btfb_struct(b, "dup", 4, 1);
	btfb_member(b, "a", i, 0);
	btfb_struct(b, "dup", 8, 1);
	btfb_member(b, "b", td, 0);
	btfb_enum(b, "e1", 4, 1, false);
	btfb_enumval(b, "X", 1);
	btfb_enum(b, "e2", 4, 1, false);
	btfb_enumval(b, "X", 2);
}

static const char want_clash[] = "typedef int dup;\n\n"
				 "struct dup {\n\tint a;\n};\n\n"
				 "struct dup___2 {\n\tdup b;\n\tlong: 0;\n};\n\n"
				 "enum e1 {\n\tX = 1,\n};\n\n"
				 "enum e2 {\n\tX___2 = 2,\n};\n\n";

/* Enum sizes and values: 64-bit values, sizes C would not pick by itself. */
static void build_enums(struct btfb *b)
{
	btfb_enum64(b, "big", 8, 2, false);
	btfb_enum64val(b, "BIG", 1ULL << 40);
	btfb_enum64val(b, "MAX", ~0ULL);
	btfb_enum64(b, "neg", 8, 2, true);
	btfb_enum64val(b, "MIN", 1ULL << 63);
	btfb_enum64val(b, "M1", (uint64_t)-1);
	btfb_enum64(b, "small64", 8, 1, false);
	btfb_enum64val(b, "S", 7);
	btfb_enum(b, "byte", 1, 1, false);
	btfb_enumval(b, "B", 1);
	btfb_enum(b, "half", 2, 1, false);
	btfb_enumval(b, "H", 300);
	btfb_enum(b, "wide32", 8, 1, true); /* old BTF: a 64-bit enum as ENUM */
	btfb_enumval(b, "W", -1);
	btfb_enum(b, "decl", 4, 0, false);
}

static const char want_enums[] =
	"enum big {\n\tBIG = 1099511627776ULL,\n"
	"\tMAX = 18446744073709551615ULL,\n};\n\n"
	"enum neg {\n\tMIN = (-9223372036854775807LL - 1),\n\tM1 = -1LL,\n};\n\n"
	"enum small64 {\n\tS = 7ULL,\n} __attribute__((mode(word)));\n\n"
	"enum byte {\n\tB = 1,\n} __attribute__((mode(byte)));\n\n"
	"enum half {\n\tH = 300,\n} __attribute__((mode(HI)));\n\n"
	"enum wide32 {\n\tW = -1,\n} __attribute__((mode(word)));\n\n"
	"enum decl;\n\n";

/* Kinds that are not C types come out as nothing; FLOAT as its name. */
static void build_skipped(struct btfb *b)
{
	uint32_t i = btfb_int(b, "int", 4, BTF_INT_SIGNED, 32); /* 1 */
	uint32_t proto = btfb_proto(b, i, 0);			/* 2 */
	uint32_t f = btfb_func(b, "do_it", proto, BTF_FUNC_GLOBAL);
	uint32_t v = btfb_var(b, "counter", i, 1);
	uint32_t d = btfb_float(b, "double", 8);

	btfb_datasec(b, ".data", 4, 1);
	btfb_secinfo(b, v, 0, 4);
	btfb_decl_tag(b, "kfunc", f, -1);
	btfb_struct(b, "m", 8, 1);
	btfb_member(b, "d", d, 0);
}

static const char want_skipped[] = "struct m {\n\tdouble d;\n};\n\n";

/* __builtin_va_list is the compiler's: not redefined, and its size is the target's. */
static void build_va_list(struct btfb *b)
{
	uint32_t c = btfb_int(b, "char", 1, BTF_INT_SIGNED, 8);
	uint32_t arr = btfb_array(b, c, c, 24); /* the x86 layout */
	uint32_t bl = btfb_ref(b, BTF_KIND_TYPEDEF, "__builtin_va_list", arr);
	uint32_t vl = btfb_ref(b, BTF_KIND_TYPEDEF, "va_list", bl);

	btfb_struct(b, "args", 32, 2);
	btfb_member(b, "va", vl, 0);
	btfb_member(b, "c", c, 192);
}

static const char want_va_list[] = "typedef __builtin_va_list va_list;\n\n"
				   "struct args {\n\tva_list va;\n\tlong: 64;\n\tlong: 64;\n"
				   "\tchar c;\n\tlong: 0;\n};\n\n";

static void build_empty(struct btfb *b)
{
	btfb_struct(b, "empty", 0, 0);
}

static const char want_empty[] = "struct empty {};\n\n";

/* A typedef reached through a pointer from the struct it names. */
static void build_typedef_loop(struct btfb *b)
{
	btfb_ref(b, BTF_KIND_TYPEDEF, "node_t", 2); /* 1 */
	btfb_struct(b, "node", 8, 1);		    /* 2 */
	btfb_member(b, "next", 3, 0);
	btfb_ref(b, BTF_KIND_PTR, NULL, 1); /* 3: node_t * */
}

static const char want_typedef_loop[] = "struct node;\n\n"
					"typedef struct node node_t;\n\n"
					"struct node {\n\tnode_t *next;\n};\n\n";

struct dump_case {
	const char *name;
	void (*build)(struct btfb *b);
	const char *want;
};

static const struct dump_case cases[] = {
	{ "order", build_order, want_order },
	{ "fwd", build_fwd, want_fwd },
	{ "anon", build_anon, want_anon },
	{ "bitfields", build_bitfields, want_bitfields },
	{ "packed", build_packed, want_packed },
	{ "padding", build_padding, want_padding },
	{ "decls", build_decls, want_decls },
	{ "clash", build_clash, want_clash },
	{ "enums", build_enums, want_enums },
	{ "skipped", build_skipped, want_skipped },
	{ "va_list", build_va_list, want_va_list },
	{ "empty", build_empty, want_empty },
	{ "typedef_loop", build_typedef_loop, want_typedef_loop },
};

static void test_cases(void **state)
{
	struct btfb b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("case %s\n", cases[i].name);
		btfb_init(&b);
		cases[i].build(&b);
		expect_body(cases[i].name, &b, cases[i].want);
	}
}

/* ------------------------------------------------------------------ */
/* The rest of the contract                                            */
/* ------------------------------------------------------------------ */

static void test_preamble(void **state)
{
	struct btfb b;
	struct bbpf_btf *btf;
	char *out;

	(void)state;
	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btf = parse(&b, NULL);
	out = dump_err(btf, 0);
	assert_non_null(strstr(out, "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n"));
	assert_non_null(strstr(out, "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute "
				    "push (__attribute__((preserve_access_index)), apply_to = "
				    "record)\n#endif\n"));
	assert_null(strstr(out, "__bbpf_type_tag")); /* no type tags, no macro */
	assert_non_null(strstr(out, "#pragma clang attribute pop\n#endif\n\n#endif /* "
				    "__VMLINUX_H__ */\n"));
	free(out);
	bbpf_btf_free(btf);
}

static void test_type_tags(void **state)
{
	struct btfb b;
	struct bbpf_btf *btf;
	uint32_t i, tag, as, p, q;
	char *out;

	(void)state;
	btfb_init(&b);
	i = btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	tag = btfb_ref(&b, BTF_KIND_TYPE_TAG, "user", i);
	as = btfb_ref(&b, BTF_KIND_TYPE_TAG, "address_space(1)", i);
	btfb_type_at(&b, as)->info |= 1u << 31; /* kind_flag: an attribute of its own */
	p = btfb_ref(&b, BTF_KIND_PTR, NULL, tag);
	q = btfb_ref(&b, BTF_KIND_PTR, NULL, as);
	btfb_struct(&b, "t", 16, 2);
	btfb_member(&b, "p", p, 0);
	btfb_member(&b, "q", q, 64);
	btf = parse(&b, NULL);
	out = dump_err(btf, 0);
	assert_non_null(strstr(out,
			       "#if __has_attribute(btf_type_tag)\n"
			       "#define __bbpf_type_tag(x) __attribute__((btf_type_tag(x)))\n"));
	assert_string_equal(body_of(out), "struct t {\n\tint __bbpf_type_tag(\"user\") *p;\n"
					  "\tint __attribute__((address_space(1))) *q;\n};\n\n");
	free(out);
	bbpf_btf_free(btf);
}

/* Module BTF: its own types, plus the base types they need; base-only ones stay out. */
static void test_split(void **state)
{
	const struct btf_header *hdr;
	struct bbpf_btf *base, *mod;
	struct btfb b;
	size_t raw_sz;
	char *out;

	(void)state;
	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32); /* 1 */
	btfb_struct(&b, "in_base", 4, 1);	    /* 2 */
	btfb_member(&b, "x", 1, 0);
	btfb_struct(&b, "unused", 4, 1); /* 3 */
	btfb_member(&b, "y", 1, 0);
	base = parse(&b, NULL);
	hdr = bbpf_btf_raw(base, &raw_sz);
	btfb_init_split(&b, bbpf_btf_type_cnt(base), hdr->str_len);
	btfb_struct(&b, "in_mod", 4, 1); /* 4 */
	btfb_member(&b, "b", 2, 0);
	mod = parse(&b, base);
	out = dump_err(mod, 0);
	assert_string_equal(body_of(out), "struct in_base {\n\tint x;\n};\n\n"
					  "struct in_mod {\n\tstruct in_base b;\n};\n\n");
	free(out);
	bbpf_btf_free(mod);
	bbpf_btf_free(base);
}

/* Types that hold each other by value have no C order. */
static void test_loop(void **state)
{
	struct bbpf_btf *btf = NULL;
	struct btfb b;
	size_t sz;
	void *raw;
	char *out;

	(void)state;
	btfb_init(&b);
	btfb_struct(&b, "a", 4, 1);
	btfb_member(&b, "b", 2, 0);
	btfb_struct(&b, "b", 4, 1);
	btfb_member(&b, "a", 1, 0);
	raw = btfb_blob(&b, &sz);
	btfb_free(&b);
	if (bbpf_btf_parse(raw, sz, NULL, &btf)) {
		free(raw); /* the parser already refuses it: nothing left to check */
		return;
	}
	free(raw);
	out = dump_err(btf, -ELOOP);
	free(out);
	bbpf_btf_free(btf);
}

/* The writer's error stops the dump and is what it returns. */
static void test_write_error(void **state)
{
	struct sink s = { .fail_with = -EPIPE };
	struct bbpf_btf *btf;
	struct btfb b;

	(void)state;
	btfb_init(&b);
	build_decls(&b);
	btf = parse(&b, NULL);
	assert_int_equal(bbpf_btf_dump_c(btf, sink_write, &s), -EPIPE);
	assert_int_equal(s.calls, 1);
	assert_int_equal(bbpf_btf_dump_c(NULL, sink_write, &s), -EINVAL);
	assert_int_equal(bbpf_btf_dump_c(btf, NULL, NULL), -EINVAL);
	bbpf_btf_free(btf);
}

/* Output larger than the 64 KiB buffer arrives whole, in order. */
static void test_large(void **state)
{
	struct bbpf_btf *btf;
	struct btfb b;
	char name[32], want[64], *out;
	uint32_t i, n = 5000;

	(void)state;
	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "s%u", i);
		btfb_struct(&b, name, 4, 1);
		btfb_member(&b, "x", 1, 0);
	}
	btf = parse(&b, NULL);
	out = dump_err(btf, 0);
	assert_true(strlen(out) > 64 * 1024);
	for (i = 0; i < n; i += 499) {
		snprintf(want, sizeof(want), "\nstruct s%u {\n\tint x;\n};\n", i);
		assert_non_null(strstr(out, want));
	}
	free(out);
	bbpf_btf_free(btf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cases, setup),
		cmocka_unit_test_setup(test_preamble, setup),
		cmocka_unit_test_setup(test_type_tags, setup),
		cmocka_unit_test_setup(test_split, setup),
		cmocka_unit_test_setup(test_loop, setup),
		cmocka_unit_test_setup(test_write_error, setup),
		cmocka_unit_test_setup(test_large, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
