// SPDX-License-Identifier: BSD-2-Clause
/*
 * The test oracle for `barebpf core explain --json`: the same walk over an
 * object's CO-RE relocations, decided by libbpf's own engine (Debian's
 * libbpf-dev, static library: bpf_core_add_cands(), bpf_core_calc_relo_insn()
 * and bpf_core_patch_insn(), the functions bpftool's gen min_core_btf uses).
 * Test code only: nothing in barebpf links it.
 *
 *	libbpf_oracle [-v] OBJ TARGET_BTF
 *
 * prints one JSON line per relocation with the keys and the meaning of
 * core explain's, so that the two outputs can be diffed. Candidates are
 * cached per local type id and narrowed by each relocation, as libbpf does
 * when it loads an object. The section walk, .BTF.ext parsing and symbol
 * lookup are written here independently of barebpf's.
 *
 * libbpf's internal structs are not in its installed headers: the layouts
 * below are those of libbpf 1.1 (tools/lib/bpf/relo_core.h in Linux 6.1).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

struct bpf_core_cand {
	const struct btf *btf;
	__u32 id;
};

struct bpf_core_cand_list {
	struct bpf_core_cand *cands;
	int len;
};

struct bpf_core_accessor {
	__u32 type_id;
	__u32 idx;
	const char *name;
};

struct bpf_core_spec {
	const struct btf *btf;
	struct bpf_core_accessor spec[64];
	__u32 root_type_id;
	enum bpf_core_relo_kind relo_kind;
	int len;
	int raw_spec[64];
	int raw_len;
	__u32 bit_offset;
};

struct bpf_core_relo_res {
	__u64 orig_val;
	__u64 new_val;
	bool poison;
	bool validate;
	bool fail_memsz_adjust;
	__u32 orig_sz;
	__u32 orig_type_id;
	__u32 new_sz;
	__u32 new_type_id;
};

int bpf_core_add_cands(struct bpf_core_cand *local_cand, size_t local_essent_len,
		       const struct btf *targ_btf, const char *targ_btf_name, int targ_start_id,
		       struct bpf_core_cand_list *cands);
void bpf_core_free_cands(struct bpf_core_cand_list *cands);
size_t bpf_core_essential_name_len(const char *name);
int bpf_core_calc_relo_insn(const char *prog_name, const struct bpf_core_relo *relo, int relo_idx,
			    const struct btf *local_btf, struct bpf_core_cand_list *cands,
			    struct bpf_core_spec *specs_scratch,
			    struct bpf_core_relo_res *targ_res);
int bpf_core_patch_insn(const char *prog_name, struct bpf_insn *insn, int insn_idx,
			const struct bpf_core_relo *relo, int relo_idx,
			const struct bpf_core_relo_res *res);

static const char *const kinds[] = {
	"byte_off",	  "byte_sz",	   "field_exists",   "signed",	    "lshift_u64",
	"rshift_u64",	  "local_type_id", "target_type_id", "type_exists", "type_size",
	"enumval_exists", "enumval_value", "type_matches",
};

static const char *const btf_kinds[] = {
	"void", "int",	   "ptr",      "array",	   "struct",   "union",	 "enum",
	"fwd",	"typedef", "volatile", "const",	   "restrict", "func",	 "func_proto",
	"var",	"datasec", "float",    "decl_tag", "type_tag", "enum64",
};

static bool verbose;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!verbose && level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

struct sec {
	const char *name;
	size_t idx;
	struct bpf_insn *insns;
	size_t cnt;
};

struct func {
	const char *name;
	size_t sec_idx, start, cnt;
};

struct obj {
	Elf *elf;
	struct sec secs[256];
	size_t nsecs;
	struct func funcs[4096];
	size_t nfuncs;
	Elf_Data *ext;
	struct btf *btf;
	struct btf *targ;
	struct bpf_core_cand_list **cache;
};

static void read_syms(struct obj *o, Elf_Scn *scn, GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Sym s;
	size_t i;

	for (i = 1; d && i < sh->sh_size / sh->sh_entsize && o->nfuncs < 4096; i++) {
		if (!gelf_getsym(d, i, &s) || GELF_ST_TYPE(s.st_info) != STT_FUNC ||
		    s.st_shndx == SHN_UNDEF)
			continue;
		o->funcs[o->nfuncs++] = (struct func){ elf_strptr(o->elf, sh->sh_link, s.st_name),
						       s.st_shndx, s.st_value / 8, s.st_size / 8 };
	}
}

static int read_obj(struct obj *o, int fd)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;
	Elf_Data *d;
	const char *name;

	elf_version(EV_CURRENT);
	o->elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!o->elf || elf_getshdrstrndx(o->elf, &shstrndx))
		return -EINVAL;
	while ((scn = elf_nextscn(o->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -EINVAL;
		name = elf_strptr(o->elf, shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_SYMTAB)
			read_syms(o, scn, &sh);
		if (sh.sh_type != SHT_PROGBITS || !name)
			continue;
		d = elf_getdata(scn, NULL);
		if (!strcmp(name, ".BTF.ext"))
			o->ext = d;
		else if ((sh.sh_flags & SHF_EXECINSTR) && d && d->d_size && o->nsecs < 256)
			o->secs[o->nsecs++] =
				(struct sec){ name, elf_ndxscn(scn), d->d_buf, d->d_size / 8 };
	}
	return o->ext ? 0 : -ENOENT;
}

static const struct func *find_func(const struct obj *o, size_t sec_idx, size_t at)
{
	size_t i;

	for (i = 0; i < o->nfuncs; i++)
		if (o->funcs[i].sec_idx == sec_idx && at >= o->funcs[i].start &&
		    at < o->funcs[i].start + o->funcs[i].cnt)
			return &o->funcs[i];
	return NULL;
}

/* libbpf's bpf_core_find_cands() for one vmlinux-like target, without modules. */
static int find_cands(struct obj *o, __u32 id, struct bpf_core_cand_list **out)
{
	const struct btf_type *t = btf__type_by_id(o->btf, id);
	struct bpf_core_cand local = { o->btf, id };
	const char *name;
	int err;

	if (o->cache[id]) {
		*out = o->cache[id];
		return 0;
	}
	if (!t)
		return -EINVAL;
	name = btf__name_by_offset(o->btf, t->name_off);
	if (!name || !*name)
		return -EINVAL;
	o->cache[id] = calloc(1, sizeof(**o->cache));
	err = bpf_core_add_cands(&local, bpf_core_essential_name_len(name), o->targ, "vmlinux", 1,
				 o->cache[id]);
	*out = o->cache[id];
	return err;
}

