// SPDX-License-Identifier: BSD-2-Clause
/*
 * The newc cpio writer (tools/cpio.c) and the initramfs layout of `barebpf
 * gen initramfs` (tools/initramfs.c): one entry's exact bytes, archives read
 * back entry by entry (names, modes, devices, data, 4-byte alignment, the
 * trailer), bad entries refused, a dynamic ELF refused and a static one kept.
 */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "../../tools/cpio.h"
#include "../../tools/initramfs.h"

struct ent {
	char name[64];
	uint32_t ino, mode, nlink, size, rmaj, rmin;
	const unsigned char *data;
};

static uint32_t hex8(const unsigned char *p)
{
	char s[9];

	memcpy(s, p, 8);
	s[8] = 0;
	return strtoul(s, NULL, 16);
}

/* Reads the archive back; returns the entry count before the trailer, or -1. */
static int read_back(const struct cpio *c, struct ent *ents, int max)
{
	size_t off = 0, nsz;
	int n = 0;

	while (off + 110 <= c->len && n < max) {
		const unsigned char *h = c->buf + off;
		struct ent *e = &ents[n];

		if (memcmp(h, "070701", 6) || off % 4)
			return -1;
		e->ino = hex8(h + 6), e->mode = hex8(h + 14), e->nlink = hex8(h + 38);
		e->size = hex8(h + 54), e->rmaj = hex8(h + 78), e->rmin = hex8(h + 86);
		nsz = hex8(h + 94);
		if (hex8(h + 22) || hex8(h + 30) || hex8(h + 46) || hex8(h + 102) || !nsz ||
		    nsz > sizeof(e->name) || off + 110 + nsz > c->len || h[110 + nsz - 1])
			return -1;
		memcpy(e->name, h + 110, nsz);
		off += (110 + nsz + 3) & ~3ul;
		e->data = c->buf + off;
		off += (e->size + 3) & ~3ul;
		if (off > c->len)
			return -1;
		if (!strcmp(e->name, "TRAILER!!!"))
			return off == c->len ? n : -1;
		n++;
	}
	return -1;
}

static void one_entry_bytes(void **state)
{
	const char *want = "070701"
			   "00000001"
			   "000081ED"
			   "00000000"
			   "00000000"
			   "00000001"
			   "00000000"
			   "00000003"
			   "00000000"
			   "00000000"
			   "00000000"
			   "00000000"
			   "00000005"
			   "00000000"
			   "init\0"
			   "\0"
			   "abc\0";
	struct cpio c = { 0 };

	(void)state;
	assert_int_equal(cpio_add(&c, "init", S_IFREG | 0755, 0, 0, "abc", 3), 0);
	assert_int_equal(c.len, 110 + 5 + 1 + 4); /* name padded to 116, data to 120 */
	assert_memory_equal(c.buf, want, c.len);
	cpio_free(&c);
	assert_null(c.buf);
}

static void read_back_all_kinds(void **state)
{
	struct cpio c = { 0 };
	struct ent e[8];

	(void)state;
	assert_int_equal(cpio_add(&c, "dev", S_IFDIR | 0755, 0, 0, NULL, 0), 0);
	assert_int_equal(cpio_add(&c, "dev/console", S_IFCHR | 0600, 5, 1, NULL, 0), 0);
	assert_int_equal(cpio_add(&c, "sbin/a-longer-name", S_IFREG | 0644, 0, 0, "12345", 5), 0);
	assert_int_equal(cpio_add(&c, "sbin/l", S_IFLNK | 0777, 0, 0, "/init", 5), 0);
	assert_int_equal(cpio_finish(&c), 0);
	assert_int_equal(c.len % 4, 0);
	assert_int_equal(read_back(&c, e, 8), 4);
	assert_string_equal(e[0].name, "dev");
	assert_int_equal(e[0].mode, S_IFDIR | 0755);
	assert_int_equal(e[0].nlink, 2);
	assert_string_equal(e[1].name, "dev/console");
	assert_int_equal(e[1].mode, S_IFCHR | 0600);
	assert_int_equal(e[1].rmaj, 5);
	assert_int_equal(e[1].rmin, 1);
	assert_int_equal(e[2].size, 5);
	assert_memory_equal(e[2].data, "12345", 5);
	assert_int_equal(e[3].mode, S_IFLNK | 0777);
	assert_memory_equal(e[3].data, "/init", 5);
	assert_int_equal(e[0].ino, 1);
	assert_int_equal(e[3].ino, 4);
	cpio_free(&c);
}

