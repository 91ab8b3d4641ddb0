// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf core explain OBJ [--btf PATH] [--json]
 *
 * Applies every CO-RE relocation of OBJ against a target BTF (PATH, else
 * the kernel's as the target lookup finds it, plus its module BTFs) and
 * says, for each, what the program asked for, which target types were
 * considered, which matched and why the others did not, and what the
 * instruction became. No kernel is needed: only BTF.
 *
 * --json prints one object per relocation (DESIGN.md, "The CLI contract"),
 * extended with "code" (the opcode after patching) and, for a relocation
 * that cannot be applied, "error".
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>
#include "args.h"
#include "cmds.h"

#define MAX_TARGETS   256
#define SYSFS_VMLINUX "/sys/kernel/btf/vmlinux"

struct targets {
	struct bbpf_btf *btfs[MAX_TARGETS];
	char *names[MAX_TARGETS];
	uint32_t cnt;
};

struct explain {
	bool json;
	const struct targets *t;
	char *cands; /* candidate lines of the relocation being reported */
	size_t cands_len, cands_cap;
	unsigned int counts[4];
};

static const char *const result_str[] = { "ok", "poisoned", "missing", "error" };

static void targets_free(struct targets *t)
{
	while (t->cnt--) {
		bbpf_btf_free(t->btfs[t->cnt]);
		free(t->names[t->cnt]);
	}
}

static int add_target(struct targets *t, struct bbpf_btf *btf, const char *name)
{
	t->names[t->cnt] = strdup(name);
	if (!t->names[t->cnt]) {
		bbpf_btf_free(btf);
		return -ENOMEM;
	}
	t->btfs[t->cnt++] = btf;
	return 0;
}

/* Every module BTF in sysfs, split on top of vmlinux (t->btfs[0]). */
static void add_modules(struct targets *t)
{
	struct bbpf_btf *mod;
	struct dirent *de;
	DIR *dir;

	dir = opendir("/sys/kernel/btf");
	if (!dir)
		return;
	while ((de = readdir(dir)) && t->cnt < MAX_TARGETS) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		if (bbpf_btf_open_module(NULL, de->d_name, t->btfs[0], NULL, &mod))
			continue;
		if (add_target(t, mod, de->d_name))
			break;
	}
	closedir(dir);
}

static int open_targets(const char *btf_path, struct targets *t)
{
	struct bbpf_btf_target tgt = { .btf_path = btf_path };
	struct bbpf_btf *btf;
	char path[4096];
	int err;

	bbpf_btf_target_host(&tgt);
	tgt.btf_path = btf_path;
	err = bbpf_btf_find_target(&tgt, path, sizeof(path));
	if (err) {
		p_err("no target BTF found (%s): give one with --btf PATH", bbpf_strerror(err));
		return err;
	}
	err = bbpf_btf_open(path, NULL, NULL, &btf);
	if (err) {
		p_err("cannot read target BTF %s: %s", path, bbpf_strerror(err));
		return err;
	}
	err = add_target(t, btf, path);
	if (!err && !strcmp(path, SYSFS_VMLINUX))
		add_modules(t);
	return err;
}

static const char *target_name(const struct targets *t, const struct bbpf_btf *btf)
{
	const char *slash;
	uint32_t i;

	for (i = 0; i < t->cnt; i++) {
		if (t->btfs[i] != btf)
			continue;
		slash = strrchr(t->names[i], '/');
		return slash ? slash + 1 : t->names[i];
	}
	return "?";
}

static void on_cand(void *ctx, uint32_t i, const struct bbpf_core_cand *cand, bool matched,
		    const char *spec, const char *why)
{
	struct explain *x = ctx;
	size_t need;
	int n;

	if (x->json)
		return;
	for (;;) {
		need = x->cands_cap - x->cands_len;
		n = snprintf(x->cands ? x->cands + x->cands_len : NULL, x->cands ? need : 0,
			     "  candidate #%u %s (%s): %s%s\n", i, spec,
			     target_name(x->t, cand->btf),
			     matched ? "matches" : "no: ", matched ? "" : why);
		if (n < 0)
			return;
		if ((size_t)n < need && x->cands)
			break;
		need = x->cands_cap * 2 + n + 256;
		char *p = realloc(x->cands, need);
		if (!p)
			return;
		x->cands = p;
		x->cands_cap = need;
	}
	x->cands_len += n;
}

static void json_str(const char *key, const char *s)
{
	printf("\"%s\":\"", key);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* ld_imm64 values are 64-bit unsigned; imm and off are signed. */
static void print_val(const char *key, const struct bpf_insn *insn, uint64_t v)
{
	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
		printf(",\"%s\":%" PRIu64, key, v);
	else
		printf(",\"%s\":%" PRId64, key, (int64_t)v);
}

static void print_json(const struct bbpf_core_relo_info *in)
{
	putchar('{');
	json_str("prog", in->prog);
	putchar(',');
	json_str("sec", in->sec);
	printf(",\"relo\":%u,\"insn\":%u,", in->relo_idx, in->insn_idx);
	json_str("kind", bbpf_core_kind_str(in->relo->kind));
	putchar(',');
	json_str("local", in->local);
	putchar(',');
	json_str("access", in->access);
	printf(",\"target_id\":%u", in->result == BBPF_CORE_RES_ERROR ? 0 : in->res.targ_id);
	print_val("old", &in->old_insn, in->old_val);
	print_val("new", &in->new_insn, in->new_val);
	printf(",\"result\":\"%s\",\"code\":%u", result_str[in->result], in->new_insn.code);
	if (in->result == BBPF_CORE_RES_ERROR) {
		putchar(',');
		json_str("error", in->why);
	}
	printf("}\n");
}

static const char *insn_form(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return "imm";
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return "off";
	default:
		return insn->code == (BPF_LD | BPF_IMM | BPF_DW) ? "imm64" : "value";
	}
}

