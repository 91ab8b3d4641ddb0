// SPDX-License-Identifier: BSD-2-Clause
/*
 * struct bbpf_obj: opening a BPF ELF object, and closing it.
 *
 * Open is a chain of pure steps with one cleanup path (libbpf's
 * bpf_object_open(): elf_init -> elf_collect -> ... -> collect_relos):
 *
 *   elf.c        the file, checked and handed to libelf
 *   check_header relocatable, EM_BPF
 *   collect_secs what each section holds
 *   parse_btf    .BTF and .BTF.ext (btf/)
 *   meta         license, version                  (obj_progs.c)
 *   funcs        STT_FUNCs of executable sections   (obj_progs.c)
 *   externs      .kconfig / .ksyms                  (obj_maps.c)
 *   maps         legacy, BTF-defined, global data   (obj_maps.c)
 *   progs        section name -> type, per program  (obj_progs.c)
 *   relos        .rel* -> per-instruction records   (obj_relo.c)
 *   link         subprograms each program reaches   (obj_relo.c)
 *
 * Each step logs what it rejects; on any error the object is closed as far
 * as it was built. Nothing reads the clock, the environment or the kernel,
 * so the same bytes give the same object. The getters of objects, maps and
 * externs live here too (those of programs and functions in obj_progs.c,
 * of linked programs in obj_relo.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include "internal/compiler.h"
#include "internal/log.h"
#include "internal/mem.h"
#include "internal/opts.h"
#include "internal/uapi_compat.h"
#include "obj/internal.h"

static int check_header(struct bbpf_obj *obj)
{
	const Elf64_Ehdr *h = obj->elf.ehdr;

	if (h->e_type != ET_REL) {
		pr_warn("%s: ELF type %u is not a relocatable object (ET_REL): is it a BPF .o file?\n",
			obj->elf.what, h->e_type);
		return -EINVAL;
	}
	/* Old LLVM left e_machine as EM_NONE; libbpf accepts that too. */
	if (h->e_machine != EM_BPF && h->e_machine != EM_NONE) {
		pr_warn("%s: machine %u is not EM_BPF (%u): built for another architecture, not with clang -target bpf\n",
			obj->elf.what, h->e_machine, EM_BPF);
		return -EINVAL;
	}
	return 0;
}

static bool is_name_or_sub(const char *name, const char *base)
{
	size_t len = strlen(base);

	return !strncmp(name, base, len) && (name[len] == '\0' || name[len] == '.');
}

static uint32_t classify(const Elf64_Shdr *sh, const char *name)
{
	bool bytes = sh->sh_type == SHT_PROGBITS || sh->sh_type == SHT_NOBITS;

	if (sh->sh_type == SHT_PROGBITS && (sh->sh_flags & SHF_EXECINSTR))
		return BBPF__SEC_CODE;
	if (sh->sh_type == SHT_REL)
		return BBPF__SEC_REL;
	if (!bytes)
		return BBPF__SEC_OTHER;
	if (!strcmp(name, ".maps"))
		return BBPF__SEC_MAPS;
	if (!strcmp(name, "maps"))
		return BBPF__SEC_LEGACY_MAPS;
	if (is_name_or_sub(name, ".data"))
		return BBPF__SEC_DATA;
	if (is_name_or_sub(name, ".rodata"))
		return BBPF__SEC_RODATA;
	if (is_name_or_sub(name, ".bss"))
		return BBPF__SEC_BSS;
	return BBPF__SEC_OTHER;
}

/* A relocation section must be well formed only if it is one we read (code, .maps). */
static int check_rel(struct bbpf_obj *obj, size_t idx, const Elf64_Shdr *sh)
{
	struct bbpf__sec *s = &obj->secs[idx];
	uint32_t tkind;

	if (sh->sh_info == 0 || sh->sh_info >= obj->sec_cnt) {
		pr_warn("%s: section '%s' relocates section #%u, which does not exist\n",
			obj->elf.what, s->name, sh->sh_info);
		return -EINVAL;
	}
	s->info = sh->sh_info;
	tkind = obj->secs[s->info].kind;
	if (tkind != BBPF__SEC_CODE && tkind != BBPF__SEC_MAPS) {
		s->kind = BBPF__SEC_OTHER; /* .rel.BTF, .rel.debug_*: not ours to read */
		return 0;
	}
	if (sh->sh_entsize != sizeof(Elf64_Rel) || sh->sh_size % sizeof(Elf64_Rel) ||
	    sh->sh_link != obj->elf.symtab) {
		pr_warn("%s: section '%s': entry size %llu, size %llu, symbol table #%u: not a relocation table of ours\n",
			obj->elf.what, s->name, (unsigned long long)sh->sh_entsize,
			(unsigned long long)sh->sh_size, sh->sh_link);
		return -EINVAL;
	}
	return 0;
}

