// SPDX-License-Identifier: BSD-2-Clause
/*
 * The pure half of attaching (loader/attach/names.c): target parsing,
 * globs, kallsyms lookups, syscall entry symbols, tracefs event names and
 * reading them back, PMU format bits.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "attach/internal.h"

static void test_func_off(void **state)
{
	char f[32];
	uint64_t off;

	(void)state;
	assert_int_equal(bbpf__parse_func_off("do_sys_open", f, sizeof(f), &off), 0);
	assert_string_equal(f, "do_sys_open");
	assert_int_equal(off, 0);
	assert_int_equal(bbpf__parse_func_off("do_sys_open+0x10", f, sizeof(f), &off), 0);
	assert_string_equal(f, "do_sys_open");
	assert_int_equal(off, 16);
	assert_int_equal(bbpf__parse_func_off("f+12", f, sizeof(f), &off), 0);
	assert_int_equal(off, 12);
	assert_int_equal(bbpf__parse_func_off("f+", f, sizeof(f), &off), -EINVAL);
	assert_int_equal(bbpf__parse_func_off("f+0x1z", f, sizeof(f), &off), -EINVAL);
	assert_int_equal(bbpf__parse_func_off("f+-1", f, sizeof(f), &off), -EINVAL);
	assert_int_equal(bbpf__parse_func_off("+4", f, sizeof(f), &off), -EINVAL);
	assert_int_equal(bbpf__parse_func_off("", f, sizeof(f), &off), -EINVAL);
	assert_int_equal(
		bbpf__parse_func_off("a_name_far_longer_than_the_buffer_is", f, sizeof(f), &off),
		-EINVAL);
}

static void test_glob(void **state)
{
	static const struct {
		const char *pat, *s;
		bool match;
	} cases[] = {
		{ "vfs_*", "vfs_read", true },
		{ "vfs_*", "vfs_", true },
		{ "vfs_*", "do_vfs", false },
		{ "*read", "vfs_read", true },
		{ "*read", "vfs_readv", false },
		{ "v?s_read", "vfs_read", true },
		{ "*_*_*", "a_b_c", true },
		{ "*_*_*", "a_b", false },
		{ "exact", "exact", true },
		{ "exact", "exactly", false },
		{ "*", "", true },
		{ "", "", true },
		{ "a*b*c", "aXXbYYbZc", true },
		{ "a*b*c", "aXXbYY", false },
		{ "**x", "yyx", true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (bbpf__glob_match(cases[i].pat, cases[i].s) != cases[i].match)
			fail_msg("glob '%s' on '%s'", cases[i].pat, cases[i].s);
}

static const char kallsyms[] = "ffffffff81000000 T _stext\n"
			       "ffffffff81001000 t ksys_fadvise64_64\n"
			       "ffffffff81002000 T __x64_sys_fadvise64\n"
			       "ffffffff81002100 T __ia32_sys_fadvise64\n"
			       "ffffffff81003000 T __x64_sys_openat\n"
			       "ffffffff81003100 T __ia32_compat_sys_openat\n"
			       "ffffffff81003200 T __ia32_sys_openat\n"
			       "ffffffff81004000 D init_task\n"
			       "garbage line\n"
			       "ffffffff81005000 T __se_sys_oldcall\n"
			       "ffffffffc0001000 t mod_func\t[mymod]\n"
			       "ffffffff81006000 T sys_ancient";

static void test_ksyms(void **state)
{
	size_t sz = sizeof(kallsyms) - 1;
	struct bbpf__ksym_iter it;
	int n = 0, mods = 0;

	(void)state;
	bbpf__ksym_iter_init(&it, kallsyms, sz);
	while (bbpf__ksym_next(&it)) {
		n++;
		mods += it.module;
	}
	assert_int_equal(n, 11); /* the garbage line is skipped */
	assert_int_equal(mods, 1);
	assert_true(bbpf__ksym_is_func(kallsyms, sz, "ksys_fadvise64_64"));
	assert_true(bbpf__ksym_is_func(kallsyms, sz, "mod_func"));
	assert_true(bbpf__ksym_is_func(kallsyms, sz, "sys_ancient")); /* no final newline */
	assert_false(bbpf__ksym_is_func(kallsyms, sz, "init_task"));  /* data */
	assert_false(bbpf__ksym_is_func(kallsyms, sz, "ksys_fadvise64"));
}

