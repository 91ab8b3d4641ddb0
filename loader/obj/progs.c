// SPDX-License-Identifier: BSD-2-Clause
/*
 * Functions and programs of an object, its license and kernel version.
 *
 * Every STT_FUNC symbol of an executable section is a function: its bytes
 * are [st_value, st_value + st_size) of the section, whole instructions,
 * not overlapping another function. Which functions are programs:
 *
 *   section     binding         is
 *   .text       any             a subprogram (libbpf: "static" helpers and global functions)
 *   SEC("xdp")  global / weak   a program of type xdp; several may share the section
 *   SEC("xdp")  local (static)  a subprogram its section's programs may call
 *
 * A program whose section name is not a known convention keeps an error of
 * its own (bbpf_prog_err()), so the object's other programs stay usable.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include "internal/log.h"
#include "internal/mem.h"
#include "obj/internal.h"

static const char license_hint[] = "add  char LICENSE[] SEC(\"license\") = \"GPL\";";

static int read_license(struct bbpf_obj *obj, int idx)
{
	const char *data;
	size_t sz, len;

	data = bbpf__elf_sec_data(&obj->elf, idx, &sz);
	if (!data) {
		pr_warn("%s: section 'license' is empty: %s\n", obj->elf.what, license_hint);
		return -EINVAL;
	}
	len = strnlen(data, sz);
	if (len >= sizeof(obj->license))
		len = sizeof(obj->license) - 1;
	memcpy(obj->license, data, len);
	obj->license[len] = '\0';
	obj->has_license = true;
	return 0;
}

int bbpf__obj_collect_meta(struct bbpf_obj *obj)
{
	const void *data;
	size_t sz;
	int idx, err;

	idx = bbpf__elf_sec_idx(&obj->elf, "license");
	if (idx < 0) {
		pr_warn("%s: no 'license' section: the kernel needs one to load programs; %s\n",
			obj->elf.what, license_hint);
		return -EINVAL;
	}
	err = read_license(obj, idx);
	if (err)
		return err;
	idx = bbpf__elf_sec_idx(&obj->elf, "version");
	if (idx < 0)
		return 0;
	data = bbpf__elf_sec_data(&obj->elf, idx, &sz);
	if (!data || sz != sizeof(obj->kern_version)) {
		pr_warn("%s: section 'version' has %zu bytes, not the 4 of a u32\n", obj->elf.what,
			sz);
		return -EINVAL;
	}
	memcpy(&obj->kern_version, data, sizeof(obj->kern_version));
	return 0;
}

static bool is_code_func(const struct bbpf_obj *obj, const Elf64_Sym *sym)
{
	return ELF64_ST_TYPE(sym->st_info) == STT_FUNC && sym->st_shndx != SHN_UNDEF &&
	       sym->st_shndx < SHN_LORESERVE && sym->st_shndx < obj->sec_cnt &&
	       obj->secs[sym->st_shndx].kind == BBPF__SEC_CODE;
}

static int check_func_sym(const struct bbpf_obj *obj, const Elf64_Sym *sym, const char *name)
{
	const struct bbpf__sec *s = &obj->secs[sym->st_shndx];

	if (!*name) {
		pr_warn("%s: section '%s': a function at offset %llu has no name\n", obj->elf.what,
			s->name, (unsigned long long)sym->st_value);
		return -EINVAL;
	}
	if (sym->st_value % BBPF__INSN_SZ || !sym->st_size || sym->st_size % BBPF__INSN_SZ ||
	    sym->st_value > s->size || sym->st_size > s->size - sym->st_value) {
		pr_warn("%s: section '%s': function '%s' at [%llu, +%llu) is not whole instructions inside the section (%llu bytes)\n",
			obj->elf.what, s->name, name, (unsigned long long)sym->st_value,
			(unsigned long long)sym->st_size, (unsigned long long)s->size);
		return -EINVAL;
	}
	return 0;
}

static void set_btf_linkage(const struct bbpf_obj *obj, struct bbpf__func *f)
{
	const struct btf_type *t;
	int id;

	f->desc.btf_linkage = -1;
	if (!obj->btf)
		return;
	id = bbpf_btf_find_by_name_kind(obj->btf, f->name, BTF_KIND_FUNC);
	t = id > 0 ? bbpf_btf_type_by_id(obj->btf, id) : NULL;
	if (!t)
		return;
	f->desc.btf_id = id;
	f->desc.btf_linkage = bbpf_btf_func_linkage(t);
}

static int add_func(struct bbpf_obj *obj, const Elf64_Sym *sym, const char *name)
{
	const char *code;
	struct bbpf__func *f;
	size_t sz;
	int err, vis = ELF64_ST_VISIBILITY(sym->st_other);

	err = bbpf__grow((void **)&obj->funcs, &obj->func_cap, sizeof(*obj->funcs),
			 obj->func_cnt + 1);
	if (err)
		return err;
	f = &obj->funcs[obj->func_cnt++];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	f->insns = malloc(sym->st_size);
	if (!f->name || !f->insns)
		return -ENOMEM;
	code = bbpf__elf_sec_data(&obj->elf, sym->st_shndx, &sz);
	memcpy(f->insns, code + sym->st_value, sym->st_size);
	f->sec = sym->st_shndx;
	f->desc.name = f->name;
	f->desc.sec_name = obj->secs[f->sec].name;
	f->desc.sec_insn_off = sym->st_value / BBPF__INSN_SZ;
	f->desc.insn_cnt = sym->st_size / BBPF__INSN_SZ;
	f->desc.prog = -1;
	f->desc.global = ELF64_ST_BIND(sym->st_info) != STB_LOCAL;
	f->desc.hidden = vis == STV_HIDDEN || vis == STV_INTERNAL;
	set_btf_linkage(obj, f);
	return 0;
}

static int cmp_funcs(const void *a, const void *b)
{
	const struct bbpf__func *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->desc.sec_insn_off != y->desc.sec_insn_off)
		return x->desc.sec_insn_off < y->desc.sec_insn_off ? -1 : 1;
	return 0;
}

/* Sorted by section and offset, two functions of a section must not overlap. */
static int check_overlaps(const struct bbpf_obj *obj)
{
	const struct bbpf__func *f, *next;
	size_t i;

	for (i = 1; i < obj->func_cnt; i++) {
		f = &obj->funcs[i - 1];
		next = &obj->funcs[i];
		if (f->sec != next->sec ||
		    f->desc.sec_insn_off + f->desc.insn_cnt <= next->desc.sec_insn_off)
			continue;
		pr_warn("%s: section '%s': functions '%s' and '%s' overlap\n", obj->elf.what,
			f->desc.sec_name, f->name, next->name);
		return -EINVAL;
	}
	return 0;
}

