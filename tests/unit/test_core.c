// SPDX-License-Identifier: BSD-2-Clause
/*
 * The CO-RE engine (btf/core_*.c) on BTF built here: every relocation kind,
 * the access shapes (anonymous members, arrays, flexible arrays,
 * bitfields, enum64), candidates (flavors, modules, kinds, ambiguity and
 * narrowing), patching of each instruction form, poisoning, and the errors
 * malformed relocations give. The expected values are worked out in the
 * comments from the layouts below.
 *
 * local:  struct s { int a; unsigned int b; union { int u; }; int arr[3];
 *                    int gone; int flex[]; }                          (28 bytes)
 *         struct bits { unsigned x:3; int y:5; }
 *         enum e { E_A = 1, E_B = -2 };  enum64 e64 { E64_X = 1 << 32 }
 *         struct s___fl { long a; };  struct nothere { int a; };  struct <anon> { int a; }
 * target: struct s { long pad; union { long pad; int u; }; int a; unsigned long b;
 *                    int arr[5]; int flex[]; }                        (56 bytes)
 *         struct bits { int z:7; int y:5 @30; unsigned x:3 @40; }   (8 bytes)
 *         enum e { E_B = 7, E_A = 3 };  enum64 e64 { E64_X = 0x200000001 }
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>
#include "../helpers/btf_build.h"

enum {
	L_INT = 1,
	L_UINT,
	L_LONG,
	L_ARR,
	L_FLEX,
	L_ANON,
	L_S,
	L_BITS,
	L_ENUM,
	L_ENUM64,
	L_S_FL,
	L_NOTHERE,
	L_ANON_S
};
enum { T_INT = 1, T_UINT, T_LONG, T_ULONG, T_ARR, T_FLEX, T_ANON, T_S, T_BITS, T_ENUM, T_ENUM64 };

static const char *const accs[] = { "0", "0:0", "0:1", "0:2:0", "0:3:2", "0:4", "0:5:7", "0:0:9",
				    "1", "0:9", "",    "0::1",	"0:3:3", "2",	"0:3" };

struct fix {
	struct bbpf_btf *local, *targ;
	uint32_t acc_off[sizeof(accs) / sizeof(accs[0])];
	struct bbpf_core_cache *cache;
};

static uint32_t acc(const struct fix *f, const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(accs) / sizeof(accs[0]); i++)
		if (!strcmp(accs[i], s))
			return f->acc_off[i];
	fail_msg("access string %s not in the table", s);
	return 0;
}

static struct bbpf_btf *parse(struct btfb *b)
{
	struct bbpf_btf *btf;
	size_t sz;
	void *blob = btfb_blob(b, &sz);

	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	free(blob);
	btfb_free(b);
	return btf;
}

static struct bbpf_btf *build_local(struct fix *f)
{
	struct btfb b;
	size_t i;

	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_int(&b, "unsigned int", 4, 0, 32);
	btfb_int(&b, "long", 8, BTF_INT_SIGNED, 64);
	btfb_array(&b, L_INT, L_INT, 3);
	btfb_array(&b, L_INT, L_INT, 0);
	btfb_union(&b, NULL, 4, 1);
	btfb_member(&b, "u", L_INT, 0);
	btfb_struct(&b, "s", 28, 6);
	btfb_member(&b, "a", L_INT, 0);
	btfb_member(&b, "b", L_UINT, 32);
	btfb_member(&b, NULL, L_ANON, 64);
	btfb_member(&b, "arr", L_ARR, 96);
	btfb_member(&b, "gone", L_INT, 192);
	btfb_member(&b, "flex", L_FLEX, 224);
	btfb_struct_kflag(&b, "bits", 4, 2);
	btfb_bitfield(&b, "x", L_UINT, 0, 3);
	btfb_bitfield(&b, "y", L_INT, 3, 5);
	btfb_enum(&b, "e", 4, 2, true);
	btfb_enumval(&b, "E_A", 1);
	btfb_enumval(&b, "E_B", -2);
	btfb_enum64(&b, "e64", 8, 1, false);
	btfb_enum64val(&b, "E64_X", 1ULL << 32);
	btfb_struct(&b, "s___fl", 8, 1);
	btfb_member(&b, "a", L_LONG, 0);
	btfb_struct(&b, "nothere", 4, 1);
	btfb_member(&b, "a", L_INT, 0);
	btfb_struct(&b, NULL, 4, 1);
	btfb_member(&b, "a", L_INT, 0);
	for (i = 0; i < sizeof(accs) / sizeof(accs[0]); i++)
		f->acc_off[i] = accs[i][0] ? btfb_str(&b, accs[i]) : 0;
	return parse(&b);
}

static struct bbpf_btf *build_target(void)
{
	struct btfb b;

	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_int(&b, "unsigned int", 4, 0, 32);
	btfb_int(&b, "long", 8, BTF_INT_SIGNED, 64);
	btfb_int(&b, "unsigned long", 8, 0, 64);
	btfb_array(&b, T_INT, T_INT, 5);
	btfb_array(&b, T_INT, T_INT, 0);
	btfb_union(&b, NULL, 8, 2);
	btfb_member(&b, "pad", T_LONG, 0);
	btfb_member(&b, "u", T_INT, 0);
	btfb_struct(&b, "s", 56, 6);
	btfb_member(&b, "pad", T_LONG, 0);
	btfb_member(&b, NULL, T_ANON, 64);
	btfb_member(&b, "a", T_INT, 128);
	btfb_member(&b, "b", T_ULONG, 192);
	btfb_member(&b, "arr", T_ARR, 256);
	btfb_member(&b, "flex", T_FLEX, 416);
	btfb_struct_kflag(&b, "bits", 8, 3);
	btfb_bitfield(&b, "z", T_INT, 0, 7);
	btfb_bitfield(&b, "y", T_INT, 30, 5);
	btfb_bitfield(&b, "x", T_UINT, 40, 3);
	btfb_enum(&b, "e", 4, 2, false);
	btfb_enumval(&b, "E_B", 7);
	btfb_enumval(&b, "E_A", 3);
	btfb_enum64(&b, "e64", 8, 1, false);
	btfb_enum64val(&b, "E64_X", 0x200000001ULL);
	return parse(&b);
}

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	const struct bbpf_btf *t[1];
	struct bbpf_core_targets tg = { t, NULL, 1 };

	f->local = build_local(f);
	f->targ = build_target();
	t[0] = f->targ;
	assert_int_equal(bbpf_core_cache_new(f->local, &tg, &f->cache), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	bbpf_core_cache_free(f->cache);
	bbpf_btf_free(f->local);
	bbpf_btf_free(f->targ);
	free(f);
	return 0;
}

/* Calculates relocation (@type, @access, @kind) against the fixture's target. */
static int calc(struct fix *f, uint32_t type, const char *access, uint32_t kind,
		struct bbpf_core_res *res)
{
	struct bbpf_btf_core_relo r = { 0, type, acc(f, access), kind };
	struct bbpf_core_cands *cands = NULL;
	int err = 0;

