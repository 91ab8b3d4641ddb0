/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The BTF files of a folder, for the commands that work on a fleet of
 * kernels (`core check`, `gen min-btf`): a btfhub tree
 * (DIR/<distro>/<version>/<arch>/<release>.btf[.gz]), a flat folder of
 * .btf / .btf.gz files and vmlinux ELF files, or any mix, at any depth.
 */
#ifndef BBPF_TOOLS_BTF_DIR_H
#define BBPF_TOOLS_BTF_DIR_H

#include <stddef.h>

/*
 * One BTF file. @rel is its path below the folder ("debian/12/x86_64/
 * 6.1.0-56-amd64.btf.gz"); @name the kernel it stands for, @rel without
 * .btf/.btf.gz ("debian/12/x86_64/6.1.0-56-amd64"), and without a last
 * component "vmlinux" ("6.1-amd64/vmlinux.btf" is kernel "6.1-amd64").
 */
struct btf_dir_ent {
	char *path; /* the folder joined with @rel, to open */
	char *rel;
	char *name;
};

struct btf_dir {
	struct btf_dir_ent *ents; /* sorted by name */
	size_t cnt, cap;
};

/*
 * btf_dir_list() finds the BTF files under @dir: names ending in .btf or
 * .btf.gz, and files named vmlinux or vmlinux-*; hidden entries and
 * symbolic links to folders are skipped. Says what failed (p_err) and
 * returns -errno (@dir unreadable, or not a folder) or -ENOENT when there
 * is no BTF file at all; 0 otherwise. btf_dir_free() releases @d on every
 * path.
 */
int btf_dir_list(const char *dir, struct btf_dir *d);
void btf_dir_free(struct btf_dir *d);

#endif
