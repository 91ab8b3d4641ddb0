// SPDX-License-Identifier: BSD-2-Clause
/*
 * bbpf_obj_load() [sys]: an opened object into the kernel, as a chain of
 * steps with one cleanup path:
 *
 *   memlock -> features -> target BTF (when CO-RE, attach ids or typed
 *     ksyms/kfuncs need it) -> externs (loader/externs.c: .kconfig image,
 *     ksym addresses and BTF ids; module kfuncs through fd_array)
 *     -> CO-RE into each function -> BTF sanitize + BTF_LOAD
 *     -> maps (load_maps.c) -> programs (load_prog.c) -> slots
 *
 * Everything the call makes is recorded in obj->load; a failure closes it
 * all and removes the pins it made, so the kernel holds nothing more than
 * before. bbpf_obj_close() closes what a successful load made.
 *
 * A staged load (opts->first, plan in stage.c) runs the same steps for the
 * first programs and their maps, then keeps the context in obj->load->rest;
 * bbpf_obj_load_rest() runs maps -> programs -> slots -> mmap again for the
 * others, and frees it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <barebpf/btf_write.h>
#include <barebpf/core.h>
#include <barebpf/features.h>
#include <barebpf/kbtf.h>
#include <barebpf/sys.h>
#include "internal/compiler.h"
#include "internal/kfeat.h"
#include "kernel/internal.h"
#include "internal/log.h"
#include "internal/mem.h"
#include "internal/opts.h"
#include "internal/step.h"
#include "internal/uapi_compat.h"
#include "kernel/internal.h"
#include "obj/internal.h"
#include "load/externs.h"
#include "load/internal.h"
#include "load/vlog.h"

struct bbpf__load_ctx {
	struct bbpf_obj *obj;
	const struct bbpf_obj_load_opts *opts;
	const struct bbpf_kfeat *kf;
	struct bbpf_kbtf_set *targets;	/* vmlinux and module BTF, or NULL when nothing needs it */
	const struct bbpf_btf *vmlinux; /* targets[0] */
	struct bbpf_kbtf_set *kernel;	/* the running kernel's BTF: targets, or kernel_own */
	struct bbpf_kbtf_set *kernel_own; /* opened apart when targets came from --btf/--btf-dir */
	struct bbpf__extern_vals *ext;	  /* resolved externs, NULL when none */
	int *mod_fds;		/* [mods_used]: the kernel's BTF fds of the modules externs use */
	int *fd_array;		/* module kfuncs: fd_array[k] = mod_fds[k - 1]; NULL when unused */
	struct bpf_insn **code; /* [func_cnt]: the functions' copies CO-RE patched */
	bool *core_done, *core_now;    /* [func_cnt]: relocated so far, by this stage */
	struct bbpf__relo_notes notes; /* every relocation applied: for the verifier log */
	int core_err;		       /* the first relocation that failed */
	/* From the options, kept past the call for bbpf_obj_load_rest(). */
	bool log_all;
	char *pin_root;
	bool *first; /* [prog_cnt]: a staged load's first programs; NULL: all at once */
	bool *now;   /* [map_cnt]: the maps its first stage makes; NULL: all */
};

static bool is_selected(const struct bbpf_prog *p)
{
	return p->autoload && !p->err;
}

/* What of the kernel's own BTF ids a load needs (needs_kernel()). */
enum kernel_need {
	KERNEL_NONE,
	KERNEL_WEAK, /* only __weak typed ksyms/kfuncs: without it they read 0 */
	KERNEL_MUST, /* programs with an attach id, or typed ksyms/kfuncs not __weak */
};

static enum kernel_need needs_kernel(const struct bbpf_obj *obj)
{
	enum kernel_need need = KERNEL_NONE;
	size_t i;

	for (i = 0; i < obj->prog_cnt; i++)
		if (is_selected(&obj->progs[i]) && (obj->progs[i].def->flags & BBPF_SEC_ATTACH_BTF))
			return KERNEL_MUST;
	for (i = 0; i < obj->ext_cnt; i++) {
		const struct bbpf_extern *x = &obj->exts[i].desc;

		if (x->kind == BBPF_EXTERN_KSYM && x->type_id) {
			if (!x->weak)
				return KERNEL_MUST;
			need = KERNEL_WEAK;
		}
	}
	return need;
}

/* CO-RE relocations need the target BTF; the rest, the kernel's own. */
static bool needs_target(const struct bbpf_obj *obj)
{
	return (obj->btf_ext && bbpf_btf_ext_rec_size(obj->btf_ext, BBPF_BTF_EXT_CORE_RELO)) ||
	       needs_kernel(obj);
}

/*
 * Attach ids and typed ksym/kfunc ids are the running kernel's, whatever BTF
 * CO-RE was told to use (--btf names another kernel's, or a minimal one): the
 * kernel checks them against its own. So with --btf/--btf-dir, the kernel's
 * BTF is opened again by the host's lookup (sysfs, then /boot's vmlinux); a
 * kernel with none cannot run fentry/tp_btf/lsm/iter programs or kfuncs at all.
 */
