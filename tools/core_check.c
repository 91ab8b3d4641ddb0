// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf core check OBJ... --btf-dir DIR [--json] [--threads N]
 *
 * Every CO-RE relocation of every object against every BTF under DIR (a
 * btfhub tree or a flat folder: btf_dir.h), and what each program would do
 * on each kernel:
 *
 *   ok       every relocation found what it looks for
 *   branch   some did not (an exists check is false, a guarded access is
 *            poisoned) but no poisoned instruction can run: the program
 *            loads and takes another branch on that kernel
 *   fail     a relocation cannot be applied, or a poisoned instruction is
 *            reachable (bbpf_core_poison_reach()): the verifier rejects it
 *
 * Each kernel's BTF is mapped (BBPF_KBTF_MAP_ANY: a fleet's BTFs are
 * files nobody rewrites meanwhile; reading them instead took 2.5 times as
 * long over the matrix's 14), parsed once, and every object relocated against it;
 * kernels are spread over threads (one per CPU by default), each of which
 * owns its BTF and its results: the objects are shared read-only, the
 * library's CO-RE walk is pure. The report is printed afterwards, kernels
 * in name order. Exit 1 when a program fails on a kernel or a BTF cannot
 * be read.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>
#include <barebpf/kbtf.h>
#include <barebpf/obj.h>
#include "args.h"
#include "btf_dir.h"
#include "core_check.h"
#include "json.h"

/* Counts of one function's relocations on one kernel. */
struct func_res {
	uint32_t relos, errors, poisoned, missing;
	int reach;	   /* bbpf_core_poison_reach(): 1 reachable, 0 not, -errno */
	uint32_t reach_at; /* the poisoned instruction reached */
};

/* One relocation that did not resolve to a value, in `core explain`'s words. */
struct note {
	uint32_t obj, func, insn, relo;
	uint8_t kind, result;
	char spec[256];
	char why[224]; /* the walk's reason (160) and an errno string */
};

/* One kernel: filled by the thread that took it, read by the printer. */
struct kres {
	int err;		 /* its BTF could not be read */
	char why[256];		 /* the library's first message about it */
	struct func_res **funcs; /* [obj][func] */
	int *obj_err;		 /* [obj]: the walk failed as a whole (-errno) */
	struct note *notes;
	size_t cnt, cap;
};

struct check {
	const char *const *paths;
	struct bbpf_obj **objs;
	size_t nobj;
	struct btf_dir dir;
	struct kres *res; /* [dir.cnt] */
	size_t next;	  /* the next kernel a thread takes (atomic) */
	bool json;
};

struct kctx {
	struct kres *r;
	size_t obj;
};

static const char *const result_str[] = { "ok", "poisoned", "missing", "error" };

/*
 * The library's messages while threads run: the first warning a thread gets
 * is kept as the reason of the kernel it works on (a corrupt BTF says what
 * is wrong with it); the rest are in the results already.
 */
static __thread char *thread_why;

static int capture(enum bbpf_print_level level, const char *fmt, va_list ap)
{
	size_t n;

	if (level != BBPF_WARN || !thread_why || thread_why[0])
		return 0;
	vsnprintf(thread_why, sizeof(((struct kres *)0)->why), fmt, ap);
	n = strlen(thread_why);
	while (n && thread_why[n - 1] == '\n')
		thread_why[--n] = '\0';
	for (const char *const *pre = (const char *const[]){ "barebpf: ", "BTF: ", NULL }; *pre;
	     pre++) {
		size_t m = strlen(*pre);

		if (!strncmp(thread_why, *pre, m)) {
			memmove(thread_why, thread_why + m, n - m + 1);
			n -= m;
		}
	}
	return 0;
}

