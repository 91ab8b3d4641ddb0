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
 * --json prints one object per relocation (docs/ARCHITECTURE.md, "The CLI contract"),
 * extended with "code" (the opcode byte of the instruction after patching,
 * as a number: it changes when CO-RE adjusts a load's size, e.g. 0x61 ldxw
 * -> 0x79 ldxdw, and is 0x85 (call) for a poisoned instruction) and, for a
 * relocation that cannot be applied, "error". The text form ends with a
 * summary line: "N relocations: A ok, B poisoned, C missing, D errors".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>
#include <barebpf/kbtf.h>
#include <barebpf/obj.h>
#include "args.h"
#include "cmds.h"
#include "core_check.h"
#include "json.h"

struct explain {
	bool json;
	const struct bbpf_kbtf_set *t;
	char *cands; /* candidate lines of the relocation being reported */
	size_t cands_len, cands_cap;
	unsigned int counts[4];
};

static const char *const result_str[] = { "ok", "poisoned", "missing", "error" };

/* The target (--btf, else the lookup order) and, for the running kernel's, its modules. */
static int open_targets(const char *btf_path, struct bbpf_kbtf_set **set)
{
	struct bbpf_btf_target tgt = { 0 };
	int err;

	bbpf_kbtf_target_host(&tgt);
	tgt.btf_path = btf_path;
	err = bbpf_kbtf_set_open(&tgt, set);
	if (err == -ENOENT && !btf_path)
		p_fail("no target BTF found: give one with --btf PATH");
	else if (err)
		p_fail("cannot read target BTF%s%s: %s", btf_path ? " " : "",
		       btf_path ? btf_path : "", bbpf_strerror(err));
	return err;
}

