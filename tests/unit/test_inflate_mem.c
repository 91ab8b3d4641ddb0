// SPDX-License-Identifier: BSD-2-Clause
/*
 * The static CLI's inflater (tools/static/inflate_mem.c) and the zlib API over
 * it (tools/static/zlib_inflate.c), which this test links in place of zlib's
 * inflate: streams that zlib's deflate wrote (raw, zlib, gzip with every
 * header field; levels 0-9, fixed and Huffman-only codes; empty, tiny, large,
 * incompressible and repetitive data) come back byte for byte, output taken a
 * few bytes at a time, all at once into the caller's buffer and libelf's
 * inflateReset() pattern work, and damaged
 * streams (a flipped data byte, a wrong check, a cut) are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <cmocka.h>

#include "../../tools/static/inflate_mem.h"

#define BIG (300 * 1024)

static uint8_t *text_data, *rand_data;

static int setup(void **state)
{
	uint32_t x = 12345;
	size_t i;

	(void)state;
	text_data = malloc(BIG);
	rand_data = malloc(BIG);
	assert_non_null(text_data);
	assert_non_null(rand_data);
	for (i = 0; i < BIG; i++) {
		x = x * 1103515245 + 12345;
		rand_data[i] = x >> 16;
		/* Words from a small set: long and short matches, near and far. */
		text_data[i] = "exec exit fork connect accept fadvise\n"[(i * 7 + (x >> 28)) % 38];
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(text_data);
	free(rand_data);
	return 0;
}

/* zlib's deflate of @n bytes at @p: @bits as deflateInit2's windowBits. */
static uint8_t *deflate_with(const uint8_t *p, size_t n, int level, int bits, int strategy,
			     gz_header *head, size_t *out_n)
{
	z_stream zs = { 0 };
	size_t cap = deflateBound(&zs, n) + 1024;
	uint8_t *out = malloc(cap);

	assert_non_null(out);
	assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED, bits, 8, strategy), Z_OK);
	if (head)
		assert_int_equal(deflateSetHeader(&zs, head), Z_OK);
	zs.next_in = (uint8_t *)p;
	zs.avail_in = n;
	zs.next_out = out;
	zs.avail_out = cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_n = zs.total_out;
	deflateEnd(&zs);
	return out;
}

static void round_trip(const uint8_t *p, size_t n, int level, int bits, int strategy)
{
	enum inflate_wrap wrap = bits < 0 ? INFLATE_RAW : bits > 15 ? INFLATE_GZIP : INFLATE_ZLIB;
	size_t zn, out_n = 0, used = 0;
	uint8_t *z = deflate_with(p, n, level, bits, strategy, NULL, &zn), *out = NULL;
	const char *err = inflate_mem(z, zn, wrap, &out, &out_n, &used);

	assert_null(err);
	assert_int_equal(out_n, n);
	assert_int_equal(used, zn);
	assert_memory_equal(out, p, n);
	free(out);
	free(z);
}

static void test_zlib_streams(void **state)
{
	static const int bits[] = { -15, 15, 31 };
	static const int levels[] = { 0, 1, 6, 9 };
	size_t b, l;

	(void)state;
	for (b = 0; b < 3; b++) {
		for (l = 0; l < 4; l++) {
			round_trip(text_data, BIG, levels[l], bits[b], Z_DEFAULT_STRATEGY);
			round_trip(rand_data, BIG, levels[l], bits[b], Z_DEFAULT_STRATEGY);
		}
		round_trip(text_data, BIG, 6, bits[b], Z_FIXED);
		round_trip(text_data, BIG, 6, bits[b], Z_HUFFMAN_ONLY);
		round_trip(text_data, BIG, 6, bits[b], Z_RLE);
		round_trip(text_data, 0, 6, bits[b], Z_DEFAULT_STRATEGY);
		round_trip(text_data, 1, 9, bits[b], Z_DEFAULT_STRATEGY);
		round_trip(text_data, 100, 9, bits[b], Z_DEFAULT_STRATEGY);
	}
}