	if (kind != BPF_CORE_TYPE_ID_LOCAL)
		err = bbpf_core_cands_find(f->cache, type, &cands);
	return err ?: bbpf_core_calc(f->local, &r, cands, NULL, res);
}

struct want {
	uint32_t type;
	const char *access;
	uint32_t kind;
	uint64_t orig, new_val;
	bool poison, found;
};

/* One row per kind and shape; values from the layouts in the header comment. */
static const struct want wants[] = {
	{ L_S, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 16, false, true },
	{ L_S, "0:2:0", BPF_CORE_FIELD_BYTE_OFFSET, 8, 8, false, true },   /* anon union */
	{ L_S, "0:3:2", BPF_CORE_FIELD_BYTE_OFFSET, 20, 40, false, true }, /* arr[2] */
	{ L_S, "0:5:7", BPF_CORE_FIELD_BYTE_OFFSET, 56, 80, false, true }, /* flex[7] */
	{ L_S, "0:1", BPF_CORE_FIELD_BYTE_SIZE, 4, 8, false, true },
	{ L_S, "0:3", BPF_CORE_FIELD_BYTE_SIZE, 12, 20, false, true }, /* whole array */
	{ L_S, "0:3:2", BPF_CORE_FIELD_BYTE_SIZE, 4, 4, false, true }, /* element */
	{ L_S, "0:0", BPF_CORE_FIELD_SIGNED, 1, 1, false, true },
	{ L_S, "0:1", BPF_CORE_FIELD_SIGNED, 0, 0, false, true },
	{ L_S, "0:4", BPF_CORE_FIELD_EXISTS, 1, 0, false, false }, /* gone */
	{ L_S, "0:4", BPF_CORE_FIELD_BYTE_OFFSET, 24, 0, true, false },
	{ L_S, "0:0", BPF_CORE_FIELD_EXISTS, 1, 1, false, true },
	/* y: 5 bits at bit 3 locally (u32 load), at bit 30 in the target (u64 load) */
	{ L_BITS, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, 0, 0, false, true },
	{ L_BITS, "0:1", BPF_CORE_FIELD_BYTE_SIZE, 4, 8, false, true },
	{ L_BITS, "0:1", BPF_CORE_FIELD_LSHIFT_U64, 56, 29, false, true },
	{ L_BITS, "0:1", BPF_CORE_FIELD_RSHIFT_U64, 59, 59, false, true },
	{ L_BITS, "0:1", BPF_CORE_FIELD_SIGNED, 1, 1, false, true },
	/* x: 3 bits at 0 (u32) -> at 40 in a 4-byte unsigned: the u32 at byte 4 */
	{ L_BITS, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 4, false, true },
	{ L_BITS, "0:0", BPF_CORE_FIELD_LSHIFT_U64, 61, 53, false, true },
	{ L_BITS, "0:0", BPF_CORE_FIELD_SIGNED, 0, 0, false, true },
	{ L_ENUM, "1", BPF_CORE_ENUMVAL_VALUE, (uint64_t)-2, 7, false, true },
	{ L_ENUM, "0", BPF_CORE_ENUMVAL_EXISTS, 1, 1, false, true },
	{ L_ENUM64, "0", BPF_CORE_ENUMVAL_VALUE, 1ULL << 32, 0x200000001ULL, false, true },
	{ L_S, "0", BPF_CORE_TYPE_EXISTS, 1, 1, false, true },
	{ L_S, "0", BPF_CORE_TYPE_SIZE, 28, 56, false, true },
	{ L_S, "0", BPF_CORE_TYPE_ID_TARGET, L_S, T_S, false, true },
	{ L_S, "0", BPF_CORE_TYPE_ID_LOCAL, L_S, L_S, false, false },
	{ L_BITS, "0", BPF_CORE_TYPE_MATCHES, 1, 1, false, true }, /* offsets do not matter */
	{ L_ENUM, "0", BPF_CORE_TYPE_MATCHES, 1, 1, false, true },
	{ L_S_FL, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 16, false, true }, /* flavor of s */
	{ L_NOTHERE, "0", BPF_CORE_TYPE_EXISTS, 1, 0, false, false },
	{ L_NOTHERE, "0", BPF_CORE_TYPE_SIZE, 4, 0, false, false },
	{ L_NOTHERE, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 0, true, false },
	{ L_NOTHERE, "0:0", BPF_CORE_FIELD_BYTE_SIZE, 4, 0, true, false },
};