static int collect_secs(struct bbpf_obj *obj)
{
	const Elf64_Shdr *sh;
	struct bbpf__sec *s;
	size_t i;
	int err;

	obj->sec_cnt = obj->elf.shnum;
	obj->secs = calloc(obj->sec_cnt, sizeof(*obj->secs));
	if (!obj->secs)
		return -ENOMEM;
	for (i = 1; i < obj->sec_cnt; i++) {
		s = &obj->secs[i];
		sh = bbpf__elf_shdr(&obj->elf, i);
		s->map = -1;
		if (!sh || !bbpf__elf_sec_name(&obj->elf, i))
			return -EINVAL; /* elf.c checked both already: defence in depth */
		s->name = strdup(bbpf__elf_sec_name(&obj->elf, i));
		if (!s->name)
			return -ENOMEM;
		s->type = sh->sh_type;
		s->size = sh->sh_size;
		s->kind = classify(sh, s->name);
		if (sh->sh_type == SHT_RELA && (sh->sh_flags & SHF_INFO_LINK)) {
			pr_warn("%s: section '%s': RELA relocations are not used by BPF objects\n",
				obj->elf.what, s->name);
			return -EOPNOTSUPP;
		}
		if (s->kind == BBPF__SEC_CODE && !strcmp(s->name, ".text"))
			obj->text_sec = i;
	}
	/* Second pass: a relocation section's target may come after it. */
	for (i = 1, err = 0; i < obj->sec_cnt && !err; i++) {
		sh = bbpf__elf_shdr(&obj->elf, i);
		if (obj->secs[i].kind == BBPF__SEC_REL)
			err = check_rel(obj, i, sh);
	}
	return err;
}

static int parse_btf(struct bbpf_obj *obj)
{
	const void *data;
	size_t sz;
	int idx, err;

	idx = bbpf__elf_sec_idx(&obj->elf, ".BTF");
	if (idx < 0)
		return 0;
	data = bbpf__elf_sec_data(&obj->elf, idx, &sz);
	err = bbpf_btf_parse(data, data ? sz : 0, NULL, &obj->btf);
	if (err) {
		pr_warn("%s: section .BTF is malformed (see above)\n", obj->elf.what);
		return err;
	}
	idx = bbpf__elf_sec_idx(&obj->elf, ".BTF.ext");
	if (idx < 0)
		return 0;
	data = bbpf__elf_sec_data(&obj->elf, idx, &sz);
	err = bbpf_btf_ext_parse(data, data ? sz : 0, obj->btf, &obj->btf_ext);
	if (err)
		pr_warn("%s: section .BTF.ext is malformed (see above)\n", obj->elf.what);
	return err;
}

static int open_steps(struct bbpf_obj *obj)
{
	int err;

	err = check_header(obj);
	err = err ?: collect_secs(obj);
	err = err ?: parse_btf(obj);
	err = err ?: bbpf__obj_collect_meta(obj);
	err = err ?: bbpf__obj_collect_funcs(obj);
	err = err ?: bbpf__obj_collect_externs(obj);
	err = err ?: bbpf__obj_collect_maps(obj);
	err = err ?: bbpf__obj_init_progs(obj);
	err = err ?: bbpf__obj_collect_relos(obj);
	err = err ?: bbpf__obj_link_progs(obj);
	err = err ?: bbpf__btf_fixup(obj);
	err = err ?: bbpf__obj_collect_chains(obj); /* last: its strings are the final BTF's */
	return err;
}

/* libbpf's default name: the file's base name up to its first '.'. */
static void name_from_path(char *name, const char *path)
{
	const char *base = strrchr(path, '/');
	char *dot;

	snprintf(name, BBPF__OBJ_NAME_SZ, "%s", base ? base + 1 : path);
	dot = strchr(name, '.');
	if (dot)
		*dot = '\0';
}

static int new_obj(const struct bbpf_obj_open_opts *opts, struct bbpf_obj **out)
{
	struct bbpf_obj *obj;

	if (!OPTS_VALID(opts, bbpf_obj_open_opts))
		return -EINVAL;
	obj = calloc(1, sizeof(*obj));
	if (!obj)
		return -ENOMEM;
	obj->text_sec = -1;
	obj->load_failed = -1;
	obj->relaxed_maps = OPTS_GET(opts, relaxed_maps, false);
	if (OPTS_GET(opts, object_name, NULL))
		snprintf(obj->name, sizeof(obj->name), "%s", opts->object_name);
	*out = obj;
	return 0;
}

