// SPDX-License-Identifier: BSD-2-Clause
/*
 * The target-BTF lookup on a real kernel (docs/ARCHITECTURE.md "Target BTF lookup
 * order"). On the host and in the matrix's first run the kernel's BTF is in
 * sysfs; in the matrix's "nobtf" run sysfs BTF is hidden and the kernel's BTF
 * exists only as a file ($BAREBPF_BTF) and in a btfhub-style tree
 * ($BAREBPF_MATRIX_BTF_DIR), as on a kernel built without
 * CONFIG_DEBUG_INFO_BTF. Either way the BTF found must be this kernel's.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/btf.h>
#include "../helpers/fixture.h"

#define SYSFS_BTF "/sys/kernel/btf/vmlinux"

/* A BTF that describes a running kernel has task_struct with a pid member. */
static void assert_kernel_btf(const struct bbpf_btf *btf)
{
	struct bbpf_btf_field f;
	int id;

	assert_true(bbpf_btf_type_cnt(btf) > 1000);
	id = bbpf_btf_find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	assert_true(id > 0);
	assert_int_equal(bbpf_btf_find_member(btf, id, "pid", &f), 0);
}

static int sysfs_btf_usable(void)
{
	struct stat st;

	return !stat(SYSFS_BTF, &st) && st.st_size > 0;
}

/* Explicit BAREBPF_BTF first, sysfs next: whichever the environment gives. */
static void test_host_lookup(void **state)
{
	struct bbpf_btf_target t = { 0 };
	const char *env = getenv("BAREBPF_BTF");
	struct bbpf_btf *btf = NULL;
	char path[512];

	(void)state;
	bbpf_btf_target_host(&t);
	if (!env && !sysfs_btf_usable())
		skip(); /* no kernel BTF anywhere: nothing to look up */
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), 0);
	assert_string_equal(path, env ? env : SYSFS_BTF);
	assert_int_equal(bbpf_btf_open_target(&t, NULL, &btf), 0);
	assert_kernel_btf(btf);
	bbpf_btf_free(btf);
}

/*
 * Copies @src into DIR/<a>/<b>/<c>/<name> below @dir, making the
 * directories (no shell: the matrix's initramfs has none).
 */
static void put_file(const char *src, const char *dir, const char *const parts[4], char *out,
		     size_t out_sz)
{
	size_t len, sz;
	void *data;
	FILE *f;
	int i;

	len = (size_t)snprintf(out, out_sz, "%s", dir);
	for (i = 0; i < 3; i++) {
		len += (size_t)snprintf(out + len, out_sz - len, "/%s", parts[i]);
		assert_true(len < out_sz);
		assert_true(!mkdir(out, 0700) || errno == EEXIST);
	}
	snprintf(out + len, out_sz - len, "/%s.btf", parts[3]);
	assert_int_equal(slurp(src, &data, &sz), 0);
	f = fopen(out, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, sz, f), sz);
	assert_int_equal(fclose(f), 0);
	free(data);
}

/* Removes file @path and its parent directories up to (not including) @top. */
static void remove_tree(char *path, const char *top)
{
	char *slash;

	unlink(path);
	while ((slash = strrchr(path, '/')) && slash > path + strlen(top)) {
		*slash = 0;
		rmdir(path);
	}
}

/*
 * A btfhub tree: DIR/<ID>/<VERSION_ID>/<arch>/<release>.btf. With no system
 * path present (root points at an empty directory) the tree is what is found.
 */
static void test_btfhub_tree(void **state)
{
	const char *dir = getenv("BAREBPF_MATRIX_BTF_DIR");
	struct bbpf_btf_target t = { 0 };
	char tmp[] = "/tmp/bbpf-btfhub-XXXXXX", empty[64], want[512] = "", path[512];
	struct bbpf_btf *btf = NULL;

	(void)state;
	assert_non_null(mkdtemp(tmp));
	bbpf_btf_target_host(&t);
	t.env_btf = NULL;
	t.os_id = t.os_id ? t.os_id : "debian";
	t.os_version = t.os_version ? t.os_version : "12";
	if (!dir) {
		if (!sysfs_btf_usable())
			skip();
		/* btfhub-archive's directory names: x86_64, arm64 (not aarch64) */
		const char *arch = strcmp(t.machine, "aarch64") ? t.machine : "arm64";
		const char *const parts[4] = { t.os_id, t.os_version, arch, t.release };

		dir = tmp;
		put_file(SYSFS_BTF, dir, parts, want, sizeof(want));
	}
	t.btf_dir = dir;
	snprintf(empty, sizeof(empty), "%s/emptyroot", tmp);
	assert_int_equal(mkdir(empty, 0700), 0);
	t.root = empty;
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), 0);
	assert_non_null(strstr(path, t.release));
	assert_int_equal(bbpf_btf_open_target(&t, NULL, &btf), 0);
	assert_kernel_btf(btf);
	bbpf_btf_free(btf);

	/* Without the tree there is nothing: -ENOENT, not a crash or a wrong file. */
	t.btf_dir = empty;
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), -ENOENT);
	rmdir(empty);
	if (*want)
		remove_tree(want, tmp);
	rmdir(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_lookup),
		cmocka_unit_test(test_btfhub_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
