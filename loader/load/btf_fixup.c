// SPDX-License-Identifier: BSD-2-Clause
/*
 * Object BTF -> BTF the kernel loads. Pure (no syscall): it runs at the end
 * of open, while the ELF symbols are still at hand, and patches the object's
 * own copy of its .BTF in place (only sizes, offsets and linkage bits
 * change, never the layout, so every type id and the type index stay valid):
 *
 *   DATASEC .data/.rodata/.bss/...   size 0 (clang) -> the ELF section's size;
 *                                    each VAR's offset -> its symbol's st_value
 *   DATASEC .kconfig                 size -> the .kconfig map's value size;
 *                                    each VAR's offset -> the extern's kcfg_off,
 *                                    linkage extern -> global allocated,
 *                                    entries sorted by offset
 *   FUNC of a hidden function        linkage -> static (the verifier then checks
 *                                    it in its caller's context, as libbpf does)
 *
 *   DATASEC .ksyms                   as libbpf: each VAR -> an int, global
 *                                    allocated, at 4-byte steps; each extern
 *                                    FUNC -> global linkage, unnamed parameters
 *                                    named, its entry -> a VAR placeholder (libbpf adds a dummy int VAR;
 *                                    we may not add types here, so we reuse the
 *                                    first VAR of .ksyms, else of the object)
 *
 * The resolver reads the externs' own types from bbpf_extern (kept at open),
 * never these rewritten VARs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

#include "internal/log.h"
#include "obj/internal.h"

/* The mutable copy of the object's BTF types: the parser copied the bytes. */
static struct btf_type *type_mut(const struct bbpf_obj *obj, uint32_t id)
{
	return (struct btf_type *)bbpf_btf_type_by_id(obj->btf, id);
}

/* st_value of the symbol @name defined in ELF section @shndx, or -ENOENT. */
static int64_t find_sym_off(const struct bbpf_obj *obj, int shndx, const char *name)
{
	const Elf64_Sym *sym;
	size_t i;

	for (i = 1; i < obj->elf.sym_cnt; i++) {
		sym = bbpf__elf_sym(&obj->elf, i);
		if (sym->st_shndx != shndx || ELF64_ST_TYPE(sym->st_info) == STT_SECTION)
			continue;
		if (!strcmp(bbpf__elf_sym_name(&obj->elf, sym), name))
			return (int64_t)sym->st_value;
	}
	return -ENOENT;
}

static int fix_data_sec(const struct bbpf_obj *obj, struct btf_type *t, const char *sec_name)
{
	struct btf_var_secinfo *vs = (struct btf_var_secinfo *)(t + 1);
	int shndx = bbpf__elf_sec_idx(&obj->elf, sec_name);
	uint16_t i, vlen = BTF_INFO_VLEN(t->info);
	const Elf64_Shdr *sh;
	int64_t off;

	if (shndx < 0)
		return 0; /* no such section: leave it to the kernel to judge */
	sh = bbpf__elf_shdr(&obj->elf, shndx);
	if (!t->size)
		t->size = (uint32_t)sh->sh_size;
	for (i = 0; i < vlen; i++) {
		off = find_sym_off(obj, shndx, bbpf_btf_name(obj->btf, vs[i].type));
		if (off < 0) {
			pr_warn("%s: DATASEC %s: no symbol for variable '%s'\n", obj->elf.what,
				sec_name, bbpf_btf_name(obj->btf, vs[i].type));
			return -EINVAL;
		}
		vs[i].offset = (uint32_t)off;
	}
	return 0;
}

