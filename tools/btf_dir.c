// SPDX-License-Identifier: BSD-2-Clause
/*
 * Walks a folder for BTF files (btf_dir.h): depth first, at most MAX_DEPTH
 * folders down, then sorts by kernel name so that every report lists the
 * kernels in the same order whatever the file system's.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <barebpf/ns.h>
#include "args.h"
#include "btf_dir.h"

#define MAX_DEPTH 8

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && !strcmp(s + n - m, suf);
}

static bool is_btf_name(const char *base)
{
	return has_suffix(base, ".btf") || has_suffix(base, ".btf.gz") ||
	       !strcmp(base, "vmlinux") || !strncmp(base, "vmlinux-", 8);
}

/* "a/b/x.btf.gz" -> "a/b/x"; "a/vmlinux.btf" and "a/vmlinux" -> "a". */
static char *kernel_name(const char *rel)
{
	char *name = strdup(rel), *slash;
	size_t n;

	if (!name)
		return NULL;
	n = strlen(name);
	if (has_suffix(name, ".btf.gz"))
		name[n - 7] = '\0';
	else if (has_suffix(name, ".btf"))
		name[n - 4] = '\0';
	slash = strrchr(name, '/');
	if (slash && !strcmp(slash + 1, "vmlinux"))
		*slash = '\0';
	return name;
}

static int add(struct btf_dir *d, const char *path, const char *rel)
{
	struct btf_dir_ent *e;

	if (d->cnt == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;

		e = realloc(d->ents, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		d->ents = e;
		d->cap = cap;
	}
	e = &d->ents[d->cnt];
	e->path = strdup(path);
	e->rel = strdup(rel);
	e->name = kernel_name(rel);
	d->cnt++;
	return e->path && e->rel && e->name ? 0 : -ENOMEM;
}

static int walk(struct btf_dir *d, const char *dir, size_t root_len, int depth);

static int visit(struct btf_dir *d, const char *path, size_t root_len, int depth, const char *base)
{
	struct stat st;

	if (lstat(path, &st))
		return 0; /* gone meanwhile */
	if (S_ISDIR(st.st_mode))
		return depth < MAX_DEPTH ? walk(d, path, root_len, depth + 1) : 0;
	if (S_ISLNK(st.st_mode) && (stat(path, &st) || !S_ISREG(st.st_mode)))
		return 0;
	if (!S_ISREG(st.st_mode) || !is_btf_name(base))
		return 0;
	return add(d, path, path + root_len + 1);
}

static int walk(struct btf_dir *d, const char *dir, size_t root_len, int depth)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char *path;
	int err = 0;

	if (!dh) {
		err = -errno;
		p_err("cannot read folder %s: %s", dir, bbpf_strerror(err));
		return err;
	}
	while (!err && (de = readdir(dh))) {
		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) < 0) {
			err = -ENOMEM;
			break;
		}
		err = visit(d, path, root_len, depth, de->d_name);
		free(path);
	}
	closedir(dh);
	return err;
}

static int by_name(const void *a, const void *b)
{
	const struct btf_dir_ent *x = a, *y = b;

	return strcmp(x->name, y->name) ?: strcmp(x->rel, y->rel);
}

int btf_dir_list(const char *dir, struct btf_dir *d)
{
	size_t len = strlen(dir);
	char *root;
	int err;

	memset(d, 0, sizeof(*d));
	while (len > 1 && dir[len - 1] == '/')
		len--;
	root = strndup(dir, len);
	if (!root)
		return -ENOMEM;
	err = walk(d, root, len, 0);
	if (!err && !d->cnt) {
		p_err("no BTF file under %s (looked for *.btf, *.btf.gz, vmlinux, vmlinux-*)",
		      root);
		err = -ENOENT;
	}
	free(root);
	if (!err)
		qsort(d->ents, d->cnt, sizeof(*d->ents), by_name);
	return err;
}

void btf_dir_free(struct btf_dir *d)
{
	size_t i;

	for (i = 0; d && i < d->cnt; i++) {
		free(d->ents[i].path);
		free(d->ents[i].rel);
		free(d->ents[i].name);
	}
	if (d) {
		free(d->ents);
		memset(d, 0, sizeof(*d));
	}
}