static uint64_t insn_value(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return (uint64_t)(int64_t)insn->off;
	case BPF_LD:
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
			return (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;
		/* fallthrough */
	default:
		return (uint64_t)(int64_t)insn->imm;
	}
}

static void print_val(const char *key, const struct bpf_insn *insn)
{
	uint64_t v = insn_value(insn);

	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
		printf(",\"%s\":%" PRIu64, key, v);
	else
		printf(",\"%s\":%" PRId64, key, (int64_t)v);
}

static bool is_poison(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->imm == 0xbad2310;
}

struct relo_out {
	const char *sec, *prog;
	int relo_idx;
	size_t insn_idx;
	const struct bpf_core_relo *r;
	struct bpf_insn old[2], cur[2];
	__u32 targ_id;
	int err;
};

static void print_relo(struct obj *o, const struct relo_out *x)
{
	const struct btf_type *t = btf__type_by_id(o->btf, x->r->type_id);
	const char *name = t ? btf__name_by_offset(o->btf, t->name_off) : NULL;
	const char *result;

	if (x->err)
		result = "error";
	else if (is_poison(&x->cur[0]) && !is_poison(&x->old[0]))
		result = "poisoned";
	else if (!x->targ_id && x->r->kind != BPF_CORE_TYPE_ID_LOCAL)
		result = "missing";
	else
		result = "ok";
	printf("{\"prog\":\"%s\",\"sec\":\"%s\",\"relo\":%d,\"insn\":%zu,\"kind\":\"%s\","
	       "\"local\":\"%s %s\",\"access\":\"%s\",\"target_id\":%u",
	       x->prog, x->sec, x->relo_idx, x->insn_idx, x->r->kind < 13 ? kinds[x->r->kind] : "?",
	       t && btf_kind(t) < 20 ? btf_kinds[btf_kind(t)] : "?",
	       name && *name ? name : "<anon>", btf__name_by_offset(o->btf, x->r->access_str_off),
	       x->err ? 0 : x->targ_id);
	print_val("old", x->old);
	print_val("new", x->cur);
	printf(",\"result\":\"%s\",\"code\":%u}\n", result, x->cur[0].code);
}

