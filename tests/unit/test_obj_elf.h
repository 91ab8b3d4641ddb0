/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test-side ELF access for test_obj*.c: read a fixture object into memory
 * and find its sections, symbols and relocations by name, to check what
 * the loader made of them or to corrupt them on purpose. Assumes a
 * well-formed little-endian ELF64 (the committed fixtures).
 */
#ifndef BBPF_TEST_OBJ_ELF_H
#define BBPF_TEST_OBJ_ELF_H

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../helpers/fixture.h"

/* musl's <elf.h> has no BPF relocation types (the ELF psABI value for BPF). */
#ifndef R_BPF_64_32
#define R_BPF_64_32 10
#endif

struct telf {
	uint8_t *buf;
	size_t sz;
};

/* Reads tests/fixtures/obj/@name; 0 or -errno. */
static inline int telf_load(struct telf *e, const char *name)
{
	char rel[256];
	void *data;
	int err;

	snprintf(rel, sizeof(rel), "obj/%s", name);
	err = slurp(fixture_path(rel), &data, &e->sz);
	e->buf = data;
	return err;
}

static inline Elf64_Ehdr *telf_ehdr(const struct telf *e)
{
	return (Elf64_Ehdr *)e->buf;
}

static inline Elf64_Shdr *telf_shdr(const struct telf *e, size_t idx)
{
	return (Elf64_Shdr *)(e->buf + telf_ehdr(e)->e_shoff) + idx;
}

static inline const char *telf_sec_name(const struct telf *e, size_t idx)
{
	return (const char *)e->buf + telf_shdr(e, telf_ehdr(e)->e_shstrndx)->sh_offset +
	       telf_shdr(e, idx)->sh_name;
}

/* Index of section @name, or -1. */
static inline int telf_sec(const struct telf *e, const char *name)
{
	size_t i;

	for (i = 1; i < telf_ehdr(e)->e_shnum; i++)
		if (!strcmp(telf_sec_name(e, i), name))
			return i;
	return -1;
}

static inline void *telf_sec_data(const struct telf *e, size_t idx)
{
	return e->buf + telf_shdr(e, idx)->sh_offset;
}

static inline int telf_symtab(const struct telf *e)
{
	size_t i;

	for (i = 1; i < telf_ehdr(e)->e_shnum; i++)
		if (telf_shdr(e, i)->sh_type == SHT_SYMTAB)
			return i;
	return -1;
}

/* Symbol @name, or NULL. */
static inline Elf64_Sym *telf_sym(const struct telf *e, const char *name)
{
	int st = telf_symtab(e);
	Elf64_Sym *sym = telf_sec_data(e, st);
	const char *str = telf_sec_data(e, telf_shdr(e, st)->sh_link);
	size_t i, n = telf_shdr(e, st)->sh_size / sizeof(*sym);

	for (i = 1; i < n; i++)
		if (sym[i].st_name && !strcmp(str + sym[i].st_name, name))
			return &sym[i];
	return NULL;
}

/* Relocation @i of section @rel_name ("relxdp"), or NULL. */
static inline Elf64_Rel *telf_rel(const struct telf *e, const char *rel_name, size_t i)
{
	int idx = telf_sec(e, rel_name);

	if (idx < 0 || (i + 1) * sizeof(Elf64_Rel) > telf_shdr(e, idx)->sh_size)
		return NULL;
	return (Elf64_Rel *)telf_sec_data(e, idx) + i;
}

#endif