static void test_kinds(void **state)
{
	struct fix *f = *state;
	struct bbpf_core_res res;
	size_t i;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		const struct want *w = &wants[i];

		memset(&res, 0xff, sizeof(res));
		if (calc(f, w->type, w->access, w->kind, &res))
			fail_msg("row %zu: calc failed", i);
		if (res.orig_val != w->orig || res.poison != w->poison || res.found != w->found ||
		    (!w->poison && res.new_val != w->new_val))
			fail_msg("row %zu (%s %s): got %llu -> %llu poison %d found %d", i,
				 bbpf_core_kind_str(w->kind), w->access,
				 (unsigned long long)res.orig_val, (unsigned long long)res.new_val,
				 res.poison, res.found);
	}
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(bbpf_core_kind_str(BPF_CORE_FIELD_BYTE_OFFSET), "byte_off");
	assert_string_equal(bbpf_core_kind_str(BPF_CORE_TYPE_MATCHES), "type_matches");
	assert_string_equal(bbpf_core_kind_str(BPF_CORE_ENUMVAL_VALUE), "enumval_value");
	assert_string_equal(bbpf_core_kind_str(13), "unknown");
}

static void test_spec_str(void **state)
{
	struct fix *f = *state;
	struct bbpf_btf_core_relo r = { 0, L_S, acc(f, "0:3:2"), BPF_CORE_FIELD_BYTE_OFFSET };
	char buf[128];

	assert_true(bbpf_core_spec_str(f->local, &r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "[7] struct s.arr[2] (0:3:2 @ offset 20)");
	r = (struct bbpf_btf_core_relo){ 0, L_ENUM, acc(f, "1"), BPF_CORE_ENUMVAL_VALUE };
	bbpf_core_spec_str(f->local, &r, buf, sizeof(buf));
	assert_string_equal(buf, "[9] enum e::E_B = -2");
	r = (struct bbpf_btf_core_relo){ 0, L_BITS, acc(f, "0:1"), BPF_CORE_FIELD_LSHIFT_U64 };
	bbpf_core_spec_str(f->local, &r, buf, sizeof(buf));
	assert_string_equal(buf, "[8] struct bits.y (0:1 @ offset 0.3)");
	r = (struct bbpf_btf_core_relo){ 0, L_S, acc(f, "2"), BPF_CORE_FIELD_BYTE_OFFSET };
	bbpf_core_spec_str(f->local, &r, buf, sizeof(buf));
	assert_string_equal(buf, "[7] struct s[2] (2 @ offset 56)");
}

/* Malformed relocations: each is refused with -EINVAL, never read out of bounds. */
static void test_bad_relos(void **state)
{
	static const struct {
		uint32_t type;
		const char *access;
		uint32_t kind;
		int err;
	} bad[] = {
		{ L_S, "0:9", BPF_CORE_FIELD_BYTE_OFFSET, -EINVAL },   /* member past vlen */
		{ L_S, "0:3:3", BPF_CORE_FIELD_BYTE_OFFSET, -EINVAL }, /* index past arr[3] */
		{ L_S, "0:0:9", BPF_CORE_FIELD_BYTE_OFFSET, -EINVAL }, /* into an int */
		{ L_S, "", BPF_CORE_FIELD_BYTE_OFFSET, -EINVAL },
		{ L_S, "0::1", BPF_CORE_FIELD_BYTE_OFFSET, -EINVAL },
		{ L_S, "1", BPF_CORE_TYPE_EXISTS, -EINVAL },	  /* type kinds take "0" */
		{ L_S, "0", BPF_CORE_ENUMVAL_VALUE, -EINVAL },	  /* not an enum */
		{ L_ENUM, "2", BPF_CORE_ENUMVAL_VALUE, -EINVAL }, /* 2 enumerators */
		{ L_S, "0", 13, -EINVAL },			  /* unknown kind */
		{ 999, "0", BPF_CORE_TYPE_ID_LOCAL, -EINVAL },	  /* no such type */
	};
	struct fix *f = *state;
	struct bbpf_core_res res;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bbpf_btf_core_relo r = { 0, bad[i].type, acc(f, bad[i].access),
						bad[i].kind };

		if (bbpf_core_calc(f->local, &r, NULL, NULL, &res) != bad[i].err)
			fail_msg("row %zu accepted", i);
	}
	/* An anonymous local type cannot be looked up by name. */
	assert_int_equal(calc(f, L_ANON_S, "0", BPF_CORE_TYPE_EXISTS, &res), -EINVAL);
	{
		struct bbpf_btf_core_relo r = { 0, L_ANON_S, acc(f, "0"), BPF_CORE_TYPE_EXISTS };

		assert_int_equal(bbpf_core_calc(f->local, &r, NULL, NULL, &res), -EOPNOTSUPP);
	}
}

