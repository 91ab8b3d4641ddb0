// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ELF reader of the open phase: libelf over a private copy of the file,
 * and nothing about BPF. Every bound libelf could trip over is checked on
 * the raw bytes first, so that a hostile file gets a sentence naming what
 * is wrong rather than a libelf error code:
 *
 *   ELF header (64 bytes)          e_ident: "\177ELF", ELFCLASS64, host byte order
 *     e_shoff ──► section headers  e_shnum x 64 bytes (e_shnum 0: count in shdr[0].sh_size)
 *                   shdr[i]        sh_offset + sh_size inside the file (unless SHT_NOBITS)
 *     e_shstrndx ─► names          every sh_name inside it (SHN_XINDEX: in shdr[0].sh_link)
 *   one SHT_SYMTAB                 sh_entsize 24, sh_link -> its SHT_STRTAB
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "internal/err.h"
#include "internal/log.h"
#include "elf/elf.h"

/* Larger files are refused before being read (a vmlinux is not an object). */
#define MAX_OBJ_SIZE (1ul << 30)

static bool host_is_le(void)
{
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}

static int check_ident(const struct bbpf__elf *e)
{
	const unsigned char *id = (const unsigned char *)e->buf;

	if (e->sz < sizeof(Elf64_Ehdr) || memcmp(id, ELFMAG, SELFMAG)) {
		pr_warn("%s: not an ELF file (%zu bytes, no ELF header)\n", e->what, e->sz);
		return -EINVAL;
	}
	if (id[EI_CLASS] != ELFCLASS64) {
		pr_warn("%s: not a 64-bit ELF file (EI_CLASS %u); BPF objects are ELFCLASS64\n",
			e->what, id[EI_CLASS]);
		return -EINVAL;
	}
	if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB) {
		pr_warn("%s: unknown byte order (EI_DATA %u)\n", e->what, id[EI_DATA]);
		return -EINVAL;
	}
	if ((id[EI_DATA] == ELFDATA2LSB) != host_is_le()) {
		pr_warn("%s: built for %s-endian, this host is %s-endian: rebuild it with clang -target %s\n",
			e->what, host_is_le() ? "big" : "little", host_is_le() ? "little" : "big",
			host_is_le() ? "bpfel" : "bpfeb");
		return -EINVAL;
	}
	return 0;
}

/* Reads section header @i from the raw bytes (the table is already inside the file). */
static Elf64_Shdr raw_shdr(const struct bbpf__elf *e, uint64_t shoff, size_t i)
{
	Elf64_Shdr sh;

	memcpy(&sh, e->buf + shoff + i * sizeof(sh), sizeof(sh));
	return sh;
}

/* Section count and name-table index, with the extended-numbering escapes. */
static int check_shdr_table(struct bbpf__elf *e, const Elf64_Ehdr *h)
{
	uint64_t room;
	Elf64_Shdr sh0;

	if (h->e_shoff > e->sz || e->sz - h->e_shoff < sizeof(Elf64_Shdr)) {
		pr_warn("%s: truncated: the section header table (offset %llu) is past the end of the %zu-byte file\n",
			e->what, (unsigned long long)h->e_shoff, e->sz);
		return -EINVAL;
	}
	/* libelf hands out headers in place: they must be aligned (as ELF requires). */
	if (h->e_shoff == 0 || h->e_shoff % 8 || h->e_shentsize != sizeof(Elf64_Shdr)) {
		pr_warn("%s: section header table (offset %llu, entry size %u) is not aligned inside the %zu-byte file\n",
			e->what, (unsigned long long)h->e_shoff, h->e_shentsize, e->sz);
		return -EINVAL;
	}
	sh0 = raw_shdr(e, h->e_shoff, 0);
	e->shnum = h->e_shnum ? h->e_shnum : sh0.sh_size;
	e->shstrndx = h->e_shstrndx == SHN_XINDEX ? sh0.sh_link : h->e_shstrndx;
	room = (e->sz - h->e_shoff) / sizeof(Elf64_Shdr);
	if (e->shnum < 2 || e->shnum > room) {
		pr_warn("%s: %zu section headers do not fit: the file has room for %llu\n", e->what,
			e->shnum, (unsigned long long)room);
		return e->shnum > room ? -E2BIG : -EINVAL;
	}
	if (e->shstrndx == 0 || e->shstrndx >= e->shnum) {
		pr_warn("%s: section name table index %zu is not a section (%zu sections)\n",
			e->what, e->shstrndx, e->shnum);
		return -EINVAL;
	}
	return 0;
}

