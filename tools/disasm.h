/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One BPF instruction as text, in the kernel verifier's syntax (the one
 * `bpftool prog dump xlated` and verifier logs print): "r1 = *(u32 *)(r2 +8)",
 * "if r1 != 0x0 goto pc+3", "call bpf_map_lookup_elem#1". Pure.
 */
#ifndef BBPF_TOOLS_DISASM_H
#define BBPF_TOOLS_DISASM_H

#include <stddef.h>
#include <linux/bpf.h>

/*
 * How the instruction's operands that point elsewhere are named: @ld_imm64
 * writes the right-hand side of a 16-byte load (a map by name, a global's
 * address) and returns non-zero, or returns 0 for the plain "0x..." value;
 * NULL for the plain form everywhere.
 */
struct disasm_names {
	int (*ld_imm64)(void *ctx, size_t idx, const struct bpf_insn *insn, char *buf, size_t sz);
	void *ctx;
};

/*
 * disasm_insn() writes instruction @idx of @insns (@cnt of them) to @buf
 * without its index or opcode: what follows "(bf) " in the kernel's dump.
 * Returns how many instructions it took (2 for a 16-byte load, 1 else; 1 also
 * for a 16-byte load cut short, written as "invalid ld_imm64").
 */
size_t disasm_insn(const struct bpf_insn *insns, size_t cnt, size_t idx,
		   const struct disasm_names *names, char *buf, size_t sz);

/* bpf_<name> of helper @id ("bpf_map_lookup_elem"); NULL for an id we do not know. */
const char *disasm_helper_name(int id);

#endif
