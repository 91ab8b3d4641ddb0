// SPDX-License-Identifier: BSD-2-Clause
/*
 * A minimal ELF reader for CO-RE: .BTF, .BTF.ext, the executable sections
 * and the STT_FUNC symbols of a BPF object, through libelf. It is what
 * `barebpf core explain` needs before the full open phase exists; see
 * core_objfile.h for what merges where.
 *
 * Objects of the other byte order (clang -target bpfeb on x86) are read
 * too: libelf converts headers and symbols, the BTF parser swaps BTF, and
 * the instructions are swapped here (off and imm; the two register nibbles
 * trade places).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal/err.h"
#include "internal/log.h"
#include "internal/mem.h"
#include "obj/core_objfile.h"

struct elf_ctx {
	const char *path;
	Elf *elf;
	size_t shstrndx;
	bool swap; /* the file is not in host byte order */
	Elf_Data *btf, *ext;
};

static void swap_insns(struct bpf_insn *insns, size_t cnt)
{
	size_t i;
	uint8_t r;

	for (i = 0; i < cnt; i++) {
		r = insns[i].dst_reg;
		insns[i].dst_reg = insns[i].src_reg;
		insns[i].src_reg = r;
		insns[i].off = (int16_t)__builtin_bswap16((uint16_t)insns[i].off);
		insns[i].imm = (int32_t)__builtin_bswap32((uint32_t)insns[i].imm);
	}
}

static int add_sec(struct bbpf_core_obj *obj, struct elf_ctx *e, size_t idx, const char *name,
		   Elf_Data *d)
{
	struct bbpf__core_sec *s;
	int err;

	if (!d || !d->d_buf || d->d_size % sizeof(struct bpf_insn))
		return 0; /* empty or not code: nothing to relocate */
	err = bbpf__grow((void **)&obj->secs, &obj->sec_cap, sizeof(*s), obj->sec_cnt + 1);
	if (err)
		return err;
	s = &obj->secs[obj->sec_cnt];
	s->name = strdup(name);
	s->insns = malloc(d->d_size ?: 1);
	if (!s->name || !s->insns) {
		free(s->name);
		free(s->insns);
		return -ENOMEM;
	}
	memcpy(s->insns, d->d_buf, d->d_size);
	s->insn_cnt = d->d_size / sizeof(struct bpf_insn);
	s->idx = idx;
	if (e->swap)
		swap_insns(s->insns, s->insn_cnt);
	obj->sec_cnt++;
	return 0;
}

static int add_func(struct bbpf_core_obj *obj, const char *name, const GElf_Sym *sym)
{
	struct bbpf__core_func *f;
	int err;

	err = bbpf__grow((void **)&obj->funcs, &obj->func_cap, sizeof(*f), obj->func_cnt + 1);
	if (err)
		return err;
	f = &obj->funcs[obj->func_cnt];
	f->name = strdup(name);
	if (!f->name)
		return -ENOMEM;
	f->sec_idx = sym->st_shndx;
	f->start = sym->st_value / sizeof(struct bpf_insn);
	f->cnt = sym->st_size / sizeof(struct bpf_insn);
	obj->func_cnt++;
	return 0;
}

static int read_syms(struct bbpf_core_obj *obj, struct elf_ctx *e, Elf_Scn *scn,
		     const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	const char *name;
	GElf_Sym sym;
	size_t i, n;
	int err = 0;

	if (!d || !sh->sh_entsize)
		return -EINVAL;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 1; !err && i < n; i++) {
		if (!gelf_getsym(d, i, &sym))
			return -EINVAL;
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF ||
		    sym.st_shndx >= SHN_LORESERVE)
			continue;
		name = elf_strptr(e->elf, sh->sh_link, sym.st_name);
		err = add_func(obj, name ? name : "", &sym);
	}
	return err;
}

