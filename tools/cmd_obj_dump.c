// SPDX-License-Identifier: BSD-2-Clause
/*
 * `barebpf obj dump`: each program's instructions as barebpf would send them
 * to the kernel (subprograms appended, CO-RE applied against the target BTF,
 * maps, globals and externs named), in the kernel's syntax, with the source
 * line above each block and the CO-RE relocation on each patched
 * instruction. --before: each function as the ELF has it. No kernel needed
 * (only its BTF, for CO-RE).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>
#include <barebpf/kbtf.h>
#include <barebpf/obj.h>
#include "args.h"
#include "cmds.h"
#include "disasm.h"
#include "json.h"

/* One CO-RE relocation as applied: where, the new instruction, and what it was. */
struct core_patch {
	int func;
	uint32_t insn;
	struct bpf_insn new_insn;
	uint64_t new_val;
	char note[240];
};

struct dump {
	const struct bbpf_obj *obj;
	const char *only; /* --prog */
	bool json, before;
	struct core_patch *patches;
	size_t patch_cnt;
	/* the program being printed */
	const struct bbpf_prog *prog;
	const struct bbpf_relo *relos;
	size_t relo_cnt;
	size_t func_cnt;
	int *funcs;	    /* bbpf_obj_func() index of each function, the program first */
	uint32_t *func_off; /* where each starts in the instructions printed */
	struct bpf_insn *insns;
	size_t insn_cnt;
	const struct bbpf_btf_line_info **lines; /* per instruction, or NULL */
	struct bbpf_kbtf_set *kernel; /* the running kernel's BTF, for kfunc/ksym ids; or NULL */
};

