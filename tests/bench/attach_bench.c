// SPDX-License-Identifier: BSD-2-Clause
/*
 * `make bench`, attaching (tests/progs/bench_attach.bpf.c):
 *
 * Per-event cost: what each mechanism adds to the call it hooks. A loop of
 * N getppid() (or N calls of a function of this binary, for uprobes) is
 * timed in this thread's CPU time (CLOCK_THREAD_CPUTIME_ID: user + kernel,
 * and the machine is shared) with nothing attached and with one program
 * (an add to a counter) on the hook; the difference per call is the cost.
 * Each round times every mechanism's loop and, right after it, the same
 * loop with nothing attached: the cost is the median of those differences
 * (paired, because a shared host or an emulated CPU drifts during the run).
 * A mechanism the kernel lacks (kprobes, fentry on this host) is reported
 * as such.
 *
 * Attach time: attaching one program to the NF functions bench_ufn_* of
 * this binary and detaching it again, wall clock: as one uprobe.multi link
 * (BPF_TRACE_UPROBE_MULTI), as barebpf's fallback for it (one uprobe per
 * function, BAREBPF_NO=uprobe_multi), and NF plain uprobes attached one by
 * one by barebpf and by libbpf (linked in as the reference; Debian's
 * libbpf 1.1.2 has no uprobe.multi) on the same object and program.
 * The same for the kernel functions a glob names (-k), where the kernel
 * has kprobes: one kprobe.multi link, its fallback, one kprobe per function;
 * libbpf's kprobe.multi is given the same list of names.
 *
 * Usage: attach_bench OBJ [-n ROUNDS] [-a ROUNDS] [-k GLOB] [-g]   prints Markdown.
 * -a: rounds of the attach times when they should differ from -n (-n's
 * rounds are cheap, one by one kprobes are not). -g: inside a qemu guest
 * (make bench-matrix): loops half as long, 100 ms pauses (settle_us), no
 * uprobe attach times (the host has them), headings name the kernel.
 */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>

#define NF	64
#define NK_MAX	512

static const char *obj_path;
static char exe[512];
static int rounds = 11;
static int attach_rounds; /* -a: rounds of the attach times (0: as many as -n) */
static int n_syscall = 200000, n_uprobe = 20000;
/*
 * Pause after each attach and detach before a timed loop (-g: 100 ms): the
 * kernel finishes them in RCU callbacks and softirqs, which are charged to
 * whatever thread runs then, and a guest's emulated CPU takes long to.
 */
static unsigned settle_us;
static bool guest;
static const char *h3 = "###"; /* "####" in a guest: under a heading per kernel */
/* The kernel functions of the kprobe attach times: cold ones, on every kernel we boot. */
static const char *kglob = "rtc_*";
static char *kfn[NK_MAX];
static int nkf;

/* The functions the uprobes hit: NF of them, for the attach-time rows. */
#define F(i)                                                             \
	__attribute__((noinline, used)) int bench_ufn_##i(int x)         \
	{                                                                \
		__asm__ volatile("" : "+r"(x));                          \
		return x + i;                                            \
	}
#define F8(a) F(a##0) F(a##1) F(a##2) F(a##3) F(a##4) F(a##5) F(a##6) F(a##7)
F8(1) F8(2) F8(3) F8(4) F8(5) F8(6) F8(7) F8(8)

/* Called once from main(): referenced, so that --gc-sections keeps them. */
#define R(i)	 bench_ufn_##i,
#define R8(a)	 R(a##0) R(a##1) R(a##2) R(a##3) R(a##4) R(a##5) R(a##6) R(a##7)
static int (*const ufns[])(int) = { R8(1) R8(2) R8(3) R8(4) R8(5) R8(6) R8(7) R8(8) };

