/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The initramfs `barebpf gen initramfs` writes (initramfs.c). Pure: a
 * binary's bytes in, a newc cpio archive out.
 */
#ifndef BBPF_TOOLS_INITRAMFS_H
#define BBPF_TOOLS_INITRAMFS_H

#include <stdbool.h>
#include <stddef.h>

struct cpio;

/*
 * initramfs_archive() fills @c (empty) with the binary @bin of @size bytes:
 * as /init with the directories `barebpf init` mounts on and /dev/console
 * (the kernel opens it for /init before devtmpfs is there) when @as_init, or
 * as /barebpf alone, to append to an existing initramfs. Finished with the
 * trailer. Returns 0, -ENOEXEC when @bin is not a static ELF executable (a
 * dynamic one cannot run where there is no ld.so), or -ENOMEM.
 */
int initramfs_archive(struct cpio *c, const void *bin, size_t size, bool as_init);

/* initramfs_static_elf(): 0 for an ELF executable without PT_INTERP, else -ENOEXEC. */
int initramfs_static_elf(const void *bin, size_t size);

#endif
