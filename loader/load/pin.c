// SPDX-License-Identifier: BSD-2-Clause
/*
 * Pinning a loaded object [sys] (`load --pin-dir DIR`):
 *
 *   DIR/maps/<map name>     every map: its full name from the object (a
 *                           global data map: libbpf's name, "obj.rodata"),
 *                           '.' turned into '_' as libbpf and bpftool do
 *   DIR/progs/<prog name>   every loaded program: its function name
 *   DIR/links/              left to the attach layer (never made or touched here)
 *
 * DIR is checked before anything is made: it, or its parent when it does not
 * exist yet, must be on a BPF filesystem. Every directory and pin made is
 * recorded, and a failure removes them again, newest first, so a failed
 * pin_all leaves DIR as it found it.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include <barebpf/sys.h>
#include "internal/log.h"
#include "obj/internal.h"

/* What one pin_all made, in order, to undo on failure. */
struct pin_made {
	char **paths;
	bool *is_dir;
	size_t cnt;
};

int bbpf_prog_pin(const struct bbpf_prog *prog, const char *path)
{
	int fd = bbpf_prog_fd(prog);

	return fd < 0 ? fd : bbpf_sys_obj_pin(fd, path);
}

int bbpf_map_pin(const struct bbpf_map *map, const char *path)
{
	int fd = bbpf_map_fd(map);

	return fd < 0 ? fd : bbpf_sys_obj_pin(fd, path);
}

/* Is @path on bpffs? 0, or -errno after saying why not. */
static int check_bpffs(const char *dir, const char *path)
{
	struct statfs fs;

	if (statfs(path, &fs)) {
		pr_warn("pin dir %s: %s: %s\n", dir, path, bbpf_strerror(-errno));
		return -errno;
	}
	if (fs.f_type == BPF_FS_MAGIC)
		return 0;
	pr_warn("pin dir %s: %s is not a BPF filesystem (mount -t bpf bpf %s, or pin under /sys/fs/bpf)\n",
		dir, path, path);
	return -EINVAL;
}

/* DIR exists and is a directory on bpffs, or its parent is. */
static int check_dir(const char *dir)
{
	char copy[4096];
	struct stat st;

	if (!stat(dir, &st)) {
		if (S_ISDIR(st.st_mode))
			return check_bpffs(dir, dir);
		pr_warn("pin dir %s: exists and is not a directory\n", dir);
		return -ENOTDIR;
	}
	if (errno != ENOENT) {
		pr_warn("pin dir %s: %s\n", dir, bbpf_strerror(-errno));
		return -errno;
	}
	snprintf(copy, sizeof(copy), "%s", dir);
	if (stat(dirname(copy), &st) || !S_ISDIR(st.st_mode)) {
		pr_warn("pin dir %s: its parent %s does not exist (make it first)\n", dir, copy);
		return -ENOENT;
	}
	return check_bpffs(dir, copy);
}

static int record(struct pin_made *m, const char *path, bool is_dir)
{
	m->paths[m->cnt] = strdup(path);
	if (!m->paths[m->cnt])
		return -ENOMEM;
	m->is_dir[m->cnt++] = is_dir;
	return 0;
}

/* mkdir @path unless it exists; recorded when made here. */
static int make_dir(struct pin_made *m, const char *dir, const char *path)
{
	if (!mkdir(path, 0700))
		return record(m, path, true);
	if (errno == EEXIST)
		return 0;
	pr_warn("pin dir %s: making %s: %s\n", dir, path, bbpf_strerror(-errno));
	return -errno;
}

static int pin_one(struct pin_made *m, int fd, const char *dir, const char *sub, const char *name)
{
	char path[4096], *p;
	int n, err;

	n = snprintf(path, sizeof(path), "%s/%s", dir, sub);
	err = make_dir(m, dir, path);
	if (err)
		return err;
	p = path + n + 1;
	if (snprintf(path + n, sizeof(path) - (size_t)n, "/%s", name) >= (int)sizeof(path) - n) {
		pr_warn("pin dir %s: the path of '%s' is too long\n", dir, name);
		return -ENAMETOOLONG;
	}
	for (; *p; p++)
		*p = *p == '.' ? '_' : *p; /* bpffs names take no '.' */
	err = bbpf_sys_obj_pin(fd, path);
	if (err) {
		pr_warn("pinning %s: %s%s\n", path, bbpf_strerror(err),
			err == -EEXIST ? " (remove it, or pin elsewhere)" : "");
		return err;
	}
	return record(m, path, false);
}

/* Global data maps are pinned by libbpf's name for them; the others by their symbol. */
static const char *pin_name(const struct bbpf_map *map)
{
	return map->kind == BBPF_MAP_BTF || map->kind == BBPF_MAP_LEGACY ? map->name : map->kname;
}

static int pin_objs(const struct bbpf_obj *obj, const char *dir, struct pin_made *m)
{
	size_t i;
	int fd, err;

	err = check_dir(dir) ?: make_dir(m, dir, dir);
	for (i = 0; i < obj->map_cnt && !err; i++) {
		fd = obj->load->map_fds[i];
		err = fd < 0 ? 0 : pin_one(m, fd, dir, "maps", pin_name(&obj->maps[i]));
	}
	for (i = 0; i < obj->prog_cnt && !err; i++) {
		fd = obj->load->prog_fds[i];
		err = fd < 0 ? 0 : pin_one(m, fd, dir, "progs", bbpf_prog_name(&obj->progs[i]));
	}
	return err;
}

int bbpf_obj_pin_all(const struct bbpf_obj *obj, const char *dir)
{
	struct pin_made m = { 0 };
	size_t n;
	int err;

	if (!obj || !obj->load)
		return -ENOENT;
	n = obj->map_cnt + obj->prog_cnt + 3; /* + DIR, maps/, progs/ */
	m.paths = calloc(n, sizeof(*m.paths));
	m.is_dir = calloc(n, sizeof(*m.is_dir));
	err = m.paths && m.is_dir ? pin_objs(obj, dir, &m) : -ENOMEM;
	while (m.cnt--) {
		if (err && m.is_dir[m.cnt])
			rmdir(m.paths[m.cnt]);
		else if (err)
			unlink(m.paths[m.cnt]);
		free(m.paths[m.cnt]);
	}
	free(m.paths);
	free(m.is_dir);
	return err;
}