static int open_kernel(struct bbpf__load_ctx *c, const struct bbpf_btf_target *asked)
{
	struct bbpf_btf_target t = { 0 };
	int err;

	if (!asked->btf_path && !asked->btf_dir) {
		c->kernel = c->targets;
		return 0;
	}
	bbpf_kbtf_target_host(&t);
	err = bbpf_kbtf_set_open(&t, &c->kernel_own);
	if (err && needs_kernel(c->obj) == KERNEL_WEAK) {
		pr_debug("%s: no BTF of the running kernel (%s): its __weak ksyms and kfuncs "
			 "read 0\n",
			 c->obj->name, bbpf_strerror(err));
		return 0;
	}
	if (err) {
		pr_warn("%s: attach ids and kfuncs need the running kernel's own BTF, and it has "
			"none readable (the --btf given serves CO-RE only): %s\n",
			c->obj->name, bbpf_strerror(err));
		return err;
	}
	c->kernel = c->kernel_own;
	return 0;
}

static int open_target(struct bbpf__load_ctx *c)
{
	struct bbpf_btf_target t = { 0 };
	int err;

	if (!needs_target(c->obj))
		return 0;
	bbpf__sc_step(1, "open the target BTF (CO-RE, attach ids)");
	bbpf_kbtf_target_host(&t);
	t.btf_path = OPTS_GET(c->opts, btf_path, NULL);
	t.btf_dir = OPTS_GET(c->opts, btf_dir, NULL);
	/* vmlinux (mapped when it is sysfs BTF) and, for the running kernel's, its modules. */
	err = bbpf_kbtf_set_open(&t, &c->targets);
	if (err)
		pr_warn("%s: no target BTF for CO-RE/attach ids: %s\n", c->obj->name,
			bbpf_strerror(err));
	else
		c->vmlinux = bbpf_kbtf_set_btfs(c->targets)[0];
	if (!err && needs_kernel(c->obj))
		err = open_kernel(c, &t);
	return err;
}

/* The kernel's BTF fds of the modules the externs resolved into (names from the set). */
static int open_mod_fds(struct bbpf__load_ctx *c, uint32_t n)
{
	const char *const *names = bbpf_kbtf_set_names(c->kernel);
	uint32_t k;
	int fd;

	c->mod_fds = malloc(n * sizeof(int));
	if (!c->mod_fds)
		return -ENOMEM;
	for (k = 0; k < n; k++)
		c->mod_fds[k] = -1;
	for (k = 0; k < n; k++) {
		fd = bbpf__kbtf_fd(names[k + 1]);
		if (fd < 0)
			return fd;
		c->mod_fds[k] = fd;
	}
	return 0;
}

/* Module kfuncs name their module BTF by an index into the program's fd_array. */
static int build_fd_array(struct bbpf__load_ctx *c)
{
	uint32_t k, n = c->ext ? c->ext->mods_used : 0;
	int err;

	if (!n)
		return 0;
	if (!c->kernel || n >= bbpf_kbtf_set_cnt(c->kernel))
		return -EINVAL; /* the resolver used a module BTF the load did not give it */
	err = open_mod_fds(c, n);
	if (err)
		return err;
	c->fd_array = calloc(1 + (size_t)n, sizeof(int));
	if (!c->fd_array)
		return -ENOMEM;
	for (k = 1; k <= n; k++)
		c->fd_array[k] = c->mod_fds[k - 1];
	return 0;
}

/* Whether the object declares extern @name: a probe behind a LINUX_* value runs only then. */
static bool has_extern(const struct bbpf_obj *obj, const char *name)
{
	const struct bbpf_extern *e;
	size_t i;

	for (i = 0; (e = bbpf_obj_extern(obj, i)); i++)
		if (!strcmp(e->name, name))
			return true;
	return false;
}

/*
 * Externs: the one call site of the resolver (loader/externs.h). The host
 * gives the text it reads (only what the object needs), the load gives the
 * target BTF and the cookie feature; the .kconfig image becomes that map's
 * initial data (load_maps.c writes and freezes it) and c->ext is read by
 * load_prog.c when it patches each extern reference.
 */
static int resolve_externs(struct bbpf__load_ctx *c)
{
	struct bbpf__extern_env env = { .has_syscall_wrapper = -1 }; /* -1: from kallsyms */
	int err;

	if (!c->obj->ext_cnt)
		return 0;
	err = bbpf__extern_env_host(c->obj, &env);
	/* Typed ones are the running kernel's ids: never those of a --btf file. */
	env.vmlinux = c->kernel ? bbpf_kbtf_set_btfs(c->kernel)[0] : NULL;
	if (c->kernel) { /* kfuncs and typed ksyms of modules, after vmlinux */
		env.mods = bbpf_kbtf_set_btfs(c->kernel) + 1;
		env.mod_cnt = bbpf_kbtf_set_cnt(c->kernel) - 1;
	}
	env.has_bpf_cookie = has_extern(c->obj, "LINUX_HAS_BPF_COOKIE") &&
			     bbpf_feature_probe(BBPF_FEAT_BPF_COOKIE) > 0;
	err = err ?: bbpf__externs_resolve(c->obj, &env, &c->ext);
	if (!err)
		bbpf__ksym_func_decide(c->obj, c->ext);
	err = err ?: bbpf__externs_fill_kconfig(c->obj, c->ext, &c->obj->load->kcfg);
	bbpf__extern_env_release(&env);
	return err ?: build_fd_array(c);
}

