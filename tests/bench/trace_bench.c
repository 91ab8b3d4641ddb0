// SPDX-License-Identifier: BSD-2-Clause
/*
 * `make bench-trace`: what `barebpf trace` costs, against the anchors of its
 * issue (libbpf-tools execsnoop ready in 155 ms with 13.7 MiB, a bpftrace
 * exec one-liner in 242 ms with 91 MiB; a bpftrace fadvise storm slowed from
 * ~830k to ~112k calls/s). Parts (-p, all by default), each its own section:
 *
 *   startup    exec of `trace --json` to its first event on stdout, while a
 *              child execs /bin/true every 2 ms (median of -n runs), and
 *              peak RSS (the ring buffer's pages are mapped, not touched, so
 *              they count only as far as records filled them);
 *   storm      one thread calls posix_fadvise() N times (-s, default
 *              2,000,000), alone and then traced by `trace --json --events
 *              fadvise --pid P > /dev/null`: calls/s both ways, events
 *              delivered and lost, trace's CPU per event, the storm's
 *              slowdown per call;
 *   cost       the same for exec, connect (refused, on loopback) and
 *              fadvise: the CPU each call gains when traced, and the run
 *              time of trace's programs per call from bpf stats.
 *
 *   trace_bench [-p PARTS] [-n RUNS] [-s CALLS] [-r ROUNDS] [-u] [-o FILE] BAREBPF
 *
 * With -o each part's Markdown replaces the head and first table of its
 * "## barebpf trace..." section of FILE (BENCHMARKS.md), keeping the notes
 * below the table, or is appended. -u measures the start-up only,
 * printing each run (to iterate on it; no table). Needs root.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <barebpf/sys.h>

static const char *barebpf;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A child that execs /bin/true every 2 ms until killed. */
static pid_t exec_loop(void)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	for (;;) {
		struct timespec ts = { 0, 2000000 };
		pid_t c = fork();

		if (c == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		waitpid(c, NULL, 0);
		nanosleep(&ts, NULL);
	}
}

/*
 * `barebpf trace ARGS` with stdout to a pipe (*@out), or to /dev/null when
 * @out is NULL, and stderr to @err_fd.
 */
static pid_t start_trace(const char *const *args, int *out, int err_fd)
{
	const char *argv[16] = { barebpf, "trace" };
	int p[2], i;
	pid_t pid;

	for (i = 0; args[i]; i++)
		argv[2 + i] = args[i];
	if (out ? pipe(p) : (p[0] = -1, p[1] = open("/dev/null", O_WRONLY)) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(err_fd, 2);
		close(p[0]);
		execv(barebpf, (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	if (out)
		*out = p[0];
	return pid;
}

/*
 * Seconds until the first full line on @fd, or -1 after 10 s; with @err >= 0
 * (trace's stderr), also until "trace: ready" there (*@ready, -1 if never).
 */
static double first_line(int fd, double t0, int err, double *ready)
{
	char buf[4096], ebuf[8192];
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = err, .events = POLLIN } };
	size_t elen = 0;
	double first = -1;
	ssize_t n;

	if (ready)
		*ready = -1;
	while (now_s() - t0 < 10 && (first < 0 || (err >= 0 && *ready < 0))) {
		if (poll(p, err >= 0 ? 2 : 1, 100) <= 0)
			continue;
		if (err >= 0 && (p[1].revents & (POLLIN | POLLHUP))) {
			n = read(err, ebuf + elen, sizeof(ebuf) - 1 - elen);
			if (n > 0) {
				elen += n;
				ebuf[elen] = 0;
				if (*ready < 0 && strstr(ebuf, "trace: ready"))
					*ready = now_s() - t0;
			}
			if (n <= 0 || elen + 1 >= sizeof(ebuf))
				p[1].fd = -1, err = -1;
		}
		if (first < 0 && (p[0].revents & (POLLIN | POLLHUP))) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0)
				return -1;
			if (memchr(buf, '\n', n))
				first = now_s() - t0;
		}
	}
	return first;
}

