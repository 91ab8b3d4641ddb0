// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf obj show FILE.o [--json]
 *
 * What the open phase makes of a BPF object, without a kernel: its programs
 * (section, type, attach kind, instructions, subprograms, relocations), its
 * maps, its global variables (the names `load --set` takes), its
 * externs and its fallback chains (include/bpf/bbpf_chain.h: the steps in
 * the order `run` tries them). Text is one block per program and one line per map, variable
 * and extern; --json (or -j) prints the same as one JSON document.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include <barebpf/chain.h>
#include <barebpf/obj.h>
#include "args.h"
#include "cmds.h"
#include "json.h"

/* ---- names ---- */

/* The library's name for a value, or the number when it has none ("unknown"). */
static const char *or_num(const char *s, uint32_t v, char *buf, size_t sz)
{
	if (strcmp(s, "unknown"))
		return s;
	snprintf(buf, sz, "%u", v);
	return buf;
}

static const char *func_name(const struct bbpf_obj *obj, uint32_t idx)
{
	const struct bbpf_func *f = bbpf_obj_func(obj, idx);

	return f ? f->name : "?";
}

/* Name of what a relocation points at. */
static const char *relo_target(const struct bbpf_obj *obj, const struct bbpf_relo *r)
{
	const struct bbpf_map *m;
	const struct bbpf_extern *x;

	switch (r->kind) {
	case BBPF_RELO_MAP:
	case BBPF_RELO_MAP_VALUE:
		m = bbpf_obj_map(obj, r->target);
		return m ? bbpf_map_name(m) : "?";
	case BBPF_RELO_CALL:
	case BBPF_RELO_FUNC:
		return func_name(obj, r->target);
	default:
		x = bbpf_obj_extern(obj, r->target);
		return x ? x->name : "?";
	}
}

static const char *slot_target(const struct bbpf_obj *obj, const struct bbpf_map_slot *s)
{
	const struct bbpf_prog *p;
	const struct bbpf_map *m;

	if (s->is_prog) {
		p = bbpf_obj_prog(obj, s->target);
		return p ? bbpf_prog_name(p) : "?";
	}
	m = bbpf_obj_map(obj, s->target);
	return m ? bbpf_map_name(m) : "?";
}

static const char *kcfg_str(uint32_t t)
{
	static const char *const names[] = { "none", "bool", "tristate", "char", "int", "string" };

	return t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

/* ---- global variables: the VARs of the global data maps' DATASECs ---- */

struct global {
	const char *name, *sec;
	uint32_t type, off, size;
	bool settable; /* by --set: .data and .rodata, not .bss */
};

/* A C-like spelling of BTF type @id ("const volatile __u32", "char[16]", "struct x *"). */
static void type_str(const struct bbpf_btf *btf, uint32_t id, char *buf, size_t sz)
{
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);
	static const char *const mods[] = { [BTF_KIND_CONST] = "const ",
					    [BTF_KIND_VOLATILE] = "volatile ",
					    [BTF_KIND_RESTRICT] = "restrict " };
	char inner[128];
	uint16_t k;

	if (!id || !t) {
		snprintf(buf, sz, "%s", id ? "?" : "void");
		return;
	}
	k = bbpf_btf_kind(t);
	if (k == BTF_KIND_CONST || k == BTF_KIND_VOLATILE || k == BTF_KIND_RESTRICT) {
		type_str(btf, t->type, inner, sizeof(inner));
		snprintf(buf, sz, "%s%s", mods[k], inner);
	} else if (k == BTF_KIND_PTR) {
		type_str(btf, t->type, inner, sizeof(inner));
		snprintf(buf, sz, "%s *", inner);
	} else if (k == BTF_KIND_ARRAY) {
		type_str(btf, bbpf_btf_array(t)->type, inner, sizeof(inner));
		snprintf(buf, sz, "%s[%u]", inner, bbpf_btf_array(t)->nelems);
	} else if (k == BTF_KIND_STRUCT || k == BTF_KIND_UNION || bbpf_btf_is_any_enum(t)) {
		snprintf(buf, sz, "%s %s",
			 k == BTF_KIND_STRUCT  ? "struct"
			 : k == BTF_KIND_UNION ? "union"
					       : "enum",
			 t->name_off ? bbpf_btf_name(btf, id) : "(anon)");
	} else {
		snprintf(buf, sz, "%s", t->name_off ? bbpf_btf_name(btf, id) : "?");
	}
}