/* The walk's report at load: failures named as `core explain` names them; the rest kept. */
static int on_relo(void *ctx, const struct bbpf_core_relo_info *in)
{
	struct bbpf__load_ctx *c = ctx;

	if (in->result != BBPF_CORE_RES_ERROR)
		return bbpf__relo_note_add(&c->notes, in);
	pr_warn("prog '%s': relo #%u: insn %u: %s %s: %s\n", in->prog, in->relo_idx, in->insn_idx,
		bbpf_core_kind_str(in->relo->kind), in->spec, in->why);
	c->core_err = c->core_err ?: in->err;
	return 0;
}

/*
 * Marks in c->core_now the functions that the programs loaded now reach (a
 * staged load's first stage: its own programs) and that CO-RE has not seen.
 */
static int core_funcs(struct bbpf__load_ctx *c)
{
	const struct bbpf_obj *obj = c->obj;
	const struct bbpf_prog *p;
	size_t i, k;

	if (!c->core_done)
		c->core_done = calloc(obj->func_cnt + 1, sizeof(bool));
	free(c->core_now);
	c->core_now = calloc(obj->func_cnt + 1, sizeof(bool));
	if (!c->core_done || !c->core_now)
		return -ENOMEM;
	for (i = 0; i < obj->prog_cnt; i++) {
		p = &obj->progs[i];
		if (!is_selected(p) || obj->load->prog_fds[i] >= 0 || (c->first && !c->first[i]))
			continue;
		for (k = 0; k < p->func_cnt; k++)
			c->core_now[p->layout[2 * k]] = !c->core_done[p->layout[2 * k]];
	}
	return 0;
}

/*
 * CO-RE into copies of the functions (the opened object keeps its
 * instructions), those of the programs loaded now: what only later or
 * unselected programs reach waits (a staged load's rest), or is never
 * relocated.
 */
static int apply_core(struct bbpf__load_ctx *c)
{
	struct bbpf_core_walk_cbs cbs = { .relo = on_relo, .ctx = c };
	struct bbpf_core_targets t = { 0 };
	size_t i;
	int err = 0;

	if (!c->code)
		err = bbpf__func_code_copy(c->obj, &c->code);
	if (err || !c->targets)
		return err;
	err = core_funcs(c);
	if (err)
		return err;
	t.btfs = bbpf_kbtf_set_btfs(c->targets);
	t.names = bbpf_kbtf_set_names(c->targets);
	t.cnt = bbpf_kbtf_set_cnt(c->targets);
	err = bbpf__core_walk(c->obj, &t, c->code, c->core_now, &cbs, false);
	for (i = 0; i < c->obj->func_cnt; i++)
		c->core_done[i] |= c->core_now[i];
	return err > 0 ? c->core_err ?: -EINVAL : err;
}

/*
 * The verifier stopped at poisoned call @insn of program @p (linked index):
 * which relocation or __weak kfunc made it. False when none did.
 */
static bool why_poisoned(void *ctx, const struct bbpf_prog *p, size_t insn, int32_t imm, char *buf,
			 size_t sz)
{
	const struct bbpf__load_ctx *c = ctx;
	const struct bbpf_extern *e;
	uint32_t fi, at;
	size_t i;

	if (imm >= BBPF__POISON_KFUNC_BASE) {
		e = bbpf_obj_extern(c->obj, (size_t)(imm - BBPF__POISON_KFUNC_BASE));
		snprintf(buf, sz, "it calls the __weak kfunc %s, which the kernel does not have",
			 e ? e->name : "?");
		return e != NULL;
	}
	for (i = 0; i < p->func_cnt; i++) {
		fi = p->layout[2 * i];
		at = p->layout[2 * i + 1];
		if (insn >= at && insn - at < c->obj->funcs[fi].desc.insn_cnt)
			break;
	}
	for (size_t k = 0; i < p->func_cnt && k < c->notes.cnt; k++) {
		if (c->notes.v[k].poisoned && c->notes.v[k].func == fi &&
		    c->notes.v[k].insn == insn - at) {
			char what[200];

			bbpf__relo_note_words(c->obj, &c->notes.v[k], what, sizeof(what));
			snprintf(buf, sz, "%s (%s, in %s)", c->notes.v[k].why, what,
				 c->obj->funcs[fi].name);
			return true;
		}
	}
	return false;
}

