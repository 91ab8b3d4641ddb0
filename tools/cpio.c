// SPDX-License-Identifier: BSD-2-Clause
/*
 * The newc cpio writer (cpio.h). Each entry: the magic "070701", thirteen
 * 8-digit hexadecimal fields (inode, mode, uid, gid, links, mtime, file size,
 * device major and minor, rdev major and minor, name size with its NUL, a
 * checksum that newc leaves 0), the name and its NUL padded to 4 bytes, the
 * data padded to 4 bytes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cpio.h"

#define HDR_LEN 110
#define TRAILER "TRAILER!!!"

static size_t pad4(size_t n)
{
	return (4 - (n & 3)) & 3;
}

static int reserve(struct cpio *c, size_t more)
{
	size_t cap = c->cap ? c->cap : 4096;
	unsigned char *p;

	if (more > SIZE_MAX / 2 - c->len)
		return -ENOMEM;
	while (cap < c->len + more)
		cap *= 2;
	if (cap == c->cap)
		return 0;
	p = realloc(c->buf, cap);
	if (!p)
		return -ENOMEM;
	c->buf = p;
	c->cap = cap;
	return 0;
}

static void put(struct cpio *c, const void *p, size_t n)
{
	memcpy(c->buf + c->len, p, n);
	c->len += n;
	memset(c->buf + c->len, 0, pad4(c->len));
	c->len += pad4(c->len);
}

static int entry(struct cpio *c, const char *name, uint32_t ino, uint32_t mode, uint32_t nlink,
		 uint32_t rmaj, uint32_t rmin, const void *data, size_t size)
{
	size_t nsz = strlen(name) + 1;
	char hdr[HDR_LEN + 1];
	int err;

	if (size > UINT32_MAX || nsz > 4096)
		return -EINVAL;
	err = reserve(c, HDR_LEN + nsz + 3 + size + 3);
	if (err)
		return err;
	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0u, 0u, nlink, 0u, (uint32_t)size, 0u, 0u, rmaj, rmin, (uint32_t)nsz,
		 0u);
	memcpy(c->buf + c->len, hdr, HDR_LEN);
	c->len += HDR_LEN;
	put(c, name, nsz); /* header + name: a multiple of 4 */
	if (size)
		put(c, data, size);
	return 0;
}

int cpio_add(struct cpio *c, const char *name, uint32_t mode, uint32_t rdev_major,
	     uint32_t rdev_minor, const void *data, size_t size)
{
	bool has_data = S_ISREG(mode) || S_ISLNK(mode);
	bool dev = S_ISCHR(mode) || S_ISBLK(mode);

	if (!name || !*name || *name == '/' || !strcmp(name, TRAILER))
		return -EINVAL;
	if (!has_data && !dev && !S_ISDIR(mode) && !S_ISFIFO(mode))
		return -EINVAL;
	if ((!has_data && size) || (S_ISLNK(mode) && !size) || (size && !data) ||
	    (!dev && (rdev_major || rdev_minor)))
		return -EINVAL;
	return entry(c, name, ++c->ino, mode, S_ISDIR(mode) ? 2 : 1, rdev_major, rdev_minor, data,
		     size);
}

int cpio_finish(struct cpio *c)
{
	return entry(c, TRAILER, 0, 0, 1, 0, 0, NULL, 0);
}

void cpio_free(struct cpio *c)
{
	free(c->buf);
	memset(c, 0, sizeof(*c));
}
