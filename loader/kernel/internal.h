/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by loader/kernel/: BTF kind probes (features*.c), kernel BTF fds (btf_fd.c). */
#ifndef BBPF_LOADER_FEATURES_INTERNAL_H
#define BBPF_LOADER_FEATURES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <barebpf/features.h>

/*
 * bbpf__probe_btf_kind() loads the smallest BTF that uses the kind behind
 * @feat (one of the BBPF_FEAT_BTF* features). Returns 1, 0, or -errno.
 */
int bbpf__probe_btf_kind(enum bbpf_feature feat);

/* Where bbpf__feature_switch_parse() stopped: the unknown word (not NUL-terminated). */
struct bbpf__feature_bad {
	const char *word;
	size_t len;
};

/*
 * bbpf__feature_switch_parse() reads a BAREBPF_NO value @spec (names separated
 * by commas or blanks; NULL or "" names none) against @names[0..@cnt) and sets
 * @off[i] for each name given. Pure. Returns 0, or -EINVAL for an unknown name,
 * which @bad (optional) then points at; @off may be partly set then.
 */
int bbpf__feature_switch_parse(const char *spec, const char *const *names, int cnt, bool *off,
			       struct bbpf__feature_bad *bad);

/*
 * bbpf__feature_switch_check() reads BAREBPF_NO once (saying once, through
 * the print hook, which name is unknown and which are known). Returns 0 or
 * -EINVAL. Loading calls it so that a misspelt switch stops a load.
 */
int bbpf__feature_switch_check(void);

/*
 * bbpf__kbtf_fd() (btf_fd.c) opens the kernel's BTF object named @name
 * ("vmlinux", a module), for module kfuncs and typed ksyms. Returns the fd
 * (the caller closes it), -ENOENT (logged), or -errno.
 */
int bbpf__kbtf_fd(const char *name);

/*
 * features_attach.c: features decided by a real attach (1 yes, 0 no, or
 * -errno when the probe could not run); bbpf__feature_why() is the -errno
 * a probe that said no met (0 when it said yes or gave no reason).
 */
int bbpf__probe_fentry(void);
int bbpf__probe_tp_btf(void);
int bbpf__probe_raw_tp(void);
int bbpf__probe_kprobe_multi(void);
int bbpf__probe_uprobe_multi(void);
int bbpf__probe_kprobe_session(void);
int bbpf__feature_why(enum bbpf_feature feat);

/*
 * bbpf__kallsyms_read() reads /proc/kallsyms into a malloc'd NUL-terminated
 * buffer (kconfig_kallsyms.c; also declared for the externs resolver).
 * Returns 0 or -errno.
 */
int bbpf__kallsyms_read(char **text, size_t *sz);
/* bbpf__read_text() reads all of file @path the same way (procfs, tracefs). 0 or -errno. */
int bbpf__read_text(const char *path, char **text, size_t *sz);

#endif