/* ------------------------------------------------------------------ */
/* Patching                                                            */
/* ------------------------------------------------------------------ */

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static void test_patch_forms(void **state)
{
	struct fix *f = *state;
	struct bbpf_core_res res;
	struct bpf_insn alu = INSN(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, 0);
	struct bpf_insn ldx = INSN(BPF_LDX | BPF_MEM | BPF_W, 0, 1, 4, 0);
	struct bpf_insn st[2] = { INSN(BPF_ST | BPF_MEM | BPF_W, 1, 0, 4, 9) };
	struct bpf_insn ld[2] = { INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0),
				  INSN(0, 0, 0, 0, 1) };

	assert_int_equal(calc(f, L_S, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &res), 0);
	assert_int_equal(bbpf_core_patch(&alu, 1, &res, "p", 0), 0);
	assert_int_equal(alu.imm, 16);
	/* b: u32 -> u64 unsigned: the load grows to a DW. */
	assert_int_equal(calc(f, L_S, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &res), 0);
	assert_int_equal(res.orig_sz, 4);
	assert_int_equal(res.new_sz, 8);
	assert_false(res.fail_memsz);
	assert_int_equal(bbpf_core_patch(&ldx, 1, &res, "p", 0), 0);
	assert_int_equal(ldx.off, 24);
	assert_int_equal(ldx.code, BPF_LDX | BPF_MEM | BPF_DW);
	assert_int_equal(bbpf_core_patch(st, 2, &res, "p", 0), 0);
	assert_int_equal(st[0].code, BPF_ST | BPF_MEM | BPF_DW);
	assert_int_equal(st[0].imm, 9);
	/* enum64: both halves of the 64-bit immediate. */
	assert_int_equal(calc(f, L_ENUM64, "0", BPF_CORE_ENUMVAL_VALUE, &res), 0);
	assert_int_equal(bbpf_core_patch(ld, 2, &res, "p", 0), 0);
	assert_int_equal(ld[0].imm, 1);
	assert_int_equal(ld[1].imm, 2);
}

