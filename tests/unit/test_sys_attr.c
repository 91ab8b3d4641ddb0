// SPDX-License-Identifier: BSD-2-Clause
/* loader/sys/attr.c: attr sizes per command, command names, the capability hint. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <linux/bpf.h>
#include <linux/capability.h>

#include "internal/compiler.h"
#include "../../loader/sys/internal.h"

#define END(m) offsetofend(union bpf_attr, m)

static void test_attr_sz_last_field(void **state)
{
	/* The last field each wrapper sets, as the kernel's *_LAST_FIELD names it. */
	static const struct {
		int cmd;
		size_t sz;
	} cases[] = {
		{ BPF_MAP_CREATE, END(map_extra) },
		{ BPF_MAP_LOOKUP_ELEM, END(flags) },
		{ BPF_MAP_UPDATE_ELEM, END(flags) },
		{ BPF_MAP_DELETE_ELEM, END(key) },
		{ BPF_MAP_GET_NEXT_KEY, END(next_key) },
		{ BPF_MAP_FREEZE, END(map_fd) },
		{ BPF_PROG_BIND_MAP, END(prog_bind_map) },
		{ BPF_MAP_LOOKUP_BATCH, END(batch) },
		{ BPF_PROG_LOAD, END(fd_array) },
		{ BPF_OBJ_PIN, END(file_flags) },
		{ BPF_OBJ_GET, END(file_flags) },
		{ BPF_BTF_LOAD, END(btf_log_level) },
		{ BPF_LINK_CREATE, 60 }, /* link_create.uprobe_multi.pid (6.6), past 6.1's header */
		{ BPF_LINK_DETACH, END(link_detach.link_fd) },
		{ BPF_RAW_TRACEPOINT_OPEN, END(raw_tracepoint.prog_fd) },
		{ BPF_PROG_ATTACH, END(replace_bpf_fd) },
		{ BPF_PROG_DETACH, END(attach_type) },
		{ BPF_PROG_TEST_RUN, END(test.batch_size) },
		{ BPF_OBJ_GET_INFO_BY_FD, END(info.info) },
		{ BPF_PROG_GET_NEXT_ID, END(next_id) },
		{ BPF_MAP_GET_NEXT_ID, END(next_id) },
		{ BPF_BTF_GET_NEXT_ID, END(next_id) },
		{ BPF_LINK_GET_NEXT_ID, END(next_id) },
		{ BPF_PROG_GET_FD_BY_ID, END(open_flags) },
		{ BPF_MAP_GET_FD_BY_ID, END(open_flags) },
		{ BPF_BTF_GET_FD_BY_ID, END(open_flags) },
		{ BPF_LINK_GET_FD_BY_ID, END(open_flags) },
		{ BPF_ENABLE_STATS, END(enable_stats.type) },
		{ BPF_ITER_CREATE, END(iter_create.flags) },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t sz = bbpf__sys_attr_sz(cases[i].cmd);

		assert_int_equal(sz, cases[i].sz);
		assert_true(sz > 0 && sz <= sizeof(union bpf_attr));
	}
}

static void test_attr_sz_abi(void **state)
{
	(void)state;
	/* The numbers the kernel sees: these are ABI and must never change. */
	assert_int_equal(bbpf__sys_attr_sz(BPF_MAP_CREATE), 72);
	assert_int_equal(bbpf__sys_attr_sz(BPF_MAP_LOOKUP_ELEM), 32);
	assert_int_equal(bbpf__sys_attr_sz(BPF_MAP_DELETE_ELEM), 16);
	assert_int_equal(bbpf__sys_attr_sz(BPF_MAP_FREEZE), 4);
	assert_int_equal(bbpf__sys_attr_sz(BPF_OBJ_PIN), 16);
	assert_int_equal(bbpf__sys_attr_sz(BPF_PROG_GET_NEXT_ID), 8);
	assert_int_equal(bbpf__sys_attr_sz(BPF_PROG_GET_FD_BY_ID), 12);
	assert_int_equal(bbpf__sys_attr_sz(BPF_RAW_TRACEPOINT_OPEN), 12);
	assert_int_equal(bbpf__sys_attr_sz(BPF_LINK_DETACH), 4);
	/* A 5.10 kernel's bpf_attr is 120 bytes; PROG_LOAD's fd_array (5.14) ends past it,
	 * which 5.10 accepts because those bytes are zero unless fd_array is used. */
	assert_int_equal(bbpf__sys_attr_sz(BPF_PROG_LOAD), 128);
}

