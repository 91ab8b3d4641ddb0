/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BBPF_INTERNAL_COMPILER_H
#define BBPF_INTERNAL_COMPILER_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The one answer of every *_str() and name function for a value it has no
 * name for (out of range, or a hole in its table): "unknown", never NULL
 * (include/barebpf/ns.h says so to users).
 */
#define BBPF__UNKNOWN "unknown"

static inline const char *bbpf__name(const char *const *names, size_t cnt, size_t i)
{
	return i < cnt && names[i] ? names[i] : BBPF__UNKNOWN;
}

#define BBPF__NAME(names, i) bbpf__name((names), ARRAY_SIZE(names), (i))

/* Offset of the first byte after @member: the size of a struct cut after it. */
#define offsetofend(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __unused       __attribute__((unused))
#define likely(x)      __builtin_expect(!!(x), 1)
#define unlikely(x)    __builtin_expect(!!(x), 0)
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

#endif
