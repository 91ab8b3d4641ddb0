// SPDX-License-Identifier: BSD-2-Clause
/*
 * zlib's inflate API over inflate_mem.c, in the static CLI instead of libz.a
 * (~40 KB of inflater, tables and CRC code). Its callers (btf/ and
 * loader/kernel/ through internal/gunzip.h, tools/gunzip.c, libelf's
 * elf_compress.c for compressed sections, min_btf.c's crc32) all hand over a
 * whole stream at once, so the first inflate() decodes all of it: straight
 * into the caller's output when it all fits there (a caller that sized it
 * from the stream, as gunzip_mem() does), else into a buffer of its own,
 * from which each call copies out what fits. With
 * tools/static/no_deflate.c, nothing of libz.a is linked. Only
 * build/barebpf-static links this file (mk/static.mk); the library itself
 * still links zlib.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "inflate_mem.h"

/* zlib.h declares the type and leaves it to the implementation. */
struct internal_state {
	enum inflate_wrap wrap;
	bool done; /* the stream is decoded into buf */
	uint8_t *buf;
	size_t len, pos; /* bytes in buf, bytes copied out */
};

int inflateInit2_(z_streamp strm, int windowBits, const char *version, int stream_size)
{
	struct internal_state *st;

	(void)version;
	if (!strm || stream_size != (int)sizeof(z_stream))
		return Z_VERSION_ERROR;
	st = calloc(1, sizeof(*st));
	if (!st)
		return Z_MEM_ERROR;
	/* As zlib reads windowBits: < 0 raw, 8..15 zlib, +16 gzip, +32 either. */
	st->wrap = windowBits < 0     ? INFLATE_RAW
		   : windowBits >= 32 ? INFLATE_AUTO
		   : windowBits >= 16 ? INFLATE_GZIP
				      : INFLATE_ZLIB;
	strm->state = st;
	strm->msg = NULL;
	strm->total_in = strm->total_out = 0;
	return Z_OK;
}

int inflateInit_(z_streamp strm, const char *version, int stream_size)
{
	return inflateInit2_(strm, 15, version, stream_size);
}

/*
 * Decodes the whole stream: into the caller's output when it fits there
 * (*@direct: the bytes written there), else into st->buf.
 */
static const char *decode_all(z_streamp strm, struct internal_state *st, size_t *direct)
{
	size_t in_n = strm->next_in ? strm->avail_in : 0, used = 0;
	const char *err = inflate_out_full;

	*direct = 0;
	if (strm->avail_out) /* the caller's buffer first: no second one, no copy */
		err = inflate_mem_to(strm->next_in, in_n, st->wrap, strm->next_out, strm->avail_out,
				     direct, &used);
	if (err == inflate_out_full) {
		*direct = 0;
		err = inflate_mem(strm->next_in, in_n, st->wrap, &st->buf, &st->len, &used);
	} else if (!err) {
		st->len = st->pos = *direct;
	}
	if (err)
		return err;
	st->done = true;
	strm->next_in += used;
	strm->avail_in -= used;
	strm->total_in += used;
	return NULL;
}

int inflate(z_streamp strm, int flush)
{
	struct internal_state *st = strm ? strm->state : NULL;
	const char *err;
	size_t n = 0;

	(void)flush; /* all output is ready after the first call anyway */
	if (!st || (!strm->next_out && strm->avail_out))
		return Z_STREAM_ERROR;
	if (!st->done) {
		err = decode_all(strm, st, &n);
		if (err) {
			strm->msg = (char *)err;
			return Z_DATA_ERROR;
		}
	}
	if (!n) { /* from st->buf: what fits */
		n = st->len - st->pos < strm->avail_out ? st->len - st->pos : strm->avail_out;
		if (n)
			memcpy(strm->next_out, st->buf + st->pos, n);
		st->pos += n;
	}
	strm->next_out += n;
	strm->avail_out -= n;
	strm->total_out += n;
	if (st->pos == st->len)
		return Z_STREAM_END;
	return n ? Z_OK : Z_BUF_ERROR;
}

int inflateReset(z_streamp strm)
{
	struct internal_state *st = strm ? strm->state : NULL;

	if (!st)
		return Z_STREAM_ERROR;
	free(st->buf);
	*st = (struct internal_state){ .wrap = st->wrap };
	strm->msg = NULL;
	strm->total_in = strm->total_out = 0;
	return Z_OK;
}

int inflateEnd(z_streamp strm)
{
	if (!strm || !strm->state)
		return Z_STREAM_ERROR;
	free(strm->state->buf);
	free(strm->state);
	strm->state = NULL;
	return Z_OK;
}

uLong crc32(uLong crc, const Bytef *buf, uInt len)
{
	return buf ? inflate_crc32((uint32_t)crc, buf, len) : 0;
}
