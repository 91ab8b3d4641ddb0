// SPDX-License-Identifier: BSD-2-Clause
/*
 * ELF files that are not BPF objects: a vmlinux (its .BTF) and the
 * executables and libraries uprobes attach to (symbol -> file offset).
 * libelf reads them lazily (ELF_C_READ: the headers, then only what is
 * asked), any class and byte order through gelf; the bytes of the one
 * section wanted are read by us, after checking that they lie in the file:
 *
 *   elf_begin(fd)      ELF header, section headers
 *   elf_strptr()       section names (.shstrtab)
 *   pread(sh_offset)   the section, sh_size bytes, into one allocation
 *
 * Objects (loader/elf/elf.c) are read whole instead: every section of a
 * .bpf.o is used, and it is checked byte by byte before libelf sees it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <gelf.h>

#include "internal/err.h"
#include "internal/log.h"
#include "elf/read.h"

#define MAX_SEC_SZ ((uint64_t)UINT32_MAX)

struct efile {
	Elf *elf;
	int fd;
	const char *img; /* or the file at fd */
	uint64_t size;
	const char *what;
};

static int efile_open(struct efile *f, int fd, void *image, size_t image_sz)
{
	struct stat st;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EOPNOTSUPP;
	f->fd = fd;
	f->img = image;
	if (image) {
		f->size = image_sz;
		f->elf = elf_memory(image, image_sz);
	} else {
		if (fstat(fd, &st))
			return bbpf__neg_errno();
		f->size = (uint64_t)st.st_size;
		f->elf = elf_begin(fd, ELF_C_READ, NULL);
	}
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF) {
		pr_warn("%s: not an ELF file: %s\n", f->what, elf_errmsg(-1));
		return -EINVAL;
	}
	return 0;
}

static void efile_close(struct efile *f)
{
	if (f->elf)
		elf_end(f->elf);
	f->elf = NULL;
}

/* Section @name's header, or -ENOENT. */
static int find_sec(const struct efile *f, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	const char *n;
	size_t strndx;

	if (elf_getshdrstrndx(f->elf, &strndx)) {
		pr_warn("%s: no section name table: %s\n", f->what, elf_errmsg(-1));
		return -EINVAL;
	}
	while ((scn = elf_nextscn(f->elf, scn))) {
		if (!gelf_getshdr(scn, sh))
			break;
		n = elf_strptr(f->elf, strndx, sh->sh_name);
		if (n && !strcmp(n, name))
			return 0;
	}
	return -ENOENT;
}

/* Exactly @len bytes at @off of the file. */
static int read_at(const struct efile *f, uint64_t off, void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	if (f->img) {
		memcpy(buf, f->img + off, len);
		return 0;
	}
	while (done < len) {
		n = pread(f->fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? bbpf__neg_errno() : -EIO;
		done += (size_t)n;
	}
	return 0;
}

static int copy_sec(const struct efile *f, const char *name, const GElf_Shdr *sh, void **data,
		    size_t *sz)
{
	void *buf;
	int err;

	if (sh->sh_type == SHT_NOBITS || sh->sh_offset > f->size ||
	    sh->sh_size > f->size - sh->sh_offset) {
		pr_warn("%s: section %s [%llu, +%llu) has no bytes in the %llu-byte file\n",
			f->what, name, (unsigned long long)sh->sh_offset,
			(unsigned long long)sh->sh_size, (unsigned long long)f->size);
		return -EINVAL;
	}
	if (sh->sh_size > MAX_SEC_SZ)
		return -E2BIG;
	buf = malloc(sh->sh_size ? sh->sh_size : 1);
	if (!buf)
		return -ENOMEM;
	err = read_at(f, sh->sh_offset, buf, sh->sh_size);
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	*sz = sh->sh_size;
	return 0;
}

int bbpf__elf_sec_read(int fd, void *image, size_t image_sz, const char *what, const char *name,
		       void **data, size_t *sz)
{
	struct efile f = { .what = what ? what : "ELF file" };
	GElf_Shdr sh;
	int err;

	err = efile_open(&f, fd, image, image_sz);
	err = err ?: find_sec(&f, name, &sh);
	err = err ?: copy_sec(&f, name, &sh, data, sz);
	efile_close(&f);
	return err;
}

/* A symbol's address made a file offset through the section holding it (as libbpf does). */
static bool file_off(const struct efile *f, const GElf_Sym *s, uint64_t *off)
{
	GElf_Shdr home;

	if (s->st_shndx >= SHN_LORESERVE || !gelf_getshdr(elf_getscn(f->elf, s->st_shndx), &home) ||
	    home.sh_type == SHT_NOBITS || s->st_value < home.sh_addr ||
	    s->st_value - home.sh_addr >= home.sh_size)
		return false;
	*off = s->st_value - home.sh_addr + home.sh_offset;
	return true;
}

/*
 * Each defined function of symbol table @scn, to @fn with its name and its
 * symbol (file offset in *@off when it has one, else -1); stops at @fn's
 * non-zero, which it returns.
 */
static int funcs_in(const struct efile *f, Elf_Scn *scn, const GElf_Shdr *sh,
		    int (*fn)(void *ctx, const char *name, uint64_t off), void *ctx)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Sym s;
	const char *n;
	uint64_t off;
	size_t i;
	int ret;

	for (i = 0; d && sh->sh_entsize && i < sh->sh_size / sh->sh_entsize; i++) {
		if (!gelf_getsym(d, (int)i, &s) || s.st_shndx == SHN_UNDEF ||
		    GELF_ST_TYPE(s.st_info) != STT_FUNC)
			continue;
		n = elf_strptr(f->elf, sh->sh_link, s.st_name);
		if (!n || !*n)
			continue;
		ret = fn(ctx, n, file_off(f, &s, &off) ? off : UINT64_MAX);
		if (ret)
			return ret;
	}
	return 0;
}

