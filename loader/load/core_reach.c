// SPDX-License-Identifier: BSD-2-Clause
/*
 * Can a poisoned instruction run? CO-RE poisons an access whose field or
 * type the target lacks (`call 0xbad2310`); the verifier rejects the
 * program only if that call is on a path it explores. Programs written for
 * many kernels guard such accesses with a check CO-RE also relocates:
 *
 *     r1 = 1                  field_exists, patched to 0 on this kernel
 *     if r1 == 0 goto +2      the verifier knows r1 and takes the jump
 *     r2 = *(u32 *)(r6 +64)   byte_off, poisoned: never explored
 *
 * This file answers the question the way the verifier does for such code:
 * a forward data-flow pass over one function's relocated instructions that
 * knows constants (registers and 8-byte stack slots), folds ALU operations
 * on them and follows only the side of a conditional jump a known value
 * decides. A value it cannot know makes both sides reachable, so the
 * answer errs towards "reachable": a program called reachable may still be
 * accepted (the verifier knows ranges too), one called unreachable is not
 * rejected for its poisoned instructions.
 *
 * Stores through a pointer derived from the frame pointer other than
 * r10+const, and calls given such a pointer, forget every stack slot.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/core.h>

#define NREG  11
#define NSLOT 64 /* 8-byte slots below r10: 512 bytes of stack */

struct absval {
	uint64_t reg[NREG];
	uint64_t slot[NSLOT];
	uint64_t slot_known, slot_fp; /* bit i: slot i holds a known value / a stack pointer */
	uint16_t reg_known, reg_fp;   /* bit r: r holds a known value / a stack pointer */
};

struct reach {
	const struct bpf_insn *insns;
	size_t cnt;
	struct absval *in; /* [cnt]: what holds on entry to each instruction */
	bool *seen, *queued;
	uint32_t *work;
	size_t nwork;
};

static bool known(const struct absval *s, int r)
{
	return r < NREG && s->reg_known >> r & 1;
}

static void set_reg(struct absval *s, int r, bool is_known, uint64_t v)
{
	if (r >= NREG)
		return;
	s->reg[r] = v;
	s->reg_known = is_known ? s->reg_known | 1u << r : s->reg_known & ~(1u << r);
	s->reg_fp &= ~(1u << r);
}

/* The slot of r10 + @off for an 8-byte access, or -1. */
static int slot_of(int16_t off)
{
	if (off >= 0 || off < -8 * NSLOT || off % 8)
		return -1;
	return -off / 8 - 1;
}

static void forget_stack(struct absval *s)
{
	s->slot_known = 0;
	s->slot_fp = 0;
}

static bool alu_eval(uint8_t op, uint64_t a, uint64_t b, bool is64, uint64_t *out)
{
	unsigned int sh = b & (is64 ? 63 : 31);

	switch (op) {
	case BPF_ADD:
		*out = a + b;
		break;
	case BPF_SUB:
		*out = a - b;
		break;
	case BPF_MUL:
		*out = a * b;
		break;
	case BPF_OR:
		*out = a | b;
		break;
	case BPF_AND:
		*out = a & b;
		break;
	case BPF_XOR:
		*out = a ^ b;
		break;
	case BPF_LSH:
		*out = a << sh;
		break;
	case BPF_RSH:
		*out = (is64 ? a : (uint32_t)a) >> sh;
		break;
	case BPF_ARSH:
		*out = is64 ? (uint64_t)((int64_t)a >> sh) : (uint32_t)((int32_t)a >> sh);
		break;
	case BPF_NEG:
		*out = -a;
		break;
	case BPF_MOV:
		*out = b;
		break;
	default:
		return false; /* div, mod, end: not needed for CO-RE guards */
	}
	if (!is64)
		*out = (uint32_t)*out;
	return true;
}