static int finish_open(struct bbpf_obj *obj, int err, struct bbpf_obj **out)
{
	err = err ?: open_steps(obj);
	bbpf__elf_close(&obj->elf);
	if (err) {
		bbpf_obj_close(obj);
		return err;
	}
	*out = obj;
	return 0;
}

int bbpf_obj_open_file(const char *path, const struct bbpf_obj_open_opts *opts,
		       struct bbpf_obj **out)
{
	struct bbpf_obj *obj;
	int err;

	if (!path || !out)
		return -EINVAL;
	err = new_obj(opts, &obj);
	if (err)
		return err;
	if (!OPTS_GET(opts, object_name, NULL))
		name_from_path(obj->name, path);
	return finish_open(obj, bbpf__elf_open_file(&obj->elf, path), out);
}

int bbpf_obj_open_mem(const void *data, size_t sz, const struct bbpf_obj_open_opts *opts,
		      struct bbpf_obj **out)
{
	struct bbpf_obj *obj;
	int err;

	if ((!data && sz) || !out)
		return -EINVAL;
	err = new_obj(opts, &obj);
	if (err)
		return err;
	return finish_open(obj,
			   bbpf__elf_open_mem(&obj->elf, data, sz,
					      OPTS_GET(opts, borrow_data, false), "<memory>"),
			   out);
}

static void free_progs(struct bbpf_obj *obj)
{
	size_t i;

	for (i = 0; i < obj->prog_cnt; i++) {
		free(obj->progs[i].sec_name);
		free(obj->progs[i].layout);
		free(obj->progs[i].relos);
	}
	free(obj->progs);
}

static void free_funcs(struct bbpf_obj *obj)
{
	size_t i;

	for (i = 0; i < obj->func_cnt; i++) {
		free(obj->funcs[i].name);
		free(obj->funcs[i].insns);
		free(obj->funcs[i].relos);
	}
	free(obj->funcs);
}

static void free_maps(struct bbpf_obj *obj)
{
	size_t i;

	for (i = 0; i < obj->map_cnt; i++) {
		free(obj->maps[i].name);
		free(obj->maps[i].data);
		free(obj->maps[i].slots);
	}
	free(obj->maps);
}

void bbpf_obj_close(struct bbpf_obj *obj)
{
	size_t i;

	if (!obj)
		return;
	bbpf__obj_unload(obj);
	bbpf__elf_close(&obj->elf);
	free_progs(obj);
	free_funcs(obj);
	free_maps(obj);
	free(obj->exts);
	for (i = 0; i < obj->sec_cnt; i++)
		free(obj->secs[i].name);
	free(obj->secs);
	bbpf_btf_ext_free(obj->btf_ext);
	bbpf_btf_free(obj->btf);
	free(obj);
}

int bbpf__obj_add_map(struct bbpf_obj *obj, const char *name, uint32_t *idx)
{
	struct bbpf_map *map;
	int err;

	err = bbpf__grow((void **)&obj->maps, &obj->map_cap, sizeof(*obj->maps), obj->map_cnt + 1);
	if (err)
		return err;
	map = &obj->maps[obj->map_cnt];
	memset(map, 0, sizeof(*map));
	map->name = strdup(name);
	if (!map->name)
		return -ENOMEM;
	*idx = obj->map_cnt++;
	return 0;
}

const char *bbpf_obj_name(const struct bbpf_obj *obj)
{
	return obj->name;
}

const char *bbpf_obj_license(const struct bbpf_obj *obj)
{
	return obj->license;
}

uint32_t bbpf_obj_kern_version(const struct bbpf_obj *obj)
{
	return obj->kern_version;
}

const struct bbpf_btf *bbpf_obj_btf(const struct bbpf_obj *obj)
{
	return obj->btf;
}

const struct bbpf_btf_ext *bbpf_obj_btf_ext(const struct bbpf_obj *obj)
{
	return obj->btf_ext;
}

/* ------------------------------------------------------------------ */
/* Map and extern getters                                              */
/* ------------------------------------------------------------------ */

size_t bbpf_obj_map_cnt(const struct bbpf_obj *obj)
{
	return obj->map_cnt;
}

const struct bbpf_map *bbpf_obj_map(const struct bbpf_obj *obj, size_t idx)
{
	return idx < obj->map_cnt ? &obj->maps[idx] : NULL;
}

int bbpf_obj_find_map(const struct bbpf_obj *obj, const char *name)
{
	size_t i;

	for (i = 0; i < obj->map_cnt; i++)
		if (!strcmp(obj->maps[i].name, name) || !strcmp(obj->maps[i].kname, name))
			return i;
	return -ENOENT;
}