/* Stops a trace and reaps it: its rusage in @ru. Returns its exit status. */
static int stop_trace(pid_t pid, int out, struct rusage *ru)
{
	char buf[65536];
	int status = -1;

	kill(pid, SIGINT);
	while (out >= 0 && read(out, buf, sizeof(buf)) > 0)
		;
	if (out >= 0)
		close(out);
	wait4(pid, &status, 0, ru);
	return status;
}

/*
 * Start-up and peak RSS, @runs times each; the RSS once more with a 64 KiB
 * ring buffer (*@rss_small_mib): the kernel maps all of a ring buffer's
 * pages (twice: 16 MiB for the 8 MiB default) at mmap, so that run shows
 * what trace itself uses.
 */
static void bench_startup(int runs, double *startup_ms, double *ready_ms, double *rss_mib,
			  double *rss_small_mib, bool verbose)
{
	double t[64], rd[64], r[64], r2[64];
	const char *args[] = { "--json", NULL };
	const char *small[] = { "--json", "--ringbuf-size", "65536", NULL };
	int devnull = open("/dev/null", O_WRONLY), out, err[2], i;
	pid_t loop = exec_loop(), tr;
	struct rusage ru;

	for (i = 0; i < runs && i < 64; i++) {
		double t0 = now_s();

		if (pipe(err))
			break;
		tr = start_trace(args, &out, err[1]);
		close(err[1]);
		t[i] = first_line(out, t0, err[0], &rd[i]) * 1000;
		rd[i] *= 1000;
		stop_trace(tr, out, &ru);
		close(err[0]);
		r[i] = ru.ru_maxrss / 1024.0;
		tr = start_trace(small, &out, devnull);
		first_line(out, now_s(), -1, NULL);
		stop_trace(tr, out, &ru);
		r2[i] = ru.ru_maxrss / 1024.0;
		if (verbose)
			printf("run %d: first event %.1f ms, ready %.1f ms, %.1f MiB\n", i + 1,
			       t[i], rd[i], r[i]);
	}
	kill(loop, SIGKILL);
	waitpid(loop, NULL, 0);
	close(devnull);
	*startup_ms = median(t, i);
	*ready_ms = median(rd, i);
	*rss_mib = median(r, i);
	*rss_small_mib = median(r2, i);
}

static double cpu_s(const struct rusage *ru)
{
	return ru->ru_utime.tv_sec + ru->ru_stime.tv_sec +
	       (ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

/*
 * A kind of storm: one thread making one syscall in a loop. trace shows it
 * with `--events EVENT` plus @filter (options that keep the storm's own
 * events in: its pid, or for exec the new image's comm); the collector's
 * programs for it are those whose names start with EVENT.
 */
struct storm_kind {
	const char *event;
	const char *filter; /* "pid": --pid STORM, else --comm FILTER */
	long calls_div;	    /* calls: -s CALLS / calls_div */
	void (*setup)(void);
	void (*call)(void);
};

static int fadvise_fd = -1;
static struct sockaddr_in refused; /* a bound, not listening, loopback port */

static void fadvise_setup(void)
{
	fadvise_fd = open("/dev/null", O_RDONLY);
}

static void fadvise_call(void)
{
	posix_fadvise(fadvise_fd, 0, 0, POSIX_FADV_NORMAL);
}

/* The port stays bound (so no one else takes it) and never listens: every SYN gets a RST. */
static void connect_setup(void)
{
	socklen_t len = sizeof(refused);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	refused.sin_family = AF_INET;
	refused.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&refused, sizeof(refused)) ||
	    getsockname(fd, (struct sockaddr *)&refused, &len))
		_exit(1);
}

static void connect_call(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	connect(fd, (struct sockaddr *)&refused, sizeof(refused));
	close(fd);
}

