// SPDX-License-Identifier: BSD-2-Clause
/*
 * Maps at load [sys]: BPF_MAP_CREATE for every map of the object, in object
 * order, with libbpf's load-time adjustments:
 *   ringbuf max_entries      rounded up to a power-of-2 number of pages (the
 *                            kernel's rule; 0 stays 0 and is refused below)
 *   perf event array         max_entries 0 -> one slot per possible CPU
 *   BPF_F_MMAPABLE           dropped where the kernel has no mmapable arrays
 *   BTF key/value ids        given when the object's BTF loaded; a kernel that
 *                            refuses them gets the map again without BTF
 *   map-in-map               an inner map made from the template, passed as
 *                            inner_map_fd and closed once the outer one exists
 *   pinning by name          reuse of a compatible pin at <pin root>/<name>,
 *                            else create and pin there
 *   global data              initial image written; .rodata and .kconfig frozen
 *   ring buffers             perf event arrays where the object's events go
 *                            through perf buffers (load/events_switch.c)
 * Slots (map-in-map, prog arrays) are filled once the programs are loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <barebpf/sys.h>
#include "internal/kfeat.h"
#include "internal/log.h"
#include "internal/step.h"
#include "kernel/cpus.h"
#include "obj/internal.h"
#include "load/internal.h"

#define DEFAULT_PIN_ROOT "/sys/fs/bpf"

/* The smallest page size * 2^n >= @sz; @sz itself when none fits 32 bits. */
static uint32_t round_ringbuf(uint32_t sz)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), n;

	for (n = page; sz && n <= UINT32_MAX; n <<= 1)
		if (n >= sz)
			return (uint32_t)n;
	return sz;
}

/* The definition as the running kernel will take it. */
static void adjust_def(struct bbpf_map_def *d, const struct bbpf_kfeat *kf)
{
	int cpus;

	if (d->type == BPF_MAP_TYPE_RINGBUF || d->type == BPF_MAP_TYPE_USER_RINGBUF)
		d->max_entries = round_ringbuf(d->max_entries);
	if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !d->max_entries) {
		cpus = bbpf__cpus_possible();
		d->max_entries = cpus > 0 ? (uint32_t)cpus : 0;
	}
	if (!kf->has[BBPF_FEAT_ARRAY_MMAP])
		d->map_flags &= ~BPF_F_MMAPABLE;
}

/* Why BPF_MAP_CREATE refused @d, in the words a user can act on. */
static void print_create_err(const struct bbpf_map *m, const struct bbpf_map_def *d, int err)
{
	if (err == -EINVAL && !d->max_entries)
		pr_warn("map '%s': max_entries is 0: the object leaves the size to user space; give it with --map %s.max_entries=N (bbpf_map_set_max_entries())\n",
			m->name, m->name);
	else
		pr_warn("map '%s': BPF_MAP_CREATE: %s\n", m->name, bbpf_strerror(err));
}

static int create_def(const char *name, const struct bbpf_map_def *d, int btf_fd, int inner_fd)
{
	struct bbpf_sys_map_create_opts o = {
		.sz = sizeof(o),
		.map_flags = d->map_flags,
		.numa_node = d->numa_node,
		.map_extra = d->map_extra,
		.inner_map_fd = inner_fd < 0 ? 0 : (uint32_t)inner_fd,
	};
	int fd;

	if (btf_fd >= 0 && d->value_type_id) {
		o.btf_fd = (uint32_t)btf_fd;
		o.btf_key_type_id = d->key_type_id;
		o.btf_value_type_id = d->value_type_id;
		fd = bbpf_sys_map_create(d->type, name, d->key_size, d->value_size, d->max_entries,
					 &o);
		if (fd >= 0 || fd == -EPERM)
			return fd;
		pr_debug("map '%s': refused with BTF (%s), retrying without\n", name,
			 bbpf_strerror(fd));
		o.btf_fd = o.btf_key_type_id = o.btf_value_type_id = 0;
	}
	return bbpf_sys_map_create(d->type, name, d->key_size, d->value_size, d->max_entries, &o);
}

static int create_map(const struct bbpf_map *m, int btf_fd, const struct bbpf_kfeat *kf)
{
	struct bbpf_map_def d = m->def, inner = m->inner;
	int fd, inner_fd = -1;

	adjust_def(&d, kf);
	fd = bbpf__events_adjust_def(m, &d);
	if (fd < 0)
		return fd;
	bbpf__sc_step(1, "load map '%s' (%s, %u entries)", m->name, bbpf_map_type_str(d.type),
		      d.max_entries);
	if (m->has_inner) {
		adjust_def(&inner, kf);
		inner_fd = create_def(m->kname, &inner, btf_fd, -1);
		if (inner_fd < 0) {
			pr_warn("map '%s': creating its inner map: %s\n", m->name,
				bbpf_strerror(inner_fd));
			return inner_fd;
		}
	}
	fd = create_def(m->kname, &d, btf_fd, inner_fd);
	if (inner_fd >= 0)
		close(inner_fd);
	if (fd < 0)
		print_create_err(m, &d, fd);
	return fd;
}

