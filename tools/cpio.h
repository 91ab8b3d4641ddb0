/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A newc ("070701") cpio archive, the format the kernel unpacks as an
 * initramfs, written into memory. Pure. Entries are owned by root, dated 0
 * (the same input gives the same bytes) and numbered from 1; names have no
 * leading '/' ("init", "dev/console"), as the kernel expects.
 */
#ifndef BBPF_TOOLS_CPIO_H
#define BBPF_TOOLS_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct cpio {
	unsigned char *buf;
	size_t len, cap;
	uint32_t ino;
};

/*
 * cpio_add() appends one entry: @mode is the whole st_mode (S_IFREG | 0755,
 * S_IFDIR | 0755, S_IFCHR | 0600 with @rdev_major/@rdev_minor, S_IFLNK with
 * the target as @data). Returns 0, -EINVAL (an empty or absolute name, data
 * for a directory or device) or -ENOMEM.
 */
int cpio_add(struct cpio *c, const char *name, uint32_t mode, uint32_t rdev_major,
	     uint32_t rdev_minor, const void *data, size_t size);

/* cpio_finish() appends the trailer entry that ends the archive. */
int cpio_finish(struct cpio *c);

void cpio_free(struct cpio *c);

#endif