static void exec_call(void)
{
	pid_t c = fork();

	if (c == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	waitpid(c, NULL, 0);
}

/* The cost rows' storms; the fadvise one is also the storm rows' (KIND_FADVISE). */
static const struct storm_kind kinds[] = {
	{ "exec", "true", 1000, NULL, exec_call },
	{ "connect", "pid", 40, connect_setup, connect_call },
	{ "fadvise", "pid", 1, fadvise_setup, fadvise_call },
};
#define KIND_FADVISE (&kinds[2])

/*
 * The storm: @calls calls of @k once @go_fd is readable; writes to @res_fd
 * calls/s and the storm's own CPU time per call in us, its children's
 * (exec's) included: what the tracing adds to each call, whatever else the
 * shared cores are doing.
 */
static pid_t storm(const struct storm_kind *k, long calls, int go_fd, int res_fd)
{
	pid_t pid = fork();
	struct rusage r0, r1, c0, c1;
	double t0, res[2];
	char c;
	long i;

	if (pid)
		return pid;
	if (k->setup)
		k->setup();
	if (read(go_fd, &c, 1) != 1)
		_exit(1);
	getrusage(RUSAGE_SELF, &r0);
	getrusage(RUSAGE_CHILDREN, &c0);
	t0 = now_s();
	for (i = 0; i < calls; i++)
		k->call();
	res[0] = calls / (now_s() - t0);
	getrusage(RUSAGE_SELF, &r1);
	getrusage(RUSAGE_CHILDREN, &c1);
	res[1] = (cpu_s(&r1) - cpu_s(&r0) + cpu_s(&c1) - cpu_s(&c0)) * 1e6 / calls;
	if (write(res_fd, res, sizeof(res)) != sizeof(res))
		_exit(1);
	_exit(0);
}

struct storm_res {
	double rate, cpu_us; /* calls/s, the storm's CPU us per call */
	unsigned long long events, lost;
	double cpu_ns_per_event;
	double bpf_runs, bpf_ns; /* per call, with bpf stats on (0 otherwise) */
};

/* The highest program id loaded now (ids only grow), or 0. */
static __u32 last_prog_id(void)
{
	__u32 id = 0;

	while (!bbpf_sys_prog_get_next_id(id, &id))
		;
	return id;
}

/*
 * Run count and run time (bpf stats) summed over the programs loaded after
 * id @after whose names start with @prefix: trace's, for one event. Each
 * program's figures go to stderr.
 */
static void prog_stats(__u32 after, const char *prefix, double *runs, double *ns)
{
	struct bpf_prog_info info;
	__u32 id = after, len;
	int fd;

	*runs = *ns = 0;
	while (!bbpf_sys_prog_get_next_id(id, &id)) {
		fd = bbpf_sys_prog_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!bbpf_sys_obj_get_info_by_fd(fd, &info, &len) &&
		    !strncmp(info.name, prefix, strlen(prefix))) {
			*runs += info.run_cnt;
			*ns += info.run_time_ns;
			fprintf(stderr, "cost: %s: %llu runs, %.0f ns per run\n", info.name,
				(unsigned long long)info.run_cnt,
				info.run_cnt ? (double)info.run_time_ns / info.run_cnt : 0);
		}
		close(fd);
	}
}

/* Starts trace for @k's events around storm @st; waits for "trace: ready" in @errf. */
static pid_t start_traced(const struct storm_kind *k, pid_t st, int errf)
{
	const char *args[] = { "--json", "--events", k->event, "--comm", k->filter, NULL };
	char pidarg[16], summary[8192] = "";
	double t0 = now_s();
	pid_t tr;
	ssize_t n;

	if (!strcmp(k->filter, "pid")) {
		snprintf(pidarg, sizeof(pidarg), "%d", st);
		args[3] = "--pid";
		args[4] = pidarg;
	}
	tr = start_trace(args, NULL, errf); /* stdout to /dev/null: never blocks */
	while (now_s() - t0 < 10) {	    /* "ready" on stderr */
		n = pread(errf, summary, sizeof(summary) - 1, 0);
		summary[n > 0 ? n : 0] = 0;
		if (strstr(summary, "trace: ready"))
			break;
		usleep(10000);
	}
	return tr;
}

/* Events of @event delivered and lost, from trace's closing summary in @errf. */
static void parse_summary(int errf, const char *event, struct storm_res *s)
{
	char summary[8192], word[32], *p;
	ssize_t n = pread(errf, summary, sizeof(summary) - 1, 0);

	summary[n > 0 ? n : 0] = 0;
	snprintf(word, sizeof(word), " %s ", event);
	p = strstr(summary, " events:"); /* the closing summary, not the start-up lines */
	p = p ? strstr(p, word) : NULL;
	s->events = p ? strtoull(p + strlen(word), NULL, 10) : 0;
	p = strstr(summary, "; lost ");
	s->lost = p ? strtoull(p + 7, NULL, 10) : 0;
}

