// SPDX-License-Identifier: BSD-2-Clause
/*
 * Just enough ELF to find one section by name (".BTF" of a vmlinux or of a
 * .bpf.o), written by hand so that btf/ needs no libelf. Both classes and
 * both byte orders; the bytes come through a read callback, so a 300 MB
 * vmlinux is never read whole (btf_file.c passes pread(2)) and a buffer
 * works as well.
 *
 *   ELF header: e_shoff, e_shentsize, e_shnum, e_shstrndx
 *     -> section headers [e_shnum] at e_shoff, e_shentsize bytes each
 *     -> section e_shstrndx holds the names; sh_name indexes into it
 *
 * Field offsets (ELF64 / ELF32) are from the System V ABI.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal/log.h"
#include "internal.h"

#define EI_CLASS      4
#define EI_DATA	      5
#define ELFCLASS32    1
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define ELFDATA2MSB   2
#define SHT_NOBITS    8
#define SHN_XINDEX    0xffff
#define MAX_SECTIONS  (1u << 20)
#define MAX_SHSTR_LEN (64u << 20)

struct elf_info {
	bool is64, swap;
	uint64_t shoff;
	uint32_t shentsize, shnum, shstrndx;
};

struct shdr {
	uint32_t name, type;
	uint64_t offset, size, link;
};

static uint16_t get16(const struct elf_info *e, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return e->swap ? __builtin_bswap16(v) : v;
}

static uint32_t get32(const struct elf_info *e, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return e->swap ? __builtin_bswap32(v) : v;
}

static uint64_t get64(const struct elf_info *e, const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return e->swap ? __builtin_bswap64(v) : v;
}

static bool host_is_le(void)
{
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}

static int parse_ehdr(struct elf_info *e, const uint8_t *h)
{
	if (memcmp(h, "\177ELF", 4) || (h[EI_CLASS] != ELFCLASS32 && h[EI_CLASS] != ELFCLASS64) ||
	    (h[EI_DATA] != ELFDATA2LSB && h[EI_DATA] != ELFDATA2MSB)) {
		pr_warn("ELF: not an ELF file, or an unknown class/byte order\n");
		return -EINVAL;
	}
	e->is64 = h[EI_CLASS] == ELFCLASS64;
	e->swap = (h[EI_DATA] == ELFDATA2LSB) != host_is_le();
	e->shoff = e->is64 ? get64(e, h + 0x28) : get32(e, h + 0x20);
	e->shentsize = get16(e, h + (e->is64 ? 0x3a : 0x2e));
	e->shnum = get16(e, h + (e->is64 ? 0x3c : 0x30));
	e->shstrndx = get16(e, h + (e->is64 ? 0x3e : 0x32));
	if (e->shentsize < (e->is64 ? 64u : 40u)) {
		pr_warn("ELF: section header size %u is too small\n", e->shentsize);
		return -EINVAL;
	}
	return 0;
}

static void parse_shdr(const struct elf_info *e, const uint8_t *p, struct shdr *s)
{
	s->name = get32(e, p);
	s->type = get32(e, p + 4);
	s->offset = e->is64 ? get64(e, p + 24) : get32(e, p + 16);
	s->size = e->is64 ? get64(e, p + 32) : get32(e, p + 20);
	s->link = get32(e, p + (e->is64 ? 40 : 24));
}

/* Section headers, with the extended numbering of files with >= 0xff00 sections. */
static int read_shdrs(const struct elf_info *ei, bbpf__elf_read_fn read, void *ctx,
		      uint64_t file_sz, uint8_t **out)
{
	struct elf_info *e = (struct elf_info *)ei;
	uint8_t first[64];
	struct shdr s0;
	uint64_t len;
	uint8_t *buf;
	int err;

	err = read(ctx, e->shoff, first, e->is64 ? 64 : 40);
	if (err)
		return err;
	parse_shdr(e, first, &s0);
	if (!e->shnum)
		e->shnum = s0.size > MAX_SECTIONS ? MAX_SECTIONS + 1 : (uint32_t)s0.size;
	if (e->shstrndx == SHN_XINDEX)
		e->shstrndx = (uint32_t)s0.link;
	len = (uint64_t)e->shnum * e->shentsize;
	if (e->shnum > MAX_SECTIONS || e->shstrndx >= e->shnum || e->shoff > file_sz ||
	    len > file_sz - e->shoff) {
		pr_warn("ELF: section table (%u entries at %llu, names in #%u) does not fit the file\n",
			e->shnum, (unsigned long long)e->shoff, e->shstrndx);
		return -EINVAL;
	}
	buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	err = read(ctx, e->shoff, buf, len);
	if (err) {
		free(buf);
		return err;
	}
	*out = buf;
	return 0;
}

static int read_shstr(const struct elf_info *e, const uint8_t *shdrs, bbpf__elf_read_fn read,
		      void *ctx, uint64_t file_sz, char **out, uint64_t *out_len)
{
	struct shdr s;
	char *buf;
	int err;

	parse_shdr(e, shdrs + (uint64_t)e->shstrndx * e->shentsize, &s);
	if (s.size > MAX_SHSTR_LEN || s.offset > file_sz || s.size > file_sz - s.offset) {
		pr_warn("ELF: section name table [%llu, +%llu) does not fit the file\n",
			(unsigned long long)s.offset, (unsigned long long)s.size);
		return -EINVAL;
	}
	buf = malloc(s.size + 1);
	if (!buf)
		return -ENOMEM;
	err = read(ctx, s.offset, buf, s.size);
	if (err) {
		free(buf);
		return err;
	}
	buf[s.size] = '\0';
	*out = buf;
	*out_len = s.size;
	return 0;
}

static int lookup(const struct elf_info *e, const uint8_t *shdrs, const char *names,
		  uint64_t names_len, const char *name, uint64_t file_sz, uint64_t *off,
		  uint64_t *len)
{
	struct shdr s;
	uint32_t i;

	for (i = 1; i < e->shnum; i++) {
		parse_shdr(e, shdrs + (uint64_t)i * e->shentsize, &s);
		if (s.name >= names_len || strcmp(names + s.name, name))
			continue;
		if (s.type == SHT_NOBITS || s.offset > file_sz || s.size > file_sz - s.offset) {
			pr_warn("ELF: section %s [%llu, +%llu) has no data in the file\n", name,
				(unsigned long long)s.offset, (unsigned long long)s.size);
			return -EINVAL;
		}
		*off = s.offset;
		*len = s.size;
		return 0;
	}
	return -ENOENT;
}

int bbpf__elf_find_sec(bbpf__elf_read_fn read, void *ctx, uint64_t file_sz, const char *name,
		       uint64_t *off, uint64_t *len)
{
	uint8_t ehdr[64], *shdrs = NULL;
	struct elf_info e = { 0 };
	char *names = NULL;
	uint64_t names_len = 0;
	int err;

	if (file_sz < sizeof(ehdr)) {
		pr_warn("ELF: %llu bytes is too short for an ELF header\n",
			(unsigned long long)file_sz);
		return -EINVAL;
	}
	err = read(ctx, 0, ehdr, sizeof(ehdr));
	err = err ?: parse_ehdr(&e, ehdr);
	err = err ?: read_shdrs(&e, read, ctx, file_sz, &shdrs);
	err = err ?: read_shstr(&e, shdrs, read, ctx, file_sz, &names, &names_len);
	err = err ?: lookup(&e, shdrs, names, names_len, name, file_sz, off, len);
	free(shdrs);
	free(names);
	return err;
}
