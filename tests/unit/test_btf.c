// SPDX-License-Identifier: BSD-2-Clause
/*
 * BTF parsing and validation (btf/btf.c, btf_validate.c, btf_swap.c): every
 * kind, every validation rule, split BTF, the other byte order, headers
 * longer than ours, borrowed views.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../helpers/log_capture.h"

#include <barebpf/btf.h>
#include "../helpers/btf_build.h"

static int setup(void **state)
{
	(void)state;
	log_msgs[0] = '\0';
	log_capture_start(BBPF_WARN);
	return 0;
}

/* One of each kind; ids are fixed (see the comments) and used by the tests. */
static void build_all_kinds(struct btfb *b)
{
	btfb_init(b);
	btfb_int(b, "int", 4, BTF_INT_SIGNED, 32); /* 1 */
	btfb_ref(b, BTF_KIND_PTR, NULL, 1);	   /* 2 */
	btfb_array(b, 1, 1, 4);			   /* 3 */
	btfb_struct(b, "s", 24, 2);		   /* 4 */
	btfb_member(b, "a", 1, 0);
	btfb_member(b, "arr", 3, 32);
	btfb_union(b, "u", 4, 1); /* 5 */
	btfb_member(b, "i", 1, 0);
	btfb_enum(b, "e", 4, 2, true); /* 6 */
	btfb_enumval(b, "A", -1);
	btfb_enumval(b, "B", 7);
	btfb_fwd(b, "f", true);			 /* 7 */
	btfb_ref(b, BTF_KIND_TYPEDEF, "t", 4);	 /* 8 */
	btfb_ref(b, BTF_KIND_VOLATILE, NULL, 8); /* 9 */
	btfb_ref(b, BTF_KIND_CONST, NULL, 9);	 /* 10 */
	btfb_ref(b, BTF_KIND_RESTRICT, NULL, 2); /* 11 */
	btfb_proto(b, 1, 2);			 /* 12 */
	btfb_param(b, "x", 1);
	btfb_param(b, NULL, 0);
	btfb_func(b, "fn", 12, BTF_FUNC_GLOBAL);       /* 13 */
	btfb_var(b, "v", 1, BTF_VAR_GLOBAL_ALLOCATED); /* 14 */
	btfb_datasec(b, ".data", 4, 1);		       /* 15 */
	btfb_secinfo(b, 14, 0, 4);
	btfb_float(b, "double", 8);		   /* 16 */
	btfb_decl_tag(b, "tag", 4, 1);		   /* 17 */
	btfb_ref(b, BTF_KIND_TYPE_TAG, "user", 1); /* 18 */
	btfb_enum64(b, "e64", 8, 2, false);	   /* 19 */
	btfb_enum64val(b, "BIG", 0x123456789ULL);
	btfb_enum64val(b, "MAX", ~0ULL);
}

static int parse_built(struct btfb *b, struct bbpf_btf **out)
{
	size_t sz;
	void *blob = btfb_blob(b, &sz);
	int err = bbpf_btf_parse(blob, sz, NULL, out);

	free(blob);
	return err;
}

static void test_every_kind(void **state)
{
	static const uint16_t want[] = { 0,
					 BTF_KIND_INT,
					 BTF_KIND_PTR,
					 BTF_KIND_ARRAY,
					 BTF_KIND_STRUCT,
					 BTF_KIND_UNION,
					 BTF_KIND_ENUM,
					 BTF_KIND_FWD,
					 BTF_KIND_TYPEDEF,
					 BTF_KIND_VOLATILE,
					 BTF_KIND_CONST,
					 BTF_KIND_RESTRICT,
					 BTF_KIND_FUNC_PROTO,
					 BTF_KIND_FUNC,
					 BTF_KIND_VAR,
					 BTF_KIND_DATASEC,
					 BTF_KIND_FLOAT,
					 BTF_KIND_DECL_TAG,
					 BTF_KIND_TYPE_TAG,
					 BTF_KIND_ENUM64 };
	struct bbpf_btf *btf;
	struct btfb b;
	uint32_t id;

	(void)state;
	build_all_kinds(&b);
	assert_int_equal(parse_built(&b, &btf), 0);
	assert_int_equal(bbpf_btf_type_cnt(btf), 20);
	assert_int_equal(bbpf_btf_start_id(btf), 1);
	assert_null(bbpf_btf_base(btf));
	assert_false(bbpf_btf_is_swapped(btf));
	for (id = 1; id < 20; id++)
		assert_int_equal(bbpf_btf_kind(bbpf_btf_type_by_id(btf, id)), want[id]);
	assert_int_equal(bbpf_btf_kind(bbpf_btf_type_by_id(btf, 0)), BTF_KIND_UNKN);
	assert_null(bbpf_btf_type_by_id(btf, 20));
	assert_string_equal(bbpf_btf_name(btf, 4), "s");
	assert_string_equal(bbpf_btf_name(btf, 2), "");
	assert_string_equal(bbpf_btf_kind_str(BTF_KIND_FUNC_PROTO), "FUNC_PROTO");
	assert_string_equal(bbpf_btf_kind_str(99), "unknown");
	assert_null(bbpf_btf_str(btf, 100000));
	assert_string_equal(log_msgs, "");
	bbpf_btf_free(btf);
	btfb_free(&b);
}