static void bad_entries(void **state)
{
	struct cpio c = { 0 };

	(void)state;
	assert_int_equal(cpio_add(&c, "", S_IFDIR | 0755, 0, 0, NULL, 0), -EINVAL);
	assert_int_equal(cpio_add(&c, "/init", S_IFREG | 0755, 0, 0, "x", 1), -EINVAL);
	assert_int_equal(cpio_add(&c, "TRAILER!!!", S_IFREG | 0644, 0, 0, NULL, 0), -EINVAL);
	assert_int_equal(cpio_add(&c, "d", S_IFDIR | 0755, 0, 0, "x", 1), -EINVAL);
	assert_int_equal(cpio_add(&c, "d", S_IFDIR | 0755, 1, 0, NULL, 0), -EINVAL);
	assert_int_equal(cpio_add(&c, "l", S_IFLNK | 0777, 0, 0, NULL, 0), -EINVAL);
	assert_int_equal(cpio_add(&c, "f", S_IFREG | 0644, 0, 0, NULL, 3), -EINVAL);
	assert_int_equal(cpio_add(&c, "s", S_IFSOCK | 0644, 0, 0, NULL, 0), -EINVAL);
	assert_int_equal(c.len, 0);
	assert_int_equal(c.ino, 0);
	cpio_free(&c);
}

/* A minimal 64-bit ELF executable: the header and two program headers. */
static void fake_elf(unsigned char *b, size_t size, bool interp)
{
	Elf64_Ehdr *e = (Elf64_Ehdr *)b;
	Elf64_Phdr *ph = (Elf64_Phdr *)(b + sizeof(*e));

	memset(b, 0, size);
	memcpy(e->e_ident, ELFMAG, SELFMAG);
	e->e_ident[EI_CLASS] = ELFCLASS64;
	e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_type = ET_EXEC;
	e->e_phoff = sizeof(*e);
	e->e_phentsize = sizeof(*ph);
	e->e_phnum = 2;
	ph[0].p_type = PT_LOAD;
	ph[1].p_type = interp ? PT_INTERP : PT_NOTE;
}

static void static_elf_check(void **state)
{
	unsigned char b[256];
	Elf64_Ehdr *e = (Elf64_Ehdr *)b;

	(void)state;
	fake_elf(b, sizeof(b), false);
	assert_int_equal(initramfs_static_elf(b, sizeof(b)), 0);
	fake_elf(b, sizeof(b), true);
	assert_int_equal(initramfs_static_elf(b, sizeof(b)), -ENOEXEC);
	/* a program header cut by the end is not read */
	assert_int_equal(initramfs_static_elf(b, sizeof(*e) + sizeof(Elf64_Phdr) + 4), -ENOEXEC);
	assert_int_equal(initramfs_static_elf(b, sizeof(*e) + sizeof(Elf64_Phdr) + 3), 0);
	fake_elf(b, sizeof(b), false);
	e->e_phoff = 1u << 30;
	assert_int_equal(initramfs_static_elf(b, sizeof(b)), 0);
	fake_elf(b, sizeof(b), false);
	e->e_type = ET_REL;
	assert_int_equal(initramfs_static_elf(b, sizeof(b)), -ENOEXEC);
	assert_int_equal(initramfs_static_elf("#!/bin/sh\n", 10), -ENOEXEC);
	memset(b, 0, sizeof(b));
	assert_int_equal(initramfs_static_elf(b, sizeof(b)), -ENOEXEC);
}

static void layout_as_init_and_tool(void **state)
{
	static const char *const want[] = { "dev", "proc", "sys",	  "run",
					    "tmp", "root", "dev/console", "init" };
	unsigned char b[256];
	struct cpio c = { 0 };
	struct ent e[16];
	int i;

	(void)state;
	fake_elf(b, sizeof(b), false);
	assert_int_equal(initramfs_archive(&c, b, sizeof(b), true), 0);
	assert_int_equal(read_back(&c, e, 16), 8);
	for (i = 0; i < 8; i++)
		assert_string_equal(e[i].name, want[i]);
	assert_int_equal(e[6].mode, S_IFCHR | 0600);
	assert_int_equal(e[7].mode, S_IFREG | 0755);
	assert_int_equal(e[7].size, sizeof(b));
	assert_memory_equal(e[7].data, b, sizeof(b));
	cpio_free(&c);
	assert_int_equal(initramfs_archive(&c, b, sizeof(b), false), 0);
	assert_int_equal(read_back(&c, e, 16), 1);
	assert_string_equal(e[0].name, "barebpf");
	cpio_free(&c);
	fake_elf(b, sizeof(b), true);
	assert_int_equal(initramfs_archive(&c, b, sizeof(b), true), -ENOEXEC);
	assert_int_equal(c.len, 0);
	cpio_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_entry_bytes),
		cmocka_unit_test(read_back_all_kinds),
		cmocka_unit_test(bad_entries),
		cmocka_unit_test(static_elf_check),
		cmocka_unit_test(layout_as_init_and_tool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