/* Initial image and freezing of global data. */
static int fill_data(const struct bbpf_map *m, int fd)
{
	const void *data = m->kind == BBPF_MAP_KCONFIG ? m->obj->load->kcfg : m->data;
	uint32_t zero = 0;
	void *copy;
	int err = bbpf__events_image(m, &copy);

	if (!err && (copy || data))
		err = bbpf_sys_map_update_elem(fd, &zero, copy ?: data, 0);
	free(copy);
	if (!err && (m->kind == BBPF_MAP_RODATA || m->kind == BBPF_MAP_KCONFIG))
		err = bbpf_sys_map_freeze(fd);
	if (err)
		pr_warn("map '%s': writing its initial data: %s\n", m->name, bbpf_strerror(err));
	return err;
}

/* Does the pinned map @fd match the definition? libbpf's map_is_reuse_compat(). */
static bool is_pin_compat(const struct bbpf_map *m, int fd, const struct bbpf_kfeat *kf)
{
	struct bpf_map_info info;
	struct bbpf_map_def d = m->def;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	adjust_def(&d, kf);
	if (bbpf__events_adjust_def(m, &d) || bbpf_sys_obj_get_info_by_fd(fd, &info, &len))
		return false;
	return info.type == d.type && info.key_size == d.key_size &&
	       info.value_size == d.value_size && info.max_entries == d.max_entries &&
	       info.map_flags == d.map_flags;
}

/* A pinned map to reuse: its fd; 0 to create one; -errno for a mismatching pin. */
static int reuse_pin(const struct bbpf_map *m, const char *path, const struct bbpf_kfeat *kf)
{
	int fd = bbpf_sys_obj_get(path, 0);

	if (fd == -ENOENT)
		return 0;
	if (fd < 0) {
		pr_warn("map '%s': opening pin %s: %s\n", m->name, path, bbpf_strerror(fd));
		return fd;
	}
	if (!is_pin_compat(m, fd, kf)) {
		close(fd);
		pr_warn("map '%s': pin %s exists but does not match its definition\n", m->name,
			path);
		return -EINVAL;
	}
	pr_debug("map '%s': reusing pin %s\n", m->name, path);
	return fd;
}

static int load_pinned(struct bbpf_obj *obj, size_t i, const char *root,
		       const struct bbpf_kfeat *kf)
{
	const struct bbpf_map *m = &obj->maps[i];
	struct bbpf__load *ld = obj->load;
	char path[4096];
	int fd, err;

	snprintf(path, sizeof(path), "%s/%s", root ? root : DEFAULT_PIN_ROOT, m->name);
	fd = reuse_pin(m, path, kf);
	if (fd)
		return fd < 0 ? fd : (ld->map_fds[i] = fd, 0);
	fd = create_map(m, ld->btf_fd, kf);
	if (fd < 0)
		return fd;
	ld->map_fds[i] = fd;
	err = fill_data(m, fd);
	if (err)
		return err;
	ld->pinned[i] = strdup(path); /* first: a pin made must be removable on failure */
	if (!ld->pinned[i])
		return -ENOMEM;
	err = bbpf_sys_obj_pin(fd, path);
	if (err) {
		pr_warn("map '%s': pinning at %s: %s\n", m->name, path, bbpf_strerror(err));
		free(ld->pinned[i]); /* not ours to unlink */
		ld->pinned[i] = NULL;
	}
	return err;
}

int bbpf__load_maps(struct bbpf_obj *obj, const char *pin_root, const struct bbpf_kfeat *kf,
		    const bool *want)
{
	struct bbpf__load *ld = obj->load;
	int fd, err = 0;
	size_t i;

	for (i = 0; i < obj->map_cnt && !err; i++) {
		if (ld->map_fds[i] >= 0 || (want && !want[i]))
			continue; /* made by an earlier stage, or left to a later one */
		if (obj->maps[i].def.pinning == 1) {
			err = load_pinned(obj, i, pin_root, kf);
			continue;
		}
		fd = create_map(&obj->maps[i], ld->btf_fd, kf);
		if (fd < 0)
			return fd;
		ld->map_fds[i] = fd;
		err = fill_data(&obj->maps[i], fd);
	}
	return err;
}

/* Initial slots: map-in-map inner maps and program array entries. */
int bbpf__load_slots(struct bbpf_obj *obj)
{
	const struct bbpf__load *ld = obj->load;
	const struct bbpf_map_slot *s;
	size_t i, j;
	int val, err;

	for (i = 0; i < obj->map_cnt; i++) {
		for (j = 0; j < obj->maps[i].slot_cnt; j++) {
			s = &obj->maps[i].slots[j];
			val = s->is_prog ? ld->prog_fds[s->target] : ld->map_fds[s->target];
			if (val < 0 || ld->map_fds[i] < 0)
				continue; /* not loaded (not selected, ?SEC, or a later stage's) */
			err = bbpf_sys_map_update_elem(ld->map_fds[i], &s->key, &val, 0);
			if (err) {
				pr_warn("map '%s': slot %u: %s\n", obj->maps[i].name, s->key,
					bbpf_strerror(err));
				return err;
			}
		}
	}
	return 0;
}