static void fill_load_opts(struct bbpf__load_ctx *c, const struct bbpf_prog *p,
			   const struct bbpf__ext_buf *fi, const struct bbpf__ext_buf *li,
			   struct bbpf_sys_prog_load_opts *o)
{
	int btf_fd = c->obj->load->btf_fd;

	o->sz = sizeof(*o);
	o->expected_attach_type = bbpf__prog_load_eat(p, c->kf);
	o->prog_flags = bbpf_prog_load_flags(p);
	o->kern_version = c->obj->kern_version;
	if (btf_fd < 0 || !c->kf->has[BBPF_FEAT_BTF_FUNC] || !fi->cnt)
		return;
	o->prog_btf_fd = (uint32_t)btf_fd;
	o->func_info = fi->recs;
	o->func_info_cnt = (uint32_t)fi->cnt;
	o->func_info_rec_size = 8;
	o->line_info = li->recs;
	o->line_info_cnt = (uint32_t)li->cnt;
	o->line_info_rec_size = li->cnt ? 16 : 0;
}

/*
 * Read-only data lives as long as each program, whether or not the program
 * reads it (libbpf does the same, so map_ids agree): BPF_PROG_BIND_MAP, 5.8+.
 * Where the kernel lacks it nothing is lost but that tie: not an error.
 */
static void bind_rodata(const struct bbpf_obj *obj, int prog_fd)
{
	size_t m;
	int err;

	for (m = 0; m < obj->map_cnt; m++) {
		if (obj->maps[m].kind != BBPF_MAP_RODATA || obj->load->map_fds[m] < 0)
			continue;
		err = bbpf_sys_prog_bind_map(prog_fd, obj->load->map_fds[m]);
		if (err)
			pr_debug("map '%s': not bound to its programs: %s\n", obj->maps[m].name,
				 bbpf_strerror(err));
	}
}

/*
 * An attach target in no BTF: where kallsyms lists it as a module's (a
 * tp_btf target by its __tracepoint_<name>, a data symbol some kernels leave
 * out of a module's kallsyms, else by the functions every tracepoint has:
 * __traceiter_<name> from 5.10, __bpf_trace_<name>), say whether that module has no
 * BTF at all (Debian's 5.10: modules built without
 * CONFIG_DEBUG_INFO_BTF_MODULES), its BTF was not read (it is split on sysfs
 * vmlinux BTF, and vmlinux's came from a file), or it lacks just this target.
 */
static void why_no_target(const struct bbpf__load_ctx *c, const struct bbpf_prog *p)
{
	static const char *const tp_syms[] = { "__tracepoint_", "__traceiter_", "__bpf_trace_" };
	const char *t = bbpf_prog_attach_target(p), *colon = strchr(t, ':'), *what = "function";
	bool tp = bbpf_prog_expected_attach_type(p) == BPF_TRACE_RAW_TP; /* tp_btf */
	char mod[64], path[128], sym[256], *text = NULL;
	size_t sz = 0, i;
	int err = -ENOENT;

	if (colon)
		t = colon + 1;
	if (tp)
		what = "tracepoint";
	if (bbpf__kallsyms_read(&text, &sz))
		return;
	for (i = 0; err && i < (tp ? ARRAY_SIZE(tp_syms) : 1); i++) {
		snprintf(sym, sizeof(sym), "%s%s", tp ? tp_syms[i] : "", t);
		err = bbpf__kallsyms_module(text, sz, sym, mod, sizeof(mod));
	}
	if (!err) {
		snprintf(path, sizeof(path), "/sys/kernel/btf/%s", mod);
		if (access(path, F_OK))
			pr_warn("prog '%s': '%s' is a %s of a module, but module %s (kallsyms) "
				"has no BTF: no %s (a kernel built without "
				"CONFIG_DEBUG_INFO_BTF_MODULES); %s attaches by BTF id only\n",
				bbpf_prog_name(p), t, what, mod, path, bbpf_prog_sec_name(p));
		else if (!c->kernel || bbpf_kbtf_set_cnt(c->kernel) < 2)
			pr_warn("prog '%s': '%s' is module %s's (kallsyms), whose BTF (%s) was not "
				"read: module BTF is split on /sys/kernel/btf/vmlinux, and vmlinux's "
				"BTF came from elsewhere\n",
				bbpf_prog_name(p), t, mod, path);
		else
			pr_warn("prog '%s': '%s' is module %s's (kallsyms), but its BTF (%s) has "
				"no such %s (inlined, or not traceable)\n",
				bbpf_prog_name(p), t, mod, path, what);
	}
	free(text);
}

/* One program's load: made ready in order, loaded on any thread, finished in order. */
struct prog_job {
	size_t idx;
	struct bbpf__ext_buf fi, li;
	struct bbpf_sys_prog_load_opts o;
	struct bbpf__prog_req rq;
	struct bbpf__vlog_ctx vlog;
	struct bpf_insn *insns;
	int mod_fd;
	uint32_t
		mod; /* the attach target's module: its index in the kernel BTF set, 0 for vmlinux */
	int fd;	     /* BPF_PROG_LOAD's answer: the fd or -errno */
};

