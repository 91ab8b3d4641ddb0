/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Extern resolution (loader/externs.c, pure) and the host reads that feed it
 * (loader/externs_io.c). The resolver gets every kernel fact as data
 * (STYLE B1.4): kconfig text, kallsyms text, the release string or version
 * code, two feature bits and the target BTFs. It returns what the loader
 * applies: the .kconfig map's image, and per extern an address or a BTF id.
 *
 *   struct bbpf__extern_env env = { 0 };
 *   struct bbpf__extern_vals *v;
 *
 *   err = bbpf__extern_env_host(obj, &env);     reads only what @obj needs
 *   env.vmlinux = ...; env.mods = ...; env.has_bpf_cookie = ...;
 *   err = err ?: bbpf__externs_resolve(obj, &env, &v);
 *   ... v->kcfg is the .kconfig map's value; bbpf__extern_patch() per relo ...
 *   bbpf__extern_vals_free(v);
 *   bbpf__extern_env_release(&env);
 */
#ifndef BBPF_LOADER_EXTERNS_H
#define BBPF_LOADER_EXTERNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

struct bbpf_obj;
struct bbpf_btf;
struct bbpf_relo;

/* libbpf's enum libbpf_tristate, as a tristate-typed __kconfig extern reads it. */
enum { BBPF_TRI_NO = 0, BBPF_TRI_YES = 1, BBPF_TRI_MODULE = 2 };

/* libbpf's POISON_CALL_KFUNC_BASE: an unresolved weak kfunc calls helper BASE + extern index. */
#define BBPF__POISON_KFUNC_BASE 2002000000

/* Kernel facts, all as data. Every field may be left zero/NULL when the object needs none. */
struct bbpf__extern_env {
	const char *kconfig; /* text of a .config (/proc/config.gz unpacked) */
	size_t kconfig_sz;
	const char *kallsyms; /* text in /proc/kallsyms' format */
	size_t kallsyms_sz;
	const char *release;		/* uname -r ("6.1.0-18-amd64"), for LINUX_KERNEL_VERSION */
	uint32_t version_code;		/* KERNEL_VERSION(a, b, c); wins over @release when set */
	int has_bpf_cookie;		/* LINUX_HAS_BPF_COOKIE: 0 or 1 */
	int has_syscall_wrapper;	/* 0, 1, or < 0: from kallsyms (__x64_sys_bpf, ...) */
	const struct bbpf_btf *vmlinux; /* for typed ksyms and kfuncs */
	const struct bbpf_btf *const *mods; /* module BTFs, split on @vmlinux */
	size_t mod_cnt;
	/* Owned by bbpf__extern_env_host(), freed by bbpf__extern_env_release(). */
	char *own_kconfig, *own_kallsyms;
	char own_release[65];
};

/* How one extern was resolved. */
struct bbpf__extern_res {
	bool resolved;	  /* false: a __weak extern nothing was found for */
	uint64_t addr;	  /* typeless __ksym: its kallsyms address */
	uint32_t btf_id;  /* typed __ksym (VAR) or kfunc (FUNC): id in vmlinux or module BTF */
	uint32_t btf_obj; /* 0: vmlinux; k > 0: env->mods[k - 1] (fd_array[k] for kfuncs) */
};

/* The resolver's output. */
struct bbpf__extern_vals {
	void *kcfg; /* the .kconfig map's value (NULL when the object has no kconfig extern) */
	size_t kcfg_sz;
	struct bbpf__extern_res *res; /* [cnt], indexed like bbpf_obj_extern() */
	size_t cnt;
	uint32_t mods_used; /* highest btf_obj any extern uses: fd_array needs 1 + this */
	/*
	 * A kfunc's name loaded as a value (bpf_ksym_exists()): its BTF id, as
	 * libbpf writes it, where the kernel takes that (6.4+; the load sets
	 * this, ksym_func.c), else 1 when resolved.
	 */
	bool func_ld_btf_id;
};

/*
 * bbpf__externs_resolve() resolves every extern of @obj from @env: kconfig
 * values (CONFIG_* from env->kconfig, LINUX_* specials) into the .kconfig
 * image, typeless ksyms from env->kallsyms, typed ksyms (VAR) and kfuncs
 * (FUNC) by name in env->vmlinux then env->mods, type-checked. An unresolved
 * __weak extern reads 0 (kfuncs: poisoned call). *@out (free it with
 * bbpf__extern_vals_free()) is written only on success.
 * Returns 0, -ESRCH (a non-weak extern not found: the message names it and
 * where we looked), -EINVAL (a value or type that does not fit, ambiguous
 * kallsyms), -E2BIG (an integer out of range), -EPERM (kallsyms addresses
 * hidden), -ENOMEM.
 */
int bbpf__externs_resolve(const struct bbpf_obj *obj, const struct bbpf__extern_env *env,
			  struct bbpf__extern_vals **out);
