// SPDX-License-Identifier: BSD-2-Clause
/* A gzip blob of known size inflated into memory (gunzip.h), with zlib. */
#include <errno.h>
#include <stdlib.h>
#include <zlib.h>

#include "gunzip.h"

bool is_gzip(const void *p, size_t sz)
{
	const unsigned char *b = p;

	return sz >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

size_t gzip_raw_size(const void *gz, size_t sz)
{
	const unsigned char *t = (const unsigned char *)gz + sz - 4;

	if (sz < 18 || !is_gzip(gz, sz)) /* 10-byte header, 8-byte trailer */
		return 0;
	return t[0] | t[1] << 8 | t[2] << 16 | (size_t)t[3] << 24;
}

int gunzip_mem(const void *gz, size_t gz_sz, size_t raw_sz, unsigned char **out)
{
	unsigned char *p = malloc(raw_sz ? raw_sz : 1);
	z_stream zs = { 0 };
	int zerr;

	if (!p)
		return -ENOMEM;
	zs.next_in = (unsigned char *)gz;
	zs.avail_in = gz_sz;
	zs.next_out = p;
	zs.avail_out = raw_sz;
	zerr = inflateInit2(&zs, 15 + 16); /* 15 + 16: a gzip header, not zlib's */
	if (zerr == Z_OK) {
		zerr = inflate(&zs, Z_FINISH);
		inflateEnd(&zs);
	}
	if (zerr != Z_STREAM_END || zs.total_out != raw_sz) {
		free(p);
		return zerr == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
	}
	*out = p;
	return 0;
}