/* Linked, patched, func/line info laid on, attach id found: everything but the syscall. */
static int prep_prog(struct bbpf__load_ctx *c, struct prog_job *j)
{
	const struct bbpf_prog *p = &c->obj->progs[j->idx];
	size_t cnt = 0;
	int err, id = 0;

	j->mod_fd = -1;
	err = bbpf__prog_link(p, c->code, &j->insns, &cnt);
	err = err
		      ?: bbpf__patch_insns(c->obj, p, j->insns, c->obj->load->map_fds, c->ext,
					   c->mod_fds);
	err = err ?: bbpf__collect_ext_info(c->obj, p, &j->fi, &j->li);
	if (!err && (p->def->flags & BBPF_SEC_ATTACH_BTF))
		err = id = bbpf__find_attach_btf_id(p, c->kernel, &j->mod);
	if (err == -ENOENT)
		why_no_target(c, p);
	if (err >= 0 && j->mod) /* a module's function: its BTF object, by fd */
		err = j->mod_fd = bbpf__kbtf_fd(bbpf_kbtf_set_names(c->kernel)[j->mod]);
	if (err < 0)
		return err;
	j->vlog = (struct bbpf__vlog_ctx){
		.obj = c->obj, .prog = p, .li = &j->li, .notes = &c->notes
	};
	fill_load_opts(c, p, &j->fi, &j->li, &j->o);
	j->o.attach_btf_id = (uint32_t)id;
	j->o.attach_btf_obj_fd = j->mod_fd >= 0 ? (uint32_t)j->mod_fd : 0;
	j->o.fd_array = c->fd_array;
	j->rq = (struct bbpf__prog_req){ .type = p->def->prog_type,
					 .name = bbpf_prog_name(p),
					 .license = c->obj->license,
					 .insns = j->insns,
					 .cnt = cnt,
					 .opts = &j->o,
					 .exp_opt = p->def->flags & BBPF_SEC_EXP_ATTACH_OPT,
					 .log_all = c->log_all,
					 .prog = p,
					 .why_poisoned = why_poisoned,
					 .ctx = c,
					 .vlog = &j->vlog };
	return 0;
}

/* The fd recorded and read-only data bound; or the refusal explained. */
static int finish_prog(struct bbpf__load_ctx *c, struct prog_job *j)
{
	if (j->fd < 0) {
		bbpf__prog_load_explain(&j->rq, j->fd);
		return j->fd;
	}
	if (j->mod) { /* links name it (attach/tracing.c) */
		c->obj->load->prog_mod[j->idx] = strdup(bbpf_kbtf_set_names(c->kernel)[j->mod]);
		if (!c->obj->load->prog_mod[j->idx])
			return -ENOMEM;
	}
	c->obj->load->prog_fds[j->idx] = j->fd;
	c->obj->load->prog_eat[j->idx] = j->o.expected_attach_type;
	bind_rodata(c->obj, j->fd);
	j->fd = -1; /* the object owns it now */
	return 0;
}

static void job_free(struct prog_job *j)
{
	if (j->mod_fd >= 0)
		close(j->mod_fd);
	if (j->fd >= 0)
		close(j->fd);
	free(j->insns);
	free(j->fi.recs);
	free(j->li.recs);
}

static void load_job(void *ctx, size_t i)
{
	struct prog_job *j = (struct prog_job *)ctx + i;

	j->fd = bbpf__prog_load_try(&j->rq);
}

/* One after the other, each under its step: with --syscalls the trail is their order. */
static int load_serial(struct bbpf__load_ctx *c, struct prog_job *jobs, size_t n, size_t *failed)
{
	int err = 0;

	for (*failed = 0; *failed < n && !err; ++*failed) {
		bbpf__sc_step(1, "load program '%s' (%s)",
			      bbpf_prog_name(&c->obj->progs[jobs[*failed].idx]),
			      bbpf_prog_type_str(c->obj->progs[jobs[*failed].idx].def->prog_type));
		err = prep_prog(c, &jobs[*failed]);
		if (!err)
			load_job(jobs, *failed);
		err = err ?: finish_prog(c, &jobs[*failed]);
	}
	--*failed;
	return err;
}

/*
 * The same outcome as load_serial(): all made ready in order, loaded on a
 * few threads (par.c: most of a load is the verifier, in this process), then
 * the first refusal, in order, explained and the programs after it not kept.
 */
static int load_parallel(struct bbpf__load_ctx *c, struct prog_job *jobs, size_t n, size_t *failed)
{
	size_t ready, i;
	int err = 0, prep_err = 0;

	for (ready = 0; ready < n && !prep_err; ready++)
		prep_err = prep_prog(c, &jobs[ready]);
	if (prep_err)
		ready--; /* jobs[ready] could not be made ready */
	bbpf__par_each(ready, load_job, jobs);
	for (i = 0; i < ready && !err; i++)
		err = finish_prog(c, &jobs[i]);
	*failed = err ? i - 1 : ready;
	return err ?: prep_err;
}