__attribute__((noinline, used)) int bench_target(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ns per call of a loop of @n getppid() (@user 0) or bench_target() calls (@user 1). */
static double ns_per_call(int user, int n)
{
	volatile int sink = 0;
	double t = cpu_s();
	int i;

	for (i = 0; i < n; i++) {
		if (user)
			sink += bench_target(i);
		else
			syscall(SYS_getppid);
	}
	return (cpu_s() - t) * 1e9 / n;
}

static int silent(enum bbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
	return 0;
}

/* Opens and loads only program @name; NULL when the kernel refuses it. */
static struct bbpf_obj *load_one(const char *name)
{
	const char *list[1] = { name };
	struct bbpf_obj *obj = NULL;

	if (bbpf_obj_open_file(obj_path, NULL, &obj) ||
	    bbpf_obj_select_progs(obj, list, 1, NULL, 0) || bbpf_obj_load(obj, NULL)) {
		bbpf_obj_close(obj);
		return NULL;
	}
	return obj;
}

static const struct bbpf_prog *prog_of(struct bbpf_obj *obj, const char *name)
{
	return bbpf_obj_prog(obj, (size_t)bbpf_obj_find_prog(obj, name));
}

/* libbpf: only program @name of the object, loaded; NULL when it fails. */
static struct bpf_object *lb_load_one(const char *name, struct bpf_program **prog)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bpf_program *p;

	if (!obj)
		return NULL;
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), name));
	if (bpf_object__load(obj)) {
		bpf_object__close(obj);
		return NULL;
	}
	*prog = bpf_object__find_program_by_name(obj, name);
	return obj;
}

struct mech {
	const char *label, *prog, *target; /* target: NULL (the section's) or a uprobe's function */
	int user;
};

static const struct mech mechs[] = {
	{ "tracepoint (syscalls/sys_enter_getppid)", "b_tp", NULL, 0 },
	{ "raw_tp (sys_enter)", "b_raw_tp", NULL, 0 },
	{ "tp_btf (sys_enter)", "b_tp_btf", NULL, 0 },
	{ "fentry (__task_pid_nr_ns)", "b_fentry", NULL, 0 },
	{ "kprobe (__task_pid_nr_ns)", "b_kprobe", "__task_pid_nr_ns", 0 },
	{ "kprobe.multi (__task_pid_nr_ns)", "b_kmulti", NULL, 0 },
	{ "uprobe (a function of the bench)", "b_uprobe", "bench_target", 1 },
	{ "uretprobe (the same function)", "b_uretprobe", "bench_target", 1 },
	{ "uprobe.multi (the same function)", "b_umulti", "bench_target", 1 },
};

#define NM (sizeof(mechs) / sizeof(mechs[0]))

/* Attaches @m; NULL with *@why set when this kernel cannot. */
static struct bbpf_link *attach_mech(struct bbpf_obj **obj, const struct mech *m, const char **why)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o) };
	struct bbpf_link *link = NULL;
	char target[600];

	*obj = load_one(m->prog);
	if (!*obj) {
		*why = "the kernel refuses the program";
		return NULL;
	}
	if (m->target && m->user) {
		snprintf(target, sizeof(target), "%s:%s", exe, m->target);
		o.target = target;
	} else {
		o.target = m->target;
	}
	if (bbpf_prog_attach(prog_of(*obj, m->prog), &o, &link)) {
		*why = "the kernel cannot attach it";
		bbpf_obj_close(*obj);
		*obj = NULL;
		return NULL;
	}
	return link;
}

/*
 * Each round, each mechanism: the loop with the program attached, then
 * the same loop with nothing attached right after; the added cost is the
 * difference of that pair, so that a host that gets slower or faster
 * during the run (a shared machine, a guest's emulated CPU) moves both.
 */
static void per_event(const char *where)
{
	double base[2][64], with[NM][64], add[NM][64], b[2], w[NM], a[NM];
	const char *why[NM] = { NULL };
	char how[NM][64] = { { 0 } };
	struct bbpf_obj *obj;
	struct bbpf_link *link;
	size_t k;
	int r, user, n;

	for (r = 0; r < rounds; r++) {
		base[0][r] = ns_per_call(0, n_syscall);
		base[1][r] = ns_per_call(1, n_uprobe);
		for (k = 0; k < NM; k++) {
			if (why[k])
				continue;
			link = attach_mech(&obj, &mechs[k], &why[k]);
			if (!link)
				continue;
			/* What the kernel gave: a kprobe.multi without FPROBE is kprobes. */
			snprintf(how[k], sizeof(how[k]), "%s, %s", bbpf_link_hook(link),
				 bbpf_link_how_str(bbpf_link_how(link)));
			user = mechs[k].user;
			n = user ? n_uprobe : n_syscall;
			usleep(settle_us);
			with[k][r] = ns_per_call(user, n);
			bbpf_link_destroy(link);
			bbpf_obj_close(obj);
			usleep(settle_us);
			add[k][r] = with[k][r] - ns_per_call(user, n);
		}
	}
	b[0] = median(base[0], rounds);
	b[1] = median(base[1], rounds);
	printf("\n%s Per-event cost %s (medians of %d rounds)\n\n", h3, where, rounds);
	printf("| mechanism | attached as | ns per call | added ns per event | ratio to tracepoint |\n");
	printf("|---|---|--:|--:|--:|\n");
	printf("| none: getppid() | | %.1f | | |\n", b[0]);
	printf("| none: a function call of the bench | | %.1f | | |\n", b[1]);
	for (k = 0; k < NM; k++) {
		if (why[k]) {
			printf("| %s | n/a: %s | | | |\n", mechs[k].label, why[k]);
			continue;
		}
		w[k] = median(with[k], rounds);
		a[k] = median(add[k], rounds);
	}
	for (k = 0; k < NM; k++)
		if (!why[k])
			printf("| %s | %s | %.1f | %.1f | %.2fx |\n", mechs[k].label, how[k], w[k], a[k],
			       why[0] ? 0.0 : a[k] / a[0]);
}