const char *bbpf_map_name(const struct bbpf_map *map)
{
	return map->name;
}

const char *bbpf_map_kernel_name(const struct bbpf_map *map)
{
	return map->kname;
}

enum bbpf_map_kind bbpf_map_kind(const struct bbpf_map *map)
{
	return map->kind;
}

const struct bbpf_map_def *bbpf_map_def(const struct bbpf_map *map)
{
	return &map->def;
}

const struct bbpf_map_def *bbpf_map_inner_def(const struct bbpf_map *map)
{
	return map->has_inner ? &map->inner : NULL;
}

const void *bbpf_map_init_data(const struct bbpf_map *map)
{
	return map->data;
}

const struct bbpf_map_slot *bbpf_map_slots(const struct bbpf_map *map, size_t *cnt)
{
	*cnt = map->slot_cnt;
	return map->slots;
}

size_t bbpf_obj_extern_cnt(const struct bbpf_obj *obj)
{
	return obj->ext_cnt;
}

const struct bbpf_extern *bbpf_obj_extern(const struct bbpf_obj *obj, size_t idx)
{
	return idx < obj->ext_cnt ? &obj->exts[idx].desc : NULL;
}

static const char *const map_type_names[] = {
	[BPF_MAP_TYPE_UNSPEC] = "unspec",
	[BPF_MAP_TYPE_HASH] = "hash",
	[BPF_MAP_TYPE_ARRAY] = "array",
	[BPF_MAP_TYPE_PROG_ARRAY] = "prog_array",
	[BPF_MAP_TYPE_PERF_EVENT_ARRAY] = "perf_event_array",
	[BPF_MAP_TYPE_PERCPU_HASH] = "percpu_hash",
	[BPF_MAP_TYPE_PERCPU_ARRAY] = "percpu_array",
	[BPF_MAP_TYPE_STACK_TRACE] = "stack_trace",
	[BPF_MAP_TYPE_CGROUP_ARRAY] = "cgroup_array",
	[BPF_MAP_TYPE_LRU_HASH] = "lru_hash",
	[BPF_MAP_TYPE_LRU_PERCPU_HASH] = "lru_percpu_hash",
	[BPF_MAP_TYPE_LPM_TRIE] = "lpm_trie",
	[BPF_MAP_TYPE_ARRAY_OF_MAPS] = "array_of_maps",
	[BPF_MAP_TYPE_HASH_OF_MAPS] = "hash_of_maps",
	[BPF_MAP_TYPE_DEVMAP] = "devmap",
	[BPF_MAP_TYPE_SOCKMAP] = "sockmap",
	[BPF_MAP_TYPE_CPUMAP] = "cpumap",
	[BPF_MAP_TYPE_XSKMAP] = "xskmap",
	[BPF_MAP_TYPE_SOCKHASH] = "sockhash",
	[BPF_MAP_TYPE_CGROUP_STORAGE] = "cgroup_storage",
	[BPF_MAP_TYPE_REUSEPORT_SOCKARRAY] = "reuseport_sockarray",
	[BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE] = "percpu_cgroup_storage",
	[BPF_MAP_TYPE_QUEUE] = "queue",
	[BPF_MAP_TYPE_STACK] = "stack",
	[BPF_MAP_TYPE_SK_STORAGE] = "sk_storage",
	[BPF_MAP_TYPE_DEVMAP_HASH] = "devmap_hash",
	[BPF_MAP_TYPE_STRUCT_OPS] = "struct_ops",
	[BPF_MAP_TYPE_RINGBUF] = "ringbuf",
	[BPF_MAP_TYPE_INODE_STORAGE] = "inode_storage",
	[BPF_MAP_TYPE_TASK_STORAGE] = "task_storage",
	[BPF_MAP_TYPE_BLOOM_FILTER] = "bloom_filter",
	[BPF_MAP_TYPE_USER_RINGBUF] = "user_ringbuf",
	[BPF_MAP_TYPE_CGRP_STORAGE] = "cgrp_storage",
	[BPF_MAP_TYPE_ARENA] = "arena",
};

const char *bbpf_map_type_str(uint32_t type)
{
	return BBPF__NAME(map_type_names, type);
}

const char *bbpf_map_kind_str(uint32_t kind)
{
	static const char *const names[BBPF_MAP_KIND_CNT] = {
		[BBPF_MAP_BTF] = "btf",	  [BBPF_MAP_LEGACY] = "legacy",
		[BBPF_MAP_DATA] = "data", [BBPF_MAP_RODATA] = "rodata",
		[BBPF_MAP_BSS] = "bss",	  [BBPF_MAP_KCONFIG] = "kconfig",
	};

	return BBPF__NAME(names, kind);
}
