/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small DEFLATE decoder (RFC 1950/1951/1952) for the static CLI, where it
 * stands in for zlib's inflater (zlib_inflate.c): every stream the CLI
 * inflates is whole in memory, so a one-shot decoder into one buffer does,
 * at a tenth of zlib's size. Codes of up to 9 bits are one table lookup,
 * longer ones are decoded bit by bit.
 */
#ifndef BBPF_TOOLS_STATIC_INFLATE_MEM_H
#define BBPF_TOOLS_STATIC_INFLATE_MEM_H

#include <stddef.h>
#include <stdint.h>

enum inflate_wrap {
	INFLATE_RAW,  /* bare DEFLATE blocks */
	INFLATE_ZLIB, /* RFC 1950: 2-byte header, Adler-32 trailer */
	INFLATE_GZIP, /* RFC 1952: gzip header, CRC-32 and size trailer */
	INFLATE_AUTO, /* zlib or gzip, by the first bytes */
};

/*
 * inflate_mem() decodes one stream from the @in_sz bytes at @in into a
 * malloc'd *@out of *@out_sz bytes; *@used is the input the stream took,
 * trailer included. On error returns a static message (nothing allocated).
 */
const char *inflate_mem(const uint8_t *in, size_t in_sz, enum inflate_wrap wrap, uint8_t **out,
			size_t *out_sz, size_t *used);

/*
 * inflate_mem_to() is inflate_mem() into the caller's @cap bytes at @buf,
 * for a caller that knows how large the output is: no allocation, no copy.
 * An output that does not fit returns inflate_out_full (what was written
 * then is the start of the output).
 */
const char *inflate_mem_to(const uint8_t *in, size_t in_sz, enum inflate_wrap wrap, uint8_t *buf,
			   size_t cap, size_t *out_sz, size_t *used);
extern const char inflate_out_full[];

/* CRC-32 (gzip's) of @n bytes at @p, continued from @crc (0 to start). */
uint32_t inflate_crc32(uint32_t crc, const uint8_t *p, size_t n);

#endif
