/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Opts structs (CONTRIBUTING.md) lead with `size_t sz`, set by the caller to
 * the sizeof() it was compiled with. That lets a struct grow without breaking
 * binaries built against an older header:
 *   - a field that ends past opts->sz reads as its default (OPTS_GET);
 *   - bytes past the fields we know, up to opts->sz, must be zero: a caller
 *     built against a newer header asked for something we cannot do.
 */
#ifndef BBPF_INTERNAL_OPTS_H
#define BBPF_INTERNAL_OPTS_H

#include <stddef.h>

#include "compiler.h"
#include "log.h"

/*
 * bbpf__opts_valid() checks @opts (may be NULL) against @known_sz, the size
 * of the struct this library was built with; @type names it in the warning.
 * Returns 1 if valid, 0 (after a warning) if not.
 */
static inline int bbpf__opts_valid(const void *opts, size_t known_sz, const char *type)
{
	const unsigned char *p = opts;
	size_t sz, i;

	if (!opts)
		return 1;
	sz = *(const size_t *)opts;
	if (sz < sizeof(size_t)) {
		pr_warn("struct %s: sz is %zu, smaller than the sz field itself\n", type, sz);
		return 0;
	}
	if (sz <= known_sz) /* as old as us or older: nothing unknown */
		return 1;
	for (i = known_sz; i < sz; i++) {
		if (p[i]) {
			pr_warn("struct %s: byte %zu is set, past the %zu bytes this library knows\n",
				type, i, known_sz);
			return 0;
		}
	}
	return 1;
}

#define OPTS_VALID(opts, type) bbpf__opts_valid(opts, sizeof(struct type), #type)
/* True when @opts is non-NULL and its sz covers @field. */
#define OPTS_HAS(opts, field)		((opts) && (opts)->sz >= offsetofend(typeof(*(opts)), field))
#define OPTS_GET(opts, field, fallback) (OPTS_HAS(opts, field) ? (opts)->field : (fallback))
#define OPTS_SET(opts, field, value)             \
	do {                                     \
		if (OPTS_HAS(opts, field))       \
			(opts)->field = (value); \
	} while (0)

#endif
