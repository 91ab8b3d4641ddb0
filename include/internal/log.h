/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal logging: every message goes through the print hook set with
 * bbpf_set_print(). Log the context once, at the innermost site that has it.
 */
#ifndef BBPF_INTERNAL_LOG_H
#define BBPF_INTERNAL_LOG_H

#include <stdbool.h>

#include <barebpf/ns.h>
#include "compiler.h"

__printf(2, 3) void bbpf__print(enum bbpf_print_level level, const char *fmt, ...);

/*
 * While this thread's count of bbpf__print_quiet_debug(true) calls exceeds
 * its (false) calls, its debug lines are dropped; other threads log on.
 */
void bbpf__print_quiet_debug(bool quiet);

/* True when messages at @level reach a hook (lets callers skip costly formatting). */
int bbpf__print_enabled(enum bbpf_print_level level);

#define pr_warn(fmt, ...)  bbpf__print(BBPF_WARN, "barebpf: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)  bbpf__print(BBPF_INFO, "barebpf: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) bbpf__print(BBPF_DEBUG, "barebpf: " fmt, ##__VA_ARGS__)

#endif