/* Calls @fn for each global variable of @obj, in map then offset order. */
static void for_each_global(const struct bbpf_obj *obj, void (*fn)(const struct global *, void *),
			    void *ctx)
{
	const struct bbpf_btf *btf = bbpf_obj_btf(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	const struct bbpf_map *m;
	struct global g;
	size_t i, j;

	for (i = 0; btf && i < bbpf_obj_map_cnt(obj); i++) {
		m = bbpf_obj_map(obj, i);
		if (bbpf_map_kind(m) != BBPF_MAP_DATA && bbpf_map_kind(m) != BBPF_MAP_RODATA &&
		    bbpf_map_kind(m) != BBPF_MAP_BSS)
			continue;
		sec = bbpf_map_def(m)->value_type_id
			      ? bbpf_btf_type_by_id(btf, bbpf_map_def(m)->value_type_id)
			      : NULL;
		for (j = 0; sec && j < bbpf_btf_vlen(sec); j++) {
			vs = &bbpf_btf_var_secinfos(sec)[j];
			g = (struct global){ bbpf_btf_name(btf, vs->type),
					     bbpf_map_name(m),
					     bbpf_btf_type_by_id(btf, vs->type)->type,
					     vs->offset,
					     vs->size,
					     bbpf_map_kind(m) != BBPF_MAP_BSS };
			fn(&g, ctx);
		}
	}
}

static void count_global(const struct global *g, void *ctx)
{
	(void)g;
	(*(size_t *)ctx)++;
}

/* ---- text ---- */

static void text_relos(const struct bbpf_obj *obj, const struct bbpf_prog *p)
{
	const struct bbpf_relo *r;
	size_t i, n;

	r = bbpf_prog_relos(p, &n);
	for (i = 0; i < n; i++) {
		printf("    relo insn %u: %s %s", r[i].insn, bbpf_relo_kind_str(r[i].kind),
		       relo_target(obj, &r[i]));
		if (r[i].kind == BBPF_RELO_MAP_VALUE)
			printf(" +%d", r[i].off);
		putchar('\n');
	}
}

static void text_prog(const struct bbpf_obj *obj, const struct bbpf_prog *p)
{
	char tb[16], ab[16];
	size_t i, n;

	printf("  %s: sec '%s'", bbpf_prog_name(p), bbpf_prog_sec_name(p));
	if (bbpf_prog_err(p)) {
		printf(", error: no known program type for this section name\n");
		return;
	}
	bbpf_prog_insns(p, &n);
	printf(", type %s, attach %s",
	       or_num(bbpf_prog_type_str(bbpf_prog_type(p)), bbpf_prog_type(p), tb, sizeof(tb)),
	       bbpf_attach_kind_str(bbpf_prog_attach_kind(p)));
	if (bbpf_prog_expected_attach_type(p))
		printf(" (%s)", or_num(bbpf_attach_type_str(bbpf_prog_expected_attach_type(p)),
				       bbpf_prog_expected_attach_type(p), ab, sizeof(ab)));
	printf(", insns %zu, linked %zu%s%s\n", n, bbpf_prog_linked_insn_cnt(p),
	       bbpf_prog_load_flags(p) & BPF_F_SLEEPABLE ? ", sleepable" : "",
	       bbpf_prog_autoload(p) ? "" : ", not loaded by default");
	if (bbpf_prog_func_cnt(p) > 1) {
		printf("    subprogs:");
		for (i = 1; i < bbpf_prog_func_cnt(p); i++)
			printf(" %s", func_name(obj, bbpf_prog_func(p, i, NULL)));
		putchar('\n');
	}
	text_relos(obj, p);
}

static void text_map(const struct bbpf_obj *obj, const struct bbpf_map *m)
{
	const struct bbpf_map_def *d = bbpf_map_def(m), *in = bbpf_map_inner_def(m);
	const struct bbpf_map_slot *s;
	size_t i, n;
	char tb[16];

	printf("  %s (%s, kernel name %s): %s, key %u, value %u, max_entries %u, flags 0x%x",
	       bbpf_map_name(m), bbpf_map_kind_str(bbpf_map_kind(m)), bbpf_map_kernel_name(m),
	       or_num(bbpf_map_type_str(d->type), d->type, tb, sizeof(tb)), d->key_size,
	       d->value_size, d->max_entries, d->map_flags);
	if (d->map_extra)
		printf(", map_extra 0x%" PRIx64, d->map_extra);
	if (d->numa_node)
		printf(", numa_node %u", d->numa_node);
	if (d->pinning)
		printf(", pinned by name");
	if (in)
		printf(", inner %s", or_num(bbpf_map_type_str(in->type), in->type, tb, sizeof(tb)));
	s = bbpf_map_slots(m, &n);
	for (i = 0; i < n; i++)
		printf("%s[%u] = %s", i ? " " : ", slots ", s[i].key, slot_target(obj, &s[i]));
	putchar('\n');
}

static void text_extern(const struct bbpf_extern *x)
{
	printf("  %s: %s%s", x->name, x->kind == BBPF_EXTERN_KCONFIG ? "kconfig" : "ksym",
	       x->weak ? ", weak" : "");
	if (x->kind == BBPF_EXTERN_KCONFIG)
		printf(", %s of %u bytes at offset %u", kcfg_str(x->kcfg_type), x->kcfg_size,
		       x->kcfg_off);
	else
		printf(", %s", x->is_func ? "kfunc" : x->type_id ? "typed" : "typeless");
	putchar('\n');
}

static void text_global(const struct global *g, void *ctx)
{
	const struct bbpf_btf *btf = ctx;
	char t[256];

	type_str(btf, g->type, t, sizeof(t));
	printf("  %s: %s, %s, %u bytes at offset %u%s\n", g->name, g->sec, t, g->size, g->off,
	       g->settable ? "" : " (zeroed: not for --set)");
}

/* A step's target for people: "a|b|c" for a kprobe with candidates. */
static void step_target(const struct bbpf_prog *p, char *buf, size_t sz)
{
	size_t i, n = bbpf_prog_ksym_cnt(p), w = 0;

	snprintf(buf, sz, "%s", bbpf_prog_attach_target(p));
	for (i = 0; n && i < n && w < sz; i++)
		w += (size_t)snprintf(buf + w, sz - w, "%s%s", i ? "|" : "", bbpf_prog_ksym(p, i));
}

/* The steps of chain @name, cheapest first (malloc'd; NULL when empty or out of memory). */
static const struct bbpf_prog **chain_steps(const struct bbpf_obj *obj, const char *name, size_t *n)
{
	const struct bbpf_prog **steps;

	*n = bbpf_obj_chain_steps(obj, name, NULL, 0);
	steps = calloc(*n + 1, sizeof(*steps));
	if (!steps)
		*n = 0;
	else
		bbpf_obj_chain_steps(obj, name, steps, *n);
	return steps;
}

static void text_chains(const struct bbpf_obj *obj)
{
	const struct bbpf_prog **steps;
	const char *name;
	char t[1024];
	size_t i, s, n;

	printf("chains: %zu\n", bbpf_obj_chain_cnt(obj));
	for (i = 0; i < bbpf_obj_chain_cnt(obj); i++) {
		name = bbpf_obj_chain_name(obj, i);
		steps = chain_steps(obj, name, &n);
		printf("  %s:", name);
		for (s = 0; s < n; s++) {
			step_target(steps[s], t, sizeof(t));
			printf("%s %s %s (%s)", s ? " ->" : "",
			       bbpf_mech_str(bbpf_prog_mech(steps[s])), t,
			       bbpf_prog_name(steps[s]));
		}
		putchar('\n');
		free(steps);
	}
}

static void show_text(const char *path, const struct bbpf_obj *obj)
{
	size_t i, n = 0;

	printf("%s: object '%s', license '%s'", path, bbpf_obj_name(obj), bbpf_obj_license(obj));
	if (bbpf_obj_kern_version(obj))
		printf(", kernel version 0x%x", bbpf_obj_kern_version(obj));
	printf("\nprograms: %zu\n", bbpf_obj_prog_cnt(obj));
	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++)
		text_prog(obj, bbpf_obj_prog(obj, i));
	printf("maps: %zu\n", bbpf_obj_map_cnt(obj));
	for (i = 0; i < bbpf_obj_map_cnt(obj); i++)
		text_map(obj, bbpf_obj_map(obj, i));
	for_each_global(obj, count_global, &n);
	printf("globals: %zu\n", n);
	for_each_global(obj, text_global, (void *)bbpf_obj_btf(obj));
	printf("externs: %zu\n", bbpf_obj_extern_cnt(obj));
	for (i = 0; i < bbpf_obj_extern_cnt(obj); i++)
		text_extern(bbpf_obj_extern(obj, i));
	text_chains(obj);
}

