// SPDX-License-Identifier: BSD-2-Clause
/* The trace formatter's bounded line builder (see out.h). */
#include <string.h>

#include "out.h"

void out_init(struct tout *o, char *buf, size_t cap)
{
	o->p = buf;
	o->end = cap ? buf + cap - 1 : buf;
	o->full = !cap;
	if (cap)
		*buf = 0;
}

/*
 * Most pieces of a line are a few bytes (keys, numbers, punctuation): they
 * are copied in a loop here, where a memcpy() call (and strlen() for a
 * string) cost more than the copy, at a storm's million lines a second.
 */
#define SHORT_COPY 32

void out_mem(struct tout *o, const char *s, size_t n)
{
	char *p = o->p;

	if ((size_t)(o->end - p) < n) {
		o->full = true;
		n = o->end - p;
	}
	o->p = p + n;
	if (n > SHORT_COPY) {
		memcpy(p, s, n);
		return;
	}
	while (n--)
		*p++ = *s++;
}

void out_str(struct tout *o, const char *s)
{
	char *p = o->p;

	while (*s && p < o->end)
		*p++ = *s++;
	if (*s)
		o->full = true;
	o->p = p;
}

void out_char(struct tout *o, char c)
{
	if (o->p < o->end)
		*o->p++ = c;
	else
		o->full = true;
}

/* "00".."99": two digits per division, half the divisions of one at a time. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324"
				  "25262728293031323334353637383940414243444546474849"
				  "50515253545556575859606162636465666768697071727374"
				  "75767778798081828384858687888990919293949596979899";

void out_u64(struct tout *o, uint64_t v)
{
	char tmp[20], *q = tmp + sizeof(tmp);

	while (v >= 100) {
		q -= 2;
		memcpy(q, digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		q -= 2;
		memcpy(q, digit_pairs + 2 * v, 2);
	} else {
		*--q = '0' + v;
	}
	out_mem(o, q, tmp + sizeof(tmp) - q);
}

void out_s64(struct tout *o, int64_t v)
{
	if (v < 0) {
		out_char(o, '-');
		out_u64(o, -(uint64_t)v);
		return;
	}
	out_u64(o, v);
}

static const char hexdig[] = "0123456789abcdef";

void out_hex(struct tout *o, uint64_t v)
{
	char tmp[16], *q = tmp + sizeof(tmp);

	do {
		*--q = hexdig[v & 15];
		v >>= 4;
	} while (v);
	out_str(o, "0x");
	out_mem(o, q, tmp + sizeof(tmp) - q);
}

void out_pad(struct tout *o, const char *line, size_t col)
{
	out_char(o, ' ');
	while (o->p >= line && (size_t)(o->p - line) < col && !o->full)
		out_char(o, ' ');
}

/* Bytes JSON needs escaped: quote, backslash, controls, and (for valid UTF-8) >= 0x80. */
static bool json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

void out_json_str(struct tout *o, const char *s, size_t n)
{
	const char *run;
	size_t i = 0;

	out_char(o, '"');
	while (i < n && s[i]) {
		unsigned char c = s[i];

		run = s + i;
		while (i < n && s[i] && json_plain(s[i]))
			i++;
		if (s + i > run) {
			out_mem(o, run, s + i - run);
			continue;
		}
		i++;
		out_char(o, '\\');
		if (c == '"' || c == '\\') {
			out_char(o, c);
		} else if (c == '\n') {
			out_char(o, 'n');
		} else if (c == '\t') {
			out_char(o, 't');
		} else {
			out_str(o, "u00");
			out_char(o, hexdig[c >> 4]);
			out_char(o, hexdig[c & 15]);
		}
	}
	out_char(o, '"');
}

void out_text_str(struct tout *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = s[i];

		if (c > 0x20 && c < 0x7f && c != '\\') {
			out_char(o, c);
			continue;
		}
		if (c == ' ') {
			out_char(o, c);
			continue;
		}
		out_str(o, "\\x");
		out_char(o, hexdig[c >> 4]);
		out_char(o, hexdig[c & 15]);
	}
}

static void out_ip4(struct tout *o, const uint8_t *a)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			out_char(o, '.');
		out_u64(o, a[i]);
	}
}

/* The longest run of zero groups (at least two), or -1. */
static int longest_zero_run(const uint16_t *g, int *len)
{
	int best = -1, best_len = 1, i, j;

	for (i = 0; i < 8; i = j + 1) {
		for (j = i; j < 8 && !g[j]; j++)
			;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
	}
	*len = best_len;
	return best;
}

/* One IPv6 group in hex, without leading zeros. */
static void out_group(struct tout *o, uint16_t v)
{
	char tmp[4];
	int n = 0, sh;

	for (sh = 12; sh >= 0; sh -= 4)
		if (n || (v >> sh) & 15 || !sh)
			tmp[n++] = hexdig[(v >> sh) & 15];
	out_mem(o, tmp, n);
}

static void out_ip6(struct tout *o, const uint8_t *a)
{
	uint16_t g[8];
	int i, zero, zlen;

	for (i = 0; i < 8; i++)
		g[i] = a[2 * i] << 8 | a[2 * i + 1];
	/* ::ffff:a.b.c.d, the v4-mapped form */
	if (!g[0] && !g[1] && !g[2] && !g[3] && !g[4] && g[5] == 0xffff) {
		out_str(o, "::ffff:");
		out_ip4(o, a + 12);
		return;
	}
	zero = longest_zero_run(g, &zlen);
	for (i = 0; i < 8; i++) {
		if (i == zero) {
			out_str(o, "::");
			i += zlen - 1;
			continue;
		}
		if (i && i != zero + zlen)
			out_char(o, ':');
		out_group(o, g[i]);
	}
}

void out_ip(struct tout *o, bool v6, const uint8_t *addr)
{
	if (v6)
		out_ip6(o, addr);
	else
		out_ip4(o, addr);
}

void out_key(struct tout *o, const char *key)
{
	char *p = o->p;

	/* ,"key": in one pass (keys are short literals: no escaping) */
#define PUT(c)                          \
	do {                            \
		if (p < o->end)         \
			*p++ = (c);     \
		else                    \
			o->full = true; \
	} while (0)
	PUT(',');
	PUT('"');
	for (; *key; key++)
		PUT(*key);
	PUT('"');
	PUT(':');
#undef PUT
	o->p = p;
}

void out_kv_u64(struct tout *o, const char *key, uint64_t v)
{
	out_key(o, key);
	out_u64(o, v);
}

void out_kv_s64(struct tout *o, const char *key, int64_t v)
{
	out_key(o, key);
	out_s64(o, v);
}

void out_kv_str(struct tout *o, const char *key, const char *s, size_t n)
{
	out_key(o, key);
	out_json_str(o, s, n);
}

void out_kv_bool(struct tout *o, const char *key, bool v)
{
	out_key(o, key);
	out_str(o, v ? "true" : "false");
}
