// SPDX-License-Identifier: BSD-2-Clause
/*
 * `make bench`: barebpf side by side with a reference built on libbpf.
 *
 * Each timed row runs two commands on the same inputs, barebpf's and the
 * reference's. After -w warm-up runs of each, -n runs alternate between them
 * (barebpf first in even rounds, the reference first in odd ones, so that
 * drift hits both alike). Per run: CPU = user + sys of the child (wait4),
 * wall = CLOCK_MONOTONIC from fork to reaped, peak RSS = ru_maxrss. The tables
 * give medians and the ratio barebpf/libbpf; they are printed and, with -o,
 * written as Markdown (BENCHMARKS.md). A command that fails fails the run.
 *
 * This harness is itself a static musl binary: a child's ru_maxrss starts at
 * what it inherited from the forked parent, so the parent must be small.
 *
 * Adding a benchmark is one entry in rows[] (or sizes[]). A reference that
 * needs code of its own is tests/bench/ref_<what>.c: mk/bench.mk builds each
 * such file, static against Debian's libbpf.a, into BENCH_REFDIR. Inputs a
 * row needs built first go into BENCH_DEPS in mk/bench.mk.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Set by mk/bench.mk to where `make static` and the references land. */
#ifndef BENCH_BAREBPF
#define BENCH_BAREBPF "build/barebpf-static"
#endif
#ifndef BENCH_REFDIR
#define BENCH_REFDIR "build/static/bench"
#endif

/* `make size-options` writes it (tests/bench/size_options.sh). */
#define SIZE_OPTIONS "build/size-options.md"

#define BAREBPF	 BENCH_BAREBPF
#define REF(bin) BENCH_REFDIR "/" bin
#define MAX_ARGS 16

struct row {
	const char *name;	    /* unique; -f matches a part of it */
	const char *ours[MAX_ARGS]; /* barebpf's argv, NULL-terminated */
	const char *ref[MAX_ARGS];  /* the reference's argv */
	const char *needs;	    /* a path that must exist, else the row is skipped */
	bool root;		    /* needs root (loads into the kernel) */
};

/*
 * The timed benchmarks. Paths are relative to the repository root, where make
 * runs the harness. The issues to come add, for example:
 *   { "load", { BAREBPF, "load", OBJ }, { REF("ref_load_libbpf"), OBJ }, .root = true },
 */
static const struct row rows[] = {
	/* Proves the timing path; both print a version and exit. */
	{ "start-up: version", { BAREBPF, "version" }, { REF("ref_load_libbpf"), "version" } },
	/* Parse, validate and index the kernel's BTF, then one lookup by name and kind. */
	{ "btf parse vmlinux + find by name",
	  { BAREBPF, "btf", "find", "task_struct", "--kind", "struct", "/sys/kernel/btf/vmlinux" },
	  { REF("ref_btf_libbpf"), "/sys/kernel/btf/vmlinux", "task_struct", "struct" },
	  "/sys/kernel/btf/vmlinux" },
	/* Every CO-RE relocation of a 1,700-insn, 83-relocation object against vmlinux. */
	{ "core explain vs bpftool gen min_core_btf",
	  { BAREBPF, "core", "explain", "build/core/19/bench_exec.bpf.o", "--btf",
	    "/sys/kernel/btf/vmlinux", "--json" },
	  { "/usr/sbin/bpftool", "gen", "min_core_btf", "/sys/kernel/btf/vmlinux", "/dev/null",
	    "build/core/19/bench_exec.bpf.o" },
	  "/sys/kernel/btf/vmlinux" },
	/* The whole load of the same object (open, CO-RE, BTF, maps, 3 programs), no attach. */
	{ "load: open + CO-RE + maps + programs",
	  { BAREBPF, "load", "build/core/19/bench_exec.bpf.o" },
	  { REF("ref_load_libbpf"), "build/core/19/bench_exec.bpf.o" },
	  "/sys/kernel/btf/vmlinux",
	  true },
};

struct size_row {
	const char *name;
	const char *ours;
	const char *ref;
};

/* File sizes. The references are minimal libbpf loaders linked the same way. */
static const struct size_row sizes[] = {
	{ "static binary", BAREBPF, REF("ref_load_libbpf") },
	{ "static binary, stripped", BAREBPF ".stripped", REF("ref_load_libbpf.stripped") },
};

/*
 * Where the static CLI's bytes go: its link map (BAREBPF ".map", written by
 * mk/static.mk) summed by the input file each section came from. The first
 * pattern found in the file's path names the part.
 */
