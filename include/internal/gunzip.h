/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A gzip stream in memory inflated into a growing buffer: the one way the
 * library reads gzip (a .btf.gz, /proc/config.gz). Files are read whole
 * first, so zlib's inflater is all it links: gzopen()/gzread() would add
 * zlib's file layer (~7 KB of the static CLI) for nothing.
 */
#ifndef BBPF_INTERNAL_GUNZIP_H
#define BBPF_INTERNAL_GUNZIP_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "log.h"
#include "mem.h"

/* Whether the @n bytes at @p start like a gzip stream (1f 8b). */
static inline bool bbpf__is_gzip(const uint8_t *p, size_t n)
{
	return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/*
 * bbpf__gunzip() inflates the gzip stream of @in_sz bytes at @in into a
 * malloc'd *@out of *@out_sz bytes, followed by one zero byte (text stays a
 * string). @what names the data in the warning about corrupt input. Returns 0,
 * -ENOMEM, -E2BIG (more than @max bytes), or -EINVAL (corrupt or truncated).
 */
static inline int bbpf__gunzip(const uint8_t *in, size_t in_sz, size_t max, const char *what,
			       uint8_t **out, size_t *out_sz)
{
	z_stream zs = { .next_in = (uint8_t *)in, .avail_in = (uInt)in_sz };
	size_t cap = 0;
	uint8_t *buf = NULL;
	int zerr = Z_OK, err = 0;

	if (in_sz > UINT32_MAX)
		return -E2BIG;
	if (inflateInit2(&zs, 15 + 16) != Z_OK) /* 15 + 16: a gzip header, not zlib's */
		return -ENOMEM;
	do {
		/* One byte more than inflated so far: room for the zero at the end. */
		if (zs.total_out + 1 >= cap) {
			err = bbpf__grow((void **)&buf, &cap, 1, cap ? cap + 1 : in_sz * 4 + 4096);
			if (!err && cap - 1 > max)
				err = -E2BIG;
			if (err)
				break;
		}
		zs.next_out = buf + zs.total_out;
		zs.avail_out = (uInt)(cap - 1 - zs.total_out);
		zerr = inflate(&zs, Z_NO_FLUSH);
	} while (zerr == Z_OK || (zerr == Z_BUF_ERROR && !zs.avail_out));
	if (!err && zerr != Z_STREAM_END) {
		pr_warn("%s: gzip data is corrupt or truncated (zlib: %s)\n", what,
			zs.msg ? zs.msg : "unexpected end");
		err = -EINVAL;
	}
	inflateEnd(&zs);
	if (err) {
		free(buf);
		return err;
	}
	buf[zs.total_out] = '\0';
	*out = buf;
	*out_sz = zs.total_out;
	return 0;
}

#endif
