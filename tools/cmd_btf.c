// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf btf dump [PATH] [--format raw|c] [--base PATH]
 * barebpf btf find NAME [--kind KIND] [PATH] [--base PATH] [--json]
 *
 * PATH is raw BTF, gzip-compressed BTF, or an ELF file (.BTF is used); it
 * defaults to the kernel's BTF as the target lookup finds it. Module BTF in
 * /sys/kernel/btf/ is read on top of vmlinux, as bpftool does; --base gives
 * the base of other split BTF. Files are opened through <barebpf/kbtf.h>:
 * the kernel's BTF in sysfs is mapped, not copied, where the kernel allows.
 * The raw format is bpftool's (`bpftool btf dump file PATH`), line for
 * line, so the two can be diffed. `find` prints every type named NAME (of
 * KIND: struct, union, enum, typedef, func, ...), one line each, as the
 * raw dump's first line of it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <strings.h>

#include <barebpf/btf.h>
#include <barebpf/btf_dump.h>
#include <barebpf/kbtf.h>
#include "args.h"
#include "cmds.h"
#include "json.h"

static const char *str(const struct bbpf_btf *btf, uint32_t off)
{
	const char *s;

	if (!off)
		return "(anon)";
	s = bbpf_btf_str(btf, off);
	return s ? s : "(invalid)";
}

static const char *int_enc(uint8_t enc)
{
	switch (enc) {
	case 0:
		return "(none)";
	case BTF_INT_SIGNED:
		return "SIGNED";
	case BTF_INT_CHAR:
		return "CHAR";
	case BTF_INT_BOOL:
		return "BOOL";
	default:
		return "UNKN";
	}
}

static const char *linkage(uint32_t l)
{
	static const char *const names[] = { "static", "global", "extern" };

	return l < 3 ? names[l] : "(unknown)";
}

static void dump_members(const struct bbpf_btf *btf, const struct btf_type *t)
{
	const struct btf_member *m = bbpf_btf_members(t);
	uint32_t i, bf;

	printf(" size=%u vlen=%u", t->size, bbpf_btf_vlen(t));
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		printf("\n\t'%s' type_id=%u bits_offset=%u", str(btf, m[i].name_off), m[i].type,
		       bbpf_btf_member_bit_offset(t, i));
		bf = bbpf_btf_member_bitfield_size(t, i);
		if (bf)
			printf(" bitfield_size=%u", bf);
	}
}

static void dump_enum(const struct bbpf_btf *btf, const struct btf_type *t)
{
	bool is64 = bbpf_btf_kind(t) == BTF_KIND_ENUM64, sgn = bbpf_btf_kflag(t);
	uint64_t v;
	uint32_t i;

	printf(" encoding=%s size=%u vlen=%u", sgn ? "SIGNED" : "UNSIGNED", t->size,
	       bbpf_btf_vlen(t));
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		v = bbpf_btf_enum_value(t, i);
		printf("\n\t'%s' val=", str(btf, bbpf_btf_enum_name_off(t, i)));
		if (is64)
			printf(sgn ? "%" PRId64 "LL" : "%" PRIu64 "ULL", v);
		else
			printf(sgn ? "%d" : "%u", (uint32_t)v);
	}
}

static void dump_proto(const struct bbpf_btf *btf, const struct btf_type *t)
{
	const struct btf_param *p = bbpf_btf_params(t);
	uint32_t i;

	printf(" ret_type_id=%u vlen=%u", t->type, bbpf_btf_vlen(t));
	for (i = 0; i < bbpf_btf_vlen(t); i++)
		printf("\n\t'%s' type_id=%u", str(btf, p[i].name_off), p[i].type);
}

static void dump_datasec(const struct bbpf_btf *btf, const struct btf_type *t)
{
	const struct btf_var_secinfo *v = bbpf_btf_var_secinfos(t);
	const struct btf_type *vt;
	uint32_t i;

	printf(" size=%u vlen=%u", t->size, bbpf_btf_vlen(t));
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		printf("\n\ttype_id=%u offset=%u size=%u", v[i].type, v[i].offset, v[i].size);
		vt = bbpf_btf_type_by_id(btf, v[i].type);
		if (vt)
			printf(" (%s '%s')", bbpf_btf_kind_str(bbpf_btf_kind(vt)),
			       str(btf, vt->name_off));
	}
}