/* ---- JSON ---- */

static void json_relos(const struct bbpf_obj *obj, const struct bbpf_prog *p)
{
	const struct bbpf_relo *r = NULL;
	size_t i, n;
	bool first;

	r = bbpf_prog_relos(p, &n);
	printf(",\"relocations\":[");
	for (i = 0; i < n; i++) {
		first = true;
		printf("%s{", i ? "," : "");
		json_kv_u64("insn", r[i].insn, &first);
		json_kv_str("kind", bbpf_relo_kind_str(r[i].kind), &first);
		json_kv_str("target", relo_target(obj, &r[i]), &first);
		json_kv_u64("off", (uint32_t)r[i].off, &first);
		putchar('}');
	}
	putchar(']');
}

static void json_prog(const struct bbpf_obj *obj, const struct bbpf_prog *p)
{
	bool first = true;
	size_t i, n;

	bbpf_prog_insns(p, &n);
	putchar('{');
	json_kv_str("name", bbpf_prog_name(p), &first);
	json_kv_str("sec", bbpf_prog_sec_name(p), &first);
	json_kv_str("type", bbpf_prog_type_str(bbpf_prog_type(p)), &first);
	json_kv_str("expected_attach_type",
		    bbpf_prog_expected_attach_type(p)
			    ? bbpf_attach_type_str(bbpf_prog_expected_attach_type(p))
			    : "",
		    &first);
	json_kv_str("attach", bbpf_attach_kind_str(bbpf_prog_attach_kind(p)), &first);
	json_kv_str("target", bbpf_prog_attach_target(p), &first);
	json_kv_u64("sec_flags", bbpf_prog_sec_flags(p), &first);
	json_kv_bool("autoload", bbpf_prog_autoload(p), &first);
	json_kv_str("error", bbpf_prog_err(p) ? "unknown section" : "", &first);
	json_kv_u64("insns", n, &first);
	json_kv_u64("linked_insns", bbpf_prog_linked_insn_cnt(p), &first);
	json_key("subprogs", &first);
	putchar('[');
	for (i = 1; i < bbpf_prog_func_cnt(p); i++) {
		printf("%s", i > 1 ? "," : "");
		json_str(func_name(obj, bbpf_prog_func(p, i, NULL)));
	}
	putchar(']');
	json_relos(obj, p);
	putchar('}');
}

