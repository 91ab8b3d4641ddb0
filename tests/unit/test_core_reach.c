// SPDX-License-Identifier: BSD-2-Clause
/*
 * bbpf_core_poison_reach() (loader/load/core_reach.c): which poisoned
 * instructions of a relocated function can run. Each case is a small
 * program in the shape clang gives CO-RE guards, with the answer the
 * verifier would give: a guard whose value is known decides the branch,
 * an unknown one leaves both sides reachable.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <barebpf/core.h>

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)	       INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)	       INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ALU64_IMM(op, d, i)    INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU32_IMM(op, d, i)    INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define JMP_IMM(op, d, i, o)   INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JMP32_IMM(op, d, i, o) INSN(BPF_JMP32 | (op) | BPF_K, d, 0, o, i)
#define JMP_REG(op, d, s, o)   INSN(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define STX_DW(d, s, o)	       INSN(BPF_STX | BPF_MEM | BPF_DW, d, s, o, 0)
#define STX_W(d, s, o)	       INSN(BPF_STX | BPF_MEM | BPF_W, d, s, o, 0)
#define LDX_DW(d, s, o)	       INSN(BPF_LDX | BPF_MEM | BPF_DW, d, s, o, 0)
#define LDX_W(d, s, o)	       INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define CALL(i)		       INSN(BPF_JMP | BPF_CALL, 0, 0, 0, i)
#define POISON		       CALL(BBPF_CORE_POISON_IMM)
#define EXIT		       INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define JA(o)		       INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define LD64(d, lo, hi)	       INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, lo), INSN(0, 0, 0, 0, hi)

#define REACH(prog) bbpf_core_poison_reach(prog, sizeof(prog) / sizeof(prog[0]), &at)

/* field_exists patched to 0, then `if r1 == 0 goto out`: the access is dead. */
static void test_guard_false(void **state)
{
	struct bpf_insn p[] = { MOV64_IMM(1, 0), JMP_IMM(BPF_JEQ, 1, 0, 2), POISON,
				MOV64_IMM(0, 1), MOV64_IMM(0, 0),	    EXIT };
	uint32_t at = 99;

	(void)state;
	assert_int_equal(REACH(p), 0);
	assert_int_equal(at, 99);
}

/* The same guard true (1): the poisoned access runs. */
static void test_guard_true(void **state)
{
	struct bpf_insn p[] = { MOV64_IMM(1, 1), JMP_IMM(BPF_JEQ, 1, 0, 2), POISON,
				MOV64_IMM(0, 1), MOV64_IMM(0, 0),	    EXIT };
	uint32_t at = 0;

	(void)state;
	assert_int_equal(REACH(p), 1);
	assert_int_equal(at, 2);
}

/* A guard on a value the pass cannot know (a helper's result): both sides. */
static void test_guard_unknown(void **state)
{
	struct bpf_insn p[] = { CALL(5), JMP_IMM(BPF_JEQ, 0, 0, 1), POISON, MOV64_IMM(0, 0), EXIT };
	uint32_t at = 0;

	(void)state;
	assert_int_equal(REACH(p), 1);
	assert_int_equal(at, 2);
}

/* The guard survives a helper call in a callee-saved register and a spill to the stack. */
static void test_guard_kept(void **state)
{
	struct bpf_insn p[] = {
		MOV64_IMM(6, 0), /* exists = 0 */
		STX_DW(10, 6, -16),
		CALL(14),
		LDX_DW(7, 10, -16),
		JMP_IMM(BPF_JNE, 6, 0, 2),
		JMP_IMM(BPF_JEQ, 7, 0, 1),
		POISON,
		EXIT,
	};
	uint32_t at = 99;

	(void)state;
	assert_int_equal(REACH(p), 0);
}

/* A store through a copy of r10 may overwrite the spill: the slot is forgotten. */
static void test_stack_alias(void **state)
{
	struct bpf_insn p[] = {
		MOV64_IMM(6, 0),
		STX_DW(10, 6, -8),
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -8),
		STX_DW(2, 0, 0),
		LDX_DW(7, 10, -8),
		JMP_IMM(BPF_JEQ, 7, 0, 1),
		POISON,
		EXIT,
	};
	uint32_t at = 0;

	(void)state;
	assert_int_equal(REACH(p), 1);
	assert_int_equal(at, 7);
}

/* So does a helper given a stack pointer (bpf_probe_read_kernel(fp-8, ...)). */
static void test_stack_helper(void **state)
{
	struct bpf_insn p[] = {
		MOV64_IMM(6, 0),
		STX_DW(10, 6, -8),
		MOV64_REG(1, 10),
		ALU64_IMM(BPF_ADD, 1, -8),
		CALL(113),
		LDX_DW(7, 10, -8),
		JMP_IMM(BPF_JEQ, 7, 0, 1),
		POISON,
		EXIT,
	};
	uint32_t at = 0;

	(void)state;
	assert_int_equal(REACH(p), 1);
}