/*
 * Runs storm @k, traced when @traced (with bpf stats on when @stats too):
 * the storm's figures, and trace's from its stderr summary and rusage.
 */
static void run_storm(const struct storm_kind *k, long calls, bool traced, bool stats,
		      struct storm_res *s)
{
	int go[2], res[2], errf = -1, stats_fd = -1;
	double rate[2] = { 0, 0 };
	__u32 last = 0;
	struct rusage ru;
	pid_t st, tr = 0;

	if (pipe(go) || pipe(res))
		return;
	st = storm(k, calls, go[0], res[1]);
	if (traced) {
		errf = open("/tmp/bbpf-trace-bench.err", O_RDWR | O_CREAT | O_TRUNC, 0600);
		last = last_prog_id();
		tr = start_traced(k, st, errf);
		stats_fd = stats ? bbpf_sys_enable_stats(BPF_STATS_RUN_TIME) : -1;
	}
	if (write(go[1], "g", 1) != 1 || read(res[0], rate, sizeof(rate)) != sizeof(rate))
		rate[0] = rate[1] = 0;
	s->rate = rate[0];
	s->cpu_us = rate[1];
	waitpid(st, NULL, 0);
	if (traced) {
		if (stats_fd >= 0) {
			prog_stats(last, k->event, &s->bpf_runs, &s->bpf_ns);
			s->bpf_runs /= calls;
			s->bpf_ns /= calls;
			close(stats_fd);
		}
		usleep(200000);
		stop_trace(tr, -1, &ru);
		parse_summary(errf, k->event, s);
		close(errf);
		s->cpu_ns_per_event = s->events ? cpu_s(&ru) * 1e9 / s->events : 0;
	}
	close(go[0]);
	close(go[1]);
	close(res[0]);
	close(res[1]);
}

/*
 * @rounds of untraced then traced storms of @k, alternating (the shared
 * cores' load drifts), bpf stats off; medians into @base and @tr.
 */
static void bench_storm(const struct storm_kind *k, long calls, int rounds, struct storm_res *base,
			struct storm_res *tr)
{
	double v[5][16];
	struct storm_res b, t;
	int i;

	for (i = 0; i < rounds && i < 16; i++) {
		memset(&b, 0, sizeof(b));
		memset(&t, 0, sizeof(t));
		run_storm(k, calls, false, false, &b);
		run_storm(k, calls, true, false, &t);
		v[0][i] = b.rate;
		v[1][i] = b.cpu_us;
		v[2][i] = t.rate;
		v[3][i] = t.cpu_us;
		v[4][i] = t.cpu_ns_per_event;
		tr->events = i ? (t.events < tr->events ? t.events : tr->events) : t.events;
		tr->lost += t.lost;
	}
	base->rate = median(v[0], i);
	base->cpu_us = median(v[1], i);
	tr->rate = median(v[2], i);
	tr->cpu_us = median(v[3], i);
	tr->cpu_ns_per_event = median(v[4], i);
}

/*
 * The per-event cost rows: for each kind of storm, the CPU each call gains
 * when traced (medians of @rounds alternating rounds), then one traced round
 * with bpf stats on: how many program runs each call causes and their run
 * time. The stats leave out the hooks' own dispatch (a syscall tracepoint's
 * ~200 ns here, see the attach bench) and add two clock reads per run.
 */
