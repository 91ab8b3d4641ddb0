// SPDX-License-Identifier: BSD-2-Clause
/*
 * `make bench-trace`: what `barebpf trace` costs, against the anchors of its
 * issue (libbpf-tools execsnoop ready in 155 ms with 13.7 MiB, a bpftrace
 * exec one-liner in 242 ms with 91 MiB; a bpftrace fadvise storm slowed from
 * ~830k to ~112k calls/s). Rows:
 *
 *   start-up   exec of `trace --json` to its first event on stdout, while a
 *              child execs /bin/true every 2 ms (median of -n runs);
 *   peak RSS   ru_maxrss of those runs (the ring buffer's pages are mapped,
 *              not touched, so they count only as far as records filled them);
 *   storm      one thread calls posix_fadvise() N times (-s, default
 *              2,000,000), alone and then traced by `trace --json --events
 *              fadvise --pid P > /dev/null`: calls/s both ways, events
 *              delivered and lost, trace's CPU per event, the storm's
 *              slowdown per call.
 *
 *   trace_bench [-n RUNS] [-s CALLS] [-r ROUNDS] [-u] [-o FILE] BAREBPF
 *
 * With -o the Markdown table replaces the "## barebpf trace" section of FILE
 * (BENCHMARKS.md), or is appended. -u measures the start-up only, printing
 * each run (to iterate on it; no table). Needs root.
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
 * The storm: @calls fadvise calls once @go_fd is readable; writes to @res_fd
 * calls/s and the storm's own CPU time per call in us (what the tracing
 * adds to each call, whatever else the shared cores are doing).
 */
static pid_t storm(long calls, int go_fd, int res_fd)
{
	pid_t pid = fork();
	struct rusage r0, r1;
	double t0, res[2];
	char c;
	long i;
	int fd;

	if (pid)
		return pid;
	fd = open("/dev/null", O_RDONLY);
	if (read(go_fd, &c, 1) != 1)
		_exit(1);
	getrusage(RUSAGE_SELF, &r0);
	t0 = now_s();
	for (i = 0; i < calls; i++)
		posix_fadvise(fd, 0, 0, POSIX_FADV_NORMAL);
	res[0] = calls / (now_s() - t0);
	getrusage(RUSAGE_SELF, &r1);
	res[1] = (cpu_s(&r1) - cpu_s(&r0)) * 1e6 / calls;
	if (write(res_fd, res, sizeof(res)) != sizeof(res))
		_exit(1);
	_exit(0);
}

struct storm_res {
	double rate, cpu_us; /* calls/s, the storm's CPU us per call */
	unsigned long long events, lost;
	double cpu_ns_per_event;
};

/* Runs the storm, traced when @traced; parses the summary from the trace's stderr file. */
static void run_storm(long calls, bool traced, struct storm_res *s)
{
	int go[2], res[2], out = -1, errf = -1;
	char pidarg[16], summary[8192] = "", *p;
	double rate[2] = { 0, 0 };
	struct rusage ru;
	pid_t st, tr = 0;
	ssize_t n;

	if (pipe(go) || pipe(res))
		return;
	st = storm(calls, go[0], res[1]);
	if (traced) {
		const char *args[] = { "--json", "--events", "fadvise", "--pid", pidarg, NULL };
		double t0 = now_s();

		snprintf(pidarg, sizeof(pidarg), "%d", st);
		errf = open("/tmp/bbpf-trace-bench.err", O_RDWR | O_CREAT | O_TRUNC, 0600);
		tr = start_trace(args, NULL, errf); /* stdout to /dev/null: never blocks */
		while (now_s() - t0 < 10) {	    /* "ready" on stderr */
			n = pread(errf, summary, sizeof(summary) - 1, 0);
			summary[n > 0 ? n : 0] = 0;
			if (strstr(summary, "trace: ready"))
				break;
			usleep(10000);
		}
	}
	if (write(go[1], "g", 1) != 1 || read(res[0], rate, sizeof(rate)) != sizeof(rate))
		rate[0] = rate[1] = 0;
	s->rate = rate[0];
	s->cpu_us = rate[1];
	waitpid(st, NULL, 0);
	if (traced) {
		usleep(200000);
		stop_trace(tr, out, &ru);
		n = pread(errf, summary, sizeof(summary) - 1, 0);
		summary[n > 0 ? n : 0] = 0;
		close(errf);
		p = strstr(summary, " events:"); /* the closing summary, not the start-up lines */
		p = p ? strstr(p, " fadvise ") : NULL;
		s->events = p ? strtoull(p + 9, NULL, 10) : 0;
		p = strstr(summary, "; lost ");
		s->lost = p ? strtoull(p + 7, NULL, 10) : 0;
		s->cpu_ns_per_event = s->events ? cpu_s(&ru) * 1e9 / s->events : 0;
	}
	close(go[0]);
	close(go[1]);
	close(res[0]);
	close(res[1]);
}