struct size_part {
	const char *name;
	const char *pattern;
	long text, rodata, other; /* .text; .rodata and .data.rel.ro; the rest with file bytes */
};

static struct size_part parts[] = {
	/* its skeleton's bytes and code, and trace_setup.c, which includes it */
	{ "the embedded collector (skeleton)", "/obj/tools/trace_setup.o" },
	{ "loader/sys/", "/obj/loader/sys/" },
	{ "loader/elf/", "/obj/loader/elf/" },
	{ "loader/obj/", "/obj/loader/obj/" },
	{ "loader/kernel/", "/obj/loader/kernel/" },
	{ "loader/load/", "/obj/loader/load/" },
	{ "loader/attach/", "/obj/loader/attach/" },
	{ "loader/events/", "/obj/loader/events/" },
	{ "btf/", "/obj/btf/" },
	/* zlib's inflate API over our decoder, zlib's compressor left out, the musl shim */
	{ "tools/static/ (our inflater in zlib's place, the musl shim)", "/obj/tools/static/" },
	{ "tools/ (the CLI)", "/obj/tools/" },
	{ "libelf (Debian's libelf.a)", "libelf.a(" },
	{ "zlib (Debian's libz.a)", "libz.a(" },
	{ "libc", "libc.a(" },
	{ "other (crt, libgcc)", "" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define RUN_TIMEOUT   120 /* seconds; a hung command is killed by SIGALRM */
#define MAX_RUNS      1001
#define MAX_NOTES     16

struct sample {
	double cpu_ms;
	double wall_ms;
	double rss_kib;
};

struct side {
	struct sample med;
	char err[256]; /* why a run failed, "" if none did */
};

struct result {
	const struct row *row;
	const char *skip; /* why the row did not run */
	struct side s[2]; /* 0: barebpf, 1: reference */
};

static int nruns = 11;
static int nwarm = 2;
static int devnull = -1;
static FILE *capture; /* stdout+stderr of warm-up runs, shown when one fails */

static double ms(const struct timeval *tv)
{
	return tv->tv_sec * 1e3 + tv->tv_usec / 1e3;
}

/* Runs @argv once with output to @out_fd. Returns 0, or -1 with @why set. */
static int run(const char *const argv[], int out_fd, struct sample *s, char *why, size_t len)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		return -1;
	}
	if (!pid) {
		dup2(devnull, 0);
		dup2(out_fd, 1);
		dup2(out_fd, 2);
		/* A pending alarm survives execve(). */
		alarm(RUN_TIMEOUT);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			snprintf(why, len, "wait4: %s", strerror(errno));
			return -1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	s->cpu_ms = ms(&ru.ru_utime) + ms(&ru.ru_stime);
	s->wall_ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	s->rss_kib = ru.ru_maxrss;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	if (WIFSIGNALED(status))
		snprintf(why, len, "%s killed by signal %d%s", argv[0], WTERMSIG(status),
			 WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
	else
		snprintf(why, len, "%s exited with %d", argv[0], WEXITSTATUS(status));
	return -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Prints what the failed warm-up run wrote (the reason is in its output). */
static void show_capture(const char *name, const char *const argv[])
{
	char line[512];
	int i;

	fprintf(stderr, "bench: %s: command failed:", name);
	for (i = 0; argv[i]; i++)
		fprintf(stderr, " %s", argv[i]);
	fputs("\n", stderr);
	rewind(capture);
	for (i = 0; i < 20 && fgets(line, sizeof(line), capture); i++)
		fprintf(stderr, "  | %s", line);
}

static void measure(struct result *r)
{
	static double v[2][3][MAX_RUNS];
	const struct row *row = r->row;
	const char *const *argv[2] = { row->ours, row->ref };
	struct sample s;
	int i, k, side;

	for (side = 0; side < 2; side++) {
		for (i = 0; i < nwarm || !i; i++) {
			/* Keep only the last warm-up's output. */
			rewind(capture);
			if (ftruncate(fileno(capture), 0) < 0)
				break;
			if (run(argv[side], fileno(capture), &s, r->s[side].err,
				sizeof(r->s[side].err))) {
				show_capture(row->name, argv[side]);
				return;
			}
		}
	}
	for (i = 0; i < nruns; i++) {
		for (k = 0; k < 2; k++) {
			side = k ^ (i & 1);
			if (run(argv[side], devnull, &s, r->s[side].err, sizeof(r->s[side].err)))
				return;
			v[side][0][i] = s.cpu_ms;
			v[side][1][i] = s.wall_ms;
			v[side][2][i] = s.rss_kib;
		}
	}
	for (side = 0; side < 2; side++) {
		r->s[side].med.cpu_ms = median(v[side][0], nruns);
		r->s[side].med.wall_ms = median(v[side][1], nruns);
		r->s[side].med.rss_kib = median(v[side][2], nruns);
	}
}

static const char *skip_reason(const struct row *row)
{
	if (row->root && geteuid())
		return "needs root";
	if (row->needs && access(row->needs, R_OK))
		return "input missing";
	return NULL;
}

/* The first line a command prints, for the header (versions). */
static void first_line(const char *const argv[], char *buf, size_t len)
{
	struct sample s;
	char why[256];

	snprintf(buf, len, "?");
	rewind(capture);
	if (ftruncate(fileno(capture), 0) < 0 || run(argv, fileno(capture), &s, why, sizeof(why)))
		return;
	rewind(capture);
	if (fgets(buf, len, capture))
		buf[strcspn(buf, "\n")] = 0;
}

static void fmt_ratio(char *buf, size_t len, double ours, double ref)
{
	if (ref > 0)
		snprintf(buf, len, "%.2fx", ours / ref);
	else
		snprintf(buf, len, "n/a");
}

static void fmt_size(char *buf, size_t len, long size)
{
	if (size < 0)
		snprintf(buf, len, "missing");
	else
		snprintf(buf, len, "%ld B (%.1f KiB)", size, size / 1024.0);
}

/* percpu_counter: each CPU holds up to max(32, 2 * CPUs) pages before folding. */
/* Adds one input section of @sz bytes, from @file, placed in output section @out. */
static void add_part(const char *out, const char *file, long sz)
{
	static const char *const skip[] = { ".bss",    ".tbss",	  ".comment",  ".debug", ".note",
					    ".symtab", ".strtab", ".shstrtab", ".stab" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(skip); i++)
		if (!strncmp(out, skip[i], strlen(skip[i])))
			return;
	for (i = 0; i < ARRAY_SIZE(parts) - 1 && !strstr(file, parts[i].pattern); i++)
		;
	if (!strcmp(out, ".text"))
		parts[i].text += sz;
	else if (!strcmp(out, ".rodata") || !strcmp(out, ".data.rel.ro"))
		parts[i].rodata += sz;
	else
		parts[i].other += sz;
}

/*
 * Reads a GNU ld map: after "Linker script and memory map", a line starting
 * with '.' opens an output section; an input section is " .name ADDR SIZE
 * FILE", its name alone on the line before when it is long. 0 when read.
 */
static int read_map(const char *path)
{
	char line[1024], out[64] = "", file[sizeof(line)];
	unsigned long addr, sz;
	bool started = false, named = false; /* an input section's name alone on the last line */
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!started) {
			started = !strncmp(line, "Linker script and memory map", 28);
			continue;
		}
		if (line[0] == '.') {
			sscanf(line, "%63s", out);
			named = false;
		} else if (line[0] == ' ' && line[1] == '.') {
			/* name, then maybe ADDR SIZE FILE on the same line */
			named = sscanf(line, " %*s 0x%lx 0x%lx %1023[^\n]", &addr, &sz, file) != 3;
			if (!named)
				add_part(out, file, (long)sz);
		} else {
			if (named && sscanf(line, " 0x%lx 0x%lx %1023[^\n]", &addr, &sz, file) == 3)
				add_part(out, file, (long)sz);
			named = false;
		}
	}
	fclose(f);
	return started ? 0 : -1;
}

/* The parts table, from the map next to the unstripped binary. */
static void report_parts(FILE *f)
{
	long t[3] = { 0 };
	size_t i;

	if (read_map(BAREBPF ".map")) {
		fprintf(f, "\n(no link map at %s.map: the parts are not known)\n", BAREBPF);
		return;
	}
	fprintf(f,
		"\nWhere the stripped binary's bytes go, by the input file each section came "
		"from (`%s.map`; sizes before the linker merges strings and aligns, so the "
		"total is a little under the file's size):\n\n"
		"| part | .text | .rodata, .data.rel.ro | other | total |\n"
		"|---|--:|--:|--:|--:|\n",
		BAREBPF);
	for (i = 0; i < ARRAY_SIZE(parts); i++) {
		struct size_part *p = &parts[i];

		if (!(p->text + p->rodata + p->other))
			continue;
		fprintf(f, "| %s | %ld | %ld | %ld | %ld |\n", p->name, p->text, p->rodata,
			p->other, p->text + p->rodata + p->other);
		t[0] += p->text;
		t[1] += p->rodata;
		t[2] += p->other;
	}
	fprintf(f, "| total | %ld | %ld | %ld | %ld |\n", t[0], t[1], t[2], t[0] + t[1] + t[2]);
}

/* `make size-options`'s table of what each size step buys, when it has been made. */
static void report_options(FILE *f)
{
	char line[512];
	FILE *in = fopen(SIZE_OPTIONS, "r");

	if (!in) {
		fprintf(f, "\nWhat each size step buys: `make size-options` (not run for this "
			   "report).\n");
		return;
	}
	fprintf(f, "\nWhat each size step buys (`%s`):\n\n", SIZE_OPTIONS);
	while (fgets(line, sizeof(line), in))
		fputs(line, f);
	fclose(in);
}

static long rss_slack_kib(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN), batch = 2 * cpus > 32 ? 2 * cpus : 32;

