/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hand assembly for kernel tests: the handful of eBPF instructions they need,
 * as struct bpf_insn initialisers. Named I_* so they never clash with the
 * kernel's or libbpf's BPF_* macros.
 */
#ifndef BBPF_TEST_INSN_H
#define BBPF_TEST_INSN_H

#include <linux/bpf.h>

#define I_RAW(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

/* dst = imm (64-bit move of a sign-extended 32-bit immediate) */
#define I_MOV64_IMM(dst, imm) I_RAW(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define I_MOV64_REG(dst, src) I_RAW(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define I_ADD64_IMM(dst, imm) I_RAW(BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, imm)
#define I_RSH64_IMM(dst, imm) I_RAW(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0, imm)
/* *(u32 *)(dst + off) = imm */
#define I_ST_W(dst, off, imm) I_RAW(BPF_ST | BPF_MEM | BPF_W, dst, 0, off, imm)
/* lock *(u64 *)(dst + off) += src */
#define I_ATOMIC_ADD64(dst, src, off) I_RAW(BPF_STX | BPF_ATOMIC | BPF_DW, dst, src, off, BPF_ADD)
/* if dst == imm goto pc + 1 + off */
#define I_JEQ_IMM(dst, imm, off) I_RAW(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, off, imm)
#define I_CALL(helper)		 I_RAW(BPF_JMP | BPF_CALL, 0, 0, 0, helper)
#define I_EXIT()		 I_RAW(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* dst = map (two slots: a 64-bit immediate whose source says "this is a map fd") */
#define I_LD_MAP_FD(dst, fd) \
	I_RAW(BPF_LD | BPF_IMM | BPF_DW, dst, BPF_PSEUDO_MAP_FD, 0, fd), I_RAW(0, 0, 0, 0, 0)

/*
 * I_COUNT(map_fd): value[0] += 1 in an array map with u32 keys and u64
 * values, then return 0. 11 instructions; any program type with
 * bpf_map_lookup_elem can use it.
 */
#define I_COUNT(map_fd)                                                                            \
	I_ST_W(BPF_REG_10, -4, 0), I_MOV64_REG(BPF_REG_2, BPF_REG_10), I_ADD64_IMM(BPF_REG_2, -4), \
		I_LD_MAP_FD(BPF_REG_1, map_fd), I_CALL(BPF_FUNC_map_lookup_elem),                  \
		I_JEQ_IMM(BPF_REG_0, 0, 2), I_MOV64_IMM(BPF_REG_1, 1),                             \
		I_ATOMIC_ADD64(BPF_REG_0, BPF_REG_1, 0), I_MOV64_IMM(BPF_REG_0, 0), I_EXIT()

/*
 * I_IF_TGID(tgid): return 0 at once unless the current process is @tgid
 * (5 instructions; tracing program types only: bpf_get_current_pid_tgid).
 */
#define I_IF_TGID(tgid)                                                    \
	I_CALL(BPF_FUNC_get_current_pid_tgid), I_RSH64_IMM(BPF_REG_0, 32), \
		I_JEQ_IMM(BPF_REG_0, tgid, 2), I_MOV64_IMM(BPF_REG_0, 0), I_EXIT()

#endif
