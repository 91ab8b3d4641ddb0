// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/kernel/btf.c on a real kernel: /sys/kernel/btf/vmlinux is mapped where
 * the kernel allows it (the mapping shows in /proc/self/maps) and read
 * where it does not (older kernels: the matrix's 5.10/6.1/6.12), and either
 * way it is the same BTF as the read path gives; module BTFs come along in
 * the set. Skips only when the kernel has no BTF in sysfs.
 */
#include <errno.h>
#include <fcntl.h>
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

#define SYSFS_BTF "/sys/kernel/btf/vmlinux"

static bool sysfs_btf_usable(void)
{
	struct stat st;

	return !stat(SYSFS_BTF, &st) && st.st_size > 0;
}

/* Whether this kernel maps its BTF (test code: asks mmap(2) itself). */
static bool kernel_maps_btf(void)
{
	int fd = open(SYSFS_BTF, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *p;

	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return false;
	munmap(p, st.st_size);
	return true;
}

/* Whether a mapping of sysfs BTF starts at @addr, per /proc/self/maps. */
static bool mapped_at(const void *addr)
{
	char line[512], want[32];
	bool found = false;
	FILE *f;

	snprintf(want, sizeof(want), "%lx-", (unsigned long)addr);
	f = fopen("/proc/self/maps", "re");
	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, want, strlen(want)) && strstr(line, SYSFS_BTF);
	fclose(f);
	return found;
}

static void test_vmlinux(void **state)
{
	struct bbpf_btf *mapped, *read;
	const void *a, *b;
	size_t sa, sb;
	int id;

	(void)state;
	if (!sysfs_btf_usable())
		skip();
	assert_int_equal(bbpf_kbtf_open_file(SYSFS_BTF, NULL, &mapped), 0);
	assert_int_equal(bbpf_btf_open(SYSFS_BTF, NULL, NULL, &read), 0);
	a = bbpf_btf_raw(mapped, &sa);
	b = bbpf_btf_raw(read, &sb);
	assert_int_equal(sa, sb);
	assert_memory_equal(a, b, sa);
	assert_int_equal(mapped_at(a), kernel_maps_btf());
	print_message("kbtf: %s BTF is %s\n", SYSFS_BTF,
		      mapped_at(a) ? "mapped" : "read (the kernel does not map it)");
	assert_int_equal(bbpf_btf_type_cnt(mapped), bbpf_btf_type_cnt(read));
	id = bbpf_btf_find_by_name_kind(mapped, "task_struct", BTF_KIND_STRUCT);
	assert_true(id > 0);
	assert_int_equal(bbpf_btf_find_by_name_kind(read, "task_struct", BTF_KIND_STRUCT), id);
	bbpf_btf_free(read);
	bbpf_btf_free(mapped);
	assert_false(mapped_at(a)); /* unmapped with the BTF */
}

/* The host's set: vmlinux (the lookup order's first hit here) and the modules it has. */
static void test_set(void **state)
{
	struct bbpf_btf_target t = { 0 };
	const struct bbpf_btf *const *btfs;
	struct bbpf_kbtf_set *set;
	uint32_t i;

	(void)state;
	if (!sysfs_btf_usable() || getenv("BAREBPF_BTF"))
		skip();
	bbpf_btf_target_host(&t);
	assert_int_equal(bbpf_kbtf_set_open(&t, &set), 0);
	btfs = bbpf_kbtf_set_btfs(set);
	assert_string_equal(bbpf_kbtf_set_names(set)[0], SYSFS_BTF);
	for (i = 1; i < bbpf_kbtf_set_cnt(set); i++)
		assert_ptr_equal(bbpf_btf_base(btfs[i]), btfs[0]);
	print_message("kbtf: vmlinux and %u module BTF(s)\n", bbpf_kbtf_set_cnt(set) - 1);
	bbpf_kbtf_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmlinux),
		cmocka_unit_test(test_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
