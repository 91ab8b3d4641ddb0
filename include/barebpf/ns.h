/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf: the parts of the public API every other header needs:
 * symbol visibility, error strings and the print hook.
 */
#ifndef BAREBPF_NS_H
#define BAREBPF_NS_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks a function as part of the public API (exported from the shared library). */
#define NS_API __attribute__((visibility("default")))

enum bbpf_print_level {
	BBPF_WARN,
	BBPF_INFO,
	BBPF_DEBUG,
};

/*
 * A print hook receives every message the library writes. It is the only
 * way the library talks: it never writes to stderr by itself.
 */
typedef int (*bbpf_print_fn)(enum bbpf_print_level level, const char *fmt, va_list ap);

/*
 * bbpf_set_print() installs @fn as the print hook and returns the previous one.
 * NULL silences the library. The default hook prints BBPF_WARN messages to stderr.
 */
NS_API bbpf_print_fn bbpf_set_print(bbpf_print_fn fn);

/*
 * Names of values: every bbpf_*_str() that names an enum or a kernel constant
 * (bbpf_btf_kind_str(), bbpf_map_type_str(), ...) and bbpf_feature_name()
 * return a static string, and "unknown" for a value they have no name for
 * (out of range, or newer than this library). Never NULL.
 */

/*
 * bbpf_strerror() describes a negative (or positive) errno value, including the
 * kernel-internal codes bpf() can return (ENOTSUPP 524). Returns a static string.
 */
NS_API const char *bbpf_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_NS_H */
