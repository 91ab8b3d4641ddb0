/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loading and unloading a kernel module for the module attach test
 * (finit_module(2), delete_module(2), straight syscalls: the library never
 * loads modules). The qemu matrix's guests carry their kernel's veth.ko
 * (tests/matrix/fetch.sh); the host has none.
 */
#ifndef BBPF_TEST_KMOD_H
#define BBPF_TEST_KMOD_H

#include <stdbool.h>

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

#endif
