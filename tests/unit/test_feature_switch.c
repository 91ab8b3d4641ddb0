// SPDX-License-Identifier: BSD-2-Clause
/*
 * The feature switch (loader/kernel/feature_switch.c): BAREBPF_NO values
 * parsed against a name table, and a misspelt BAREBPF_NO reported once, with
 * the known names, and refused by every later call.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include "../helpers/log_capture.h"
#include "kernel/internal.h"

static const char *const names[] = { "ringbuf", "perf_link", "kprobe_pmu", NULL, "btf" };
#define NAME_CNT 5

struct parse_case {
	const char *spec;
	int ret;
	const char *off; /* '1' per forced name, in names[] order */
	const char *bad; /* the word reported on -EINVAL */
};

static const struct parse_case cases[] = {
	{ NULL, 0, "00000", NULL },
	{ "", 0, "00000", NULL },
	{ "ringbuf", 0, "10000", NULL },
	{ "ringbuf,btf", 0, "10001", NULL },
	{ "perf-link", 0, "01000", NULL }, /* '-' stands for '_' */
	{ " kprobe_pmu , ringbuf,", 0, "10100", NULL },
	{ ",,btf,,", 0, "00001", NULL },
	{ "ringbuf ringbuf", 0, "10000", NULL },
	{ "ringbuff", -EINVAL, NULL, "ringbuff" },
	{ "ring", -EINVAL, NULL, "ring" }, /* a prefix is not a name */
	{ "RINGBUF", -EINVAL, NULL, "RINGBUF" },
	{ "btf,nope,ringbuf", -EINVAL, NULL, "nope" },
	{ "perf_link_x", -EINVAL, NULL, "perf_link_x" },
};

static void test_parse(void **state)
{
	size_t i;
	int j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct parse_case *c = &cases[i];
		struct bbpf__feature_bad bad = { 0 };
		bool off[NAME_CNT] = { false };
		int ret;

		ret = bbpf__feature_switch_parse(c->spec, names, NAME_CNT, off, &bad);
		print_message("'%s' -> %d\n", c->spec ? c->spec : "(null)", ret);
		assert_int_equal(ret, c->ret);
		if (ret) {
			assert_int_equal(bad.len, strlen(c->bad));
			assert_memory_equal(bad.word, c->bad, bad.len);
			continue;
		}
		for (j = 0; j < NAME_CNT; j++)
			assert_int_equal(off[j], c->off[j] == '1');
	}
}

/* Every name the probes print is accepted, and only those. */
static void test_real_names(void **state)
{
	const char *list[BBPF_FEAT_CNT];
	bool off[BBPF_FEAT_CNT] = { false };
	int i;

	(void)state;
	for (i = 0; i < BBPF_FEAT_CNT; i++)
		list[i] = bbpf_feature_name(i);
	for (i = 0; i < BBPF_FEAT_CNT; i++) {
		memset(off, 0, sizeof(off));
		assert_int_equal(
			bbpf__feature_switch_parse(list[i], list, BBPF_FEAT_CNT, off, NULL), 0);
		assert_true(off[i]);
	}
	assert_int_equal(bbpf__feature_switch_parse("bpf_link2", list, BBPF_FEAT_CNT, off, NULL),
			 -EINVAL);
}

/* A bad BAREBPF_NO: one message naming the word and the known names; every call refuses. */
static void test_bad_env_once(void **state)
{
	(void)state;
	setenv("BAREBPF_NO", "ringbuf,ringbuff", 1);
	log_capture_start(BBPF_DEBUG);
	assert_int_equal(bbpf_feature_forced(BBPF_FEAT_RINGBUF), -EINVAL);
	assert_int_equal(bbpf_feature_forced(BBPF_FEAT_BTF), -EINVAL);
	assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_BTF, true), -EINVAL);
	assert_int_equal(bbpf__feature_switch_check(), -EINVAL);
	log_capture_stop();
	assert_non_null(strstr(log_msgs, "unknown feature 'ringbuff'"));
	assert_non_null(strstr(log_msgs, "known: prog_name, btf,"));
	assert_non_null(strstr(log_msgs, "ringbuf, "));
	assert_null(strstr(strstr(log_msgs, "unknown feature") + 1, "unknown feature"));
	assert_int_equal(bbpf_feature_forced(BBPF_FEAT_CNT), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_real_names),
		cmocka_unit_test(test_bad_env_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
