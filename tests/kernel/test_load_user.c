// SPDX-License-Identifier: BSD-2-Clause
/*
 * Pinning and map defaults at load on the real kernel (issue 10, items 2, 3
 * and 5):
 *   - maps are pinned under their full names (two names sharing their first
 *     15 characters no longer collide);
 *   - a failure while pinning removes every pin and directory it made;
 *   - a missing parent directory and a directory outside bpffs are refused
 *     before anything is made, naming the path;
 *   - a perf event array without max_entries gets one slot per possible CPU;
 *   - a map left unsized names itself and says --map NAME.max_entries=N;
 *   - a program of an unknown section fails the load, naming the nearest
 *     known section, unless it is left out;
 *   - a weak kfunc declared without parameter names keeps the object's BTF,
 *     and .rodata is bound to each program (map_ids as libbpf's).
 * Needs root.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "../helpers/ktest.h"

#define BPFFS_MAGIC 0xcafe4a11
#define PIN_OBJ	    "build/progs/pin_names.bpf.o"

static char dir[128];

static struct bbpf_obj *load(const char *path, int want)
{
	struct bbpf_obj *obj = NULL;

	assert_int_equal(bbpf_obj_open_file(path, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), want);
	return obj;
}

static bool exists(const char *fmt, const char *a, const char *b)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), fmt, a, b);
	return !stat(path, &st);
}

static void rm_tree(const char *d)
{
	char path[512];
	struct dirent *e;
	DIR *dp = opendir(d);

	while (dp && (e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", d, e->d_name);
		if (e->d_type == DT_DIR)
			rm_tree(path);
		else
			unlink(path);
	}
	if (dp)
		closedir(dp);
	rmdir(d);
}

static int setup(void **state)
{
	(void)state;
	if (ktest_mount("bpf", "/sys/fs/bpf", BPFFS_MAGIC))
		return -1;
	snprintf(dir, sizeof(dir), "/sys/fs/bpf/bbpf_test_pin_%d", getpid());
	rm_tree(dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

/* The highest CPU id of /sys/devices/system/cpu/possible, + 1. */
static unsigned int possible_cpus(void)
{
	char buf[256], *p;
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");

	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	p = buf + strcspn(buf, "\n");
	while (p > buf && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return (unsigned int)atoi(p) + 1;
}

static void test_full_names(void **state)
{
	struct bbpf_obj *obj = load(PIN_OBJ, 0);
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int idx;

	(void)state;
	assert_int_equal(bbpf_obj_pin_all(obj, dir), 0);
	assert_true(exists("%s/maps/%s", dir, "process_exec_count"));
	assert_true(exists("%s/maps/%s", dir, "process_exec_comm"));
	assert_true(exists("%s/maps/%s", dir, "events"));
	assert_true(exists("%s/maps/%s", dir, "pin_name_rodata")); /* libbpf's name for it */
	assert_true(exists("%s/progs/%s", dir, "count_exec"));
	assert_false(exists("%s/%s", dir, "links")); /* left to links */
	/* The perf event array has one slot per possible CPU. */
	idx = bbpf_obj_find_map(obj, "events");
	assert_true(idx >= 0);
	memset(&info, 0, sizeof(info));
	assert_int_equal(
		bbpf_sys_obj_get_info_by_fd(bbpf_map_fd(bbpf_obj_map(obj, (size_t)idx)), &info, &len),
		0);
	assert_int_equal(info.max_entries, possible_cpus());
	bbpf_obj_close(obj);
	rm_tree(dir);
}

/* A pin that fails halfway: what was made before it is removed again. */
static void test_failure_removes_pins(void **state)
{
	struct bbpf_obj *obj = load(PIN_OBJ, 0);
	char path[256];

	(void)state;
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/progs", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/progs/count_exec", dir);
	assert_int_equal(mkdir(path, 0700), 0); /* in the way of the program's pin */
	ktest_capture_start();
	assert_int_equal(bbpf_obj_pin_all(obj, dir), -EEXIST);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, path));
	assert_false(exists("%s/%s", dir, "maps")); /* its pins and the directory: gone */
	assert_true(exists("%s/%s", dir, "progs/count_exec")); /* not ours: kept */
	bbpf_obj_close(obj);
	rm_tree(dir);
}

static void test_missing_parent(void **state)
{
	struct bbpf_obj *obj = load(PIN_OBJ, 0);
	char path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/sub", dir);
	ktest_capture_start();
	assert_int_equal(bbpf_obj_pin_all(obj, path), -ENOENT);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, dir));
	assert_non_null(strstr(ktest_msgs, "does not exist"));
	assert_false(exists("%s%s", dir, ""));
	bbpf_obj_close(obj);
}