static int check_sections(const struct bbpf__elf *e, uint64_t shoff)
{
	Elf64_Shdr sh, names = raw_shdr(e, shoff, e->shstrndx);
	size_t i;

	if (names.sh_type != SHT_STRTAB || names.sh_size == 0) {
		pr_warn("%s: section #%zu, the section name table, is not a string table\n",
			e->what, e->shstrndx);
		return -EINVAL;
	}
	for (i = 1; i < e->shnum; i++) {
		sh = raw_shdr(e, shoff, i);
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_offset > e->sz || sh.sh_size > e->sz - sh.sh_offset)) {
			pr_warn("%s: section #%zu: bytes [%llu, +%llu) run past the end of the %zu-byte file\n",
				e->what, i, (unsigned long long)sh.sh_offset,
				(unsigned long long)sh.sh_size, e->sz);
			return -EINVAL;
		}
		if (sh.sh_name >= names.sh_size) {
			pr_warn("%s: section #%zu: name offset %u is past the name table (%llu bytes)\n",
				e->what, i, sh.sh_name, (unsigned long long)names.sh_size);
			return -EINVAL;
		}
	}
	if (e->buf[names.sh_offset + names.sh_size - 1] != '\0') {
		pr_warn("%s: the section name table does not end with a NUL\n", e->what);
		return -EINVAL;
	}
	return 0;
}

static int find_symtab(struct bbpf__elf *e)
{
	const Elf64_Shdr *sh, *str;
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		sh = bbpf__elf_shdr(e, i);
		if (!sh || sh->sh_type != SHT_SYMTAB)
			continue;
		if (e->symtab) {
			pr_warn("%s: more than one symbol table (sections #%zu and #%zu)\n",
				e->what, e->symtab, i);
			return -EINVAL;
		}
		e->symtab = i;
	}
	if (!e->symtab) {
		pr_warn("%s: no symbol table: a stripped object cannot be loaded\n", e->what);
		return -EINVAL;
	}
	sh = bbpf__elf_shdr(e, e->symtab);
	str = sh->sh_link < e->shnum ? bbpf__elf_shdr(e, sh->sh_link) : NULL;
	if (sh->sh_entsize != sizeof(Elf64_Sym) || sh->sh_size % sizeof(Elf64_Sym) || !str ||
	    sh->sh_offset % 8 || sh->sh_link == 0 || str->sh_type != SHT_STRTAB) {
		pr_warn("%s: symbol table (section #%zu): entry size %llu, size %llu, string table #%u, alignment: malformed\n",
			e->what, e->symtab, (unsigned long long)sh->sh_entsize,
			(unsigned long long)sh->sh_size, sh->sh_link);
		return -EINVAL;
	}
	return 0;
}

static int load_symbols(struct bbpf__elf *e)
{
	Elf_Scn *scn = elf_getscn(e->elf, e->symtab);
	Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;

	if (!d || (d->d_size && !d->d_buf) || d->d_size % sizeof(Elf64_Sym)) {
		pr_warn("%s: cannot read the symbol table: %s\n", e->what, elf_errmsg(-1));
		return -EINVAL;
	}
	e->syms = d->d_buf;
	e->sym_cnt = d->d_size / sizeof(Elf64_Sym);
	return 0;
}

