// SPDX-License-Identifier: BSD-2-Clause
/*
 * BTF for older kernels (btf/btf_sanitize.c): for each BTF feature a kernel
 * may lack, the sample BTF (tests/helpers/btf_sample.h) is sanitized with
 * that feature off and all others on; the output must parse, the types the
 * rule covers must have the kind, size and names libbpf gives them, and
 * every other type must be byte for byte what it was, under the same id.
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
#include <barebpf/btf_write.h>
#include "internal/kfeat.h"
#include "../helpers/btf_sample.h"

static const enum bbpf_feature btf_feats[] = {
	BBPF_FEAT_BTF_FUNC,   BBPF_FEAT_BTF_FUNC_GLOBAL, BBPF_FEAT_BTF_DATASEC,
	BBPF_FEAT_BTF_FLOAT,  BBPF_FEAT_BTF_DECL_TAG,	 BBPF_FEAT_BTF_TYPE_TAG,
	BBPF_FEAT_BTF_ENUM64,
};

#define NR_FEATS (sizeof(btf_feats) / sizeof(btf_feats[0]))

static struct bbpf_btf *sample(void)
{
	struct bbpf_btf *btf = NULL;
	struct btfb b;
	size_t sz;
	void *raw;

	btf_sample_build(&b);
	raw = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(raw, sz, NULL, &btf), 0);
	free(raw);
	btfb_free(&b);
	return btf;
}

static void kfeat_all(struct bbpf_kfeat *kf, bool on)
{
	size_t i;

	memset(kf, 0, sizeof(*kf));
	for (i = 0; i < NR_FEATS; i++)
		kf->has[btf_feats[i]] = on;
}

/* Sanitizes @in for @kf, expecting @changed rewrites, and parses the result. */
static struct bbpf_btf *sanitize(const struct bbpf_btf *in, const struct bbpf_kfeat *kf,
				 int changed)
{
	struct bbpf_btf *out = NULL;
	size_t sz;
	void *raw;

	assert_int_equal(bbpf_btf_sanitize(in, kf, &raw, &sz), changed);
	assert_int_equal(bbpf_btf_parse(raw, sz, NULL, &out), 0);
	free(raw);
	return out;
}

/* Bytes of type @id's record (the header and what follows it). */
static size_t rec_len(const struct bbpf_btf *btf, uint32_t id)
{
	const struct btf_header *h;
	const char *end;
	size_t sz;

	if (id + 1 < bbpf_btf_type_cnt(btf))
		return (const char *)bbpf_btf_type_by_id(btf, id + 1) -
		       (const char *)bbpf_btf_type_by_id(btf, id);
	h = bbpf_btf_raw(btf, &sz);
	end = (const char *)h + h->hdr_len + h->type_off + h->type_len;
	return end - (const char *)bbpf_btf_type_by_id(btf, id);
}

static bool in_list(uint32_t id, const uint32_t *ids)
{
	for (; *ids; ids++)
		if (*ids == id)
			return true;
	return false;
}

/* Every type of @in but those in @changed (0-terminated) is the same record in @out. */
static void assert_rest_unchanged(const struct bbpf_btf *in, const struct bbpf_btf *out,
				  const uint32_t *changed)
{
	uint32_t id;

	for (id = 1; id < bbpf_btf_type_cnt(in); id++) {
		assert_int_equal(rec_len(in, id), rec_len(out, id));
		if (in_list(id, changed))
			continue;
		assert_memory_equal(bbpf_btf_type_by_id(in, id), bbpf_btf_type_by_id(out, id),
				    rec_len(in, id));
	}
}

static void assert_type(const struct bbpf_btf *btf, uint32_t id, int kind, const char *name,
			uint32_t size_or_type, uint16_t vlen)
{
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);

	assert_non_null(t);
	assert_int_equal(bbpf_btf_kind(t), kind);
	assert_string_equal(bbpf_btf_name(btf, id), name);
	assert_int_equal(t->size, size_or_type);
	assert_int_equal(bbpf_btf_vlen(t), vlen);
	assert_false(bbpf_btf_kflag(t));
}

static void assert_int1(const struct bbpf_btf *btf, uint32_t id, const char *name)
{
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);

	assert_type(btf, id, BTF_KIND_INT, name, 1, 0);
	assert_int_equal(bbpf_btf_int_bits(t), 8);
	assert_int_equal(bbpf_btf_int_offset(t), 0);
	assert_int_equal(bbpf_btf_int_encoding(t), 0);
}