static void test_patch_poison(void **state)
{
	struct fix *f = *state;
	struct bbpf_core_res res;
	struct bpf_insn ldx = INSN(BPF_LDX | BPF_MEM | BPF_W, 0, 1, 0, 0);
	struct bpf_insn ld[2] = { INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0),
				  INSN(0, 0, 0, 0, 0) };

	assert_int_equal(calc(f, L_NOTHERE, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &res), 0);
	assert_true(res.poison);
	assert_int_equal(bbpf_core_patch(&ldx, 1, &res, "p", 0), 0);
	assert_int_equal(ldx.code, BPF_JMP | BPF_CALL);
	assert_int_equal(ldx.imm, BBPF_CORE_POISON_IMM);
	assert_int_equal(bbpf_core_patch(ld, 2, &res, "p", 0), 0);
	assert_int_equal(ld[0].imm, BBPF_CORE_POISON_IMM);
	assert_int_equal(ld[1].code, BPF_JMP | BPF_CALL);
	assert_int_equal(ld[1].imm, BBPF_CORE_POISON_IMM);
	/* s___fl.a: long locally, int in the target: signed, cannot be resized. */
	ldx = INSN(BPF_LDX | BPF_MEM | BPF_DW, 0, 1, 0, 0);
	assert_int_equal(calc(f, L_S_FL, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &res), 0);
	assert_true(res.fail_memsz);
	assert_int_equal(bbpf_core_patch(&ldx, 1, &res, "p", 0), 0);
	assert_int_equal(ldx.imm, BBPF_CORE_POISON_IMM);
}