/* A validation case: build a BTF (often valid but for one thing), expect an error and words. */
struct bad_case {
	const char *name;
	void (*build)(struct btfb *b);
	int err;
	const char *msg;
};

static void b_int_size(struct btfb *b)
{
	btfb_int(b, "int", 3, 0, 24);
}

static void b_int_bits(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 40);
}

static void b_int_enc(struct btfb *b)
{
	btfb_int(b, "int", 4, BTF_INT_SIGNED | BTF_INT_BOOL, 32);
}

static void b_int_unused(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	b->types[3] |= 0x100;
}

static void b_ptr_vlen(struct btfb *b)
{
	btfb_type(b, NULL, BTF_KIND_PTR, false, 1, 0);
}

static void b_typedef_kflag(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_type(b, "t", BTF_KIND_TYPEDEF, true, 0, 1);
}

static void b_info_unused(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	b->types[1] |= 1u << 20;
}

static void b_unknown_kind(struct btfb *b)
{
	btfb_type(b, "x", 25, false, 0, 0);
}

static void b_kind_zero(struct btfb *b)
{
	btfb_type(b, "x", BTF_KIND_UNKN, false, 0, 0);
}

static void b_type_id_range(struct btfb *b)
{
	btfb_ref(b, BTF_KIND_PTR, NULL, 5);
}

static void b_member_type_range(struct btfb *b)
{
	btfb_struct(b, "s", 4, 1);
	btfb_member(b, "m", 9, 0);
}

static void b_name_range(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	b->types[0] = 5000;
}

static void b_member_name_range(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_struct(b, "s", 4, 1);
	btfb_member(b, "m", 1, 0);
	b->types[7] = 5000;
}

static void b_member_past_end(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_struct(b, "s", 4, 1);
	btfb_member(b, "m", 1, 64);
}

static void b_bitfield_too_wide(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_struct_kflag(b, "s", 32, 1);
	btfb_bitfield(b, "m", 1, 0, 200);
}

static void b_records_past_end(struct btfb *b)
{
	btfb_struct(b, "s", 4, 3);
	btfb_member(b, "m", 0, 0);
}

static void b_truncated_type(struct btfb *b)
{
	btfb_word(b, 0);
	btfb_word(b, BTF_KIND_INT << 24);
}

/* Fuzzer find: a partial type after whole ones overflowed the offset index. */
static void b_truncated_second(struct btfb *b)
{
	btfb_ref(b, BTF_KIND_PTR, NULL, 0);
	btfb_word(b, 0);
}

static void b_enum_size(struct btfb *b)
{
	btfb_enum(b, "e", 3, 0, false);
}

static void b_enum_unnamed_val(struct btfb *b)
{
	btfb_enum(b, "e", 4, 1, false);
	btfb_enumval(b, NULL, 1);
}

static void b_fwd_unnamed(struct btfb *b)
{
	btfb_fwd(b, NULL, false);
}

static void b_func_linkage(struct btfb *b)
{
	btfb_proto(b, 0, 0);
	btfb_func(b, "f", 1, 7);
}

static void b_func_not_proto(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_func(b, "f", 1, 0);
}

static void b_func_kflag(struct btfb *b)
{
	btfb_proto(b, 0, 0);
	btfb_type(b, "f", BTF_KIND_FUNC, true, 0, 1);
}

static void b_proto_void_mid(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_proto(b, 1, 2);
	btfb_param(b, NULL, 0);
	btfb_param(b, "x", 1);
}

static void b_var_linkage(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_var(b, "v", 1, 9);
}

static void b_datasec_not_var(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_datasec(b, ".data", 4, 1);
	btfb_secinfo(b, 1, 0, 4);
}

static void b_float_size(struct btfb *b)
{
	btfb_float(b, "f", 3);
}

