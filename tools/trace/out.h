/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A bounded line builder for the trace formatter: appends never write past
 * the end, they set `full` instead, so one check at the end of a line tells
 * whether it fit. Integers are converted by hand: at a storm's rates,
 * printf per field costs more than the rest of the event.
 */
#ifndef BBPF_TOOLS_TRACE_OUT_H
#define BBPF_TOOLS_TRACE_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tout {
	char *p;
	char *end; /* one before the buffer's end: room for the NUL */
	bool full;
};

void out_init(struct tout *o, char *buf, size_t cap);
void out_mem(struct tout *o, const char *s, size_t n);
void out_str(struct tout *o, const char *s);
void out_char(struct tout *o, char c);
void out_u64(struct tout *o, uint64_t v);
void out_s64(struct tout *o, int64_t v);
void out_hex(struct tout *o, uint64_t v);
/* Pads with spaces up to column @col (counted from @line), at least one. */
void out_pad(struct tout *o, const char *line, size_t col);
/*
 * At most @n bytes of @s, up to its first NUL. JSON: a quoted string with
 * JSON escapes (bytes >= 0x80 as \u00XX, so any input gives valid JSON).
 * Text: control and non-ASCII bytes as \xNN.
 */
void out_json_str(struct tout *o, const char *s, size_t n);
void out_text_str(struct tout *o, const char *s, size_t n);
/* An IPv4 (4 bytes) or IPv6 (16 bytes, RFC 5952 zero compression) address. */
void out_ip(struct tout *o, bool v6, const uint8_t *addr);

/* JSON members: ,"key":value */
void out_key(struct tout *o, const char *key);
void out_kv_u64(struct tout *o, const char *key, uint64_t v);
void out_kv_s64(struct tout *o, const char *key, int64_t v);
void out_kv_str(struct tout *o, const char *key, const char *s, size_t n);
void out_kv_bool(struct tout *o, const char *key, bool v);

#endif