static void test_patch_errors(void **state)
{
	struct fix *f = *state;
	struct bbpf_core_res res;
	struct bpf_insn alu_x = INSN(BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 0, 0);
	struct bpf_insn alu = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 5);
	struct bpf_insn jmp = INSN(BPF_JMP | BPF_JA, 0, 0, 0, 0);
	struct bpf_insn ld = INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0);
	struct bpf_insn ldx = INSN(BPF_LDX | BPF_MEM | BPF_B, 0, 1, 0, 0);

	assert_int_equal(calc(f, L_S, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &res), 0);
	assert_int_equal(bbpf_core_patch(&alu_x, 1, &res, "p", 0), -EINVAL);
	assert_int_equal(bbpf_core_patch(&alu, 1, &res, "p", 0), -EINVAL); /* holds 5, not 0 */
	assert_int_equal(bbpf_core_patch(&jmp, 1, &res, "p", 0), -EINVAL);
	assert_int_equal(bbpf_core_patch(&ld, 1, &res, "p", 0), -EINVAL); /* half an ld_imm64 */
	assert_int_equal(bbpf_core_patch(&ld, 0, &res, "p", 0), -EINVAL);
	res.new_val = 40000;
	assert_int_equal(bbpf_core_patch(&ldx, 1, &res, "p", 0), -ERANGE);
	/* b grows from 4 to 8 bytes, but this load reads 1 byte: not what CO-RE expected. */
	assert_int_equal(calc(f, L_S, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &res), 0);
	ldx.off = 4;
	assert_int_equal(bbpf_core_patch(&ldx, 1, &res, "p", 0), -EINVAL);
}

/* ------------------------------------------------------------------ */
/* Candidates: ambiguity, narrowing, modules                           */
/* ------------------------------------------------------------------ */

/* Target with struct s___x { int a; int b; } and s___y { int a; long pad; int c; }; s___z { int b; int a; }. */
static struct bbpf_btf *build_two(void)
{
	struct btfb b;

	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_int(&b, "long", 8, BTF_INT_SIGNED, 64);
	btfb_struct(&b, "s___x", 8, 2);
	btfb_member(&b, "a", 1, 0);
	btfb_member(&b, "b", 1, 32);
	btfb_struct(&b, "s___y", 24, 3);
	btfb_member(&b, "a", 1, 0);
	btfb_member(&b, "pad", 2, 64);
	btfb_member(&b, "gone", 1, 128);
	btfb_union(&b, "s", 4, 1); /* wrong kind: never a candidate of a struct */
	btfb_member(&b, "a", 1, 0);
	btfb_struct(&b, "bits___z", 4, 0);
	btfb_struct(&b, "bits___w", 8, 0);
	return parse(&b);
}

