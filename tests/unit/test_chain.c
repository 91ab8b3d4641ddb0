// SPDX-License-Identifier: BSD-2-Clause
/*
 * What an object says about fallback chains and kprobe candidates
 * (loader/obj/chain.c), on tests/progs/obj/chain.bpf.c as clang-14 and
 * clang-19 build it, and the kprobe blacklist parser (loader/attach/names.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <barebpf/chain.h>
#include <barebpf/obj.h>
#include "internal/compiler.h"
#include "attach/internal.h"
#include "test_obj_elf.h"

static const char *const compilers[] = { "", "-c19" };

static struct bbpf_obj *open_chain(const char *cc)
{
	struct bbpf_obj *obj = NULL;
	char rel[64];

	snprintf(rel, sizeof(rel), "obj/chain%s.bpf.o", cc);
	assert_int_equal(bbpf_obj_open_file(fixture_path(rel), NULL, &obj), 0);
	return obj;
}

static const struct bbpf_prog *prog(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_prog(obj, name);

	assert_true(i >= 0);
	return bbpf_obj_prog(obj, (size_t)i);
}

/* Chains in the order of their first program; steps cheapest first, whatever the source order. */
static void test_chains(void **state)
{
	const struct bbpf_prog *steps[8];
	struct bbpf_obj *obj;
	size_t c;

	(void)state;
	for (c = 0; c < ARRAY_SIZE(compilers); c++) {
		obj = open_chain(compilers[c]);
		assert_int_equal(bbpf_obj_chain_cnt(obj), 2);
		assert_string_equal(bbpf_obj_chain_name(obj, 0), "a");
		assert_string_equal(bbpf_obj_chain_name(obj, 1), "b");
		assert_null(bbpf_obj_chain_name(obj, 2));
		assert_int_equal(bbpf_obj_chain_steps(obj, "a", steps, 8), 3);
		assert_string_equal(bbpf_prog_name(steps[0]), "a_fentry");
		assert_string_equal(bbpf_prog_name(steps[1]), "a_tp");
		assert_string_equal(bbpf_prog_name(steps[2]), "a_kprobe");
		/* a short array: the count is still the whole chain's */
		assert_int_equal(bbpf_obj_chain_steps(obj, "b", steps, 1), 2);
		assert_string_equal(bbpf_prog_name(steps[0]), "b_tp_btf");
		assert_int_equal(bbpf_obj_chain_steps(obj, "b", steps, 8), 2);
		assert_string_equal(bbpf_prog_name(steps[1]), "b_raw");
		assert_int_equal(bbpf_obj_chain_steps(obj, "nope", steps, 8), 0);
		assert_string_equal(bbpf_prog_chain(prog(obj, "a_tp")), "a");
		assert_null(bbpf_prog_chain(prog(obj, "lone")));
		assert_null(bbpf_prog_chain(prog(obj, "plain")));
		bbpf_obj_close(obj);
	}
}

static void test_mechs(void **state)
{
	static const struct {
		const char *prog;
		enum bbpf_mech mech;
	} cases[] = {
		{ "a_fentry", BBPF_MECH_FENTRY }, { "b_tp_btf", BBPF_MECH_TP_BTF },
		{ "b_raw", BBPF_MECH_RAW_TP },	  { "a_tp", BBPF_MECH_TRACEPOINT },
		{ "a_kprobe", BBPF_MECH_KPROBE }, { "lone", BBPF_MECH_KPROBE },
		{ "plain", BBPF_MECH_AUTO },
	};
	struct bbpf_obj *obj = open_chain("");
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(bbpf_prog_mech(prog(obj, cases[i].prog)), cases[i].mech);
	for (i = 0; i < BBPF_MECH_CNT; i++)
		assert_int_equal(bbpf_mech_parse(bbpf_mech_str(i)), (int)i);
	assert_int_equal(bbpf_mech_parse("kprobes"), -EINVAL);
	assert_int_equal(bbpf_mech_parse(NULL), -EINVAL);
	assert_string_equal(bbpf_mech_str(BBPF_MECH_CNT), "unknown");
	bbpf_obj_close(obj);
}

/* The section's symbol first, then the tags in source order; none for other kinds. */
static void test_ksyms(void **state)
{
	struct bbpf_obj *obj;
	const struct bbpf_prog *p;
	size_t c;

	(void)state;
	for (c = 0; c < ARRAY_SIZE(compilers); c++) {
		obj = open_chain(compilers[c]);
		p = prog(obj, "a_kprobe");
		assert_int_equal(bbpf_prog_ksym_cnt(p), 3);
		assert_string_equal(bbpf_prog_ksym(p, 0), "do_a");
		assert_string_equal(bbpf_prog_ksym(p, 1), "do_a2");
		assert_string_equal(bbpf_prog_ksym(p, 2), "do_a3");
		assert_null(bbpf_prog_ksym(p, 3));
		p = prog(obj, "lone");
		assert_int_equal(bbpf_prog_ksym_cnt(p), 2);
		assert_string_equal(bbpf_prog_ksym(p, 1), "lone2");
		p = prog(obj, "only_tags");
		assert_int_equal(bbpf_prog_ksym_cnt(p), 2);
		assert_string_equal(bbpf_prog_ksym(p, 0), "only1");
		assert_int_equal(bbpf_prog_ksym_cnt(prog(obj, "a_fentry")), 0);
		assert_null(bbpf_prog_ksym(prog(obj, "a_fentry"), 0));
		assert_int_equal(bbpf_prog_ksym_cnt(NULL), 0);
		bbpf_obj_close(obj);
	}
}

static void test_blacklist(void **state)
{
	static const char bl[] = "0xffffffff81000000-0xffffffff81000010\tdo_int3\n"
				 "0xffffffff81000020-0xffffffff81000040\tnmi_handle [kvm]\n"
				 "0xffffffff81000050-0xffffffff81000060 spaced\n"
				 "garbage\n"
				 "0xffffffff81000070-0xffffffff81000080\tlast";

	(void)state;
	assert_true(bbpf__kprobe_blacklisted(bl, sizeof(bl) - 1, "do_int3"));
	assert_true(bbpf__kprobe_blacklisted(bl, sizeof(bl) - 1, "nmi_handle"));
	assert_true(bbpf__kprobe_blacklisted(bl, sizeof(bl) - 1, "spaced"));
	assert_true(bbpf__kprobe_blacklisted(bl, sizeof(bl) - 1, "last"));
	assert_false(bbpf__kprobe_blacklisted(bl, sizeof(bl) - 1, "do_int"));
	assert_false(bbpf__kprobe_blacklisted(bl, sizeof(bl) - 1, "nmi"));
	assert_false(bbpf__kprobe_blacklisted(bl, sizeof(bl) - 1, "garbage"));
	assert_false(bbpf__kprobe_blacklisted("", 0, "do_int3"));
}

static void test_errno_name(void **state)
{
	(void)state;
	assert_string_equal(bbpf_errno_name(-EPERM), "EPERM");
	assert_string_equal(bbpf_errno_name(ENOENT), "ENOENT");
	assert_string_equal(bbpf_errno_name(-524), "ENOTSUPP");
	assert_null(bbpf_errno_name(-4095));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chains),	   cmocka_unit_test(test_mechs),
		cmocka_unit_test(test_ksyms),	   cmocka_unit_test(test_blacklist),
		cmocka_unit_test(test_errno_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
