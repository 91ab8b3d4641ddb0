// SPDX-License-Identifier: BSD-2-Clause
/*
 * BPF instructions as text in the kernel's own syntax (kernel/bpf/disasm.c is
 * what verifier logs and bpftool's xlated dump print; this is written to
 * read the same, not copied from it). Pure.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "disasm.h"

#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80 /* sign-extending loads, 6.6 */
#endif

/* __BPF_FUNC_MAPPER(FN) is FN(name) for each helper, comma-separated, in every UAPI version. */
#define HELPER_NAME(x, ...) [BPF_FUNC_##x] = "bpf_" #x
static const char *const helper_names[] = { __BPF_FUNC_MAPPER(HELPER_NAME) };

const char *disasm_helper_name(int id)
{
	if (id <= 0 || (size_t)id >= sizeof(helper_names) / sizeof(helper_names[0]))
		return NULL;
	return helper_names[id];
}

static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=",	  [BPF_SUB >> 4] = "-=",     [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=",	  [BPF_OR >> 4] = "|=",	     [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=",	  [BPF_RSH >> 4] = ">>=",    [BPF_NEG >> 4] = "neg",
	[BPF_MOD >> 4] = "%=",	  [BPF_XOR >> 4] = "^=",     [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

static const char *const jmp_ops[16] = {
	[BPF_JA >> 4] = "jmp",	  [BPF_JEQ >> 4] = "==",   [BPF_JGT >> 4] = ">",
	[BPF_JGE >> 4] = ">=",	  [BPF_JSET >> 4] = "&",   [BPF_JNE >> 4] = "!=",
	[BPF_JSGT >> 4] = "s>",	  [BPF_JSGE >> 4] = "s>=", [BPF_CALL >> 4] = "call",
	[BPF_EXIT >> 4] = "exit", [BPF_JLT >> 4] = "<",	   [BPF_JLE >> 4] = "<=",
	[BPF_JSLT >> 4] = "s<",	  [BPF_JSLE >> 4] = "s<=",
};

static const char *const sizes[4] = {
	[BPF_W >> 3] = "u32", [BPF_H >> 3] = "u16", [BPF_B >> 3] = "u8", [BPF_DW >> 3] = "u64"
};
static const char *const ssizes[4] = {
	[BPF_W >> 3] = "s32", [BPF_H >> 3] = "s16", [BPF_B >> 3] = "s8", [BPF_DW >> 3] = "s64"
};

static void alu(const struct bpf_insn *in, char *buf, size_t sz)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	char r = is64 ? 'r' : 'w';
	unsigned int op = BPF_OP(in->code);

	if (op == BPF_NEG) {
		snprintf(buf, sz, "%c%d = -%c%d", r, in->dst_reg, r, in->dst_reg);
	} else if (op == BPF_END) {
		snprintf(buf, sz, "%c%d = %s%d %c%d", r, in->dst_reg,
			 !is64 ? (BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le") : "bswap", in->imm,
			 r, in->dst_reg);
	} else if (op == BPF_MOV && BPF_SRC(in->code) == BPF_X && in->off &&
		   in->off != 1 /* addr_space_cast */) {
		snprintf(buf, sz, "%c%d = (s%d)%c%d", r, in->dst_reg, in->off, r, in->src_reg);
	} else if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1) {
		if (BPF_SRC(in->code) == BPF_X)
			snprintf(buf, sz, "%c%d s%s %c%d", r, in->dst_reg, alu_ops[op >> 4], r,
				 in->src_reg);
		else
			snprintf(buf, sz, "%c%d s%s %d", r, in->dst_reg, alu_ops[op >> 4], in->imm);
	} else if (BPF_SRC(in->code) == BPF_X) {
		snprintf(buf, sz, "%c%d %s %c%d", r, in->dst_reg, alu_ops[op >> 4], r, in->src_reg);
	} else {
		snprintf(buf, sz, "%c%d %s %d", r, in->dst_reg, alu_ops[op >> 4], in->imm);
	}
}

static void atomic(const struct bpf_insn *in, char *buf, size_t sz)
{
	static const char *const ops[16] = { [BPF_ADD >> 4] = "+=",
					     [BPF_AND >> 4] = "&=",
					     [BPF_OR >> 4] = "|=",
					     [BPF_XOR >> 4] = "^=" };
	const char *size = sizes[BPF_SIZE(in->code) >> 3];
	char r = BPF_SIZE(in->code) == BPF_DW ? 'r' : 'w';
	int op = in->imm & ~BPF_FETCH;

	if (in->imm == BPF_XCHG)
		snprintf(buf, sz, "%c%d = atomic%s_xchg((%s *)(r%d %+d), %c%d)", r, in->src_reg,
			 r == 'r' ? "64" : "", size, in->dst_reg, in->off, r, in->src_reg);
	else if (in->imm == BPF_CMPXCHG)
		snprintf(buf, sz, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, %c%d)",
			 r == 'r' ? "64" : "", size, in->dst_reg, in->off, r, in->src_reg);
	else if (op >= 0 && op < 256 && !(op & 0xf) && ops[op >> 4] && (in->imm & BPF_FETCH))
		snprintf(buf, sz, "%c%d = atomic%s_fetch_%s((%s *)(r%d %+d), %c%d)", r, in->src_reg,
			 r == 'r' ? "64" : "",
			 op == BPF_ADD	 ? "add"
			 : op == BPF_AND ? "and"
			 : op == BPF_OR	 ? "or"
					 : "xor",
			 size, in->dst_reg, in->off, r, in->src_reg);
	else if (op >= 0 && op < 256 && !(op & 0xf) && ops[op >> 4])
		snprintf(buf, sz, "lock *(%s *)(r%d %+d) %s r%d", size, in->dst_reg, in->off,
			 ops[op >> 4], in->src_reg);
	else
		snprintf(buf, sz, "invalid atomic operation 0x%x", in->imm);
}

