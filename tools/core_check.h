/* SPDX-License-Identifier: BSD-2-Clause */
/* `barebpf core check` (core_check.c), called by cmd_core.c. */
#ifndef BBPF_TOOLS_CORE_CHECK_H
#define BBPF_TOOLS_CORE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/*
 * core_check() checks the @nobj objects at @paths against every BTF under
 * @dir on @threads threads (0: one per CPU), prints the report (JSON lines
 * with @json) and returns the exit status: 0 when every program loads on
 * every kernel, 1 otherwise or on an error (said on stderr).
 */
int core_check(const char *const *paths, size_t nobj, const char *dir, bool json,
	       unsigned int threads);

#endif