/* A gzip header with FEXTRA, FNAME, FCOMMENT and FHCRC, and bytes after the stream. */
static void test_gzip_header_fields(void **state)
{
	uint8_t extra[5] = { 'A', 'B', 1, 0, 'x' };
	gz_header head = { .extra = extra,
			   .extra_len = sizeof(extra),
			   .name = (Bytef *)"collector.bpf.o",
			   .comment = (Bytef *)"a comment",
			   .hcrc = 1 };
	size_t zn, out_n, used;
	uint8_t *z = deflate_with(text_data, 5000, 9, 31, Z_DEFAULT_STRATEGY, &head, &zn), *out;

	(void)state;
	z = realloc(z, zn + 3);
	memcpy(z + zn, "end", 3);
	assert_null(inflate_mem(z, zn + 3, INFLATE_AUTO, &out, &out_n, &used));
	assert_int_equal(out_n, 5000);
	assert_int_equal(used, zn);
	assert_memory_equal(out, text_data, 5000);
	free(out);
	free(z);
}

static void test_damaged(void **state)
{
	size_t zn, out_n, used, cut;
	uint8_t *z = deflate_with(text_data, 20000, 6, 31, Z_DEFAULT_STRATEGY, NULL, &zn);
	uint8_t *out = (uint8_t *)"untouched";

	(void)state;
	for (cut = 0; cut < zn; cut += zn / 7 + 1)
		assert_non_null(inflate_mem(z, cut, INFLATE_GZIP, &out, &out_n, &used));
	z[zn - 4] ^= 1; /* the size in the trailer */
	assert_string_equal(inflate_mem(z, zn, INFLATE_GZIP, &out, &out_n, &used),
			    "incorrect length check");
	z[zn - 4] ^= 1;
	z[zn - 8] ^= 1; /* the CRC */
	assert_string_equal(inflate_mem(z, zn, INFLATE_GZIP, &out, &out_n, &used),
			    "incorrect data check");
	z[zn - 8] ^= 1;
	z[zn / 2] ^= 0x10; /* the data */
	assert_non_null(inflate_mem(z, zn, INFLATE_GZIP, &out, &out_n, &used));
	z[0] = 0x78; /* neither gzip nor a valid zlib header */
	assert_non_null(inflate_mem(z, zn, INFLATE_AUTO, &out, &out_n, &used));
	assert_string_equal((char *)out, "untouched");
	free(z);
}

/*
 * Into the caller's buffer (inflate_mem_to(), and inflate() when its output
 * room holds the whole stream, as gunzip_mem() gives it): exact room works;
 * one byte less is inflate_out_full, and the bytes written are the start of
 * the output.
 */
static void test_into_buffer(void **state)
{
	size_t zn, n = 0, used = 0;
	uint8_t *z = deflate_with(text_data, BIG, 6, 31, Z_DEFAULT_STRATEGY, NULL, &zn);
	uint8_t *buf = malloc(BIG);
	z_stream zs = { .next_in = z, .avail_in = zn, .next_out = buf, .avail_out = BIG };

	(void)state;
	assert_null(inflate_mem_to(z, zn, INFLATE_GZIP, buf, BIG, &n, &used));
	assert_int_equal(n, BIG);
	assert_int_equal(used, zn);
	assert_memory_equal(buf, text_data, BIG);
	memset(buf, 0, BIG);
	assert_ptr_equal(inflate_mem_to(z, zn, INFLATE_GZIP, buf, BIG - 1, &n, &used),
			 inflate_out_full);
	assert_memory_equal(buf, text_data, 4096);
	/* The zlib API, one call with room for all of it. */
	memset(buf, 0, BIG);
	assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
	assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_int_equal(zs.total_out, BIG);
	assert_int_equal(zs.total_in, zn);
	assert_int_equal(zs.avail_out, 0);
	assert_memory_equal(buf, text_data, BIG);
	assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END); /* done: nothing more */
	assert_int_equal(inflateEnd(&zs), Z_OK);
	free(buf);
	free(z);
}