static void dump_type(const struct bbpf_btf *btf, uint32_t id, const struct btf_type *t)
{
	const struct btf_array *a;

	printf("[%u] %s '%s'", id, bbpf_btf_kind_str(bbpf_btf_kind(t)), str(btf, t->name_off));
	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_INT:
		printf(" size=%u bits_offset=%u nr_bits=%u encoding=%s", t->size,
		       bbpf_btf_int_offset(t), bbpf_btf_int_bits(t),
		       int_enc(bbpf_btf_int_encoding(t)));
		break;
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
		printf(" type_id=%u", t->type);
		break;
	case BTF_KIND_ARRAY:
		a = bbpf_btf_array(t);
		printf(" type_id=%u index_type_id=%u nr_elems=%u", a->type, a->index_type,
		       a->nelems);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		dump_members(btf, t);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		dump_enum(btf, t);
		break;
	case BTF_KIND_FWD:
		printf(" fwd_kind=%s", bbpf_btf_kflag(t) ? "union" : "struct");
		break;
	case BTF_KIND_FUNC:
		printf(" type_id=%u linkage=%s", t->type, linkage(bbpf_btf_func_linkage(t)));
		break;
	case BTF_KIND_FUNC_PROTO:
		dump_proto(btf, t);
		break;
	case BTF_KIND_VAR:
		printf(" type_id=%u, linkage=%s", t->type, linkage(bbpf_btf_var(t)->linkage));
		break;
	case BTF_KIND_DATASEC:
		dump_datasec(btf, t);
		break;
	case BTF_KIND_FLOAT:
		printf(" size=%u", t->size);
		break;
	case BTF_KIND_DECL_TAG:
		printf(" type_id=%u component_idx=%d", t->type,
		       bbpf_btf_decl_tag(t)->component_idx);
		break;
	}
	putchar('\n');
}

/* ---- --json: one object per type, the raw format's fields as keys ---- */

/* A name for JSON: "" when anonymous (the text form says "(anon)"). */
static const char *jname(const struct bbpf_btf *btf, uint32_t off)
{
	return off ? str(btf, off) : "";
}

static void json_list(const char *key, bool *first)
{
	json_key(key, first);
	putchar('[');
}

static void json_members(const struct bbpf_btf *btf, const struct btf_type *t, bool *first)
{
	const struct btf_member *m = bbpf_btf_members(t);
	uint32_t i;
	bool f;

	json_list("members", first);
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		f = true;
		printf("%s{", i ? "," : "");
		json_kv_str("name", jname(btf, m[i].name_off), &f);
		json_kv_u64("type_id", m[i].type, &f);
		json_kv_u64("bits_offset", bbpf_btf_member_bit_offset(t, i), &f);
		json_kv_u64("bitfield_size", bbpf_btf_member_bitfield_size(t, i), &f);
		putchar('}');
	}
	putchar(']');
}

static void json_enum(const struct bbpf_btf *btf, const struct btf_type *t, bool *first)
{
	bool sgn = bbpf_btf_kflag(t), f;
	uint64_t v;
	uint32_t i;

	json_kv_str("encoding", sgn ? "SIGNED" : "UNSIGNED", first);
	json_list("values", first);
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		f = true;
		v = bbpf_btf_enum_value(t, i);
		printf("%s{", i ? "," : "");
		json_kv_str("name", jname(btf, bbpf_btf_enum_name_off(t, i)), &f);
		if (!sgn)
			json_kv_u64("val", bbpf_btf_kind(t) == BTF_KIND_ENUM ? (uint32_t)v : v, &f);
		else
			json_kv_i64("val",
				    bbpf_btf_kind(t) == BTF_KIND_ENUM ? (int32_t)v : (int64_t)v,
				    &f);
		putchar('}');
	}
	putchar(']');
}