static void one_relo(struct obj *o, const struct sec *s, const struct bpf_core_relo *r, int idx)
{
	static struct bpf_core_spec specs[3];
	struct bpf_core_cand_list *cands = NULL;
	struct bpf_core_relo_res res = { 0 };
	size_t at = r->insn_off / 8;
	const struct func *f = find_func(o, s->idx, at);
	struct relo_out x = { s->name, f ? f->name : s->name, idx, f ? at - f->start : at, r };
	int err = 0;

	if (r->insn_off % 8 || at >= s->cnt) {
		x.err = -EINVAL;
		print_relo(o, &x);
		return;
	}
	memcpy(x.old, &s->insns[at], (at + 1 < s->cnt ? 2 : 1) * sizeof(struct bpf_insn));
	memcpy(x.cur, x.old, sizeof(x.cur));
	memset(specs, 0, sizeof(specs));
	if (r->kind != BPF_CORE_TYPE_ID_LOCAL)
		err = find_cands(o, r->type_id, &cands);
	err = err ?: bpf_core_calc_relo_insn(x.prog, r, idx, o->btf, cands, specs, &res);
	x.targ_id = specs[2].root_type_id;
	err = err ?: bpf_core_patch_insn(x.prog, x.cur, x.insn_idx, r, idx, &res);
	x.err = err;
	/* later relocations see this one's patch, as in libbpf */
	if (!err)
		memcpy(&s->insns[at], x.cur, (at + 1 < s->cnt ? 2 : 1) * sizeof(struct bpf_insn));
	print_relo(o, &x);
}

/* .BTF.ext: header, then core_relo: rec_size, blocks of {sec_name_off, n, n records}. */
static int walk(struct obj *o)
{
	const uint8_t *p = o->ext->d_buf, *end;
	uint32_t hdr_len, off, len, rec_sz, name_off, n, i;
	const struct sec *s;
	size_t k;

	memcpy(&hdr_len, p + 4, 4);
	if (hdr_len < 32)
		return 0; /* no core_relo section */
	memcpy(&off, p + 24, 4);
	memcpy(&len, p + 28, 4);
	p += hdr_len + off;
	end = p + len;
	if (!len)
		return 0;
	memcpy(&rec_sz, p, 4);
	for (p += 4; p + 8 <= end; p += (size_t)n * rec_sz) {
		memcpy(&name_off, p, 4);
		memcpy(&n, p + 4, 4);
		p += 8;
		for (s = NULL, k = 0; k < o->nsecs; k++)
			if (!strcmp(o->secs[k].name, btf__name_by_offset(o->btf, name_off)))
				s = &o->secs[k];
		for (i = 0; s && i < n; i++)
			one_relo(o, s, (const struct bpf_core_relo *)(p + (size_t)i * rec_sz), i);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct obj o;
	struct btf_ext *ext = NULL;
	int fd, err;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = true;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: libbpf_oracle [-v] OBJ TARGET_BTF\n");
		return 2;
	}
	libbpf_set_print(print_fn);
	fd = open(argv[1], O_RDONLY);
	o.btf = btf__parse_elf(argv[1], &ext);
	o.targ = btf__parse(argv[2], NULL);
	if (fd < 0 || !o.btf || !o.targ || read_obj(&o, fd)) {
		fprintf(stderr, "libbpf_oracle: cannot read %s or %s\n", argv[1], argv[2]);
		return 1;
	}
	o.cache = calloc(btf__type_cnt(o.btf), sizeof(*o.cache));
	err = walk(&o);
	return err ? 1 : 0;
}
