// SPDX-License-Identifier: BSD-2-Clause
/*
 * The CO-RE calculation and the patch, as two calls (docs/ARCHITECTURE.md):
 * bbpf_core_calc() decides what an instruction should hold, from the local
 * spec and the candidates; bbpf_core_patch() writes it. Neither does I/O.
 *
 * Values by kind, for a field at bit offset B of B_SZ bits in an integer
 * of S bytes loaded at byte offset O (little endian):
 *
 *	byte_off    O (for a plain field: B / 8)
 *	byte_sz     S (for a plain field: its size)
 *	signed      1 if an int with the signed encoding or a signed enum
 *	lshift_u64  64 - (B + B_SZ - O * 8)   drops the bits above the field
 *	rshift_u64  64 - B_SZ                 drops the bits below it
 *	exists      1/0
 *
 * A bitfield's O and S come from the smallest naturally aligned load (1, 2,
 * 4 or 8 bytes, at least the declared type's size) that covers all of it:
 * "unsigned x:4" at bit 30 of a u32 word needs the u64 at byte 0.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/log.h"
#include "internal/opts.h"
#include "core.h"

/* Private to this file: "nothing matched, poison the instruction". */
#define POISON_REQ (-EUCLEAN)

struct field_val {
	uint64_t val;
	uint32_t sz;	  /* memory size of a plain field (byte_off), else 0 */
	uint32_t type_id; /* its type */
};

static bool is_big_endian(const struct bbpf_btf *btf)
{
	bool host_be = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;

	return host_be != bbpf_btf_is_swapped(btf);
}

/* Last accessor is an array element (or the root): offset and size of that element. */
static int calc_elem(uint32_t kind, const struct bbpf_core_spec *spec, struct field_val *out)
{
	const struct bbpf_core_acc *acc = &spec->acc[spec->len - 1];
	int sz = bbpf_btf_size(spec->btf, acc->type_id);

	if (sz < 0)
		return -EINVAL;
	if (kind == BPF_CORE_FIELD_BYTE_OFFSET) {
		out->val = spec->bit_off / 8;
		out->sz = sz;
		out->type_id = acc->type_id;
	} else if (kind == BPF_CORE_FIELD_BYTE_SIZE) {
		out->val = sz;
	} else {
		pr_warn("CO-RE: %s cannot be applied to an array element\n",
			bbpf_core_kind_str(kind));
		return -EINVAL;
	}
	return 0;
}

/* Smallest aligned load of at least @mt's size holding bits [bit_off, bit_off + bit_sz). */
static int bitfield_load(uint32_t bit_off, uint32_t bit_sz, uint32_t type_sz, uint32_t *byte_off,
			 uint32_t *byte_sz)
{
	uint32_t sz = type_sz, off;

	if (!sz)
		return -EINVAL;
	off = bit_off / 8 / sz * sz;
	while (bit_off + bit_sz - off * 8 > sz * 8) {
		if (sz >= 8) {
			pr_warn("CO-RE: bitfield at bit %u of %u bits does not fit an 8-byte load\n",
				bit_off, bit_sz);
			return -E2BIG;
		}
		sz *= 2;
		off = bit_off / 8 / sz * sz;
	}
	*byte_off = off;
	*byte_sz = sz;
	return 0;
}

static bool is_signed(const struct btf_type *mt)
{
	return (bbpf_btf_is_any_enum(mt) && bbpf_btf_kflag(mt)) ||
	       (bbpf_btf_is_int(mt) && (bbpf_btf_int_encoding(mt) & BTF_INT_SIGNED));
}

/*
 * The value of field relocation @kind in @spec (NULL: nothing matched).
 * *@validate (may be NULL) says whether the compiler's value can be checked.
 */