static int start_libelf(struct bbpf__elf *e)
{
	size_t n;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		pr_warn("libelf: %s\n", elf_errmsg(-1));
		return -EOPNOTSUPP;
	}
	e->elf = elf_memory(e->buf, e->sz);
	if (!e->elf || elf_kind(e->elf) != ELF_K_ELF || !(e->ehdr = elf64_getehdr(e->elf))) {
		pr_warn("%s: libelf cannot read it: %s\n", e->what, elf_errmsg(-1));
		return -EINVAL;
	}
	if (elf_getshdrnum(e->elf, &n) || n != e->shnum) {
		pr_warn("%s: libelf counts the sections differently: %s\n", e->what,
			elf_errmsg(-1));
		return -EINVAL;
	}
	return 0;
}

static int open_buf(struct bbpf__elf *e)
{
	Elf64_Ehdr h;
	int err;

	err = check_ident(e);
	if (err)
		return err;
	memcpy(&h, e->buf, sizeof(h));
	err = check_shdr_table(e, &h);
	err = err ?: check_sections(e, h.e_shoff);
	err = err ?: start_libelf(e);
	err = err ?: find_symtab(e);
	err = err ?: load_symbols(e);
	return err;
}

int bbpf__elf_open_mem(struct bbpf__elf *e, const void *data, size_t sz, bool borrow,
		       const char *what)
{
	int err;

	memset(e, 0, sizeof(*e));
	e->what = what;
	if (sz > MAX_OBJ_SIZE) {
		pr_warn("%s: %zu bytes: larger than any BPF object we accept (%lu)\n", what, sz,
			MAX_OBJ_SIZE);
		return -E2BIG;
	}
	if (borrow && sz) {
		e->buf = (char *)data;
		e->borrowed = true;
	} else {
		e->buf = malloc(sz ? sz : 1);
		if (!e->buf)
			return -ENOMEM;
		if (sz)
			memcpy(e->buf, data, sz);
	}
	e->sz = sz;
	err = open_buf(e);
	if (err)
		bbpf__elf_close(e);
	return err;
}

/* Exactly @len bytes at @off of @fd into e->buf + @off. */
static int pread_at(struct bbpf__elf *e, int fd, uint64_t off, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, e->buf + off + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? bbpf__neg_errno() : -EIO;
		done += (size_t)n;
	}
	return 0;
}

/* DWARF (and its relocations): most of a -g object's bytes, and nothing the loader reads. */
static bool is_debug(const char *name)
{
	return !strncmp(name, ".debug_", 7) || !strncmp(name, ".rel.debug_", 11) ||
	       !strncmp(name, ".rela.debug_", 12);
}

/*
 * The sections' bytes, except DWARF's: those pages of e->buf stay zero and
 * are never touched (calloc of a large block maps zero pages lazily), so a
 * 700 KB object with 60 KB of BTF and code costs its 60 KB. Runs once the
 * header, the section table and the name table are in e->buf and checked.
 */
static int read_sections(struct bbpf__elf *e, int fd, uint64_t shoff)
{
	Elf64_Shdr sh, names = raw_shdr(e, shoff, e->shstrndx);
	size_t i;
	int err = 0;

	for (i = 1; i < e->shnum && !err; i++) {
		sh = raw_shdr(e, shoff, i);
		if (i == e->shstrndx || sh.sh_type == SHT_NOBITS || !sh.sh_size ||
		    is_debug(e->buf + names.sh_offset + sh.sh_name))
			continue;
		err = pread_at(e, fd, sh.sh_offset, sh.sh_size);
	}
	return err;
}

