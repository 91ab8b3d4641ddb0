// SPDX-License-Identifier: BSD-2-Clause
/*
 * Relocations: what each instruction needs from the loader, and linking a
 * program with the subprograms it reaches.
 *
 * A relocation (Elf64_Rel in .rel<section>) names an instruction by byte
 * offset and a symbol. What it means depends on the instruction and on
 * where the symbol lives:
 *
 *   instruction          symbol in              record        target
 *   call (PSEUDO_CALL)   .text / own section    CALL          function at st_value/8 + imm + 1
 *   call                 undefined (extern)     EXTERN_FUNC   kfunc extern
 *   ld_imm64             undefined (extern)     EXTERN_VAR    kconfig / ksym extern
 *   ld_imm64             .text / own section    FUNC          function at (st_value + imm)/8
 *                                                             (src_reg set to BPF_PSEUDO_FUNC)
 *   ld_imm64             .maps / maps           MAP           map defined at st_value
 *   ld_imm64             .data* .rodata* .bss*  MAP_VALUE     that section's map, off st_value + imm
 *
 * A call to a static function of the same section carries no relocation:
 * its target is the call's own position + imm + 1. Those are turned into
 * CALL (or FUNC) records too, so that linking sees one kind of edge.
 *
 * .rel.maps holds the initial slots of __array(values, ...) maps: a pointer
 * at byte r_offset of the definition to another map or to a program.
 *
 * Linking follows libbpf's bpf_object__reloc_code(): walk the program's
 * instructions; at the first call of a subprogram, append the subprogram
 * and walk it at once (depth first). Each subprogram is appended once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal/compiler.h"
#include "internal/log.h"
#include "internal/mem.h"
#include "obj/internal.h"

#define LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)
#define CALL	 (BPF_JMP | BPF_CALL)

/* Where a relocation applies, for the checks and the messages. */
struct relo_ctx {
	struct bbpf_obj *obj;
	const char *rel_name; /* ".relxdp" */
	size_t idx;	      /* relocation number in its section */
	struct bbpf__func *f; /* the function holding the instruction */
	uint32_t insn;	      /* instruction index within f */
	const Elf64_Sym *sym;
	const char *sym_name;
};

static int bad(const struct relo_ctx *c, const char *why)
{
	if (!c->f)
		pr_warn("%s: %s #%zu: symbol '%s': %s\n", c->obj->elf.what, c->rel_name, c->idx,
			c->sym_name, why);
	else
		pr_warn("%s: %s #%zu: %s '%s' insn %u: symbol '%s': %s\n", c->obj->elf.what,
			c->rel_name, c->idx, c->f->desc.prog >= 0 ? "prog" : "subprog", c->f->name,
			c->insn, c->sym_name, why);
	return -EINVAL;
}

static int add_relo(struct bbpf__func *f, uint32_t insn, uint32_t kind, uint32_t target,
		    int32_t off)
{
	int err;

	err = bbpf__grow((void **)&f->relos, &f->relo_cap, sizeof(*f->relos), f->relo_cnt + 1);
	if (err)
		return err;
	f->relos[f->relo_cnt++] = (struct bbpf_relo){ insn, kind, target, off };
	return 0;
}

/* The function of section @sec whose instructions include @insn, or -ENOENT. */
static int find_func_with(const struct bbpf_obj *obj, uint32_t sec, uint64_t insn)
{
	const struct bbpf__func *f;
	size_t lo = 0, hi = obj->func_cnt, mid;

	/* The last function starting at or before (sec, insn). */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		f = &obj->funcs[mid];
		if (f->sec < sec || (f->sec == sec && f->desc.sec_insn_off <= insn))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -ENOENT;
	f = &obj->funcs[lo - 1];
	return f->sec == sec && insn < (uint64_t)f->desc.sec_insn_off + f->desc.insn_cnt
		       ? (int)lo - 1
		       : -ENOENT;
}

