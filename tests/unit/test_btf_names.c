// SPDX-License-Identifier: BSD-2-Clause
/*
 * The name index (btf/btf_names.c) against a brute-force search: the first
 * lookup of a table scans, the next builds the table, and both must give
 * every match, in id order, for every kind mask; more matches than a scan
 * keeps; split BTF; and the offsets of types past a huge one (btf.c keeps
 * 4-byte offsets when 64 types span 256 KiB).
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

static const char *const pool[] = {
	"a",	     "a___x",	     "a___y",
	"b",	     "task",	     "task___v1",
	"x_y___",    "___z",	     "c_",
	"c__d",	     "e___f___g",    "abcdefgh",
	"abcdefghi", "abcdefgh___1", "long_name_of_24_bytes_x",
};

static const char *const absent[] = { "", "zz", "a___", "task___", "abcdefg", "abcdefgh___" };

static const int kinds[] = {
	-1,	      BTF_KIND_STRUCT, BTF_KIND_UNION,	  BTF_KIND_ENUM, BTF_KIND_TYPEDEF,
	BTF_KIND_FWD, BTF_KIND_FUNC,   BTF_KIND_DECL_TAG, BTF_KIND_INT,	 BTF_KIND_PTR,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NR_POOL	      ARRAY_SIZE(pool)

/* Types of many kinds named from the pool (with repeats), plus anonymous ones. */
static void *many_kinds(size_t *sz)
{
	struct btfb b;
	uint32_t i, n, s = 0, proto;
	void *blob;

	btfb_init(&b);
	n = btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	proto = btfb_proto(&b, n, 0);
	for (i = 0; i < 90; i++) {
		const char *name = pool[(i * 7) % NR_POOL];

		switch (i % 9) {
		case 0:
			s = btfb_struct(&b, name, 4, 1);
			btfb_member(&b, "m", n, 0);
			break;
		case 1:
			btfb_union(&b, name, 4, 0);
			break;
		case 2:
			btfb_enum(&b, name, 4, 1, false);
			btfb_enumval(&b, "V", i);
			break;
		case 3:
			btfb_ref(&b, BTF_KIND_TYPEDEF, name, n);
			break;
		case 4:
			btfb_fwd(&b, name, i & 1);
			break;
		case 5:
			btfb_func(&b, name, proto, BTF_FUNC_GLOBAL);
			break;
		case 6:
			btfb_decl_tag(&b, name, s, -1);
			break;
		case 7:
			btfb_int(&b, name, 8, 0, 64);
			break;
		default:
			btfb_ref(&b, BTF_KIND_PTR, NULL, s);
		}
	}
	blob = btfb_blob(&b, sz);
	btfb_free(&b);
	return blob;
}

/* The ids a lookup must find, by walking every type. */
static int brute(const struct bbpf_btf *btf, const char *name, size_t len, uint32_t mask,
		 bool exact, int *ids, int max)
{
	uint32_t id, cnt = bbpf_btf_type_cnt(btf);
	const char *n;
	int found = 0;

	for (id = 1; id < cnt; id++) {
		n = bbpf_btf_name(btf, id);
		if (!*n) /* anonymous: found by no name */
			continue;
		if (mask && !(mask & 1u << bbpf_btf_kind(bbpf_btf_type_by_id(btf, id))))
			continue;
		if (exact ? strcmp(n, name)
			  : (strncmp(n, name, len) || bbpf_btf_essential_name_len(n) != len))
			continue;
		if (found < max)
			ids[found] = (int)id;
		found++;
	}
	return found;
}

static int walk(const struct bbpf_btf *btf, const char *name, size_t len, uint32_t mask, int *ids,
		int max)
{
	struct bbpf_btf_name_iter it;
	int id, n = 0;

	assert_int_equal(bbpf_btf_name_iter_init_kinds(&it, btf, name, len, mask), 0);
	while ((id = bbpf_btf_name_iter_next(&it)) > 0) {
		if (n < max)
			ids[n] = id;
		n++;
	}
	assert_int_equal(id, 0);
	return n;
}

/* One lookup and one walk, each compared with brute force; @btf is used as given. */
static void check_name(const struct bbpf_btf *btf, const char *name, int kind)
{
	uint32_t mask = kind < 0 ? 0 : 1u << kind;
	size_t len = strlen(name) ? bbpf_btf_essential_name_len(name) : 0;
	int want[64], got[64], nw, ng, i;

	nw = brute(btf, name, len, mask, true, want, 64);
	i = bbpf_btf_find_by_name_kind(btf, name, kind);
	if (i != (nw ? want[0] : -ENOENT))
		fail_msg("'%s' kind %d: found %d, want %d", name, kind, i, nw ? want[0] : -ENOENT);
	if (!*name)
		return;
	nw = brute(btf, name, len, mask, false, want, 64);
	ng = walk(btf, name, len, mask, got, 64);
	if (ng != nw)
		fail_msg("'%s' kind %d: %d matches, want %d", name, kind, ng, nw);
	for (i = 0; i < nw && i < 64; i++)
		assert_int_equal(got[i], want[i]);
}