static void json_params(const struct bbpf_btf *btf, const struct btf_type *t, bool *first)
{
	const struct btf_param *p = bbpf_btf_params(t);
	uint32_t i;
	bool f;

	json_kv_u64("ret_type_id", t->type, first);
	json_list("params", first);
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		f = true;
		printf("%s{", i ? "," : "");
		json_kv_str("name", jname(btf, p[i].name_off), &f);
		json_kv_u64("type_id", p[i].type, &f);
		putchar('}');
	}
	putchar(']');
}

static void json_datasec(const struct btf_type *t, bool *first)
{
	const struct btf_var_secinfo *v = bbpf_btf_var_secinfos(t);
	uint32_t i;
	bool f;

	json_list("vars", first);
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		f = true;
		printf("%s{", i ? "," : "");
		json_kv_u64("type_id", v[i].type, &f);
		json_kv_u64("offset", v[i].offset, &f);
		json_kv_u64("size", v[i].size, &f);
		putchar('}');
	}
	putchar(']');
}

static void json_type(const struct bbpf_btf *btf, uint32_t id, const struct btf_type *t)
{
	uint16_t k = bbpf_btf_kind(t);
	bool first = true;

	putchar('{');
	json_kv_u64("id", id, &first);
	json_kv_str("kind", bbpf_btf_kind_str(k), &first);
	json_kv_str("name", jname(btf, t->name_off), &first);
	if (k == BTF_KIND_INT || k == BTF_KIND_STRUCT || k == BTF_KIND_UNION ||
	    k == BTF_KIND_ENUM || k == BTF_KIND_ENUM64 || k == BTF_KIND_DATASEC ||
	    k == BTF_KIND_FLOAT)
		json_kv_u64("size", t->size, &first);
	if (k == BTF_KIND_INT) {
		json_kv_u64("bits_offset", bbpf_btf_int_offset(t), &first);
		json_kv_u64("nr_bits", bbpf_btf_int_bits(t), &first);
		json_kv_str("encoding", int_enc(bbpf_btf_int_encoding(t)), &first);
	} else if (k == BTF_KIND_ARRAY) {
		json_kv_u64("type_id", bbpf_btf_array(t)->type, &first);
		json_kv_u64("index_type_id", bbpf_btf_array(t)->index_type, &first);
		json_kv_u64("nr_elems", bbpf_btf_array(t)->nelems, &first);
	} else if (k == BTF_KIND_STRUCT || k == BTF_KIND_UNION) {
		json_members(btf, t, &first);
	} else if (k == BTF_KIND_ENUM || k == BTF_KIND_ENUM64) {
		json_enum(btf, t, &first);
	} else if (k == BTF_KIND_FWD) {
		json_kv_str("fwd_kind", bbpf_btf_kflag(t) ? "union" : "struct", &first);
	} else if (k == BTF_KIND_FUNC_PROTO) {
		json_params(btf, t, &first);
	} else if (k == BTF_KIND_DATASEC) {
		json_datasec(t, &first);
	} else if (k != BTF_KIND_FLOAT) { /* PTR, modifiers, TYPEDEF, FUNC, VAR, DECL_TAG */
		json_kv_u64("type_id", t->type, &first);
	}
	if (k == BTF_KIND_FUNC)
		json_kv_str("linkage", linkage(bbpf_btf_func_linkage(t)), &first);
	else if (k == BTF_KIND_VAR)
		json_kv_str("linkage", linkage(bbpf_btf_var(t)->linkage), &first);
	else if (k == BTF_KIND_DECL_TAG)
		json_kv_i64("component_idx", bbpf_btf_decl_tag(t)->component_idx, &first);
	printf("}\n");
}

/* Only this BTF's own types: a split BTF's base is not repeated (bpftool does the same). */
static void dump_raw(const struct bbpf_btf *btf, bool json)
{
	uint32_t id;

	for (id = bbpf_btf_start_id(btf); id < bbpf_btf_type_cnt(btf); id++) {
		if (json)
			json_type(btf, id, bbpf_btf_type_by_id(btf, id));
		else
			dump_type(btf, id, bbpf_btf_type_by_id(btf, id));
	}
}