/* A call or function address must stay within .text or the caller's own section. */
static int func_target(const struct relo_ctx *c, uint32_t sec, int64_t insn, uint32_t kind)
{
	const struct bbpf_obj *obj = c->obj;
	int t;

	if (sec >= obj->sec_cnt || obj->secs[sec].kind != BBPF__SEC_CODE ||
	    ((int)sec != obj->text_sec && sec != c->f->sec))
		return bad(c, "calls code outside .text and its own section");
	t = insn < 0 ? -ENOENT : bbpf__obj_find_func(obj, sec, insn);
	if (t < 0)
		return bad(c, "the target is not the start of a function");
	return add_relo(c->f, c->insn, kind, t, 0);
}

static int extern_relo(const struct relo_ctx *c, size_t sym_idx, bool is_call)
{
	const struct bbpf_obj *obj = c->obj;
	size_t i;

	for (i = 0; i < obj->ext_cnt; i++) {
		if (obj->exts[i].sym != sym_idx)
			continue;
		if (is_call && !obj->exts[i].desc.is_func)
			return bad(c, "an extern variable is called");
		return add_relo(c->f, c->insn,
				is_call ? BBPF_RELO_EXTERN_FUNC : BBPF_RELO_EXTERN_VAR, i, 0);
	}
	return bad(c, "undefined, and not a __kconfig or __ksym extern");
}

static int call_relo(const struct relo_ctx *c, const struct bpf_insn *insn)
{
	const Elf64_Sym *s = c->sym;

	if (insn->src_reg != BPF_PSEUDO_CALL)
		return bad(c, "a relocated call that is not a bpf-to-bpf call");
	if (s->st_value % BBPF__INSN_SZ)
		return bad(c, "the call target is not at an instruction boundary");
	return func_target(c, s->st_shndx, (int64_t)(s->st_value / BBPF__INSN_SZ) + insn->imm + 1,
			   BBPF_RELO_CALL);
}

static int ld64_relo(const struct relo_ctx *c, const struct bpf_insn *insn)
{
	const struct bbpf_obj *obj = c->obj;
	const struct bbpf__sec *s = &obj->secs[c->sym->st_shndx];
	int64_t off = (int64_t)c->sym->st_value + insn->imm;
	int map;

	switch (s->kind) {
	case BBPF__SEC_CODE:
		/* clang leaves src_reg 0: marking the load is the loader's job (as libbpf) */
		if ((insn->src_reg && insn->src_reg != BPF_PSEUDO_FUNC) || off % BBPF__INSN_SZ)
			return bad(c, "loads a code address that is not a function");
		c->f->insns[c->insn].src_reg = BPF_PSEUDO_FUNC;
		return func_target(c, c->sym->st_shndx, off / BBPF__INSN_SZ, BBPF_RELO_FUNC);
	case BBPF__SEC_MAPS:
	case BBPF__SEC_LEGACY_MAPS:
		map = bbpf__obj_find_map_at(obj, c->sym->st_shndx, c->sym->st_value);
		if (map < 0)
			return bad(c, "no map is defined at this offset of its section");
		return add_relo(c->f, c->insn, BBPF_RELO_MAP, map, 0);
	case BBPF__SEC_DATA:
	case BBPF__SEC_RODATA:
	case BBPF__SEC_BSS:
		if (s->map < 0 || off < 0 || (uint64_t)off > s->size)
			return bad(c, "the offset is outside its global data section");
		return add_relo(c->f, c->insn, BBPF_RELO_MAP_VALUE, s->map, off);
	default:
		return bad(c, "in a section that holds neither code, maps nor global data");
	}
}

static bool sym_ok(const Elf64_Sym *sym, size_t sec_cnt)
{
	return sym->st_shndx == SHN_UNDEF ||
	       (sym->st_shndx < SHN_LORESERVE && sym->st_shndx < sec_cnt);
}

