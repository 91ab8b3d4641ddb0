// SPDX-License-Identifier: BSD-2-Clause
/*
 * BTF queries (btf/btf_query.c, btf_names.c): resolve, size, alignment,
 * members and bitfields, enum values, prototypes, lookups by name and by
 * essential name, and the inline accessors of <barebpf/btf.h>.
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
#include "../helpers/btf_build.h"

enum {
	ID_INT = 1,
	ID_CHAR,
	ID_LONG,
	ID_PTR,
	ID_CONST,
	ID_TYPEDEF,
	ID_TAG,
	ID_ARR,
	ID_ARR2,
	ID_ANON_UNION,
	ID_S,
	ID_BITS,
	ID_PACKED,
	ID_ENUM,
	ID_ENUM64,
	ID_PROTO,
	ID_FUNC,
	ID_FPTR,
	ID_TASK,
	ID_TASK_V1,
	ID_TASK_V2,
	ID_WEIRD,
	ID_FLOAT,
	ID_SELF,
	ID_FWD,
	ID_CNT
};

/*
 * struct s { int a; union { char c; long l; }; char arr[3][5]; const int *p; };
 * struct bits { unsigned a:3, b:13; int c:16; };   (kind_flag)
 * struct packed { char c; int i; } __packed;
 */
static struct bbpf_btf *build(void)
{
	struct bbpf_btf *btf;
	struct btfb b;
	void *blob;
	size_t sz;

	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_int(&b, "char", 1, BTF_INT_CHAR, 8);
	btfb_int(&b, "long", 8, BTF_INT_SIGNED, 64);
	btfb_ref(&b, BTF_KIND_PTR, NULL, ID_CONST);
	btfb_ref(&b, BTF_KIND_CONST, NULL, ID_TYPEDEF);
	btfb_ref(&b, BTF_KIND_TYPEDEF, "myint", ID_TAG);
	btfb_ref(&b, BTF_KIND_TYPE_TAG, "user", ID_INT);
	btfb_array(&b, ID_CHAR, ID_INT, 5);
	btfb_array(&b, ID_ARR, ID_INT, 3);
	btfb_union(&b, NULL, 8, 2);
	btfb_member(&b, "c", ID_CHAR, 0);
	btfb_member(&b, "l", ID_LONG, 0);
	btfb_struct(&b, "s", 40, 4);
	btfb_member(&b, "a", ID_INT, 0);
	btfb_member(&b, NULL, ID_ANON_UNION, 64);
	btfb_member(&b, "arr", ID_ARR2, 128);
	btfb_member(&b, "p", ID_PTR, 256);
	btfb_struct_kflag(&b, "bits", 4, 3);
	btfb_bitfield(&b, "a", ID_INT, 0, 3);
	btfb_bitfield(&b, "b", ID_INT, 3, 13);
	btfb_bitfield(&b, "c", ID_INT, 16, 16);
	btfb_struct(&b, "packed", 5, 2);
	btfb_member(&b, "c", ID_CHAR, 0);
	btfb_member(&b, "i", ID_INT, 8);
	btfb_enum(&b, "e", 4, 2, true);
	btfb_enumval(&b, "NEG", -5);
	btfb_enumval(&b, "POS", 5);
	btfb_enum64(&b, "e64", 8, 2, false);
	btfb_enum64val(&b, "BIG", 0xfffffffff0ULL);
	btfb_enum64val(&b, "ONE", 1);
	btfb_proto(&b, ID_INT, 2);
	btfb_param(&b, "x", ID_INT);
	btfb_param(&b, NULL, 0);
	btfb_func(&b, "f", ID_PROTO, BTF_FUNC_STATIC);
	btfb_ref(&b, BTF_KIND_PTR, NULL, ID_PROTO);
	btfb_struct(&b, "task", 4, 0);
	btfb_struct(&b, "task___v1", 4, 0);
	btfb_struct(&b, "task___v2", 8, 0);
	btfb_struct(&b, "___weird____", 1, 0);
	btfb_float(&b, "double", 8);
	btfb_struct(&b, "self", 4, 1); /* contains itself by value: hostile but parseable */
	btfb_member(&b, NULL, ID_SELF, 0);
	btfb_fwd(&b, "task", false);
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	assert_int_equal(bbpf_btf_type_cnt(btf), ID_CNT);
	free(blob);
	btfb_free(&b);
	return btf;
}