/*
 * Every selected program not loaded yet (of a staged load's first stage:
 * those it names); the first that fails fails the load (obj->load_failed).
 */
static int load_progs(struct bbpf__load_ctx *c)
{
	struct prog_job *jobs;
	size_t i, n = 0, failed;
	int err;

	jobs = calloc(c->obj->prog_cnt + 1, sizeof(*jobs));
	if (!jobs)
		return -ENOMEM;
	for (i = 0; i < c->obj->prog_cnt; i++)
		if (is_selected(&c->obj->progs[i]) && c->obj->load->prog_fds[i] < 0 &&
		    (!c->first || c->first[i]))
			jobs[n++] = (struct prog_job){ .idx = i, .mod_fd = -1, .fd = -1 };
	if (bbpf__sc_on())
		err = load_serial(c, jobs, n, &failed);
	else
		err = load_parallel(c, jobs, n, &failed);
	if (err)
		c->obj->load_failed = (long)jobs[failed].idx;
	for (i = 0; i < n; i++)
		job_free(&jobs[i]);
	free(jobs);
	return err;
}

static int new_load(struct bbpf_obj *obj)
{
	struct bbpf__load *ld = calloc(1, sizeof(*ld));
	size_t i;

	if (!ld)
		return -ENOMEM;
	obj->load = ld;
	ld->btf_fd = -1;
	ld->prog_fds = malloc((obj->prog_cnt + 1) * sizeof(int));
	ld->prog_eat = calloc(obj->prog_cnt + 1, sizeof(uint32_t));
	ld->prog_mod = calloc(obj->prog_cnt + 1, sizeof(char *));
	ld->map_fds = malloc((obj->map_cnt + 1) * sizeof(int));
	ld->pinned = calloc(obj->map_cnt + 1, sizeof(char *));
	if (!ld->prog_fds || !ld->prog_eat || !ld->prog_mod || !ld->map_fds || !ld->pinned) {
		free(ld->prog_fds); /* nothing to close: no fd is recorded yet */
		free(ld->prog_eat);
		free(ld->prog_mod);
		ld->prog_eat = NULL;
		ld->prog_mod = NULL;
		free(ld->map_fds);
		free(ld->pinned);
		ld->prog_fds = ld->map_fds = NULL;
		ld->pinned = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < obj->prog_cnt; i++)
		ld->prog_fds[i] = -1;
	for (i = 0; i < obj->map_cnt; i++) {
		ld->map_fds[i] = -1;
		obj->maps[i].obj = obj;
	}
	return 0;
}

/* The features this load reads, probed (only those: see bbpf__kfeat_get_for()). */
static const struct bbpf_kfeat *load_kfeat(const struct bbpf_obj *obj)
{
	bool km = false, um = false;
	uint32_t eat;
	size_t i;

	for (i = 0; i < obj->prog_cnt; i++) {
		if (!is_selected(&obj->progs[i]))
			continue;
		eat = bbpf_prog_expected_attach_type(&obj->progs[i]);
		km |= eat == BPF_TRACE_KPROBE_MULTI;
		um |= eat == BPF_TRACE_UPROBE_MULTI;
	}
	return bbpf__kfeat_get_for(km, um);
}

static int load_steps(struct bbpf__load_ctx *c)
{
	struct bbpf__ahead ahead;
	int err, join_err;

	err = bbpf__obj_check_secs(c->obj);
	err = err ?: bbpf__feature_switch_check();
	bbpf__sc_step(1, "RLIMIT_MEMLOCK, raised where the kernel charges it");
	err = err ?: bbpf_sys_ensure_memlock();
	c->kf = err ? NULL : load_kfeat(c->obj);
	if (!c->kf)
		return err;
	c->obj->load->events_perf =
		bbpf__events_to_perf(c->obj, c->kf, OPTS_GET(c->opts, buffer, 0));
	bbpf__ahead_start(&ahead, c->obj, c->kf, c->pin_root, c->now); /* BTF and maps */
	err = open_target(c);
	err = err ?: resolve_externs(c);
	err = err ?: apply_core(c);
	join_err = bbpf__ahead_join(&ahead, !err);
	err = err ?: join_err;
	err = err ?: load_progs(c);
	err = err ?: bbpf__load_slots(c->obj);
	if (!err)
		bbpf__sc_step(1, "global data as memory");
	err = err ?: bbpf__load_mmap(c->obj, c->kf);
	return err;
}

static void load_ctx_free(struct bbpf__load_ctx *c)
{
	uint32_t k;

	for (k = 0; c->mod_fds && c->ext && k < c->ext->mods_used; k++)
		if (c->mod_fds[k] >= 0)
			close(c->mod_fds[k]);
	free(c->mod_fds);
	bbpf__extern_vals_free(c->ext);
	free(c->fd_array);
	bbpf__func_code_free(c->code, c->obj->func_cnt);
	free(c->core_done);
	free(c->core_now);
	bbpf__relo_notes_free(&c->notes);
	bbpf_kbtf_set_free(c->targets);
	bbpf_kbtf_set_free(c->kernel_own);
	free(c->pin_root);
	free(c->first);
	free(c->now);
}