static void step_alu(struct absval *s, const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64, ok;
	uint8_t op = BPF_OP(in->code), dst = in->dst_reg, src = in->src_reg;
	bool from_x = BPF_SRC(in->code) == BPF_X;
	bool dst_fp = dst < NREG && s->reg_fp >> dst & 1;
	uint64_t a = dst < NREG ? s->reg[dst] : 0, b, v = 0;

	if (from_x)
		b = src < NREG ? s->reg[src] : 0;
	else
		b = is64 ? (uint64_t)(int64_t)in->imm : (uint32_t)in->imm;
	if (op == BPF_MOV && from_x && is64 && !in->off && src < NREG &&
	    (src == BPF_REG_10 || s->reg_fp >> src & 1)) {
		set_reg(s, dst, false, 0);
		s->reg_fp |= 1u << dst; /* a copy of a stack pointer */
		return;
	}
	ok = (op == BPF_NEG || op == BPF_MOV || known(s, dst)) && (!from_x || known(s, src)) &&
	     !(op == BPF_MOV && in->off) && alu_eval(op, a, b, is64, &v);
	set_reg(s, dst, ok, v);
	if (dst_fp && is64 && op != BPF_MOV)
		s->reg_fp |= 1u << dst; /* stack pointer arithmetic */
}

/* LDX: known when read back from a known 8-byte stack slot. */
static void step_ldx(struct absval *s, const struct bpf_insn *in)
{
	int sl = in->src_reg == BPF_REG_10 && BPF_SIZE(in->code) == BPF_DW &&
				 BPF_MODE(in->code) == BPF_MEM
			 ? slot_of(in->off)
			 : -1;

	if (sl < 0) {
		set_reg(s, in->dst_reg, false, 0);
		return;
	}
	set_reg(s, in->dst_reg, s->slot_known >> sl & 1, s->slot[sl]);
	if (s->slot_fp >> sl & 1)
		s->reg_fp |= 1u << in->dst_reg;
}

/* ST and STX (atomics included): what the stack slot now holds. */
static void step_store(struct absval *s, const struct bpf_insn *in)
{
	bool is_st = BPF_CLASS(in->code) == BPF_ST, atomic = BPF_MODE(in->code) == BPF_ATOMIC;
	int sl = in->dst_reg == BPF_REG_10 ? slot_of(in->off) : -1;
	uint8_t src = in->src_reg;

	if (atomic) {
		if (in->imm & BPF_FETCH)
			set_reg(s, in->imm == BPF_CMPXCHG ? BPF_REG_0 : src, false, 0);
	}
	if (in->dst_reg != BPF_REG_10) {
		if (in->dst_reg < NREG && s->reg_fp >> in->dst_reg & 1)
			forget_stack(s); /* a store into the stack we cannot place */
		return;
	}
	if (in->off < 0 && in->off >= -8 * NSLOT && (in->off % 8 || sl < 0))
		sl = (-in->off - 1) / 8; /* a partial store: that slot becomes unknown */
	if (sl < 0)
		return;
	s->slot_known &= ~(1ull << sl);
	s->slot_fp &= ~(1ull << sl);
	if (atomic || BPF_SIZE(in->code) != BPF_DW || in->off % 8)
		return;
	if (is_st) {
		s->slot[sl] = (uint64_t)(int64_t)in->imm;
		s->slot_known |= 1ull << sl;
	} else if (known(s, src)) {
		s->slot[sl] = s->reg[src];
		s->slot_known |= 1ull << sl;
	} else if (src < NREG && (src == BPF_REG_10 || s->reg_fp >> src & 1)) {
		s->slot_fp |= 1ull << sl;
	}
}

/* A conditional jump with both operands known: 1 taken, 0 not; -1 when unknown. */
static int jmp_decide(const struct absval *s, const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_JMP;
	uint64_t a, b;
	int64_t sa, sb;

	if (!known(s, in->dst_reg) || (BPF_SRC(in->code) == BPF_X && !known(s, in->src_reg)))
		return -1;
	a = s->reg[in->dst_reg];
	b = BPF_SRC(in->code) == BPF_X ? s->reg[in->src_reg] : (uint64_t)(int64_t)in->imm;
	if (!is64) {
		a = (uint32_t)a;
		b = (uint32_t)b;
	}
	sa = is64 ? (int64_t)a : (int32_t)a;
	sb = is64 ? (int64_t)b : (int32_t)b;
	switch (BPF_OP(in->code)) {
	case BPF_JEQ:
		return a == b;
	case BPF_JNE:
		return a != b;
	case BPF_JGT:
		return a > b;
	case BPF_JGE:
		return a >= b;
	case BPF_JLT:
		return a < b;
	case BPF_JLE:
		return a <= b;
	case BPF_JSET:
		return !!(a & b);
	case BPF_JSGT:
		return sa > sb;
	case BPF_JSGE:
		return sa >= sb;
	case BPF_JSLT:
		return sa < sb;
	case BPF_JSLE:
		return sa <= sb;
	default:
		return -1;
	}
}

