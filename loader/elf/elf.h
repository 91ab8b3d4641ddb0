/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ELF reader (loader/elf/): libelf behind bounds checks, knowing nothing
 * of BPF. Objects are opened through it; nothing here makes a syscall.
 */
#ifndef BBPF_LOADER_ELF_H
#define BBPF_LOADER_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <gelf.h>

/*
 * An ELF file held in memory while an object is opened. The file's bytes are
 * a private copy (the caller's buffer may go away), checked before libelf
 * sees them: ELFCLASS64, host byte order, section table and every section's
 * bytes inside the file, names inside the section-name table, one symbol
 * table with its string table. Pointers returned by the accessors are valid
 * until bbpf__elf_close().
 */
struct bbpf__elf {
	Elf *elf;
	char *buf;     /* the whole file: owned, unless @borrowed */
	bool borrowed; /* buf is the caller's (bbpf__elf_open_mem() with @borrow) */
	size_t sz;
	const char *what; /* the path, or "<memory>", for messages */
	const Elf64_Ehdr *ehdr;
	size_t shnum;	 /* sections, counting the null section 0 */
	size_t shstrndx; /* section holding section names */
	size_t symtab;	 /* section index of the symbol table */
	const Elf64_Sym *syms;
	size_t sym_cnt;
};

/*
 * bbpf__elf_open_mem() validates @sz bytes at @data (copied, or with @borrow
 * used in place: writable, and alive until bbpf__elf_close()) as described
 * above; @what names the input in messages. bbpf__elf_open_file() reads
 * @path first. On error everything is released and a message says what is
 * wrong. Returns 0, -EINVAL (not a usable ELF file), -E2BIG, -ENOMEM, or
 * -errno from open/read.
 */
int bbpf__elf_open_mem(struct bbpf__elf *e, const void *data, size_t sz, bool borrow,
		       const char *what);
int bbpf__elf_open_file(struct bbpf__elf *e, const char *path);
/* bbpf__elf_close() releases @e; safe on a zeroed or closed one. */
void bbpf__elf_close(struct bbpf__elf *e);

/* Section header @idx (< shnum), or NULL. */
const Elf64_Shdr *bbpf__elf_shdr(const struct bbpf__elf *e, size_t idx);
/* Name of section @idx; "" when it has none. Never NULL for a valid index. */
const char *bbpf__elf_sec_name(const struct bbpf__elf *e, size_t idx);
/*
 * Bytes of section @idx, in the file copy (not necessarily aligned: read them
 * with memcpy); *@sz receives sh_size. NULL for SHT_NOBITS (.bss: zeros) and
 * empty sections.
 */
const void *bbpf__elf_sec_data(const struct bbpf__elf *e, size_t idx, size_t *sz);
/* Index of the first section named @name, or -ENOENT. */
int bbpf__elf_sec_idx(const struct bbpf__elf *e, const char *name);
/* Symbol @idx (< sym_cnt), or NULL. */
const Elf64_Sym *bbpf__elf_sym(const struct bbpf__elf *e, size_t idx);
/* Name of @sym; "" when it has none or the offset is out of range. */
const char *bbpf__elf_sym_name(const struct bbpf__elf *e, const Elf64_Sym *sym);

#endif