static const char *target_name(const struct bbpf_kbtf_set *t, const struct bbpf_btf *btf)
{
	const char *const *names = bbpf_kbtf_set_names(t);
	const char *slash;
	uint32_t i;

	for (i = 0; i < bbpf_kbtf_set_cnt(t); i++) {
		if (bbpf_kbtf_set_btfs(t)[i] != btf)
			continue;
		slash = strrchr(names[i], '/');
		return slash ? slash + 1 : names[i];
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

/* ld_imm64 values are 64-bit unsigned; imm and off are signed. */
static void print_val(const char *key, const struct bpf_insn *insn, uint64_t v, bool *first)
{
	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
		json_kv_u64(key, v, first);
	else
		json_kv_i64(key, (int64_t)v, first);
}

static void print_json(const struct bbpf_core_relo_info *in)
{
	bool first = true;

	putchar('{');
	json_kv_str("prog", in->prog, &first);
	json_kv_str("sec", in->sec, &first);
	json_kv_u64("relo", in->relo_idx, &first);
	json_kv_u64("insn", in->insn_idx, &first);
	json_kv_str("kind", bbpf_core_kind_str(in->relo->kind), &first);
	json_kv_str("local", in->local, &first);
	json_kv_str("access", in->access, &first);
	json_kv_u64("target_id", in->result == BBPF_CORE_RES_ERROR ? 0 : in->res.targ_id, &first);
	print_val("old", &in->old_insn, in->old_val, &first);
	print_val("new", &in->new_insn, in->new_val, &first);
	json_kv_str("result", result_str[in->result], &first);
	json_kv_u64("code", in->new_insn.code, &first);
	if (in->result == BBPF_CORE_RES_ERROR)
		json_kv_str("error", in->why, &first);
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
	struct bbpf_obj *obj = NULL;
	struct bbpf_kbtf_set *t = NULL;
	int err;

	err = bbpf_obj_open_file(path, NULL, &obj); /* says why when it cannot */
	if (err)
		return EXIT_FAIL;
	err = open_targets(btf_path, &t);
	if (!err) {
		x.t = t;
		ct = (struct bbpf_core_targets){ bbpf_kbtf_set_btfs(t), bbpf_kbtf_set_names(t),
						 bbpf_kbtf_set_cnt(t) };
		if (!json)
			printf("%s against %s (%u BTF%s)\n\n", path, ct.names[0], ct.cnt,
			       ct.cnt > 1 ? "s: vmlinux and modules" : "");
		err = bbpf_obj_core_relocate(obj, &ct, &cbs);
	}
	if (!json && err >= 0)
		printf("\n%u relocation%s: %u ok, %u poisoned, %u missing, %u error%s\n",
		       x.counts[0] + x.counts[1] + x.counts[2] + x.counts[3],
		       x.counts[0] + x.counts[1] + x.counts[2] + x.counts[3] == 1 ? "" : "s",
		       x.counts[0], x.counts[1], x.counts[2], x.counts[3],
		       x.counts[3] == 1 ? "" : "s");
	if (err > 0)
		p_err("%d relocation(s) of %s cannot be applied", err, path);
	else if (err < 0 && t)
		p_fail("%s: %s", path, bbpf_strerror(err));
	free(x.cands);
	bbpf_kbtf_set_free(t);
	bbpf_obj_close(obj);
	return err ? EXIT_FAIL : EXIT_OK;
}

static int do_explain(int argc, char **argv)
{
	const char *obj = NULL, *btf = NULL;
	bool json = cli.json;

	while (argc > 0) {
		if (is_json_flag(*argv)) {
			json = true;
		} else if (!strcmp(*argv, "--btf")) {
			if (!opt_value("core explain", argc, argv, "PATH"))
				return EXIT_USAGE;
			NEXT_ARG();
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
		p_usage("core explain: which object? (core explain OBJ [--btf PATH] [--json])");
		return EXIT_USAGE;
	}
	return explain(obj, btf, json);
}

static int do_check(int argc, char **argv)
{
	const char *dir = NULL;
	bool json = cli.json;
	unsigned int threads = 0;
	char **objs = calloc(argc + 1, sizeof(*objs)), *end;
	size_t nobj = 0;
	int ret = EXIT_USAGE;

	if (!objs)
		return EXIT_FAIL;
	for (; argc > 0; NEXT_ARG()) {
		if (is_json_flag(*argv)) {
			json = true;
		} else if (!strcmp(*argv, "--btf-dir") || !strcmp(*argv, "--threads")) {
			if (!opt_value("core check", argc, argv, argv[0][2] == 'b' ? "DIR" : "N"))
				goto out;
			if (argv[0][2] == 'b') {
				dir = argv[1];
			} else {
				threads = strtoul(argv[1], &end, 10);
				if (*end || !threads || threads > 1024) {
					p_usage("core check: --threads wants 1..1024, not '%s'",
						argv[1]);
					goto out;
				}
			}
			NEXT_ARG();
		} else if (**argv != '-') {
			objs[nobj++] = *argv;
		} else {
			p_usage("core check: unexpected argument '%s'", *argv);
			goto out;
		}
	}
	if (!nobj || !dir)
		p_usage("core check: %s (core check OBJ... --btf-dir DIR [--json])",
			!nobj ? "which objects?" : "against which BTFs? --btf-dir DIR");
	else
		ret = core_check((const char *const *)objs, nobj, dir, json, threads);
out:
	free(objs);
	return ret;
}

const struct cmd core_cmds[] = {
	{ "explain", do_explain, "each CO-RE relocation of an object against a target BTF",
	  "Usage: barebpf core explain OBJ [--btf PATH] [--json]\n"
	  "  applies every CO-RE relocation of OBJ against PATH (default: the kernel's BTF\n"
	  "  as the target lookup finds it) and says, per relocation, what the program asked\n"
	  "  for, the candidates and why each matched or not, and what the instruction became;\n"
	  "  it ends with 'N relocations: A ok, B poisoned, C missing, D errors'. No kernel needed.\n"
	  "  --json: one object per relocation, with prog, sec, relo, insn, kind, local,\n"
	  "  access, target_id, old, new, result (ok|poisoned|missing|error), code (the\n"
	  "  instruction's opcode byte after patching: it changes when a load's size is\n"
	  "  adjusted, and is 133 = call for a poisoned one) and error (only for result error)\n" },
	{ "check", do_check, "every object's CO-RE relocations against every BTF of a folder",
	  "Usage: barebpf core check OBJ... --btf-dir DIR [--json] [--threads N]\n"
	  "  relocates every object against every BTF under DIR (a btfhub tree\n"
	  "  DIR/<distro>/<version>/<arch>/<release>.btf[.gz], or a folder of .btf, .btf.gz\n"
	  "  and vmlinux files) and says, per kernel and program: ok; branch (an exists\n"
	  "  check is false or a guarded access is poisoned, but no poisoned instruction\n"
	  "  can run: the program loads and takes another branch); or fail (a relocation\n"
	  "  cannot be applied, or a poisoned instruction is reachable: the verifier\n"
	  "  rejects it), with each relocation that failed and why. Kernels are checked\n"
	  "  in parallel on N threads (default: one per CPU). Exit 1 when a program fails\n"
	  "  on a kernel or a BTF cannot be read.\n"
	  "  --json: one object per kernel and program: kernel, btf, obj, prog, sec,\n"
	  "  result (ok|branch|fail), relos, failed, reached_func/reached_insn (the\n"
	  "  poisoned instruction that can run), relocations [{func, insn, relo, kind,\n"
	  "  local, result, why}]; or kernel, btf, error for a BTF that cannot be read\n" },
	{ 0 },
};

int do_core(int argc, char **argv)
{
	return cmd_select(core_cmds, argc, argv, "core command");
}
