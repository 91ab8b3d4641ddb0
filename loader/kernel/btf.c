// SPDX-License-Identifier: BSD-2-Clause
/*
 * [sys] The vmlinux and module BTFs that CO-RE needs, mapped where possible.
 *
 * btf/ may not call mmap (docs/ARCHITECTURE.md); bbpf_btf_open() takes a mapper
 * instead, and this file gives it one over bbpf_sys_mmap():
 *
 *   bbpf_btf_open(path, opts = { map_btf, unmap_btf, &policy })
 *     raw BTF file ──► map_btf(fd, size) ──► sysfs? ──► bbpf_sys_mmap(PROT_READ, MAP_PRIVATE)
 *                          │ declined or refused (-errno)        │ ok: the BTF borrows the
 *                          ▼                                     ▼ mapping, unmap_btf() at free
 *                      read(2) into one allocation          parse in place
 *
 * The kernel maps /sys/kernel/btf/vmlinux only read-only and private (and
 * only recent kernels at all: older ones answer -ENODEV or -EINVAL); module
 * BTF files are never mappable. The policy pointer is the mapper's context.
 * ELF files (a vmlinux in /boot, a .bpf.o) are read by loader/elf/, which
 * the same options hand to bbpf_btf_open() (btf/ reads no ELF).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include <barebpf/features.h>
#include <barebpf/kbtf.h>
#include <barebpf/sys.h>
#include "internal/log.h"
#include "internal/mem.h"
#include "elf/read.h"

#define SYSFS_BTF_DIR "/sys/kernel/btf"

static const enum bbpf_kbtf_map policies[] = { BBPF_KBTF_MAP_SYSFS, BBPF_KBTF_MAP_ANY,
					       BBPF_KBTF_MAP_NEVER };

static bool is_sysfs(int fd)
{
	struct statfs sfs;

	return !fstatfs(fd, &sfs) && sfs.f_type == SYSFS_MAGIC;
}

/* bbpf_btf_map_fn: maps @sz bytes of @fd when the policy at @ctx allows it. */
static int map_btf(int fd, size_t sz, const void **data, void *ctx)
{
	enum bbpf_kbtf_map how = *(const enum bbpf_kbtf_map *)ctx;
	void *addr;
	int err;

	if (how == BBPF_KBTF_MAP_NEVER || (how == BBPF_KBTF_MAP_SYSFS && !is_sysfs(fd)))
		return -EOPNOTSUPP;
	err = bbpf_sys_mmap(&addr, sz, PROT_READ, MAP_PRIVATE, fd, 0);
	if (err) {
		pr_debug("BTF: the kernel does not map this file (%s): reading it\n",
			 strerror(-err));
		return err;
	}
	*data = addr;
	return 0;
}

static void unmap_btf(const void *data, size_t sz, void *ctx)
{
	(void)ctx;
	bbpf_sys_munmap((void *)data, sz);
}

/* bbpf_btf_elf_fn: the one ELF reader (loader/elf/) for a vmlinux or a .bpf.o. */
static int elf_sec(int fd, void *image, size_t image_sz, const char *what, const char *name,
		   void **data, size_t *sz, void *ctx)
{
	(void)ctx;
	return bbpf__elf_sec_read(fd, image, image_sz, what, name, data, sz);
}

void bbpf_kbtf_open_opts(struct bbpf_btf_open_opts *opts, enum bbpf_kbtf_map how)
{
	if ((unsigned int)how >= ARRAY_SIZE(policies))
		how = BBPF_KBTF_MAP_NEVER;
	*opts = (struct bbpf_btf_open_opts){
		.sz = sizeof(*opts),
		.map = map_btf,
		.unmap = unmap_btf,
		.ctx = (void *)&policies[how],
		.elf_sec = elf_sec,
	};
}

int bbpf_kbtf_open_file(const char *path, const struct bbpf_btf *base, struct bbpf_btf **out)
{
	struct bbpf_btf_open_opts opts;

	bbpf_kbtf_open_opts(&opts, BBPF_KBTF_MAP_SYSFS);
	return bbpf_btf_open(path, base, &opts, out);
}

int bbpf_kbtf_target_host(struct bbpf_btf_target *t)
{
	bbpf_btf_target_host(t);
	t->skip_sysfs = bbpf_feature_forced(BBPF_FEAT_KERNEL_BTF) > 0;
	return 0;
}