static int setup(void **state)
{
	*state = build();
	return 0;
}

static int teardown(void **state)
{
	bbpf_btf_free(*state);
	return 0;
}

static void test_resolve(void **state)
{
	struct bbpf_btf *btf = *state;

	assert_int_equal(bbpf_btf_skip_mods(btf, ID_CONST), ID_TYPEDEF);
	assert_int_equal(bbpf_btf_resolve(btf, ID_CONST), ID_INT);
	assert_int_equal(bbpf_btf_resolve(btf, ID_TAG), ID_INT);
	assert_int_equal(bbpf_btf_resolve(btf, ID_PTR), ID_PTR);
	assert_int_equal(bbpf_btf_resolve(btf, 0), 0);
	assert_int_equal(bbpf_btf_resolve(btf, ID_CNT), -EINVAL);
	assert_int_equal(bbpf_btf_skip_mods(btf, 999), -EINVAL);
}

static void test_size_align(void **state)
{
	static const struct {
		uint32_t id;
		int size, align;
	} cases[] = {
		{ ID_INT, 4, 4 },
		{ ID_CHAR, 1, 1 },
		{ ID_PTR, 8, 8 },
		{ ID_CONST, 4, 4 },
		{ ID_TYPEDEF, 4, 4 },
		{ ID_ARR, 5, 1 },
		{ ID_ARR2, 15, 1 },
		{ ID_ANON_UNION, 8, 8 },
		{ ID_S, 40, 8 },
		{ ID_BITS, 4, 4 },
		{ ID_PACKED, 5, 1 },
		{ ID_ENUM, 4, 4 },
		{ ID_ENUM64, 8, 8 },
		{ ID_FLOAT, 8, 8 },
		{ ID_FPTR, 8, 8 },
		{ ID_PROTO, -EINVAL, -EINVAL },
		{ ID_FUNC, -EINVAL, -EINVAL },
		{ ID_FWD, -EINVAL, -EINVAL },
		{ 0, -EINVAL, -EINVAL },
		{ ID_SELF, 4, -E2BIG },
	};
	struct bbpf_btf *btf = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (bbpf_btf_size(btf, cases[i].id) != cases[i].size ||
		    bbpf_btf_align(btf, cases[i].id) != cases[i].align)
			fail_msg("type %u: size %d align %d, want %d %d", cases[i].id,
				 bbpf_btf_size(btf, cases[i].id), bbpf_btf_align(btf, cases[i].id),
				 cases[i].size, cases[i].align);
	}
}

static void test_members(void **state)
{
	struct bbpf_btf *btf = *state;
	const struct btf_type *t = bbpf_btf_type_by_id(btf, ID_BITS);
	struct bbpf_btf_field f;

	assert_int_equal(bbpf_btf_find_member(btf, ID_S, "p", &f), 0);
	assert_int_equal(f.type_id, ID_PTR);
	assert_int_equal(f.bit_offset, 256);
	assert_int_equal(f.idx, 3);
	/* Inside the anonymous union, as C sees it. */
	assert_int_equal(bbpf_btf_find_member(btf, ID_S, "l", &f), 0);
	assert_int_equal(f.bit_offset, 64);
	assert_int_equal(f.idx, 1);
	assert_int_equal(bbpf_btf_find_member(btf, ID_BITS, "c", &f), 0);
	assert_int_equal(f.bit_offset, 16);
	assert_int_equal(f.bitfield_sz, 16);
	assert_int_equal(bbpf_btf_find_member(btf, ID_S, "nope", &f), -ENOENT);
	assert_int_equal(bbpf_btf_find_member(btf, ID_INT, "a", &f), -EINVAL);
	assert_int_equal(bbpf_btf_find_member(btf, ID_SELF, "x", &f), -ENOENT); /* bounded */
	assert_true(bbpf_btf_kflag(t));
	assert_int_equal(bbpf_btf_member_bit_offset(t, 1), 3);
	assert_int_equal(bbpf_btf_member_bitfield_size(t, 1), 13);
	t = bbpf_btf_type_by_id(btf, ID_S);
	assert_int_equal(bbpf_btf_member_bitfield_size(t, 3), 0);
	assert_int_equal(bbpf_btf_member_bit_offset(t, 3), 256);
}

