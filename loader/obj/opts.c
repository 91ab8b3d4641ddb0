// SPDX-License-Identifier: BSD-2-Clause
/*
 * What a user may change in an opened object before it is loaded, and the
 * parsers of the CLI forms that change it (pure; tools/cmd_load.c only calls
 * them):
 *
 *   --only PROG / --skip PROG       bbpf_obj_select_progs() -> prog->autoload
 *   --map NAME.max_entries=N        bbpf_obj_apply_map() -> map->def.max_entries
 *   --map NAME.value_size=N         bbpf_obj_apply_map() -> map->def.value_size
 *   --set VAR=VALUE                 bbpf_obj_apply_set() -> the initial image of
 *                                   the .data/.rodata(.*) map holding VAR
 *
 * A variable is found by its BTF name in the DATASECs of the global data
 * maps (offsets as bbpf__btf_fixup() set them from the ELF symbols), and
 * VALUE is written as its type reads it:
 *
 *   int types        decimal, 0x.., 0.. octal, -N; range-checked for size and sign
 *   _Bool            true/false, y/n, 1/0
 *   enums            an enumerator's name, or a number in range
 *   char arrays      the string, which must fit with its NUL (zero-padded)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include "internal/log.h"
#include "obj/internal.h"

/* ------------------------------------------------------------------ */
/* Programs                                                            */
/* ------------------------------------------------------------------ */

struct bbpf_prog *bbpf_obj_prog_mut(struct bbpf_obj *obj, size_t idx)
{
	return idx < obj->prog_cnt ? &obj->progs[idx] : NULL;
}

struct bbpf_map *bbpf_obj_map_mut(struct bbpf_obj *obj, size_t idx)
{
	return idx < obj->map_cnt ? &obj->maps[idx] : NULL;
}

int bbpf_prog_set_autoload(struct bbpf_prog *prog, bool autoload)
{
	const char *name = prog->obj->funcs[prog->func].name;

	if (prog->obj->load) {
		pr_warn("prog '%s': autoload cannot change after load\n", name);
		return -EBUSY;
	}
	if (autoload && prog->err) {
		pr_warn("prog '%s': cannot be loaded: section '%s' is no known convention\n", name,
			prog->sec_name);
		return prog->err;
	}
	prog->autoload = autoload;
	return 0;
}

static bool in_list(const char *name, const char *const *list, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		if (!strcmp(list[i], name))
			return true;
	return false;
}

static int check_names(const struct bbpf_obj *obj, const char *const *list, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++) {
		if (bbpf_obj_find_prog(obj, list[i]) < 0) {
			pr_warn("%s: no program '%s'\n", obj->name, list[i]);
			return -ENOENT;
		}
	}
	return 0;
}

int bbpf_obj_select_progs(struct bbpf_obj *obj, const char *const *only, size_t only_cnt,
			  const char *const *skip, size_t skip_cnt)
{
	struct bbpf_prog *p;
	const char *name;
	bool load;
	size_t i;
	int err;

	err = check_names(obj, only, only_cnt) ?: check_names(obj, skip, skip_cnt);
	for (i = 0; !err && i < obj->prog_cnt; i++) {
		p = &obj->progs[i];
		name = obj->funcs[p->func].name;
		load = only_cnt ? in_list(name, only, only_cnt) : p->autoload;
		if (in_list(name, skip, skip_cnt))
			load = false;
		/*
		 * A program of an unknown section that this call does not name
		 * keeps its autoload: the load reports it (bbpf__obj_check_secs()),
		 * and naming another program must not fail here because of it.
		 */
		if (p->err && load && !only_cnt)
			continue;
		err = bbpf_prog_set_autoload(p, load);
	}
	return err;
}

/*
 * Programs whose section names no known convention: each is named with the
 * nearest known section; those still selected fail the load, the others
 * (SEC("?..."), --skip, left out by --only) are a warning.
 */
int bbpf__obj_check_secs(const struct bbpf_obj *obj)
{
	const struct bbpf_prog *p;
	char near[64];
	size_t i;
	int err = 0;

	for (i = 0; i < obj->prog_cnt; i++) {
		p = &obj->progs[i];
		if (!p->err)
			continue;
		bbpf__sec_def_closest(p->sec_name, near, sizeof(near));
		if (p->autoload) {
			pr_warn("prog '%s': section '%s' is no known program type (did you mean '%s'?): fix its SEC() or leave it out (--skip %s)\n",
				obj->funcs[p->func].name, p->sec_name, near,
				obj->funcs[p->func].name);
			err = p->err;
		} else {
			pr_warn("warning: prog '%s': section '%s' is no known program type (did you mean '%s'?); not loaded\n",
				obj->funcs[p->func].name, p->sec_name, near);
		}
	}
	return err;
}

/* ------------------------------------------------------------------ */
/* Maps                                                                */
/* ------------------------------------------------------------------ */

static bool is_data_map(const struct bbpf_map *map)
{
	return map->kind != BBPF_MAP_BTF && map->kind != BBPF_MAP_LEGACY;
}

