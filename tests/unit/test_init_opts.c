// SPDX-License-Identifier: BSD-2-Clause
/*
 * `barebpf init`'s options (tools/init_opts.c): the kernel command line's
 * barebpf.* words among others, quoted values, a bad word that leaves the
 * others applied, the arguments' --KEY VALUE and the real init's after "--".
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../bpf/collector.h"
#include "../../tools/init_opts.h"
#include "../../tools/trace/select.h"

#define EV(t) (1u << (t))

static char why[256];

static void defaults(void **state)
{
	struct init_opts o;

	(void)state;
	init_opts_default(&o);
	assert_int_equal(o.mask, trace_all_events());
	assert_true(o.duration == INIT_DEFAULT_DURATION);
	assert_int_equal(o.out, INIT_OUT_CONSOLE);
	assert_null(o.out_path);
	assert_false(o.json);
	assert_null(o.root);
	assert_null(o.then);
	assert_int_equal(o.max_bytes, 16u << 20);
	assert_true(o.wait == INIT_DEFAULT_WAIT);
}

static void cmdline_all(void **state)
{
	char line[] = "BOOT_IMAGE=/vmlinuz root=/dev/vda ro barebpf.events=exec,exit quiet "
		      "barebpf.duration=2.5 barebpf.out=/run/barebpf.log barebpf.json=1 "
		      "barebpf.root=/newroot barebpf.then=\"/sbin/init\" barebpf.max-bytes=64K "
		      "barebpf.wait=7 console=ttyS0\n";
	struct init_opts o;

	(void)state;
	init_opts_default(&o);
	assert_int_equal(init_opts_cmdline(&o, line, why, sizeof(why)), 0);
	assert_int_equal(o.mask, EV(BBPF_EV_EXEC) | EV(BBPF_EV_EXIT));
	assert_true(o.duration == 2.5);
	assert_int_equal(o.out, INIT_OUT_FILE);
	assert_string_equal(o.out_path, "/run/barebpf.log");
	assert_true(o.json);
	assert_string_equal(o.root, "/newroot");
	assert_string_equal(o.then, "/sbin/init");
	assert_int_equal(o.max_bytes, 64 * 1024);
	assert_true(o.wait == 7);
}

static void cmdline_quotes_and_end(void **state)
{
	char line[] = "a=\"x y\" \"barebpf.then=/bin/my init\" barebpf.json -- barebpf.json=0 "
		      "barebpf.events=none";
	struct init_opts o;

	(void)state;
	init_opts_default(&o);
	assert_int_equal(init_opts_cmdline(&o, line, why, sizeof(why)), 0);
	assert_string_equal(o.then, "/bin/my init");
	assert_true(o.json); /* after "--": the init's arguments, not read */
	assert_int_equal(o.mask, trace_all_events());
}

static void cmdline_bad_words(void **state)
{
	char line[] = "barebpf.events=exec,nope barebpf.duration=-1 barebpf.out=kmsg "
		      "barebpf.colour=red barebpf.then=sbin/init barebpf.json=maybe "
		      "barebpf.max_bytes=12Q barebpf.duration=9 barebpf.root";
	struct init_opts o;

	(void)state;
	init_opts_default(&o);
	assert_int_equal(init_opts_cmdline(&o, line, why, sizeof(why)), 7);
	assert_string_equal(why, "barebpf.events 'exec,nope': unknown event at 'nope' (exec exit "
				 "fork ..., all or none)");
	/* the good words around them applied, the bad ones left the defaults */
	assert_int_equal(o.mask, trace_all_events());
	assert_int_equal(o.out, INIT_OUT_KMSG);
	assert_true(o.duration == 9);
	assert_null(o.then);
	assert_false(o.json);
	assert_int_equal(o.max_bytes, INIT_DEFAULT_MAX_BYTES);
	assert_null(o.root);
}

struct set_case {
	const char *key, *val;
	int ret;
	const char *why;
};

