/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What `core explain` needs of an ELF object, read by core_objfile.c ahead
 * of the full object model (loader/elf.c, obj*.c). To merge later: the code
 * sections become bbpf_prog's instructions, the function symbols the
 * program/subprogram split, and core_explain.c's walk becomes
 * core_apply.c's per-program loop.
 */
#ifndef BBPF_LOADER_CORE_OBJFILE_H
#define BBPF_LOADER_CORE_OBJFILE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>

/* An executable section: its code in host byte order. */
struct bbpf__core_sec {
	char *name;
	size_t idx; /* ELF section index */
	struct bpf_insn *insns;
	size_t insn_cnt;
};

/* A function symbol: where a program or subprogram starts, in instructions. */
struct bbpf__core_func {
	char *name;
	size_t sec_idx;
	size_t start; /* first instruction */
	size_t cnt;   /* instructions (0 if the symbol has no size) */
};

struct bbpf_core_obj {
	struct bbpf_btf *btf;
	struct bbpf_btf_ext *ext;
	struct bbpf__core_sec *secs;
	size_t sec_cnt, sec_cap;
	struct bbpf__core_func *funcs;
	size_t func_cnt, func_cap;
};

/* The code section named @name, or NULL. */
const struct bbpf__core_sec *bbpf__core_obj_sec(const struct bbpf_core_obj *obj, const char *name);

/*
 * The function of section @sec_idx that contains instruction @insn (the
 * nearest one starting at or before it when sizes are missing), or NULL.
 */
const struct bbpf__core_func *bbpf__core_obj_func(const struct bbpf_core_obj *obj, size_t sec_idx,
						  size_t insn);

#endif