/* bbpf_obj_load_opts.first: the plan (stage.c); nothing to do without it. */
static int plan_stages(struct bbpf__load_ctx *c)
{
	const char *const *names = OPTS_GET(c->opts, first, NULL);
	size_t cnt = OPTS_GET(c->opts, first_cnt, 0);
	const struct bbpf_obj *obj = c->obj;
	int err;

	if (!names)
		return 0;
	c->first = calloc(obj->prog_cnt + 1, sizeof(bool));
	c->now = calloc(obj->map_cnt + 1, sizeof(bool));
	if (!c->first || !c->now)
		return -ENOMEM;
	err = bbpf__stage_first(obj, names, cnt, c->first);
	if (!err)
		bbpf__stage_maps(obj, c->first, c->now);
	return err;
}

/* A selected program the first stage left out? */
static bool has_pending(const struct bbpf_obj *obj)
{
	size_t i;

	for (i = 0; i < obj->prog_cnt; i++)
		if (is_selected(&obj->progs[i]) && obj->load->prog_fds[i] < 0)
			return true;
	return false;
}

/*
 * After a first stage with programs left: the context moves into the load
 * (the target BTF, CO-RE'd code, externs), the caller's options forgotten.
 */
static int keep_for_rest(struct bbpf__load_ctx *c)
{
	struct bbpf__load_ctx *kept;

	if (!c->first || !has_pending(c->obj))
		return 0;
	kept = malloc(sizeof(*kept));
	if (!kept)
		return -ENOMEM;
	*kept = *c;
	kept->opts = NULL;
	memset(c, 0, sizeof(*c));
	c->obj = kept->obj;
	kept->obj->load->rest = kept;
	return 0;
}

static int ctx_init(struct bbpf__load_ctx *c)
{
	const char *root = OPTS_GET(c->opts, pin_root, NULL);

	c->log_all = OPTS_GET(c->opts, log_all, false);
	c->pin_root = root ? strdup(root) : NULL;
	if (root && !c->pin_root)
		return -ENOMEM;
	return plan_stages(c);
}

