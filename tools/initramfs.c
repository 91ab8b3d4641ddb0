// SPDX-License-Identifier: BSD-2-Clause
/* The initramfs of `barebpf gen initramfs` (initramfs.h). Pure. */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cpio.h"
#include "initramfs.h"

static const char *const dirs[] = { "dev", "proc", "sys", "run", "tmp", "root", NULL };

/* Program header @i's type, of a 64- or 32-bit ELF of the host's byte order; 0 when out of bounds. */
static uint32_t phdr_type(const unsigned char *b, size_t size, unsigned int i)
{
	uint64_t off;
	size_t esz;

	if (b[EI_CLASS] == ELFCLASS64) {
		const Elf64_Ehdr *e = (const void *)b;

		off = e->e_phoff, esz = e->e_phentsize;
	} else {
		const Elf32_Ehdr *e = (const void *)b;

		off = e->e_phoff, esz = e->e_phentsize;
	}
	if (esz < sizeof(uint32_t) || off > size || i > (size - off) / esz ||
	    (size - off) - (uint64_t)i * esz < sizeof(uint32_t))
		return 0;
	return *(const uint32_t *)(b + off + (uint64_t)i * esz);
}

int initramfs_static_elf(const void *bin, size_t size)
{
	const unsigned char *b = bin;
	unsigned int i, n;
	uint16_t type;

	if (size < sizeof(Elf64_Ehdr) || memcmp(b, ELFMAG, SELFMAG) ||
	    (b[EI_CLASS] != ELFCLASS64 && b[EI_CLASS] != ELFCLASS32))
		return -ENOEXEC;
	type = b[EI_CLASS] == ELFCLASS64 ? ((const Elf64_Ehdr *)b)->e_type
					 : ((const Elf32_Ehdr *)b)->e_type;
	n = b[EI_CLASS] == ELFCLASS64 ? ((const Elf64_Ehdr *)b)->e_phnum
				      : ((const Elf32_Ehdr *)b)->e_phnum;
	if (type != ET_EXEC && type != ET_DYN)
		return -ENOEXEC;
	for (i = 0; i < n; i++)
		if (phdr_type(b, size, i) == PT_INTERP)
			return -ENOEXEC;
	return 0;
}

int initramfs_archive(struct cpio *c, const void *bin, size_t size, bool as_init)
{
	int err = initramfs_static_elf(bin, size);
	size_t i;

	for (i = 0; !err && as_init && dirs[i]; i++)
		err = cpio_add(c, dirs[i], S_IFDIR | 0755, 0, 0, NULL, 0);
	if (!err && as_init)
		err = cpio_add(c, "dev/console", S_IFCHR | 0600, 5, 1, NULL, 0);
	err = err ?: cpio_add(c, as_init ? "init" : "barebpf", S_IFREG | 0755, 0, 0, bin, size);
	return err ?: cpio_finish(c);
}