static int read_scn(struct bbpf_core_obj *obj, struct elf_ctx *e, Elf_Scn *scn)
{
	const char *name;
	GElf_Shdr sh;

	if (!gelf_getshdr(scn, &sh))
		return -EINVAL;
	name = elf_strptr(e->elf, e->shstrndx, sh.sh_name);
	if (!name)
		return -EINVAL;
	if (sh.sh_type == SHT_SYMTAB)
		return read_syms(obj, e, scn, &sh);
	if (sh.sh_type != SHT_PROGBITS)
		return 0;
	if (!strcmp(name, ".BTF"))
		e->btf = elf_getdata(scn, NULL);
	else if (!strcmp(name, ".BTF.ext"))
		e->ext = elf_getdata(scn, NULL);
	else if (sh.sh_flags & SHF_EXECINSTR)
		return add_sec(obj, e, elf_ndxscn(scn), name, elf_getdata(scn, NULL));
	return 0;
}

static int read_elf(struct bbpf_core_obj *obj, struct elf_ctx *e)
{
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;
	int err = 0;

	if (!gelf_getehdr(e->elf, &eh) || eh.e_machine != EM_BPF ||
	    elf_getshdrstrndx(e->elf, &e->shstrndx)) {
		pr_warn("%s: not a BPF ELF object\n", e->path);
		return -EINVAL;
	}
	e->swap = (eh.e_ident[EI_DATA] == ELFDATA2MSB) != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	while (!err && (scn = elf_nextscn(e->elf, scn)))
		err = read_scn(obj, e, scn);
	if (err) {
		pr_warn("%s: malformed ELF section or symbol table\n", e->path);
		return err;
	}
	if (!e->btf || !e->ext) {
		pr_warn("%s: no %s section: build it with clang -g to have CO-RE relocations\n",
			e->path, e->btf ? ".BTF.ext" : ".BTF");
		return -ENOENT;
	}
	err = bbpf_btf_parse(e->btf->d_buf, e->btf->d_size, NULL, &obj->btf);
	return err ?: bbpf_btf_ext_parse(e->ext->d_buf, e->ext->d_size, obj->btf, &obj->ext);
}

int bbpf_core_obj_open(const char *path, struct bbpf_core_obj **out)
{
	struct elf_ctx e = { .path = path };
	struct bbpf_core_obj *obj;
	int fd, err;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	obj = calloc(1, sizeof(*obj));
	if (!obj)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = bbpf__neg_errno();
		pr_warn("%s: %s\n", path, bbpf_strerror(err));
		free(obj);
		return err;
	}
	e.elf = elf_begin(fd, ELF_C_READ, NULL);
	err = e.elf ? read_elf(obj, &e) : -EINVAL;
	if (!e.elf)
		pr_warn("%s: not an ELF file: %s\n", path, elf_errmsg(-1));
	elf_end(e.elf);
	close(fd);
	if (err) {
		bbpf_core_obj_close(obj);
		return err;
	}
	*out = obj;
	return 0;
}

void bbpf_core_obj_close(struct bbpf_core_obj *obj)
{
	size_t i;

	if (!obj)
		return;
	for (i = 0; i < obj->sec_cnt; i++) {
		free(obj->secs[i].name);
		free(obj->secs[i].insns);
	}
	for (i = 0; i < obj->func_cnt; i++)
		free(obj->funcs[i].name);
	free(obj->secs);
	free(obj->funcs);
	bbpf_btf_ext_free(obj->ext);
	bbpf_btf_free(obj->btf);
	free(obj);
}

const struct bbpf_btf *bbpf_core_obj_btf(const struct bbpf_core_obj *obj)
{
	return obj->btf;
}

const struct bbpf__core_sec *bbpf__core_obj_sec(const struct bbpf_core_obj *obj, const char *name)
{
	size_t i;

	for (i = 0; name && i < obj->sec_cnt; i++)
		if (!strcmp(obj->secs[i].name, name))
			return &obj->secs[i];
	return NULL;
}

const struct bbpf__core_func *bbpf__core_obj_func(const struct bbpf_core_obj *obj, size_t sec_idx,
						  size_t insn)
{
	const struct bbpf__core_func *f, *best = NULL;
	size_t i;

	for (i = 0; i < obj->func_cnt; i++) {
		f = &obj->funcs[i];
		if (f->sec_idx != sec_idx || f->start > insn)
			continue;
		if (f->cnt && insn < f->start + f->cnt)
			return f;
		if (!f->cnt && (!best || f->start > best->start))
			best = f;
	}
	return best;
}