static void bench_cost(long calls, int rounds, char *text, size_t cap)
{
	struct storm_res b, t, st;
	size_t len;
	long n;
	int i;

	len = snprintf(
		text, cap,
		"## barebpf trace per-event cost\n\n"
		"`make bench-trace` (tests/bench/trace_bench.c -p cost -s %ld -r %d), %s: "
		"one thread making one syscall in a loop, alone and traced by `trace --json "
		"--events EVENT` (filtered to the storm: `--pid`, exec `--comm true`), "
		"medians of %d alternating rounds; then one traced round with bpf stats on "
		"(`run_time_ns`/`run_cnt` of trace's programs for the event).\n\n"
		"| syscall (calls) | untraced CPU/call | traced CPU/call | added CPU ns/call | "
		"program runs/call | BPF ns/call (bpf stats) |\n"
		"| --- | --: | --: | --: | --: | --: |\n",
		calls, rounds, barebpf, rounds);
	for (i = 0; i < (int)(sizeof(kinds) / sizeof(kinds[0])) && len < cap; i++) {
		n = calls / kinds[i].calls_div;
		memset(&b, 0, sizeof(b));
		memset(&t, 0, sizeof(t));
		memset(&st, 0, sizeof(st));
		bench_storm(&kinds[i], n, rounds, &b, &t);
		run_storm(&kinds[i], n, true, true, &st);
		len += snprintf(text + len, cap - len,
				"| %s (%ld) | %.2f us | %.2f us | %+.0f | %.2f | %.0f |\n",
				kinds[i].event, n, b.cpu_us, t.cpu_us, (t.cpu_us - b.cpu_us) * 1000,
				st.bpf_runs, st.bpf_ns);
	}
}

/* A mixed storm until killed: fadvise bursts, failed opens, execs, refused connects. */
static pid_t mixed_storm(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(1) };
	struct timespec ts = { 0, 10000000 };
	pid_t pid = fork(), c;
	long it;
	int fd, i;

	if (pid)
		return pid;
	fd = open("/dev/null", O_RDONLY);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (it = 0;; it++) {
		for (i = 0; i < 1000; i++)
			posix_fadvise(fd, 0, 0, POSIX_FADV_NORMAL);
		for (i = 0; i < 10; i++)
			close(open("/nonexistent/bbpf-soak", O_RDONLY));
		if (it % 5 == 0) {
			c = fork();
			if (c == 0) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(127);
			}
			waitpid(c, NULL, 0);
			i = socket(AF_INET, SOCK_STREAM, 0);
			connect(i, (struct sockaddr *)&sin, sizeof(sin)); /* refused */
			close(i);
		}
		nanosleep(&ts, NULL);
	}
}

/* VmRSS of @pid in KiB, or 0. */
static long rss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kib = atol(line + 6);
	if (f)
		fclose(f);
	return kib;
}

/*
 * The soak: `trace --json` (every event type) under the mixed storm for
 * @sec seconds; trace's RSS sampled 20 times. Markdown into @text.
 */
static void bench_soak(int sec, char *text, size_t cap)
{
	char summary[8192] = "", *p;
	const char *args[] = { "--json", NULL };
	long first = 0, last = 0, max = 0, kib;
	unsigned long long events = 0, lost = 0;
	int errf, i, step = sec / 20 > 0 ? sec / 20 : 1;
	double t0 = now_s();
	pid_t tr, st;
	ssize_t n;

	errf = open("/tmp/bbpf-trace-soak.err", O_RDWR | O_CREAT | O_TRUNC, 0600);
	tr = start_trace(args, NULL, errf);
	while (now_s() - t0 < 10 && !strstr(summary, "trace: ready")) {
		usleep(10000);
		n = pread(errf, summary, sizeof(summary) - 1, 0);
		summary[n > 0 ? n : 0] = 0;
	}
	st = mixed_storm();
	t0 = now_s();
	for (i = 0; now_s() - t0 < sec; i++) {
		sleep(step);
		kib = rss_kib(tr);
		first = first ? first : kib;
		last = kib;
		max = kib > max ? kib : max;
	}
	kill(st, SIGKILL);
	waitpid(st, NULL, 0);
	usleep(200000);
	stop_trace(tr, -1, &(struct rusage){ 0 });
	n = pread(errf, summary, sizeof(summary) - 1, 0);
	summary[n > 0 ? n : 0] = 0;
	close(errf);
	p = strstr(summary, " events:"); /* "trace: N events: exec N ...; lost N, ..." */
	while (p && p > summary && p[-1] >= '0' && p[-1] <= '9')
		p--;
	events = p ? strtoull(p, NULL, 10) : 0;
	p = strstr(summary, "; lost ");
	lost = p ? strtoull(p + 7, NULL, 10) : 0;
	snprintf(text, cap,
		 "## barebpf trace soak\n\n"
		 "`make bench-soak SOAK_SEC=%d` (tests/bench/trace_bench.c -S), %s: `trace --json` "
		 "(every event type, to /dev/null) for %d s under a mixed storm (1000 fadvise + 10 "
		 "failed opens per 10 ms, an exec and a refused connect every 50 ms).\n\n"
		 "| measure | value |\n| --- | --- |\n"
		 "| trace RSS: first sample / last / max (%d samples) | %.1f / %.1f / %.1f MiB |\n"
		 "| events delivered (%.0f/s) / lost | %llu / %llu |\n",
		 sec, barebpf, sec, i, first / 1024.0, last / 1024.0, max / 1024.0,
		 events / (double)sec, events, lost);
}