static int on_relo(void *ctx, const struct bbpf_core_relo_info *in)
{
	struct kctx *k = ctx;
	struct kres *r = k->r;
	struct func_res *f = in->func >= 0 ? &r->funcs[k->obj][in->func] : NULL;
	struct note *n;

	if (!f) {
		r->obj_err[k->obj] = -EINVAL;
	} else {
		f->relos++;
		f->errors += in->result == BBPF_CORE_RES_ERROR;
		f->poisoned += in->result == BBPF_CORE_RES_POISONED;
		f->missing += in->result == BBPF_CORE_RES_MISSING;
	}
	if (in->result == BBPF_CORE_RES_OK)
		return 0;
	if (r->cnt == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;

		n = realloc(r->notes, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		r->notes = n;
		r->cap = cap;
	}
	n = &r->notes[r->cnt++];
	*n = (struct note){ .obj = k->obj,
			    .func = in->func < 0 ? UINT32_MAX : (uint32_t)in->func,
			    .insn = in->insn_idx,
			    .relo = in->relo_idx,
			    .kind = in->relo->kind,
			    .result = in->result };
	snprintf(n->spec, sizeof(n->spec), "%s", in->spec);
	if (in->result == BBPF_CORE_RES_ERROR)
		snprintf(n->why, sizeof(n->why), "%s (%s)", in->why, bbpf_strerror(in->err));
	else
		snprintf(n->why, sizeof(n->why), "%s", in->why);
	return 0;
}

static int on_func(void *ctx, int func, const struct bpf_insn *insns, size_t cnt)
{
	struct kctx *k = ctx;
	struct func_res *f = &k->r->funcs[k->obj][func];

	if (f->poisoned)
		f->reach = bbpf_core_poison_reach(insns, cnt, &f->reach_at);
	return 0;
}

static int kres_alloc(struct check *c, struct kres *r)
{
	size_t o;

	r->funcs = calloc(c->nobj, sizeof(*r->funcs));
	r->obj_err = calloc(c->nobj, sizeof(*r->obj_err));
	if (!r->funcs || !r->obj_err)
		return -ENOMEM;
	for (o = 0; o < c->nobj; o++) {
		r->funcs[o] = calloc(bbpf_obj_func_cnt(c->objs[o]) + 1, sizeof(**r->funcs));
		if (!r->funcs[o])
			return -ENOMEM;
	}
	return 0;
}

static void kres_free(struct check *c, struct kres *r)
{
	size_t o;

	for (o = 0; r->funcs && o < c->nobj; o++)
		free(r->funcs[o]);
	free(r->funcs);
	free(r->obj_err);
	free(r->notes);
}

/* Kernel @i: its BTF parsed once, every object relocated against it. */
static void check_kernel(struct check *c, size_t i)
{
	struct kres *r = &c->res[i];
	const char *name = c->dir.ents[i].name;
	struct bbpf_core_targets ct = { NULL, &name, 1 };
	struct bbpf_btf_open_opts opts;
	struct bbpf_btf *btf = NULL;
	struct kctx k = { .r = r };
	struct bbpf_core_walk_cbs cbs = { .relo = on_relo, .func = on_func, .ctx = &k };
	int err;

	thread_why = r->why;
	bbpf_kbtf_open_opts(&opts, BBPF_KBTF_MAP_ANY);
	r->err = kres_alloc(c, r) ?: bbpf_btf_open(c->dir.ents[i].path, NULL, &opts, &btf);
	thread_why = NULL;
	if (r->err)
		return;
	ct.btfs = (const struct bbpf_btf *const *)&btf;
	for (k.obj = 0; k.obj < c->nobj; k.obj++) {
		err = bbpf_obj_core_relocate(c->objs[k.obj], &ct, &cbs);
		if (err < 0 && err != -ENOENT)
			r->obj_err[k.obj] = err;
	}
	bbpf_btf_free(btf);
}

static void *worker(void *arg)
{
	struct check *c = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&c->next, 1, __ATOMIC_RELAXED)) < c->dir.cnt)
		check_kernel(c, i);
	return NULL;
}

