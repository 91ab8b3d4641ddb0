// SPDX-License-Identifier: BSD-2-Clause
/*
 * tools/json.c, the CLI's one JSON writer (issue 10): escapes, UTF-8 kept,
 * invalid bytes made valid JSON, keys and values with their commas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../tools/json.c"

/* What @write printed, as a malloc'd string. */
static char *capture(void (*write)(void))
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	assert_non_null(f);
	json_set_out(f);
	write();
	json_set_out(NULL);
	fclose(f);
	return buf;
}

static const char *str_in;

static void write_str(void)
{
	json_str(str_in);
}

static void write_obj(void)
{
	bool first = true;

	fputc('{', o());
	json_kv_str("a", "x", &first);
	json_kv_u64("b", 18446744073709551615ull, &first);
	json_kv_i64("c", -5, &first);
	json_kv_bool("d", true, &first);
	json_kv_null("e", &first);
	fputc('}', o());
}

static void test_strings(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "\"plain\"" },
		{ "a\"b\\c", "\"a\\\"b\\\\c\"" },
		{ "tab\there\nnl", "\"tab\\there\\nnl\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },		  /* valid UTF-8 kept */
		{ "\xe2\x82\xac", "\"\xe2\x82\xac\"" },		  /* 3-byte sequence */
		{ "x\xffy", "\"x\\u00ffy\"" },			  /* invalid byte */
		{ "\xc3", "\"\\u00c3\"" },			  /* cut sequence */
		{ "\xc0\xaf", "\"\\u00c0\\u00af\"" },		  /* overlong */
		{ "\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"" }, /* surrogate */
		{ NULL, "\"\"" },
	};
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		str_in = cases[i].in;
		got = capture(write_str);
		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

static void test_object(void **state)
{
	char *got = capture(write_obj);

	(void)state;
	assert_string_equal(got, "{\"a\":\"x\",\"b\":18446744073709551615,\"c\":-5,\"d\":true,\"e\":null}");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