/* A 4-byte store into the slot, or a 4-byte load of it: unknown. */
static void test_stack_partial(void **state)
{
	struct bpf_insn p1[] = { MOV64_IMM(6, 0),
				 STX_DW(10, 6, -8),
				 STX_W(10, 0, -4),
				 LDX_DW(7, 10, -8),
				 JMP_IMM(BPF_JEQ, 7, 0, 1),
				 POISON,
				 EXIT };
	struct bpf_insn p2[] = { MOV64_IMM(6, 0),  STX_DW(10, 6, -8),
				 LDX_W(7, 10, -8), JMP_IMM(BPF_JEQ, 7, 0, 1),
				 POISON,	   EXIT };
	uint32_t at = 0;

	(void)state;
	assert_int_equal(REACH(p1), 1);
	assert_int_equal(REACH(p2), 1);
}

/* ALU folding: (0 + 1) & 1 is 1; 32-bit ops wrap; JSET, signed and JMP32 compares. */
static void test_alu_fold(void **state)
{
	struct bpf_insn p1[] = { MOV64_IMM(1, 0),
				 ALU64_IMM(BPF_ADD, 1, 1),
				 ALU64_IMM(BPF_AND, 1, 1),
				 JMP_IMM(BPF_JNE, 1, 1, 1),
				 POISON,
				 EXIT };
	struct bpf_insn p2[] = { MOV64_IMM(1, -1), ALU32_IMM(BPF_ADD, 1, 1),
				 JMP_IMM(BPF_JEQ, 1, 0, 1), POISON, EXIT };
	struct bpf_insn p3[] = { MOV64_IMM(1, -5), JMP_IMM(BPF_JSLT, 1, 0, 1),
				 POISON,	   JMP_IMM(BPF_JSET, 1, 2, 1),
				 POISON,	   EXIT };
	struct bpf_insn p4[] = { LD64(1, 0, 1), JMP32_IMM(BPF_JEQ, 1, 0, 1), POISON, EXIT };
	uint32_t at = 0;

	(void)state;
	assert_int_equal(REACH(p1), 1); /* r1 == 1: the jump is not taken */
	assert_int_equal(REACH(p2), 0); /* 0xffffffff + 1 = 0 in 32 bits */
	assert_int_equal(REACH(p3), 0); /* -5 < 0 skips the first, -5 & 2 == 2 the second */
	assert_int_equal(REACH(p4), 0); /* low 32 bits of 1 << 32 are 0 */
}

/* Paths join: different constants make the value unknown, equal ones keep it. */
static void test_join(void **state)
{
	struct bpf_insn p[] = { CALL(5),	 JMP_IMM(BPF_JEQ, 0, 0, 2), MOV64_IMM(1, 0), JA(1),
				MOV64_IMM(1, 1), JMP_IMM(BPF_JEQ, 1, 0, 1), POISON,	     EXIT };
	struct bpf_insn q[] = { CALL(5),	 JMP_IMM(BPF_JEQ, 0, 0, 2), MOV64_IMM(1, 0), JA(1),
				MOV64_IMM(1, 0), JMP_REG(BPF_JEQ, 1, 1, 1), POISON,	     EXIT };
	uint32_t at = 0;

	(void)state;
	assert_int_equal(REACH(p), 1);
	assert_int_equal(REACH(q), 0); /* both paths set r1 = 0: still known, r1 == r1 */
}

/* A loop terminates (the lattice only loses facts) and a poison after it is found. */
static void test_loop(void **state)
{
	struct bpf_insn p[] = { MOV64_IMM(1, 0), ALU64_IMM(BPF_ADD, 1, 1),
				JMP_IMM(BPF_JLT, 1, 100, -2), POISON, EXIT };
	uint32_t at = 0;

	(void)state;
	assert_int_equal(REACH(p), 1);
	assert_int_equal(at, 3);
}

/* Malformed code: a jump out of the function, a cut ld_imm64; empty code. */
static void test_malformed(void **state)
{
	struct bpf_insn p1[] = { JA(5), EXIT };
	struct bpf_insn p2[] = { MOV64_IMM(0, 0), INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0) };
	struct bpf_insn p3[] = { MOV64_IMM(0, 0) }; /* falls off the end */
	uint32_t at = 0;

	(void)state;
	assert_int_equal(REACH(p1), -EINVAL);
	assert_int_equal(REACH(p2), -EINVAL);
	assert_int_equal(REACH(p3), -EINVAL);
	assert_int_equal(bbpf_core_poison_reach(p1, 0, NULL), 0);
	assert_int_equal(bbpf_core_poison_reach(NULL, 3, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard_false),   cmocka_unit_test(test_guard_true),
		cmocka_unit_test(test_guard_unknown), cmocka_unit_test(test_guard_kept),
		cmocka_unit_test(test_stack_alias),   cmocka_unit_test(test_stack_helper),
		cmocka_unit_test(test_stack_partial), cmocka_unit_test(test_alu_fold),
		cmocka_unit_test(test_join),	      cmocka_unit_test(test_loop),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
