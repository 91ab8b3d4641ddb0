/* SPDX-License-Identifier: BSD-2-Clause */
/* `barebpf gen min-btf` (min_btf.c), called by cmd_gen.c. */
#ifndef BBPF_TOOLS_MIN_BTF_H
#define BBPF_TOOLS_MIN_BTF_H

#include <stddef.h>

/*
 * gen_min_btf() writes, for target BTF @btf and for every BTF under @dir
 * (either may be NULL), the minimal BTF of the @nobj objects at @paths into
 * folder @out. Prints one line per target; returns the exit status (1 when
 * an object, a target or a write failed: said on stderr).
 */
int gen_min_btf(const char *const *paths, size_t nobj, const char *btf, const char *dir,
		const char *out);

#endif