/*
 * @rounds of untraced then traced storms, alternating (the shared cores'
 * load drifts); medians into @base and @tr.
 */
static void bench_storm(long calls, int rounds, struct storm_res *base, struct storm_res *tr)
{
	double v[5][16];
	struct storm_res b, t;
	int i;

	for (i = 0; i < rounds && i < 16; i++) {
		memset(&b, 0, sizeof(b));
		memset(&t, 0, sizeof(t));
		run_storm(calls, false, &b);
		run_storm(calls, true, &t);
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

static void write_report(const char *path, const char *heading, const char *text)

{
	FILE *f = fopen(path, "r");
	char *old = NULL, *sec, *next;
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
		fwrite(old, 1, sec - old, f);
		fputs(text, f);
		if (next)
			fputs(next + 1, f);
	} else {
		if (old)
			fputs(old, f);
		fputs("\n", f);
		fputs(text, f);
	}
	fclose(f);
	free(old);
}

int main(int argc, char **argv)
{
	int runs = 11, rounds = 3, soak = 0, opt;
	bool startup_only = false;
	long calls = 2000000;
	const char *outpath = NULL;
	double startup, ready, rss, rss_small;
	struct storm_res b = { 0 }, t = { 0 };
	char text[4096];

	while ((opt = getopt(argc, argv, "n:s:r:S:o:u")) != -1) {
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
		else
			return 2;
	}
	if (optind >= argc || runs < 1 || runs > 64 || rounds < 1 || rounds > 16 || soak < 0) {
		fprintf(stderr, "usage: trace_bench [-n RUNS<=64] [-s CALLS] [-r ROUNDS<=16] "
				"[-S SOAK_SEC] [-u] [-o FILE] BAREBPF\n");
		return 2;
	}
	barebpf = argv[optind];
	if (soak) {
		bench_soak(soak, text, sizeof(text));
		fputs(text, stdout);
		if (outpath)
			write_report(outpath, "## barebpf trace soak\n", text);
		return 0;
	}
	bench_startup(runs, &startup, &ready, &rss, &rss_small, startup_only);
	if (startup_only) {
		printf("start-up (median of %d): first event %.1f ms, all attached %.1f ms; peak "
		       "RSS %.1f MiB (%.1f MiB with a 64 KiB ring)\n",
		       runs, startup, ready, rss, rss_small);
		return 0;
	}
	bench_storm(calls, rounds, &b, &t);
	snprintf(
		text, sizeof(text),
		"## barebpf trace\n\n"
		"`make bench-trace` (tests/bench/trace_bench.c -n %d -s %ld -r %d), %s, every event "
		"type loaded. Storm rows: medians of %d alternating untraced/traced rounds; CPU "
		"times are the storm's own (getrusage), which the other load on the shared cores "
		"does not inflate, unlike calls/s.\n\n"
		"| measure | barebpf trace | goal | anchor |\n| --- | --- | --- | --- |\n"
		"| start-up: exec to first event (median of %d, exec every 2 ms) | %.1f ms | <= 30 ms | execsnoop 155 ms, bpftrace 242 ms |\n"
		"| peak RSS (same runs; the 8 MiB ring's pages are mapped twice, 16 MiB) | %.1f MiB | <= 4 MiB + ring pages | execsnoop 13.7 MiB, bpftrace 91 MiB |\n"
		"| peak RSS with `--ringbuf-size 65536` (trace's own, + 128 KiB of ring) | %.1f MiB | <= 4 MiB | |\n"
		"| fadvise storm, %ld calls: untraced | %.0f calls/s, %.2f us CPU/call | | ~830k calls/s |\n"
		"| fadvise storm: traced (`--json --events fadvise --pid`, to /dev/null) | %.0f calls/s, %.2f us CPU/call | | bpftrace ~112k calls/s |\n"
		"| storm slowdown per call: CPU (wall) | +%.2f us (+%.2f us) | <= +0.5 us | bpftrace +7.7 us (wall) |\n"
		"| events delivered (least of the rounds) / lost (all rounds) | %llu / %llu | all, 0 lost | bpftrace: all |\n"
		"| trace CPU per event (JSON included) | %.0f ns | <= 1000 ns | |\n",
		runs, calls, rounds, barebpf, rounds, runs, startup, rss, rss_small, calls, b.rate,
		b.cpu_us, t.rate, t.cpu_us, t.cpu_us - b.cpu_us,
		t.rate > 0 && b.rate > 0 ? (1e6 / t.rate - 1e6 / b.rate) : 0, t.events, t.lost,
		t.cpu_ns_per_event);
	fputs(text, stdout);
	if (outpath)
		write_report(outpath, "## barebpf trace\n", text);
	return 0;
}