struct one_sym {
	const char *what, *sym;
	uint64_t off;
	bool found;
};

static int is_sym(void *ctx, const char *name, uint64_t off)
{
	struct one_sym *o = ctx;

	if (strcmp(name, o->sym))
		return 0;
	if (off == UINT64_MAX) {
		pr_warn("%s: symbol %s lies in no section of the file\n", o->what, o->sym);
		return -EINVAL;
	}
	o->off = off;
	o->found = true;
	return 1;
}

/* Calls the user's @fn only for symbols with a file offset. */
struct with_off {
	int (*fn)(void *ctx, const char *name, uint64_t off);
	void *ctx;
};

static int if_off(void *ctx, const char *name, uint64_t off)
{
	struct with_off *w = ctx;

	return off == UINT64_MAX ? 0 : w->fn(w->ctx, name, off);
}

/* Each function of .symtab, then of .dynsym, to @fn (funcs_in()). */
static int walk_funcs(const struct efile *f, int (*fn)(void *ctx, const char *name, uint64_t off),
		      void *ctx)
{
	static const unsigned int kinds[] = { SHT_SYMTAB, SHT_DYNSYM };
	Elf_Scn *scn;
	GElf_Shdr sh;
	size_t k;
	int err = 0;

	for (k = 0; !err && k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (scn = NULL; !err && (scn = elf_nextscn(f->elf, scn));)
			if (gelf_getshdr(scn, &sh) && sh.sh_type == kinds[k])
				err = funcs_in(f, scn, &sh, fn, ctx);
	return err;
}

/* Opens ELF file @path for @walk with @ctx, then closes it. */
static int with_file(const char *path, int (*walk)(const struct efile *f, void *ctx), void *ctx)
{
	struct efile f = { .what = path };
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = bbpf__neg_errno();
		pr_warn("%s: cannot open: %s\n", path, strerror(-err));
		return err;
	}
	err = efile_open(&f, fd, NULL, 0);
	err = err ?: walk(&f, ctx);
	efile_close(&f);
	close(fd);
	return err;
}

static int walk_with_off(const struct efile *f, void *ctx)
{
	return walk_funcs(f, if_off, ctx);
}

int bbpf__elf_funcs(const char *path, int (*fn)(void *ctx, const char *name, uint64_t off),
		    void *ctx)
{
	struct with_off w = { fn, ctx };

	return with_file(path, walk_with_off, &w);
}

static int find_sym(const struct efile *f, void *ctx)
{
	struct one_sym *o = ctx;
	int err = walk_funcs(f, is_sym, o);

	if (err < 0)
		return err;
	if (!o->found) {
		pr_warn("%s: no function symbol %s (in .symtab or .dynsym)\n", f->what, o->sym);
		return -ENOENT;
	}
	return 0;
}

int bbpf__elf_sym_offset(const char *path, const char *sym, uint64_t *off)
{
	struct one_sym o = { .what = path, .sym = sym };
	int err = with_file(path, find_sym, &o);

	if (!err)
		*off = o.off;
	return err;
}