static int code_relo(struct relo_ctx *c, uint32_t sec, const Elf64_Rel *r)
{
	struct bbpf_obj *obj = c->obj;
	size_t sym_idx = ELF64_R_SYM(r->r_info);
	const struct bpf_insn *insn;
	int fi;

	c->sym = bbpf__elf_sym(&obj->elf, sym_idx);
	c->sym_name = c->sym ? bbpf__elf_sym_name(&obj->elf, c->sym) : "?";
	c->insn = r->r_offset / BBPF__INSN_SZ;
	if (!c->sym || !sym_idx || !sym_ok(c->sym, obj->sec_cnt))
		return bad(c, "no such symbol, or in a special section (uninitialised global?)");
	fi = r->r_offset % BBPF__INSN_SZ || r->r_offset >= obj->secs[sec].size
		     ? -ENOENT
		     : find_func_with(obj, sec, c->insn);
	if (fi < 0)
		return bad(c, "the offset is not an instruction of any function");
	c->f = &obj->funcs[fi];
	c->insn -= c->f->desc.sec_insn_off;
	insn = &c->f->insns[c->insn];
	if (insn->code == CALL)
		return c->sym->st_shndx == SHN_UNDEF ? extern_relo(c, sym_idx, true)
						     : call_relo(c, insn);
	if (insn->code != LD_IMM64 || c->insn + 1 >= c->f->desc.insn_cnt)
		return bad(c, "the instruction is neither a call nor a whole 64-bit load");
	if (c->sym->st_shndx == SHN_UNDEF)
		return extern_relo(c, sym_idx, false);
	return ld64_relo(c, insn);
}

/* Reads relocation @i of section @rel (bounds were checked when sections were classified). */
static void read_rel(const struct bbpf_obj *obj, uint32_t rel, size_t i, Elf64_Rel *r)
{
	size_t sz;
	const char *data = bbpf__elf_sec_data(&obj->elf, rel, &sz);

	memcpy(r, data + i * sizeof(*r), sizeof(*r));
}

/* ------------------------------------------------------------------ */
/* .rel.maps: initial slots of map-in-map and program arrays           */
/* ------------------------------------------------------------------ */

static int find_map_over(const struct bbpf_obj *obj, uint32_t sec, uint64_t off)
{
	size_t i;

	for (i = 0; i < obj->map_cnt; i++) {
		const struct bbpf_map *m = &obj->maps[i];

		if (m->kind == BBPF_MAP_BTF && m->sec == sec && off >= m->sec_off &&
		    off - m->sec_off < m->sec_sz)
			return i;
	}
	return -ENOENT;
}

static int slot_target(const struct relo_ctx *c, const struct bbpf_map *m, bool *is_prog)
{
	const struct bbpf_obj *obj = c->obj;
	const Elf64_Sym *s = c->sym;
	int t = -ENOENT;

	*is_prog = m->def.type == BPF_MAP_TYPE_PROG_ARRAY;
	if (!sym_ok(s, obj->sec_cnt) || s->st_shndx == SHN_UNDEF)
		return bad(c, "a slot points at nothing in the object");
	if (*is_prog && obj->secs[s->st_shndx].kind == BBPF__SEC_CODE &&
	    !(s->st_value % BBPF__INSN_SZ))
		t = bbpf__obj_find_func(obj, s->st_shndx, s->st_value / BBPF__INSN_SZ);
	if (*is_prog)
		return t >= 0 && obj->funcs[t].desc.prog >= 0
			       ? obj->funcs[t].desc.prog
			       : bad(c, "a program array slot must point at a program");
	if (obj->secs[s->st_shndx].kind == BBPF__SEC_MAPS)
		t = bbpf__obj_find_map_at(obj, s->st_shndx, s->st_value);
	return t >= 0 ? t : bad(c, "a map-in-map slot must point at a map of .maps");
}

static int slot_relo(struct relo_ctx *c, uint32_t sec, const Elf64_Rel *r)
{
	struct bbpf_obj *obj = c->obj;
	int mi = find_map_over(obj, sec, r->r_offset), t, err;
	struct bbpf_map *m;
	uint64_t off;
	bool is_prog;

	c->sym = bbpf__elf_sym(&obj->elf, ELF64_R_SYM(r->r_info));
	c->sym_name = c->sym ? bbpf__elf_sym_name(&obj->elf, c->sym) : "?";
	if (!c->sym || mi < 0)
		return bad(c, "the relocated bytes are not in a map definition");
	m = &obj->maps[mi];
	off = r->r_offset - m->sec_off;
	if (!m->has_values || off < m->values_off || (off - m->values_off) % 8)
		return bad(c, "a pointer in a map definition outside __array(values, ...)");
	t = slot_target(c, m, &is_prog);
	if (t < 0)
		return t;
	off = (off - m->values_off) / 8;
	if (off >= m->def.max_entries)
		return bad(c, "the slot is past the map's max_entries");
	err = bbpf__grow((void **)&m->slots, &m->slot_cap, sizeof(*m->slots), m->slot_cnt + 1);
	if (err)
		return err;
	m->slots[m->slot_cnt++] = (struct bbpf_map_slot){ off, is_prog, t };
	return 0;
}