static void test_ambiguity_and_narrowing(void **state)
{
	struct fix *f = *state;
	struct bbpf_btf *two = build_two();
	const struct bbpf_btf *t[1] = { two };
	struct bbpf_core_targets tg = { t, NULL, 1 };
	struct bbpf_btf_core_relo r = { 0, L_S, acc(f, "0:0"), BPF_CORE_FIELD_BYTE_OFFSET };
	struct bbpf_core_cache *cache;
	struct bbpf_core_cands *cands;
	struct bbpf_core_res res;
	char why[160] = "";
	struct bbpf_core_calc_opts opts = { .sz = sizeof(opts), .why = why, .why_sz = sizeof(why) };

	assert_int_equal(bbpf_core_cache_new(f->local, &tg, &cache), 0);
	assert_int_equal(bbpf_core_cands_find(cache, L_S, &cands), 0);
	assert_int_equal(cands->cnt, 2); /* s___x, s___y; not the union */
	/* a: offset 0 in both: they agree, both stay. */
	assert_int_equal(bbpf_core_calc(f->local, &r, cands, NULL, &res), 0);
	assert_int_equal(cands->cnt, 2);
	/* b: only s___x has it: the list narrows to s___x. */
	r.access_str_off = acc(f, "0:1");
	assert_int_equal(bbpf_core_calc(f->local, &r, cands, NULL, &res), 0);
	assert_int_equal(cands->cnt, 1);
	assert_int_equal(cands->cands[0].id, 3);
	/* gone: s___y has it, but s___y is no longer considered. */
	r.access_str_off = acc(f, "0:4");
	assert_int_equal(bbpf_core_calc(f->local, &r, cands, NULL, &res), 0);
	assert_true(res.poison);
	/* Type ids of two candidates always differ: ambiguous. */
	r = (struct bbpf_btf_core_relo){ 0, L_BITS, acc(f, "0"), BPF_CORE_TYPE_ID_TARGET };
	assert_int_equal(bbpf_core_cands_find(cache, L_BITS, &cands), 0);
	assert_int_equal(bbpf_core_calc(f->local, &r, cands, &opts, &res), -EINVAL);
	assert_non_null(strstr(why, "bits___z"));
	assert_non_null(strstr(why, "bits___w"));
	/* ... and so are their sizes, but existence agrees. */
	r.kind = BPF_CORE_TYPE_SIZE;
	assert_int_equal(bbpf_core_calc(f->local, &r, cands, NULL, &res), -EINVAL);
	r.kind = BPF_CORE_TYPE_EXISTS;
	assert_int_equal(bbpf_core_calc(f->local, &r, cands, NULL, &res), 0);
	assert_int_equal(res.new_val, 1);
	bbpf_core_cache_free(cache);
	bbpf_btf_free(two);
}

/* vmlinux lacks "nothere"; a module defines it. Modules are searched only then. */
static void test_module_cands(void **state)
{
	struct fix *f = *state;
	struct bbpf_btf *mod;
	const struct bbpf_btf *t[2];
	struct bbpf_core_targets tg = { t, NULL, 2 };
	struct bbpf_core_cache *cache;
	struct bbpf_core_cands *cands;
	struct btfb b;
	size_t sz;
	const struct btf_header *hdr = bbpf_btf_raw(f->targ, &sz);
	void *blob;

	btfb_init_split(&b, bbpf_btf_type_cnt(f->targ), hdr->str_len);
	btfb_struct(&b, "nothere", 8, 1);
	btfb_member(&b, "a", T_LONG, 32);
	btfb_struct(&b, "s", 4, 0); /* never seen: vmlinux has an s */
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, f->targ, &mod), 0);
	free(blob);
	btfb_free(&b);
	t[0] = f->targ;
	t[1] = mod;
	assert_int_equal(bbpf_core_cache_new(f->local, &tg, &cache), 0);
	assert_int_equal(bbpf_core_cands_find(cache, L_NOTHERE, &cands), 0);
	assert_int_equal(cands->cnt, 1);
	assert_ptr_equal(cands->cands[0].btf, mod);
	assert_int_equal(cands->cands[0].id, bbpf_btf_type_cnt(f->targ));
	assert_int_equal(bbpf_core_cands_find(cache, L_S, &cands), 0);
	assert_int_equal(cands->cnt, 1);
	assert_ptr_equal(cands->cands[0].btf, f->targ);
	assert_int_equal(bbpf_core_cands_find(cache, 999, &cands), -EINVAL);
	assert_int_equal(bbpf_core_cands_find(cache, L_ANON_S, &cands), -EINVAL);
	bbpf_core_cache_free(cache);
	bbpf_btf_free(mod);
}

