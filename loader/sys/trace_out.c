// SPDX-License-Identifier: BSD-2-Clause
/*
 * The writer of --syscalls lines (pure): fields as `name=value` in text or
 * `"name":value` in JSON, flags as names, results in words. A line that
 * would not fit is cut, never overflowed.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <barebpf/ns.h>
#include "sys/trace.h"

void bbpf__sc_raw(struct bbpf__sc_out *o, const char *fmt, ...)
{
	size_t room = sizeof(o->buf) - o->len;
	va_list ap;
	int n;

	if (room <= 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n < room ? (size_t)n : room - 1;
}

void bbpf__sc_quote(struct bbpf__sc_out *o, const char *s, size_t max)
{
	size_t i;

	bbpf__sc_raw(o, "\"");
	for (i = 0; s && i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			bbpf__sc_raw(o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			bbpf__sc_raw(o, o->json ? "\\u%04x" : "\\x%02x", c);
		else
			bbpf__sc_raw(o, "%c", c);
	}
	bbpf__sc_raw(o, "\"");
}

void bbpf__sc_open(struct bbpf__sc_out *o)
{
	bbpf__sc_raw(o, o->json ? ",\"args\":{" : " {");
	o->nfields = 0;
}

void bbpf__sc_close(struct bbpf__sc_out *o)
{
	bbpf__sc_raw(o, "}");
}

static void key(struct bbpf__sc_out *o, const char *k)
{
	if (o->nfields++)
		bbpf__sc_raw(o, o->json ? "," : ", ");
	bbpf__sc_raw(o, o->json ? "\"%s\":" : "%s=", k);
}

void bbpf__sc_u64(struct bbpf__sc_out *o, const char *k, uint64_t v)
{
	key(o, k);
	bbpf__sc_raw(o, "%llu", (unsigned long long)v);
}

void bbpf__sc_s64(struct bbpf__sc_out *o, const char *k, int64_t v)
{
	key(o, k);
	bbpf__sc_raw(o, "%lld", (long long)v);
}

void bbpf__sc_hex(struct bbpf__sc_out *o, const char *k, uint64_t v)
{
	key(o, k);
	bbpf__sc_raw(o, o->json ? "\"0x%llx\"" : "0x%llx", (unsigned long long)v);
}

void bbpf__sc_str(struct bbpf__sc_out *o, const char *k, const char *s, size_t max)
{
	key(o, k);
	if (s)
		bbpf__sc_quote(o, s, max);
	else
		bbpf__sc_raw(o, "null");
}

void bbpf__sc_name(struct bbpf__sc_out *o, const char *k, const char *name)
{
	key(o, k);
	bbpf__sc_raw(o, o->json ? "\"%s\"" : "%s", name);
}

void bbpf__sc_upname(struct bbpf__sc_out *o, const char *k, const char *name)
{
	char up[64];
	size_t i;

	for (i = 0; name[i] && i < sizeof(up) - 1; i++)
		up[i] = (char)toupper((unsigned char)name[i]);
	up[i] = 0;
	bbpf__sc_name(o, k, up);
}

void bbpf__sc_flags(struct bbpf__sc_out *o, const char *k, uint64_t v,
		    const struct bbpf__sc_flag *names, size_t n)
{
	const char *sep = "";
	size_t i;

	key(o, k);
	if (o->json)
		bbpf__sc_raw(o, "\"");
	if (!v)
		bbpf__sc_raw(o, "0");
	for (i = 0; i < n; i++) {
		if (!(v & names[i].bit))
			continue;
		bbpf__sc_raw(o, "%s%s", sep, names[i].name);
		v &= ~names[i].bit;
		sep = "|";
	}
	if (v)
		bbpf__sc_raw(o, "%s0x%llx", sep, (unsigned long long)v);
	if (o->json)
		bbpf__sc_raw(o, "\"");
}

void bbpf__sc_result(struct bbpf__sc_out *o, long ret, enum bbpf__sc_ret kind, uint64_t ns)
{
	const char *name = ret < 0 ? bbpf_errno_name((int)ret) : NULL;
	double ms = (double)ns / 1e6;

	if (o->json) {
		if (ret >= 0 && kind == BBPF__SC_ADDR)
			bbpf__sc_raw(o, ",\"ret\":\"0x%lx\"", (unsigned long)ret);
		else if (ret >= 0)
			bbpf__sc_raw(o, ",\"ret\":%ld%s", ret,
				     kind == BBPF__SC_FD ? ",\"fd\":true" : "");
		else
			bbpf__sc_raw(o,
				     ",\"ret\":-1,\"errno\":\"%s\",\"error\":", name ? name : "?");
		if (ret < 0)
			bbpf__sc_quote(o, bbpf_strerror((int)ret), 200);
		bbpf__sc_raw(o, ",\"ms\":%.3f}", ms);
		return;
	}
	if (ret >= 0 && kind == BBPF__SC_ADDR)
		bbpf__sc_raw(o, " = 0x%lx", (unsigned long)ret);
	else if (ret >= 0)
		bbpf__sc_raw(o, " = %s%ld", kind == BBPF__SC_FD ? "fd " : "", ret);
	else if (name)
		bbpf__sc_raw(o, " = -1 %s (%s)", name, bbpf_strerror((int)ret));
	else
		bbpf__sc_raw(o, " = -1 errno %ld (%s)", -ret, bbpf_strerror((int)ret));
	bbpf__sc_raw(o, " (%.3f ms)", ms);
}
