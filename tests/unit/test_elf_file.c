// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/elf/file.c: the ELF reader on files that are not BPF objects.
 * A function symbol of the C library resolves to the file offset whose
 * bytes are the function's code as this process runs it (what a uprobe is
 * given); a section reads the same from a file and from memory; imports,
 * stripped binaries, cut files and non-ELF input are refused.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "elf/elf.h"
#include "elf/read.h"
#include "../helpers/fixture.h"
#include "../helpers/log_capture.h"

/* Bytes @len at @off of @path. */
static void read_file_at(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
}

/* getpid in the C library this test runs with: the file's bytes are the running code. */
static void test_sym_offset_libc(void **state)
{
	unsigned char file[32];
	const char *names[] = { "getpid", "strtol", "fclose" };
	void *h, *fn;
	uint64_t off;
	Dl_info di;
	size_t i;

	(void)state;
	assert_true(dladdr((void *)getpid, &di) && di.dli_fname);
	h = dlopen(di.dli_fname, RTLD_NOW | RTLD_NOLOAD);
	assert_non_null(h);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		fn = dlsym(h, names[i]);
		assert_non_null(fn);
		assert_int_equal(bbpf__elf_sym_offset(di.dli_fname, names[i], &off), 0);
		read_file_at(di.dli_fname, off, file, sizeof(file));
		assert_memory_equal(file, fn, sizeof(file));
	}
	dlclose(h);
}

static void test_sym_offset_refused(void **state)
{
	uint64_t off = 7;

	(void)state;
	log_capture_start(BBPF_WARN);
	/* A stripped executable: its .dynsym lists only imports (undefined). */
	assert_int_equal(bbpf__elf_sym_offset("/bin/true", "malloc", &off), -ENOENT);
	assert_non_null(strstr(log_msgs, "no function symbol malloc"));
	assert_int_equal(bbpf__elf_sym_offset("/proc/self/exe", "no_such_function_here", &off),
			 -ENOENT);
	assert_int_equal(bbpf__elf_sym_offset("/proc/self/cmdline", "main", &off), -EINVAL);
	assert_int_equal(bbpf__elf_sym_offset("/nonexistent", "main", &off), -ENOENT);
	log_capture_stop();
	assert_int_equal(off, 7); /* untouched on failure */
}

/* The same section from the file and from its bytes; cut and foreign input refused. */
static void test_sec_read(void **state)
{
	const char *path = fixture_path("btf/kinds-eb.o");
	void *img, *a = NULL, *b = NULL;
	size_t sz, alen, blen;
	FILE *f;
	int fd;

	(void)state;
	f = fopen(path, "rb");
	assert_non_null(f);
	img = malloc(1 << 20);
	sz = fread(img, 1, 1 << 20, f);
	fclose(f);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(bbpf__elf_sec_read(fd, NULL, 0, path, ".BTF", &a, &alen), 0);
	close(fd);
	assert_int_equal(bbpf__elf_sec_read(-1, img, sz, path, ".BTF", &b, &blen), 0);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	assert_true(alen > 24 && ((unsigned char *)a)[0] == 0xeb); /* big-endian BTF magic */
	free(a);
	free(b);
	log_capture_start(BBPF_WARN);
	assert_int_equal(bbpf__elf_sec_read(-1, img, sz, path, ".nope", &a, &alen), -ENOENT);
	assert_int_not_equal(bbpf__elf_sec_read(-1, img, sz / 2, path, ".BTF", &a, &alen), 0);
	assert_int_equal(bbpf__elf_sec_read(-1, img, 40, path, ".BTF", &a, &alen), -EINVAL);
	memcpy(img, "not an ELF file", 16);
	assert_int_equal(bbpf__elf_sec_read(-1, img, sz, path, ".BTF", &a, &alen), -EINVAL);
	assert_non_null(strstr(log_msgs, "not an ELF file"));
	log_capture_stop();
	free(img);
}

/*
 * An object opened from its file reads every section but DWARF's (left as
 * zeros, never touched); from memory, all of it. Everything else is equal.
 */
static void test_object_file_skips_dwarf(void **state)
{
	const char *path = fixture_path("btf/kinds-el.o");
	struct bbpf__elf f, m;
	const void *a, *b;
	size_t i, asz, bsz, debug = 0;
	void *img;
	size_t sz;
	FILE *fp;

	(void)state;
	fp = fopen(path, "rb");
	assert_non_null(fp);
	img = malloc(1 << 20);
	sz = fread(img, 1, 1 << 20, fp);
	fclose(fp);
	assert_int_equal(bbpf__elf_open_file(&f, path), 0);
	assert_int_equal(bbpf__elf_open_mem(&m, img, sz, false, path), 0);
	assert_int_equal(f.shnum, m.shnum);
	for (i = 1; i < f.shnum; i++) {
		assert_string_equal(bbpf__elf_sec_name(&f, i), bbpf__elf_sec_name(&m, i));
		a = bbpf__elf_sec_data(&f, i, &asz);
		b = bbpf__elf_sec_data(&m, i, &bsz);
		assert_int_equal(asz, bsz);
		if (!a)
			continue;
		if (strncmp(bbpf__elf_sec_name(&f, i), ".debug_", 7) &&
		    strncmp(bbpf__elf_sec_name(&f, i), ".rel.debug_", 11)) {
			assert_memory_equal(a, b, asz);
		} else {
			debug++;
			assert_true(asz == 0 || ((const char *)a)[0] == 0);
		}
	}
	assert_true(debug > 5);
	assert_int_equal(f.sym_cnt, m.sym_cnt);
	assert_memory_equal(f.syms, m.syms, f.sym_cnt * sizeof(*f.syms));
	bbpf__elf_close(&f);
	bbpf__elf_close(&m);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sym_offset_libc),
		cmocka_unit_test(test_sym_offset_refused),
		cmocka_unit_test(test_sec_read),
		cmocka_unit_test(test_object_file_skips_dwarf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