/* As internal/gunzip.h calls it: output room a few bytes at a time. */
static void test_api_small_output(void **state)
{
	size_t zn, got = 0;
	uint8_t *z = deflate_with(text_data, 70000, 6, 31, Z_DEFAULT_STRATEGY, NULL, &zn);
	uint8_t *buf = malloc(70000);
	z_stream zs = { .next_in = z, .avail_in = zn };
	int zerr;

	(void)state;
	assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
	do {
		zs.next_out = buf + got;
		zs.avail_out = 70000 - got < 4093 ? 70000 - got : 4093;
		zerr = inflate(&zs, Z_NO_FLUSH);
		got = zs.total_out;
	} while (zerr == Z_OK);
	assert_int_equal(zerr, Z_STREAM_END);
	assert_int_equal(zs.total_out, 70000);
	assert_int_equal(zs.total_in, zn);
	assert_int_equal(zs.avail_in, 0);
	assert_memory_equal(buf, text_data, 70000);
	/* No room: no progress, as zlib says it. */
	assert_int_equal(inflateReset(&zs), Z_OK);
	zs.next_in = z;
	zs.avail_in = zn;
	zs.avail_out = 0;
	assert_int_equal(inflate(&zs, Z_NO_FLUSH), Z_BUF_ERROR);
	assert_int_equal(inflateEnd(&zs), Z_OK);
	free(buf);
	free(z);
}

/* As libelf's elf_compress.c calls it: zlib streams back to back, reset between. */
static void test_api_libelf_pattern(void **state)
{
	size_t n1, n2;
	uint8_t *z1 = deflate_with(text_data, 3000, 9, 15, Z_DEFAULT_STRATEGY, NULL, &n1);
	uint8_t *z2 = deflate_with(rand_data, 2000, 1, 15, Z_DEFAULT_STRATEGY, NULL, &n2);
	uint8_t *in = malloc(n1 + n2), out[5000];
	z_stream zs = { .next_in = in, .avail_in = n1 + n2, .next_out = out, .avail_out = 5000 };
	int zerr;

	(void)state;
	memcpy(in, z1, n1);
	memcpy(in + n1, z2, n2);
	zerr = inflateInit(&zs);
	while (zs.avail_in > 0 && zerr == Z_OK) {
		assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
		zerr = inflateReset(&zs);
	}
	assert_int_equal(zerr, Z_OK);
	assert_int_equal(zs.avail_out, 0);
	assert_memory_equal(out, text_data, 3000);
	assert_memory_equal(out + 3000, rand_data, 2000);
	inflateEnd(&zs);
	/* A damaged stream through the API: Z_DATA_ERROR with a message. */
	z1[n1 - 1] ^= 1;
	zs = (z_stream){ .next_in = z1, .avail_in = n1, .next_out = out, .avail_out = 5000 };
	assert_int_equal(inflateInit(&zs), Z_OK);
	assert_int_equal(inflate(&zs, Z_FINISH), Z_DATA_ERROR);
	assert_string_equal(zs.msg, "incorrect data check");
	inflateEnd(&zs);
	free(in);
	free(z1);
	free(z2);
}

static void test_crc32(void **state)
{
	(void)state;
	/* The check value of the CRC-32 gzip uses. */
	assert_int_equal(inflate_crc32(0, (const uint8_t *)"123456789", 9), 0xcbf43926);
	assert_int_equal(inflate_crc32(inflate_crc32(0, (const uint8_t *)"1234", 4),
				       (const uint8_t *)"56789", 5),
			 0xcbf43926);
	assert_int_equal(crc32(0, (const Bytef *)"123456789", 9), 0xcbf43926);
	assert_int_equal(crc32(0, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zlib_streams),
		cmocka_unit_test(test_gzip_header_fields),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_api_small_output),
		cmocka_unit_test(test_api_libelf_pattern),
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_into_buffer),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