/* ------------------------------------------------------------------ */
/* Collection                                                          */
/* ------------------------------------------------------------------ */

static int collect_rel_sec(struct bbpf_obj *obj, uint32_t rel)
{
	struct relo_ctx c = { .obj = obj, .rel_name = obj->secs[rel].name };
	uint32_t target = obj->secs[rel].info;
	size_t n = obj->secs[rel].size / sizeof(Elf64_Rel);
	Elf64_Rel r;
	int err;

	for (c.idx = 0; c.idx < n; c.idx++) {
		read_rel(obj, rel, c.idx, &r);
		c.f = NULL;
		c.insn = 0;
		if (obj->secs[target].kind == BBPF__SEC_CODE)
			err = code_relo(&c, target, &r);
		else
			err = slot_relo(&c, target, &r);
		if (err)
			return err;
	}
	return 0;
}

static int cmp_relos(const void *a, const void *b)
{
	const struct bbpf_relo *x = a, *y = b;

	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

static int cmp_slots(const void *a, const void *b)
{
	const struct bbpf_map_slot *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static bool is_local_ref(const struct bpf_insn *insn)
{
	return (insn->code == CALL && insn->src_reg == BPF_PSEUDO_CALL) ||
	       (insn->code == LD_IMM64 && insn->src_reg == BPF_PSEUDO_FUNC);
}

/* Calls and function loads without a relocation: targets in the same section. */
static int add_local_refs(struct bbpf_obj *obj, uint32_t fi)
{
	struct bbpf__func *f = &obj->funcs[fi];
	struct relo_ctx c = { .obj = obj, .rel_name = "(no relocation)", .f = f, .sym_name = "" };
	size_t r = 0, n = f->relo_cnt;
	int64_t target;
	int err;

	for (c.insn = 0; c.insn < f->desc.insn_cnt; c.insn++) {
		while (r < n && f->relos[r].insn < c.insn)
			r++;
		if ((r < n && f->relos[r].insn == c.insn) || !is_local_ref(&f->insns[c.insn]))
			continue;
		target = (int64_t)f->desc.sec_insn_off + c.insn + f->insns[c.insn].imm + 1;
		err = func_target(&c, f->sec, target,
				  f->insns[c.insn].code == CALL ? BBPF_RELO_CALL : BBPF_RELO_FUNC);
		if (err)
			return err;
	}
	if (f->relo_cnt != n)
		qsort(f->relos, f->relo_cnt, sizeof(*f->relos), cmp_relos);
	return 0;
}

static int sort_and_check(struct bbpf_obj *obj, uint32_t fi)
{
	struct bbpf__func *f = &obj->funcs[fi];
	size_t i;

	if (f->relo_cnt > 1)
		qsort(f->relos, f->relo_cnt, sizeof(*f->relos), cmp_relos);
	for (i = 1; i < f->relo_cnt; i++) {
		if (f->relos[i].insn == f->relos[i - 1].insn) {
			pr_warn("%s: function '%s': instruction %u is relocated twice\n",
				obj->elf.what, f->name, f->relos[i].insn);
			return -EINVAL;
		}
	}
	return add_local_refs(obj, fi);
}

static int check_slots(struct bbpf_obj *obj, struct bbpf_map *m)
{
	size_t i;

	if (m->slot_cnt > 1)
		qsort(m->slots, m->slot_cnt, sizeof(*m->slots), cmp_slots);
	for (i = 1; i < m->slot_cnt; i++) {
		if (m->slots[i].key == m->slots[i - 1].key) {
			pr_warn("%s: map '%s': slot %u is set twice\n", obj->elf.what, m->name,
				m->slots[i].key);
			return -EINVAL;
		}
	}
	return 0;
}

int bbpf__obj_collect_relos(struct bbpf_obj *obj)
{
	size_t i;
	int err = 0;

	for (i = 1; i < obj->sec_cnt && !err; i++)
		if (obj->secs[i].kind == BBPF__SEC_REL)
			err = collect_rel_sec(obj, i);
	for (i = 0; i < obj->func_cnt && !err; i++)
		err = sort_and_check(obj, i);
	for (i = 0; i < obj->map_cnt && !err; i++)
		err = check_slots(obj, &obj->maps[i]);
	return err;
}

/* ------------------------------------------------------------------ */
/* Linking                                                             */
/* ------------------------------------------------------------------ */

struct link_state {
	struct bbpf_obj *obj;
	int *pos;	   /* per function: its place in the layout, -1 if not there */
	uint32_t *stack;   /* [2 * func_cnt]: function, next relocation to look at */
	uint32_t *layout;  /* [2 * func_cnt]: function, first instruction */
	size_t cnt, depth; /* functions laid out; stack depth */
	uint64_t insns;	   /* instructions laid out */
};

static void append(struct link_state *s, uint32_t fi)
{
	s->pos[fi] = s->cnt;
	s->layout[2 * s->cnt] = fi;
	s->layout[2 * s->cnt + 1] = s->insns;
	s->cnt++;
	s->insns += s->obj->funcs[fi].desc.insn_cnt;
	s->stack[2 * s->depth] = fi;
	s->stack[2 * s->depth + 1] = 0;
	s->depth++;
}

/* Depth-first, in instruction order: libbpf's order of appending subprograms. */
static void walk(struct link_state *s, uint32_t entry)
{
	const struct bbpf__func *f;
	const struct bbpf_relo *r;
	uint32_t *next;

	append(s, entry);
	while (s->depth) {
		f = &s->obj->funcs[s->stack[2 * (s->depth - 1)]];
		next = &s->stack[2 * (s->depth - 1) + 1];
		if (*next >= f->relo_cnt) {
			s->depth--;
			continue;
		}
		r = &f->relos[(*next)++];
		if ((r->kind == BBPF_RELO_CALL || r->kind == BBPF_RELO_FUNC) &&
		    s->pos[r->target] < 0)
			append(s, r->target);
	}
}

static int link_relos(struct link_state *s, struct bbpf_prog *prog)
{
	const struct bbpf__func *f;
	size_t i, j, n = 0;

	for (i = 0; i < s->cnt; i++)
		n += s->obj->funcs[s->layout[2 * i]].relo_cnt;
	prog->relos = n ? calloc(n, sizeof(*prog->relos)) : NULL;
	if (n && !prog->relos)
		return -ENOMEM;
	for (i = 0; i < s->cnt; i++) {
		f = &s->obj->funcs[s->layout[2 * i]];
		for (j = 0; j < f->relo_cnt; j++) {
			prog->relos[prog->relo_cnt] = f->relos[j];
			prog->relos[prog->relo_cnt++].insn += s->layout[2 * i + 1];
		}
	}
	return 0;
}

static int link_prog(struct link_state *s, struct bbpf_prog *prog)
{
	size_t i;

	for (i = 0; i < s->cnt; i++)
		s->pos[s->layout[2 * i]] = -1;
	s->cnt = s->depth = 0;
	s->insns = 0;
	walk(s, prog->func);
	if (s->insns > UINT32_MAX / BBPF__INSN_SZ) {
		pr_warn("%s: prog '%s': %llu instructions once linked: too many\n",
			s->obj->elf.what, s->obj->funcs[prog->func].name,
			(unsigned long long)s->insns);
		return -E2BIG;
	}
	prog->layout = malloc(2 * s->cnt * sizeof(*prog->layout));
	if (!prog->layout)
		return -ENOMEM;
	memcpy(prog->layout, s->layout, 2 * s->cnt * sizeof(*prog->layout));
	prog->func_cnt = s->cnt;
	prog->insn_cnt = s->insns;
	return link_relos(s, prog);
}

int bbpf__obj_link_progs(struct bbpf_obj *obj)
{
	struct link_state s = { .obj = obj };
	size_t i, n = obj->func_cnt;
	int err = 0;

	if (!obj->prog_cnt)
		return 0;
	s.pos = malloc(n * sizeof(*s.pos));
	s.stack = malloc(2 * n * sizeof(*s.stack));
	s.layout = malloc(2 * n * sizeof(*s.layout));
	if (!s.pos || !s.stack || !s.layout)
		err = -ENOMEM;
	for (i = 0; !err && i < n; i++)
		s.pos[i] = -1;
	for (i = 0; !err && i < obj->prog_cnt; i++)
		err = link_prog(&s, &obj->progs[i]);
	free(s.pos);
	free(s.stack);
	free(s.layout);
	return err;
}

/* ------------------------------------------------------------------ */
/* The linked program                                                  */
/* ------------------------------------------------------------------ */

static uint32_t func_off(const struct bbpf_prog *prog, uint32_t fi)
{
	size_t i;

	for (i = 0; i < prog->func_cnt; i++)
		if (prog->layout[2 * i] == fi)
			return prog->layout[2 * i + 1];
	return 0; /* not reached: every CALL/FUNC target was laid out */
}

int bbpf_prog_link_insns(const struct bbpf_prog *prog, struct bpf_insn **insns, size_t *cnt)
{
	return bbpf__prog_link(prog, NULL, insns, cnt);
}

int bbpf__prog_link(const struct bbpf_prog *prog, struct bpf_insn *const *code,
		    struct bpf_insn **insns, size_t *cnt)
{
	const struct bbpf__func *f;
	const struct bbpf_relo *r;
	struct bpf_insn *out;
	uint32_t fi;
	size_t i;

	out = malloc((prog->insn_cnt ? prog->insn_cnt : 1) * sizeof(*out));
	if (!out)
		return -ENOMEM;
	for (i = 0; i < prog->func_cnt; i++) {
		fi = prog->layout[2 * i];
		f = &prog->obj->funcs[fi];
		memcpy(out + prog->layout[2 * i + 1], code ? code[fi] : f->insns,
		       f->desc.insn_cnt * sizeof(*out));
	}
	for (i = 0; i < prog->relo_cnt; i++) {
		r = &prog->relos[i];
		if (r->kind == BBPF_RELO_CALL || r->kind == BBPF_RELO_FUNC)
			out[r->insn].imm = (int64_t)func_off(prog, r->target) - r->insn - 1;
	}
	*insns = out;
	*cnt = prog->insn_cnt;
	return 0;
}

size_t bbpf_prog_func_cnt(const struct bbpf_prog *prog)
{
	return prog->func_cnt;
}

int bbpf_prog_func(const struct bbpf_prog *prog, size_t i, uint32_t *insn_off)
{
	if (i >= prog->func_cnt)
		return -ENOENT;
	if (insn_off)
		*insn_off = prog->layout[2 * i + 1];
	return prog->layout[2 * i];
}

size_t bbpf_prog_linked_insn_cnt(const struct bbpf_prog *prog)
{
	return prog->insn_cnt;
}

const struct bbpf_relo *bbpf_prog_relos(const struct bbpf_prog *prog, size_t *cnt)
{
	*cnt = prog->relo_cnt;
	return prog->relos;
}

const char *bbpf_relo_kind_str(uint32_t kind)
{
	static const char *const names[BBPF_RELO_KIND_CNT] = {
		[BBPF_RELO_MAP] = "map",	   [BBPF_RELO_MAP_VALUE] = "map_value",
		[BBPF_RELO_CALL] = "call",	   [BBPF_RELO_FUNC] = "func",
		[BBPF_RELO_EXTERN_VAR] = "extern", [BBPF_RELO_EXTERN_FUNC] = "kfunc",
	};

	return BBPF__NAME(names, kind);
}
