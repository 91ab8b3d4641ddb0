/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the files of loader/attach/: the link as an fd plus how to undo
 * it (link.c), the perf event step every perf-based kind goes through
 * (perf_event.c), and tracefs (tracefs.c: finding or mounting it, names).
 *
 * A kind makes its link with bbpf__link_new(), fills fd/aux_fd and the
 * description, and gives ops whose detach undoes what generic closing of
 * the fds does not (BPF_PROG_DETACH, removing a tracefs event, netlink).
 */
#ifndef BBPF_LOADER_ATTACH_INTERNAL_H
#define BBPF_LOADER_ATTACH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/perf_event.h>

#include <barebpf/link.h>
#include "internal/compiler.h"

struct bbpf_link;

struct bbpf__link_ops {
	/*
	 * Kind-specific undo, called once by bbpf_link_detach() before the
	 * generic part closes link->fd and link->aux_fd (a kind that must
	 * close them in another order does so itself and sets them to -1).
	 * Returns 0 or -errno. NULL: closing the fds is all there is.
	 */
	int (*detach)(struct bbpf_link *link);
	/* Frees link->priv; NULL: free(). */
	void (*free_priv)(void *priv);
};

struct bbpf_link {
	const struct bbpf__link_ops *ops;
	enum bbpf_link_how how;
	int fd;	    /* the bpf_link fd, or the perf event fd (ioctl/tracefs kinds), or -1 */
	int aux_fd; /* the perf event under a perf link; a kind's extra fd; or -1 */
	bool detached;
	bool disconnected;
	char *pin_path;
	char hook[24];
	char *target;
	void *priv; /* the kind's own state (tracefs event name, prog_attach target) */
};

/*
 * bbpf__link_new() allocates a link of @how with no fds, hook @hook and a
 * target formatted from @fmt. Returns 0 or -ENOMEM; *@out only on success.
 */
__printf(4, 5) int bbpf__link_new(enum bbpf_link_how how, const char *hook, struct bbpf_link **out,
				  const char *fmt, ...);

/*
 * bbpf__link_perf() attaches @prog_fd to perf event @perf_fd (which it
 * consumes, also on failure) with a perf link where the kernel has them
 * (feature perf_link, which needs bpf_link), else with
 * PERF_EVENT_IOC_SET_BPF + PERF_EVENT_IOC_ENABLE. The link gets @hook and
 * @target. Returns 0 or -errno (logged by the caller, who knows the program);
 * *@how_tried says which mechanism was tried.
 */
int bbpf__link_perf(int prog_fd, int perf_fd, uint64_t cookie, const char *hook, const char *target,
		    struct bbpf_link **out, enum bbpf_link_how *how_tried);

/* ---- tracefs (tracefs.c) ---- */

/*
 * bbpf__tracefs_root() is the tracefs mount point ("/sys/kernel/tracing" or
 * "/sys/kernel/debug/tracing"); when neither is mounted it mounts tracefs at
 * /sys/kernel/tracing. Returns the path (static) or NULL after logging why
 * (once per process). bbpf__tracefs_root_err() also gives the reason in
 * @err: -EACCES (mounted, but this process may not search it) or the
 * mount's -errno.
 */
const char *bbpf__tracefs_root(void);
const char *bbpf__tracefs_root_err(int *err);

/*
 * bbpf__tracefs_name_ok() is true when @s can be a tracefs path component:
 * non-empty, at most 255 bytes, no '/', not "." or "..". Pure.
 */
bool bbpf__tracefs_name_ok(const char *s);

/*
 * bbpf__tracefs_read_id() reads the decimal number in file
 * @root/events/@category/@name/id. Returns the id, -ENOENT (no such event),
 * or -errno.
 */
int bbpf__tracefs_read_id(const char *root, const char *category, const char *name);

/* ---- one function per kind, called by bbpf_prog_attach() with the target (attach.c) ---- */

struct bbpf_prog;
typedef int (*bbpf__attach_fn)(const struct bbpf_prog *prog, const char *target,
			       const struct bbpf_attach_opts *opts, struct bbpf_link **out);