/* Joins @s into the entry state of @to; queues it when that changed. */
static int flow(struct reach *r, size_t to, const struct absval *s)
{
	struct absval *d;
	uint16_t same = 0;
	int i;

	if (to >= r->cnt)
		return -EINVAL;
	d = &r->in[to];
	if (!r->seen[to]) {
		*d = *s;
		r->seen[to] = true;
	} else {
		struct absval old = *d;

		for (i = 0; i < NREG; i++)
			same |= (uint16_t)(d->reg[i] == s->reg[i]) << i;
		d->reg_known &= s->reg_known & same;
		d->reg_fp |= s->reg_fp;
		for (i = 0; i < NSLOT; i++)
			if (d->slot[i] != s->slot[i])
				d->slot_known &= ~(1ull << i);
		d->slot_known &= s->slot_known;
		d->slot_fp |= s->slot_fp;
		if (old.reg_known == d->reg_known && old.reg_fp == d->reg_fp &&
		    old.slot_known == d->slot_known && old.slot_fp == d->slot_fp)
			return 0;
	}
	if (!r->queued[to]) {
		r->queued[to] = true;
		r->work[r->nwork++] = to;
	}
	return 0;
}

static bool is_poison(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->imm == BBPF_CORE_POISON_IMM &&
	       in->src_reg == 0;
}

/* A call: r0-r5 are clobbered; a stack pointer handed over may be written through. */
static void step_call(struct absval *s)
{
	int i;

	if (s->reg_fp & 0x3e)
		forget_stack(s);
	for (i = 0; i <= BPF_REG_5; i++)
		set_reg(s, i, false, 0);
}

/* Follows instruction @i from state @s. Returns 1 at a reachable poison, 0, or -EINVAL. */
static int step(struct reach *r, size_t i, struct absval *s)
{
	const struct bpf_insn *in = &r->insns[i];
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	int taken;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		step_alu(s, in);
		return flow(r, i + 1, s);
	case BPF_LDX:
		step_ldx(s, in);
		return flow(r, i + 1, s);
	case BPF_ST:
	case BPF_STX:
		step_store(s, in);
		return flow(r, i + 1, s);
	case BPF_LD:
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW)) { /* legacy packet loads */
			step_call(s);
			return flow(r, i + 1, s);
		}
		if (i + 1 >= r->cnt)
			return -EINVAL;
		set_reg(s, in->dst_reg, !in->src_reg,
			(uint32_t)in->imm | (uint64_t)(uint32_t)in[1].imm << 32);
		return flow(r, i + 2, s);
	}
	if (is_poison(in))
		return 1;
	if (op == BPF_EXIT)
		return 0;
	if (op == BPF_CALL) {
		step_call(s);
		return flow(r, i + 1, s);
	}
	if (op == BPF_JA)
		return flow(r, i + 1 + (cls == BPF_JMP32 ? in->imm : in->off), s);
	taken = jmp_decide(s, in);
	if (taken != 0 && flow(r, i + 1 + in->off, s))
		return -EINVAL;
	return taken == 1 ? 0 : flow(r, i + 1, s);
}

static void reach_free(struct reach *r)
{
	free(r->in);
	free(r->seen);
	free(r->queued);
	free(r->work);
}

int bbpf_core_poison_reach(const struct bpf_insn *insns, size_t cnt, uint32_t *at)
{
	struct reach r = { .insns = insns, .cnt = cnt };
	struct absval s = { 0 };
	int err = 0;
	size_t i;

	if (!insns || !cnt)
		return insns || !cnt ? 0 : -EINVAL;
	r.in = malloc(cnt * sizeof(*r.in));
	r.seen = calloc(cnt, sizeof(*r.seen));
	r.queued = calloc(cnt, sizeof(*r.queued));
	r.work = malloc(cnt * sizeof(*r.work));
	if (!r.in || !r.seen || !r.queued || !r.work) {
		reach_free(&r);
		return -ENOMEM;
	}
	s.reg_fp = 1u << BPF_REG_10;
	err = flow(&r, 0, &s);
	while (!err && r.nwork) {
		i = r.work[--r.nwork];
		r.queued[i] = false;
		s = r.in[i];
		err = step(&r, i, &s);
		if (err == 1 && at)
			*at = (uint32_t)i;
	}
	reach_free(&r);
	return err;
}