struct dump_args {
	const char *path, *base, *format;
	bool json;
};

static int parse_dump_args(int argc, char **argv, struct dump_args *a)
{
	while (argc) {
		if (!strcmp(*argv, "--format") || !strcmp(*argv, "format") ||
		    !strcmp(*argv, "--base")) {
			if (!opt_value("btf dump", argc, argv,
				       strcmp(*argv, "--base") ? "raw|c" : "PATH"))
				return EXIT_USAGE;
			if (!strcmp(*argv, "--base"))
				a->base = argv[1];
			else
				a->format = argv[1];
			NEXT_ARG();
		} else if (is_json_flag(*argv)) {
			a->json = true;
		} else if (**argv == '-' || a->path) {
			p_usage("btf dump: unexpected '%s'", *argv);
			return EXIT_USAGE;
		} else {
			a->path = *argv;
		}
		NEXT_ARG();
	}
	if (strcmp(a->format, "raw") && strcmp(a->format, "c")) {
		p_usage("btf dump: --format is raw or c, not '%s'", a->format);
		return EXIT_USAGE;
	}
	if (a->json && !strcmp(a->format, "c")) {
		p_usage("btf dump: --format c is C, not JSON (--json goes with the raw format)");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Module BTF in sysfs is split BTF on top of vmlinux. */
static const char *implied_base(const char *path)
{
	static const char sysfs[] = "/sys/kernel/btf/";

	if (!strncmp(path, sysfs, sizeof(sysfs) - 1) && strcmp(path + sizeof(sysfs) - 1, "vmlinux"))
		return "/sys/kernel/btf/vmlinux";
	return NULL;
}

static int open_btfs(struct dump_args *a, struct bbpf_btf **base, struct bbpf_btf **btf)
{
	static char found[4096];
	struct bbpf_btf_target t = { 0 };
	int err;

	if (!a->path) {
		bbpf_kbtf_target_host(&t);
		err = bbpf_btf_find_target(&t, found, sizeof(found));
		if (err)
			return err;
		a->path = found;
	}
	if (!a->base)
		a->base = implied_base(a->path);
	if (a->base) {
		err = bbpf_kbtf_open_file(a->base, NULL, base);
		if (err)
			return err;
	}
	return bbpf_kbtf_open_file(a->path, *base, btf);
}

static int do_dump(int argc, char **argv)
{
	struct dump_args a = { .format = "raw", .json = cli.json };
	struct bbpf_btf *base = NULL, *btf = NULL;
	int err;

	err = parse_dump_args(argc, argv, &a);
	if (err)
		return err;
	err = open_btfs(&a, &base, &btf);
	if (err) {
		p_fail("cannot read BTF from %s: %s", a.path ? a.path : "the kernel",
		       bbpf_strerror(err));
		bbpf_btf_free(base);
		return EXIT_FAIL;
	}
	if (!strcmp(a.format, "c"))
		err = bbpf_btf_dump_c(btf, bbpf_btf_dump_write_stdio, stdout);
	else
		dump_raw(btf, a.json);
	if (err)
		p_err("btf dump --format c: %s", bbpf_strerror(err));
	bbpf_btf_free(btf);
	bbpf_btf_free(base);
	return fflush(stdout) || err ? EXIT_FAIL : EXIT_OK;
}

struct find_args {
	const char *name;
	int kind; /* BTF_KIND_*, -1: any */
	bool json;
	struct dump_args files;
};

/* "struct", "FUNC_PROTO", "any": a kind as bpftool names it, any case. */
static int parse_kind(const char *word)
{
	int k;

	if (!strcasecmp(word, "any"))
		return -1;
	for (k = BTF_KIND_INT; k < NR_BTF_KINDS; k++) {
		if (!strcasecmp(word, bbpf_btf_kind_str(k)))
			return k;
	}
	return -2;
}

static int parse_find_args(int argc, char **argv, struct find_args *a)
{
	for (; argc; NEXT_ARG()) {
		if (is_json_flag(*argv)) {
			a->json = true;
		} else if (!strcmp(*argv, "--kind") || !strcmp(*argv, "--base")) {
			if (!opt_value("btf find", argc, argv,
				       strcmp(*argv, "--base") ? "KIND" : "PATH"))
				return EXIT_USAGE;
			if (!strcmp(*argv, "--base"))
				a->files.base = argv[1];
			else if ((a->kind = parse_kind(argv[1])) < -1) {
				p_usage("btf find: unknown kind '%s' (struct, union, enum, typedef, func, ...)",
					argv[1]);
				return EXIT_USAGE;
			}
			NEXT_ARG();
		} else if (**argv == '-' || (a->name && a->files.path)) {
			p_usage("btf find: unexpected '%s'", *argv);
			return EXIT_USAGE;
		} else if (!a->name) {
			a->name = *argv;
		} else {
			a->files.path = *argv;
		}
	}
	if (!a->name || !*a->name) {
		p_usage("btf find NAME [--kind KIND] [PATH] [--base PATH] [--json]");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Prints every type named exactly a->name (of a->kind); returns how many. */
static int print_found(const struct bbpf_btf *btf, const struct find_args *a)
{
	struct bbpf_btf_name_iter it;
	const struct btf_type *t;
	int id, cnt = 0;
	bool first;

	bbpf_btf_name_iter_init_kinds(&it, btf, a->name, bbpf_btf_essential_name_len(a->name),
				      a->kind < 0 ? 0 : 1u << a->kind);
	while ((id = bbpf_btf_name_iter_next(&it)) > 0) {
		if (strcmp(bbpf_btf_name(btf, id), a->name))
			continue;
		t = bbpf_btf_type_by_id(btf, id);
		if (a->json) {
			first = true;
			putchar('{');
			json_kv_u64("id", (uint32_t)id, &first);
			json_kv_str("kind", bbpf_btf_kind_str(bbpf_btf_kind(t)), &first);
			json_kv_str("name", a->name, &first);
			printf("}\n");
		} else
			printf("[%d] %s '%s'\n", id, bbpf_btf_kind_str(bbpf_btf_kind(t)), a->name);
		cnt++;
	}
	return id < 0 ? id : cnt;
}

static int do_find(int argc, char **argv)
{
	struct find_args a = { .kind = -1, .json = cli.json };
	struct bbpf_btf *base = NULL, *btf = NULL;
	int err;

	err = parse_find_args(argc, argv, &a);
	if (err)
		return err;
	err = open_btfs(&a.files, &base, &btf);
	if (err) {
		p_fail("cannot read BTF from %s: %s", a.files.path ? a.files.path : "the kernel",
		       bbpf_strerror(err));
		bbpf_btf_free(base);
		return EXIT_FAIL;
	}
	err = print_found(btf, &a);
	if (err < 0)
		p_err("btf find: %s", bbpf_strerror(err));
	else if (!err)
		p_err("no %s named '%s' in %s", a.kind < 0 ? "type" : bbpf_btf_kind_str(a.kind),
		      a.name, a.files.path);
	bbpf_btf_free(btf);
	bbpf_btf_free(base);
	return fflush(stdout) || err <= 0 ? EXIT_FAIL : EXIT_OK;
}

const struct cmd btf_cmds[] = {
	{ "dump", do_dump, "print every type, as bpftool btf dump does",
	  "Usage: barebpf btf dump [PATH] [--format raw|c] [--base PATH] [--json]\n"
	  "  PATH: raw BTF, .btf.gz or an ELF file with .BTF; default: the kernel's BTF\n"
	  "  raw: bpftool's format, line for line; c: a vmlinux.h-style header\n"
	  "  --json: one JSON object per type (id, kind, name and the raw format's fields)\n" },
	{ "find", do_find, "the ids of the types named NAME",
	  "Usage: barebpf btf find NAME [--kind KIND] [PATH] [--base PATH] [--json]\n"
	  "  KIND: int, ptr, array, struct, union, enum, fwd, typedef, func, func_proto,\n"
	  "        var, datasec, float, enum64, ... or any (the default)\n" },
	{ 0 },
};

int do_btf(int argc, char **argv)
{
	return cmd_select(btf_cmds, argc, argv, "btf command");
}
