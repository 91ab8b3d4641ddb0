// SPDX-License-Identifier: BSD-2-Clause
/*
 * The minimal BTF builder (btf/btf_min.c) on a BTF built here:
 *
 *   [1] int   [2] long   [3] typedef pid_t -> int
 *   [4] struct inner { int a @0; long b @64; }                    16 bytes
 *   [5] struct task { pid_t pid @0; struct inner in @64;
 *                     struct task *parent @192; int tail[] @256; ... }
 *   [6] ptr -> task   [7] array int[0] (index int)
 *   [8] enum e { E_A = 1, E_B = 2, E_C = 3 }
 *   [9] struct unused { int x; }
 *
 * Each case keeps something and checks, in the written BTF, what is there
 * (names, sizes, offsets, values) and what is not.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <barebpf/btf.h>
#include <barebpf/btf_write.h>
#include "../helpers/btf_build.h"

static struct bbpf_btf *full;

static int setup(void **state)
{
	struct btfb b;
	size_t sz;
	void *raw;

	(void)state;
	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);  /* 1 */
	btfb_int(&b, "long", 8, BTF_INT_SIGNED, 64); /* 2 */
	btfb_ref(&b, BTF_KIND_TYPEDEF, "pid_t", 1);  /* 3 */
	btfb_struct(&b, "inner", 16, 2);	     /* 4 */
	btfb_member(&b, "a", 1, 0);
	btfb_member(&b, "b", 2, 64);
	btfb_struct(&b, "task", 40, 5); /* 5 */
	btfb_member(&b, "pid", 3, 0);
	btfb_member(&b, "in", 4, 64);
	btfb_member(&b, "parent", 6, 192);
	btfb_member(&b, "zero", 7, 256);
	btfb_member(&b, "last", 1, 256);
	btfb_ref(&b, BTF_KIND_PTR, NULL, 5); /* 6 */
	btfb_array(&b, 1, 1, 0);	     /* 7 */
	btfb_enum(&b, "e", 4, 3, false);     /* 8 */
	btfb_enumval(&b, "E_A", 1);
	btfb_enumval(&b, "E_B", 2);
	btfb_enumval(&b, "E_C", 3);
	btfb_struct(&b, "unused", 4, 1); /* 9 */
	btfb_member(&b, "x", 1, 0);
	raw = btfb_blob(&b, &sz);
	btfb_free(&b);
	if (bbpf_btf_parse(raw, sz, NULL, &full))
		return -1;
	free(raw);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bbpf_btf_free(full);
	return 0;
}

/* Writes what @m kept and parses it back. */
static struct bbpf_btf *written(struct bbpf_btf_min *m)
{
	struct bbpf_btf *out = NULL;
	size_t sz;
	void *raw;

	assert_int_equal(bbpf_btf_min_write(m, &raw, &sz), 0);
	assert_int_equal(bbpf_btf_parse(raw, sz, NULL, &out), 0);
	free(raw);
	bbpf_btf_min_free(m);
	return out;
}

static const struct btf_type *find(const struct bbpf_btf *b, const char *name, int kind, int *id)
{
	*id = bbpf_btf_find_by_name_kind(b, name, kind);
	return *id > 0 ? bbpf_btf_type_by_id(b, *id) : NULL;
}

/* task.in.b (raw 0:1:1): task with "in" only, inner with "b" only, offsets kept. */
static void test_access_path(void **state)
{
	const uint32_t raw[] = { 0, 1, 1 };
	const struct btf_type *t;
	struct bbpf_btf_min *m;
	struct bbpf_btf *b;
	int id;

	(void)state;
	assert_int_equal(bbpf_btf_min_new(full, &m), 0);
	assert_int_equal(bbpf_btf_min_add_access(m, 5, raw, 3), 0);
	b = written(m);
	t = find(b, "task", BTF_KIND_STRUCT, &id);
	assert_non_null(t);
	assert_int_equal(t->size, 40);
	assert_int_equal(bbpf_btf_vlen(t), 1);
	assert_string_equal(bbpf_btf_str(b, bbpf_btf_members(t)[0].name_off), "in");
	assert_int_equal(bbpf_btf_member_bit_offset(t, 0), 64);
	t = find(b, "inner", BTF_KIND_STRUCT, &id);
	assert_non_null(t);
	assert_int_equal(t->size, 16);
	assert_int_equal(bbpf_btf_vlen(t), 1);
	assert_string_equal(bbpf_btf_str(b, bbpf_btf_members(t)[0].name_off), "b");
	assert_int_equal(bbpf_btf_member_bit_offset(t, 0), 64);
	assert_non_null(find(b, "long", BTF_KIND_INT, &id));
	assert_null(find(b, "unused", BTF_KIND_STRUCT, &id));
	assert_null(find(b, "e", BTF_KIND_ENUM, &id));
	assert_null(find(b, "pid_t", BTF_KIND_TYPEDEF, &id));
	bbpf_btf_free(b);
}

