// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/kernel/btf.c: the mapper it gives bbpf_btf_open() (through the fake
 * syscall layer, tests/fakes/fake_sys.c: every mmap and munmap is stated)
 * and the vmlinux + modules set, on a tree of files standing for sysfs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/btf.h>
#include <barebpf/kbtf.h>
#include "../helpers/btf_build.h"
#include "../helpers/fixture.h"
#include "load/internal.h"

static char tmpdir[64];

/* Writes @sz bytes to @name under the test's directory (parents made); returns the path. */
static const char *put(const char *name, const void *data, size_t sz)
{
	static char path[256];
	char *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	for (slash = strchr(path + strlen(tmpdir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, sz, f), sz);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* "int", "s" { int a; }: three types. */
static void *small_blob(size_t *sz)
{
	struct btfb b;
	uint32_t i;
	void *blob;

	btfb_init(&b);
	i = btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_struct(&b, "s", 4, 1);
	btfb_member(&b, "a", i, 0);
	btfb_ref(&b, BTF_KIND_PTR, NULL, 2);
	blob = btfb_blob(&b, sz);
	btfb_free(&b);
	return blob;
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bbpf-kbtf-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

/* BBPF_KBTF_MAP_ANY maps through bbpf_sys_mmap() (read-only, private) and unmaps at free. */
static void test_map_any(void **state)
{
	struct bbpf_btf_open_opts opts;
	struct bbpf_btf *btf;
	size_t sz, raw_sz;
	void *blob, *map;

	(void)state;
	blob = small_blob(&sz);
	/* The "mapping": an aligned copy, which the parse borrows. */
	map = aligned_alloc(4096, 4096);
	memcpy(map, blob, sz);
	bbpf_kbtf_open_opts(&opts, BBPF_KBTF_MAP_ANY);
	expect_value(bbpf_sys_mmap, len, sz);
	expect_value(bbpf_sys_mmap, prot, PROT_READ);
	expect_any(bbpf_sys_mmap, fd);
	expect_value(bbpf_sys_mmap, off, 0);
	will_return(bbpf_sys_mmap, 0);
	will_return(bbpf_sys_mmap, map);
	assert_int_equal(bbpf_btf_open(put("any.btf", blob, sz), NULL, &opts, &btf), 0);
	assert_ptr_equal(bbpf_btf_raw(btf, &raw_sz), map);
	assert_int_equal(raw_sz, sz);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "s", BTF_KIND_STRUCT), 2);
	expect_value(bbpf_sys_munmap, addr, map);
	expect_value(bbpf_sys_munmap, len, sz);
	will_return(bbpf_sys_munmap, 0);
	bbpf_btf_free(btf);
	free(map);
	free(blob);
}

/* A refused mmap (an older kernel's sysfs) falls back to reading. */
static void test_map_refused(void **state)
{
	struct bbpf_btf_open_opts opts;
	struct bbpf_btf *btf;
	size_t sz, raw_sz;
	void *blob;

	(void)state;
	blob = small_blob(&sz);
	bbpf_kbtf_open_opts(&opts, BBPF_KBTF_MAP_ANY);
	expect_value(bbpf_sys_mmap, len, sz);
	expect_value(bbpf_sys_mmap, prot, PROT_READ);
	expect_any(bbpf_sys_mmap, fd);
	expect_value(bbpf_sys_mmap, off, 0);
	will_return(bbpf_sys_mmap, -ENODEV);
	assert_int_equal(bbpf_btf_open(put("refused.btf", blob, sz), NULL, &opts, &btf), 0);
	assert_memory_equal(bbpf_btf_raw(btf, &raw_sz), blob, sz);
	bbpf_btf_free(btf); /* no munmap queued: none may happen */
	free(blob);
}

/*
 * The default policy maps only sysfs files: a regular file is read, and so
 * is everything with BBPF_KBTF_MAP_NEVER (no mmap queued: one would fail).
 */
static void test_map_declined(void **state)
{
	struct bbpf_btf_open_opts opts;
	struct bbpf_btf *btf;
	const char *path;
	void *blob;
	size_t sz;

	(void)state;
	blob = small_blob(&sz);
	path = put("plain.btf", blob, sz);
	assert_int_equal(bbpf_kbtf_open_file(path, NULL, &btf), 0);
	assert_int_equal(bbpf_btf_type_cnt(btf), 4);
	bbpf_btf_free(btf);
	bbpf_kbtf_open_opts(&opts, BBPF_KBTF_MAP_NEVER);
	assert_int_equal(bbpf_btf_open(path, NULL, &opts, &btf), 0);
	bbpf_btf_free(btf);
	/* An unknown policy is "never". */
	bbpf_kbtf_open_opts(&opts, (enum bbpf_kbtf_map)42);
	assert_int_equal(bbpf_btf_open(path, NULL, &opts, &btf), 0);
	bbpf_btf_free(btf);
	free(blob);
}

/* vmlinux from the lookup order, plus every module of its directory; a broken one is skipped. */
static void test_set(void **state)
{
	struct bbpf_btf_target t = { 0 };
	const struct bbpf_btf *const *btfs;
	const char *const *names;
	struct bbpf_kbtf_set *set;
	struct btfb b;
	char root[128];
	void *blob;
	size_t sz;

	(void)state;
	blob = small_blob(&sz);
	put("root/sys/kernel/btf/vmlinux", blob, sz);
	free(blob);
	btfb_init_split(&b, 4, 1 + 4 + 2 + 2); /* "", "int", "s", "a" */
	btfb_ref(&b, BTF_KIND_TYPEDEF, "s_ptr", 3);
	blob = btfb_blob(&b, &sz);
	put("root/sys/kernel/btf/mymod", blob, sz);
	put("root/sys/kernel/btf/broken", "not BTF at all", 14);
	snprintf(root, sizeof(root), "%s/root", tmpdir);
	t.root = root;
	assert_int_equal(bbpf_kbtf_set_open(&t, &set), 0);
	assert_int_equal(bbpf_kbtf_set_cnt(set), 2);
	btfs = bbpf_kbtf_set_btfs(set);
	names = bbpf_kbtf_set_names(set);
	assert_non_null(strstr(names[0], "/sys/kernel/btf/vmlinux"));
	assert_string_equal(names[1], "mymod");
	assert_ptr_equal(bbpf_btf_base(btfs[1]), btfs[0]);
	assert_int_equal(bbpf_btf_find_by_name_kind(btfs[1], "s_ptr", BTF_KIND_TYPEDEF), 4);
	bbpf_kbtf_set_free(set);
	bbpf_kbtf_set_free(NULL);
	free(blob);
	btfb_free(&b);
}

/* A target given by path (--btf) is opened alone: modules belong to the running kernel. */
static void test_set_explicit(void **state)
{
	struct bbpf_btf_target t = { 0 };
	struct bbpf_kbtf_set *set;
	struct bbpf_btf *btf;
	char root[128];

	(void)state;
	snprintf(root, sizeof(root), "%s/root", tmpdir);
	t.root = root;
	t.btf_path = fixture_path("btf/allkinds.btf");
	assert_int_equal(bbpf_kbtf_set_open(&t, &set), 0);
	assert_int_equal(bbpf_kbtf_set_cnt(set), 1);
	assert_string_equal(bbpf_kbtf_set_names(set)[0], t.btf_path);
	bbpf_kbtf_set_free(set);
	assert_int_equal(bbpf_kbtf_open(&t, &btf), 0);
	assert_int_equal(bbpf_btf_type_cnt(btf), 25);
	bbpf_btf_free(btf);
	t.btf_path = "/nonexistent/vmlinux";
	assert_int_equal(bbpf_kbtf_set_open(&t, &set), -ENOENT);
	assert_int_equal(bbpf_kbtf_open(&t, &btf), -ENOENT);
}

/* attach targets (loader/load/attach_btf.c): vmlinux first, then a module's own types. */
static void test_attach_btf_lookup(void **state)
{
	struct bbpf_btf_target t = { 0 };
	struct bbpf_kbtf_set *set;
	struct btfb b;
	char root[128];
	uint32_t mod = 9;
	void *blob;
	size_t sz;

	(void)state;
	blob = small_blob(&sz);
	put("root2/sys/kernel/btf/vmlinux", blob, sz);
	free(blob);
	btfb_init_split(&b, 4, 1 + 4 + 2 + 2); /* "", "int", "s", "a" */
	btfb_ref(&b, BTF_KIND_TYPEDEF, "s_ptr", 3);
	blob = btfb_blob(&b, &sz);
	put("root2/sys/kernel/btf/mymod", blob, sz);
	snprintf(root, sizeof(root), "%s/root2", tmpdir);
	t.root = root;
	assert_int_equal(bbpf_kbtf_set_open(&t, &set), 0);
	assert_int_equal(bbpf__attach_btf_lookup(set, NULL, "s", BTF_KIND_STRUCT, &mod), 2);
	assert_int_equal(mod, 0); /* vmlinux's */
	assert_int_equal(bbpf__attach_btf_lookup(set, NULL, "s_ptr", BTF_KIND_TYPEDEF, &mod), 4);
	assert_int_equal(mod, 1); /* the module's: its index in the set */
	assert_int_equal(bbpf__attach_btf_lookup(set, "mymod", "s_ptr", BTF_KIND_TYPEDEF, &mod), 4);
	assert_int_equal(mod, 1);
	/* A module lookup sees vmlinux through its base: not the module's own type. */
	assert_int_equal(bbpf__attach_btf_lookup(set, "mymod", "s", BTF_KIND_STRUCT, &mod),
			 -ENOENT);
	assert_int_equal(bbpf__attach_btf_lookup(set, "other", "s_ptr", BTF_KIND_TYPEDEF, &mod),
			 -ENOENT);
	assert_int_equal(bbpf__attach_btf_lookup(set, NULL, "nope", BTF_KIND_TYPEDEF, &mod),
			 -ENOENT);
	assert_int_equal(mod, 0);
	assert_int_equal(bbpf__attach_btf_lookup(NULL, NULL, "s", BTF_KIND_STRUCT, &mod), -ENOENT);
	bbpf_kbtf_set_free(set);
	free(blob);
	btfb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_any),	     cmocka_unit_test(test_map_refused),
		cmocka_unit_test(test_map_declined), cmocka_unit_test(test_set),
		cmocka_unit_test(test_set_explicit), cmocka_unit_test(test_attach_btf_lookup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
