/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ELF reader's file calls, free of libelf types, for the layers that may
 * not include <gelf.h> (loader/kernel/ hands the first to btf/ as its ELF
 * hook; loader/attach/ uses the second for uprobes). Any class, any byte
 * order; only the headers and the bytes asked for are read, so a 300 MB
 * vmlinux costs its section table and its .BTF.
 */
#ifndef BBPF_LOADER_ELF_READ_H
#define BBPF_LOADER_ELF_READ_H

#include <stddef.h>
#include <stdint.h>

/*
 * bbpf__elf_sec_read() copies section @name of the ELF file open at @fd
 * (@image NULL), or of the @image_sz bytes at @image (@fd ignored), into
 * *@data (malloc'd; the caller frees it), its size in *@sz. @what names the
 * file in messages. Returns 0, -ENOENT (no such section, not logged),
 * -EINVAL (not ELF, malformed, or the section has no bytes in the file:
 * logged), -E2BIG (over 4 GiB), -ENOMEM, or -errno from reading.
 */
int bbpf__elf_sec_read(int fd, void *image, size_t image_sz, const char *what, const char *name,
		       void **data, size_t *sz);

/*
 * bbpf__elf_sym_offset() finds function symbol @sym in the ELF file @path
 * (an executable or shared library: .symtab, then .dynsym) and stores in
 * *@off the file offset of its first byte, what a uprobe on @path is
 * given. A defined symbol only (not an import). Returns 0, -ENOENT (no such
 * symbol: logged), -EINVAL (not ELF, or the symbol's section has no bytes
 * in the file), or -errno from open.
 */
int bbpf__elf_sym_offset(const char *path, const char *sym, uint64_t *off);

/*
 * bbpf__elf_funcs() calls @fn with the name and file offset of each defined
 * function symbol of ELF file @path (.symtab, then .dynsym: a name may come
 * twice, an offset under several names) until @fn returns non-zero. Returns
 * 0, @fn's non-zero, -EINVAL (not ELF), or -errno from open (logged).
 */
int bbpf__elf_funcs(const char *path, int (*fn)(void *ctx, const char *name, uint64_t off),
		    void *ctx);

#endif
