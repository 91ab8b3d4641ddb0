// SPDX-License-Identifier: BSD-2-Clause
/* include/internal/opts.h: sized opts structs, old and new callers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "internal/opts.h"

/* What this library knows ... */
struct demo_opts {
	size_t sz;
	int a;
	long b;
};

/* ... what an older caller was built with, and what a newer one was. */
struct demo_opts_v0 {
	size_t sz;
	int a;
};

struct demo_opts_v2 {
	size_t sz;
	int a;
	long b;
	long c;
};

/*
 * Hides where a pointer came from, as it is hidden when a real caller passes
 * its (smaller, older) struct: otherwise gcc flags the never-taken reads past
 * the small test struct.
 */
static void *launder(void *p)
{
	__asm__("" : "+r"(p));
	return p;
}

static char last_msg[256];

static int capture(enum bbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
}

static void test_valid(void **state)
{
	struct demo_opts cur = { .sz = sizeof(cur), .a = 1, .b = 2 };
	struct demo_opts_v0 old = { .sz = sizeof(old), .a = 1 };
	struct demo_opts_v2 newer = { .sz = sizeof(newer), .a = 1, .b = 2 };
	bbpf_print_fn prev = bbpf_set_print(capture);

	(void)state;
	assert_true(OPTS_VALID((struct demo_opts *)NULL, demo_opts));
	assert_true(OPTS_VALID((struct demo_opts *)launder(&cur), demo_opts));
	assert_true(OPTS_VALID((struct demo_opts *)launder(&old), demo_opts));
	/* A newer caller that leaves the new field zero is fine ... */
	assert_true(OPTS_VALID((struct demo_opts *)launder(&newer), demo_opts));
	/* ... one that asks for it is refused, and told why. */
	newer.c = 3;
	assert_false(OPTS_VALID((struct demo_opts *)launder(&newer), demo_opts));
	assert_non_null(strstr(last_msg, "struct demo_opts: byte"));
	cur.sz = 0;
	assert_false(OPTS_VALID((struct demo_opts *)launder(&cur), demo_opts));
	assert_non_null(strstr(last_msg, "smaller than the sz field"));
	bbpf_set_print(prev);
}

static void test_get_set(void **state)
{
	struct demo_opts cur = { .sz = sizeof(cur), .a = 1, .b = 2 };
	struct demo_opts_v0 old = { .sz = sizeof(old), .a = 7 };
	const struct demo_opts *as_new = launder(&old);
	struct demo_opts *none = NULL, *p = &cur;

	(void)state;
	assert_int_equal(OPTS_GET(p, b, 9), 2);
	assert_int_equal(OPTS_GET(as_new, a, 9), 7);
	/* b ends past the old caller's sz: its default, never the bytes past the struct. */
	assert_int_equal(OPTS_GET(as_new, b, 9), 9);
	assert_int_equal(OPTS_GET(none, a, 5), 5);
	OPTS_SET(p, b, 42);
	assert_int_equal(cur.b, 42);
	OPTS_SET(none, b, 42); /* no-op, no crash */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_get_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