static void b_array_size(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_type(b, NULL, BTF_KIND_ARRAY, false, 0, 4);
	btfb_word(b, 1);
	btfb_word(b, 1);
	btfb_word(b, 1);
}

static void b_decl_tag_idx(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_struct(b, "s", 4, 1);
	btfb_member(b, "m", 1, 0);
	btfb_decl_tag(b, "t", 2, 1);
}

static void b_decl_tag_target(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_decl_tag(b, "t", 1, -1);
}

static void b_type_tag_unnamed(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_ref(b, BTF_KIND_TYPE_TAG, NULL, 1);
}

static void b_loop_self(struct btfb *b)
{
	btfb_ref(b, BTF_KIND_CONST, NULL, 1);
}

static void b_loop_typedefs(struct btfb *b)
{
	btfb_ref(b, BTF_KIND_TYPEDEF, "a", 3);
	btfb_ref(b, BTF_KIND_VOLATILE, NULL, 1);
	btfb_ref(b, BTF_KIND_PTR, NULL, 2);
}

static void b_loop_array(struct btfb *b)
{
	btfb_int(b, "int", 4, 0, 32);
	btfb_array(b, 3, 1, 2);
	btfb_ref(b, BTF_KIND_TYPEDEF, "t", 2);
}

static const struct bad_case bad_cases[] = {
	{ "int size", b_int_size, -EINVAL, "size 3" },
	{ "int bits", b_int_bits, -EINVAL, "40 bits" },
	{ "int encoding", b_int_enc, -EINVAL, "encoding" },
	{ "int unused bits", b_int_unused, -EINVAL, "unused bits" },
	{ "ptr with vlen", b_ptr_vlen, -EINVAL, "vlen 1 is not allowed" },
	{ "typedef with kflag", b_typedef_kflag, -EINVAL, "kind_flag is not allowed" },
	{ "unused info bits", b_info_unused, -EINVAL, "unused info bits" },
	{ "unknown kind", b_unknown_kind, -EINVAL, "unknown kind 25" },
	{ "kind 0", b_kind_zero, -EINVAL, "unknown kind 0" },
	{ "type id out of range", b_type_id_range, -EINVAL, "refers to type id 5" },
	{ "member type out of range", b_member_type_range, -EINVAL, "type [1] STRUCT 's'" },
	{ "name offset out of range", b_name_range, -EINVAL, "name offset 5000" },
	{ "member name out of range", b_member_name_range, -EINVAL, "member #0: name offset 5000" },
	{ "member past the end", b_member_past_end, -EINVAL, "past the end" },
	{ "bitfield too wide", b_bitfield_too_wide, -EINVAL, "bitfield of 200 bits" },
	{ "records past the section", b_records_past_end, -EINVAL, "run past the type section" },
	{ "truncated type", b_truncated_type, -EINVAL, "truncated" },
	{ "truncated after a type", b_truncated_second, -EINVAL, "[2] at offset 12: truncated" },
	{ "enum size", b_enum_size, -EINVAL, "size 3" },
	{ "unnamed enumerator", b_enum_unnamed_val, -EINVAL, "enumerator #0 has no name" },
	{ "unnamed fwd", b_fwd_unnamed, -EINVAL, "must have a name" },
	{ "func linkage", b_func_linkage, -EINVAL, "linkage 7" },
	{ "func type not a proto", b_func_not_proto, -EINVAL, "not a FUNC_PROTO" },
	{ "func with kflag", b_func_kflag, -EINVAL, "kind_flag" },
	{ "void param in the middle", b_proto_void_mid, -EINVAL, "trailing '...'" },
	{ "var linkage", b_var_linkage, -EINVAL, "linkage 9" },
	{ "datasec entry not a var", b_datasec_not_var, -EINVAL, "not a VAR or FUNC" },
	{ "float size", b_float_size, -EINVAL, "size 3" },
	{ "array with size", b_array_size, -EINVAL, "must be 0" },
	{ "decl_tag index", b_decl_tag_idx, -EINVAL, "component_idx 1 is out of range" },
	{ "decl_tag target", b_decl_tag_target, -EINVAL, "tags type [1] of kind INT" },
	{ "unnamed type_tag", b_type_tag_unnamed, -EINVAL, "must have a name" },
	{ "const of itself", b_loop_self, -ELOOP, "reference loop" },
	{ "typedef/volatile/ptr loop", b_loop_typedefs, -ELOOP, "reference loop" },
	{ "array of a typedef of itself", b_loop_array, -ELOOP, "reference loop" },
};