void bbpf__extern_vals_free(struct bbpf__extern_vals *v);

/*
 * bbpf__externs_fill_kconfig() moves @v's .kconfig image into *@image (the
 * load's; what was there is freed; v->kcfg becomes NULL): map creation
 * writes it as the .kconfig map's initial data, and the opened object's
 * bbpf_map_init_data() stays as opened. Returns 0 (also when there is no
 * .kconfig map) or -EINVAL (an image of another size).
 */
int bbpf__externs_fill_kconfig(const struct bbpf_obj *obj, struct bbpf__extern_vals *v,
			       void **image);

/*
 * bbpf__extern_patch() rewrites the instruction(s) at @insn for relocation
 * @r (BBPF_RELO_EXTERN_VAR or _FUNC) as libbpf does:
 *   kconfig var       ld_imm64 PSEUDO_MAP_VALUE, imm = @kcfg_map_fd, insn[1].imm = kcfg_off
 *   typeless ksym     ld_imm64 of the address (0 when unresolved)
 *   typed ksym        ld_imm64 PSEUDO_BTF_ID, imm = btf_id, insn[1].imm = module BTF fd
 *                     (@mod_fds[btf_obj - 1]; 0 for vmlinux); unresolved weak: ld_imm64 0
 *   kfunc call        src_reg PSEUDO_KFUNC_CALL, imm = btf_id, off = btf_obj (the
 *                     fd_array index: fd_array[k] = @mod_fds[k - 1]); unresolved weak:
 *                     call BBPF__POISON_KFUNC_BASE + extern index
 * Returns 0 or -EINVAL (not an extern relocation, or the wrong instruction).
 */
int bbpf__extern_patch(const struct bbpf_obj *obj, const struct bbpf__extern_vals *v,
		       const struct bbpf_relo *r, struct bpf_insn *insn, int kcfg_map_fd,
		       const int *mod_fds);

/* ---- parsers (pure; tests call them directly) ---- */

/*
 * bbpf__kconfig_find() finds "CONFIG_X=..." or "# CONFIG_X is not set" for
 * @name in @text; *@val and *@len receive the value text ("n" for not set).
 * Returns 0, -ENOENT.
 */
int bbpf__kconfig_find(const char *text, size_t sz, const char *name, const char **val,
		       size_t *len);
/*
 * bbpf__kconfig_encode() writes value text @val (y, m, n, "string", 123,
 * -5, 0x1f) into @dst as a kconfig extern of type @kcfg_type (enum
 * bbpf_kcfg_type), @size bytes, @sgn. Returns 0, -EINVAL (the value cannot
 * be that type), -E2BIG (out of range). Logs naming @name.
 */
int bbpf__kconfig_encode(const char *name, const char *val, size_t len, uint32_t kcfg_type,
			 uint32_t size, bool sgn, void *dst);
/* KERNEL_VERSION(a, b, c) from "a.b.c..." (patch capped at 255). Returns 0 or -EINVAL. */
int bbpf__kernel_version_parse(const char *release, uint32_t *code);
/*
 * bbpf__kallsyms_find() finds symbol @name ("addr type name [module]"
 * lines) in @text; *@addr receives its address. Returns 0, -ENOENT,
 * -EINVAL (two different addresses), -EPERM (addresses shown as zero).
 */
int bbpf__kallsyms_find(const char *text, size_t sz, const char *name, uint64_t *addr);
/*
 * bbpf__kallsyms_module() is the module kallsyms lists @name under ("[veth]"),
 * into @mod (@mod_sz bytes). Returns 0, or -ENOENT when @name is not there
 * or is vmlinux's.
 */
int bbpf__kallsyms_module(const char *text, size_t sz, const char *name, char *mod, size_t mod_sz);
/* True when @text has a syscall wrapper symbol (__x64_sys_bpf, __arm64_sys_bpf, ...). */
bool bbpf__kallsyms_has_syscall_wrapper(const char *text, size_t sz);

/* ---- externs_io.c: host reads (file I/O, no syscall wrapper) ---- */

/* /proc/config.gz (zlib), else /boot/config-$(uname -r). Returns 0 or -errno. */
int bbpf__kconfig_read(char **text, size_t *sz);
/* /proc/kallsyms. Returns 0 or -errno. */
int bbpf__kallsyms_read(char **text, size_t *sz);
/*
 * bbpf__extern_env_host() fills @env's text fields from this host, reading
 * only what @obj's externs need (config for CONFIG_*, kallsyms for typeless
 * ksyms or LINUX_HAS_SYSCALL_WRAPPER, uname for LINUX_KERNEL_VERSION); a
 * missing file is left NULL (non-weak externs then fail in the resolver).
 * The BTF and feature fields are the caller's. Returns 0 or -ENOMEM.
 */
int bbpf__extern_env_host(const struct bbpf_obj *obj, struct bbpf__extern_env *env);
void bbpf__extern_env_release(struct bbpf__extern_env *env);

#endif
