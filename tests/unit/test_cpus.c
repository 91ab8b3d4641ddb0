// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/kernel/cpus.c: the CPU list parser behind the default size of a
 * perf event array (issue 10, item 5).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "internal/compiler.h"
#include "../../loader/kernel/cpus.h"

static void test_lists(void **state)
{
	static const struct {
		const char *s;
		int want;
	} cases[] = {
		{ "0-3", 4 },	  { "0-3\n", 4 }, { "0,2-5", 6 },	 { "0", 1 },
		{ "0\n", 1 },	  { "7", 8 },	  { "0-0", 1 },		 { "0,1,2", 3 },
		{ "", -EINVAL },  { "\n", -EINVAL }, { "3-1", -EINVAL }, { "0-", -EINVAL },
		{ "a", -EINVAL }, { "0,", -EINVAL }, { "-1", -EINVAL }, { "0 1", -EINVAL },
		{ "99999999", -EINVAL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (bbpf__cpu_list_parse(cases[i].s, NULL, 0) != cases[i].want)
			fail_msg("'%s': %d, want %d", cases[i].s,
				 bbpf__cpu_list_parse(cases[i].s, NULL, 0), cases[i].want);
}

static void test_mask(void **state)
{
	bool mask[8] = { 0 };
	static const bool want[8] = { 1, 0, 1, 1, 1, 1, 0, 0 };

	(void)state;
	assert_int_equal(bbpf__cpu_list_parse("0,2-5", mask, 8), 6);
	assert_memory_equal(mask, want, sizeof(want));
	memset(mask, 0, sizeof(mask));
	assert_int_equal(bbpf__cpu_list_parse("6-20", mask, 8), 21); /* the mask stops at 8 */
	assert_true(mask[6] && mask[7] && !mask[5]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
