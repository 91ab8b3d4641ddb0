// SPDX-License-Identifier: BSD-2-Clause
/*
 * DEFLATE decoding of a stream whole in memory (inflate_mem.h). A code's
 * symbol is looked up by its next FASTBITS bits in a table built with the
 * code (most literals and lengths are that short); longer codes are decoded
 * one bit at a time from the per-length counts. Back-references copy within
 * the output, which holds the whole result and so is the window too.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "inflate_mem.h"

#define MAXBITS	 15 /* longest code */
#define FASTBITS 9  /* codes this short are one table lookup */
#define NLITLEN	 288
#define NDIST	 30

struct in {
	const uint8_t *p;
	size_t n, pos;	 /* bytes, the next one to load */
	uint32_t bitbuf; /* loaded bits not yet used, LSB first */
	int bitcnt;
	const char *err; /* the first error; reads then give 0 bits */
};

struct out {
	uint8_t *b;
	size_t len, cap;
	bool fixed; /* b is the caller's (inflate_mem_to()): it does not grow */
};

const char inflate_out_full[] = "output larger than its buffer";

/*
 * Symbols by code length: count[l] codes of l bits, sym[] in code order;
 * fast[] by the next FASTBITS input bits: length << 9 | symbol of the code
 * they start with, 0 when that code is longer (or none).
 */
struct huff {
	uint16_t count[MAXBITS + 1];
	uint16_t sym[NLITLEN];
	uint16_t fast[1 << FASTBITS];
};