	return cpus * batch * (sysconf(_SC_PAGESIZE) / 1024);
}

static void print_argv(FILE *f, const char *const argv[])
{
	int i;

	fputc('`', f);
	for (i = 0; argv[i]; i++)
		fprintf(f, "%s%s", i ? " " : "", argv[i]);
	fputc('`', f);
}

static void cpu_model(char *buf, size_t len)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, len, "unknown CPU");
	while (f && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');

		if (p && !strncmp(line, "model name", 10)) {
			p += 1 + strspn(p + 1, " \t");
			p[strcspn(p, "\n")] = 0;
			snprintf(buf, len, "%s", p);
			break;
		}
	}
	if (f)
		fclose(f);
}

static void report(FILE *f, struct result *res, int nres, const char **notes, int nnotes)
{
	static const char *const ver_ours[] = { BAREBPF, "version", NULL };
	static const char *const ver_ref[] = { REF("ref_load_libbpf"), "version", NULL };
	char date[64], cpu[128], vo[128], vr[128], r1[16], r2[16], r3[16];
	time_t now = time(NULL);
	struct utsname u;
	struct stat st;
	char s1[32], s2[32];
	long sz[2];
	size_t i;
	int j, k;

	strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", gmtime(&now));
	uname(&u);
	cpu_model(cpu, sizeof(cpu));
	first_line(ver_ours, vo, sizeof(vo));
	first_line(ver_ref, vr, sizeof(vr));

	fprintf(f, "# Benchmarks\n\n"
		   "Generated by `make bench` (tests/bench/bench.c); do not edit by hand.\n\n");
	fprintf(f, "- date: %s\n", date);
	fprintf(f, "- host: %s %s %s, %ld CPUs, %s\n", u.sysname, u.release, u.machine,
		sysconf(_SC_NPROCESSORS_ONLN), cpu);
	fprintf(f, "- barebpf: %s (`%s`); reference: %s (`%s`)\n", vo, BAREBPF, vr, REF("*"));
	for (j = 0; j < nnotes; j++)
		fprintf(f, "- %s\n", notes[j]);
	fprintf(f,
		"- method: %d warm-up run(s) of each side, then %d runs alternating barebpf and "
		"the reference; medians. CPU = user+sys of the child (wait4), wall = fork to "
		"reaped (CLOCK_MONOTONIC), peak RSS = ru_maxrss. Ratio = barebpf / libbpf: "
		"below 1 is better for barebpf.\n",
		nwarm, nruns);
	fprintf(f,
		"- RSS resolution: since Linux 6.2 the kernel counts RSS in per-CPU batches and "
		"ru_maxrss reads the folded count, which can be off by up to about %ld KiB here; "
		"compare RSS only where it is well above that.\n",
		rss_slack_kib());

	fprintf(f,
		"\n## Size\n\n| file | barebpf | libbpf reference | ratio |\n|---|--:|--:|--:|\n");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		sz[0] = stat(sizes[i].ours, &st) ? -1 : st.st_size;
		sz[1] = stat(sizes[i].ref, &st) ? -1 : st.st_size;
		fmt_ratio(r1, sizeof(r1), sz[0], sz[1]);
		fmt_size(s1, sizeof(s1), sz[0]);
		fmt_size(s2, sizeof(s2), sz[1]);
		fprintf(f, "| %s | %s | %s | %s |\n", sizes[i].name, s1, s2,
			sz[0] < 0 ? "n/a" : r1);
	}

	report_parts(f);
	report_options(f);

	fprintf(f, "\n## Time and memory (medians)\n\n"
		   "| benchmark | CPU ms barebpf | CPU ms libbpf | ratio | wall ms barebpf | "
		   "wall ms libbpf | ratio | peak RSS KiB barebpf | peak RSS KiB libbpf | ratio |\n"
		   "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
	for (k = 0; k < nres; k++) {
		struct result *r = &res[k];
		const struct sample *a = &r->s[0].med, *b = &r->s[1].med;

		if (r->skip || r->s[0].err[0] || r->s[1].err[0]) {
			fprintf(f, "| %s | %s |||||||||\n", r->row->name,
				r->skip		 ? r->skip
				: r->s[0].err[0] ? r->s[0].err
						 : r->s[1].err);
			continue;
		}
		fmt_ratio(r1, sizeof(r1), a->cpu_ms, b->cpu_ms);
		fmt_ratio(r2, sizeof(r2), a->wall_ms, b->wall_ms);
		/* A ratio of numbers within the counting slack would be noise. */
		if (a->rss_kib < rss_slack_kib() || b->rss_kib < rss_slack_kib())
			snprintf(r3, sizeof(r3), "n/a");
		else
			fmt_ratio(r3, sizeof(r3), a->rss_kib, b->rss_kib);
		fprintf(f, "| %s | %.3f | %.3f | %s | %.3f | %.3f | %s | %.0f | %.0f | %s |\n",
			r->row->name, a->cpu_ms, b->cpu_ms, r1, a->wall_ms, b->wall_ms, r2,
			a->rss_kib, b->rss_kib, r3);
	}

	fprintf(f, "\n## Commands\n\n| benchmark | barebpf | libbpf reference |\n|---|---|---|\n");
	for (k = 0; k < nres; k++) {
		fprintf(f, "| %s | ", res[k].row->name);
		print_argv(f, res[k].row->ours);
		fputs(" | ", f);
		print_argv(f, res[k].row->ref);
		fputs(" |\n", f);
	}
}

