// SPDX-License-Identifier: BSD-2-Clause
/*
 * btfx: finds a kernel's BTF in its boot image, without booting it.
 *
 *   btfx format VMLINUZ   prints how the kernel is compressed: xz, lz4, zstd,
 *                         gzip, bzip2, lzma, lzo, or "raw" (an arm64 Image).
 *   btfx payload VMLINUZ  writes the compressed kernel to stdout: an x86
 *                         bzImage's payload, else the whole file.
 *   btfx btf FILE|- OUT   finds the BTF blob in FILE and writes it to OUT: an
 *                         ELF vmlinux's .BTF section, else (a raw arm64 Image)
 *                         the first valid BTF header found by scanning.
 *
 * x86 first: tests/matrix/fetch.sh runs
 *   btfx payload vmlinuz | xz -dc | btfx btf - vmlinux.btf
 *
 * The bzImage boot header (Documentation/arch/x86/boot.rst), at file offsets:
 *   0x1f1 u8  setup_sects     512-byte sectors of setup code after the boot
 *                             sector (0 means 4)
 *   0x202 u32 "HdrS"          header magic
 *   0x206 u16 version         payload_* fields exist from 2.08 on
 *   0x248 u32 payload_offset  from the start of the protected-mode code, which
 *                             begins at (setup_sects + 1) * 512
 *   0x24c u32 payload_length  the compressed vmlinux plus a 4-byte trailer
 *                             (the decompressed size, appended by the kernel's
 *                             build), which the decompressors must not see
 *
 * A BTF blob (include/uapi/linux/btf.h) starts with a 24-byte header:
 *   u16 magic 0xeb9f, u8 version 1, u8 flags, u32 hdr_len 24,
 *   u32 type_off, type_len, str_off, str_len   (offsets from the header's end)
 * so on a little-endian machine it begins 9f eb 01 00 18 00 00 00. The kernel
 * writes types first and strings right after; the string section starts and
 * ends with a NUL. Those facts are what a scan checks before trusting a match.
 */
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	unsigned char *p;
	size_t len;
};

static int read_all(const char *path, struct buf *b)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 1 << 20, n;
	unsigned char *p;

	if (!f) {
		fprintf(stderr, "btfx: %s: %s\n", path, strerror(errno));
		return -1;
	}
	b->p = NULL;
	b->len = 0;
	for (;;) {
		p = realloc(b->p, cap);
		if (!p) {
			fprintf(stderr, "btfx: %s: out of memory\n", path);
			return -1;
		}
		b->p = p;
		n = fread(b->p + b->len, 1, cap - b->len, f);
		b->len += n;
		if (b->len < cap)
			break;
		cap *= 2;
	}
	if (ferror(f)) {
		fprintf(stderr, "btfx: %s: read error\n", path);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	return 0;
}

static uint32_t get32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Finds the compressed payload of a bzImage. Returns 0, or -1 if it is none. */
static int bzimage_payload(const struct buf *b, size_t *off, size_t *len)
{
	unsigned setup_sects, version;
	size_t start, plen;

	if (b->len < 0x250 || memcmp(b->p + 0x202, "HdrS", 4))
		return -1;
	version = b->p[0x206] | b->p[0x207] << 8;
	if (version < 0x208)
		return -1;
	setup_sects = b->p[0x1f1] ? b->p[0x1f1] : 4;
	start = (size_t)(setup_sects + 1) * 512 + get32(b->p + 0x248);
	plen = get32(b->p + 0x24c);
	if (plen < 4 || start > b->len || plen > b->len - start)
		return -1;
	*off = start;
	*len = plen - 4;
	return 0;
}