static int on_relo(void *ctx, const struct bbpf_core_relo_info *in)
{
	static const char *const what[] = { "", ": poisoned", ": missing", ": cannot be applied" };
	struct dump *d = ctx;
	struct core_patch *p;
	const char *spec = in->spec, *paren;
	int len;

	if (spec[0] == '[' && strstr(spec, "] ")) /* "[9] struct task_struct.pid (0:92 ...)" */
		spec = strstr(spec, "] ") + 2;
	paren = strstr(spec, " (");
	len = paren ? (int)(paren - spec) : (int)strlen(spec);

	p = realloc(d->patches, (d->patch_cnt + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	d->patches = p;
	p += d->patch_cnt++;
	p->func = in->func;
	p->insn = in->insn_idx;
	p->new_insn = in->result == BBPF_CORE_RES_ERROR ? in->old_insn : in->new_insn;
	p->new_val = in->new_val;
	if (in->result == BBPF_CORE_RES_OK)
		snprintf(p->note, sizeof(p->note), "CO-RE %s: %.*s -> %llu",
			 bbpf_core_kind_str(in->relo->kind), len, spec,
			 (unsigned long long)in->new_val);
	else
		snprintf(p->note, sizeof(p->note), "CO-RE %s: %.*s%s%s%s",
			 bbpf_core_kind_str(in->relo->kind), len, spec, what[in->result],
			 in->why[0] ? ": " : "", in->why);
	return 0;
}

/* The target BTF (--btf, else the lookup order), only when the object has CO-RE records. */
static int apply_core(struct dump *d, const char *btf_path, struct bbpf_kbtf_set **set)
{
	struct bbpf_core_walk_cbs cbs = { .relo = on_relo, .ctx = d };
	const struct bbpf_btf_ext *ext = bbpf_obj_btf_ext(d->obj);
	struct bbpf_btf_target tgt = { 0 };
	struct bbpf_core_targets ct;
	int err;

	if (!ext || !bbpf_btf_ext_rec_size(ext, BBPF_BTF_EXT_CORE_RELO))
		return 0;
	bbpf_kbtf_target_host(&tgt);
	tgt.btf_path = btf_path;
	err = bbpf_kbtf_set_open(&tgt, set);
	if (err) {
		p_fail("%s has CO-RE relocations and no target BTF could be read (%s): give one "
		       "with --btf PATH, or see the ELF's own code with --before",
		       bbpf_obj_name(d->obj), bbpf_strerror(err));
		return err;
	}
	ct = (struct bbpf_core_targets){ bbpf_kbtf_set_btfs(*set), bbpf_kbtf_set_names(*set),
					 bbpf_kbtf_set_cnt(*set) };
	err = bbpf_obj_core_relocate(d->obj, &ct, &cbs);
	if (err < 0)
		p_fail("%s: CO-RE: %s", bbpf_obj_name(d->obj), bbpf_strerror(err));
	return err < 0 ? err : 0; /* failed relocations are shown on their instruction */
}

/* Whether an extern gets a kernel BTF id at load: a kfunc, or a ksym with a type. */
static bool needs_id(const struct bbpf_extern *x)
{
	return x->kind == BBPF_EXTERN_KSYM && (x->is_func || x->type_id);
}

/*
 * The running kernel's BTF, opened once when an extern needs an id: the
 * loader takes those ids from it whatever --btf says (load.c open_kernel()).
 * Where it cannot be read, the notes say the id comes at load.
 */
static void open_kernel(struct dump *d)
{
	struct bbpf_btf_target t = { 0 };
	size_t i;

	for (i = 0; i < bbpf_obj_extern_cnt(d->obj); i++)
		if (needs_id(bbpf_obj_extern(d->obj, i)))
			break;
	if (i == bbpf_obj_extern_cnt(d->obj))
		return;
	bbpf_kbtf_target_host(&t);
	if (bbpf_kbtf_set_open(&t, &d->kernel))
		d->kernel = NULL;
}

/*
 * The kernel BTF id extern @x gets at load, "BTF id N of WHERE" in @buf;
 * 0 and "" when the kernel's BTF is not here or lacks it.
 */
static int kernel_id(const struct dump *d, const struct bbpf_extern *x, char *buf, size_t sz)
{
	const struct bbpf_btf *const *btfs;
	uint32_t i;
	int id;

	buf[0] = '\0';
	if (!d->kernel || !x || !needs_id(x))
		return 0;
	btfs = bbpf_kbtf_set_btfs(d->kernel);
	for (i = 0; i < bbpf_kbtf_set_cnt(d->kernel); i++) {
		id = bbpf_btf_find_by_name_kind(btfs[i], x->name,
						x->is_func ? BTF_KIND_FUNC : BTF_KIND_VAR);
		if (id > 0) {
			snprintf(buf, sz, "BTF id %d of %s", id, bbpf_kbtf_set_names(d->kernel)[i]);
			return id;
		}
	}
	return 0;
}

static const struct bbpf_relo *relo_at(const struct dump *d, size_t idx)
{
	size_t i;

	for (i = 0; i < d->relo_cnt; i++)
		if (d->relos[i].insn == idx)
			return &d->relos[i];
	return NULL;
}

/* Maps, globals and externs by name where the kernel would see an fd or an address. */
static int name_ld_imm64(void *ctx, size_t idx, const struct bpf_insn *insn, char *buf, size_t sz)
{
	const struct dump *d = ctx;
	const struct bbpf_relo *r = d->before ? NULL : relo_at(d, idx);
	const struct bbpf_extern *x;
	const struct bbpf_map *m;

	(void)insn;
	if (!r)
		return 0;
	switch (r->kind) {
	case BBPF_RELO_MAP:
	case BBPF_RELO_MAP_VALUE:
		m = bbpf_obj_map(d->obj, r->target);
		if (r->kind == BBPF_RELO_MAP)
			snprintf(buf, sz, "map[%s]", m ? bbpf_map_name(m) : "?");
		else
			snprintf(buf, sz, "map[%s][0]+%d", m ? bbpf_map_name(m) : "?", r->off);
		return 1;
	case BBPF_RELO_EXTERN_VAR:
		x = bbpf_obj_extern(d->obj, r->target);
		if (x && x->kind == BBPF_EXTERN_KCONFIG) {
			snprintf(buf, sz, "map[.kconfig][0]+%u", x->kcfg_off);
		} else {
			char id[128];

			kernel_id(d, x, id, sizeof(id));
			snprintf(buf, sz, "ksym %s%s%s%s", x ? x->name : "?", *id ? " (" : "", id,
				 *id ? ")" : "");
		}
		return 1;
	}
	return 0;
}

/* The name of the function starting at @idx, or NULL. */
static const char *func_at(const struct dump *d, size_t idx)
{
	const struct bbpf_func *f;
	size_t i;

	for (i = 0; i < d->func_cnt; i++) {
		f = bbpf_obj_func(d->obj, (size_t)d->funcs[i]);
		if (f && d->func_off[i] == idx)
			return f->name;
	}
	return NULL;
}

static const char *note_at(const struct dump *d, size_t idx, char *buf, size_t sz)
{
	const struct bbpf_relo *r = d->before ? NULL : relo_at(d, idx);
	const struct bbpf_extern *x;
	size_t i, f;

	for (f = 0; !d->before && f < d->func_cnt; f++)
		for (i = 0; i < d->patch_cnt; i++)
			if (d->patches[i].func == d->funcs[f] &&
			    d->func_off[f] + d->patches[i].insn == idx)
				return d->patches[i].note;
	if (r && r->kind == BBPF_RELO_EXTERN_FUNC) {
		char id[128];

		x = bbpf_obj_extern(d->obj, r->target);
		kernel_id(d, x, id, sizeof(id));
		snprintf(buf, sz, "kfunc %s: %s", x ? x->name : "?",
			 *id ? id : "its kernel BTF id at load");
		return buf;
	}
	return NULL;
}

/* CO-RE results into the linked program (a 16-byte load takes the upper half too). */
static void patch_core(struct dump *d)
{
	struct bpf_insn *in;
	size_t i, f, at;

	for (f = 0; f < d->func_cnt; f++) {
		for (i = 0; i < d->patch_cnt; i++) {
			if (d->patches[i].func != d->funcs[f])
				continue;
			at = d->func_off[f] + d->patches[i].insn;
			if (at >= d->insn_cnt)
				continue;
			in = &d->insns[at];
			*in = d->patches[i].new_insn;
			if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && at + 1 < d->insn_cnt)
				in[1].imm = (int32_t)(d->patches[i].new_val >> 32);
		}
	}
}

/* Each line_info record at the instruction it describes, through the functions' sections. */
static void place_lines(struct dump *d)
{
	const struct bbpf_btf_ext *ext = bbpf_obj_btf_ext(d->obj);
	const struct bbpf_btf_line_info *li;
	const struct bbpf_func *fn;
	struct bbpf_btf_ext_iter it;
	uint32_t insn;
	size_t f;

	if (!ext || !d->lines)
		return;
	bbpf_btf_ext_iter_init(&it, ext, BBPF_BTF_EXT_LINE_INFO);
	while (bbpf_btf_ext_iter_next_sec(&it) > 0) {
		while ((li = bbpf_btf_ext_iter_next_rec(&it))) {
			insn = li->insn_off / 8;
			for (f = 0; f < d->func_cnt; f++) {
				fn = bbpf_obj_func(d->obj, (size_t)d->funcs[f]);
				if (!fn || !it.sec_name || strcmp(fn->sec_name, it.sec_name) ||
				    insn < fn->sec_insn_off ||
				    insn >= fn->sec_insn_off + fn->insn_cnt)
					continue;
				if (d->func_off[f] + insn - fn->sec_insn_off < d->insn_cnt)
					d->lines[d->func_off[f] + insn - fn->sec_insn_off] = li;
			}
		}
	}
}

/* The program's functions and instructions: linked and patched, or each as in the ELF. */
static int build(struct dump *d)
{
	const struct bpf_insn *fi;
	size_t i, n = 0, cnt;
	int err;

	d->func_cnt = bbpf_prog_func_cnt(d->prog);
	d->funcs = calloc(d->func_cnt, sizeof(*d->funcs));
	d->func_off = calloc(d->func_cnt, sizeof(*d->func_off));
	if (!d->funcs || !d->func_off)
		return -ENOMEM;
	for (i = 0; i < d->func_cnt; i++) {
		d->funcs[i] = bbpf_prog_func(d->prog, i, &d->func_off[i]);
		if (d->before) {
			d->func_off[i] = (uint32_t)n;
			n += bbpf_obj_func(d->obj, (size_t)d->funcs[i])->insn_cnt;
		}
	}
	if (!d->before) {
		err = bbpf_prog_link_insns(d->prog, &d->insns, &d->insn_cnt);
		if (err)
			return err;
		d->relos = bbpf_prog_relos(d->prog, &d->relo_cnt);
		patch_core(d);
	} else {
		d->insns = calloc(n ? n : 1, sizeof(*d->insns));
		if (!d->insns)
			return -ENOMEM;
		for (i = 0; i < d->func_cnt; i++) {
			fi = bbpf_obj_func_insns(d->obj, (size_t)d->funcs[i], &cnt);
			memcpy(d->insns + d->func_off[i], fi, cnt * sizeof(*fi));
		}
		d->insn_cnt = n;
	}
	d->lines = calloc(d->insn_cnt ? d->insn_cnt : 1, sizeof(*d->lines));
	if (!d->lines)
		return -ENOMEM;
	place_lines(d);
	return 0;
}

static void prog_reset(struct dump *d)
{
	free(d->funcs);
	free(d->func_off);
	free(d->insns);
	free(d->lines);
	d->funcs = NULL;
	d->func_off = NULL;
	d->insns = NULL;
	d->lines = NULL;
	d->relos = NULL;
	d->relo_cnt = d->insn_cnt = d->func_cnt = 0;
}

static void print_json(const struct dump *d, size_t idx, size_t n, const char *func,
		       const char *text, const char *note)
{
	const struct bbpf_btf *btf = bbpf_obj_btf(d->obj);
	const struct bbpf_btf_line_info *li = d->lines[idx];
	const unsigned char *raw = (const unsigned char *)&d->insns[idx];
	char hex[33];
	bool first = true, f2 = true;
	size_t i;

	for (i = 0; i < 8 * n; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	printf("{");
	json_kv_str("prog", bbpf_prog_name(d->prog), &first);
	json_kv_str("func", func, &first);
	json_kv_u64("insn", idx, &first);
	json_kv_u64("code", d->insns[idx].code, &first);
	json_kv_str("raw", hex, &first);
	json_kv_str("text", text, &first);
	if (li && btf) {
		json_key("src", &first);
		printf("{");
		json_kv_str("file", bbpf_btf_str(btf, li->file_name_off), &f2);
		json_kv_u64("line", li->line_col >> 10, &f2);
		json_kv_str("text", bbpf_btf_str(btf, li->line_off), &f2);
		printf("}");
	}
	if (note)
		json_kv_str("note", note, &first);
	printf("}\n");
}

/* The source line above the instructions it begins (once per change of line; not line 0). */
static void print_line(const struct dump *d, size_t idx)
{
	const struct bbpf_btf *btf = bbpf_obj_btf(d->obj);
	const struct bbpf_btf_line_info *li = d->lines[idx], *prev = NULL;
	const char *src, *file, *slash;
	size_t i;

	if (!li || !btf || !(li->line_col >> 10))
		return;
	for (i = idx; i-- > 0 && !prev;)
		prev = d->lines[i] && d->lines[i]->line_col >> 10 ? d->lines[i] : NULL;
	if (prev && prev->line_col >> 10 == li->line_col >> 10 &&
	    prev->file_name_off == li->file_name_off && !func_at(d, idx))
		return;
	src = bbpf_btf_str(btf, li->line_off);
	file = bbpf_btf_str(btf, li->file_name_off);
	slash = file ? strrchr(file, '/') : NULL;
	src = src ? src + strspn(src, " \t") : "";
	printf("; %s @ %s:%u\n", src, slash ? slash + 1 : file ? file : "?", li->line_col >> 10);
}

static void print_text(const struct dump *d, size_t idx, const char *text, const char *note)
{
	print_line(d, idx);
	printf("%4zu: (%02x) %s%s%s\n", idx, d->insns[idx].code, text, note ? "\t; " : "",
	       note ? note : "");
}

/* A kfunc call: the loader makes it BPF_PSEUDO_KFUNC_CALL of the kernel's BTF id; named here. */
static void kfunc_text(struct dump *d, size_t idx, char *text, size_t sz)
{
	const struct bbpf_relo *r = d->before ? NULL : relo_at(d, idx);
	const struct bbpf_extern *x;
	char id[128];

	if (!r || r->kind != BBPF_RELO_EXTERN_FUNC)
		return;
	x = bbpf_obj_extern(d->obj, r->target);
	d->insns[idx].src_reg = BPF_PSEUDO_KFUNC_CALL;
	d->insns[idx].imm = kernel_id(d, x, id, sizeof(id));
	snprintf(text, sz, "call %s", x ? x->name : "?");
}

static int dump_prog(struct dump *d)
{
	struct disasm_names names = { .ld_imm64 = name_ld_imm64, .ctx = d };
	const char *func = bbpf_prog_name(d->prog), *f, *note;
	char text[160], nbuf[160];
	size_t idx, n;
	int err;

	err = build(d);
	if (err) {
		p_fail("%s: %s", bbpf_prog_name(d->prog), bbpf_strerror(err));
		return err;
	}
	if (!d->json)
		printf("%s%s (SEC(\"%s\"), %s): %zu instructions%s\n",
		       d->prog == bbpf_obj_prog(d->obj, 0) ? "" : "\n", bbpf_prog_name(d->prog),
		       bbpf_prog_sec_name(d->prog), bbpf_prog_type_str(bbpf_prog_type(d->prog)),
		       d->insn_cnt, d->before ? ", as in the ELF" : "");
	for (idx = 0; idx < d->insn_cnt; idx += n) {
		f = func_at(d, idx);
		if (f) {
			func = f;
			if (!d->json)
				printf("%s:\n", f);
		}
		n = disasm_insn(d->insns, d->insn_cnt, idx, &names, text, sizeof(text));
		kfunc_text(d, idx, text, sizeof(text));
		note = note_at(d, idx, nbuf, sizeof(nbuf));
		if (d->json)
			print_json(d, idx, n, func, text, note);
		else
			print_text(d, idx, text, note);
	}
	return 0;
}

static int dump(const char *path, const char *btf_path, struct dump *d)
{
	struct bbpf_kbtf_set *set = NULL;
	struct bbpf_obj *obj = NULL;
	size_t i, shown = 0;
	int err;

	err = bbpf_obj_open_file(path, NULL, &obj); /* says why when it cannot */
	if (err)
		return EXIT_FAIL;
	d->obj = obj;
	if (d->only && bbpf_obj_find_prog(obj, d->only) < 0) {
		p_err("%s has no program '%s' (obj show lists them)", path, d->only);
		err = -ENOENT;
	}
	if (!err && !d->before)
		err = apply_core(d, btf_path, &set);
	if (!err && !d->before)
		open_kernel(d);
	for (i = 0; !err && i < bbpf_obj_prog_cnt(obj); i++) {
		d->prog = bbpf_obj_prog(obj, i);
		if (d->only && strcmp(d->only, bbpf_prog_name(d->prog)))
			continue;
		err = dump_prog(d);
		prog_reset(d);
		shown++;
	}
	if (!err && !shown)
		p_err("%s has no programs", path);
	free(d->patches);
	bbpf_kbtf_set_free(set);
	bbpf_kbtf_set_free(d->kernel);
	bbpf_obj_close(obj);
	return err || !shown ? EXIT_FAIL : EXIT_OK;
}

int do_obj_dump(int argc, char **argv)
{
	struct dump d = { .json = cli.json };
	const char *obj = NULL, *btf = NULL;

	for (; argc > 0; NEXT_ARG()) {
		if (is_json_flag(*argv)) {
			d.json = true;
		} else if (!strcmp(*argv, "--before")) {
			d.before = true;
		} else if (!strcmp(*argv, "--btf") || !strcmp(*argv, "--prog")) {
			if (!opt_value("obj dump", argc, argv, argv[0][2] == 'b' ? "PATH" : "NAME"))
				return EXIT_USAGE;
			if (argv[0][2] == 'b')
				btf = argv[1];
			else
				d.only = argv[1];
			NEXT_ARG();
		} else if (!obj && **argv != '-') {
			obj = *argv;
		} else {
			p_usage("obj dump: unexpected argument '%s'", *argv);
			return EXIT_USAGE;
		}
	}
	if (!obj) {
		p_usage("obj dump: which object? (obj dump OBJ [--prog NAME] [--btf PATH] [--before] "
			"[--json])");
		return EXIT_USAGE;
	}
	json_set_out(stdout);
	return dump(obj, btf, &d);
}
