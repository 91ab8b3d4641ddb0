// SPDX-License-Identifier: BSD-2-Clause
/*
 * The options before load on the real kernel (load_opts.bpf.c): --set
 * changes what a program reads, --only/--skip load only the chosen programs,
 * --map resizes a map, and a failed load still refuses later changes. The
 * same through `barebpf load`: exit 0, 1 for a value the object refuses, 2
 * for bad syntax. Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/obj.h>
#include <barebpf/sys.h>

#include "../helpers/cli_child.h"

#define OBJ "build/progs/load_opts.bpf.o"

struct seen {
	__u32 limit, port, ran_b;
};

static struct bbpf_obj *open_obj(void)
{
	struct bbpf_obj *obj = NULL;

	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	return obj;
}

static const struct bbpf_prog *prog(const struct bbpf_obj *obj, const char *name)
{
	size_t i;

	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++)
		if (!strcmp(bbpf_prog_name(bbpf_obj_prog(obj, i)), name))
			return bbpf_obj_prog(obj, i);
	fail_msg("no program '%s'", name);
	return NULL;
}

static int map_fd(const struct bbpf_obj *obj, const char *name)
{
	int idx = bbpf_obj_find_map(obj, name);

	assert_true(idx >= 0);
	return bbpf_map_fd(bbpf_obj_map(obj, (size_t)idx));
}

/* Runs @name once and reads .bss back. */
static void run(const struct bbpf_obj *obj, const char *name, struct seen *s)
{
	struct bbpf_sys_prog_test_run_opts o = { .sz = sizeof(o) };
	__u64 ctx[6] = { 0 };
	__u32 zero = 0;

	o.ctx_in = ctx;
	o.ctx_size_in = sizeof(ctx);
	assert_int_equal(bbpf_sys_prog_test_run(bbpf_prog_fd(prog(obj, name)), &o), 0);
	assert_int_equal(o.retval, 0); /* else: the failing check's line */
	assert_int_equal(bbpf_sys_map_lookup_elem(map_fd(obj, ".bss"), &zero, s, 0), 0);
}

static void test_set(void **state)
{
	struct bbpf_obj *obj = open_obj();
	struct seen s;

	(void)state;
	assert_int_equal(bbpf_obj_apply_set(obj, "limit=1234"), 0);
	assert_int_equal(bbpf_obj_apply_set(obj, "port=0x1f90"), 0);
	assert_int_equal(bbpf_obj_apply_set(obj, "port=70000"), -E2BIG); /* a u16 */
	assert_int_equal(bbpf_obj_apply_set(obj, "nothere=1"), -ENOENT);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	run(obj, "prog_a", &s);
	assert_int_equal(s.limit, 1234);
	assert_int_equal(s.port, 8080);
	assert_int_equal(bbpf_obj_apply_set(obj, "limit=1"), -EBUSY);
	bbpf_obj_close(obj);
}

static void test_only_skip(void **state)
{
	const char *a[] = { "prog_a" }, *b[] = { "prog_b" }, *bad[] = { "nothere" };
	struct bbpf_obj *obj = open_obj();

	(void)state;
	assert_int_equal(bbpf_obj_select_progs(obj, bad, 1, NULL, 0), -ENOENT);
	assert_int_equal(bbpf_obj_select_progs(obj, a, 1, NULL, 0), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	assert_true(bbpf_prog_fd(prog(obj, "prog_a")) > 2);
	assert_int_equal(bbpf_prog_fd(prog(obj, "prog_b")), -ENOENT);
	bbpf_obj_close(obj);

	obj = open_obj();
	assert_int_equal(bbpf_obj_select_progs(obj, NULL, 0, a, 1), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	assert_int_equal(bbpf_prog_fd(prog(obj, "prog_a")), -ENOENT);
	assert_true(bbpf_prog_fd(prog(obj, "prog_b")) > 2);
	assert_int_equal(bbpf_obj_select_progs(obj, NULL, 0, b, 1), -EBUSY);
	bbpf_obj_close(obj);
}

static void test_map(void **state)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	struct bbpf_obj *obj = open_obj();

	(void)state;
	assert_int_equal(bbpf_obj_apply_map(obj, "sized.max_entries=4096"), 0);
	assert_int_equal(bbpf_obj_apply_map(obj, "sized.value_size=16"), 0);
	assert_int_equal(bbpf_obj_apply_map(obj, "nothere.max_entries=2"), -ENOENT);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	memset(&info, 0, sizeof(info));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(map_fd(obj, "sized"), &info, &len), 0);
	assert_int_equal(info.max_entries, 4096);
	assert_int_equal(info.value_size, 16);
	bbpf_obj_close(obj);
}