static void test_validation_rules(void **state)
{
	struct bbpf_btf *btf = (void *)0x1;
	struct btfb b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		log_msgs[0] = '\0';
		btfb_init(&b);
		bad_cases[i].build(&b);
		if (parse_built(&b, &btf) != bad_cases[i].err ||
		    !strstr(log_msgs, bad_cases[i].msg))
			fail_msg("case '%s': want %d and '%s', got: %s", bad_cases[i].name,
				 bad_cases[i].err, bad_cases[i].msg, log_msgs);
		assert_ptr_equal(btf, (void *)0x1); /* *out untouched on failure */
		btfb_free(&b);
	}
}

/* Header and section problems, by editing a valid blob. */
static void test_bad_headers(void **state)
{
	struct {
		size_t off;
		uint32_t val;
		int width;
		const char *msg;
	} cases[] = {
		{ 0, 0x1234, 2, "bad magic" },
		{ 2, 2, 1, "unsupported version" },
		{ 3, 1, 1, "flags" },
		{ 4, 8, 4, "header truncated" },
		{ 4, 26, 4, "not a multiple of 4" },
		{ 8, 4, 4, "overlap" },
		{ 12, 4000, 4, "type section" },
		{ 20, 4000, 4, "string section" },
	};
	struct bbpf_btf *btf;
	struct btfb b;
	uint8_t *blob;
	size_t sz, i;

	(void)state;
	build_all_kinds(&b);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		log_msgs[0] = '\0';
		blob = btfb_blob(&b, &sz);
		memcpy(blob + cases[i].off, &cases[i].val, cases[i].width);
		if (bbpf_btf_parse(blob, sz, NULL, &btf) != -EINVAL ||
		    !strstr(log_msgs, cases[i].msg))
			fail_msg("header case %zu: want '%s', got: %s", i, cases[i].msg, log_msgs);
		free(blob);
	}
	/* Strings: must start with "" and end with a NUL. */
	blob = btfb_blob(&b, &sz);
	blob[sz - 1] = 'x';
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), -EINVAL);
	assert_non_null(strstr(log_msgs, "unterminated"));
	blob[sz - 1] = 0;
	blob[sizeof(struct btf_header) + b.nwords * 4] = 'x';
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), -EINVAL);
	assert_non_null(strstr(log_msgs, "must start with an empty string"));
	/* Every truncation of a valid blob fails cleanly. */
	blob[sizeof(struct btf_header) + b.nwords * 4] = 0;
	for (i = 0; i < sz; i++)
		assert_int_not_equal(bbpf_btf_parse(blob, i, NULL, &btf), 0);
	assert_int_equal(bbpf_btf_parse(NULL, 0, NULL, &btf), -EINVAL);
	free(blob);
	btfb_free(&b);
}

static void test_long_header(void **state)
{
	struct bbpf_btf *btf;
	struct btfb b;
	uint8_t *blob;
	size_t sz;

	(void)state;
	build_all_kinds(&b);
	blob = btfb_blob_ex(&b, 8, false, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	assert_int_equal(bbpf_btf_type_cnt(btf), 20);
	assert_string_equal(bbpf_btf_name(btf, 19), "e64");
	bbpf_btf_free(btf);
	/* A field of the newer header we do not know is set: refuse rather than misread. */
	blob[sizeof(struct btf_header) + 5] = 1;
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), -EINVAL);
	assert_non_null(strstr(log_msgs, "header byte 29 is not zero"));
	free(blob);
	btfb_free(&b);
}

static void test_big_endian(void **state)
{
	struct bbpf_btf *le, *be;
	const struct btf_type *a, *c;
	struct btfb b;
	void *blob;
	size_t sz, raw_sz;
	uint32_t id;

	(void)state;
	build_all_kinds(&b);
	assert_int_equal(parse_built(&b, &le), 0);
	blob = btfb_blob_ex(&b, 4, true, &sz);
	assert_int_equal(bbpf_btf_parse_view(blob, sz, NULL, &be), 0);
	assert_true(bbpf_btf_is_swapped(be));
	assert_ptr_not_equal(bbpf_btf_raw(be, &raw_sz), blob); /* a swapped copy */
	assert_int_equal(bbpf_btf_type_cnt(be), bbpf_btf_type_cnt(le));
	for (id = 1; id < bbpf_btf_type_cnt(le); id++) {
		a = bbpf_btf_type_by_id(le, id);
		c = bbpf_btf_type_by_id(be, id);
		assert_memory_equal(a, c, sizeof(*a));
		assert_string_equal(bbpf_btf_name(le, id), bbpf_btf_name(be, id));
	}
	assert_int_equal(bbpf_btf_enum_value(bbpf_btf_type_by_id(be, 19), 0), 0x123456789ULL);
	assert_int_equal((int64_t)bbpf_btf_enum_value(bbpf_btf_type_by_id(be, 6), 0), -1);
	bbpf_btf_free(le);
	bbpf_btf_free(be);
	free(blob);
	btfb_free(&b);
}