int bbpf__attach_raw_tp(const struct bbpf_prog *prog, const char *target,
			const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_tracing(const struct bbpf_prog *prog, const char *target,
			 const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_kprobe(const struct bbpf_prog *prog, const char *target,
			const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_ksyscall(const struct bbpf_prog *prog, const char *target,
			  const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_uprobe(const struct bbpf_prog *prog, const char *target,
			const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_kprobe_multi(const struct bbpf_prog *prog, const char *target,
			      const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_uprobe_multi(const struct bbpf_prog *prog, const char *target,
			      const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_tp_by_target(const struct bbpf_prog *prog, const char *target,
			      const struct bbpf_attach_opts *opts, struct bbpf_link **out);

/* ---- names.c: pure parsing and naming ---- */

/* "func+0x10" -> func, 16 ("func" -> 0). Returns 0 or -EINVAL (empty, too long, bad number). */
int bbpf__parse_func_off(const char *target, char *func, size_t func_sz, uint64_t *off);

/* Shell-style match of @s against @pat: '*' any run, '?' one character. */
bool bbpf__glob_match(const char *pat, const char *s);

/* An iterator over /proc/kallsyms text ("addr type name [module]" lines). */
struct bbpf__ksym_iter {
	const char *p, *end;
	uint64_t addr;
	char type; /* 't'/'T' functions, 'd'/'D' data, ... */
	bool module;
	char name[256];
};
void bbpf__ksym_iter_init(struct bbpf__ksym_iter *it, const char *text, size_t sz);
/* Advances to the next well-formed line; false at the end. */
bool bbpf__ksym_next(struct bbpf__ksym_iter *it);
/* True when @text lists @name as a function (type t or T); its address to *@addr (may be NULL). */
bool bbpf__ksym_is_func(const char *text, size_t sz, const char *name);
bool bbpf__ksym_func_addr(const char *text, size_t sz, const char *name, uint64_t *addr);

/*
 * bbpf__kprobe_blacklisted() is true when the @sz bytes of a kprobe
 * blacklist ("0xSTART-0xEND\tSYMBOL [module]" lines, debugfs
 * kprobes/blacklist) list @name. Pure.
 */
bool bbpf__kprobe_blacklisted(const char *text, size_t sz, const char *name);

/*
 * bbpf__multi_syms() collects the kernel functions of list @text (@sz
 * bytes: available_filter_functions lines, or /proc/kallsyms lines when
 * @kallsyms) whose names match glob @pat and that the kprobe blacklist
 * (@bl, @bl_sz bytes) does not hold; module functions are left out. Each
 * name once, sorted, into *@out (free with bbpf__multi_syms_free()), their
 * number in *@cnt. Pure. Returns 0, -ENOENT (none matched; *@out to free
 * still), -ENOMEM.
 */
int bbpf__multi_syms(const char *text, size_t sz, bool kallsyms, const char *pat, const char *bl,
		     size_t bl_sz, char ***out, size_t *cnt);
void bbpf__multi_syms_free(char **syms, size_t cnt);

/* The kprobe blacklist (debugfs), read once per process; "" when it cannot be read. */
const char *bbpf__kprobe_blacklist(size_t *sz);

/*
 * bbpf__kprobe_pick() writes into @out the first of @prog's candidate
 * symbols (bbpf_prog_ksym(): the section's, then BBPF_KPROBE_OR()) that
 * kallsyms lists as a function and the kprobe blacklist does not hold; a
 * candidate may carry "+OFFSET". When none qualifies, @why (may be NULL)
 * says of each why not. Returns 0, -EINVAL (no candidate at all), -ENOENT.
 */
int bbpf__kprobe_pick(const struct bbpf_prog *prog, char *out, size_t out_sz, char *why,
		      size_t why_sz);

/*
 * bbpf__ksyscall_find() writes into @out the entry symbol of syscall
 * @syscall ("openat") that @text has: the arch wrapper (__x64_sys_,
 * __arm64_sys_, ...) before __se_sys_ and sys_; with @compat the 32-bit
 * entries (__ia32_compat_sys_, __ia32_sys_, __arm64_compat_sys_); its
 * address to *@addr (may be NULL; 0 where kallsyms hides addresses).
 * Returns 0, -ENOENT (none; @out is ""), -E2BIG (@out too small).
 */
int bbpf__ksyscall_find(const char *text, size_t sz, const char *syscall, bool compat, char *out,
			size_t out_sz, uint64_t *addr);

/*
 * bbpf__kprobe_event_name() builds a tracefs kprobe event name that says
 * whose it is: "bbpf_<pid>_<func>_<off hex>_<seq>", func's characters
 * outside [A-Za-z0-9_] as '_', cut so that the whole fits 63 characters.
 * @sz must be at least 65. Returns 0 or -E2BIG.
 */
int bbpf__kprobe_event_name(char *buf, size_t sz, int pid, const char *func, uint64_t off,
			    unsigned int seq);

/*
 * bbpf__kprobe_event_pid() reads a kprobe_events line ("p:GROUP/EVENT
 * SYMBOL...", "r16:GROUP/EVENT ...") into @group and @event and returns the
 * pid an event of ours carries; -ENOENT for someone else's event, -EINVAL
 * for a line it cannot read.
 */
int bbpf__kprobe_event_pid(const char *line, char *group, size_t group_sz, char *event,
			   size_t event_sz);

/* The bit shift in a PMU format file ("config:0" -> 0, "config:32-63" -> 32); -EINVAL. */
int bbpf__pmu_format_shift(const char *text);

/* Reads up to @sz - 1 bytes of file @path (sysfs, tracefs) into @buf, NUL-terminated. 0 or -errno. */
int bbpf__read_line(const char *path, char *buf, size_t sz);

/*
 * bbpf__lib_resolve() turns a uprobe's binary into a path: one with a '/'
 * as given (it must be readable), a bare library name through
 * /etc/ld.so.cache, then /lib/<multiarch>, /usr/lib/<multiarch>, /lib64,
 * /usr/lib64, /lib, /usr/lib. Returns 0, -ENOENT, -E2BIG, or -errno.
 */
int bbpf__lib_resolve(const char *name, char *out, size_t out_sz);

/* True when tracefs at @root has file @name ("kprobe_events"). */
bool bbpf__tracefs_has(const char *root, const char *name);

/* ---- uprobe.c ---- */

/*
 * bbpf__uprobe_attach_off() attaches @prog as a uprobe (a uretprobe when
 * @ret) at file offset @off of @path through the uprobe PMU (opts: pid,
 * cookie, ref_ctr_off); @desc names it in the link and in messages. Logs
 * failures. Returns 0 or -errno.
 */
int bbpf__uprobe_attach_off(const struct bbpf_prog *prog, bool ret, const char *path, uint64_t off,
			    const char *desc, const struct bbpf_attach_opts *opts,
			    struct bbpf_link **out);

/* "PATH:FUNC[+OFF]" split at its last ':' (FUNC may be a glob). Returns 0 or -EINVAL. */
int bbpf__uprobe_split(const char *target, char *path, size_t path_sz, char *func, size_t func_sz,
		       uint64_t *off);

/* ---- kprobe.c ---- */

/*
 * bbpf__pmu_type() reads PMU @pmu's perf type ("kprobe", "uprobe") and the
 * shift of its retprobe bit (-1 when it has none). Returns 0 or -errno
 * (-ENOENT: no such PMU).
 */
int bbpf__pmu_type(const char *pmu, int *type, int *ret_shift);

/*
 * bbpf__kprobe_attach_fn() attaches @prog to kernel function @func + @off
 * (a kretprobe when @ret): the kprobe PMU, else tracefs. Logs failures.
 * Returns 0 or -errno.
 */
int bbpf__kprobe_attach_fn(const struct bbpf_prog *prog, bool ret, const char *func, uint64_t off,
			   const struct bbpf_attach_opts *opts, struct bbpf_link **out);

/*
 * bbpf__link_group() makes one link of @cnt links (which it takes over,
 * also on failure): detach detaches each. With @cnt 1 it returns links[0].
 * Returns 0 or -ENOMEM.
 */
int bbpf__link_group(struct bbpf_link **links, size_t cnt, const char *hook, const char *target,
		     struct bbpf_link **out);

/* /proc/kallsyms, read once per process and kept. Returns 0 or -errno. */
int bbpf__kallsyms_get(const char **text, size_t *sz);

/* ld.so.cache ABI flags of this machine's libraries (libc6 is added by the parser). */
#define BBPF__LDC_X86_64  0x0300u
#define BBPF__LDC_AARCH64 0x0a00u

/*
 * bbpf__ldcache_find() looks library @name ("libc.so.6") up in the @sz
 * bytes of an /etc/ld.so.cache and copies the path of the entry whose ABI
 * is @arch_flags (BBPF__LDC_*) into @out. Pure. Returns 0, -ENOENT,
 * -EINVAL (not a cache we read), -E2BIG (@out too small).
 */
int bbpf__ldcache_find(const void *data, size_t sz, const char *name, uint32_t arch_flags,
		       char *out, size_t out_sz);

/* ---- messages ---- */

/*
 * bbpf__attach_fail() logs "prog 'P': cannot attach to HOOK TARGET (MECH):
 * REASON" once, with a hint for the common errnos, and returns @err.
 */
int bbpf__attach_fail(const char *prog, const char *hook, const char *target, const char *mech,
		      int err);

#endif
