// SPDX-License-Identifier: BSD-2-Clause
/*
 * A staged load on the real kernel (bbpf_obj_load_opts.first,
 * bbpf_obj_load_rest(), bbpf_chain_opts.rest_later), with
 * tests/progs/stage.bpf.c:
 * - the first stage loads st_first and the maps it uses, plus user_map (no
 *   program's); st_later and later_map (only its) are not in the kernel
 *   until bbpf_obj_load_rest(), yet st_first runs and counts meanwhile;
 * - the rest loads them, and st_later runs once attached; asking again is 0;
 * - closing with the rest never loaded leaves nothing behind;
 * - a first program that is not in the object: -ENOENT, nothing made;
 * - bbpf_obj_load_chains() with rest_later: the chain's step loaded and
 *   attached, the other program left for the rest.
 * Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/chain.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"

#define OBJ "build/progs/stage.bpf.o"

static const struct bbpf_prog *prog(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_prog(obj, name);

	assert_true(i >= 0);
	return bbpf_obj_prog(obj, (size_t)i);
}

static int map_fd(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_map(obj, name);

	assert_true(i >= 0);
	return bbpf_map_fd(bbpf_obj_map(obj, (size_t)i));
}

static uint64_t first_hits(const struct bbpf_obj *obj)
{
	uint64_t v = 0;
	uint32_t zero = 0;

	assert_int_equal(bbpf_sys_map_lookup_elem(map_fd(obj, "first_hits"), &zero, &v, 0), 0);
	return v;
}

static void getppid_n(int n)
{
	while (n-- > 0)
		getppid();
}

/* The load options of the kernel tests, with @first. */
static struct bbpf_obj_load_opts staged(const char *const *first, size_t cnt)
{
	struct bbpf_obj_load_opts o = *ktest_load_opts();

	o.sz = sizeof(o);
	o.first = first;
	o.first_cnt = cnt;
	return o;
}

static void test_first_then_rest(void **state)
{
	static const char *const first[] = { "st_first" };
	struct bbpf_obj_load_opts o = staged(first, 1);
	struct bbpf_link *l1 = NULL, *l2 = NULL;
	struct bbpf_obj *obj = NULL;
	struct kstate before;
	uint32_t pid = (uint32_t)getpid();
	uint64_t v = 0;

	(void)state;
	kstate_settle(&before);
	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_load(obj, &o), 0);
	assert_true(bbpf_prog_fd(prog(obj, "st_first")) >= 0);
	assert_int_equal(bbpf_prog_fd(prog(obj, "st_later")), -ENOENT);
	assert_true(map_fd(obj, "first_hits") >= 0);
	assert_true(map_fd(obj, "user_map") >= 0);
	assert_int_equal(map_fd(obj, "later_map"), -ENOENT);
	assert_int_equal(bbpf_prog_attach(prog(obj, "st_first"), NULL, &l1), 0);
	getppid_n(10);
	assert_true(first_hits(obj) >= 10);

	assert_int_equal(bbpf_obj_load_rest(obj), 0);
	assert_true(bbpf_prog_fd(prog(obj, "st_later")) >= 0);
	assert_true(map_fd(obj, "later_map") >= 0);
	assert_int_equal(bbpf_prog_attach(prog(obj, "st_later"), NULL, &l2), 0);
	getppid_n(1);
	assert_int_equal(bbpf_sys_map_lookup_elem(map_fd(obj, "later_map"), &pid, &v, 0), 0);
	assert_int_equal(v, 1);
	assert_int_equal(bbpf_obj_load_rest(obj), 0); /* nothing left */

	bbpf_link_destroy(l2);
	bbpf_link_destroy(l1);
	bbpf_obj_close(obj);
	assert_true(kstate_wait_same(&before));
}

static void test_rest_never_loaded(void **state)
{
	static const char *const first[] = { "st_first" };
	struct bbpf_obj_load_opts o = staged(first, 1);
	struct bbpf_obj *obj = NULL;
	struct kstate before;

	(void)state;
	kstate_settle(&before);
	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_load(obj, &o), 0);
	bbpf_obj_close(obj);
	assert_true(kstate_wait_same(&before));
}

static void test_unknown_first(void **state)
{
	static const char *const first[] = { "st_first", "no_such_prog" };
	struct bbpf_obj_load_opts o = staged(first, 2);
	struct bbpf_obj *obj = NULL;
	struct kstate before;

	(void)state;
	kstate_settle(&before);
	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_load(obj, &o), -ENOENT);
	assert_int_equal(bbpf_prog_fd(prog(obj, "st_first")), -ENOENT);
	assert_int_equal(bbpf_obj_load_rest(obj), -EINVAL); /* not loaded */
	bbpf_obj_close(obj);
	assert_true(kstate_wait_same(&before));
}

static void test_chains_rest_later(void **state)
{
	struct bbpf_chain_opts co = { .sz = sizeof(co),
				      .load = ktest_load_opts(),
				      .rest_later = true };
	struct bbpf_chains *ch = NULL;
	struct bbpf_obj *obj = NULL;
	struct kstate before;
	uint64_t v0;

	(void)state;
	kstate_settle(&before);
	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_load_chains(obj, &co, &ch), 0);
	assert_int_equal(bbpf_chains_cnt(ch), 1);
	assert_string_equal(bbpf_prog_name(bbpf_chains_prog(ch, 0)), "st_first");
	assert_int_equal(bbpf_prog_fd(prog(obj, "st_later")), -ENOENT);
	v0 = first_hits(obj);
	getppid_n(10);
	assert_true(first_hits(obj) >= v0 + 10);
	assert_int_equal(bbpf_obj_load_rest(obj), 0);
	assert_true(bbpf_prog_fd(prog(obj, "st_later")) >= 0);
	bbpf_chains_free(ch);
	bbpf_obj_close(obj);
	assert_true(kstate_wait_same(&before));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_then_rest),
		cmocka_unit_test(test_rest_never_loaded),
		cmocka_unit_test(test_unknown_first),
		cmocka_unit_test(test_chains_rest_later),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