/* Every name x kind: on a fresh BTF (the lookup scans), then again (it builds the table). */
static void test_scan_and_table(void **state)
{
	struct bbpf_btf *btf;
	size_t sz, i, k;
	void *blob;

	(void)state;
	blob = many_kinds(&sz);
	for (i = 0; i < NR_POOL + ARRAY_SIZE(absent); i++) {
		const char *name = i < NR_POOL ? pool[i] : absent[i - NR_POOL];

		for (k = 0; k < ARRAY_SIZE(kinds); k++) {
			assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
			check_name(btf, name, kinds[k]);
			check_name(btf, name, kinds[k]);
			check_name(btf, name, kinds[k]);
			bbpf_btf_free(btf);
		}
	}
	/* One BTF asked everything: tables built for some kinds first, others later. */
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (i = 0; i < NR_POOL; i++)
			check_name(btf, pool[i], kinds[k]);
	}
	bbpf_btf_free(btf);
	free(blob);
}

/* More matches than a scan keeps: the first lookup builds the table and still finds all. */
static void test_many_matches(void **state)
{
	int ids[64], n, i;
	struct bbpf_btf *btf;
	char name[32];
	struct btfb b;
	void *blob;
	size_t sz;

	(void)state;
	btfb_init(&b);
	for (i = 0; i < 3 * BBPF_BTF_NAME_SCAN_MAX; i++) {
		snprintf(name, sizeof(name), "same___%d", i);
		btfb_struct(&b, i % 3 ? name : "same", 4, 0);
	}
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	n = walk(btf, "same", 4, 1u << BTF_KIND_STRUCT, ids, 64);
	assert_int_equal(n, 3 * BBPF_BTF_NAME_SCAN_MAX);
	for (i = 0; i < n; i++)
		assert_int_equal(ids[i], i + 1);
	check_name(btf, "same", BTF_KIND_STRUCT);
	check_name(btf, "same___5", -1);
	bbpf_btf_free(btf);
	free(blob);
	btfb_free(&b);
}

/* Split BTF: the base's matches first, both by scan and by table. */
static void test_split(void **state)
{
	struct bbpf_btf *base, *split;
	int ids[8], pass;
	struct btfb b;
	void *blob, *blob2;
	size_t sz, sz2;

	(void)state;
	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_struct(&b, "task", 4, 0);
	blob = btfb_blob(&b, &sz);
	btfb_free(&b);
	btfb_init_split(&b, 3, 1 + 4 + 5); /* "", "int", "task" */
	btfb_struct(&b, "task___mod", 8, 0);
	btfb_ref(&b, BTF_KIND_TYPEDEF, "task", 2);
	blob2 = btfb_blob(&b, &sz2);
	btfb_free(&b);
	for (pass = 0; pass < 2; pass++) {
		assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &base), 0);
		assert_int_equal(bbpf_btf_parse(blob2, sz2, base, &split), 0);
		if (pass)
			check_name(base, "task", -1); /* the base's table first, not the split's */
		assert_int_equal(walk(split, "task", 4, 0, ids, 8), 3);
		assert_int_equal(ids[0], 2);
		assert_int_equal(ids[1], 3);
		assert_int_equal(ids[2], 4);
		check_name(split, "task", BTF_KIND_STRUCT);
		check_name(split, "task", BTF_KIND_TYPEDEF);
		check_name(split, "task___mod", -1);
		assert_int_equal(bbpf_btf_find_by_name_kind(split, "task", -1), 2);
		bbpf_btf_free(split);
		bbpf_btf_free(base);
	}
	free(blob);
	free(blob2);
}

/*
 * A struct of 65535 members (768 KiB): the 64 types around it span more
 * than 2-byte offsets reach, so the parse keeps 4-byte ones; every type is
 * still where it is.
 */
static void test_huge_type(void **state)
{
	struct bbpf_btf *btf;
	struct btfb b;
	uint32_t i, n;
	void *blob;
	size_t sz;

	(void)state;
	btfb_init(&b);
	n = btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_struct(&b, "huge", 65535 * 4, 65535);
	for (i = 0; i < 65535; i++)
		btfb_member(&b, i ? NULL : "first", n, i * 32);
	for (i = 0; i < 100; i++)
		btfb_ref(&b, BTF_KIND_TYPEDEF, i % 2 ? "odd" : "even", i ? 2 : 1);
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	assert_int_equal(bbpf_btf_type_cnt(btf), 103);
	assert_int_equal(bbpf_btf_vlen(bbpf_btf_type_by_id(btf, 2)), 65535);
	for (i = 0; i < 100; i++) {
		assert_string_equal(bbpf_btf_name(btf, 3 + i), i % 2 ? "odd" : "even");
		assert_int_equal(bbpf_btf_resolve(btf, 3 + i), i ? 2 : 1);
	}
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "odd", -1), 4);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "huge", BTF_KIND_STRUCT), 2);
	bbpf_btf_free(btf);
	free(blob);
	btfb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_and_table),
		cmocka_unit_test(test_many_matches),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_huge_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