static void assert_member(const struct bbpf_btf *btf, uint32_t id, uint32_t i, const char *name,
			  uint32_t type, uint32_t bit_off)
{
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);
	const struct btf_member *m = &bbpf_btf_members(t)[i];

	assert_string_equal(bbpf_btf_str(btf, m->name_off), name);
	assert_int_equal(m->type, type);
	assert_int_equal(m->offset, bit_off);
}

static void check_datasec(const struct bbpf_btf *out)
{
	assert_int1(out, SAMPLE_VAR_I, "counter");
	assert_int1(out, SAMPLE_VAR_D, "ratio");
	assert_type(out, SAMPLE_DATASEC, BTF_KIND_STRUCT, "_data", 16, 2);
	assert_member(out, SAMPLE_DATASEC, 0, "counter", SAMPLE_VAR_I, 0);
	assert_member(out, SAMPLE_DATASEC, 1, "ratio", SAMPLE_VAR_D, 64);
}

/* Prototype @id is an ENUM whose enumerators are its parameters: names and type ids. */
static void assert_proto_enum(const struct bbpf_btf *out, uint32_t id, const char *second)
{
	const struct btf_enum *e = bbpf_btf_enum(bbpf_btf_type_by_id(out, id));

	assert_type(out, id, BTF_KIND_ENUM, "", 4, 2);
	assert_string_equal(bbpf_btf_str(out, e[0].name_off), "x");
	assert_int_equal(e[0].val, SAMPLE_INT);
	assert_string_equal(bbpf_btf_str(out, e[1].name_off), second);
	assert_int_equal(e[1].val, SAMPLE_TAG_PTR);
}

static void check_func(const struct bbpf_btf *out)
{
	assert_proto_enum(out, SAMPLE_PROTO, "p");
	assert_proto_enum(out, SAMPLE_PROTO_ANON, "arg1");
	assert_type(out, SAMPLE_FUNC_G, BTF_KIND_TYPEDEF, "gfunc", SAMPLE_PROTO, 0);
	assert_type(out, SAMPLE_FUNC_S, BTF_KIND_TYPEDEF, "sfunc", SAMPLE_PROTO, 0);
}

static void check_func_global(const struct bbpf_btf *out)
{
	assert_type(out, SAMPLE_FUNC_G, BTF_KIND_FUNC, "gfunc", SAMPLE_PROTO, BTF_FUNC_STATIC);
}

static void check_float(const struct bbpf_btf *out)
{
	assert_type(out, SAMPLE_FLOAT, BTF_KIND_STRUCT, "", 8, 0);
}

static void check_decl_tag(const struct bbpf_btf *out)
{
	assert_int1(out, SAMPLE_DECL_TAG_M, "tag");
	assert_int1(out, SAMPLE_DECL_TAG_F, "kfunc");
}

static void check_type_tag(const struct bbpf_btf *out)
{
	assert_type(out, SAMPLE_TYPE_TAG, BTF_KIND_CONST, "", SAMPLE_INT, 0);
}

static void check_enum64(const struct bbpf_btf *out)
{
	int64_t v;

	/* the signed enum: unsigned now, same values */
	assert_type(out, SAMPLE_ENUM, BTF_KIND_ENUM, "e", 4, 2);
	assert_int_equal(bbpf_btf_find_enum_value(out, SAMPLE_ENUM, "A", &v), 0);
	assert_int_equal((uint32_t)v, 0xffffffffu);
	assert_type(out, SAMPLE_ENUM64, BTF_KIND_UNION, "e64", 8, 2);
	assert_member(out, SAMPLE_ENUM64, 0, "BIG", SAMPLE_CNT, 0);
	assert_member(out, SAMPLE_ENUM64, 1, "ONE", SAMPLE_CNT, 0);
	/* the one new type, at the end */
	assert_int_equal(bbpf_btf_type_cnt(out), SAMPLE_CNT + 1);
	assert_int1(out, SAMPLE_CNT, "enum64_placeholder");
}

static const struct san_case {
	enum bbpf_feature off;
	int changed;
	uint32_t ids[5]; /* the types the rule rewrites, 0-terminated */
	void (*check)(const struct bbpf_btf *out);
} cases[] = {
	{ BBPF_FEAT_BTF_DATASEC, 3, { SAMPLE_VAR_I, SAMPLE_VAR_D, SAMPLE_DATASEC }, check_datasec },
	{ BBPF_FEAT_BTF_FUNC,
	  4,
	  { SAMPLE_PROTO, SAMPLE_PROTO_ANON, SAMPLE_FUNC_G, SAMPLE_FUNC_S },
	  check_func },
	{ BBPF_FEAT_BTF_FUNC_GLOBAL, 1, { SAMPLE_FUNC_G }, check_func_global },
	{ BBPF_FEAT_BTF_FLOAT, 1, { SAMPLE_FLOAT }, check_float },
	{ BBPF_FEAT_BTF_DECL_TAG, 2, { SAMPLE_DECL_TAG_M, SAMPLE_DECL_TAG_F }, check_decl_tag },
	{ BBPF_FEAT_BTF_TYPE_TAG, 1, { SAMPLE_TYPE_TAG }, check_type_tag },
	{ BBPF_FEAT_BTF_ENUM64, 2, { SAMPLE_ENUM, SAMPLE_ENUM64 }, check_enum64 },
};