static void test_enums_protos(void **state)
{
	struct bbpf_btf *btf = *state;
	const struct btf_type *t;
	int64_t v;

	assert_int_equal(bbpf_btf_find_enum_value(btf, ID_ENUM, "NEG", &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(bbpf_btf_find_enum_value(btf, ID_ENUM64, "BIG", &v), 0);
	assert_int_equal(v, 0xfffffffff0LL);
	assert_int_equal(bbpf_btf_find_enum_value(btf, ID_ENUM64, "ONE", &v), 1);
	assert_int_equal(bbpf_btf_find_enum_value(btf, ID_ENUM, "X", &v), -ENOENT);
	assert_int_equal(bbpf_btf_find_enum_value(btf, ID_INT, "X", &v), -EINVAL);
	t = bbpf_btf_type_by_id(btf, ID_ENUM);
	assert_true(bbpf_btf_is_any_enum(t));
	assert_int_equal(bbpf_btf_enum_value(t, 0), (uint64_t)-5);
	assert_int_equal(bbpf_btf_func_proto(btf, ID_FUNC), ID_PROTO);
	assert_int_equal(bbpf_btf_func_proto(btf, ID_FPTR), ID_PROTO);
	assert_int_equal(bbpf_btf_func_proto(btf, ID_PROTO), ID_PROTO);
	assert_int_equal(bbpf_btf_func_proto(btf, ID_INT), -EINVAL);
	t = bbpf_btf_type_by_id(btf, ID_PROTO);
	assert_int_equal(bbpf_btf_vlen(t), 2);
	assert_int_equal(bbpf_btf_params(t)[1].type, 0); /* "..." */
	t = bbpf_btf_type_by_id(btf, ID_FUNC);
	assert_int_equal(bbpf_btf_func_linkage(t), BTF_FUNC_STATIC);
	t = bbpf_btf_type_by_id(btf, ID_INT);
	assert_int_equal(bbpf_btf_int_encoding(t), BTF_INT_SIGNED);
	assert_int_equal(bbpf_btf_int_bits(t), 32);
	assert_int_equal(bbpf_btf_int_offset(t), 0);
	assert_true(bbpf_btf_is_mod(bbpf_btf_type_by_id(btf, ID_TAG)));
	assert_false(bbpf_btf_is_mod(bbpf_btf_type_by_id(btf, ID_TYPEDEF)));
}

static void test_essential_name(void **state)
{
	static const struct {
		const char *name;
		size_t len;
	} cases[] = {
		{ "task_struct___v2", 11 },
		{ "task_struct", 11 },
		{ "a___b___c", 5 },
		{ "___x", 4 },
		{ "x___", 4 },
		{ "x____y", 6 },
		{ "x___y", 1 },
		{ "", 0 },
		{ "__x__", 5 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (bbpf_btf_essential_name_len(cases[i].name) != cases[i].len)
			fail_msg("'%s': %zu, want %zu", cases[i].name,
				 bbpf_btf_essential_name_len(cases[i].name), cases[i].len);
	}
}

static void test_find_by_name(void **state)
{
	struct bbpf_btf *btf = *state;
	struct bbpf_btf_name_iter it;
	int id, seen[4], n = 0;

	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "task", BTF_KIND_STRUCT), ID_TASK);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "task", BTF_KIND_FWD), ID_FWD);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "task", -1), ID_TASK);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "task___v2", -1), ID_TASK_V2);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "___weird____", -1), ID_WEIRD);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "myint", BTF_KIND_TYPEDEF), ID_TYPEDEF);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "task___v3", -1), -ENOENT);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "", -1), -ENOENT);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "int", BTF_KIND_STRUCT), -ENOENT);
	/* Every type whose essential name is "task", in id order: the CO-RE candidates. */
	assert_int_equal(bbpf_btf_name_iter_init(&it, btf, "task___v9", 4), 0);
	while ((id = bbpf_btf_name_iter_next(&it)) > 0 && n < 4)
		seen[n++] = id;
	assert_int_equal(n, 4);
	assert_int_equal(seen[0], ID_TASK);
	assert_int_equal(seen[1], ID_TASK_V1);
	assert_int_equal(seen[2], ID_TASK_V2);
	assert_int_equal(seen[3], ID_FWD);
}

