// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf btf dump [PATH] [--format raw|c] [--base PATH]
 *
 * PATH is raw BTF, gzip-compressed BTF, or an ELF file (.BTF is used); it
 * defaults to the kernel's BTF as the target lookup finds it. Module BTF in
 * /sys/kernel/btf/ is read on top of vmlinux, as bpftool does; --base gives
 * the base of other split BTF. The raw format is bpftool's
 * (`bpftool btf dump file PATH`), line for line, so the two can be diffed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include <barebpf/btf.h>
#include <barebpf/btf_dump.h>
#include "args.h"
#include "cmds.h"

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

/* Only this BTF's own types: a split BTF's base is not repeated (bpftool does the same). */
static void dump_raw(const struct bbpf_btf *btf)
{
	uint32_t id;

	for (id = bbpf_btf_start_id(btf); id < bbpf_btf_type_cnt(btf); id++)
		dump_type(btf, id, bbpf_btf_type_by_id(btf, id));
}

struct dump_args {
	const char *path, *base, *format;
};

static int parse_dump_args(int argc, char **argv, struct dump_args *a)
{
	while (argc) {
		if (!strcmp(*argv, "--format") || !strcmp(*argv, "format") ||
		    !strcmp(*argv, "--base")) {
			if (!REQ_ARGS(2))
				return EXIT_USAGE;
			if (!strcmp(*argv, "--base"))
				a->base = argv[1];
			else
				a->format = argv[1];
			NEXT_ARG();
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
		bbpf_btf_target_host(&t);
		err = bbpf_btf_find_target(&t, found, sizeof(found));
		if (err)
			return err;
		a->path = found;
	}
	if (!a->base)
		a->base = implied_base(a->path);
	if (a->base) {
		err = bbpf_btf_open(a->base, NULL, NULL, base);
		if (err)
			return err;
	}
	return bbpf_btf_open(a->path, *base, NULL, btf);
}

static int do_dump(int argc, char **argv)
{
	struct dump_args a = { .format = "raw" };
	struct bbpf_btf *base = NULL, *btf = NULL;
	int err;

	err = parse_dump_args(argc, argv, &a);
	if (err)
		return err;
	err = open_btfs(&a, &base, &btf);
	if (err) {
		p_err("cannot read BTF from %s: %s", a.path ? a.path : "the kernel",
		      bbpf_strerror(err));
		bbpf_btf_free(base);
		return EXIT_FAIL;
	}
	if (!strcmp(a.format, "c"))
		err = bbpf_btf_dump_c(btf, bbpf_btf_dump_write_stdio, stdout);
	else
		dump_raw(btf);
	if (err)
		p_err("btf dump --format c: %s", bbpf_strerror(err));
	bbpf_btf_free(btf);
	bbpf_btf_free(base);
	return fflush(stdout) || err ? EXIT_FAIL : EXIT_OK;
}

static int do_btf_help(int argc __attribute__((unused)), char **argv __attribute__((unused)))
{
	printf("Usage: barebpf btf dump [PATH] [--format raw|c] [--base PATH]\n"
	       "  PATH: raw BTF, .btf.gz or an ELF file with .BTF; default: the kernel's BTF\n");
	return EXIT_OK;
}

int do_btf(int argc, char **argv)
{
	static const struct cmd cmds[] = {
		{ "dump", do_dump, "print every type, as bpftool btf dump does" },
		{ "help", do_btf_help, "show this help" },
		{ 0 },
	};

	return cmd_select(cmds, argc, argv, "btf command");
}