static void test_ksyscall(void **state)
{
	size_t sz = sizeof(kallsyms) - 1;
	char out[64];

	(void)state;
	assert_int_equal(
		bbpf__ksyscall_find(kallsyms, sz, "fadvise64", false, out, sizeof(out), NULL), 0);
	assert_string_equal(out, "__x64_sys_fadvise64");
	assert_int_equal(
		bbpf__ksyscall_find(kallsyms, sz, "fadvise64", true, out, sizeof(out), NULL), 0);
	assert_string_equal(out, "__ia32_sys_fadvise64");
	assert_int_equal(bbpf__ksyscall_find(kallsyms, sz, "openat", true, out, sizeof(out), NULL),
			 0);
	assert_string_equal(out, "__ia32_compat_sys_openat"); /* compat before plain ia32 */
	{
		uint64_t a = 0;

		assert_int_equal(
			bbpf__ksyscall_find(kallsyms, sz, "fadvise64", false, out, sizeof(out), &a),
			0);
		assert_true(a == 0xffffffff81002000ULL);
	}
	assert_int_equal(
		bbpf__ksyscall_find(kallsyms, sz, "oldcall", false, out, sizeof(out), NULL), 0);
	assert_string_equal(out, "__se_sys_oldcall");
	assert_int_equal(
		bbpf__ksyscall_find(kallsyms, sz, "ancient", false, out, sizeof(out), NULL), 0);
	assert_string_equal(out, "sys_ancient");
	assert_int_equal(bbpf__ksyscall_find(kallsyms, sz, "oldcall", true, out, sizeof(out), NULL),
			 -ENOENT);
	assert_string_equal(out, "");
	assert_int_equal(bbpf__ksyscall_find(kallsyms, sz, "nosuch", false, out, sizeof(out), NULL),
			 -ENOENT);
	assert_int_equal(bbpf__ksyscall_find(kallsyms, sz, "openat", false, out, 8, NULL), -E2BIG);
}

static void test_event_names(void **state)
{
	char name[65], group[64], event[80];
	char line[160];
	char longf[200];

	(void)state;
	assert_int_equal(bbpf__kprobe_event_name(name, sizeof(name), 1234, "do_sys_open", 0, 3), 0);
	assert_string_equal(name, "bbpf_1234_do_sys_open_0_3");
	assert_int_equal(bbpf__kprobe_event_name(name, sizeof(name), 7, "foo.isra.0", 0x10, 0), 0);
	assert_string_equal(name, "bbpf_7_foo_isra_0_10_0");
	memset(longf, 'x', sizeof(longf) - 1);
	longf[sizeof(longf) - 1] = '\0';
	assert_int_equal(bbpf__kprobe_event_name(name, sizeof(name), 4194304, longf, 0xffff, 99),
			 0);
	assert_true(strlen(name) <= 63);
	assert_non_null(strstr(name, "_ffff_99"));
	assert_int_equal(bbpf__kprobe_event_name(name, 20, 1, "f", 0, 0), -E2BIG);

	/* Read back from kprobe_events. */
	snprintf(line, sizeof(line), "p:bbpf/%s do_sys_open\n", "bbpf_1234_do_sys_open_0_3");
	assert_int_equal(bbpf__kprobe_event_pid(line, group, sizeof(group), event, sizeof(event)),
			 1234);
	assert_string_equal(group, "bbpf");
	assert_string_equal(event, "bbpf_1234_do_sys_open_0_3");
	assert_int_equal(bbpf__kprobe_event_pid("r16:bbpf/bbpf_77_f_0_1 f", group, sizeof(group),
						event, sizeof(event)),
			 77);
	assert_int_equal(bbpf__kprobe_event_pid("p:kprobes/myprobe do_sys_open", group,
						sizeof(group), event, sizeof(event)),
			 -ENOENT);
	assert_int_equal(bbpf__kprobe_event_pid("p:bbpf/bbpf_x_f f", group, sizeof(group), event,
						sizeof(event)),
			 -ENOENT);
	assert_int_equal(
		bbpf__kprobe_event_pid("nonsense", group, sizeof(group), event, sizeof(event)),
		-EINVAL);
	assert_int_equal(
		bbpf__kprobe_event_pid("p:noslash f", group, sizeof(group), event, sizeof(event)),
		-EINVAL);
}