static int cmp_secinfo_off(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The kernel wants a DATASEC's variables in offset order; kcfg_off follows libbpf's sort. */
static int fix_kconfig_sec(const struct bbpf_obj *obj, struct btf_type *t)
{
	struct btf_var_secinfo *vs = (struct btf_var_secinfo *)(t + 1);
	uint16_t i, vlen = BTF_INFO_VLEN(t->info);
	struct btf_var *var;
	size_t m, e;

	for (m = 0; m < obj->map_cnt; m++)
		if (obj->maps[m].kind == BBPF_MAP_KCONFIG)
			t->size = obj->maps[m].def.value_size;
	for (i = 0; i < vlen; i++) {
		for (e = 0; e < obj->ext_cnt; e++)
			if (obj->exts[e].desc.btf_id == vs[i].type)
				vs[i].offset = obj->exts[e].desc.kcfg_off;
		var = (struct btf_var *)(type_mut(obj, vs[i].type) + 1);
		var->linkage = BTF_VAR_GLOBAL_ALLOCATED;
	}
	qsort(vs, vlen, sizeof(*vs), cmp_secinfo_off);
	return 0;
}

/* The first 4-byte INT, or 0: what .ksyms VARs become (libbpf's find_int_btf_id()). */
static uint32_t find_int4(const struct bbpf_obj *obj)
{
	uint32_t id, cnt = bbpf_btf_type_cnt(obj->btf);
	const struct btf_type *t;

	for (id = 1; id < cnt; id++) {
		t = bbpf_btf_type_by_id(obj->btf, id);
		if (BTF_INFO_KIND(t->info) == BTF_KIND_INT && t->size == 4)
			return id;
	}
	return 0;
}

/* A VAR to stand for extern FUNCs in .ksyms: its first VAR, else any VAR. */
static uint32_t find_placeholder(const struct bbpf_obj *obj, const struct btf_type *sec)
{
	const struct btf_var_secinfo *vs = (const struct btf_var_secinfo *)(sec + 1);
	uint32_t id, cnt = bbpf_btf_type_cnt(obj->btf);
	uint16_t i;

	for (i = 0; i < BTF_INFO_VLEN(sec->info); i++)
		if (BTF_INFO_KIND(bbpf_btf_type_by_id(obj->btf, vs[i].type)->info) == BTF_KIND_VAR)
			return vs[i].type;
	for (id = 1; id < cnt; id++)
		if (BTF_INFO_KIND(bbpf_btf_type_by_id(obj->btf, id)->info) == BTF_KIND_VAR)
			return id;
	return 0;
}

/*
 * A kfunc declared without parameter names ("extern int f(int, void *)
 * __ksym"): the kernel refuses a FUNC whose prototype has an unnamed
 * parameter ("Invalid arg#1"), and with it the whole BTF. libbpf gives such
 * parameters a name; we give them the function's own (any valid name will
 * do, and it is always there). The trailing "..." (type 0) keeps none.
 */
static void name_params(const struct bbpf_obj *obj, const struct btf_type *func)
{
	struct btf_type *proto = type_mut(obj, func->type);
	struct btf_param *p;
	uint16_t i;

	if (!proto || BTF_INFO_KIND(proto->info) != BTF_KIND_FUNC_PROTO)
		return;
	p = (struct btf_param *)(proto + 1);
	for (i = 0; i < BTF_INFO_VLEN(proto->info); i++)
		if (p[i].type && !p[i].name_off)
			p[i].name_off = func->name_off;
}

static int fix_ksyms_sec(const struct bbpf_obj *obj, struct btf_type *sec)
{
	struct btf_var_secinfo *vs = (struct btf_var_secinfo *)(sec + 1);
	uint32_t int_id = find_int4(obj), ph, off = 0;
	uint16_t i, vlen = BTF_INFO_VLEN(sec->info);
	struct btf_type *t;

	if (!int_id)
		return 0; /* no int to retype to: the kernel will refuse this BTF */
	for (i = 0; i < vlen; i++) {
		t = type_mut(obj, vs[i].type);
		if (BTF_INFO_KIND(t->info) == BTF_KIND_VAR) {
			t->type = int_id;
			((struct btf_var *)(t + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
		}
	}
	ph = find_placeholder(obj, sec);
	for (i = 0; i < vlen && ph; i++) {
		t = type_mut(obj, vs[i].type);
		if (BTF_INFO_KIND(t->info) == BTF_KIND_FUNC) {
			t->info = (uint32_t)BTF_KIND_FUNC << 24 | BTF_FUNC_GLOBAL;
			name_params(obj, t);
			vs[i].type = ph;
		}
		vs[i].offset = off;
		vs[i].size = (uint32_t)bbpf_btf_size(obj->btf, vs[i].type);
		off += vs[i].size;
	}
	if (ph)
		sec->size = off;
	return 0;
}

static void fix_hidden_funcs(const struct bbpf_obj *obj)
{
	struct btf_type *t;
	size_t i;

	for (i = 0; i < obj->func_cnt; i++) {
		if (!obj->funcs[i].desc.hidden || !obj->funcs[i].desc.btf_id)
			continue;
		t = type_mut(obj, obj->funcs[i].desc.btf_id);
		t->info = (uint32_t)BTF_KIND_FUNC << 24 | BTF_FUNC_STATIC; /* vlen = linkage */
	}
}

int bbpf__btf_fixup(struct bbpf_obj *obj)
{
	uint32_t id, cnt;
	struct btf_type *t;
	const char *name;
	int err = 0;

	if (!obj->btf || bbpf_btf_is_swapped(obj->btf))
		return 0;
	cnt = bbpf_btf_type_cnt(obj->btf);
	for (id = 1; id < cnt && !err; id++) {
		t = type_mut(obj, id);
		if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_DATASEC)
			continue;
		name = bbpf_btf_name(obj->btf, id);
		if (!strcmp(name, ".kconfig"))
			err = fix_kconfig_sec(obj, t);
		else if (!strcmp(name, ".ksyms"))
			err = fix_ksyms_sec(obj, t);
		else
			err = fix_data_sec(obj, t, name);
	}
	if (!err)
		fix_hidden_funcs(obj);
	return err;
}