/*
 * barebpf: program @prog (a .multi section) attached to every function
 * @target names as one link and detached; @fallback: loaded with @feat
 * forced off, so attached one probe per function. Wall ms.
 */
static double bb_multi_ms(enum bbpf_feature feat, const char *prog, const char *target,
			  bool fallback)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = target };
	struct bbpf_link *link = NULL;
	struct bbpf_obj *obj;
	double t;

	bbpf_feature_force_off(feat, fallback);
	obj = load_one(prog);
	bbpf_feature_force_off(feat, false);
	if (!obj)
		return -1;
	t = wall_s();
	if (bbpf_prog_attach(prog_of(obj, prog), &o, &link)) {
		bbpf_obj_close(obj);
		return -1;
	}
	bbpf_link_destroy(link);
	t = wall_s() - t;
	bbpf_obj_close(obj);
	return t * 1e3;
}

/*
 * barebpf: program @prog attached to each of @n targets by its own
 * bbpf_prog_attach() ("EXE:FUNC" for uprobes, a kernel function for
 * kprobes), then all detached; wall ms.
 */
static double bb_each_ms(const char *prog, char *const *targets, int n)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o) };
	struct bbpf_link *links[NK_MAX] = { NULL };
	struct bbpf_obj *obj = load_one(prog);
	double t;
	int i, err = 0;

	if (!obj)
		return -1;
	t = wall_s();
	for (i = 0; i < n && !err; i++) {
		o.target = targets[i];
		err = bbpf_prog_attach(prog_of(obj, prog), &o, &links[i]);
	}
	for (i = 0; i < n; i++)
		bbpf_link_destroy(links[i]);
	t = wall_s() - t;
	bbpf_obj_close(obj);
	return err ? -1 : t * 1e3;
}

/*
 * libbpf: the same on the same object: @prog on each of the @n functions
 * @names (of this binary when @user, else of the kernel) one by one, or,
 * @multi, as one kprobe.multi link given all the names; wall ms.
 */
static double lb_each_ms(const char *prog, char *const *names, int n, bool user, bool multi)
{
	LIBBPF_OPTS(bpf_kprobe_multi_opts, mo, .syms = (const char **)names, .cnt = (size_t)n);
	LIBBPF_OPTS(bpf_uprobe_opts, uo);
	struct bpf_link *links[NK_MAX] = { NULL };
	struct bpf_program *p = NULL;
	struct bpf_object *obj = lb_load_one(prog, &p);
	double t;
	int i, err = 0;

	if (!obj)
		return -1;
	t = wall_s();
	if (multi) {
		links[0] = bpf_program__attach_kprobe_multi_opts(p, NULL, &mo);
		err = !links[0];
	}
	for (i = 0; !multi && i < n && !err; i++) {
		uo.func_name = names[i];
		links[i] = user ? bpf_program__attach_uprobe_opts(p, -1, exe, 0, &uo)
				: bpf_program__attach_kprobe(p, false, names[i]);
		err = !links[i];
	}
	for (i = 0; i < n; i++)
		bpf_link__destroy(links[i]);
	t = wall_s() - t;
	bpf_object__close(obj);
	return err ? -1 : t * 1e3;
}