static void print_human(struct explain *x, const struct bbpf_core_relo_info *in)
{
	printf("%s (sec %s) insn %u: relo #%u %s\n", in->prog, in->sec, in->insn_idx, in->relo_idx,
	       bbpf_core_kind_str(in->relo->kind));
	printf("  local %s\n", in->spec);
	if (in->relo->kind != BPF_CORE_TYPE_ID_LOCAL && in->result != BBPF_CORE_RES_ERROR &&
	    !in->cands_before)
		printf("  no candidate: the target has no %s\n", in->local);
	if (x->cands_len)
		fputs(x->cands, stdout);
	switch (in->result) {
	case BBPF_CORE_RES_OK:
		printf("  ok: %s %" PRId64 " -> %" PRId64 "%s\n", insn_form(&in->old_insn),
		       (int64_t)in->old_val, (int64_t)in->new_val,
		       in->old_insn.code != in->new_insn.code ? " (access size adjusted)" : "");
		break;
	case BBPF_CORE_RES_MISSING:
		printf("  missing: %s %" PRId64 " -> %" PRId64 " (%s)\n", insn_form(&in->old_insn),
		       (int64_t)in->old_val, (int64_t)in->new_val, in->why);
		break;
	case BBPF_CORE_RES_POISONED:
		printf("  poisoned: %s\n    the instruction now calls helper %#x: the verifier "
		       "rejects it unless a check makes it dead code\n",
		       in->why[0] ? in->why
				  : "the field changed size and is neither a pointer nor unsigned",
		       BBPF_CORE_POISON_IMM);
		break;
	default:
		printf("  error: %s (%s); a loader fails here\n", in->why, bbpf_strerror(in->err));
	}
}

static int on_relo(void *ctx, const struct bbpf_core_relo_info *in)
{
	struct explain *x = ctx;

	x->counts[in->result]++;
	if (x->json)
		print_json(in);
	else
		print_human(x, in);
	x->cands_len = 0;
	if (x->cands)
		x->cands[0] = '\0';
	return 0;
}

static int explain(const char *path, const char *btf_path, bool json)
{
	struct explain x = { .json = json };
	struct bbpf_core_walk_cbs cbs = { .relo = on_relo, .cand = on_cand, .ctx = &x };
	struct bbpf_core_targets ct;
	struct bbpf_core_obj *obj = NULL;
	struct targets t = { 0 };
	int err;

	err = bbpf_core_obj_open(path, &obj);
	if (err) {
		p_err("cannot read %s: %s", path, bbpf_strerror(err));
		return EXIT_FAIL;
	}
	err = open_targets(btf_path, &t);
	if (!err) {
		x.t = &t;
		ct = (struct bbpf_core_targets){ (const struct bbpf_btf *const *)t.btfs,
						 (const char *const *)t.names, t.cnt };
		if (!json)
			printf("%s against %s (%u BTF%s)\n\n", path, t.names[0], t.cnt,
			       t.cnt > 1 ? "s: vmlinux and modules" : "");
		err = bbpf_core_obj_relocate(obj, &ct, &cbs);
	}
	if (!json && err >= 0)
		printf("\n%u ok, %u poisoned, %u missing, %u failed\n", x.counts[0], x.counts[1],
		       x.counts[2], x.counts[3]);
	if (err > 0)
		p_err("%d relocation(s) of %s cannot be applied", err, path);
	else if (err < 0 && t.cnt)
		p_err("%s: %s", path, bbpf_strerror(err));
	free(x.cands);
	targets_free(&t);
	bbpf_core_obj_close(obj);
	return err ? EXIT_FAIL : EXIT_OK;
}

static int do_explain(int argc, char **argv)
{
	const char *obj = NULL, *btf = NULL;
	bool json = cli.json;

	while (argc > 0) {
		if (!strcmp(*argv, "--json")) {
			json = true;
		} else if (!strcmp(*argv, "--btf")) {
			NEXT_ARG();
			if (!REQ_ARGS(1))
				return EXIT_USAGE;
			btf = *argv;
		} else if (!obj && **argv != '-') {
			obj = *argv;
		} else {
			p_usage("core explain: unexpected argument '%s'", *argv);
			return EXIT_USAGE;
		}
		NEXT_ARG();
	}
	if (!obj) {
		p_usage("core explain OBJ [--btf PATH] [--json]");
		return EXIT_USAGE;
	}
	return explain(obj, btf, json);
}

int do_core(int argc, char **argv)
{
	static const struct cmd cmds[] = {
		{ "explain", do_explain, "explain OBJ [--btf PATH] [--json]" },
		{ 0 },
	};

	return cmd_select(cmds, argc, argv, "core command");
}
