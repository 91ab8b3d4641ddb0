// SPDX-License-Identifier: BSD-2-Clause
/*
 * Maps and externs of an object, in libbpf's order: legacy `maps`, then
 * BTF-defined `.maps`, then one array map per global data section, then
 * `.kconfig`.
 *
 * A BTF-defined map is a struct variable whose members encode attributes in
 * their types (the data itself is zeros, except __array initialisers):
 *
 *   __uint(max_entries, 64)    int (*max_entries)[64]        PTR -> ARRAY, nelems = 64
 *   __type(key, struct k)      typeof(struct k) *key         PTR -> the key type
 *   __ulong(map_extra, v)      enum { ... = v } map_extra    ENUM/ENUM64, one value
 *   __array(values, struct m)  typeof(struct m) *values[]    ARRAY[0] of PTR -> inner def
 *
 * The variable's place in .maps comes from its ELF symbol: clang leaves the
 * DATASEC offsets at zero (libbpf fixes them up from the symbols too).
 *
 * Externs are the undefined global symbols; their BTF VAR (or FUNC, a kfunc)
 * sits in DATASEC .kconfig or .ksyms. kconfig values get libbpf's layout in
 * the .kconfig map: sorted by alignment (largest first), then size, then name.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include "internal/log.h"
#include "obj/internal.h"

enum { PIN_NONE, PIN_BY_NAME }; /* LIBBPF_PIN_* of bpf_helpers.h */

/* Members parsed from a BTF map definition (what bbpf_map keeps, and where 'values' is). */
struct def_parse {
	const char *name; /* for messages: "outer" or "outer.inner" */
	struct bbpf_map_def *def;
	struct bbpf_map *map; /* NULL for an inner definition */
	struct bbpf_map_def *inner;
};

/* ------------------------------------------------------------------ */
/* Externs                                                             */
/* ------------------------------------------------------------------ */

static bool sym_is_extern(const Elf64_Sym *sym)
{
	int bind = ELF64_ST_BIND(sym->st_info);

	return sym->st_shndx == SHN_UNDEF && (bind == STB_GLOBAL || bind == STB_WEAK) &&
	       ELF64_ST_TYPE(sym->st_info) == STT_NOTYPE;
}

static bool datasec_has(const struct bbpf_btf *btf, int sec, uint32_t id)
{
	const struct btf_type *t = sec > 0 ? bbpf_btf_type_by_id(btf, sec) : NULL;
	uint32_t i;

	for (i = 0; t && i < bbpf_btf_vlen(t); i++)
		if (bbpf_btf_var_secinfos(t)[i].type == id)
			return true;
	return false;
}

/* libbpf's find_kcfg_type(): what a CONFIG_* value may be written as. */
static uint32_t kcfg_type(const struct bbpf_btf *btf, uint32_t id, bool *sgn)
{
	const struct btf_type *t;
	int rid = bbpf_btf_resolve(btf, id);

	t = rid > 0 ? bbpf_btf_type_by_id(btf, rid) : NULL;
	if (!t)
		return BBPF_KCFG_NONE;
	if (bbpf_btf_is_int(t)) {
		if (bbpf_btf_int_encoding(t) & BTF_INT_BOOL)
			return t->size == 1 ? BBPF_KCFG_BOOL : BBPF_KCFG_NONE;
		*sgn = bbpf_btf_int_encoding(t) & BTF_INT_SIGNED;
		if (t->size == 1)
			return BBPF_KCFG_CHAR;
		return t->size <= 8 && !(t->size & (t->size - 1)) ? BBPF_KCFG_INT : BBPF_KCFG_NONE;
	}
	if (bbpf_btf_is_any_enum(t)) {
		if (strcmp(bbpf_btf_name(btf, rid), "libbpf_tristate"))
			return BBPF_KCFG_NONE;
		if (bbpf_btf_kind(t) == BTF_KIND_ENUM && t->size != 4)
			return BBPF_KCFG_NONE;
		return BBPF_KCFG_TRISTATE;
	}
	if (bbpf_btf_is_array(t) && bbpf_btf_array(t)->nelems &&
	    kcfg_type(btf, bbpf_btf_array(t)->type, &(bool){ 0 }) == BBPF_KCFG_CHAR)
		return BBPF_KCFG_CHAR_ARR;
	return BBPF_KCFG_NONE;
}

