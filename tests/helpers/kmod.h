/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loading and unloading a kernel module for the module attach test
 * (finit_module(2), delete_module(2), straight syscalls: the library never
 * loads modules). The qemu matrix's guests carry a few of their kernel's
 * modules in /lib/modules (tests/matrix/fetch.sh); the host has none.
 */
#ifndef BBPF_TEST_KMOD_H
#define BBPF_TEST_KMOD_H

#include <stdbool.h>
#include <stddef.h>

/* kmod_load() loads the module file @path. Returns 0, -EEXIST when it is loaded already, or -errno. */
int kmod_load(const char *path);

/*
 * kmod_unload() removes module @name, retrying for up to 5 s while it is
 * busy (a detached trampoline drops its reference from deferred work).
 * Returns 0 or -errno.
 */
int kmod_unload(const char *name);

/* kmod_loaded() is true while /sys/module/@name exists. */
bool kmod_loaded(const char *name);

/* The modules kmod_load_set() loaded, in order: kmod_unload_set() removes them in reverse. */
#define KMOD_SET_MAX 16
struct kmod_set {
	const char *names[KMOD_SET_MAX];
	size_t cnt;
};

/*
 * kmod_load_set() loads DIR/NAME.ko for each of @names (NULL-terminated) in
 * order, dependencies first, into @set. A file that is not there (this kernel
 * has no such module) or a module loaded already (not ours: left alone) is
 * passed over, and so is one that fails to load: the others are still tried.
 * Returns 0, or -errno of the first that failed, saying which in @why
 * (@why_sz bytes).
 */
int kmod_load_set(struct kmod_set *set, const char *dir, const char *const *names, char *why,
		  size_t why_sz);

/* kmod_unload_set() removes @set's modules, last first. Returns 0 or the first -errno. */
int kmod_unload_set(struct kmod_set *set, char *why, size_t why_sz);

#endif
