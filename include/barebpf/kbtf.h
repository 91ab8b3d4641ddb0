/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf kernel BTF: the target BTFs that CO-RE relocates against, opened
 * the cheap way.
 *
 * btf/ reads files with read(2) and never maps them (docs/ARCHITECTURE.md keeps mmap
 * in loader/sys/); these calls hand bbpf_btf_open() a mapper built on
 * bbpf_sys_mmap(), so that /sys/kernel/btf/vmlinux (5 MB of kernel memory)
 * is mapped, not copied, on kernels that support it (recent ones map it
 * read-only and private; older ones refuse): parsing then allocates only the
 * type index, and the mapped pages are the kernel's own, counted in nobody's
 * RSS. Elsewhere (older kernels, module BTF, files) the read path is used,
 * with the same result.
 *
 * Only sysfs files are mapped by default: a regular file mapped while
 * another process truncates it would fault (SIGBUS) on access, and reading
 * a 5 MB file costs about the same as faulting it in.
 */
#ifndef BAREBPF_KBTF_H
#define BAREBPF_KBTF_H

#include <stdint.h>

#include <barebpf/ns.h>
#include <barebpf/btf.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Which files bbpf_kbtf_open_opts() lets bbpf_btf_open() map. */
enum bbpf_kbtf_map {
	BBPF_KBTF_MAP_SYSFS, /* files in sysfs (/sys/kernel/btf/NAME); the default */
	BBPF_KBTF_MAP_ANY,   /* any file the kernel maps (regular files too) */
	BBPF_KBTF_MAP_NEVER, /* none: always read(2) */
};

/*
 * bbpf_kbtf_open_opts() fills @opts with the mapper of policy @how, for
 * bbpf_btf_open() and the other calls taking struct bbpf_btf_open_opts. A
 * file the mapper declines, or that mmap(2) refuses, is read instead.
 * @opts needs no cleanup: each BTF unmaps its own mapping in bbpf_btf_free().
 */
BBPF_API void bbpf_kbtf_open_opts(struct bbpf_btf_open_opts *opts, enum bbpf_kbtf_map how);

/*
 * bbpf_kbtf_target_host() is bbpf_btf_target_host() that also honours the
 * feature switch: with BAREBPF_NO=kernel_btf it sets @t->skip_sysfs, so the
 * lookup goes on as on a kernel without sysfs BTF (/boot, btfhub, the pack).
 * Returns 0.
 */
BBPF_API int bbpf_kbtf_target_host(struct bbpf_btf_target *t);

/*
 * bbpf_kbtf_open() finds the target BTF by the lookup order of docs/ARCHITECTURE.md
 * (bbpf_btf_find_target(): --btf, BAREBPF_BTF, sysfs, /boot, ..., btfhub)
 * and opens it, mapped when it is the kernel's BTF in sysfs and the kernel
 * allows it. @t is filled by the caller (bbpf_kbtf_target_host() and the
 * options). *@out (freed with bbpf_btf_free()) is written only on success.
 * Returns 0, or the errors of bbpf_btf_find_target() and bbpf_btf_open().
 */
BBPF_API int bbpf_kbtf_open(const struct bbpf_btf_target *t, struct bbpf_btf **out);

/*
 * bbpf_kbtf_open_file() is bbpf_btf_open() of @path on top of @base (NULL
 * for base BTF) with the sysfs mapper: a way to open any BTF source, mapped
 * when it is sysfs BTF. Returns as bbpf_btf_open().
 */
BBPF_API int bbpf_kbtf_open_file(const char *path, const struct bbpf_btf *base,
				 struct bbpf_btf **out);

/*
 * bbpf_kbtf_open_module() opens the BTF of kernel module @module
 * (/sys/kernel/btf/@module, under @root when not NULL), split on top of
 * @vmlinux, which must outlive it. Returns as bbpf_btf_open_module().
 */
BBPF_API int bbpf_kbtf_open_module(const char *root, const char *module,
				   const struct bbpf_btf *vmlinux, struct bbpf_btf **out);

/*
 * A set of target BTFs for CO-RE: vmlinux first, then every module BTF,
 * in the shape of struct bbpf_core_targets (btfs[] and names[] of the same
 * length, vmlinux at index 0).
 */
struct bbpf_kbtf_set;

/*
 * bbpf_kbtf_set_open() opens the target BTF as bbpf_kbtf_open() and, when it
 * is the running kernel's own (/sys/kernel/btf/vmlinux under @t->root), the
 * BTF of every loaded module in that directory (a module whose BTF cannot be
 * read is skipped, with a debug message). Names are the paths' last
 * components ("vmlinux" for a sysfs one, "nf_tables", ...), except that the
 * first is the path used. *@out (freed with bbpf_kbtf_set_free()) is
 * written only on success.
 * Returns 0, -ENOMEM, or the errors of bbpf_kbtf_open().
 */
BBPF_API int bbpf_kbtf_set_open(const struct bbpf_btf_target *t, struct bbpf_kbtf_set **out);

/* bbpf_kbtf_set_free() frees @set and every BTF in it. NULL is a no-op. */
BBPF_API void bbpf_kbtf_set_free(struct bbpf_kbtf_set *set);

/* The number of BTFs in @set (>= 1: vmlinux and the modules). */
BBPF_API uint32_t bbpf_kbtf_set_cnt(const struct bbpf_kbtf_set *set);

/* The BTFs of @set, vmlinux first; borrowed, valid until bbpf_kbtf_set_free(). */
BBPF_API const struct bbpf_btf *const *bbpf_kbtf_set_btfs(const struct bbpf_kbtf_set *set);

/* Their names (see bbpf_kbtf_set_open()); borrowed as the BTFs. */
BBPF_API const char *const *bbpf_kbtf_set_names(const struct bbpf_kbtf_set *set);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_KBTF_H */