static int init_kcfg(const struct bbpf_obj *obj, struct bbpf_extern *x, const struct btf_type *t)
{
	int sz, align;

	if (x->is_func) {
		pr_warn("%s: extern '%s': a function cannot be __kconfig\n", obj->elf.what,
			x->name);
		return -EOPNOTSUPP;
	}
	x->kind = BBPF_EXTERN_KCONFIG;
	sz = bbpf_btf_size(obj->btf, t->type);
	align = bbpf_btf_align(obj->btf, t->type);
	x->kcfg_type = kcfg_type(obj->btf, t->type, &x->kcfg_signed);
	if (sz <= 0 || align <= 0 || x->kcfg_type == BBPF_KCFG_NONE) {
		pr_warn("%s: extern (kconfig) '%s': its type is none of bool, tristate, char, integer, char array\n",
			obj->elf.what, x->name);
		return -EOPNOTSUPP;
	}
	x->kcfg_size = sz;
	x->kcfg_align = align;
	return 0;
}

/* Fills @x from the BTF of extern symbol @name. */
static int init_extern(const struct bbpf_obj *obj, const char *name, struct bbpf_extern *x)
{
	int id, kcfg = bbpf_btf_find_by_name_kind(obj->btf, ".kconfig", BTF_KIND_DATASEC);
	int ksyms = bbpf_btf_find_by_name_kind(obj->btf, ".ksyms", BTF_KIND_DATASEC);
	const struct btf_type *t;

	id = bbpf_btf_find_by_name_kind(obj->btf, name, BTF_KIND_VAR);
	if (id < 0)
		id = bbpf_btf_find_by_name_kind(obj->btf, name, BTF_KIND_FUNC);
	t = id > 0 ? bbpf_btf_type_by_id(obj->btf, id) : NULL;
	if (!t || (bbpf_btf_is_func(t) ? bbpf_btf_func_linkage(t) : bbpf_btf_var(t)->linkage) !=
			  BTF_VAR_GLOBAL_EXTERN) {
		pr_warn("%s: extern '%s' has no extern VAR or FUNC in the object's BTF\n",
			obj->elf.what, name);
		return -EINVAL;
	}
	x->name = bbpf_btf_name(obj->btf, id);
	x->btf_id = id;
	x->is_func = bbpf_btf_is_func(t);
	if (datasec_has(obj->btf, kcfg, id))
		return init_kcfg(obj, x, t);
	if (!datasec_has(obj->btf, ksyms, id)) {
		pr_warn("%s: extern '%s' is neither __kconfig nor __ksym (not in DATASEC .kconfig or .ksyms)\n",
			obj->elf.what, name);
		return -EOPNOTSUPP;
	}
	x->kind = BBPF_EXTERN_KSYM;
	id = x->is_func ? (int)t->type : bbpf_btf_resolve(obj->btf, t->type);
	x->type_id = id > 0 ? id : 0;
	return 0;
}