/* bbpf_btf_scan_find(): the same answers from the raw bytes, malformed input refused. */
static void test_scan_find(void **state)
{
	static const char *const tasks[] = { "task___v2", "task" };
	static const char *const none[] = { "task___v3", "" };
	static const char *const myint[] = { "myint" };
	struct btf_header *h;
	const void *raw;
	uint8_t *bad;
	size_t sz;

	raw = bbpf_btf_raw(*state, &sz);
	assert_int_equal(bbpf_btf_scan_find(raw, sz, tasks, 2, BTF_KIND_STRUCT), ID_TASK_V2);
	assert_int_equal(bbpf_btf_scan_find(raw, sz, tasks + 1, 1, BTF_KIND_STRUCT), ID_TASK);
	assert_int_equal(bbpf_btf_scan_find(raw, sz, tasks + 1, 1, BTF_KIND_FWD), ID_FWD);
	assert_int_equal(bbpf_btf_scan_find(raw, sz, myint, 1, BTF_KIND_TYPEDEF), ID_TYPEDEF);
	assert_int_equal(bbpf_btf_scan_find(raw, sz, none, 2, BTF_KIND_STRUCT), -ENOENT);
	assert_int_equal(bbpf_btf_scan_find(raw, sz - 4, tasks, 2, BTF_KIND_STRUCT), -EINVAL);
	assert_int_equal(bbpf_btf_scan_find(NULL, sz, tasks, 2, BTF_KIND_STRUCT), -EINVAL);
	bad = malloc(sz);
	assert_non_null(bad);
	memcpy(bad, raw, sz);
	h = (struct btf_header *)bad;
	h->type_len += 2 * 4; /* the type section now ends inside a string: no full record */
	h->str_off += 2 * 4;
	h->str_len -= 2 * 4;
	assert_int_equal(bbpf_btf_scan_find(bad, sz, none, 2, BTF_KIND_STRUCT), -EINVAL);
	free(bad);
}

/* Many names in few buckets: chains are walked and kept in id order. */
static void test_many_names(void **state)
{
	struct bbpf_btf *btf;
	struct btfb b;
	char name[32];
	void *blob;
	size_t sz;
	int i;

	(void)state;
	btfb_init(&b);
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "t%d___f%d", i % 1000, i / 1000);
		btfb_struct(&b, name, 4, 0);
	}
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	for (i = 0; i < 3000; i += 7) {
		snprintf(name, sizeof(name), "t%d___f%d", i % 1000, i / 1000);
		assert_int_equal(bbpf_btf_find_by_name_kind(btf, name, BTF_KIND_STRUCT), i + 1);
	}
	bbpf_btf_free(btf);
	free(blob);
	btfb_free(&b);
}

/*
 * Fuzzer find: a struct with two anonymous members of its own type made
 * member searches and alignment exponential (2^32 steps within the depth
 * limit). A budget of visited members now ends them at once.
 */
static void test_fanout_bounded(void **state)
{
	struct bbpf_btf_field f;
	struct bbpf_btf *btf;
	struct btfb b;
	void *blob;
	size_t sz;

	(void)state;
	btfb_init(&b);
	btfb_struct(&b, "fan", 8, 3);
	btfb_member(&b, NULL, 1, 0);
	btfb_member(&b, NULL, 1, 0);
	btfb_member(&b, NULL, 1, 0);
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	assert_int_equal(bbpf_btf_find_member(btf, 1, "x", &f), -ENOENT);
	assert_int_equal(bbpf_btf_align(btf, 1), -E2BIG);
	assert_int_equal(bbpf_btf_size(btf, 1), 8);
	bbpf_btf_free(btf);
	free(blob);
	btfb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),	       cmocka_unit_test(test_size_align),
		cmocka_unit_test(test_members),	       cmocka_unit_test(test_enums_protos),
		cmocka_unit_test(test_essential_name), cmocka_unit_test(test_find_by_name),
		cmocka_unit_test(test_many_names),     cmocka_unit_test(test_fanout_bounded),
		cmocka_unit_test(test_scan_find),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
