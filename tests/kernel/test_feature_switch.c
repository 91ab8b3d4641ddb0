// SPDX-License-Identifier: BSD-2-Clause
/*
 * The feature switch on the real kernel: with BAREBPF_NO=ringbuf the ring
 * buffer probe answers no (on kernels that have it), the data view agrees,
 * and bbpf_feature_force_off() lets the real answer through again.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include "internal/kfeat.h"

static void test_ringbuf_forced(void **state)
{
	(void)state;
	assert_int_equal(bbpf_feature_forced(BBPF_FEAT_RINGBUF), 1);
	assert_int_equal(bbpf_feature_probe(BBPF_FEAT_RINGBUF), 0);
	assert_false(bbpf__kfeat_get()->has[BBPF_FEAT_RINGBUF]);
	/* Only what was named is forced. */
	assert_int_equal(bbpf_feature_forced(BBPF_FEAT_BTF), 0);
	assert_int_equal(bbpf_feature_probe(BBPF_FEAT_PROG_NAME), 1);
}

/* Unforced, the probe answers for the kernel (every kernel we test has ring buffers). */
static void test_force_toggle(void **state)
{
	(void)state;
	assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_RINGBUF, false), 0);
	assert_int_equal(bbpf_feature_forced(BBPF_FEAT_RINGBUF), 0);
	assert_int_equal(bbpf_feature_probe(BBPF_FEAT_RINGBUF), 1);
	assert_true(bbpf__kfeat_get()->has[BBPF_FEAT_RINGBUF]);
	assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_PERF_LINK, true), 0);
	assert_int_equal(bbpf_feature_probe(BBPF_FEAT_PERF_LINK), 0);
	assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_PERF_LINK, false), 0);
	assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_CNT, true), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ringbuf_forced),
		cmocka_unit_test(test_force_toggle),
	};

	setenv("BAREBPF_NO", "ringbuf", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