/*
 * Where the generated part of section @sec ends: after its first table (the
 * blank line that follows it), or at @limit. The rest of the section, notes
 * written by hand, is kept.
 */
static const char *generated_end(const char *sec, const char *limit)
{
	const char *t = strstr(sec, "\n|"), *e;

	if (!t || t >= limit)
		return limit;
	e = strstr(t + 1, "\n\n");
	return e && e < limit ? e + 1 : limit;
}

static void write_report(const char *path, const char *heading, const char *text)
{
	FILE *f = fopen(path, "r");
	char *old = NULL, *sec, *next;
	const char *limit, *keep;
	size_t len = 0;

	if (f) {
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		old = calloc(1, len + 1);
		if (fread(old, 1, len, f) != len)
			len = 0;
		fclose(f);
	}
	f = fopen(path, "w");
	if (!f)
		return;
	sec = old ? strstr(old, heading) : NULL;
	if (sec) {
		next = strstr(sec + 3, "\n## ");
		limit = next ? next : old + len;
		keep = generated_end(sec, limit);
		fwrite(old, 1, sec - old, f);
		fputs(text, f);
		if (keep < limit) { /* "\n### notes...", then the next heading as it was */
			fwrite(keep, 1, limit - keep, f);
			if (next)
				fputs(next, f);
		} else if (next) {
			fprintf(f, "\n%s", next + 1);
		}
	} else {
		if (old)
			fputs(old, f);
		fputs("\n", f);
		fputs(text, f);
	}
	fclose(f);
	free(old);
}

/* Start-up and RSS rows: Markdown into @text. */
static void report_startup(int runs, char *text, size_t cap)
{
	double startup, ready, rss, rss_small;

	bench_startup(runs, &startup, &ready, &rss, &rss_small, false);
	snprintf(
		text, cap,
		"## barebpf trace\n\n"
		"`make bench-trace` (tests/bench/trace_bench.c -p startup -n %d), %s, every event "
		"type loaded.\n\n"
		"| measure | barebpf trace | goal | anchor |\n| --- | --- | --- | --- |\n"
		"| start-up: exec to first event (median of %d, exec every 2 ms) | %.1f ms | <= 30 ms | execsnoop 155 ms, bpftrace 242 ms |\n"
		"| peak RSS (same runs; the 8 MiB ring's pages are mapped twice, 16 MiB) | %.1f MiB | <= 4 MiB + ring pages | execsnoop 13.7 MiB, bpftrace 91 MiB |\n"
		"| peak RSS with `--ringbuf-size 65536` (trace's own, + 128 KiB of ring) | %.1f MiB | <= 4 MiB | |\n",
		runs, barebpf, runs, startup, rss, rss_small);
}