/* task.pid through its typedef; task.parent keeps a pointer to an empty shell of task. */
static void test_typedef_and_ptr(void **state)
{
	const uint32_t pid[] = { 0, 0 }, parent[] = { 0, 2 };
	const struct btf_type *t;
	struct bbpf_btf_min *m;
	struct bbpf_btf *b;
	int id, tid;

	(void)state;
	assert_int_equal(bbpf_btf_min_new(full, &m), 0);
	assert_int_equal(bbpf_btf_min_add_access(m, 5, pid, 2), 0);
	assert_int_equal(bbpf_btf_min_add_access(m, 5, parent, 2), 0);
	b = written(m);
	t = find(b, "pid_t", BTF_KIND_TYPEDEF, &id);
	assert_non_null(t);
	assert_string_equal(bbpf_btf_name(b, t->type), "int");
	t = find(b, "task", BTF_KIND_STRUCT, &tid);
	assert_int_equal(bbpf_btf_vlen(t), 2);
	assert_int_equal(bbpf_btf_members(t)[0].type, (uint32_t)id);
	t = bbpf_btf_type_by_id(b, bbpf_btf_members(t)[1].type);
	assert_true(bbpf_btf_is_ptr(t));
	assert_int_equal(t->type, (uint32_t)tid); /* the pointee: task itself */
	bbpf_btf_free(b);
}

/* A zero-length array that is not the last member keeps the last one too. */
static void test_zero_array(void **state)
{
	const uint32_t zero[] = { 0, 3, 2 };
	const struct btf_type *t;
	struct bbpf_btf_min *m;
	struct bbpf_btf *b;
	int id;

	(void)state;
	assert_int_equal(bbpf_btf_min_new(full, &m), 0);
	assert_int_equal(bbpf_btf_min_add_access(m, 5, zero, 3), 0);
	b = written(m);
	t = find(b, "task", BTF_KIND_STRUCT, &id);
	assert_int_equal(bbpf_btf_vlen(t), 2);
	assert_string_equal(bbpf_btf_str(b, bbpf_btf_members(t)[0].name_off), "zero");
	assert_string_equal(bbpf_btf_str(b, bbpf_btf_members(t)[1].name_off), "last");
	bbpf_btf_free(b);
}

/* Enum values: only the one asked for; a whole type keeps everything; a shell nothing. */
static void test_enum_whole_shell(void **state)
{
	const struct btf_type *t;
	struct bbpf_btf_min *m;
	struct bbpf_btf *b;
	int id;

	(void)state;
	assert_int_equal(bbpf_btf_min_new(full, &m), 0);
	assert_int_equal(bbpf_btf_min_add_enumval(m, 8, 1), 0);
	assert_int_equal(bbpf_btf_min_add_type(m, 4, true), 0);
	assert_int_equal(bbpf_btf_min_add_type(m, 9, false), 0);
	b = written(m);
	t = find(b, "e", BTF_KIND_ENUM, &id);
	assert_int_equal(bbpf_btf_vlen(t), 1);
	assert_string_equal(bbpf_btf_str(b, bbpf_btf_enum_name_off(t, 0)), "E_B");
	assert_int_equal(bbpf_btf_enum_value(t, 0), 2);
	t = find(b, "inner", BTF_KIND_STRUCT, &id);
	assert_int_equal(bbpf_btf_vlen(t), 2);
	t = find(b, "unused", BTF_KIND_STRUCT, &id);
	assert_int_equal(bbpf_btf_vlen(t), 0);
	assert_int_equal(t->size, 4);
	assert_null(find(b, "task", BTF_KIND_STRUCT, &id));
	bbpf_btf_free(b);
}

/* Bad input: ids and indices out of range, a path through an int, split BTF. */
static void test_bad(void **state)
{
	const uint32_t past[] = { 0, 9 }, through_int[] = { 0, 0, 0 };
	struct bbpf_btf_min *m;
	struct bbpf_btf *b;

	(void)state;
	assert_int_equal(bbpf_btf_min_new(full, &m), 0);
	assert_int_equal(bbpf_btf_min_add_access(m, 99, past, 2), -EINVAL);
	assert_int_equal(bbpf_btf_min_add_access(m, 5, past, 2), -EINVAL);
	assert_int_equal(bbpf_btf_min_add_access(m, 4, through_int, 3), -EINVAL);
	assert_int_equal(bbpf_btf_min_add_enumval(m, 8, 3), -EINVAL);
	assert_int_equal(bbpf_btf_min_add_enumval(m, 4, 0), -EINVAL);
	assert_int_equal(bbpf_btf_min_add_type(m, 1000, false), -EINVAL);
	b = written(m); /* still writes what was kept before the errors */
	bbpf_btf_free(b);
	assert_int_equal(bbpf_btf_min_new(NULL, &m), -EINVAL);
	bbpf_btf_min_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_path), cmocka_unit_test(test_typedef_and_ptr),
		cmocka_unit_test(test_zero_array),  cmocka_unit_test(test_enum_whole_shell),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