static void test_each_rule(void **state)
{
	struct bbpf_btf *in = sample(), *out;
	struct bbpf_kfeat kf;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("without %s\n", bbpf_feature_name(cases[i].off));
		kfeat_all(&kf, true);
		kf.has[cases[i].off] = false;
		out = sanitize(in, &kf, cases[i].changed);
		cases[i].check(out);
		assert_rest_unchanged(in, out, cases[i].ids);
		bbpf_btf_free(out);
	}
	bbpf_btf_free(in);
}

/* A kernel with every feature: the same bytes back. */
static void test_all_on(void **state)
{
	struct bbpf_btf *in = sample();
	struct bbpf_kfeat kf;
	size_t sz, in_sz;
	const void *raw = bbpf_btf_raw(in, &in_sz);
	void *out = NULL;

	(void)state;
	kfeat_all(&kf, true);
	assert_int_equal(bbpf_btf_sanitize(in, &kf, &out, &sz), 0);
	assert_int_equal(sz, in_sz);
	assert_memory_equal(out, raw, sz);
	free(out);
	bbpf_btf_free(in);
}

/* A kernel with none: every rule at once, first match per kind (FUNC -> TYPEDEF). */
static void test_all_off(void **state)
{
	static const uint32_t none[] = { SAMPLE_PROTO,	    SAMPLE_PROTO_ANON,
					 SAMPLE_FUNC_G,	    SAMPLE_FUNC_S,
					 SAMPLE_VAR_I,	    SAMPLE_VAR_D,
					 SAMPLE_DATASEC,    SAMPLE_FLOAT,
					 SAMPLE_DECL_TAG_M, SAMPLE_DECL_TAG_F,
					 SAMPLE_TYPE_TAG,   SAMPLE_ENUM,
					 SAMPLE_ENUM64,	    0 };
	struct bbpf_btf *in = sample(), *out;
	struct bbpf_kfeat kf;

	(void)state;
	kfeat_all(&kf, false);
	out = sanitize(in, &kf, 13);
	check_datasec(out);
	check_func(out);
	check_float(out);
	check_decl_tag(out);
	check_type_tag(out);
	check_enum64(out);
	assert_rest_unchanged(in, out, none);
	bbpf_btf_free(out);
	bbpf_btf_free(in);
}

/* Strings are only appended: every old offset still names what it named. */
static void test_strings_appended(void **state)
{
	const struct btf_header *hi, *ho;
	struct bbpf_btf *in = sample(), *out;
	struct bbpf_kfeat kf;
	size_t sz;

	(void)state;
	kfeat_all(&kf, false);
	out = sanitize(in, &kf, 13);
	hi = bbpf_btf_raw(in, &sz);
	ho = bbpf_btf_raw(out, &sz);
	assert_true(ho->str_len > hi->str_len);
	assert_memory_equal((const char *)hi + hi->hdr_len + hi->str_off,
			    (const char *)ho + ho->hdr_len + ho->str_off, hi->str_len);
	bbpf_btf_free(out);
	bbpf_btf_free(in);
}

static void test_bad_args(void **state)
{
	struct bbpf_btf *in = sample();
	struct bbpf_kfeat kf;
	void *out = (void *)0x1;
	size_t sz = 7;

	(void)state;
	kfeat_all(&kf, true);
	assert_int_equal(bbpf_btf_sanitize(NULL, &kf, &out, &sz), -EINVAL);
	assert_int_equal(bbpf_btf_sanitize(in, NULL, &out, &sz), -EINVAL);
	assert_int_equal(bbpf_btf_sanitize(in, &kf, NULL, &sz), -EINVAL);
	assert_ptr_equal(out, (void *)0x1);
	assert_int_equal(sz, 7);
	bbpf_btf_free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_rule), cmocka_unit_test(test_all_on),
		cmocka_unit_test(test_all_off),	  cmocka_unit_test(test_strings_appended),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