/* The fadvise storm rows: Markdown into @text. */
static void report_storm(long calls, int rounds, char *text, size_t cap)
{
	struct storm_res b = { 0 }, t = { 0 };

	bench_storm(KIND_FADVISE, calls, rounds, &b, &t);
	snprintf(
		text, cap,
		"## barebpf trace storm\n\n"
		"`make bench-trace` (tests/bench/trace_bench.c -p storm -s %ld -r %d), %s: medians "
		"of %d alternating untraced/traced rounds; CPU times are the storm's own "
		"(getrusage), which the other load on the shared cores does not inflate, unlike "
		"calls/s.\n\n"
		"| measure | barebpf trace | goal | anchor |\n| --- | --- | --- | --- |\n"
		"| fadvise storm, %ld calls: untraced | %.0f calls/s, %.2f us CPU/call | | ~830k calls/s |\n"
		"| fadvise storm: traced (`--json --events fadvise --pid`, to /dev/null) | %.0f calls/s, %.2f us CPU/call | | bpftrace ~112k calls/s |\n"
		"| storm slowdown per call: CPU (wall) | +%.2f us (+%.2f us) | <= +0.5 us | bpftrace +7.7 us (wall) |\n"
		"| events delivered (least of the rounds) / lost (all rounds) | %llu / %llu | all, 0 lost | bpftrace: all |\n"
		"| trace CPU per event (JSON included) | %.0f ns | <= 1000 ns | |\n",
		calls, rounds, barebpf, rounds, calls, b.rate, b.cpu_us, t.rate, t.cpu_us,
		t.cpu_us - b.cpu_us, t.rate > 0 && b.rate > 0 ? (1e6 / t.rate - 1e6 / b.rate) : 0,
		t.events, t.lost, t.cpu_ns_per_event);
}

/* The parts -p names ("startup,storm,cost"): each its own section of the report. */
enum { PART_STARTUP = 1, PART_STORM = 2, PART_COST = 4 };

static int parse_parts(const char *list)
{
	static const char *const names[] = { "startup", "storm", "cost" };
	char buf[64], *tok, *save = NULL;
	int parts = 0, i;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < 3 && strcmp(tok, names[i]); i++)
			;
		if (i == 3)
			return -1;
		parts |= 1 << i;
	}
	return parts;
}

/* Prints @text and, with -o, puts it in place of its section of @outpath. */
static void report(const char *outpath, const char *heading, const char *text)
{
	fputs(text, stdout);
	if (outpath)
		write_report(outpath, heading, text);
}

int main(int argc, char **argv)
{
	int runs = 11, rounds = 3, soak = 0, parts = PART_STARTUP | PART_STORM | PART_COST, opt;
	bool startup_only = false;
	long calls = 2000000;
	const char *outpath = NULL;
	double startup, ready, rss, rss_small;
	char text[4096];

	while ((opt = getopt(argc, argv, "n:s:r:S:o:p:u")) != -1) {
		if (opt == 'u')
			startup_only = true;
		else if (opt == 'n')
			runs = atoi(optarg);
		else if (opt == 's')
			calls = atol(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else if (opt == 'S')
			soak = atoi(optarg);
		else if (opt == 'o')
			outpath = optarg;
		else if (opt == 'p')
			parts = parse_parts(optarg);
		else
			return 2;
	}
	if (optind >= argc || runs < 1 || runs > 64 || rounds < 1 || rounds > 16 || soak < 0 ||
	    parts <= 0 || calls < 1000) {
		fprintf(stderr,
			"usage: trace_bench [-p startup,storm,cost] [-n RUNS<=64] "
			"[-s CALLS>=1000] [-r ROUNDS<=16] [-S SOAK_SEC] [-u] [-o FILE] BAREBPF\n");
		return 2;
	}
	barebpf = argv[optind];
	if (soak) {
		bench_soak(soak, text, sizeof(text));
		report(outpath, "## barebpf trace soak\n", text);
		return 0;
	}
	if (startup_only) {
		bench_startup(runs, &startup, &ready, &rss, &rss_small, true);
		printf("start-up (median of %d): first event %.1f ms, all attached %.1f ms; peak "
		       "RSS %.1f MiB (%.1f MiB with a 64 KiB ring)\n",
		       runs, startup, ready, rss, rss_small);
		return 0;
	}
	if (parts & PART_STARTUP) {
		report_startup(runs, text, sizeof(text));
		report(outpath, "## barebpf trace\n", text);
	}
	if (parts & PART_STORM) {
		report_storm(calls, rounds, text, sizeof(text));
		report(outpath, "## barebpf trace storm\n", text);
	}
	if (parts & PART_COST) {
		bench_cost(calls, rounds, text, sizeof(text));
		report(outpath, "## barebpf trace per-event cost\n", text);
	}
	return 0;
}