static const struct set_case set_cases[] = {
	{ "events", "none", 0, NULL },
	{ "events", "all", 0, NULL },
	{ "out", "console", 0, NULL },
	{ "out", "/var/log/", -EINVAL,
	  "out '/var/log/': expected console, kmsg or a file's absolute path" },
	{ "out", "log.txt", -EINVAL,
	  "out 'log.txt': expected console, kmsg or a file's absolute path" },
	{ "duration", "0", 0, NULL },
	{ "duration", "", -EINVAL, "duration '': expected seconds" },
	{ "duration", "nan", -EINVAL, "duration 'nan': expected seconds" },
	{ "wait", "1e10", -EINVAL, "wait '1e10': expected seconds" },
	{ "max_bytes", "0", -EINVAL, "max_bytes '0': expected bytes above 0 (K, M, G allowed)" },
	{ "max_bytes", "1MB", -EINVAL,
	  "max_bytes '1MB': expected bytes above 0 (K, M, G allowed)" },
	{ "max_bytes", "-5", -EINVAL, "max_bytes '-5': expected bytes above 0 (K, M, G allowed)" },
	{ "max_bytes", "17179869184G", -EINVAL,
	  "max_bytes '17179869184G': expected bytes above 0 (K, M, G allowed)" },
	{ "max_bytes", "2G", 0, NULL },
	{ "json", NULL, 0, NULL },
	{ "json", "off", 0, NULL },
	{ "then", NULL, -EINVAL, "then needs a value" },
	{ "root", "newroot", -EINVAL, "root 'newroot': expected an absolute path" },
	{ "eventz", "exec", -EINVAL,
	  "unknown option 'eventz' (events, duration, out, json, max_bytes, root, then, wait)" },
};

static void set_each(void **state)
{
	struct init_opts o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(set_cases) / sizeof(set_cases[0]); i++) {
		const struct set_case *c = &set_cases[i];

		init_opts_default(&o);
		why[0] = 0;
		assert_int_equal(init_opts_set(&o, c->key, c->val, why, sizeof(why)), c->ret);
		assert_string_equal(why, c->why ? c->why : "");
	}
	init_opts_default(&o);
	assert_int_equal(init_opts_set(&o, "max-bytes", "2G", why, sizeof(why)), 0);
	assert_int_equal(o.max_bytes, 2ull << 30);
	assert_int_equal(init_opts_set(&o, "events", "none", why, sizeof(why)), 0);
	assert_int_equal(o.mask, 0);
	assert_int_equal(init_opts_set(&o, "json", "yes", why, sizeof(why)), 0);
	assert_true(o.json);
	assert_int_equal(init_opts_set(&o, "json", "off", why, sizeof(why)), 0);
	assert_false(o.json);
}

static void args_and_init_args(void **state)
{
	char *argv[] = { "--events", "fork",	"--json", "--out", "kmsg",
			 "--then",   "/bin/sh", "--",	  "-c",	   "echo hi" };
	struct init_opts o;

	(void)state;
	init_opts_default(&o);
	assert_int_equal(init_opts_args(&o, 10, argv, why, sizeof(why)), 8);
	assert_int_equal(o.mask, EV(BBPF_EV_FORK));
	assert_true(o.json);
	assert_int_equal(o.out, INIT_OUT_KMSG);
	assert_string_equal(o.then, "/bin/sh");
	assert_int_equal(init_opts_args(&o, 7, argv, why, sizeof(why)), 7);
	assert_int_equal(init_opts_args(&o, 0, argv, why, sizeof(why)), 0);
}

static void args_bad(void **state)
{
	char *missing[] = { "--json", "--duration" };
	char *stray[] = { "--json", "exec" };
	char *bad_val[] = { "--duration", "soon" };
	struct init_opts o;

	(void)state;
	init_opts_default(&o);
	assert_int_equal(init_opts_args(&o, 2, missing, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "--duration needs a value");
	assert_int_equal(init_opts_args(&o, 2, stray, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "unexpected argument 'exec' (options are --KEY VALUE)");
	assert_int_equal(init_opts_args(&o, 2, bad_val, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "duration 'soon': expected seconds");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(cmdline_all),
		cmocka_unit_test(cmdline_quotes_and_end),
		cmocka_unit_test(cmdline_bad_words),
		cmocka_unit_test(set_each),
		cmocka_unit_test(args_and_init_args),
		cmocka_unit_test(args_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