int bbpf_map_set_max_entries(struct bbpf_map *map, uint32_t n)
{
	if (is_data_map(map)) {
		pr_warn("map '%s': global data has exactly one entry\n", map->name);
		return -EINVAL;
	}
	if (map->def.type == BPF_MAP_TYPE_RINGBUF || map->def.type == BPF_MAP_TYPE_USER_RINGBUF) {
		if (n < 4096 || (n & (n - 1))) {
			pr_warn("map '%s': a ring buffer's size must be a power of 2 of at least a page, not %u\n",
				map->name, n);
			return -EINVAL;
		}
	} else if (!n && map->def.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		pr_warn("map '%s': max_entries must be more than 0\n", map->name);
		return -EINVAL;
	}
	map->def.max_entries = n;
	return 0;
}

/* Map types whose value the kernel sizes itself (fds, ids, nothing). */
static bool has_fixed_value(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		return true;
	}
	return false;
}

int bbpf_map_set_value_size(struct bbpf_map *map, uint32_t sz)
{
	if (is_data_map(map) || has_fixed_value(map->def.type)) {
		pr_warn("map '%s': its value size is not the user's to choose\n", map->name);
		return -EINVAL;
	}
	if (map->def.value_type_id) {
		pr_warn("map '%s': its value is a BTF type (__type(value, ...)); use __uint(value_size, N) to size it at load\n",
			map->name);
		return -EINVAL;
	}
	if (!sz) {
		pr_warn("map '%s': value_size must be more than 0\n", map->name);
		return -EINVAL;
	}
	map->def.value_size = sz;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Variables of .data / .rodata                                        */
/* ------------------------------------------------------------------ */

int bbpf__var_find_in_map(const struct bbpf_obj *obj, struct bbpf_map *map, const char *name,
			  struct bbpf__var_loc *loc)
{
	const struct btf_type *sec = bbpf_btf_type_by_id(obj->btf, map->def.value_type_id);
	const struct btf_var_secinfo *vs;
	uint32_t i;

	for (i = 0; sec && map->def.value_type_id && i < bbpf_btf_vlen(sec); i++) {
		vs = &bbpf_btf_var_secinfos(sec)[i];
		if (strcmp(bbpf_btf_name(obj->btf, vs->type), name))
			continue;
		loc->map = map;
		loc->type = bbpf_btf_type_by_id(obj->btf, vs->type)->type;
		loc->off = vs->offset;
		loc->size = vs->size;
		return 0;
	}
	return -ENOENT;
}

static int find_var(struct bbpf_obj *obj, const char *name, struct bbpf__var_loc *loc)
{
	struct bbpf_map *map;
	size_t i;

	for (i = 0; obj->btf && i < obj->map_cnt; i++) {
		map = &obj->maps[i];
		if (map->kind != BBPF_MAP_DATA && map->kind != BBPF_MAP_RODATA &&
		    map->kind != BBPF_MAP_BSS)
			continue;
		if (bbpf__var_find_in_map(obj, map, name, loc))
			continue;
		if (map->kind == BBPF_MAP_BSS) {
			pr_warn("variable '%s' is in %s, which starts as zeros: give it an initial value to set it\n",
				name, map->name);
			return -EOPNOTSUPP;
		}
		return 0;
	}
	pr_warn("%s: no variable '%s' in .data or .rodata%s\n", obj->name, name,
		obj->btf ? "" : " (the object has no BTF)");
	return -ENOENT;
}

/* The variable's bytes in its map's initial image (made when there is none). */
static int var_bytes(struct bbpf_obj *obj, const char *name, struct bbpf__var_loc *loc, void **dst)
{
	int err = find_var(obj, name, loc);

	if (err)
		return err;
	if ((uint64_t)loc->off + loc->size > loc->map->def.value_size) {
		pr_warn("variable '%s': at %u + %u bytes, past the end of %s\n", name, loc->off,
			loc->size, loc->map->name);
		return -EINVAL;
	}
	if (obj->load) {
		pr_warn("variable '%s': cannot change after load\n", name);
		return -EBUSY;
	}
	if (!loc->map->data)
		loc->map->data = calloc(1, loc->map->def.value_size);
	if (!loc->map->data)
		return -ENOMEM;
	*dst = (char *)loc->map->data + loc->off;
	return 0;
}

int bbpf_obj_set_var(struct bbpf_obj *obj, const char *name, const void *data, size_t sz)
{
	struct bbpf__var_loc loc;
	void *dst;
	int err = var_bytes(obj, name, &loc, &dst);

	if (err)
		return err;
	if (sz != loc.size) {
		pr_warn("variable '%s': is %u bytes, given %zu\n", name, loc.size, sz);
		return -EINVAL;
	}
	memcpy(dst, data, sz);
	return 0;
}

int bbpf_obj_set_var_str(struct bbpf_obj *obj, const char *name, const char *value)
{
	struct bbpf__var_loc loc;
	void *dst;
	int err = var_bytes(obj, name, &loc, &dst);

	return err ?: bbpf__var_encode(obj->btf, loc.type, name, value, dst, loc.size);
}