static void test_pmu_format(void **state)
{
	(void)state;
	assert_int_equal(bbpf__pmu_format_shift("config:0\n"), 0);
	assert_int_equal(bbpf__pmu_format_shift("config:32-63\n"), 32);
	assert_int_equal(bbpf__pmu_format_shift("config1:0-63"), -EINVAL);
	assert_int_equal(bbpf__pmu_format_shift("config:64"), -EINVAL);
	assert_int_equal(bbpf__pmu_format_shift(""), -EINVAL);
}

static void test_tracefs_names(void **state)
{
	(void)state;
	assert_true(bbpf__tracefs_name_ok("sys_enter_getppid"));
	assert_false(bbpf__tracefs_name_ok(""));
	assert_false(bbpf__tracefs_name_ok(".."));
	assert_false(bbpf__tracefs_name_ok("."));
	assert_false(bbpf__tracefs_name_ok("a/b"));
	assert_false(bbpf__tracefs_name_ok(NULL));
}

/* Appends a string to the cache image at @pos; returns its offset from @hdr. */
static uint32_t put_str(unsigned char *img, size_t *pos, size_t hdr, const char *s)
{
	uint32_t off = (uint32_t)(*pos - hdr);

	memcpy(img + *pos, s, strlen(s) + 1);
	*pos += strlen(s) + 1;
	return off;
}

/* A cache image: optional old table of @old entries, then the new format with 3 entries. */
static size_t build_cache(unsigned char *img, size_t old)
{
	static const struct {
		int32_t flags;
		const char *key, *val;
	} ents[] = {
		{ 0x0003, "libc.so.6", "/lib/i386-linux-gnu/libc.so.6" },    /* 32-bit */
		{ 0x0303, "libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6" },  /* x86-64 */
		{ 0x0a03, "libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6" }, /* arm64 */
	};
	size_t hdr = 0, pos, i;
	uint32_t n = 3, k, v;

	memset(img, 0, 4096);
	if (old) {
		memcpy(img, "ld.so-1.7.0", 11);
		memcpy(img + 12, &(uint32_t){ (uint32_t)old }, 4);
		hdr = (16 + old * 12 + 7) & ~(size_t)7;
	}
	memcpy(img + hdr, "glibc-ld.so.cache1.1", 20);
	memcpy(img + hdr + 20, &n, 4);
	pos = hdr + 48 + 3 * 24;
	for (i = 0; i < 3; i++) {
		k = put_str(img, &pos, hdr, ents[i].key);
		v = put_str(img, &pos, hdr, ents[i].val);
		memcpy(img + hdr + 48 + i * 24, &ents[i].flags, 4);
		memcpy(img + hdr + 48 + i * 24 + 4, &k, 4);
		memcpy(img + hdr + 48 + i * 24 + 8, &v, 4);
	}
	return pos;
}

