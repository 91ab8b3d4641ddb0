// SPDX-License-Identifier: BSD-2-Clause
/* The CLI's JSON writer: see json.h. */
#include <inttypes.h>

#include "json.h"

static FILE *out;

void json_set_out(FILE *f)
{
	out = f;
}

static FILE *o(void)
{
	return out ? out : stdout;
}

/* Length of the valid UTF-8 sequence at @p (1-4), or 0 when it is not one. */
static int utf8_len(const unsigned char *p)
{
	int n, i;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0; /* overlong, surrogate, past U+10FFFF */
	return n;
}

void json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int n;

	fputc('"', o());
	for (; *p; p++) {
		if (*p == '"' || *p == '\\') {
			fprintf(o(), "\\%c", *p);
		} else if (*p == '\n') {
			fputs("\\n", o());
		} else if (*p == '\t') {
			fputs("\\t", o());
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(o(), "\\u%04x", *p);
		} else if (*p < 0x80) {
			fputc(*p, o());
		} else if ((n = utf8_len(p))) {
			fwrite(p, 1, (size_t)n, o());
			p += n - 1;
		} else {
			fprintf(o(), "\\u%04x", *p);
		}
	}
	fputc('"', o());
}

void json_key(const char *key, bool *first)
{
	if (!*first)
		fputc(',', o());
	*first = false;
	json_str(key);
	fputc(':', o());
}

void json_kv_str(const char *key, const char *val, bool *first)
{
	json_key(key, first);
	json_str(val);
}

void json_kv_u64(const char *key, uint64_t val, bool *first)
{
	json_key(key, first);
	fprintf(o(), "%" PRIu64, val);
}

void json_kv_i64(const char *key, int64_t val, bool *first)
{
	json_key(key, first);
	fprintf(o(), "%" PRId64, val);
}

void json_kv_bool(const char *key, bool val, bool *first)
{
	json_key(key, first);
	fputs(val ? "true" : "false", o());
}

void json_kv_null(const char *key, bool *first)
{
	json_key(key, first);
	fputs("null", o());
}