static int calc_field(uint32_t kind, const struct bbpf_core_spec *spec, struct field_val *out,
		      bool *validate)
{
	const struct bbpf_core_acc *acc;
	const struct btf_type *t, *mt;
	uint32_t off, sz, bit_sz, tid;
	int err;

	memset(out, 0, sizeof(*out));
	if (kind == BPF_CORE_FIELD_EXISTS) {
		out->val = !!spec;
		return 0;
	}
	if (!spec)
		return POISON_REQ;
	acc = &spec->acc[spec->len - 1];
	if (!acc->name) {
		if (validate)
			*validate = true;
		return calc_elem(kind, spec, out);
	}
	t = bbpf_btf_type_by_id(spec->btf, acc->type_id);
	mt = bbpf__core_skip(spec->btf, bbpf_btf_members(t)[acc->idx].type, &tid);
	if (!mt)
		return -EINVAL;
	bit_sz = bbpf_btf_member_bitfield_size(t, acc->idx);
	if (bit_sz) {
		err = bitfield_load(spec->bit_off, bit_sz, mt->size, &off, &sz);
	} else {
		err = bbpf_btf_size(spec->btf, tid);
		sz = err;
		off = spec->bit_off / 8;
		bit_sz = sz * 8;
		err = err < 0 ? -EINVAL : 0;
	}
	if (err)
		return err;
	if (validate) /* bitfield layouts are ours to choose: do not hold the compiler to them */
		*validate = !bbpf_btf_member_bitfield_size(t, acc->idx) ||
			    kind == BPF_CORE_FIELD_SIGNED || kind == BPF_CORE_FIELD_RSHIFT_U64;
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		out->val = off;
		if (!bbpf_btf_member_bitfield_size(t, acc->idx)) {
			out->sz = sz;
			out->type_id = tid;
		}
		return 0;
	case BPF_CORE_FIELD_BYTE_SIZE:
		out->val = sz;
		return 0;
	case BPF_CORE_FIELD_SIGNED:
		out->val = is_signed(mt);
		return 0;
	case BPF_CORE_FIELD_LSHIFT_U64:
		if (is_big_endian(spec->btf))
			out->val = (8 - sz) * 8 + (spec->bit_off - off * 8);
		else
			out->val = 64 - (spec->bit_off + bit_sz - off * 8);
		return 0;
	case BPF_CORE_FIELD_RSHIFT_U64:
		out->val = 64 - bit_sz;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* Type relocations resolve to 0, not poison, when nothing matched. */
static int calc_type(uint32_t kind, const struct bbpf_core_spec *spec, uint64_t *val,
		     bool *validate)
{
	int sz;

	if (validate)
		*validate = true;
	*val = 0;
	if (!spec)
		return 0;
	switch (kind) {
	case BPF_CORE_TYPE_ID_TARGET:
		*val = spec->root_id;
		if (validate) /* ids change when objects are linked: nothing to check */
			*validate = false;
		return 0;
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_MATCHES:
		*val = 1;
		return 0;
	case BPF_CORE_TYPE_SIZE:
		sz = bbpf_btf_size(spec->btf, spec->root_id);
		if (sz < 0)
			return -EINVAL;
		*val = sz;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int calc_enumval(uint32_t kind, const struct bbpf_core_spec *spec, uint64_t *val)
{
	const struct btf_type *t;

	if (kind == BPF_CORE_ENUMVAL_EXISTS) {
		*val = !!spec;
		return 0;
	}
	if (kind != BPF_CORE_ENUMVAL_VALUE)
		return -EOPNOTSUPP;
	if (!spec)
		return POISON_REQ;
	t = bbpf_btf_type_by_id(spec->btf, spec->acc[0].type_id);
	if (bbpf_btf_kind(t) == BTF_KIND_ENUM) /* a 32-bit value is sign-extended, like libbpf */
		*val = (uint64_t)(int64_t)bbpf_btf_enum(t)[spec->acc[0].idx].val;
	else
		*val = bbpf_btf_enum_value(t, spec->acc[0].idx);
	return 0;
}

/*
 * A load or store whose field changed size can only be resized when the
 * value survives zero extension: pointers (32-bit kernels) and unsigned ints.
 */
static bool resize_is_safe(const struct bbpf_core_spec *local, const struct bbpf_core_spec *targ,
			   const struct bbpf_core_res *res)
{
	const struct btf_type *o = bbpf_btf_type_by_id(local->btf, res->orig_type_id);
	const struct btf_type *n = bbpf_btf_type_by_id(targ->btf, res->new_type_id);

	if (!o || !n)
		return false;
	if (bbpf_btf_is_ptr(o) && bbpf_btf_is_ptr(n))
		return true;
	return bbpf_btf_is_int(o) && bbpf_btf_is_int(n) &&
	       bbpf_btf_int_encoding(o) != BTF_INT_SIGNED &&
	       bbpf_btf_int_encoding(n) != BTF_INT_SIGNED;
}

static int calc_fields(const struct bbpf_core_spec *local, const struct bbpf_core_spec *targ,
		       struct bbpf_core_res *res)
{
	struct field_val o, n;
	int err;

	err = calc_field(local->kind, local, &o, &res->validate);
	if (err)
		return err;
	res->orig_val = o.val;
	res->orig_sz = o.sz;
	res->orig_type_id = o.type_id;
	err = calc_field(local->kind, targ, &n, NULL);
	if (err)
		return err;
	res->new_val = n.val;
	res->new_sz = n.sz;
	res->new_type_id = n.type_id;
	res->fail_memsz = o.sz != n.sz && !resize_is_safe(local, targ, res);
	return 0;
}

/* Both values of one relocation for one target spec (NULL: nothing matched). */
static int calc_relo(const struct bbpf_core_spec *local, const struct bbpf_core_spec *targ,
		     struct bbpf_core_res *res)
{
	int cls = bbpf__core_kind_class(local->kind);
	int err;

	memset(res, 0, sizeof(*res));
	res->validate = true;
	if (cls == BBPF_CORE_FIELD) {
		err = calc_fields(local, targ, res);
	} else if (cls == BBPF_CORE_TYPE) {
		err = calc_type(local->kind, local, &res->orig_val, &res->validate);
		err = err ?: calc_type(local->kind, targ, &res->new_val, NULL);
	} else {
		err = calc_enumval(local->kind, local, &res->orig_val);
		err = err ?: calc_enumval(local->kind, targ, &res->new_val);
	}
	if (err == POISON_REQ) {
		res->poison = true;
		err = 0;
	}
	if (!err && targ) {
		res->found = true;
		res->targ_btf = targ->btf;
		res->targ_id = targ->root_id;
		res->targ_bit_off = targ->bit_off;
	}
	return err;
}

/* ------------------------------------------------------------------ */
/* bbpf_core_calc                                                      */
/* ------------------------------------------------------------------ */

struct calc_ctx {
	const struct bbpf_core_calc_opts *opts;
	const char *prog;
	int relo_idx;
	struct bbpf_core_spec specs[3]; /* local, candidate, chosen target */
	char buf[256];
	char why[BBPF_CORE_WHY_SZ];
};

__printf(3, 4) static int fail(struct calc_ctx *c, int err, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_warn("prog '%s': relo #%d: %s\n", c->prog, c->relo_idx, msg);
	if (OPTS_GET(c->opts, why, NULL) && c->opts->why_sz)
		snprintf(c->opts->why, c->opts->why_sz, "%s", msg);
	return err;
}

static void report_cand(struct calc_ctx *c, uint32_t i, const struct bbpf_core_cand *cand,
			int matched)
{
	bbpf_core_cand_fn cb = OPTS_GET(c->opts, cand_cb, NULL);
	bool debug = bbpf__print_enabled(BBPF_DEBUG);

	/* Words only for someone to read: a load's thousands of them cost ~1 ms. */
	c->buf[0] = '\0';
	if (debug || (cb && !OPTS_GET(c->opts, cand_no_spec, false)))
		bbpf__core_spec_fmt(&c->specs[1], c->buf, sizeof(c->buf));
	if (debug)
		pr_debug("prog '%s': relo #%d: %s candidate #%u %s%s%s\n", c->prog, c->relo_idx,
			 matched ? "matching" : "non-matching", i, c->buf, matched ? "" : ": ",
			 matched ? "" : c->why);
	if (cb)
		cb(c->opts->ctx, i, cand, matched, c->buf, matched ? "" : c->why);
	if (matched > 0 && OPTS_GET(c->opts, match_cb, NULL))
		c->opts->match_cb(c->opts->ctx, cand, c->specs[0].kind, c->specs[1].raw,
				  c->specs[1].raw_len);
}

/* A second matching candidate must agree with the first on offset and value. */
static int check_agree(struct calc_ctx *c, const struct bbpf_core_res *first,
		       const struct bbpf_core_res *r)
{
	const struct bbpf_core_spec *a = &c->specs[2], *b = &c->specs[1];
	const char *an = bbpf_btf_name(a->btf, a->root_id), *bn = bbpf_btf_name(b->btf, b->root_id);

	if (a->bit_off != b->bit_off)
		return fail(c, -EINVAL,
			    "ambiguous candidates [%u] %s and [%u] %s: field offset %u != %u bits",
			    a->root_id, an, b->root_id, bn, a->bit_off, b->bit_off);
	if (first->poison != r->poison || first->new_val != r->new_val)
		return fail(c, -EINVAL,
			    "ambiguous candidates [%u] %s and [%u] %s: %s %llu != %s %llu",
			    a->root_id, an, b->root_id, bn, first->poison ? "poison" : "value",
			    (unsigned long long)first->new_val, r->poison ? "poison" : "value",
			    (unsigned long long)r->new_val);
	return 0;
}

/* Tries every candidate; keeps (and returns the count of) those that matched. */
static int match_cands(struct calc_ctx *c, struct bbpf_core_cands *cands, struct bbpf_core_res *res)
{
	struct bbpf_core_res r;
	uint32_t i, j;
	int err;

	for (i = 0, j = 0; cands && i < cands->cnt; i++) {
		err = bbpf__core_spec_match(&c->specs[0], cands->cands[i].btf, cands->cands[i].id,
					    &c->specs[1], c->why);
		if (err < 0)
			return fail(c, err, "matching candidate #%u [%u] failed: %d", i,
				    cands->cands[i].id, err);
		report_cand(c, i, &cands->cands[i], err);
		if (!err)
			continue;
		err = calc_relo(&c->specs[0], &c->specs[1], &r);
		if (err)
			return fail(c, err, "cannot compute %s for candidate [%u]%s",
				    bbpf_core_kind_str(c->specs[0].kind), cands->cands[i].id,
				    err == -E2BIG ? ": its bitfield does not fit an 8-byte load"
						  : "");
		if (j == 0) {
			*res = r;
			c->specs[2] = c->specs[1];
		} else if ((err = check_agree(c, res, &r))) {
			return err;
		}
		cands->cands[j++] = cands->cands[i];
	}
	if (j > 0)
		cands->cnt = j;
	return j;
}

int bbpf_core_calc(const struct bbpf_btf *local, const struct bbpf_btf_core_relo *relo,
		   struct bbpf_core_cands *cands, const struct bbpf_core_calc_opts *opts,
		   struct bbpf_core_res *res)
{
	/*
	 * On the stack (about 4 KB, as libbpf's specs scratch): one heap block
	 * per relocation made musl's allocator map and unmap a page group
	 * for each of them.
	 */
	struct calc_ctx ctx = { 0 }, *c = &ctx;
	struct bbpf_core_res r;
	const char *name;
	int err;

	if (!OPTS_VALID(opts, bbpf_core_calc_opts))
		return -EINVAL;
	c->opts = opts;
	c->prog = OPTS_GET(opts, prog, NULL) ?: "?";
	c->relo_idx = OPTS_GET(opts, relo_idx, 0);
	err = bbpf__core_spec_parse(local, relo, &c->specs[0], c->why, sizeof(c->why));
	if (err) {
		err = fail(c, -EINVAL, "%s relocation of type [%u]: %s",
			   bbpf_core_kind_str(relo->kind), relo->type_id, c->why);
		goto out;
	}
	if (bbpf__print_enabled(BBPF_DEBUG)) {
		bbpf__core_spec_fmt(&c->specs[0], c->buf, sizeof(c->buf));
		pr_debug("prog '%s': relo #%d: <%s> %s\n", c->prog, c->relo_idx,
			 bbpf_core_kind_str(relo->kind), c->buf);
	}
	if (relo->kind == BPF_CORE_TYPE_ID_LOCAL) {
		memset(&r, 0, sizeof(r));
		r.validate = true;
		r.orig_val = r.new_val = relo->type_id;
		goto done;
	}
	name = bbpf_btf_name(local, relo->type_id);
	if (!name || !*name) {
		err = fail(c, -EOPNOTSUPP,
			   "%s relocation of anonymous type [%u]: CO-RE finds types by name",
			   bbpf_core_kind_str(relo->kind), relo->type_id);
		goto out;
	}
	err = match_cands(c, cands, &r);
	if (err == 0) {
		pr_debug("prog '%s': relo #%d: no matching targets found\n", c->prog, c->relo_idx);
		err = calc_relo(&c->specs[0], NULL, &r);
	}
	if (err < 0)
		goto out;
done:
	*res = r;
	err = 0;
out:
	return err;
}

/* ------------------------------------------------------------------ */
/* bbpf_core_patch                                                     */
/* ------------------------------------------------------------------ */

static void poison_insn(struct bpf_insn *insn)
{
	*insn = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = BBPF_CORE_POISON_IMM };
}

static bool is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static int poison(struct bpf_insn *insn, size_t insn_left, const char *prog, uint32_t idx)
{
	pr_debug("prog '%s': insn #%u: poisoned (call %#x)\n", prog, idx, BBPF_CORE_POISON_IMM);
	if (is_ldimm64(insn)) {
		if (insn_left < 2)
			return -EINVAL;
		poison_insn(insn + 1);
	}
	poison_insn(insn);
	return 0;
}

static int patch_alu(struct bpf_insn *insn, const struct bbpf_core_res *res, const char *prog,
		     uint32_t idx)
{
	if (BPF_SRC(insn->code) != BPF_K) {
		pr_warn("prog '%s': insn #%u: CO-RE relocation of an ALU op with a register source\n",
			prog, idx);
		return -EINVAL;
	}
	if (res->validate && (uint64_t)(int64_t)insn->imm != res->orig_val) {
		pr_warn("prog '%s': insn #%u (ALU) holds %d, CO-RE expected %llu\n", prog, idx,
			insn->imm, (unsigned long long)res->orig_val);
		return -EINVAL;
	}
	insn->imm = (int32_t)res->new_val;
	return 0;
}

static int size_bytes(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

static int size_code(uint32_t bytes)
{
	switch (bytes) {
	case 1:
		return BPF_B;
	case 2:
		return BPF_H;
	case 4:
		return BPF_W;
	case 8:
		return BPF_DW;
	default:
		return -EINVAL;
	}
}

static int patch_mem(struct bpf_insn *insn, size_t insn_left, const struct bbpf_core_res *res,
		     const char *prog, uint32_t idx)
{
	int code;

	if (res->validate && (uint64_t)(int64_t)insn->off != res->orig_val) {
		pr_warn("prog '%s': insn #%u (LDX/ST/STX) has offset %d, CO-RE expected %llu\n",
			prog, idx, insn->off, (unsigned long long)res->orig_val);
		return -EINVAL;
	}
	if (res->new_val > SHRT_MAX) {
		pr_warn("prog '%s': insn #%u (LDX/ST/STX): offset %llu does not fit 16 bits\n",
			prog, idx, (unsigned long long)res->new_val);
		return -ERANGE;
	}
	if (res->fail_memsz) {
		pr_warn("prog '%s': insn #%u (LDX/ST/STX): the field changed size from %u to %u bytes "
			"and is neither a pointer nor an unsigned int: poisoned\n",
			prog, idx, res->orig_sz, res->new_sz);
		return poison(insn, insn_left, prog, idx);
	}
	insn->off = (int16_t)res->new_val;
	if (res->new_sz == res->orig_sz)
		return 0;
	code = size_code(res->new_sz);
	if (size_bytes(insn->code) != (int)res->orig_sz || code < 0) {
		pr_warn("prog '%s': insn #%u (LDX/ST/STX): accesses %d bytes, CO-RE expected %u -> %u\n",
			prog, idx, size_bytes(insn->code), res->orig_sz, res->new_sz);
		return -EINVAL;
	}
	insn->code = BPF_MODE(insn->code) | code | BPF_CLASS(insn->code);
	return 0;
}

static int patch_ldimm64(struct bpf_insn *insn, size_t insn_left, const struct bbpf_core_res *res,
			 const char *prog, uint32_t idx)
{
	uint64_t imm;

	if (!is_ldimm64(insn) || insn_left < 2 || insn[0].src_reg || insn[0].off || insn[1].code ||
	    insn[1].dst_reg || insn[1].src_reg || insn[1].off) {
		pr_warn("prog '%s': insn #%u: not a plain ld_imm64\n", prog, idx);
		return -EINVAL;
	}
	imm = (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;
	if (res->validate && imm != res->orig_val) {
		pr_warn("prog '%s': insn #%u (ld_imm64) holds %llu, CO-RE expected %llu\n", prog,
			idx, (unsigned long long)imm, (unsigned long long)res->orig_val);
		return -EINVAL;
	}
	insn[0].imm = (uint32_t)res->new_val;
	insn[1].imm = (uint32_t)(res->new_val >> 32);
	return 0;
}

int bbpf_core_patch(struct bpf_insn *insn, size_t insn_left, const struct bbpf_core_res *res,
		    const char *prog, uint32_t insn_idx)
{
	if (!insn_left)
		return -EINVAL;
	prog = prog ?: "?";
	if (res->poison)
		return poison(insn, insn_left, prog, insn_idx);
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return patch_alu(insn, res, prog, insn_idx);
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return patch_mem(insn, insn_left, res, prog, insn_idx);
	case BPF_LD:
		return patch_ldimm64(insn, insn_left, res, prog, insn_idx);
	default:
		pr_warn("prog '%s': insn #%u (code %#x) is not a form CO-RE relocates\n", prog,
			insn_idx, insn->code);
		return -EINVAL;
	}
}