int bbpf_kbtf_open(const struct bbpf_btf_target *t, struct bbpf_btf **out)
{
	struct bbpf_btf_open_opts opts;

	bbpf_kbtf_open_opts(&opts, BBPF_KBTF_MAP_SYSFS);
	return bbpf_btf_open_target(t, &opts, out);
}

int bbpf_kbtf_open_module(const char *root, const char *module, const struct bbpf_btf *vmlinux,
			  struct bbpf_btf **out)
{
	struct bbpf_btf_open_opts opts;

	bbpf_kbtf_open_opts(&opts, BBPF_KBTF_MAP_SYSFS);
	return bbpf_btf_open_module(root, module, vmlinux, &opts, out);
}

/* ------------------------------------------------------------------ */
/* vmlinux and the modules                                             */
/* ------------------------------------------------------------------ */

struct bbpf_kbtf_set {
	struct bbpf_btf **btfs; /* [0] vmlinux, then the modules (split on [0]) */
	char **names;
	size_t cnt, btfs_cap, names_cap;
};

void bbpf_kbtf_set_free(struct bbpf_kbtf_set *set)
{
	size_t i;

	if (!set)
		return;
	/* Modules first: they borrow vmlinux. */
	for (i = set->cnt; i-- > 0;) {
		bbpf_btf_free(set->btfs[i]);
		free(set->names[i]);
	}
	free(set->btfs);
	free(set->names);
	free(set);
}

/* Appends @btf named @name; on failure @btf is freed. */
static int set_add(struct bbpf_kbtf_set *set, struct bbpf_btf *btf, const char *name)
{
	char *copy = strdup(name);
	int err = copy ? 0 : -ENOMEM;

	err = err
		      ?: bbpf__grow((void **)&set->btfs, &set->btfs_cap, sizeof(*set->btfs),
				    set->cnt + 1);
	err = err
		      ?: bbpf__grow((void **)&set->names, &set->names_cap, sizeof(*set->names),
				    set->cnt + 1);
	if (err) {
		free(copy);
		bbpf_btf_free(btf);
		return err;
	}
	set->btfs[set->cnt] = btf;
	set->names[set->cnt++] = copy;
	return 0;
}

/* Every module BTF of @dir, split on vmlinux; one that cannot be read is skipped. */
static int add_modules(struct bbpf_kbtf_set *set, const char *root, const char *dir)
{
	struct bbpf_btf *mod;
	struct dirent *de;
	DIR *d;
	int err = 0;

	d = opendir(dir);
	if (!d)
		return 0;
	while (!err && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		if (bbpf_kbtf_open_module(root, de->d_name, set->btfs[0], &mod)) {
			pr_debug("BTF: module %s: no usable BTF, skipped\n", de->d_name);
			continue;
		}
		err = set_add(set, mod, de->d_name);
	}
	closedir(d);
	return err;
}

int bbpf_kbtf_set_open(const struct bbpf_btf_target *t, struct bbpf_kbtf_set **out)
{
	char path[PATH_MAX], sysfs[PATH_MAX];
	struct bbpf_btf_open_opts opts;
	struct bbpf_kbtf_set *set;
	struct bbpf_btf *btf;
	int err;

	set = calloc(1, sizeof(*set));
	if (!set)
		return -ENOMEM;
	bbpf_kbtf_open_opts(&opts, BBPF_KBTF_MAP_SYSFS);
	snprintf(sysfs, sizeof(sysfs), "%s" SYSFS_BTF_DIR, t->root ? t->root : "");
	err = bbpf_btf_find_target(t, path, sizeof(path));
	err = err ?: bbpf_btf_open(path, NULL, &opts, &btf);
	err = err ?: set_add(set, btf, path);
	/* Module BTF is split on the running kernel's vmlinux: only with that one. */
	if (!err && !strncmp(path, sysfs, strlen(sysfs)) &&
	    !strcmp(path + strlen(sysfs), "/vmlinux"))
		err = add_modules(set, t->root, sysfs);
	if (err) {
		bbpf_kbtf_set_free(set);
		return err;
	}
	*out = set;
	return 0;
}

uint32_t bbpf_kbtf_set_cnt(const struct bbpf_kbtf_set *set)
{
	return (uint32_t)set->cnt;
}

const struct bbpf_btf *const *bbpf_kbtf_set_btfs(const struct bbpf_kbtf_set *set)
{
	return (const struct bbpf_btf *const *)set->btfs;
}

const char *const *bbpf_kbtf_set_names(const struct bbpf_kbtf_set *set)
{
	return (const char *const *)set->names;
}
