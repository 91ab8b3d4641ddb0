// SPDX-License-Identifier: BSD-2-Clause
/* Error strings and the print hook: the two things every layer relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <barebpf/ns.h>
#include "internal/log.h"
#include "internal/mem.h"

static void test_strerror_kernel_codes(void **state)
{
	(void)state;
	assert_non_null(strstr(bbpf_strerror(-524), "ENOTSUPP"));
	assert_non_null(strstr(bbpf_strerror(524), "not supported"));
	assert_string_equal(bbpf_strerror(-EPERM), strerror(EPERM));
	/* Past the table: falls back to libc without reading out of bounds. */
	assert_non_null(bbpf_strerror(-600));
}

static char last_msg[256];
static int last_level = -1;

static int capture(enum bbpf_print_level level, const char *fmt, va_list ap)
{
	last_level = level;
	return vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
}

static void test_print_hook(void **state)
{
	bbpf_print_fn old;

	(void)state;
	old = bbpf_set_print(capture);
	pr_debug("map '%s': %d", "events", 42);
	assert_int_equal(last_level, BBPF_DEBUG);
	assert_string_equal(last_msg, "barebpf: map 'events': 42");
	assert_true(bbpf__print_enabled(BBPF_DEBUG));

	/* NULL silences everything. */
	bbpf_set_print(NULL);
	last_level = -1;
	pr_warn("dropped");
	assert_int_equal(last_level, -1);
	assert_false(bbpf__print_enabled(BBPF_WARN));
	bbpf_set_print(old);
	/* The default hook prints warnings only. */
	assert_true(bbpf__print_enabled(BBPF_WARN));
	assert_false(bbpf__print_enabled(BBPF_DEBUG));
}

static void test_grow(void **state)
{
	size_t cap = 0;
	int *arr = NULL;

	(void)state;
	assert_int_equal(bbpf__grow((void **)&arr, &cap, sizeof(*arr), 3), 0);
	assert_true(cap >= 3);
	arr[2] = 7;
	assert_int_equal(bbpf__grow((void **)&arr, &cap, sizeof(*arr), 100), 0);
	assert_true(cap >= 100);
	assert_int_equal(arr[2], 7);
	assert_int_equal(arr[99], 0); /* new room is zeroed */
	/* A count whose byte size overflows is refused, the array left as it was. */
	assert_int_equal(bbpf__grow((void **)&arr, &cap, 1 << 20, SIZE_MAX / 4), -E2BIG);
	assert_int_equal(arr[2], 7);
	free(arr);

	/* A first call with a known size allocates exactly that (no rounding up). */
	arr = NULL;
	cap = 0;
	assert_int_equal(bbpf__grow((void **)&arr, &cap, sizeof(*arr), 1000), 0);
	assert_int_equal(cap, 1000);
	/* Then the capacity doubles, so n appends cost O(n) copies. */
	assert_int_equal(bbpf__grow((void **)&arr, &cap, sizeof(*arr), 1001), 0);
	assert_int_equal(cap, 2000);
	assert_int_equal(arr[1999], 0);
	free(arr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strerror_kernel_codes),
		cmocka_unit_test(test_print_hook),
		cmocka_unit_test(test_grow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
