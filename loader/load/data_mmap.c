// SPDX-License-Identifier: BSD-2-Clause
/*
 * Global data in the process's memory [sys]: bbpf_map_data().
 *
 * Before load, a .data/.rodata/.bss map's value is the object's own image
 * of it (what BPF_MAP_CREATE's map will be filled with), so writing there
 * sets a global variable's initial value; skeletons hand it out as
 * skel->rodata. At load, every global data map created BPF_F_MMAPABLE
 * (libbpf's rule, obj/maps.c: it holds a variable user space can see) is
 * mmapped from its map fd, shared (and read-only for the frozen .rodata):
 * from then on the pointer reads what programs write, and programs see
 * what user space writes into .data/.bss. Unload unmaps.
 *
 *   bbpf_obj_load() ─► maps ─► programs ─► slots ─► bbpf__load_mmap()
 *   bbpf__obj_unload() ─► bbpf__unload_mmap() ─► fds closed
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <barebpf/sys.h>
#include "internal/kfeat.h"
#include "internal/log.h"
#include "obj/internal.h"
#include "load/internal.h"

static bool is_global_data(const struct bbpf_map *m)
{
	return m->kind == BBPF_MAP_DATA || m->kind == BBPF_MAP_RODATA || m->kind == BBPF_MAP_BSS;
}

/* Bytes of a mapping of @m's value: whole pages. */
static size_t mmap_len(const struct bbpf_map *m)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (m->def.value_size + page - 1) / page * page;
}

int bbpf__load_mmap(struct bbpf_obj *obj, const struct bbpf_kfeat *kf)
{
	struct bbpf__load *ld = obj->load;
	const struct bbpf_map *m;
	size_t i;
	int prot, err;

	if (!kf->has[BBPF_FEAT_ARRAY_MMAP])
		return 0; /* before 5.5: bbpf_map_data() answers NULL after load */
	if (!ld->mmaps)	  /* once: a staged load's later stage only adds to it */
		ld->mmaps = calloc(obj->map_cnt + 1, sizeof(void *));
	if (!ld->mmaps)
		return -ENOMEM;
	for (i = 0; i < obj->map_cnt; i++) {
		m = &obj->maps[i];
		if (!is_global_data(m) || !(m->def.map_flags & BPF_F_MMAPABLE) ||
		    !m->def.value_size || ld->mmaps[i] || ld->map_fds[i] < 0)
			continue;
		prot = m->kind == BBPF_MAP_RODATA ? PROT_READ : PROT_READ | PROT_WRITE;
		err = bbpf_sys_mmap(&ld->mmaps[i], mmap_len(m), prot, MAP_SHARED, ld->map_fds[i],
				    0);
		if (err) {
			ld->mmaps[i] = NULL;
			pr_warn("map '%s': mapping its value into memory: %s\n", m->name,
				bbpf_strerror(err));
			return err;
		}
	}
	return 0;
}

void bbpf__unmap_one(struct bbpf_obj *obj, size_t i)
{
	struct bbpf__load *ld = obj->load;

	if (ld->mmaps && ld->mmaps[i])
		bbpf_sys_munmap(ld->mmaps[i], mmap_len(&obj->maps[i]));
	if (ld->mmaps)
		ld->mmaps[i] = NULL;
}

void bbpf__unload_mmap(struct bbpf_obj *obj)
{
	struct bbpf__load *ld = obj->load;
	size_t i;

	for (i = 0; ld->mmaps && i < obj->map_cnt; i++)
		if (ld->mmaps[i])
			bbpf_sys_munmap(ld->mmaps[i], mmap_len(&obj->maps[i]));
	free(ld->mmaps);
	ld->mmaps = NULL;
}

void *bbpf_map_data(struct bbpf_map *map, size_t *sz)
{
	const struct bbpf_obj *obj = map ? map->obj : NULL;
	void *p;

	if (!map || !is_global_data(map))
		return NULL;
	if (obj && obj->load) {
		p = obj->load->mmaps ? obj->load->mmaps[map - obj->maps] : NULL;
	} else {
		if (!map->data && map->def.value_size)
			map->data = calloc(1, map->def.value_size);
		p = map->data;
	}
	if (p && sz)
		*sz = map->def.value_size;
	return p;
}