int bbpf__obj_collect_funcs(struct bbpf_obj *obj)
{
	const Elf64_Sym *sym;
	const char *name;
	size_t i;
	int err;

	for (i = 1; i < obj->elf.sym_cnt; i++) {
		sym = bbpf__elf_sym(&obj->elf, i);
		if (!is_code_func(obj, sym))
			continue;
		name = bbpf__elf_sym_name(&obj->elf, sym);
		err = check_func_sym(obj, sym, name);
		err = err ?: add_func(obj, sym, name);
		if (err)
			return err;
	}
	if (obj->func_cnt)
		qsort(obj->funcs, obj->func_cnt, sizeof(*obj->funcs), cmp_funcs);
	return check_overlaps(obj);
}

int bbpf__obj_find_func(const struct bbpf_obj *obj, uint32_t sec, uint64_t off)
{
	const struct bbpf__func *f;
	size_t lo = 0, hi = obj->func_cnt, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		f = &obj->funcs[mid];
		if (f->sec == sec && f->desc.sec_insn_off == off)
			return mid;
		if (f->sec < sec || (f->sec == sec && f->desc.sec_insn_off < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

static bool is_prog_func(const struct bbpf_obj *obj, const struct bbpf__func *f)
{
	return (int)f->sec != obj->text_sec && f->desc.global;
}

static int init_prog(struct bbpf_obj *obj, struct bbpf_prog *prog, uint32_t func)
{
	const char *sec = obj->secs[obj->funcs[func].sec].name;
	const char *slash;

	prog->obj = obj;
	prog->func = func;
	prog->autoload = sec[0] != '?';
	prog->sec_name = strdup(sec[0] == '?' ? sec + 1 : sec);
	if (!prog->sec_name)
		return -ENOMEM;
	slash = strchr(prog->sec_name, '/');
	prog->target = slash ? slash + 1 : "";
	prog->def = bbpf__sec_def_find(prog->sec_name);
	if (!prog->def) {
		prog->err = -EOPNOTSUPP;
		pr_debug(
			"%s: prog '%s': section '%s' is no known program type; it cannot be loaded\n",
			obj->elf.what, obj->funcs[func].name, prog->sec_name);
	}
	obj->funcs[func].desc.prog = prog - obj->progs;
	return 0;
}

int bbpf__obj_init_progs(struct bbpf_obj *obj)
{
	size_t i, n = 0;
	int err;

	for (i = 0; i < obj->func_cnt; i++)
		n += is_prog_func(obj, &obj->funcs[i]);
	if (!n)
		return 0;
	obj->progs = calloc(n, sizeof(*obj->progs));
	if (!obj->progs)
		return -ENOMEM;
	for (i = 0; i < obj->func_cnt; i++) {
		if (!is_prog_func(obj, &obj->funcs[i]))
			continue;
		err = init_prog(obj, &obj->progs[obj->prog_cnt++], i);
		if (err)
			return err;
	}
	return 0;
}

size_t bbpf_obj_func_cnt(const struct bbpf_obj *obj)
{
	return obj->func_cnt;
}

const struct bbpf_func *bbpf_obj_func(const struct bbpf_obj *obj, size_t idx)
{
	return idx < obj->func_cnt ? &obj->funcs[idx].desc : NULL;
}

const struct bpf_insn *bbpf_obj_func_insns(const struct bbpf_obj *obj, size_t idx, size_t *cnt)
{
	*cnt = idx < obj->func_cnt ? obj->funcs[idx].desc.insn_cnt : 0;
	return idx < obj->func_cnt ? obj->funcs[idx].insns : NULL;
}

size_t bbpf_obj_prog_cnt(const struct bbpf_obj *obj)
{
	return obj->prog_cnt;
}

const struct bbpf_prog *bbpf_obj_prog(const struct bbpf_obj *obj, size_t idx)
{
	return idx < obj->prog_cnt ? &obj->progs[idx] : NULL;
}

int bbpf_obj_find_prog(const struct bbpf_obj *obj, const char *name)
{
	size_t i;

	for (i = 0; i < obj->prog_cnt; i++)
		if (!strcmp(obj->funcs[obj->progs[i].func].name, name))
			return i;
	return -ENOENT;
}

const char *bbpf_prog_name(const struct bbpf_prog *prog)
{
	return prog->obj->funcs[prog->func].name;
}

const char *bbpf_prog_sec_name(const struct bbpf_prog *prog)
{
	return prog->sec_name;
}

int bbpf_prog_err(const struct bbpf_prog *prog)
{
	return prog->err;
}

bool bbpf_prog_autoload(const struct bbpf_prog *prog)
{
	return prog->autoload;
}

enum bpf_prog_type bbpf_prog_type(const struct bbpf_prog *prog)
{
	return prog->def ? prog->def->prog_type : BPF_PROG_TYPE_UNSPEC;
}

enum bpf_attach_type bbpf_prog_expected_attach_type(const struct bbpf_prog *prog)
{
	return prog->def ? prog->def->attach_type : 0;
}

enum bbpf_attach_kind bbpf_prog_attach_kind(const struct bbpf_prog *prog)
{
	return prog->def ? prog->def->kind : BBPF_ATTACH_NONE;
}

uint32_t bbpf_prog_sec_flags(const struct bbpf_prog *prog)
{
	return prog->def ? prog->def->flags : 0;
}

uint32_t bbpf_prog_load_flags(const struct bbpf_prog *prog)
{
	uint32_t fl = bbpf_prog_sec_flags(prog), out = 0;

	if (fl & BBPF_SEC_SLEEPABLE)
		out |= BPF_F_SLEEPABLE;
	if (fl & BBPF_SEC_XDP_FRAGS)
		out |= BPF_F_XDP_HAS_FRAGS;
	return out;
}

const char *bbpf_prog_attach_target(const struct bbpf_prog *prog)
{
	return prog->target;
}

const struct bpf_insn *bbpf_prog_insns(const struct bbpf_prog *prog, size_t *cnt)
{
	const struct bbpf__func *f = &prog->obj->funcs[prog->func];

	*cnt = f->desc.insn_cnt;
	return f->insns;
}
