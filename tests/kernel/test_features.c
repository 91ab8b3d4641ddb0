// SPDX-License-Identifier: BSD-2-Clause
/*
 * Feature probes against the facts of mainline kernels: a kernel at or past
 * the version that brought a feature must say yes, and for the features that
 * distributions do not backport (BTF kinds, perf links) an older kernel must
 * say no. Run on every kernel of the qemu matrix, this checks both answers.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include "internal/kfeat.h"

struct version_fact {
	enum bbpf_feature feat;
	int major, minor; /* the first mainline release that has it */
	int strict;	  /* older kernels must lack it */
};

static const struct version_fact facts[] = {
	{ BBPF_FEAT_PROG_NAME, 4, 15, 0 },	  { BBPF_FEAT_BTF, 4, 18, 0 },
	{ BBPF_FEAT_BTF_FUNC, 5, 0, 0 },	  { BBPF_FEAT_BTF_DATASEC, 5, 2, 0 },
	{ BBPF_FEAT_GLOBAL_DATA, 5, 2, 0 },	  { BBPF_FEAT_ARRAY_MMAP, 5, 5, 0 },
	{ BBPF_FEAT_PROBE_READ_KERNEL, 5, 5, 0 }, { BBPF_FEAT_BTF_FUNC_GLOBAL, 5, 6, 0 },
	{ BBPF_FEAT_RINGBUF, 5, 8, 0 },		  { BBPF_FEAT_BTF_FLOAT, 5, 13, 1 },
	{ BBPF_FEAT_BPF_COOKIE, 5, 15, 1 },	  { BBPF_FEAT_PERF_LINK, 5, 15, 1 },
	{ BBPF_FEAT_BTF_DECL_TAG, 5, 16, 1 },	  { BBPF_FEAT_BTF_TYPE_TAG, 5, 17, 1 },
	{ BBPF_FEAT_BTF_ENUM64, 6, 0, 1 },	  { BBPF_FEAT_BPF_LINK, 5, 7, 0 },
	{ BBPF_FEAT_XDP_LINK, 5, 9, 1 },	  { BBPF_FEAT_TCX, 6, 6, 1 },
};

static int kernel_version(void)
{
	struct utsname uts;
	int major = 0, minor = 0;

	uname(&uts);
	sscanf(uts.release, "%d.%d", &major, &minor);
	return major * 1000 + minor;
}

static void test_version_facts(void **state)
{
	int kver = kernel_version();
	size_t i;
	int ret;

	(void)state;
	for (i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const struct version_fact *f = &facts[i];
		int has_it = kver >= f->major * 1000 + f->minor;

		ret = bbpf_feature_probe(f->feat);
		print_message("%-18s %d (mainline %d.%d)\n", bbpf_feature_name(f->feat), ret,
			      f->major, f->minor);
		assert_true(ret >= 0);
		if (has_it)
			assert_int_equal(ret, 1);
		else if (f->strict)
			assert_int_equal(ret, 0);
	}
}

/* The filesystem-based answers agree with the filesystem. */
static void test_paths(void **state)
{
	(void)state;
	assert_int_equal(bbpf_feature_probe(BBPF_FEAT_KERNEL_BTF),
			 access("/sys/kernel/btf/vmlinux", F_OK) == 0);
	assert_int_equal(bbpf_feature_probe(BBPF_FEAT_KPROBE_PMU),
			 access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0);
}

/* Cached answers equal fresh ones, and the data view matches them. */
static void test_cache_and_kfeat(void **state)
{
	const struct bbpf_kfeat *kf;
	int i;

	(void)state;
	kf = bbpf__kfeat_get();
	for (i = 0; i < BBPF_FEAT_CNT; i++) {
		assert_non_null(bbpf_feature_name(i));
		assert_int_equal(kf->has[i], bbpf_feature_probe(i) == 1);
	}
	assert_int_equal(bbpf_feature_probe(BBPF_FEAT_CNT), -EINVAL);
	assert_string_equal(bbpf_feature_name(BBPF_FEAT_CNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_facts),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_cache_and_kfeat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