static void test_view_borrows(void **state)
{
	struct bbpf_btf *btf;
	struct btfb b;
	uint8_t *blob, *odd;
	size_t sz, raw_sz;

	(void)state;
	build_all_kinds(&b);
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse_view(blob, sz, NULL, &btf), 0);
	assert_ptr_equal(bbpf_btf_raw(btf, &raw_sz), blob);
	assert_int_equal(raw_sz, sz);
	bbpf_btf_free(btf);
	/* Not 4-byte aligned: copied, so type records can be read as structs. */
	odd = malloc(sz + 1);
	memcpy(odd + 1, blob, sz);
	assert_int_equal(bbpf_btf_parse_view(odd + 1, sz, NULL, &btf), 0);
	assert_ptr_not_equal(bbpf_btf_raw(btf, &raw_sz), odd + 1);
	bbpf_btf_free(btf);
	/* bbpf_btf_parse() copies: the input can go away. */
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	memset(blob, 0, sz);
	assert_string_equal(bbpf_btf_name(btf, 4), "s");
	bbpf_btf_free(btf);
	bbpf_btf_free(NULL);
	free(odd);
	free(blob);
	btfb_free(&b);
}

static void test_split(void **state)
{
	struct bbpf_btf *base, *split;
	struct btfb bb, sb;
	const struct btf_type *t;
	void *blob;
	size_t sz;
	uint32_t id;

	(void)state;
	build_all_kinds(&bb);
	assert_int_equal(parse_built(&bb, &base), 0);
	btfb_init_split(&sb, bbpf_btf_type_cnt(base), bb.strs_len);
	id = btfb_struct(&sb, "mod_s", 16, 2); /* 20 */
	btfb_member(&sb, "s", 4, 0);	       /* a base type */
	btfb_member(&sb, "p", 21, 96);	       /* a later split type */
	btfb_ref(&sb, BTF_KIND_PTR, NULL, 20); /* 21 */
	btfb_type(&sb, NULL, BTF_KIND_STRUCT, false, 0, 0);
	btfb_type_at(&sb, 22)->name_off = 1; /* "int", a base string */
	assert_int_equal(id, 20);
	blob = btfb_blob(&sb, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, base, &split), 0);
	assert_ptr_equal(bbpf_btf_base(split), base);
	assert_int_equal(bbpf_btf_start_id(split), 20);
	assert_int_equal(bbpf_btf_type_cnt(split), 23);
	assert_string_equal(bbpf_btf_name(split, 20), "mod_s");
	assert_string_equal(bbpf_btf_name(split, 4), "s"); /* through the base */
	assert_string_equal(bbpf_btf_name(split, 22), "int");
	t = bbpf_btf_type_by_id(split, 20);
	assert_string_equal(bbpf_btf_str(split, bbpf_btf_members(t)[0].name_off), "s");
	assert_int_equal(bbpf_btf_find_by_name_kind(split, "mod_s", BTF_KIND_STRUCT), 20);
	assert_int_equal(bbpf_btf_find_by_name_kind(split, "s", BTF_KIND_STRUCT), 4);
	assert_int_equal(bbpf_btf_find_by_name_kind(split, "int", -1), 1); /* base first */
	assert_int_equal(bbpf_btf_find_by_name_kind(split, "int", BTF_KIND_STRUCT), 22);
	assert_int_equal(bbpf_btf_size(split, 20), 16);
	bbpf_btf_free(split);
	free(blob);
	/* A split type referring past the end is caught with the base's ids counted. */
	btfb_ref(&sb, BTF_KIND_PTR, NULL, 40);
	blob = btfb_blob(&sb, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, base, &split), -EINVAL);
	assert_non_null(strstr(log_msgs, "type [23] PTR"));
	free(blob);
	btfb_free(&sb);
	bbpf_btf_free(base);
	btfb_free(&bb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_every_kind, setup),
		cmocka_unit_test_setup(test_validation_rules, setup),
		cmocka_unit_test_setup(test_bad_headers, setup),
		cmocka_unit_test_setup(test_long_header, setup),
		cmocka_unit_test_setup(test_big_endian, setup),
		cmocka_unit_test_setup(test_view_borrows, setup),
		cmocka_unit_test_setup(test_split, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