static void json_def(const struct bbpf_map_def *d, bool *first)
{
	json_kv_str("type", bbpf_map_type_str(d->type), first);
	json_kv_u64("key_size", d->key_size, first);
	json_kv_u64("value_size", d->value_size, first);
	json_kv_u64("max_entries", d->max_entries, first);
	json_kv_u64("map_flags", d->map_flags, first);
	json_kv_u64("numa_node", d->numa_node, first);
	json_kv_u64("map_extra", d->map_extra, first);
	json_kv_u64("key_type_id", d->key_type_id, first);
	json_kv_u64("value_type_id", d->value_type_id, first);
	json_kv_u64("pinning", d->pinning, first);
}

static void json_map(const struct bbpf_obj *obj, const struct bbpf_map *m)
{
	const struct bbpf_map_def *in = bbpf_map_inner_def(m);
	const struct bbpf_map_slot *s;
	bool first = true, f2;
	size_t i, n;

	putchar('{');
	json_kv_str("name", bbpf_map_name(m), &first);
	json_kv_str("kernel_name", bbpf_map_kernel_name(m), &first);
	json_kv_str("kind", bbpf_map_kind_str(bbpf_map_kind(m)), &first);
	json_def(bbpf_map_def(m), &first);
	json_key("inner", &first);
	if (in) {
		f2 = true;
		putchar('{');
		json_def(in, &f2);
		putchar('}');
	} else {
		fputs("null", stdout);
	}
	json_key("slots", &first);
	putchar('[');
	s = bbpf_map_slots(m, &n);
	for (i = 0; i < n; i++) {
		f2 = true;
		printf("%s{", i ? "," : "");
		json_kv_u64("key", s[i].key, &f2);
		json_kv_str(s[i].is_prog ? "prog" : "map", slot_target(obj, &s[i]), &f2);
		putchar('}');
	}
	printf("]}");
}