/*
 * A load that fails leaves the object as opened: the setters work again and
 * the next load (here with a target BTF that exists) succeeds.
 */
static void test_after_failed_load(void **state)
{
	struct bbpf_obj_load_opts lo = { .sz = sizeof(lo), .btf_path = "/nonexistent/vmlinux" };
	struct bbpf_obj *obj = NULL;

	(void)state;
	/* CO-RE with a target BTF that does not exist: the load fails before the kernel */
	assert_int_equal(bbpf_obj_open_file("build/progs/load_core.bpf.o", NULL, &obj), 0);
	assert_true(bbpf_obj_load(obj, &lo) < 0);
	assert_int_equal(bbpf_obj_apply_set(obj, "magic=1"), 0);
	assert_int_equal(bbpf_prog_set_autoload(bbpf_obj_prog_mut(obj, 0), true), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	assert_int_equal(bbpf_obj_apply_set(obj, "magic=2"), -EBUSY); /* while loaded */
	bbpf_obj_close(obj);
	obj = open_obj();
	assert_int_equal(bbpf_obj_apply_map(obj, "sized.max_entries=0"), -EINVAL);
	assert_int_equal(bbpf_obj_apply_set(obj, "limit=1"), 0);
	bbpf_obj_close(obj);
}

/* `barebpf load OBJ ARGS...` with stdout/stderr discarded: its exit status. */
static int cli(const char *path, const char *const *args, size_t n)
{
	const char *argv[16] = { path, "load", OBJ };
	int status;
	pid_t pid;

	memcpy(argv + 3, args, n * sizeof(*args));
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_cli(void **state)
{
	static const struct {
		const char *args[6];
		int status;
	} rows[] = {
		{ { "--set", "limit=5", "--set", "port=8", "--only", "prog_a" }, 0 },
		{ { "--skip", "prog_b", "--map", "sized.max_entries=64" }, 0 },
		{ { "--set", "nothere=1" }, 1 },
		{ { "--set", "port=70000" }, 1 },
		{ { "--only", "nothere" }, 1 },
		{ { "--map", "nothere.max_entries=2" }, 1 },
		{ { "--set", "limit" }, 2 },
		{ { "--map", "sized.flags=1" }, 2 },
		{ { "--map", "sized.max_entries=99999999999" }, 2 },
		{ { "--only" }, 2 },
	};
	const char *path = cli_path();
	size_t i, n;

	(void)state;
	if (!path) {
		print_message("[ SKIP     ] %s not built: the CLI rows are not run\n", CLI_BUILD);
		return;
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		for (n = 0; n < 6 && rows[i].args[n]; n++)
			;
		if (cli(path, rows[i].args, n) != rows[i].status)
			fail_msg("row %zu (%s %s): exit %d, expected %d", i, rows[i].args[0],
				 n > 1 ? rows[i].args[1] : "", cli(path, rows[i].args, n),
				 rows[i].status);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set), cmocka_unit_test(test_only_skip),
		cmocka_unit_test(test_map), cmocka_unit_test(test_after_failed_load),
		cmocka_unit_test(test_cli),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
