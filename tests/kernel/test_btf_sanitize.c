// SPDX-License-Identifier: BSD-2-Clause
/*
 * Sanitized BTF on the real kernel: the sample BTF (every kind the sanitizer
 * rewrites, tests/helpers/btf_sample.h) is sanitized for a kernel with no
 * BTF feature at all, with all of them, with each one alone and with each
 * one missing, and every result must pass BPF_BTF_LOAD here. The kernel
 * checks more than our parser does (names are identifiers, enumerators are
 * named, union members sit at 0, sizes fit), so this is what proves a rule.
 * The kernel has every feature it is told about only if it is new enough;
 * the unsanitized sample is loaded first, and a kernel that refuses it
 * skips the test (saying which feature it lacks, from the probes).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/btf.h>
#include <barebpf/btf_write.h>
#include <barebpf/features.h>
#include <barebpf/sys.h>
#include "internal/kfeat.h"
#include "../helpers/btf_sample.h"

static const enum bbpf_feature btf_feats[] = {
	BBPF_FEAT_BTF_FUNC,   BBPF_FEAT_BTF_FUNC_GLOBAL, BBPF_FEAT_BTF_DATASEC,
	BBPF_FEAT_BTF_FLOAT,  BBPF_FEAT_BTF_DECL_TAG,	 BBPF_FEAT_BTF_TYPE_TAG,
	BBPF_FEAT_BTF_ENUM64,
};

#define NR_FEATS (sizeof(btf_feats) / sizeof(btf_feats[0]))

static struct bbpf_btf *sample;

static int group_setup(void **state)
{
	struct btfb b;
	size_t sz;
	void *raw;
	int err;

	(void)state;
	btf_sample_build(&b);
	raw = btfb_blob(&b, &sz);
	err = bbpf_btf_parse(raw, sz, NULL, &sample);
	free(raw);
	btfb_free(&b);
	return err;
}

static int group_teardown(void **state)
{
	(void)state;
	bbpf_btf_free(sample);
	return 0;
}

/* Loads @size bytes of BTF; on refusal, fails with the kernel's log and @what. */
static void load_ok(const void *blob, size_t size, const char *what)
{
	static char log[64 * 1024];
	struct bbpf_sys_btf_load_opts opts = {
		.sz = sizeof(opts), .log_buf = log, .log_size = sizeof(log), .log_level = 1
	};
	size_t len;
	int fd;

	log[0] = '\0';
	fd = bbpf_sys_btf_load(blob, size, &opts);
	if (fd >= 0) {
		close(fd);
		return;
	}
	/* the reason is at the end of the log, after a dump of every type */
	len = strlen(log);
	fail_msg("BTF_LOAD of the sample sanitized %s: %s\n...%s", what, bbpf_strerror(fd),
		 log + (len > 400 ? len - 400 : 0));
}

static void load_sanitized(const struct bbpf_kfeat *kf, const char *what)
{
	size_t sz;
	void *out;
	int ret;

	ret = bbpf_btf_sanitize(sample, kf, &out, &sz);
	assert_true(ret >= 0);
	print_message("%-36s %2d types rewritten\n", what, ret);
	load_ok(out, sz, what);
	free(out);
}

static void kfeat_all(struct bbpf_kfeat *kf, bool on)
{
	size_t i;

	memset(kf, 0, sizeof(*kf));
	for (i = 0; i < NR_FEATS; i++)
		kf->has[btf_feats[i]] = on;
}

/* The features this kernel has, as the loader would pass them. */
static void kfeat_kernel(struct bbpf_kfeat *kf)
{
	*kf = *bbpf__kfeat_get();
}

/*
 * The sample as it is uses every kind: this kernel takes it only if it has
 * every feature, and must refuse it otherwise (what sanitizing is for).
 */
static void test_unsanitized(void **state)
{
	struct bbpf_kfeat kf;
	size_t i, sz, missing = 0;
	const void *raw;
	int fd;

	(void)state;
	raw = bbpf_btf_raw(sample, &sz);
	for (i = 0; i < NR_FEATS; i++)
		missing += bbpf_feature_probe(btf_feats[i]) != 1;
	if (missing) {
		fd = bbpf_sys_btf_load(raw, (__u32)sz, NULL);
		print_message("this kernel lacks %zu BTF feature(s): unsanitized load gives %d\n",
			      missing, fd);
		assert_true(fd < 0);
		return;
	}
	load_ok(raw, sz, "for nothing (as built)");
	kfeat_all(&kf, true);
	load_sanitized(&kf, "with every feature");
}

static void test_none(void **state)
{
	struct bbpf_kfeat kf;

	(void)state;
	kfeat_all(&kf, false);
	load_sanitized(&kf, "with no BTF feature");
}

/* One feature at a time, each one this kernel has (the others cannot be on). */
static void test_each_alone(void **state)
{
	struct bbpf_kfeat kf;
	char what[64];
	size_t i;

	(void)state;
	for (i = 0; i < NR_FEATS; i++) {
		if (bbpf_feature_probe(btf_feats[i]) != 1)
			continue;
		kfeat_all(&kf, false);
		kf.has[btf_feats[i]] = true;
		snprintf(what, sizeof(what), "with only %s", bbpf_feature_name(btf_feats[i]));
		load_sanitized(&kf, what);
	}
}

/* This kernel's features less one, for each feature. */
static void test_each_missing(void **state)
{
	struct bbpf_kfeat kf;
	char what[64];
	size_t i;

	(void)state;
	for (i = 0; i < NR_FEATS; i++) {
		kfeat_kernel(&kf);
		kf.has[btf_feats[i]] = false;
		snprintf(what, sizeof(what), "without %s", bbpf_feature_name(btf_feats[i]));
		load_sanitized(&kf, what);
	}
}

/* What this kernel's probes say, sanitized for: the loader's own case. */
static void test_this_kernel(void **state)
{
	(void)state;
	load_sanitized(bbpf__kfeat_get(), "for this kernel's probes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unsanitized), cmocka_unit_test(test_none),
		cmocka_unit_test(test_each_alone),  cmocka_unit_test(test_each_missing),
		cmocka_unit_test(test_this_kernel),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