static void test_ldcache(void **state)
{
	static unsigned char img[4096];
	char out[128];
	size_t sz, old;

	(void)state;
	for (old = 0; old < 3; old += 2) { /* new format alone, and after 2 old entries */
		sz = build_cache(img, old);
		assert_int_equal(bbpf__ldcache_find(img, sz, "libc.so.6", BBPF__LDC_X86_64, out,
						    sizeof(out)),
				 0);
		assert_string_equal(out, "/lib/x86_64-linux-gnu/libc.so.6");
		assert_int_equal(bbpf__ldcache_find(img, sz, "libc.so.6", BBPF__LDC_AARCH64, out,
						    sizeof(out)),
				 0);
		assert_string_equal(out, "/lib/aarch64-linux-gnu/libc.so.6");
		assert_int_equal(bbpf__ldcache_find(img, sz, "libm.so.6", BBPF__LDC_X86_64, out,
						    sizeof(out)),
				 -ENOENT);
		assert_int_equal(bbpf__ldcache_find(img, sz, "libc.so.6", BBPF__LDC_X86_64, out, 8),
				 -E2BIG);
		/* Every truncation is refused or misses; none reads past the end (ASan). */
		while (sz--)
			assert_true(bbpf__ldcache_find(img, sz, "libc.so.6", BBPF__LDC_X86_64, out,
						       sizeof(out)) < 0 ||
				    sz > 100);
	}
	sz = build_cache(img, 0);
	memcpy(img + 20, &(uint32_t){ 0x7fffffff }, 4); /* nlibs past the end */
	assert_int_equal(
		bbpf__ldcache_find(img, sz, "libc.so.6", BBPF__LDC_X86_64, out, sizeof(out)),
		-EINVAL);
	assert_int_equal(bbpf__ldcache_find("junk", 4, "libc.so.6", 0, out, sizeof(out)), -EINVAL);
}

/* kprobe.multi patterns over available_filter_functions and kallsyms text. */
static void test_multi_syms(void **state)
{
	static const char aff[] = "tcp_v4_connect\n"
				  "tcp_close\n"
				  "tcp_close\n" /* two static functions of one name */
				  "tcp_sendmsg\n"
				  "udp_sendmsg\n"
				  "tcp_bad_csum [some_mod]\n"
				  "__ftrace_invalid_address___123\n"
				  "tcp_rcv"; /* no newline at the end */
	static const char ksyms[] = "ffffffff81000000 T tcp_close\n"
				    "ffffffff81000100 t tcp_rcv\n"
				    "ffffffff81000200 D tcp_table\n" /* data: not a function */
				    "ffffffff81000300 t tcp_mod_fn\t[some_mod]\n";
	static const char bl[] = "0xffffffff81000400-0xffffffff81000500\ttcp_sendmsg\n";
	char **syms = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(bbpf__multi_syms(aff, sizeof(aff) - 1, false, "tcp_*", bl, sizeof(bl) - 1,
					  &syms, &n),
			 0);
	assert_int_equal(n, 3); /* sorted, once each, blacklisted and module ones out */
	assert_string_equal(syms[0], "tcp_close");
	assert_string_equal(syms[1], "tcp_rcv");
	assert_string_equal(syms[2], "tcp_v4_connect");
	bbpf__multi_syms_free(syms, n);
	assert_int_equal(
		bbpf__multi_syms(aff, sizeof(aff) - 1, false, "?dp_sendmsg", "", 0, &syms, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(syms[0], "udp_sendmsg");
	bbpf__multi_syms_free(syms, n);
	assert_int_equal(
		bbpf__multi_syms(ksyms, sizeof(ksyms) - 1, true, "tcp_*", "", 0, &syms, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(syms[0], "tcp_close");
	assert_string_equal(syms[1], "tcp_rcv");
	bbpf__multi_syms_free(syms, n);
	syms = NULL;
	assert_int_equal(bbpf__multi_syms(aff, sizeof(aff) - 1, false, "nope_*", "", 0, &syms, &n),
			 -ENOENT);
	assert_int_equal(bbpf__multi_syms("", 0, false, "*", "", 0, &syms, &n), -ENOENT);
	bbpf__multi_syms_free(syms, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_func_off),      cmocka_unit_test(test_glob),
		cmocka_unit_test(test_ksyms),	      cmocka_unit_test(test_ksyscall),
		cmocka_unit_test(test_event_names),   cmocka_unit_test(test_pmu_format),
		cmocka_unit_test(test_tracefs_names), cmocka_unit_test(test_ldcache),
		cmocka_unit_test(test_multi_syms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