static void json_extern(const struct bbpf_extern *x)
{
	bool first = true;

	putchar('{');
	json_kv_str("name", x->name, &first);
	json_kv_str("kind", x->kind == BBPF_EXTERN_KCONFIG ? "kconfig" : "ksym", &first);
	json_kv_bool("weak", x->weak, &first);
	json_kv_bool("func", x->is_func, &first);
	json_kv_u64("btf_id", x->btf_id, &first);
	json_kv_u64("type_id", x->type_id, &first);
	if (x->kind == BBPF_EXTERN_KCONFIG) {
		json_kv_str("kcfg_type", kcfg_str(x->kcfg_type), &first);
		json_kv_u64("size", x->kcfg_size, &first);
		json_kv_u64("off", x->kcfg_off, &first);
	}
	putchar('}');
}

struct json_globals {
	const struct bbpf_btf *btf;
	size_t n;
};

static void json_global(const struct global *g, void *ctx)
{
	struct json_globals *j = ctx;
	bool first = true;
	char t[256];

	type_str(j->btf, g->type, t, sizeof(t));
	printf("%s{", j->n++ ? "," : "");
	json_kv_str("name", g->name, &first);
	json_kv_str("sec", g->sec, &first);
	json_kv_str("type", t, &first);
	json_kv_u64("size", g->size, &first);
	json_kv_u64("off", g->off, &first);
	json_kv_bool("settable", g->settable, &first);
	putchar('}');
}

static void json_step(const struct bbpf_prog *p)
{
	bool first = true;
	size_t i;

	putchar('{');
	json_kv_str("prog", bbpf_prog_name(p), &first);
	json_kv_str("mech", bbpf_mech_str(bbpf_prog_mech(p)), &first);
	json_kv_str("target", bbpf_prog_attach_target(p), &first);
	json_key("ksyms", &first);
	putchar('[');
	for (i = 0; i < bbpf_prog_ksym_cnt(p); i++) {
		printf("%s", i ? "," : "");
		json_str(bbpf_prog_ksym(p, i));
	}
	printf("]}");
}