static void mem(const struct bpf_insn *in, char *buf, size_t sz)
{
	const char *size = sizes[BPF_SIZE(in->code) >> 3];

	switch (BPF_CLASS(in->code) | BPF_MODE(in->code)) {
	case BPF_STX | BPF_MEM:
		snprintf(buf, sz, "*(%s *)(r%d %+d) = r%d", size, in->dst_reg, in->off,
			 in->src_reg);
		return;
	case BPF_STX | BPF_ATOMIC:
		atomic(in, buf, sz);
		return;
	case BPF_ST | BPF_MEM:
		snprintf(buf, sz, "*(%s *)(r%d %+d) = %d", size, in->dst_reg, in->off, in->imm);
		return;
	case BPF_LDX | BPF_MEM:
		snprintf(buf, sz, "r%d = *(%s *)(r%d %+d)", in->dst_reg, size, in->src_reg,
			 in->off);
		return;
	case BPF_LDX | BPF_MEMSX:
		snprintf(buf, sz, "r%d = *(%s *)(r%d %+d)", in->dst_reg,
			 ssizes[BPF_SIZE(in->code) >> 3], in->src_reg, in->off);
		return;
	case BPF_LD | BPF_ABS:
		snprintf(buf, sz, "r0 = *(%s *)skb[%d]", size, in->imm);
		return;
	case BPF_LD | BPF_IND:
		snprintf(buf, sz, "r0 = *(%s *)skb[r%d + %d]", size, in->src_reg, in->imm);
		return;
	}
	snprintf(buf, sz, "unknown opcode %02x", in->code);
}

static void call(const struct bpf_insn *in, char *buf, size_t sz)
{
	const char *name;

	if (in->src_reg == BPF_PSEUDO_CALL) {
		snprintf(buf, sz, "call pc%+d", in->imm);
		return;
	}
	if (in->src_reg == BPF_PSEUDO_KFUNC_CALL) {
		snprintf(buf, sz, "call kernel-function#%d", in->imm);
		return;
	}
	name = disasm_helper_name(in->imm);
	if (name)
		snprintf(buf, sz, "call %s#%d", name, in->imm);
	else
		snprintf(buf, sz, "call unknown#%d", in->imm);
}

static void jmp(const struct bpf_insn *in, char *buf, size_t sz)
{
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	char r = is32 ? 'w' : 'r';
	unsigned int op = BPF_OP(in->code);

	if (op == BPF_EXIT && !is32) {
		snprintf(buf, sz, "exit");
	} else if (op == BPF_CALL && !is32) {
		call(in, buf, sz);
	} else if (op == BPF_JA) {
		if (is32)
			snprintf(buf, sz, "gotol pc%+d", in->imm);
		else
			snprintf(buf, sz, "goto pc%+d", in->off);
	} else if (op == BPF_EXIT || op == BPF_CALL || !jmp_ops[op >> 4]) {
		snprintf(buf, sz, "unknown opcode %02x", in->code);
	} else if (BPF_SRC(in->code) == BPF_X) {
		snprintf(buf, sz, "if %c%d %s %c%d goto pc%+d", r, in->dst_reg, jmp_ops[op >> 4], r,
			 in->src_reg, in->off);
	} else {
		snprintf(buf, sz, "if %c%d %s 0x%x goto pc%+d", r, in->dst_reg, jmp_ops[op >> 4],
			 (unsigned int)in->imm, in->off);
	}
}

static size_t ld_imm64(const struct bpf_insn *insns, size_t cnt, size_t idx,
		       const struct disasm_names *names, char *buf, size_t sz)
{
	const struct bpf_insn *in = &insns[idx];
	unsigned long long v;
	int n;

	if (idx + 1 >= cnt) {
		snprintf(buf, sz, "invalid ld_imm64");
		return 1;
	}
	n = snprintf(buf, sz, "r%d = ", in->dst_reg);
	if (n < 0 || (size_t)n >= sz)
		return 2;
	if (names && names->ld_imm64 &&
	    names->ld_imm64(names->ctx, idx, in, buf + n, sz - (size_t)n))
		return 2;
	v = (unsigned long long)(uint32_t)in->imm | (unsigned long long)(uint32_t)in[1].imm << 32;
	snprintf(buf + n, sz - (size_t)n, "0x%llx", v);
	return 2;
}

size_t disasm_insn(const struct bpf_insn *insns, size_t cnt, size_t idx,
		   const struct disasm_names *names, char *buf, size_t sz)
{
	const struct bpf_insn *in = &insns[idx];

	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (!alu_ops[BPF_OP(in->code) >> 4])
			break;
		alu(in, buf, sz);
		return 1;
	case BPF_JMP:
	case BPF_JMP32:
		jmp(in, buf, sz);
		return 1;
	case BPF_LD:
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
			return ld_imm64(insns, cnt, idx, names, buf, sz);
		mem(in, buf, sz);
		return 1;
	default:
		mem(in, buf, sz);
		return 1;
	}
	snprintf(buf, sz, "unknown opcode %02x", in->code);
	return 1;
}