static int cmp_exts(const void *a, const void *b)
{
	const struct bbpf_extern *x = &((const struct bbpf__ext *)a)->desc;
	const struct bbpf_extern *y = &((const struct bbpf__ext *)b)->desc;

	if (x->kind != y->kind)
		return x->kind == BBPF_EXTERN_KCONFIG ? -1 : 1;
	if (x->kind == BBPF_EXTERN_KCONFIG && x->kcfg_align != y->kcfg_align)
		return x->kcfg_align > y->kcfg_align ? -1 : 1;
	if (x->kind == BBPF_EXTERN_KCONFIG && x->kcfg_size != y->kcfg_size)
		return x->kcfg_size < y->kcfg_size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int layout_kconfig(struct bbpf_obj *obj)
{
	uint64_t off = 0;
	size_t i;

	qsort(obj->exts, obj->ext_cnt, sizeof(*obj->exts), cmp_exts);
	for (i = 0; i < obj->ext_cnt; i++) {
		struct bbpf_extern *x = &obj->exts[i].desc;

		if (x->kind != BBPF_EXTERN_KCONFIG)
			continue;
		off = (off + x->kcfg_align - 1) / x->kcfg_align * x->kcfg_align;
		if (off + x->kcfg_size > UINT32_MAX) {
			pr_warn("%s: the kconfig externs need more than 4 GiB\n", obj->elf.what);
			return -E2BIG;
		}
		x->kcfg_off = off;
		off += x->kcfg_size;
	}
	return 0;
}

int bbpf__obj_collect_externs(struct bbpf_obj *obj)
{
	const Elf64_Sym *sym;
	const char *name;
	size_t i, n = 0;
	int err;

	for (i = 1; i < obj->elf.sym_cnt; i++)
		n += sym_is_extern(bbpf__elf_sym(&obj->elf, i));
	if (!n)
		return 0;
	obj->exts = calloc(n, sizeof(*obj->exts));
	if (!obj->exts)
		return -ENOMEM;
	for (i = 1; i < obj->elf.sym_cnt; i++) {
		sym = bbpf__elf_sym(&obj->elf, i);
		name = bbpf__elf_sym_name(&obj->elf, sym);
		if (!sym_is_extern(sym) || !*name)
			continue;
		if (!obj->btf) {
			pr_warn("%s: extern '%s' needs the object's BTF: compile with -g\n",
				obj->elf.what, name);
			return -EINVAL;
		}
		obj->exts[obj->ext_cnt].sym = i;
		obj->exts[obj->ext_cnt].desc.weak = ELF64_ST_BIND(sym->st_info) == STB_WEAK;
		err = init_extern(obj, name, &obj->exts[obj->ext_cnt++].desc);
		if (err)
			return err;
	}
	return layout_kconfig(obj);
}

/* ------------------------------------------------------------------ */
/* Legacy maps: struct bpf_map_def in section "maps"                   */
/* ------------------------------------------------------------------ */

/* libbpf < 1.0's layout: five u32, possibly followed by fields we must find zero. */
struct legacy_def {
	uint32_t type, key_size, value_size, max_entries, map_flags;
};

static bool is_map_sym(const Elf64_Sym *sym, uint32_t sec)
{
	int type = ELF64_ST_TYPE(sym->st_info);

	return sym->st_shndx == sec && (type == STT_OBJECT || type == STT_NOTYPE);
}

static int add_legacy(struct bbpf_obj *obj, uint32_t sec, const Elf64_Sym *sym, size_t def_sz)
{
	const char *data, *name = bbpf__elf_sym_name(&obj->elf, sym);
	struct legacy_def d = { 0 };
	struct bbpf_map *map;
	uint32_t idx;
	size_t sz, i;
	int err;

	data = bbpf__elf_sec_data(&obj->elf, sec, &sz);
	if (!*name || !data || sym->st_value > sz || def_sz > sz - sym->st_value) {
		pr_warn("%s: section 'maps': map '%s' at offset %llu is not inside the section\n",
			obj->elf.what, name, (unsigned long long)sym->st_value);
		return -EINVAL;
	}
	data += sym->st_value;
	memcpy(&d, data, def_sz < sizeof(d) ? def_sz : sizeof(d));
	for (i = sizeof(d); i < def_sz; i++) {
		if (data[i]) {
			pr_warn("%s: legacy map '%s': byte %zu of its %zu-byte definition is set: fields we do not know\n",
				obj->elf.what, name, i, def_sz);
			return -EOPNOTSUPP;
		}
	}
	err = bbpf__obj_add_map(obj, name, &idx);
	if (err)
		return err;
	map = &obj->maps[idx];
	map->kind = BBPF_MAP_LEGACY;
	map->def = (struct bbpf_map_def){ .type = d.type,
					  .key_size = d.key_size,
					  .value_size = d.value_size,
					  .max_entries = d.max_entries,
					  .map_flags = d.map_flags };
	map->sec = sec;
	map->sec_off = sym->st_value;
	map->sec_sz = def_sz;
	snprintf(map->kname, sizeof(map->kname), "%s", name);
	return 0;
}

/* Every symbol in the section is one definition; all have the section's size / count. */
static int collect_legacy(struct bbpf_obj *obj, uint32_t sec)
{
	size_t i, n = 0;
	uint64_t sz = obj->secs[sec].size;
	const Elf64_Sym *sym;
	int err;

	for (i = 1; i < obj->elf.sym_cnt; i++)
		n += is_map_sym(bbpf__elf_sym(&obj->elf, i), sec);
	if (!n)
		return 0;
	if (sz % n || sz / n < sizeof(uint32_t) * 4) {
		pr_warn("%s: section 'maps': %llu bytes do not split into %zu map definitions\n",
			obj->elf.what, (unsigned long long)sz, n);
		return -EINVAL;
	}
	for (i = 1; i < obj->elf.sym_cnt; i++) {
		sym = bbpf__elf_sym(&obj->elf, i);
		if (!is_map_sym(sym, sec))
			continue;
		err = add_legacy(obj, sec, sym, sz / n);
		if (err)
			return err;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* BTF-defined maps                                                    */
/* ------------------------------------------------------------------ */

static const char *member_name(const struct bbpf_btf *btf, const struct btf_member *m)
{
	const char *s = bbpf_btf_str(btf, m->name_off);

	return s ? s : "";
}

/* __uint(): PTR to ARRAY whose nelems is the value. */
static int field_u32(const struct bbpf_obj *obj, const struct def_parse *p,
		     const struct btf_member *m, uint32_t *out)
{
	const struct btf_type *t =
		bbpf_btf_type_by_id(obj->btf, bbpf_btf_resolve(obj->btf, m->type));
	const struct btf_type *arr =
		t && bbpf_btf_is_ptr(t) ? bbpf_btf_type_by_id(obj->btf, t->type) : NULL;

	if (!arr || !bbpf_btf_is_array(arr)) {
		pr_warn("%s: map '%s': attribute '%s' is not __uint() (a pointer to an array)\n",
			obj->elf.what, p->name, member_name(obj->btf, m));
		return -EINVAL;
	}
	*out = bbpf_btf_array(arr)->nelems;
	return 0;
}

/* __ulong(): an enum with one enumerator; __uint() works too. */
static int field_u64(const struct bbpf_obj *obj, const struct def_parse *p,
		     const struct btf_member *m, uint64_t *out)
{
	const struct btf_type *t =
		bbpf_btf_type_by_id(obj->btf, bbpf_btf_resolve(obj->btf, m->type));
	uint32_t v32;
	int err;

	if (t && bbpf_btf_is_any_enum(t) && bbpf_btf_vlen(t) == 1) {
		*out = bbpf_btf_enum_value(t, 0);
		return 0;
	}
	err = field_u32(obj, p, m, &v32);
	*out = v32;
	return err;
}

/* __type(): PTR to the type; its size must agree with a key_size/value_size given. */
static int field_type(const struct bbpf_obj *obj, const struct def_parse *p,
		      const struct btf_member *m, uint32_t *size, uint32_t *type_id)
{
	const struct btf_type *t = bbpf_btf_type_by_id(obj->btf, m->type);
	int sz = t && bbpf_btf_is_ptr(t) ? bbpf_btf_size(obj->btf, t->type) : -EINVAL;

	if (sz < 0) {
		pr_warn("%s: map '%s': '%s' is not __type() of a type with a size\n", obj->elf.what,
			p->name, member_name(obj->btf, m));
		return -EINVAL;
	}
	if (*size && *size != (uint32_t)sz) {
		pr_warn("%s: map '%s': '%s' has %d bytes, but its size was given as %u\n",
			obj->elf.what, p->name, member_name(obj->btf, m), sz, *size);
		return -EINVAL;
	}
	*size = sz;
	*type_id = t->type;
	return 0;
}

static int field_size(const struct bbpf_obj *obj, const struct def_parse *p,
		      const struct btf_member *m, uint32_t *size)
{
	uint32_t v;
	int err = field_u32(obj, p, m, &v);

	if (!err && *size && *size != v) {
		pr_warn("%s: map '%s': %s %u conflicts with the %u bytes of its type\n",
			obj->elf.what, p->name, member_name(obj->btf, m), v, *size);
		return -EINVAL;
	}
	*size = v;
	return err;
}

static int parse_def(struct bbpf_obj *obj, struct def_parse *p, const struct btf_type *st);

static bool is_map_in_map(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/* __array(values, ...): the last member; inner map template or program prototype. */
static int field_values(struct bbpf_obj *obj, struct def_parse *p, const struct btf_type *st,
			uint32_t i)
{
	const struct btf_member *m = &bbpf_btf_members(st)[i];
	const struct btf_type *t = bbpf_btf_type_by_id(obj->btf, m->type);
	bool mim = is_map_in_map(p->def->type), progs = p->def->type == BPF_MAP_TYPE_PROG_ARRAY;
	struct def_parse inner = { .def = p->inner };
	char name[160];

	if (!p->map || i + 1 != bbpf_btf_vlen(st) || (!mim && !progs) ||
	    (p->def->value_size && p->def->value_size != 4)) {
		pr_warn("%s: map '%s': 'values' must be the last member of an outer map-in-map or program array definition\n",
			obj->elf.what, p->name);
		return -EINVAL;
	}
	if (!t || !bbpf_btf_is_array(t) || bbpf_btf_array(t)->nelems)
		goto bad;
	t = bbpf_btf_type_by_id(obj->btf, bbpf_btf_resolve(obj->btf, bbpf_btf_array(t)->type));
	if (!t || !bbpf_btf_is_ptr(t))
		goto bad;
	t = bbpf_btf_type_by_id(obj->btf, bbpf_btf_resolve(obj->btf, t->type));
	if (!t || (progs && !bbpf_btf_is_func_proto(t)) ||
	    (mim && bbpf_btf_kind(t) != BTF_KIND_STRUCT))
		goto bad;
	p->def->value_size = 4;
	p->map->has_values = true;
	p->map->values_off = bbpf_btf_member_bit_offset(st, i) / 8;
	if (progs)
		return 0;
	snprintf(name, sizeof(name), "%s.inner", p->name);
	inner.name = name;
	p->map->has_inner = true;
	return parse_def(obj, &inner, t);
bad:
	pr_warn("%s: map '%s': 'values' is not __array(values, %s)\n", obj->elf.what, p->name,
		progs ? "<function prototype>" : "<inner map definition>");
	return -EINVAL;
}

static int parse_member(struct bbpf_obj *obj, struct def_parse *p, const struct btf_type *st,
			uint32_t i)
{
	const struct btf_member *m = &bbpf_btf_members(st)[i];
	const char *name = member_name(obj->btf, m);
	struct bbpf_map_def *d = p->def;

	if (!strcmp(name, "type"))
		return field_u32(obj, p, m, &d->type);
	if (!strcmp(name, "max_entries"))
		return field_u32(obj, p, m, &d->max_entries);
	if (!strcmp(name, "map_flags"))
		return field_u32(obj, p, m, &d->map_flags);
	if (!strcmp(name, "numa_node"))
		return field_u32(obj, p, m, &d->numa_node);
	if (!strcmp(name, "map_extra"))
		return field_u64(obj, p, m, &d->map_extra);
	if (!strcmp(name, "key_size"))
		return field_size(obj, p, m, &d->key_size);
	if (!strcmp(name, "value_size"))
		return field_size(obj, p, m, &d->value_size);
	if (!strcmp(name, "key"))
		return field_type(obj, p, m, &d->key_size, &d->key_type_id);
	if (!strcmp(name, "value"))
		return field_type(obj, p, m, &d->value_size, &d->value_type_id);
	if (!strcmp(name, "values"))
		return field_values(obj, p, st, i);
	if (!strcmp(name, "pinning") && p->map) {
		if (field_u32(obj, p, m, &d->pinning))
			return -EINVAL;
		if (d->pinning == PIN_NONE || d->pinning == PIN_BY_NAME)
			return 0;
		pr_warn("%s: map '%s': pinning %u is neither LIBBPF_PIN_NONE nor LIBBPF_PIN_BY_NAME\n",
			obj->elf.what, p->name, d->pinning);
		return -EINVAL;
	}
	if (obj->relaxed_maps) {
		pr_debug("%s: map '%s': skipping attribute '%s'\n", obj->elf.what, p->name, name);
		return 0;
	}
	pr_warn("%s: map '%s': unknown attribute '%s'%s\n", obj->elf.what, p->name, name,
		p->map ? "" : " (an inner map takes neither pinning nor values)");
	return -EOPNOTSUPP;
}

static int parse_def(struct bbpf_obj *obj, struct def_parse *p, const struct btf_type *st)
{
	uint32_t i;
	int err;

	for (i = 0; i < bbpf_btf_vlen(st); i++) {
		err = parse_member(obj, p, st, i);
		if (err)
			return err;
	}
	if (p->def->type == BPF_MAP_TYPE_UNSPEC) {
		pr_warn("%s: map '%s': no map type: add __uint(type, BPF_MAP_TYPE_...)\n",
			obj->elf.what, p->name);
		return -EINVAL;
	}
	return 0;
}

/* The ELF symbol of BTF map @name in section @sec. */
static const Elf64_Sym *find_map_sym(const struct bbpf_obj *obj, uint32_t sec, const char *name)
{
	const Elf64_Sym *sym;
	size_t i;

	for (i = 1; i < obj->elf.sym_cnt; i++) {
		sym = bbpf__elf_sym(&obj->elf, i);
		if (is_map_sym(sym, sec) && !strcmp(bbpf__elf_sym_name(&obj->elf, sym), name))
			return sym;
	}
	return NULL;
}

static int add_btf_map(struct bbpf_obj *obj, uint32_t sec, const struct btf_var_secinfo *vi)
{
	const struct btf_type *var = bbpf_btf_type_by_id(obj->btf, vi->type), *st;
	const char *name = bbpf_btf_name(obj->btf, vi->type);
	struct def_parse p = { .name = name };
	const Elf64_Sym *sym = NULL;
	struct bbpf_map *map;
	uint64_t room;
	uint32_t idx;
	int err;

	if (!var || !name) { /* not reached: the BTF parser checks DATASEC entries */
		pr_warn("%s: .maps: entry type [%u] does not exist\n", obj->elf.what, vi->type);
		return -EINVAL;
	}
	if (bbpf_btf_kind(var) == BTF_KIND_VAR && *name)
		sym = find_map_sym(obj, sec, name);
	st = bbpf_btf_type_by_id(obj->btf, bbpf_btf_resolve(obj->btf, var->type));
	if (!sym || !st || bbpf_btf_kind(st) != BTF_KIND_STRUCT ||
	    sym->st_value > obj->secs[sec].size || st->size > obj->secs[sec].size - sym->st_value) {
		pr_warn("%s: .maps: entry '%s' is not a struct variable with a symbol inside .maps\n",
			obj->elf.what, name);
		return -EINVAL;
	}
	if (bbpf_btf_var(var)->linkage != BTF_VAR_GLOBAL_ALLOCATED) {
		pr_warn("%s: map '%s': a map must be a global definition, not static or extern\n",
			obj->elf.what, name);
		return -EOPNOTSUPP;
	}
	err = bbpf__obj_add_map(obj, name, &idx);
	if (err)
		return err;
	map = &obj->maps[idx];
	map->kind = BBPF_MAP_BTF;
	map->sec = sec;
	map->sec_off = sym->st_value;
	/* An __array initialiser makes the symbol larger than the struct. */
	room = obj->secs[sec].size - sym->st_value;
	map->sec_sz =
		sym->st_size > st->size ? (sym->st_size < room ? sym->st_size : room) : st->size;
	snprintf(map->kname, sizeof(map->kname), "%s", name);
	p.def = &map->def;
	p.map = map;
	p.inner = &map->inner;
	return parse_def(obj, &p, st);
}

static int collect_btf_maps(struct bbpf_obj *obj, uint32_t sec)
{
	const struct btf_type *ds;
	int id, err;
	uint32_t i;

	if (!obj->btf) {
		pr_warn("%s: section .maps needs the object's BTF to describe its maps: compile with -g\n",
			obj->elf.what);
		return -EINVAL;
	}
	id = bbpf_btf_find_by_name_kind(obj->btf, ".maps", BTF_KIND_DATASEC);
	if (id < 0) {
		pr_warn("%s: section .maps has no DATASEC '.maps' in the object's BTF\n",
			obj->elf.what);
		return -EINVAL;
	}
	ds = bbpf_btf_type_by_id(obj->btf, id);
	for (i = 0; i < bbpf_btf_vlen(ds); i++) {
		err = add_btf_map(obj, sec, &bbpf_btf_var_secinfos(ds)[i]);
		if (err)
			return err;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Global data and .kconfig                                            */
/* ------------------------------------------------------------------ */

/*
 * libbpf's internal_map_name(): as much of the object name as fits before
 * the section name, whose first 7 characters are always kept: "myobj.bss",
 * "my_objec.rodata", "my_obje.kconfig". A custom section (a second '.', as
 * in ".data.custom") is used alone, cut to 15 characters. Characters the
 * kernel refuses become '_'.
 */
void bbpf__map_kernel_name(const char *obj_name, const char *sec_name, char *buf)
{
	size_t sfx = strlen(sec_name), pfx;
	char *c;

	if (sfx < 7)
		sfx = 7;
	if (sfx > BBPF__OBJ_NAME_SZ - 1)
		sfx = BBPF__OBJ_NAME_SZ - 1;
	pfx = strchr(sec_name + 1, '.') ? 0 : BBPF__OBJ_NAME_SZ - 1 - sfx;
	if (pfx > strlen(obj_name))
		pfx = strlen(obj_name);
	snprintf(buf, BBPF__OBJ_NAME_SZ, "%.*s%.*s", (int)pfx, obj_name, (int)sfx, sec_name);
	for (c = buf; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '.')
			*c = '_';
}

/*
 * libbpf makes a global data map mmapable (BPF_F_MMAPABLE) when a variable
 * in it is visible from user space: a global VAR whose symbol is not hidden.
 */
static bool is_exposed_var(const struct bbpf_obj *obj, uint32_t id)
{
	const struct btf_type *t = bbpf_btf_type_by_id(obj->btf, id);
	const char *name = bbpf_btf_name(obj->btf, id);
	const Elf64_Sym *sym;
	size_t i;
	int vis;

	if (!t || bbpf_btf_kind(t) != BTF_KIND_VAR || bbpf_btf_var(t)->linkage == BTF_VAR_STATIC)
		return false;
	for (i = 1; i < obj->elf.sym_cnt; i++) {
		sym = bbpf__elf_sym(&obj->elf, i);
		if (ELF64_ST_BIND(sym->st_info) == STB_LOCAL ||
		    strcmp(bbpf__elf_sym_name(&obj->elf, sym), name))
			continue;
		vis = ELF64_ST_VISIBILITY(sym->st_other);
		return vis != STV_HIDDEN && vis != STV_INTERNAL;
	}
	return false;
}

static bool is_mmapable(const struct bbpf_obj *obj, uint32_t datasec)
{
	const struct btf_type *t = datasec ? bbpf_btf_type_by_id(obj->btf, datasec) : NULL;
	uint32_t i;

	for (i = 0; t && i < bbpf_btf_vlen(t); i++)
		if (is_exposed_var(obj, bbpf_btf_var_secinfos(t)[i].type))
			return true;
	return false;
}

static uint32_t find_datasec(const struct bbpf_obj *obj, const char *name)
{
	int id = obj->btf ? bbpf_btf_find_by_name_kind(obj->btf, name, BTF_KIND_DATASEC) : -1;

	return id > 0 ? id : 0;
}

static int add_data_map(struct bbpf_obj *obj, const char *sec_name, uint32_t kind, uint64_t size,
			int *out)
{
	static const uint32_t flags[BBPF_MAP_KIND_CNT] = {
		[BBPF_MAP_RODATA] = BPF_F_RDONLY_PROG,
		[BBPF_MAP_KCONFIG] = BPF_F_RDONLY_PROG | BPF_F_MMAPABLE,
	};
	struct bbpf_map *map;
	uint32_t idx;
	int err;

	if (size > UINT32_MAX) {
		pr_warn("%s: section '%s': %llu bytes are more than a map value can hold\n",
			obj->elf.what, sec_name, (unsigned long long)size);
		return -E2BIG;
	}
	err = bbpf__obj_add_map(obj, sec_name, &idx);
	if (err)
		return err;
	map = &obj->maps[idx];
	map->kind = kind;
	map->def = (struct bbpf_map_def){ .type = BPF_MAP_TYPE_ARRAY,
					  .key_size = 4,
					  .value_size = size,
					  .max_entries = 1,
					  .map_flags = flags[kind] };
	map->def.value_type_id = find_datasec(obj, sec_name);
	if (kind != BBPF_MAP_KCONFIG && is_mmapable(obj, map->def.value_type_id))
		map->def.map_flags |= BPF_F_MMAPABLE;
	map->sec_sz = size;
	bbpf__map_kernel_name(obj->name, sec_name, map->kname);
	*out = idx;
	return 0;
}

static int collect_data(struct bbpf_obj *obj, uint32_t sec)
{
	static const uint32_t kinds[] = {
		[BBPF__SEC_DATA] = BBPF_MAP_DATA,
		[BBPF__SEC_RODATA] = BBPF_MAP_RODATA,
		[BBPF__SEC_BSS] = BBPF_MAP_BSS,
	};
	struct bbpf__sec *s = &obj->secs[sec];
	struct bbpf_map *map;
	const void *data;
	size_t sz;
	int err;

	if (!s->size)
		return 0;
	err = add_data_map(obj, s->name, kinds[s->kind], s->size, &s->map);
	if (err)
		return err;
	map = &obj->maps[s->map];
	map->sec = sec;
	data = bbpf__elf_sec_data(&obj->elf, sec, &sz);
	if (!data || s->kind == BBPF__SEC_BSS)
		return 0;
	map->data = malloc(sz);
	if (!map->data)
		return -ENOMEM;
	memcpy(map->data, data, sz);
	return 0;
}

static int add_kconfig_map(struct bbpf_obj *obj)
{
	const struct bbpf_extern *last = NULL;
	size_t i;
	int idx;

	for (i = 0; i < obj->ext_cnt; i++)
		if (obj->exts[i].desc.kind == BBPF_EXTERN_KCONFIG)
			last = &obj->exts[i].desc;
	if (!last)
		return 0;
	return add_data_map(obj, ".kconfig", BBPF_MAP_KCONFIG, last->kcfg_off + last->kcfg_size,
			    &idx);
}

int bbpf__obj_collect_maps(struct bbpf_obj *obj)
{
	uint32_t kind;
	size_t i;
	int err = 0;

	for (i = 1; i < obj->sec_cnt && !err; i++)
		if (obj->secs[i].kind == BBPF__SEC_LEGACY_MAPS)
			err = collect_legacy(obj, i);
	for (i = 1; i < obj->sec_cnt && !err; i++)
		if (obj->secs[i].kind == BBPF__SEC_MAPS)
			err = collect_btf_maps(obj, i);
	for (i = 1; i < obj->sec_cnt && !err; i++) {
		kind = obj->secs[i].kind;
		if (kind == BBPF__SEC_DATA || kind == BBPF__SEC_RODATA || kind == BBPF__SEC_BSS)
			err = collect_data(obj, i);
	}
	return err ?: add_kconfig_map(obj);
}

int bbpf__obj_find_map_at(const struct bbpf_obj *obj, uint32_t sec, uint64_t off)
{
	size_t i;

	for (i = 0; i < obj->map_cnt; i++) {
		const struct bbpf_map *m = &obj->maps[i];

		if ((m->kind == BBPF_MAP_BTF || m->kind == BBPF_MAP_LEGACY) && m->sec == sec &&
		    m->sec_off == off)
			return i;
	}
	return -ENOENT;
}