static void test_not_bpffs(void **state)
{
	struct bbpf_obj *obj = load(PIN_OBJ, 0);
	char tmp[] = "/tmp/bbpf_test_pin_XXXXXX", sub[64];
	DIR *dp;
	int n = 0;

	(void)state;
	mkdir("/tmp", 01777); /* the matrix's initramfs may have none */
	assert_non_null(mkdtemp(tmp));
	ktest_capture_start();
	assert_int_equal(bbpf_obj_pin_all(obj, tmp), -EINVAL);
	assert_non_null(strstr(ktest_msgs, "not a BPF filesystem (mount -t bpf"));
	snprintf(sub, sizeof(sub), "%s/pins", tmp);
	assert_int_equal(bbpf_obj_pin_all(obj, sub), -EINVAL); /* not made either */
	ktest_capture_stop();
	dp = opendir(tmp);
	assert_non_null(dp);
	while (readdir(dp))
		n++;
	closedir(dp);
	assert_int_equal(n, 2); /* "." and "..": no maps/ left behind */
	rmdir(tmp);
	bbpf_obj_close(obj);
}

static void test_unsized_map(void **state)
{
	struct bbpf_obj *obj;

	(void)state;
	ktest_capture_start();
	obj = load("build/progs/map_unsized.bpf.o", -EINVAL);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "map 'sized_later'"));
	assert_non_null(strstr(ktest_msgs, "--map sized_later.max_entries=N"));
	bbpf_obj_close(obj);
	obj = NULL;
	assert_int_equal(bbpf_obj_open_file("build/progs/map_unsized.bpf.o", NULL, &obj), 0);
	assert_int_equal(bbpf_obj_apply_map(obj, "sized_later.max_entries=16"), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	bbpf_obj_close(obj);
}

static void test_unknown_section(void **state)
{
	static const char *const typo[] = { "typo" }, *const good[] = { "good" };
	struct bbpf_obj *obj;
	const char *path = "build/progs/sec_typo.bpf.o";

	(void)state;
	ktest_capture_start();
	obj = load(path, -EOPNOTSUPP);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "'tracepont/syscalls/sys_enter_getpid'"));
	assert_non_null(strstr(ktest_msgs, "did you mean 'tracepoint'"));
	assert_non_null(strstr(ktest_msgs, "--skip typo"));
	bbpf_obj_close(obj);
	/* Left out: a warning, and the other program loads. */
	assert_int_equal(bbpf_obj_open_file(path, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_select_progs(obj, NULL, 0, typo, 1), 0);
	ktest_capture_start();
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "W:barebpf: warning: prog 'typo'"));
	bbpf_obj_close(obj);
	assert_int_equal(bbpf_obj_open_file(path, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_select_progs(obj, good, 1, NULL, 0), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	bbpf_obj_close(obj);
	/* Naming another program does not fail because of it; asking for it does. */
	assert_int_equal(bbpf_obj_open_file(path, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_select_progs(obj, NULL, 0, good, 1), 0);
	assert_int_equal(bbpf_obj_select_progs(obj, typo, 1, NULL, 0), -EOPNOTSUPP);
	assert_int_equal(bbpf_obj_load(obj, NULL), -EOPNOTSUPP);
	bbpf_obj_close(obj);
}

static void test_weak_kfunc_btf(void **state)
{
	struct bbpf_obj *obj;
	struct bpf_prog_info info;
	__u32 len = sizeof(info), ids[4] = { 0 };
	struct bpf_map_info minfo;
	__u32 mlen = sizeof(minfo);
	int idx, rodata_fd;

	(void)state;
	ktest_capture_start();
	obj = load("build/progs/kfunc_weak.bpf.o", 0);
	ktest_capture_stop();
	assert_null(strstr(ktest_msgs, "refused the object's BTF"));
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = 4;
	info.map_ids = (__u64)(unsigned long)ids;
	idx = bbpf_obj_find_prog(obj, "call_weak");
	assert_true(idx >= 0);
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(bbpf_prog_fd(bbpf_obj_prog(obj, (size_t)idx)),
						     &info, &len),
			 0);
	assert_true(info.btf_id > 0);	  /* the object's BTF, kept */
	assert_true(info.nr_func_info > 0); /* and its func_info */
	idx = bbpf_obj_find_map(obj, ".rodata");
	assert_true(idx >= 0);
	rodata_fd = bbpf_map_fd(bbpf_obj_map(obj, (size_t)idx));
	memset(&minfo, 0, sizeof(minfo));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(rodata_fd, &minfo, &mlen), 0);
	assert_true(info.nr_map_ids >= 1);
	assert_true(ids[0] == minfo.id || ids[1] == minfo.id || ids[2] == minfo.id);
	bbpf_obj_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_removes_pins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_bpffs, setup, teardown),
		cmocka_unit_test(test_unsized_map),
		cmocka_unit_test(test_unknown_section),
		cmocka_unit_test(test_weak_kfunc_btf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
