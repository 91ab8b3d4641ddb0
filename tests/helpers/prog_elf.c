// SPDX-License-Identifier: BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prog_elf.h"

struct elf_ctx {
	Elf *elf;
	size_t shstrndx;
	Elf_Data *syms;
	size_t strtab; /* section index of the symbol names */
};

const char *test_prog_path(const char *name)
{
	static char buf[4096];
	const char *root = getenv("BBPF_PROGS");

	snprintf(buf, sizeof(buf), "%s/%s", root ? root : "build/progs", name);
	return buf;
}

static const char *sec_name(struct elf_ctx *c, size_t idx)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elf_getscn(c->elf, idx);

	if (!scn || !gelf_getshdr(scn, &sh))
		return "";
	return elf_strptr(c->elf, c->shstrndx, sh.sh_name) ?: "";
}

static int find_symtab(struct elf_ctx *c)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(c->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		c->syms = elf_getdata(scn, NULL);
		c->strtab = sh.sh_link;
		return c->syms ? 0 : -EINVAL;
	}
	return -ENOENT;
}

static int find_func(struct elf_ctx *c, const char *func, GElf_Sym *out)
{
	GElf_Sym sym;
	int i;

	for (i = 0; gelf_getsym(c->syms, i, &sym); i++) {
		const char *name = elf_strptr(c->elf, c->strtab, sym.st_name);

		if (GELF_ST_TYPE(sym.st_info) == STT_FUNC && name && !strcmp(name, func)) {
			*out = sym;
			return 0;
		}
	}
	return -ENOENT;
}

static void read_license(struct elf_ctx *c, char *buf, size_t sz)
{
	Elf_Scn *scn = NULL;
	Elf_Data *d;

	while ((scn = elf_nextscn(c->elf, scn))) {
		if (strcmp(sec_name(c, elf_ndxscn(scn)), "license"))
			continue;
		d = elf_getdata(scn, NULL);
		if (d && d->d_size)
			snprintf(buf, sz, "%.*s", (int)d->d_size, (const char *)d->d_buf);
		return;
	}
}

static int patch_one(struct elf_ctx *c, struct test_prog *p, GElf_Rel *rel, const GElf_Sym *fn,
		     const struct test_map_fd *maps, size_t map_cnt)
{
	size_t idx = (rel->r_offset - fn->st_value) / sizeof(struct bpf_insn), i;
	struct bpf_insn *insn = &p->insns[idx];
	const char *name;
	GElf_Sym sym;

	if (!gelf_getsym(c->syms, GELF_R_SYM(rel->r_info), &sym))
		return -EINVAL;
	name = elf_strptr(c->elf, c->strtab, sym.st_name);
	if (strcmp(sec_name(c, sym.st_shndx), ".maps") ||
	    insn->code != (BPF_LD | BPF_IMM | BPF_DW) || idx + 1 >= p->insn_cnt) {
		fprintf(stderr, "prog_elf: insn %zu: relocation to '%s' is not a map\n", idx,
			name ?: "?");
		return -EOPNOTSUPP;
	}
	for (i = 0; i < map_cnt; i++) {
		if (name && !strcmp(maps[i].name, name)) {
			insn->src_reg = BPF_PSEUDO_MAP_FD;
			insn->imm = maps[i].fd;
			return 0;
		}
	}
	fprintf(stderr, "prog_elf: no fd given for map '%s'\n", name ?: "?");
	return -ENOENT;
}

/* Patches the relocations of .rel<section> that fall inside function @fn. */
static int patch_maps(struct elf_ctx *c, struct test_prog *p, const GElf_Sym *fn,
		      const struct test_map_fd *maps, size_t map_cnt)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Rel rel;
	Elf_Data *d;
	int i, err;

	while ((scn = elf_nextscn(c->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_REL || sh.sh_info != fn->st_shndx)
			continue;
		d = elf_getdata(scn, NULL);
		for (i = 0; d && gelf_getrel(d, i, &rel); i++) {
			if (rel.r_offset < fn->st_value ||
			    rel.r_offset >= fn->st_value + fn->st_size)
				continue;
			err = patch_one(c, p, &rel, fn, maps, map_cnt);
			if (err)
				return err;
		}
	}
	return 0;
}

static int read_func(struct elf_ctx *c, const char *func, const struct test_map_fd *maps,
		     size_t map_cnt, struct test_prog *p)
{
	Elf_Data *text;
	GElf_Sym fn;
	int err;

	if (elf_getshdrstrndx(c->elf, &c->shstrndx))
		return -EINVAL;
	err = find_symtab(c);
	err = err ?: find_func(c, func, &fn);
	if (err)
		return err;
	text = elf_getdata(elf_getscn(c->elf, fn.st_shndx), NULL);
	if (!text || fn.st_value + fn.st_size > text->d_size || !fn.st_size)
		return -EINVAL;
	p->insns = malloc(fn.st_size);
	if (!p->insns)
		return -ENOMEM;
	memcpy(p->insns, (char *)text->d_buf + fn.st_value, fn.st_size);
	p->insn_cnt = fn.st_size / sizeof(struct bpf_insn);
	read_license(c, p->license, sizeof(p->license));
	return patch_maps(c, p, &fn, maps, map_cnt);
}

int test_prog_read(const char *path, const char *func, const struct test_map_fd *maps,
		   size_t map_cnt, struct test_prog *out)
{
	struct elf_ctx c = { 0 };
	struct test_prog p = { 0 };
	int fd, err;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	c.elf = elf_begin(fd, ELF_C_READ, NULL);
	err = c.elf ? read_func(&c, func, maps, map_cnt, &p) : -EINVAL;
	elf_end(c.elf);
	close(fd);
	if (err) {
		test_prog_free(&p);
		return err;
	}
	*out = p;
	return 0;
}

void test_prog_free(struct test_prog *prog)
{
	free(prog->insns);
	prog->insns = NULL;
	prog->insn_cnt = 0;
}