static void count_cand(void *ctx, uint32_t i, const struct bbpf_core_cand *cand, bool matched,
		       const char *spec, const char *why)
{
	int *n = ctx;

	(void)i;
	(void)cand;
	(void)spec;
	assert_true(matched || *why);
	(*n)++;
}

static void test_cand_callback(void **state)
{
	struct fix *f = *state;
	struct bbpf_btf_core_relo r = { 0, L_S, acc(f, "0:4"), BPF_CORE_FIELD_EXISTS };
	struct bbpf_core_cands *cands;
	struct bbpf_core_res res;
	int n = 0;
	struct bbpf_core_calc_opts opts = { .sz = sizeof(opts), .cand_cb = count_cand, .ctx = &n };

	assert_int_equal(bbpf_core_cands_find(f->cache, L_S, &cands), 0);
	assert_int_equal(bbpf_core_calc(f->local, &r, cands, &opts, &res), 0);
	assert_int_equal(n, 1);
	assert_int_equal(res.new_val, 0);
}

/*
 * Hostile target BTF: an anonymous struct with two anonymous members of the
 * level below, 40 levels deep, is valid BTF of a few hundred bytes whose
 * member tree has 2^40 paths. Looking for a member that is not there must
 * give up on its visit budget (this test would time out otherwise).
 */
static void test_anon_member_dag(void **state)
{
	uint32_t li, ls, ti, prev, n, acc;
	struct bbpf_core_cands *cands;
	struct bbpf_core_cache *cache;
	struct bbpf_btf *lb, *tb;
	struct bbpf_core_res res;
	struct btfb l, t;
	void *blob;
	size_t sz;
	int k;

	(void)state;
	btfb_init(&l);
	li = btfb_int(&l, "int", 4, BTF_INT_SIGNED, 32);
	ls = btfb_struct(&l, "s", 4, 1);
	btfb_member(&l, "x", li, 0);
	acc = btfb_str(&l, "0:0");
	blob = btfb_blob(&l, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &lb), 0);
	free(blob);
	btfb_init(&t);
	ti = btfb_int(&t, "int", 4, BTF_INT_SIGNED, 32);
	prev = btfb_struct(&t, NULL, 4, 1);
	btfb_member(&t, "y", ti, 0);
	for (k = 0; k < 40; k++) {
		n = btfb_struct(&t, NULL, 4, 2);
		btfb_member(&t, NULL, prev, 0);
		btfb_member(&t, NULL, prev, 0);
		prev = n;
	}
	btfb_struct(&t, "s", 4, 1);
	btfb_member(&t, NULL, prev, 0);
	blob = btfb_blob(&t, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &tb), 0);
	free(blob);
	{
		const struct bbpf_btf *tt[1] = { tb };
		struct bbpf_core_targets tg = { tt, NULL, 1 };
		struct bbpf_btf_core_relo r = { 0, ls, acc, BPF_CORE_FIELD_BYTE_OFFSET };

		assert_int_equal(bbpf_core_cache_new(lb, &tg, &cache), 0);
		assert_int_equal(bbpf_core_cands_find(cache, ls, &cands), 0);
		/* No answer is right here but a quick one: an error or a poisoned relocation. */
		k = bbpf_core_calc(lb, &r, cands, NULL, &res);
		assert_true(k < 0 || res.poison);
	}
	bbpf_core_cache_free(cache);
	bbpf_btf_free(tb);
	bbpf_btf_free(lb);
	btfb_free(&l);
	btfb_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_spec_str),
		cmocka_unit_test(test_bad_relos),
		cmocka_unit_test(test_patch_forms),
		cmocka_unit_test(test_patch_poison),
		cmocka_unit_test(test_patch_errors),
		cmocka_unit_test(test_ambiguity_and_narrowing),
		cmocka_unit_test(test_module_cands),
		cmocka_unit_test(test_cand_callback),
		cmocka_unit_test(test_anon_member_dag),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