static void test_attr_sz_unknown(void **state)
{
	(void)state;
	assert_int_equal(bbpf__sys_attr_sz(-1), 0);
	assert_int_equal(bbpf__sys_attr_sz(BPF_MAP_LOOKUP_AND_DELETE_ELEM), 0); /* not wrapped */
	assert_int_equal(bbpf__sys_attr_sz(BPF_TASK_FD_QUERY), 0);
	assert_int_equal(bbpf__sys_attr_sz(1000), 0);
}

static void test_cmd_name(void **state)
{
	(void)state;
	assert_string_equal(bbpf__sys_cmd_name(BPF_MAP_CREATE), "BPF_MAP_CREATE");
	assert_string_equal(bbpf__sys_cmd_name(BPF_LINK_DETACH), "BPF_LINK_DETACH");
	assert_string_equal(bbpf__sys_cmd_name(BBPF__SYS_PERF_EVENT_OPEN), "perf_event_open");
	assert_string_equal(bbpf__sys_cmd_name(BPF_PROG_BIND_MAP), "BPF_PROG_BIND_MAP");
	assert_string_equal(bbpf__sys_cmd_name(BPF_MAP_LOOKUP_AND_DELETE_ELEM), "BPF_?");
	assert_string_equal(bbpf__sys_cmd_name(4242), "BPF_?");
}

#define C(x)  (1ULL << (x))
#define ROOT  (~0ULL)
#define NONE  0ULL
#define BPFON C(CAP_BPF)

static void test_priv_hint(void **state)
{
	static const struct {
		int cmd, err;
		__u64 caps;
		const char *want; /* substring, or NULL for "no hint" */
	} cases[] = {
		{ BPF_MAP_CREATE, -EPERM, NONE, "needs CAP_BPF (or root)" },
		{ BPF_PROG_LOAD, -EPERM, NONE, "needs CAP_BPF (or root)" },
		{ BPF_PROG_LOAD, -EACCES, NONE, "needs CAP_BPF (or root)" },
		{ BPF_MAP_CREATE, -EPERM, ROOT, NULL },
		{ BPF_MAP_CREATE, -EPERM, C(CAP_SYS_ADMIN), NULL }, /* pre-5.8 root */
		{ BPF_MAP_CREATE, -EPERM, BPFON, NULL },	    /* EPERM for another reason */
		{ BPF_MAP_CREATE, -EINVAL, NONE, NULL },
		{ BPF_MAP_CREATE, -ENOMEM, NONE, NULL },
		{ BPF_PROG_LOAD, -EPERM, BPFON, "CAP_PERFMON" },
		{ BPF_PROG_LOAD, -EPERM, BPFON | C(CAP_PERFMON), NULL },
		{ BPF_PROG_LOAD, -EACCES, BPFON | C(CAP_PERFMON), NULL }, /* the verifier */
		{ BPF_PROG_GET_NEXT_ID, -EPERM, BPFON, "needs CAP_SYS_ADMIN" },
		{ BPF_LINK_GET_FD_BY_ID, -EPERM, NONE, "needs CAP_SYS_ADMIN" },
		{ BPF_OBJ_GET, -EACCES, NONE, NULL }, /* file mode of the pin */
		{ BPF_OBJ_GET, -EPERM, NONE, "needs CAP_BPF" },
		{ BBPF__SYS_PERF_EVENT_OPEN, -EACCES, NONE, "CAP_PERFMON" },
		{ BBPF__SYS_PERF_EVENT_OPEN, -EACCES, C(CAP_PERFMON), NULL },
		{ BBPF__SYS_PERF_EVENT_OPEN, -ENOENT, NONE, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *hint = bbpf__sys_priv_hint(cases[i].cmd, cases[i].err, cases[i].caps);

		if (!cases[i].want) {
			assert_null(hint);
			continue;
		}
		assert_non_null(hint);
		assert_non_null(strstr(hint, cases[i].want));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attr_sz_last_field), cmocka_unit_test(test_attr_sz_abi),
		cmocka_unit_test(test_attr_sz_unknown),	   cmocka_unit_test(test_cmd_name),
		cmocka_unit_test(test_priv_hint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