static void attach_time(void)
{
	static char targets[NF][600], names[NF][32];
	char *tp[NF], *np[NF], target[600];
	double v[4][64], m[4];
	int r, k;

	for (k = 0; k < NF; k++) { /* bench_ufn_10 .. bench_ufn_87 */
		snprintf(names[k], sizeof(names[k]), "bench_ufn_%d", 10 * (k / 8 + 1) + k % 8);
		snprintf(targets[k], sizeof(targets[k]), "%s:%s", exe, names[k]);
		tp[k] = targets[k];
		np[k] = names[k];
	}
	snprintf(target, sizeof(target), "%s:bench_ufn_*", exe);
	for (r = 0; r < attach_rounds; r++) {
		v[0][r] = bb_multi_ms(BBPF_FEAT_UPROBE_MULTI, "b_umulti", target, false);
		v[1][r] = bb_multi_ms(BBPF_FEAT_UPROBE_MULTI, "b_umulti", target, true);
		v[2][r] = bb_each_ms("b_uprobe", tp, NF);
		v[3][r] = lb_each_ms("b_uprobe", np, NF, true, false);
	}
	for (k = 0; k < 4; k++)
		m[k] = median(v[k], attach_rounds);
	printf("\n### Attach + detach of one program on %d functions (uprobes, wall ms, medians of "
	       "%d rounds)\n\n",
	       NF, attach_rounds);
	printf("| how | barebpf ms | libbpf ms | ratio |\n|---|--:|--:|--:|\n");
	if (bbpf_feature_probe(BBPF_FEAT_UPROBE_MULTI) == 1)
		printf("| uprobe.multi: one link (BPF_TRACE_UPROBE_MULTI) | %.3f | n/a (libbpf "
		       "1.1.2 has no uprobe.multi) | |\n",
		       m[0]);
	else
		printf("| uprobe.multi: one link | n/a: the kernel has no uprobe.multi | | |\n");
	printf("| uprobe.multi forced to its fallback (BAREBPF_NO=uprobe_multi): %d uprobes | "
	       "%.3f | n/a | |\n",
	       NF, m[1]);
	printf("| %d plain uprobes, attached one by one | %.3f | %.3f | %.2fx |\n", NF, m[2], m[3],
	       m[2] / m[3]);
}

/* A whole file (tracefs files say size 0): NUL-terminated, NULL when unreadable. */
static char *read_all(const char *path)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, *nb;
	ssize_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	do {
		if (cap - len < 65536) {
			cap = cap * 2 + 65536;
			nb = realloc(buf, cap);
			if (!nb)
				break;
			buf = nb;
		}
		n = (ssize_t)fread(buf + len, 1, cap - len - 1, f);
		len += n > 0 ? (size_t)n : 0;
	} while (n > 0);
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static int cmp_s(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The functions kglob names, as barebpf's kprobe.multi finds them: tracefs
 * available_filter_functions minus module functions and the kprobe
 * blacklist, each once. Into kfn/nkf.
 */
static void kfuncs_find(void)
{
	char *text = read_all("/sys/kernel/tracing/available_filter_functions");
	char *black = read_all("/sys/kernel/debug/kprobes/blacklist");
	char *line, *save = NULL, key[256];
	int i, n = 0;

	if (!text)
		text = read_all("/sys/kernel/debug/tracing/available_filter_functions");
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line && n < NK_MAX;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strchr(line, ' ') || strchr(line, '[') || fnmatch(kglob, line, 0) ||
		    !strncmp(line, "__ftrace_invalid_address__", 26))
			continue;
		snprintf(key, sizeof(key), "\t%s\n", line);
		if (black && strstr(black, key))
			continue;
		kfn[n++] = strdup(line);
	}
	qsort(kfn, (size_t)n, sizeof(kfn[0]), cmp_s);
	for (i = 0; i < n; i++)
		if (!nkf || strcmp(kfn[nkf - 1], kfn[i]))
			kfn[nkf++] = kfn[i];
		else
			free(kfn[i]);
	free(text);
	free(black);
}

static void kprobe_ms_cell(double ms)
{
	if (ms < 0)
		printf(" n/a: the attach fails |");
	else
		printf(" %.1f |", ms);
}