/* Runs check_kernel() for every kernel on @nthreads threads (this one included). */
static int run_threads(struct check *c, unsigned int nthreads)
{
	pthread_t *tids = calloc(nthreads, sizeof(*tids));
	unsigned int i, started = 0;

	if (!tids)
		return -ENOMEM;
	for (i = 1; i < nthreads; i++, started++)
		if (pthread_create(&tids[i], NULL, worker, c))
			break; /* fewer threads: the work still gets done */
	worker(c);
	for (i = 1; i <= started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The report                                                          */
/* ------------------------------------------------------------------ */

enum verdict { V_OK, V_BRANCH, V_FAIL };
static const char *const verdict_str[] = { "ok", "branch", "fail" };

/* One program on one kernel: its functions' counts summed. */
struct prog_sum {
	uint32_t relos, failed;
	enum verdict v;
	int reach_func; /* the function whose poisoned instruction is reachable, or -1 */
	uint32_t reach_at;
};

static void prog_sum(const struct check *c, const struct kres *r, size_t o,
		     const struct bbpf_prog *p, struct prog_sum *s)
{
	const struct func_res *f;
	bool fail = r->obj_err[o] != 0;
	size_t i;
	int fi;

	*s = (struct prog_sum){ .reach_func = -1 };
	for (i = 0; i < bbpf_prog_func_cnt(p); i++) {
		fi = bbpf_prog_func(p, i, NULL);
		if (fi < 0 || (size_t)fi >= bbpf_obj_func_cnt(c->objs[o]))
			continue;
		f = &r->funcs[o][fi];
		s->relos += f->relos;
		s->failed += f->errors + f->poisoned + f->missing;
		fail |= f->errors > 0;
		if (f->poisoned && f->reach && s->reach_func < 0) { /* < 0: cannot tell */
			s->reach_func = fi;
			s->reach_at = f->reach == 1 ? f->reach_at : 0;
		}
	}
	fail |= s->reach_func >= 0;
	s->v = fail ? V_FAIL : s->failed ? V_BRANCH : V_OK;
}

static bool prog_has_func(const struct bbpf_prog *p, uint32_t func)
{
	size_t i;

	for (i = 0; i < bbpf_prog_func_cnt(p); i++)
		if (bbpf_prog_func(p, i, NULL) == (int)func)
			return true;
	return false;
}

static const char *func_name(const struct check *c, const struct note *n)
{
	const struct bbpf_func *f = bbpf_obj_func(c->objs[n->obj], n->func);

	return f ? f->name : "?";
}

static void print_notes_text(const struct check *c, const struct kres *r, size_t o,
			     const struct bbpf_prog *p)
{
	const struct note *n;
	size_t i;

	for (i = 0; i < r->cnt; i++) {
		n = &r->notes[i];
		if (n->obj != o || (n->func != UINT32_MAX && !prog_has_func(p, n->func)))
			continue;
		printf("      %s insn %u: relo #%u %s %s: %s: %s\n", func_name(c, n), n->insn,
		       n->relo, bbpf_core_kind_str(n->kind), n->spec, result_str[n->result],
		       n->why[0] ? n->why : "the field changed size");
	}
}

static void print_prog_text(const struct check *c, const struct kres *r, size_t o,
			    const struct bbpf_prog *p, const struct prog_sum *s)
{
	const struct bbpf_func *rf =
		s->reach_func >= 0 ? bbpf_obj_func(c->objs[o], s->reach_func) : NULL;

	printf("    %s %s: %s: %u of %u relocation%s failed", c->paths[o], bbpf_prog_name(p),
	       s->v == V_FAIL ? "FAILS to load" : "loads, takes another branch", s->failed,
	       s->relos, s->relos == 1 ? "" : "s");
	if (r->obj_err[o])
		printf(" (%s)", bbpf_strerror(r->obj_err[o]));
	if (rf)
		printf("; %s insn %u (poisoned) is reachable", rf->name, s->reach_at);
	printf("\n");
	print_notes_text(c, r, o, p);
}

static void print_notes_json(const struct check *c, const struct kres *r, size_t o,
			     const struct bbpf_prog *p)
{
	const struct note *n;
	bool first, any = false;
	size_t i;

	printf(",\"relocations\":[");
	for (i = 0; i < r->cnt; i++) {
		n = &r->notes[i];
		if (n->obj != o || (n->func != UINT32_MAX && !prog_has_func(p, n->func)))
			continue;
		printf("%s{", any ? "," : "");
		any = true;
		first = true;
		json_kv_str("func", n->func == UINT32_MAX ? "" : func_name(c, n), &first);
		json_kv_u64("insn", n->insn, &first);
		json_kv_u64("relo", n->relo, &first);
		json_kv_str("kind", bbpf_core_kind_str(n->kind), &first);
		json_kv_str("local", n->spec, &first);
		json_kv_str("result", result_str[n->result], &first);
		json_kv_str("why", n->why, &first);
		printf("}");
	}
	printf("]");
}

static void print_prog_json(const struct check *c, size_t k, size_t o, const struct bbpf_prog *p,
			    const struct prog_sum *s)
{
	const struct kres *r = &c->res[k];
	bool first = true;

	printf("{");
	json_kv_str("kernel", c->dir.ents[k].name, &first);
	json_kv_str("btf", c->dir.ents[k].rel, &first);
	json_kv_str("obj", c->paths[o], &first);
	json_kv_str("prog", bbpf_prog_name(p), &first);
	json_kv_str("sec", bbpf_prog_sec_name(p), &first);
	json_kv_str("result", verdict_str[s->v], &first);
	json_kv_u64("relos", s->relos, &first);
	json_kv_u64("failed", s->failed, &first);
	if (s->reach_func >= 0) {
		json_kv_str("reached_func", bbpf_obj_func(c->objs[o], s->reach_func)->name, &first);
		json_kv_u64("reached_insn", s->reach_at, &first);
	}
	if (r->obj_err[o])
		json_kv_str("error", bbpf_strerror(r->obj_err[o]), &first);
	print_notes_json(c, r, o, p);
	printf("}\n");
}

/* Kernel @k: its line of counts, then each program that is not plainly ok. */
static void report_kernel(const struct check *c, size_t k, unsigned int tot[3])
{
	const struct kres *r = &c->res[k];
	unsigned int cnt[3] = { 0 };
	struct prog_sum s;
	const struct bbpf_prog *p;
	size_t o, i;

	for (o = 0; o < c->nobj; o++)
		for (i = 0; i < bbpf_obj_prog_cnt(c->objs[o]); i++) {
			prog_sum(c, r, o, bbpf_obj_prog(c->objs[o], i), &s);
			cnt[s.v]++;
		}
	if (!c->json)
		printf("%-28s %5u %7u %5u\n", c->dir.ents[k].name, cnt[V_OK], cnt[V_BRANCH],
		       cnt[V_FAIL]);
	for (o = 0; o < c->nobj; o++)
		for (i = 0; i < bbpf_obj_prog_cnt(c->objs[o]); i++) {
			p = bbpf_obj_prog(c->objs[o], i);
			prog_sum(c, r, o, p, &s);
			if (c->json)
				print_prog_json(c, k, o, p, &s);
			else if (s.v != V_OK)
				print_prog_text(c, r, o, p, &s);
		}
	for (i = 0; i < 3; i++)
		tot[i] += cnt[i];
}

static void report_unread(const struct check *c, size_t k)
{
	bool first = true;

	if (!c->json) {
		printf("%-28s cannot read %s: %s\n", c->dir.ents[k].name, c->dir.ents[k].path,
		       c->res[k].why[0] ? c->res[k].why : bbpf_strerror(c->res[k].err));
		return;
	}
	printf("{");
	json_kv_str("kernel", c->dir.ents[k].name, &first);
	json_kv_str("btf", c->dir.ents[k].rel, &first);
	json_kv_str("error", c->res[k].why[0] ? c->res[k].why : bbpf_strerror(c->res[k].err),
		    &first);
	printf("}\n");
}

/* Prints the report; returns the number of kernels with a failing program or unread. */
static size_t report(const struct check *c, double secs, unsigned int nthreads)
{
	unsigned int tot[3] = { 0 }, before;
	size_t k, bad = 0;

	if (!c->json)
		printf("%-28s %5s %7s %5s\n", "kernel", "ok", "branch", "fail");
	for (k = 0; k < c->dir.cnt; k++) {
		before = tot[V_FAIL];
		if (c->res[k].err)
			report_unread(c, k);
		else
			report_kernel(c, k, tot);
		bad += c->res[k].err || tot[V_FAIL] != before;
	}
	if (!c->json)
		printf("\n%zu kernel%s x %zu object%s: %u ok, %u take another branch, %u fail "
		       "to load; %zu kernel%s with a failure (%.3f s, %u thread%s)\n",
		       c->dir.cnt, c->dir.cnt == 1 ? "" : "s", c->nobj, c->nobj == 1 ? "" : "s",
		       tot[V_OK], tot[V_BRANCH], tot[V_FAIL], bad, bad == 1 ? "" : "s", secs,
		       nthreads, nthreads == 1 ? "" : "s");
	return bad;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned int pick_threads(unsigned int asked, size_t kernels)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int n = asked ? asked : cpus > 0 ? (unsigned int)cpus : 1;

	return n > kernels ? (unsigned int)kernels : n;
}

int core_check(const char *const *paths, size_t nobj, const char *dir, bool json,
	       unsigned int threads)
{
	struct check c = { .paths = paths, .nobj = nobj, .json = json };
	bbpf_print_fn old;
	size_t i, bad = 0;
	double t0 = 0;
	int err;

	c.objs = calloc(nobj, sizeof(*c.objs));
	if (!c.objs)
		return EXIT_FAIL;
	for (i = 0, err = 0; i < nobj && !err; i++)
		err = bbpf_obj_open_file(paths[i], NULL, &c.objs[i]); /* says why */
	err = err ?: btf_dir_list(dir, &c.dir);
	if (!err) {
		c.res = calloc(c.dir.cnt, sizeof(*c.res));
		err = c.res ? 0 : -ENOMEM;
	}
	if (!err) {
		threads = pick_threads(threads, c.dir.cnt);
		old = cli.verbose ? NULL : bbpf_set_print(capture); /* results say why */
		t0 = now();
		err = run_threads(&c, threads);
		if (!cli.verbose)
			bbpf_set_print(old);
	}
	for (i = 0; !err && i < c.dir.cnt; i++)
		if (c.res[i].err == -ENOMEM)
			err = -ENOMEM;
	if (!err)
		bad = report(&c, now() - t0, threads);
	else if (err == -ENOMEM)
		p_err("core check: out of memory");
	for (i = 0; c.res && i < c.dir.cnt; i++)
		kres_free(&c, &c.res[i]);
	free(c.res);
	btf_dir_free(&c.dir);
	for (i = 0; i < nobj; i++)
		bbpf_obj_close(c.objs[i]);
	free(c.objs);
	return err || bad ? EXIT_FAIL : EXIT_OK;
}