static const char *compression(const unsigned char *p, size_t len)
{
	static const struct {
		const char *name;
		unsigned char magic[6];
		size_t n;
	} magics[] = {
		{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0 }, 6 },
		{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
		{ "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4 },
		{ "gzip", { 0x1f, 0x8b }, 2 },
		{ "bzip2", { 'B', 'Z', 'h' }, 3 },
		{ "lzma", { 0x5d, 0, 0 }, 3 },
		{ "lzo", { 0x89, 'L', 'Z', 'O' }, 4 },
	};
	size_t i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (len >= magics[i].n && !memcmp(p, magics[i].magic, magics[i].n))
			return magics[i].name;
	return "raw";
}

/* Returns the size of a valid BTF blob at p (at most avail bytes), or 0. */
static size_t btf_size(const unsigned char *p, size_t avail)
{
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
	uint64_t end;

	if (avail < 24 || p[0] != 0x9f || p[1] != 0xeb || p[2] != 1)
		return 0;
	hdr_len = get32(p + 4);
	type_off = get32(p + 8);
	type_len = get32(p + 12);
	str_off = get32(p + 16);
	str_len = get32(p + 20);
	if (hdr_len != 24 || type_off != 0 || str_off != type_len || str_len == 0)
		return 0;
	end = (uint64_t)hdr_len + str_off + str_len;
	if (end > avail)
		return 0;
	if (p[hdr_len + str_off] != 0 || p[end - 1] != 0)
		return 0;
	return end;
}

/* An ELF64 vmlinux: returns its .BTF section's offset and size, or -1. */
static int elf_btf(const struct buf *b, size_t *off, size_t *len)
{
	const Elf64_Ehdr *eh = (const void *)b->p;
	const Elf64_Shdr *sh, *strs;
	size_t i;

	if (b->len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(*sh))
		return -1;
	if (eh->e_shoff > b->len || (uint64_t)eh->e_shnum * sizeof(*sh) > b->len - eh->e_shoff ||
	    eh->e_shstrndx >= eh->e_shnum)
		return -1;
	sh = (const void *)(b->p + eh->e_shoff);
	strs = &sh[eh->e_shstrndx];
	if (strs->sh_offset > b->len || strs->sh_size > b->len - strs->sh_offset)
		return -1;
	for (i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_name >= strs->sh_size ||
		    strncmp((const char *)b->p + strs->sh_offset + sh[i].sh_name, ".BTF",
			    strs->sh_size - sh[i].sh_name) ||
		    sh[i].sh_type == SHT_NOBITS)
			continue;
		if (sh[i].sh_offset > b->len || sh[i].sh_size > b->len - sh[i].sh_offset)
			return -1;
		*off = sh[i].sh_offset;
		*len = sh[i].sh_size;
		return 0;
	}
	return -1;
}

static int find_btf(const struct buf *b, size_t *off, size_t *len, const char **how)
{
	size_t i, n;

	if (!elf_btf(b, off, len)) {
		*how = "ELF .BTF section";
		if (btf_size(b->p + *off, *len) != *len) {
			fprintf(stderr, "btfx: the .BTF section is not one valid BTF blob\n");
			return -1;
		}
		return 0;
	}
	for (i = 0; i + 24 <= b->len; i++) {
		if (b->p[i] != 0x9f || b->p[i + 1] != 0xeb)
			continue;
		n = btf_size(b->p + i, b->len - i);
		if (n) {
			*off = i;
			*len = n;
			*how = "header scan";
			return 0;
		}
	}
	return -1;
}

static int write_file(const char *path, const unsigned char *p, size_t len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;

	if (!f || fwrite(p, 1, len, f) != len || (f != stdout && fclose(f))) {
		fprintf(stderr, "btfx: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (f == stdout && fflush(f))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *how;
	size_t off, len;
	struct buf b;

	if (argc < 3 || (!strcmp(argv[1], "btf") && argc < 4)) {
		fprintf(stderr, "usage: btfx format VMLINUZ | payload VMLINUZ | btf FILE|- OUT\n");
		return 2;
	}
	if (read_all(argv[2], &b))
		return 1;
	if (bzimage_payload(&b, &off, &len)) {
		off = 0;
		len = b.len;
	}
	if (!strcmp(argv[1], "format")) {
		puts(compression(b.p + off, len));
		return 0;
	}
	if (!strcmp(argv[1], "payload"))
		return write_file("-", b.p + off, len) ? 1 : 0;
	if (!strcmp(argv[1], "btf")) {
		if (find_btf(&b, &off, &len, &how)) {
			fprintf(stderr, "btfx: %s: no BTF found (%zu bytes searched)\n", argv[2],
				b.len);
			return 1;
		}
		fprintf(stderr, "btfx: %zu bytes of BTF at offset %zu (%s)\n", len, off, how);
		return write_file(argv[3], b.p + off, len) ? 1 : 0;
	}
	fprintf(stderr, "btfx: unknown command %s\n", argv[1]);
	return 2;
}
