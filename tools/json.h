/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CLI's one JSON writer (every command's --json goes through it). Output
 * goes to stdout. Strings are escaped per RFC 8259: '"', '\\' and control
 * characters are escaped, valid UTF-8 passes through, and a byte that is
 * not part of valid UTF-8 is written as \u00XX (its Latin-1 reading), so
 * names from objects and BTF, which are arbitrary bytes, always give valid
 * JSON.
 *
 * Objects are written with a "first" flag the caller keeps per object:
 *	bool first = true;
 *	putchar('{');
 *	json_kv_str("name", n, &first);
 *	json_kv_u64("id", id, &first);
 *	putchar('}');
 */
#ifndef BBPF_TOOLS_JSON_H
#define BBPF_TOOLS_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* json_set_out() sends the writer's output to @f (NULL: stdout again); for tests. */
void json_set_out(FILE *f);
/* "@s" with its escapes; NULL is written as "". */
void json_str(const char *s);
/* The separating comma (unless *@first) and "@key": */
void json_key(const char *key, bool *first);
void json_kv_str(const char *key, const char *val, bool *first);
void json_kv_u64(const char *key, uint64_t val, bool *first);
void json_kv_i64(const char *key, int64_t val, bool *first);
void json_kv_bool(const char *key, bool val, bool *first);
/* "@key":null */
void json_kv_null(const char *key, bool *first);

#endif
