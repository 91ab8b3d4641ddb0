// SPDX-License-Identifier: BSD-2-Clause
/*
 * tools/disasm.c: instructions as the kernel's verifier log and bpftool's
 * xlated dump print them (the strings below are the kernel's syntax).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../tools/disasm.h"

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static void expect(struct bpf_insn in, const char *want)
{
	char buf[128];

	assert_int_equal(disasm_insn(&in, 1, 0, NULL, buf, sizeof(buf)), 1);
	assert_string_equal(buf, want);
}

static void test_alu(void **state)
{
	(void)state;
	expect(INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0), "r6 = r1");
	expect(INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, -4), "r1 = -4");
	expect(INSN(BPF_ALU | BPF_ADD | BPF_X, 2, 3, 0, 0), "w2 += w3");
	expect(INSN(BPF_ALU64 | BPF_ARSH | BPF_K, 0, 0, 0, 32), "r0 s>>= 32");
	expect(INSN(BPF_ALU64 | BPF_NEG, 4, 0, 0, 0), "r4 = -r4");
	expect(INSN(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 16), "w1 = be16 w1");
	expect(INSN(BPF_ALU64 | BPF_END | BPF_TO_LE, 1, 0, 0, 32), "r1 = bswap32 r1");
	expect(INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 8, 0), "r1 = (s8)r2");
	expect(INSN(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 1, 0), "r1 s/= r2");
}

static void test_mem(void **state)
{
	(void)state;
	expect(INSN(BPF_LDX | BPF_MEM | BPF_W, 2, 10, -4, 0), "r2 = *(u32 *)(r10 -4)");
	expect(INSN(BPF_STX | BPF_MEM | BPF_DW, 10, 1, -8, 0), "*(u64 *)(r10 -8) = r1");
	expect(INSN(BPF_ST | BPF_MEM | BPF_B, 1, 0, 3, 7), "*(u8 *)(r1 +3) = 7");
	expect(INSN(BPF_LDX | 0x80 | BPF_H, 0, 1, 2, 0), "r0 = *(s16 *)(r1 +2)");
	expect(INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 2, 1, 0, BPF_ADD), "lock *(u64 *)(r2 +0) += r1");
	expect(INSN(BPF_STX | BPF_ATOMIC | BPF_W, 2, 1, 4, BPF_ADD | BPF_FETCH),
	       "w1 = atomic_fetch_add((u32 *)(r2 +4), w1)");
	expect(INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 2, 1, 0, BPF_CMPXCHG),
	       "r0 = atomic64_cmpxchg((u64 *)(r2 +0), r0, r1)");
}

static void test_jmp(void **state)
{
	(void)state;
	expect(INSN(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1, 0), "if r1 == 0x0 goto pc+1");
	expect(INSN(BPF_JMP | BPF_JNE | BPF_X, 1, 2, 4, 0), "if r1 != r2 goto pc+4");
	expect(INSN(BPF_JMP32 | BPF_JSLT | BPF_K, 3, 0, -7, -1), "if w3 s< 0xffffffff goto pc-7");
	expect(INSN(BPF_JMP | BPF_JA, 0, 0, -3, 0), "goto pc-3");
	expect(INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, 70000), "gotol pc+70000");
	expect(INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
	       "call bpf_map_lookup_elem#1");
	expect(INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 10), "call pc+10");
	expect(INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 100000), "call unknown#100000");
	expect(INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0), "exit");
	expect(INSN(BPF_JMP32 | BPF_EXIT, 0, 0, 0, 0), "unknown opcode 96");
}

static int name_map(void *ctx, size_t idx, const struct bpf_insn *insn, char *buf, size_t sz)
{
	(void)ctx, (void)insn;
	if (idx != 2)
		return 0;
	snprintf(buf, sz, "map[events]");
	return 1;
}

static void test_ld_imm64(void **state)
{
	struct bpf_insn prog[] = {
		INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0x1234), INSN(0, 0, 0, 0, 0x5),
		INSN(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, 0),	  INSN(0, 0, 0, 0, 0),
		INSN(BPF_LD | BPF_IMM | BPF_DW, 3, 0, 0, 0),
	};
	struct disasm_names names = { .ld_imm64 = name_map };
	char buf[64];

	(void)state;
	assert_int_equal(disasm_insn(prog, 5, 0, &names, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "r1 = 0x500001234");
	assert_int_equal(disasm_insn(prog, 5, 2, &names, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "r2 = map[events]");
	/* Cut short at the end: one instruction, said so. */
	assert_int_equal(disasm_insn(prog, 5, 4, &names, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "invalid ld_imm64");
	/* A tiny buffer is cut, never overrun. */
	assert_int_equal(disasm_insn(prog, 5, 0, NULL, buf, 4), 2);
	assert_string_equal(buf, "r1 ");
	assert_string_equal(disasm_helper_name(BPF_FUNC_ringbuf_output), "bpf_ringbuf_output");
	assert_null(disasm_helper_name(0));
	assert_null(disasm_helper_name(-1));
}

/* Every opcode byte decodes to something, without reading past the buffer. */
static void test_every_opcode(void **state)
{
	struct bpf_insn in[2] = { 0 };
	char buf[96];
	int c;

	(void)state;
	for (c = 0; c < 256; c++) {
		in[0] = INSN(c, 1, 2, 3, c * 7919);
		assert_in_range(disasm_insn(in, 1, 0, NULL, buf, sizeof(buf)), 1, 2);
		assert_true(strlen(buf) > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu),	     cmocka_unit_test(test_mem),
		cmocka_unit_test(test_jmp),	     cmocka_unit_test(test_ld_imm64),
		cmocka_unit_test(test_every_opcode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