/* Reads the ELF header, section table and names of @fd into e->buf, the file's size. */
static int read_fd(struct bbpf__elf *e, int fd)
{
	struct stat st;
	Elf64_Ehdr h;
	Elf64_Shdr names;
	int err;

	if (fstat(fd, &st))
		return bbpf__neg_errno();
	if (S_ISDIR(st.st_mode)) {
		pr_warn("%s: is a directory, not a BPF object\n", e->what);
		return -EISDIR;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_OBJ_SIZE) {
		pr_warn("%s: %s\n", e->what,
			S_ISREG(st.st_mode) ? "larger than any BPF object we accept (1 GiB)"
					    : "not a regular file");
		return S_ISREG(st.st_mode) ? -E2BIG : -EINVAL;
	}
	e->buf = calloc(1, st.st_size ? st.st_size : 1);
	if (!e->buf)
		return -ENOMEM;
	e->sz = (size_t)st.st_size;
	err = pread_at(e, fd, 0, e->sz < sizeof(h) ? e->sz : sizeof(h));
	err = err ?: check_ident(e);
	if (err)
		return err;
	memcpy(&h, e->buf, sizeof(h));
	err = check_shdr_table(e, &h);
	err = err ?: pread_at(e, fd, h.e_shoff, e->shnum * sizeof(Elf64_Shdr));
	if (err)
		return err;
	names = raw_shdr(e, h.e_shoff, e->shstrndx);
	if (names.sh_type != SHT_NOBITS && names.sh_offset <= e->sz &&
	    names.sh_size <= e->sz - names.sh_offset)
		err = pread_at(e, fd, names.sh_offset, names.sh_size);
	err = err ?: check_sections(e, h.e_shoff);
	return err ?: read_sections(e, fd, h.e_shoff);
}

int bbpf__elf_open_file(struct bbpf__elf *e, const char *path)
{
	int fd, err;

	memset(e, 0, sizeof(*e));
	e->what = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = bbpf__neg_errno();
		pr_warn("%s: cannot open: %s\n", path, strerror(-err));
		return err;
	}
	err = read_fd(e, fd);
	close(fd);
	if (err && err != -E2BIG && err != -EINVAL && err != -EISDIR)
		pr_warn("%s: cannot read: %s\n", path, strerror(-err));
	err = err ?: open_buf(e);
	if (err)
		bbpf__elf_close(e);
	return err;
}

void bbpf__elf_close(struct bbpf__elf *e)
{
	if (e->elf)
		elf_end(e->elf);
	if (!e->borrowed)
		free(e->buf);
	memset(e, 0, sizeof(*e));
}

const Elf64_Shdr *bbpf__elf_shdr(const struct bbpf__elf *e, size_t idx)
{
	Elf_Scn *scn;

	if (!e->elf || idx >= e->shnum)
		return NULL;
	scn = elf_getscn(e->elf, idx);
	return scn ? elf64_getshdr(scn) : NULL;
}

const char *bbpf__elf_sec_name(const struct bbpf__elf *e, size_t idx)
{
	const Elf64_Shdr *sh = bbpf__elf_shdr(e, idx);
	const char *name;

	if (!sh)
		return NULL;
	name = elf_strptr(e->elf, e->shstrndx, sh->sh_name);
	return name ? name : "";
}

const void *bbpf__elf_sec_data(const struct bbpf__elf *e, size_t idx, size_t *sz)
{
	const Elf64_Shdr *sh = bbpf__elf_shdr(e, idx);

	*sz = sh ? sh->sh_size : 0;
	if (!sh || sh->sh_type == SHT_NOBITS || sh->sh_size == 0)
		return NULL;
	/* Bounds were checked at open: the bytes are in our copy of the file. */
	return e->buf + sh->sh_offset;
}

int bbpf__elf_sec_idx(const struct bbpf__elf *e, const char *name)
{
	size_t i;

	for (i = 1; i < e->shnum; i++)
		if (!strcmp(bbpf__elf_sec_name(e, i), name))
			return i;
	return -ENOENT;
}

const Elf64_Sym *bbpf__elf_sym(const struct bbpf__elf *e, size_t idx)
{
	return idx < e->sym_cnt ? &e->syms[idx] : NULL;
}

const char *bbpf__elf_sym_name(const struct bbpf__elf *e, const Elf64_Sym *sym)
{
	const Elf64_Shdr *sh = bbpf__elf_shdr(e, e->symtab);
	const char *name;

	if (!sh || !sym->st_name)
		return "";
	name = elf_strptr(e->elf, sh->sh_link, sym->st_name);
	return name ? name : "";
}