static const uint16_t len_base[29] = { 3,  4,  5,  6,	7,   8,	  9,   10,  11, 13,
				       15, 17, 19, 23,	27,  31,  35,  43,  51, 59,
				       67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const uint8_t len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
				       2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t dist_base[NDIST] = { 1,	 2,    3,    4,	    5,	   7,	 9,    13,
					   17,	 25,   33,   49,    65,	   97,	 129,  193,
					   257,	 385,  513,  769,   1025,  1537, 2049, 3073,
					   4097, 6145, 8193, 12289, 16385, 24577 };
static const uint8_t dist_extra[NDIST] = { 0, 0, 0, 0, 1, 1, 2, 2,  3,	3,  4,	4,  5,	5,  6,
					   6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
/* The order code length code lengths come in (RFC 1951 3.2.7). */
static const uint8_t clen_order[19] = { 16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
					11, 4,	12, 3, 13, 2, 14, 1, 15 };

static unsigned bits(struct in *s, int need)
{
	uint32_t v = s->bitbuf;

	while (s->bitcnt < need) {
		if (s->pos == s->n) {
			s->err = s->err ?: "truncated stream";
			return 0;
		}
		v |= (uint32_t)s->p[s->pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	s->bitbuf = v >> need;
	s->bitcnt -= need;
	return v & ((1u << need) - 1);
}

/* Room for @n more bytes of output; when there is none, no_room() says why. */
static int room(struct out *o, size_t n)
{
	size_t cap = o->cap;
	uint8_t *b;

	if (o->cap - o->len >= n)
		return 0;
	if (o->fixed)
		return -1;
	while (cap - o->len < n) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap = cap ? cap * 2 : 1 << 16;
	}
	b = realloc(o->b, cap);
	if (!b)
		return -1;
	o->b = b;
	o->cap = cap;
	return 0;
}

static const char *no_room(const struct out *o)
{
	return o->fixed ? inflate_out_full : "out of memory";
}

/* @code's @l bits in the order the stream sends them (codes go MSB first). */
static unsigned reversed(unsigned code, int l)
{
	unsigned r = 0;

	while (l--) {
		r = r << 1 | (code & 1);
		code >>= 1;
	}
	return r;
}

/* fast[] of @h: every FASTBITS-bit input that starts with a code of FASTBITS bits or fewer. */
static void build_fast(struct huff *h)
{
	unsigned code = 0, idx = 0, k, f;
	int l;

	memset(h->fast, 0, sizeof(h->fast));
	for (l = 1; l <= MAXBITS; l++) {
		for (k = 0; k < h->count[l]; k++, code++, idx++)
			for (f = reversed(code, l); l <= FASTBITS && f < 1u << FASTBITS;
			     f += 1u << l)
				h->fast[f] = l << 9 | h->sym[idx];
		code <<= 1; /* the first code one bit longer */
	}
}

/* The code for @n symbols of lengths @len; < 0 when over-subscribed. */
static int build(struct huff *h, const uint8_t *len, int n)
{
	uint16_t offs[MAXBITS + 1];
	int left = 1, l, i;

	memset(h->count, 0, sizeof(h->count));
	for (i = 0; i < n; i++)
		h->count[len[i]]++;
	for (l = 1; l <= MAXBITS; l++) {
		left = (left << 1) - h->count[l];
		if (left < 0)
			return -1;
	}
	offs[1] = 0;
	for (l = 1; l < MAXBITS; l++)
		offs[l + 1] = offs[l] + h->count[l];
	for (i = 0; i < n; i++)
		if (len[i])
			h->sym[offs[len[i]]++] = i;
	if (left >= 0)
		build_fast(h);
	return left;
}

/* The next symbol of code @h, or -1, a bit at a time. Codes are sent MSB first. */
static int decode_slow(struct in *s, const struct huff *h)
{
	int code = 0, first = 0, index = 0, l;

	for (l = 1; l <= MAXBITS; l++) {
		code |= bits(s, 1);
		if (code - h->count[l] < first)
			return h->sym[index + (code - first)];
		index += h->count[l];
		first = (first + h->count[l]) << 1;
		code <<= 1;
	}
	return -1;
}

/*
 * The next symbol of code @h, or -1: the buffer filled to at least 25 bits
 * where the input has them, then one lookup; a longer code, or too few bits
 * left for a short one, takes the slow way (which also reports truncation).
 */
static int decode(struct in *s, const struct huff *h)
{
	unsigned e;

	while (s->bitcnt <= 24 && s->pos < s->n) {
		s->bitbuf |= (uint32_t)s->p[s->pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	e = h->fast[s->bitbuf & ((1u << FASTBITS) - 1)];
	if (e && (int)(e >> 9) <= s->bitcnt) {
		s->bitbuf >>= e >> 9;
		s->bitcnt -= e >> 9;
		return e & 0x1ff;
	}
	return decode_slow(s, h);
}

/* To the next byte boundary: bits of a started byte dropped, whole bytes loaded ahead given back. */
static void align(struct in *s)
{
	s->pos -= s->bitcnt / 8;
	s->bitbuf = 0;
	s->bitcnt = 0;
}

/*
 * @len bytes from @dist back to @d. Overlapping (dist < len), the copy
 * repeats what it just wrote: a run of one byte (most of an object's
 * zeros) is a memset; otherwise each pass copies all that is there so far,
 * so the pattern doubles.
 */
static void copy_back(uint8_t *d, size_t dist, size_t len)
{
	const uint8_t *src = d - dist;

	if (dist == 1) {
		memset(d, *src, len);
		return;
	}
	while (len > dist) {
		memcpy(d, src, dist);
		d += dist;
		len -= dist;
		dist += dist;
	}
	memcpy(d, src, len);
}

/* The symbols of one compressed block up to its end-of-block code. */
static const char *codes(struct in *s, struct out *o, const struct huff *lc, const struct huff *dc)
{
	size_t len, dist;
	int sym;

	for (;;) {
		sym = decode(s, lc);
		if (s->err)
			return s->err;
		if (sym < 0)
			return "invalid literal/length code";
		if (sym < 256) {
			if (o->len == o->cap && room(o, 1))
				return no_room(o);
			o->b[o->len++] = sym;
			continue;
		}
		if (sym == 256)
			return NULL;
		sym -= 257;
		if (sym >= 29)
			return "invalid length code";
		len = len_base[sym] + bits(s, len_extra[sym]);
		sym = decode(s, dc);
		if (sym < 0 || sym >= NDIST)
			return s->err ?: "invalid distance code";
		dist = dist_base[sym] + bits(s, dist_extra[sym]);
		if (s->err)
			return s->err;
		if (dist > o->len)
			return "distance too far back";
		if (room(o, len))
			return no_room(o);
		copy_back(o->b + o->len, dist, len);
		o->len += len;
	}
}

static const char *stored(struct in *s, struct out *o)
{
	size_t len;

	align(s);
	if (s->n - s->pos < 4)
		return "truncated stream";
	len = s->p[s->pos] | s->p[s->pos + 1] << 8;
	if ((size_t)(s->p[s->pos + 2] | s->p[s->pos + 3] << 8) != (~len & 0xffff))
		return "stored block length check failed";
	s->pos += 4;
	if (s->n - s->pos < len)
		return "truncated stream";
	if (room(o, len))
		return no_room(o);
	memcpy(o->b + o->len, s->p + s->pos, len);
	o->len += len;
	s->pos += len;
	return NULL;
}

static const char *fixed(struct in *s, struct out *o)
{
	struct huff lc, dc;
	uint8_t len[NLITLEN];
	int i;

	for (i = 0; i < NLITLEN; i++)
		len[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	build(&lc, len, NLITLEN);
	memset(len, 5, NDIST);
	build(&dc, len, NDIST);
	return codes(s, o, &lc, &dc);
}

static const char *dynamic(struct in *s, struct out *o)
{
	struct huff lc, dc;
	uint8_t len[NLITLEN + NDIST] = { 0 };
	unsigned nlen, ndist, ncode, i, rep;
	int sym;
	uint8_t l;

	nlen = bits(s, 5) + 257;
	ndist = bits(s, 5) + 1;
	ncode = bits(s, 4) + 4;
	if (nlen > 286 || ndist > NDIST)
		return "too many length or distance codes";
	for (i = 0; i < ncode; i++)
		len[clen_order[i]] = bits(s, 3);
	if (build(&lc, len, 19) != 0)
		return s->err ?: "invalid code lengths code";
	for (i = 0; i < nlen + ndist;) {
		sym = decode(s, &lc);
		if (s->err)
			return s->err;
		if (sym < 0)
			return "invalid code length";
		if (sym < 16) {
			len[i++] = sym;
			continue;
		}
		l = 0;
		if (sym == 16) {
			if (!i)
				return "repeat of no code length";
			l = len[i - 1];
			rep = 3 + bits(s, 2);
		} else {
			rep = sym == 17 ? 3 + bits(s, 3) : 11 + bits(s, 7);
		}
		if (i + rep > nlen + ndist)
			return "too many code lengths";
		while (rep--)
			len[i++] = l;
	}
	if (!len[256])
		return "no end-of-block code";
	if (build(&lc, len, nlen) < 0 || build(&dc, len + nlen, ndist) < 0)
		return "invalid literal/length or distance code lengths";
	return codes(s, o, &lc, &dc);
}

static const char *blocks(struct in *s, struct out *o)
{
	const char *err;
	int last;

	do {
		last = bits(s, 1);
		switch (bits(s, 2)) {
		case 0:
			err = stored(s, o);
			break;
		case 1:
			err = fixed(s, o);
			break;
		case 2:
			err = dynamic(s, o);
			break;
		default:
			err = "invalid block type";
		}
		err = s->err ?: err;
	} while (!err && !last);
	align(s); /* the trailer starts at the next byte */
	return err;
}

/* Past the gzip header (RFC 1952 2.3). */
static const char *gzip_head(struct in *s)
{
	const uint8_t *p = s->p;
	size_t pos = 10;
	uint8_t flg;

	if (s->n < 10 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8)
		return "not a gzip stream";
	flg = p[3];
	if (flg & 0xe0)
		return "reserved gzip flags set";
	if (flg & 4) { /* FEXTRA */
		if (s->n - pos < 2)
			return "truncated stream";
		pos += 2 + (p[pos] | p[pos + 1] << 8);
	}
	for (int f = 8; f <= 16; f <<= 1) /* FNAME, FCOMMENT: NUL-terminated */
		if (flg & f) {
			while (pos < s->n && p[pos])
				pos++;
			pos++;
		}
	if (flg & 2) /* FHCRC */
		pos += 2;
	if (pos > s->n)
		return "truncated stream";
	s->pos = pos;
	return NULL;
}

static const char *zlib_head(struct in *s)
{
	const uint8_t *p = s->p;

	if (s->n < 2 || (p[0] & 0x0f) != 8 || p[0] >> 4 > 7 || (p[0] << 8 | p[1]) % 31)
		return "not a zlib stream";
	if (p[1] & 0x20)
		return "zlib preset dictionary not supported";
	s->pos = 2;
	return NULL;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t adler32_of(const uint8_t *p, size_t n)
{
	uint32_t a = 1, b = 0;
	size_t k;

	while (n) {
		k = n < 5552 ? n : 5552; /* the most bytes before b can overflow */
		n -= k;
		while (k--) {
			a += *p++;
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return b << 16 | a;
}

/*
 * Eight bytes a step ("slicing by 8"): t[k][b] is the CRC of byte b followed
 * by k zero bytes, so the eight lookups of a step are independent. 8 KB of
 * stack instead of tables in the binary, made in ~4k steps per call.
 */
uint32_t inflate_crc32(uint32_t crc, const uint8_t *p, size_t n)
{
	uint32_t t[8][256], c;
	unsigned i, k;

	for (i = 0; i < 256; i++) {
		for (c = i, k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ c >> 1 : c >> 1;
		t[0][i] = c;
	}
	for (i = 0; i < 256; i++)
		for (k = 1; k < 8; k++)
			t[k][i] = t[0][t[k - 1][i] & 0xff] ^ t[k - 1][i] >> 8;
	crc = ~crc;
	for (; n >= 8; n -= 8, p += 8) {
		c = crc ^ le32(p);
		crc = t[7][c & 0xff] ^ t[6][c >> 8 & 0xff] ^ t[5][c >> 16 & 0xff] ^ t[4][c >> 24] ^
		      t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
	}
	while (n--)
		crc = t[0][(crc ^ *p++) & 0xff] ^ crc >> 8;
	return ~crc;
}

/* The trailer after the blocks: the check of what was inflated. */
static const char *trailer(struct in *s, enum inflate_wrap wrap, const struct out *o)
{
	const uint8_t *t = s->p + s->pos;

	if (wrap == INFLATE_RAW)
		return NULL;
	if (s->n - s->pos < (wrap == INFLATE_GZIP ? 8u : 4u))
		return "truncated stream";
	if (wrap == INFLATE_GZIP) {
		s->pos += 8;
		if (le32(t) != inflate_crc32(0, o->b, o->len))
			return "incorrect data check";
		return le32(t + 4) != (uint32_t)o->len ? "incorrect length check" : NULL;
	}
	s->pos += 4;
	return ((uint32_t)t[0] << 24 | t[1] << 16 | t[2] << 8 | t[3]) != adler32_of(o->b, o->len)
		       ? "incorrect data check"
		       : NULL;
}

/*
 * The output buffer to start with: a gzip stream ends with its size mod
 * 2^32, which is the size when the stream is all of @in and is believable
 * (DEFLATE expands at most ~1032 times); else 1 byte (an empty result is a
 * buffer too). Only a hint: the buffer still grows when it is wrong.
 */
static size_t size_hint(const uint8_t *in, size_t in_sz, enum inflate_wrap wrap)
{
	uint64_t sz;

	if (wrap != INFLATE_GZIP || in_sz < 18)
		return 1;
	sz = le32(in + in_sz - 4);
	return sz && sz <= (uint64_t)in_sz * 1032 ? sz : 1;
}

/* One stream from @s into @o: header, blocks, trailer. */
static const char *decode_stream(struct in *s, enum inflate_wrap wrap, struct out *o)
{
	const char *err = NULL;

	if (wrap == INFLATE_AUTO)
		wrap = s->n >= 2 && s->p[0] == 0x1f && s->p[1] == 0x8b ? INFLATE_GZIP
								       : INFLATE_ZLIB;
	if (wrap == INFLATE_GZIP)
		err = gzip_head(s);
	else if (wrap == INFLATE_ZLIB)
		err = zlib_head(s);
	/* a hint too large to allocate (a damaged trailer) is no error: start small */
	if (!err && !o->fixed && room(o, size_hint(s->p, s->n, wrap)) && room(o, 1))
		err = "out of memory";
	return err ?: blocks(s, o) ?: trailer(s, wrap, o);
}

const char *inflate_mem(const uint8_t *in, size_t in_sz, enum inflate_wrap wrap, uint8_t **out,
			size_t *out_sz, size_t *used)
{
	struct in s = { .p = in, .n = in_sz };
	struct out o = { 0 };
	const char *err = decode_stream(&s, wrap, &o);

	if (err) {
		free(o.b);
		return err;
	}
	*out = o.b;
	*out_sz = o.len;
	*used = s.pos;
	return NULL;
}

const char *inflate_mem_to(const uint8_t *in, size_t in_sz, enum inflate_wrap wrap, uint8_t *buf,
			   size_t cap, size_t *out_sz, size_t *used)
{
	struct in s = { .p = in, .n = in_sz };
	struct out o = { .b = buf, .cap = cap, .fixed = true };
	const char *err = decode_stream(&s, wrap, &o);

	if (err)
		return err;
	*out_sz = o.len;
	*used = s.pos;
	return NULL;
}
