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

#endif