static int write_file(const char *path, const char *text, size_t len)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "bench: cannot write %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	if (rename(tmp, path)) {
		fprintf(stderr, "bench: cannot rename %s to %s: %s\n", tmp, path, strerror(errno));
		return -1;
	}
	return 0;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-n RUNS] [-w WARMUP] [-f FILTER] [-o FILE] [-N NOTE]... [-l]\n"
		"  -n RUNS    timed runs of each side (default %d)\n"
		"  -w WARMUP  untimed runs of each side first (default %d)\n"
		"  -f FILTER  only rows whose name contains FILTER (FILE is then not written)\n"
		"  -o FILE    write the report as Markdown to FILE\n"
		"  -N NOTE    a line for the report's header (build details)\n"
		"  -l         list the rows\n",
		prog, nruns, nwarm);
}

int main(int argc, char **argv)
{
	struct result res[ARRAY_SIZE(rows)] = { 0 };
	const char *filter = NULL, *out = NULL;
	const char *notes[MAX_NOTES];
	int opt, nres = 0, nnotes = 0, failed = 0;
	size_t i, len;
	char *text;
	FILE *mem;

	while ((opt = getopt(argc, argv, "n:w:f:o:N:l")) != -1) {
		switch (opt) {
		case 'n':
			nruns = atoi(optarg);
			break;
		case 'w':
			nwarm = atoi(optarg);
			break;
		case 'f':
			filter = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'N':
			if (nnotes < MAX_NOTES)
				notes[nnotes++] = optarg;
			break;
		case 'l':
			for (i = 0; i < ARRAY_SIZE(rows); i++)
				printf("%s\n", rows[i].name);
			return 0;
		default:
			usage(argv[0]);
			return 2;
		}
	}
	if (optind != argc || nruns < 1 || nruns > MAX_RUNS || nwarm < 0) {
		usage(argv[0]);
		return 2;
	}

	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	capture = tmpfile();
	if (devnull < 0 || !capture) {
		fprintf(stderr, "bench: cannot open /dev/null or a temporary file: %s\n",
			strerror(errno));
		return 1;
	}

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct result *r = &res[nres];

		if (filter && !strstr(rows[i].name, filter))
			continue;
		r->row = &rows[i];
		r->skip = skip_reason(r->row);
		fprintf(stderr, "bench: %s%s%s\n", r->row->name, r->skip ? ": skipped, " : "",
			r->skip ? r->skip : "");
		if (!r->skip)
			measure(r);
		failed |= r->s[0].err[0] || r->s[1].err[0];
		nres++;
	}

	mem = open_memstream(&text, &len);
	if (!mem)
		return 1;
	report(mem, res, nres, notes, nnotes);
	if (fclose(mem))
		return 1;
	fputs(text, stdout);
	if (out && filter)
		fprintf(stderr, "bench: -f given, %s not rewritten\n", out);
	else if (out && write_file(out, text, len))
		failed = 1;
	free(text);
	return failed ? 1 : 0;
}