/* "chains":[{"name":N,"steps":[{"prog","mech","target","ksyms":[...]},...]},...] */
static void json_chains(const struct bbpf_obj *obj)
{
	const struct bbpf_prog **steps;
	bool first;
	size_t i, s, n;

	printf(",\"chains\":[");
	for (i = 0; i < bbpf_obj_chain_cnt(obj); i++) {
		first = true;
		printf("%s{", i ? "," : "");
		json_kv_str("name", bbpf_obj_chain_name(obj, i), &first);
		json_key("steps", &first);
		putchar('[');
		steps = chain_steps(obj, bbpf_obj_chain_name(obj, i), &n);
		for (s = 0; s < n; s++) {
			printf("%s", s ? "," : "");
			json_step(steps[s]);
		}
		free(steps);
		printf("]}");
	}
	putchar(']');
}

static void show_json(const struct bbpf_obj *obj)
{
	struct json_globals jg = { bbpf_obj_btf(obj), 0 };
	bool first = true;
	size_t i;

	putchar('{');
	json_kv_str("object", bbpf_obj_name(obj), &first);
	json_kv_str("license", bbpf_obj_license(obj), &first);
	json_kv_u64("kern_version", bbpf_obj_kern_version(obj), &first);
	printf(",\"programs\":[");
	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++) {
		printf("%s", i ? "," : "");
		json_prog(obj, bbpf_obj_prog(obj, i));
	}
	printf("],\"maps\":[");
	for (i = 0; i < bbpf_obj_map_cnt(obj); i++) {
		printf("%s", i ? "," : "");
		json_map(obj, bbpf_obj_map(obj, i));
	}
	printf("],\"globals\":[");
	for_each_global(obj, json_global, &jg);
	printf("],\"externs\":[");
	for (i = 0; i < bbpf_obj_extern_cnt(obj); i++) {
		printf("%s", i ? "," : "");
		json_extern(bbpf_obj_extern(obj, i));
	}
	putchar(']');
	json_chains(obj);
	printf("}\n");
}

static int do_show(int argc, char **argv)
{
	const char *path = NULL;
	struct bbpf_obj *obj;
	bool json = cli.json;
	int err;

	for (; argc; NEXT_ARG()) {
		if (is_json_flag(*argv)) {
			json = true;
		} else if (**argv == '-' || path) {
			p_usage("obj show: unexpected '%s'", *argv);
			return EXIT_USAGE;
		} else {
			path = *argv;
		}
	}
	if (!path) {
		p_usage("obj show: which object? (obj show FILE.o [--json])");
		return EXIT_USAGE;
	}
	err = bbpf_obj_open_file(path, NULL, &obj);
	if (err) {
		p_fail("cannot open BPF object %s: %s", path, bbpf_strerror(err));
		return EXIT_FAIL;
	}
	if (json)
		show_json(obj);
	else
		show_text(path, obj);
	bbpf_obj_close(obj);
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
}

const struct cmd obj_cmds[] = {
	{ "show", do_show, "programs, maps, globals, externs of an object (no kernel needed)",
	  "Usage: barebpf obj show FILE.o [--json]\n"
	  "  programs (section, type, attach kind, instructions, subprograms, relocations),\n"
	  "  maps, global variables (name, section, type, size: the names load --set takes),\n"
	  "  externs and fallback chains (BBPF_CHAIN(): steps in the order run tries them)\n"
	  "  of a BPF object, as the open phase reads them; no kernel needed\n" },
	{ "dump", do_obj_dump, "each program's instructions as barebpf would send them",
	  "Usage: barebpf obj dump OBJ [--prog NAME] [--btf PATH] [--before] [--json]\n"
	  "  each program's instructions as barebpf would send them to the kernel:\n"
	  "  subprograms appended, CO-RE applied against the target BTF (--btf PATH, else\n"
	  "  the running kernel's), maps, globals and externs named; in the kernel's syntax\n"
	  "  (as bpftool prog dump xlated prints it), the source line (line_info) above each\n"
	  "  block and the CO-RE relocation on each instruction it patched. No kernel needed.\n"
	  "  --before   each function as the ELF has it (no linking, no CO-RE)\n"
	  "  --json     one object per instruction (raw bytes, text, source, note)\n" },
	{ 0 },
};

int do_obj(int argc, char **argv)
{
	return cmd_select(obj_cmds, argc, argv, "obj command");
}