int bbpf_obj_load(struct bbpf_obj *obj, const struct bbpf_obj_load_opts *opts)
{
	struct bbpf__load_ctx c = { .obj = obj, .opts = opts };
	size_t i;
	int err;

	if (!obj || !OPTS_VALID(opts, bbpf_obj_load_opts))
		return -EINVAL;
	if (obj->load) {
		pr_warn("%s: already loaded: bbpf_obj_unload() it first\n", obj->name);
		return -EBUSY;
	}
	obj->load_failed = -1;
	bbpf__sc_step(0, "load object '%s'", obj->name);
	err = ctx_init(&c) ?: new_load(obj) ?: load_steps(&c);
	err = err ?: keep_for_rest(&c);
	load_ctx_free(&c);
	bbpf__sc_step_end();
	if (!err)
		return 0;
	for (i = 0; i < obj->map_cnt && obj->load && obj->load->pinned; i++)
		if (obj->load->pinned[i])
			unlink(obj->load->pinned[i]);
	bbpf__obj_unload(obj);
	return err;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* What a failed bbpf_obj_load_rest() made, closed: maps and programs with @had[i] false. */
static void close_rest(struct bbpf_obj *obj, const bool *had_map, const bool *had_prog)
{
	struct bbpf__load *ld = obj->load;
	size_t i;

	for (i = 0; i < obj->prog_cnt; i++)
		if (!had_prog[i] && ld->prog_fds[i] >= 0)
			close_fd(&ld->prog_fds[i]);
	for (i = 0; i < obj->map_cnt; i++) {
		if (had_map[i] || ld->map_fds[i] < 0)
			continue;
		bbpf__unmap_one(obj, i);
		close_fd(&ld->map_fds[i]);
		if (ld->pinned[i])
			unlink(ld->pinned[i]);
		free(ld->pinned[i]);
		ld->pinned[i] = NULL;
	}
}

/* A later program with an attach id (fentry, tp_btf, ...)? Else the kernel's BTF can go. */
static bool rest_needs_kernel(const struct bbpf_obj *obj)
{
	size_t i;

	for (i = 0; i < obj->prog_cnt; i++)
		if (is_selected(&obj->progs[i]) && obj->load->prog_fds[i] < 0 &&
		    (obj->progs[i].def->flags & BBPF_SEC_ATTACH_BTF))
			return true;
	return false;
}

static int load_rest(struct bbpf__load_ctx *c)
{
	int err;

	free(c->first);
	c->first = NULL;     /* now: everything selected and not loaded yet */
	err = apply_core(c); /* what only the rest reaches */
	if (err)
		return err;
	if (!rest_needs_kernel(c->obj)) { /* CO-RE and externs are done: unmapped here, not first */
		bbpf_kbtf_set_free(c->targets);
		bbpf_kbtf_set_free(c->kernel_own);
		c->targets = c->kernel_own = c->kernel = NULL;
		c->vmlinux = NULL;
	}

	free(c->now);
	c->now = NULL;
	err = bbpf__load_maps(c->obj, c->pin_root, c->kf, NULL);
	err = err ?: load_progs(c);
	err = err ?: bbpf__load_slots(c->obj);
	err = err ?: bbpf__load_mmap(c->obj, c->kf);
	return err;
}

int bbpf_obj_load_rest(struct bbpf_obj *obj)
{
	struct bbpf__load_ctx *c = obj && obj->load ? obj->load->rest : NULL;
	bool *had_map, *had_prog;
	size_t i;
	int err;

	if (!obj || !obj->load)
		return -EINVAL;
	if (!c)
		return 0; /* not staged, or the rest is loaded */
	had_map = calloc(obj->map_cnt + 1, sizeof(bool));
	had_prog = calloc(obj->prog_cnt + 1, sizeof(bool));
	if (!had_map || !had_prog) {
		free(had_map);
		free(had_prog);
		return -ENOMEM; /* still pending: may be asked again */
	}
	for (i = 0; i < obj->map_cnt; i++)
		had_map[i] = obj->load->map_fds[i] >= 0;
	for (i = 0; i < obj->prog_cnt; i++)
		had_prog[i] = obj->load->prog_fds[i] >= 0;
	obj->load->rest = NULL;
	obj->load_failed = -1;
	bbpf__sc_step(0, "load the rest of object '%s'", obj->name);
	err = load_rest(c);
	if (err)
		close_rest(obj, had_map, had_prog);
	load_ctx_free(c);
	free(c);
	bbpf__sc_step_end();
	free(had_map);
	free(had_prog);
	return err;
}

void bbpf_obj_unload(struct bbpf_obj *obj)
{
	if (obj)
		bbpf__obj_unload(obj);
}

void bbpf__obj_unload(struct bbpf_obj *obj)
{
	struct bbpf__load *ld = obj->load;
	size_t i;

	if (!ld)
		return;
	bbpf__sc_step(0, "unload object '%s'", obj->name);
	if (ld->rest) {
		load_ctx_free(ld->rest);
		free(ld->rest);
		ld->rest = NULL;
	}
	bbpf__unload_mmap(obj);
	for (i = 0; ld->prog_fds && i < obj->prog_cnt; i++)
		close_fd(&ld->prog_fds[i]);
	for (i = 0; ld->map_fds && i < obj->map_cnt; i++)
		close_fd(&ld->map_fds[i]);
	for (i = 0; ld->pinned && i < obj->map_cnt; i++)
		free(ld->pinned[i]);
	for (i = 0; ld->prog_mod && i < obj->prog_cnt; i++)
		free(ld->prog_mod[i]);
	close_fd(&ld->btf_fd);
	free(ld->prog_fds);
	free(ld->prog_eat);
	free(ld->prog_mod);
	free(ld->map_fds);
	free(ld->pinned);
	free(ld->kcfg);
	free(ld);
	obj->load = NULL;
	bbpf__sc_step_end();
}

const struct bbpf_prog *bbpf_obj_load_failed_prog(const struct bbpf_obj *obj)
{
	return obj && obj->load_failed >= 0 && (size_t)obj->load_failed < obj->prog_cnt
		       ? &obj->progs[obj->load_failed]
		       : NULL;
}

int bbpf_prog_fd(const struct bbpf_prog *prog)
{
	const struct bbpf__load *ld = prog ? prog->obj->load : NULL;
	int fd = ld ? ld->prog_fds[prog - prog->obj->progs] : -1;

	return fd < 0 ? -ENOENT : fd;
}

uint32_t bbpf__prog_load_eat(const struct bbpf_prog *p, const struct bbpf_kfeat *kf)
{
	uint32_t eat = bbpf_prog_expected_attach_type(p);

	if ((eat == BPF_TRACE_KPROBE_MULTI && !kf->has[BBPF_FEAT_KPROBE_MULTI]) ||
	    (eat == BPF_TRACE_UPROBE_MULTI && !kf->has[BBPF_FEAT_UPROBE_MULTI]))
		return 0; /* attach/multi.c probes one symbol at a time */
	return eat;
}

int64_t bbpf__prog_loaded_eat(const struct bbpf_prog *prog)
{
	if (bbpf_prog_fd(prog) < 0)
		return -ENOENT;
	return prog->obj->load->prog_eat[prog - prog->obj->progs];
}

const char *bbpf__prog_loaded_module(const struct bbpf_prog *prog)
{
	if (bbpf_prog_fd(prog) < 0)
		return NULL;
	return prog->obj->load->prog_mod[prog - prog->obj->progs];
}

int bbpf_map_fd(const struct bbpf_map *map)
{
	const struct bbpf_obj *obj = map ? map->obj : NULL;
	int fd = obj && obj->load ? obj->load->map_fds[map - obj->maps] : -1;

	return fd < 0 ? -ENOENT : fd;
}
