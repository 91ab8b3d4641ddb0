/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf: the parts of the public API every other header needs:
 * symbol visibility, error strings and the print hook.
 *
 * Conventions of every public header:
 * - Integers are <stdint.h> types (uint32_t, uint64_t), never the kernel's
 *   __u32/__u64: most of the API (BTF, CO-RE, objects) is pure C that a user
 *   calls without <linux/types.h>, and uint64_t is the type C code holds
 *   (__u64 is `unsigned long long`, uint64_t `unsigned long` on 64-bit
 *   Linux, so mixing them breaks pointers). Values land in the kernel's
 *   union bpf_attr unchanged. Kernel structs (struct bpf_insn, struct
 *   btf_type) keep their UAPI definitions.
 * - Functions return int: >= 0 on success, -errno on failure; objects come
 *   back through an out parameter written only on success.
 * - Every exported function is marked BBPF_API; the rest of the library is
 *   hidden (built with -fvisibility=hidden).
 */
#ifndef BAREBPF_NS_H
#define BAREBPF_NS_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks a function as part of the public API (exported from the shared library). */
#define BBPF_API __attribute__((visibility("default")))

enum bbpf_print_level {
	BBPF_WARN,
	BBPF_INFO,
	BBPF_DEBUG,
	/*
	 * One decoded system call or loader step (one line, '\n'-ended), only
	 * while tracing is on: bbpf_sys_trace_set() or BAREBPF_SYSCALLS=1
	 * (=json for JSON lines). The default hook prints these too.
	 */
	BBPF_SYSCALL,
};

/*
 * A print hook receives every message the library writes. It is the only
 * way the library talks: it never writes to stderr by itself.
 */
typedef int (*bbpf_print_fn)(enum bbpf_print_level level, const char *fmt, va_list ap);

/*
 * bbpf_set_print() installs @fn as the print hook and returns the previous one.
 * NULL silences the library. The default hook prints BBPF_WARN (and BBPF_SYSCALL) messages to
 * stderr.
 */
BBPF_API bbpf_print_fn bbpf_set_print(bbpf_print_fn fn);

/*
 * bbpf_set_print_level() drops messages above @max (BBPF_SYSCALL lines
 * aside: tracing governs those) before they are made, so that work done
 * only to say something (formatting each CO-RE candidate, say) is skipped
 * too, and returns the previous level. The default, BBPF_DEBUG, hands the
 * hook everything; a hook that shows only warnings should set BBPF_WARN.
 */
BBPF_API enum bbpf_print_level bbpf_set_print_level(enum bbpf_print_level max);

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
BBPF_API const char *bbpf_strerror(int err);
/* "EPERM", "ENOENT", "ENOTSUPP", ...: the symbolic name of errno @err (either sign); NULL if unknown. */
BBPF_API const char *bbpf_errno_name(int err);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_NS_H */
