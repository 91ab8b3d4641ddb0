// SPDX-License-Identifier: BSD-2-Clause
/*
 * Every name function of the public API (the *_str() functions and
 * bbpf_feature_name/desc) gives the one documented answer for a value it has
 * no name for: "unknown", never NULL (include/barebpf/ns.h). Each is walked
 * over its whole range and past it, so a hole in a table shows up too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/bpf.h>
#include <linux/btf.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>
#include <barebpf/features.h>
#include <barebpf/obj.h>

typedef const char *(*name_fn)(uint32_t v);

static const char *btf_kind(uint32_t v)
{
	return bbpf_btf_kind_str((uint16_t)v);
}

static const char *feature_name(uint32_t v)
{
	return bbpf_feature_name((enum bbpf_feature)v);
}

static const char *feature_desc(uint32_t v)
{
	return bbpf_feature_desc((enum bbpf_feature)v);
}

/* Values below @cnt have names (no holes); far past it, "unknown". */
static const struct {
	const char *what;
	name_fn fn;
	uint32_t cnt;
	uint32_t known;	  /* one value with a name ... */
	const char *name; /* ... and that name */
} cases[] = {
	{ "bbpf_btf_kind_str", btf_kind, NR_BTF_KINDS, BTF_KIND_STRUCT, "STRUCT" },
	{ "bbpf_core_kind_str", bbpf_core_kind_str, BBPF_CORE_KIND_CNT, BPF_CORE_TYPE_MATCHES,
	  "type_matches" },
	{ "bbpf_relo_kind_str", bbpf_relo_kind_str, BBPF_RELO_KIND_CNT, BBPF_RELO_MAP_VALUE,
	  "map_value" },
	{ "bbpf_map_kind_str", bbpf_map_kind_str, BBPF_MAP_KIND_CNT, BBPF_MAP_RODATA, "rodata" },
	{ "bbpf_attach_kind_str", bbpf_attach_kind_str, BBPF_ATTACH_KIND_CNT,
	  BBPF_ATTACH_PERF_EVENT, "perf_event" },
	{ "bbpf_map_type_str", bbpf_map_type_str, BPF_MAP_TYPE_BLOOM_FILTER + 1,
	  BPF_MAP_TYPE_RINGBUF, "ringbuf" },
	{ "bbpf_prog_type_str", bbpf_prog_type_str, BPF_PROG_TYPE_SYSCALL + 1, BPF_PROG_TYPE_XDP,
	  "xdp" },
	{ "bbpf_attach_type_str", bbpf_attach_type_str, BPF_PERF_EVENT + 1, BPF_TRACE_FENTRY,
	  "trace_fentry" },
	{ "bbpf_feature_name", feature_name, BBPF_FEAT_CNT, BBPF_FEAT_RINGBUF, "ringbuf" },
	{ "bbpf_feature_desc", feature_desc, BBPF_FEAT_CNT, 0, NULL },
};

static void test_names(void **state)
{
	const char *s;
	uint32_t v, far[] = { 1000, 0xffff, UINT32_MAX };
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("%s\n", cases[i].what);
		for (v = 0; v < cases[i].cnt; v++) {
			s = cases[i].fn(v);
			assert_non_null(s);
			assert_true(s[0]);
			assert_string_not_equal(s, "unknown");
		}
		for (j = 0; j < sizeof(far) / sizeof(far[0]); j++)
			assert_string_equal(cases[i].fn(far[j]), "unknown");
		if (cases[i].name)
			assert_string_equal(cases[i].fn(cases[i].known), cases[i].name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