/* Attach + detach of one program on the nkf kernel functions kglob names. */
static void kprobe_attach_time(void)
{
	double v[5][64], m[5];
	bool has_multi = bbpf_feature_probe(BBPF_FEAT_KPROBE_MULTI) == 1;
	int r, k;

	if (bbpf_feature_probe(BBPF_FEAT_KPROBE_PMU) != 1 &&
	    access("/sys/kernel/tracing/kprobe_events", F_OK) &&
	    access("/sys/kernel/debug/tracing/kprobe_events", F_OK)) {
		printf("\nkprobe attach time (N kprobes: kprobe.multi vs one by one) needs kprobes: "
		       "this kernel has none (CONFIG_KPROBES off).\n");
		return;
	}
	kfuncs_find();
	if (!nkf) {
		printf("\nkprobe attach time: no traceable function matches %s here.\n", kglob);
		return;
	}
	for (r = 0; r < attach_rounds; r++) {
		v[0][r] = has_multi ? bb_multi_ms(BBPF_FEAT_KPROBE_MULTI, "b_kmulti", kglob, false) : -1;
		v[1][r] = has_multi ? lb_each_ms("b_kmulti", kfn, nkf, false, true) : -1;
		v[2][r] = bb_multi_ms(BBPF_FEAT_KPROBE_MULTI, "b_kmulti", kglob, true);
		v[3][r] = bb_each_ms("b_kprobe", kfn, nkf);
		v[4][r] = lb_each_ms("b_kprobe", kfn, nkf, false, false);
	}
	for (k = 0; k < 5; k++)
		m[k] = median(v[k], attach_rounds);
	printf("\n%s Attach + detach of one program on %d kernel functions (%s: kprobes, wall ms, "
	       "medians of %d rounds)\n\n",
	       h3, nkf, kglob, attach_rounds);
	printf("| how | barebpf ms | libbpf ms | ratio |\n|---|--:|--:|--:|\n");
	if (has_multi) {
		printf("| kprobe.multi: one link (BPF_TRACE_KPROBE_MULTI; libbpf given the %d names) |",
		       nkf);
		kprobe_ms_cell(m[0]);
		kprobe_ms_cell(m[1]);
		printf(m[0] > 0 && m[1] > 0 ? " %.2fx |\n" : " |\n", m[0] / m[1]);
	} else {
		printf("| kprobe.multi: one link | n/a: the kernel has no kprobe.multi (CONFIG_FPROBE) "
		       "| | |\n");
	}
	printf("| kprobe.multi forced to its fallback (BAREBPF_NO=kprobe_multi): %d kprobes |", nkf);
	kprobe_ms_cell(m[2]);
	printf(" n/a | |\n| %d plain kprobes, attached one by one |", nkf);
	kprobe_ms_cell(m[3]);
	kprobe_ms_cell(m[4]);
	printf(m[3] > 0 && m[4] > 0 ? " %.2fx |\n" : " |\n", m[3] / m[4]);
	if (has_multi && m[0] > 0 && m[3] > 0)
		printf("\nbarebpf: one kprobe.multi link takes %.3fx the time of %d kprobes one by "
		       "one.\n",
		       m[0] / m[3], nkf);
}

int main(int argc, char **argv)
{
	char where[160] = "on this host";
	struct utsname u;
	ssize_t n;
	int c;

	/* OBJ first, as `make bench` gives it (musl's getopt does not permute). */
	if (argc > 1 && argv[1][0] != '-') {
		obj_path = argv[1];
		optind = 2;
	}
	while ((c = getopt(argc, argv, "n:a:k:g")) != -1) {
		if (c == 'n')
			rounds = atoi(optarg);
		else if (c == 'a')
			attach_rounds = atoi(optarg);
		else if (c == 'k')
			kglob = optarg;
		else if (c == 'g')
			guest = true;
		else
			rounds = 0;
	}
	if (!obj_path && optind == argc - 1)
		obj_path = argv[optind++];
	if (!attach_rounds)
		attach_rounds = rounds;
	if (!obj_path || optind != argc || rounds < 1 || rounds > 64 || attach_rounds < 1 ||
	    attach_rounds > 64) {
		fprintf(stderr, "usage: %s OBJ [-n ROUNDS] [-a ROUNDS] [-k GLOB] [-g]\n", argv[0]);
		return 2;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return 1;
	exe[n] = '\0';
	for (n = 0; n < NF; n++)
		ufns[n]((int)n);
	bbpf_set_print(silent);
	libbpf_set_print(NULL);
	if (guest) { /* TCG: every instruction emulated, half the loop is plenty */
		n_syscall /= 2;
		n_uprobe /= 2;
		settle_us = 100000;
		uname(&u);
		snprintf(where, sizeof(where), "in %s %s (qemu TCG, 1 CPU)", u.release, u.machine);
		printf("\n### %s %s\n", u.release, u.machine);
		h3 = "####";
	} else {
		printf("\n## Attaching (tests/bench/attach_bench.c)\n");
	}
	per_event(where);
	if (!guest)
		attach_time();
	kprobe_attach_time();
	if (!guest)
		printf("\nMade by `%s %s -n %d -a %d` on this host.\n",
		       "build/static/bench/attach_bench", obj_path, rounds, attach_rounds);
	return 0;
}
