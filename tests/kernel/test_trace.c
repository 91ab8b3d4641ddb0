// SPDX-License-Identifier: BSD-2-Clause
/*
 * `barebpf trace` end to end on the real kernel: the command runs with
 * --json, this test does real things (an exec with marker arguments, an exit
 * with code 7, a process killed by SIGKILL, a fork, a failed exec, TCP
 * connect and accept on loopback over IPv4 and IPv6 and a refused connect,
 * an fadvise, a failed open, a large allocation, and an OOM kill in a
 * memory-limited cgroup, v1 or v2, where the host lets us make one) and checks that each
 * event arrives with the right fields. Again with --buffer perf, and with
 * --containers-only (an exec in a new pid namespace is seen, one outside is
 * not). The fallback chains (exec, exit, fork, fadvise): with each --attach
 * step, the step the summary names is the one forced, the events of an exec,
 * exit 7, fork and fadvise arrive and their payload is the same as with auto;
 * a step the kernel lacks (this host: fentry, kprobe) fails with exit 1, a
 * message naming why, and nothing left behind. Where sysfs BTF is hidden
 * (the matrix's nobtf run), trace runs from a btfhub tree (--btf-dir).
 * Every marker is unique to the run; every wait has a deadline. After
 * each run nothing of the tracer is left in the kernel. Needs root.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../helpers/cli_child.h"
#include "../helpers/kstate.h"
#include "../helpers/netns.h"

#define WAIT_S 20 /* per expectation; qemu TCG is slow */

struct tracer {
	pid_t pid;
	int out, err;
	char *lines; /* every stdout line so far */
	size_t len, cap;
	char errbuf[16384];
	size_t errlen;
};

static char marker[64];
static const char *cli_bin;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads what @fd has within @ms into the buffer; false at end of file. */
static bool read_some(int fd, char *buf, size_t *len, size_t cap, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return true;
	if (*len + 1 >= cap)
		return false;
	n = read(fd, buf + *len, cap - 1 - *len);
	if (n <= 0)
		return false;
	*len += n;
	buf[*len] = 0;
	return true;
}

static bool read_out(struct tracer *t, int ms)
{
	if (t->cap - t->len < 65536) {
		t->cap = t->cap ? t->cap * 2 : 1 << 20;
		t->lines = realloc(t->lines, t->cap);
		assert_non_null(t->lines);
	}
	return read_some(t->out, t->lines, &t->len, t->cap, ms);
}

/*
 * Starts `barebpf trace --json ARGS...` and waits for its "ready" line on
 * stderr. Returns true when it came; false when trace exited first (its
 * status in *@status, its stderr in t->errbuf; nothing else to clean).
 * In the matrix's minbtf run, "--btf $BAREBPF_MATRIX_MIN_BTF" goes first
 * (unless ARGS give --btf-dir): the collector's CO-RE from the minimal BTF.
 */
static bool trace_try_start(struct tracer *t, const char *const *args, int *status)
{
	const char *argv[24] = { cli_bin, "trace", "--json" };
	const char *min = getenv("BAREBPF_MATRIX_MIN_BTF");
	int out[2], err[2], i, n = 3;
	double end;
	pid_t got;

	memset(t, 0, sizeof(*t));
	for (i = 0; min && *min && args[i]; i++)
		if (!strcmp(args[i], "--btf-dir"))
			min = NULL;
	if (min && *min) {
		argv[n++] = "--btf";
		argv[n++] = min;
	}
	for (i = 0; args[i]; i++)
		argv[n + i] = args[i];
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	assert_int_equal(pipe2(err, O_CLOEXEC), 0);
	t->pid = fork();
	if (t->pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		execv(cli_bin, (char *const *)argv);
		_exit(127);
	}
	assert_true(t->pid > 0);
	close(out[1]);
	close(err[1]);
	t->out = out[0];
	t->err = err[0];
	end = now_s() + WAIT_S;
	while (!strstr(t->errbuf, "trace: ready") && now_s() < end)
		if (!read_some(t->err, t->errbuf, &t->errlen, sizeof(t->errbuf), 100))
			break;
	if (strstr(t->errbuf, "trace: ready")) {
		if (min && *min && !strstr(t->errbuf, min))
			fail_msg("trace's summary names no BTF %s:\n%s", min, t->errbuf);
		return true;
	}
	/* stderr ended (or the deadline came): the exit follows, give it the rest of the time */
	while ((got = waitpid(t->pid, status, WNOHANG)) == 0 && now_s() < end)
		usleep(10 * 1000);
	if (got != t->pid) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, status, 0);
		fail_msg("trace neither started nor exited:\n%s", t->errbuf);
	}
	close(t->out);
	close(t->err);
	return false;
}

static void trace_start(struct tracer *t, const char *const *args)
{
	int status;

	if (!trace_try_start(t, args, &status))
		fail_msg("trace did not start (status %#x):\n%s", status, t->errbuf);
}

/*
 * SIGINT, then its exit status (0 expected) and the summary on stderr, which
 * must count no lost event unless @loss_ok; t->lines stays.
 */
static void trace_end(struct tracer *t, bool loss_ok)
{
	int status = -1;
	double end = now_s() + 3 * WAIT_S;
	bool out_open = true, err_open = true;
	pid_t got;

	/*
	 * Both pipes are read until trace has exited: a trace still writing a
	 * backlog (a storm's, on one slow CPU) must never block on a full pipe
	 * while this waits for it; past the deadline it is killed, a failure.
	 */
	kill(t->pid, SIGINT);
	while ((got = waitpid(t->pid, &status, WNOHANG)) == 0 && now_s() < end) {
		if (err_open)
			err_open = read_some(t->err, t->errbuf, &t->errlen, sizeof(t->errbuf), 0);
		if (out_open)
			out_open = read_out(t, 10);
		else
			usleep(10 * 1000);
	}
	while (out_open && read_out(t, 0) && now_s() < end + WAIT_S)
		; /* what it wrote before it exited */
	while (err_open && read_some(t->err, t->errbuf, &t->errlen, sizeof(t->errbuf), 0) &&
	       now_s() < end + WAIT_S)
		;
	if (got != t->pid) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, NULL, 0);
		fail_msg("trace did not exit within %d s of SIGINT:\n%s", 3 * WAIT_S, t->errbuf);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail_msg("trace exited with status %#x:\n%s", status, t->errbuf);
	if (!strstr(t->errbuf, " events:") || (!loss_ok && !strstr(t->errbuf, "lost 0,")))
		fail_msg("no summary or events lost:\n%s", t->errbuf);
	close(t->out);
	close(t->err);
}

static void trace_stop(struct tracer *t)
{
	trace_end(t, false);
	free(t->lines);
}

/* A stdout line of event @type containing every string of @want (NULL-ended), or NULL. */
static const char *find_line(struct tracer *t, const char *type, const char *const *want)
{
	char tag[48];
	const char *p, *nl;
	static char line[8192];
	int i;

	snprintf(tag, sizeof(tag), "{\"type\":\"%s\"", type);
	for (p = t->lines; p && p < t->lines + t->len; p = nl + 1) {
		nl = memchr(p, '\n', t->lines + t->len - p);
		if (!nl)
			break;
		if ((size_t)(nl - p) >= sizeof(line) || strncmp(p, tag, strlen(tag)))
			continue;
		memcpy(line, p, nl - p);
		line[nl - p] = 0;
		for (i = 0; want[i] && strstr(line, want[i]); i++)
			;
		if (!want[i])
			return line;
	}
	return NULL;
}

/* Waits for such a line; fails naming what was missing. */
static const char *expect(struct tracer *t, const char *type, const char *const *want)
{
	double end = now_s() + WAIT_S;
	const char *line;

	while (!(line = find_line(t, type, want)) && now_s() < end)
		if (!read_out(t, 100))
			break;
	if (!line)
		fail_msg("no %s event with %s%s%s; stderr:\n%s", type, want[0],
			 want[1] ? " and " : "", want[1] ? want[1] : "", t->errbuf);
	return line;
}

static const char *fmt(const char *f, long v)
{
	static char bufs[8][64];
	static int i;
	char *b = bufs[i++ % 8];

	snprintf(b, 64, f, v);
	return b;
}

/* ---- actions ---- */

static pid_t run_child(const char *mode, const char *arg)
{
	const char *argv[] = { "test_trace", "--bbpf-child", mode, arg, marker, NULL };
	pid_t pid = fork();

	if (pid == 0) {
		execv("/proc/self/exe", (char *const *)argv);
		_exit(127);
	}
	assert_true(pid > 0);
	return pid;
}

static int wait_status(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

/* exec with markers, exit 7, fork: three events of one child. */
static void do_exit7(struct tracer *t)
{
	pid_t me = getpid(), c = run_child("exit", "7");
	const char *pidf = fmt("\"pid\":%ld,", c);

	assert_int_equal(WEXITSTATUS(wait_status(c)), 7);
	expect(t, "exec",
	       (const char *[]){ pidf, marker,
				 "\"args\":[\"test_trace\",\"--bbpf-child\","
				 "\"exit\",\"7\"",
				 "\"result\":0", NULL });
	expect(t, "exit", (const char *[]){ pidf, "\"exit_code\":7,\"signal\":0", NULL });
	expect(t, "fork",
	       (const char *[]){ fmt("\"pid\":%ld,", me), fmt("\"child_pid\":%ld", c), NULL });
}

static void do_kill(struct tracer *t)
{
	pid_t me = getpid(), c = run_child("sleep", "30");

	usleep(100 * 1000); /* let it exec */
	kill(c, SIGKILL);
	assert_int_equal(WTERMSIG(wait_status(c)), SIGKILL);
	expect(t, "exit",
	       (const char *[]){ fmt("\"pid\":%ld,", c), "\"exit_code\":null,\"signal\":9", NULL });
	expect(t, "signal",
	       (const char *[]){ fmt("\"pid\":%ld,", me), fmt("\"target_pid\":%ld,", c),
				 "\"signal\":9,", NULL });
}

static void do_failed_exec(struct tracer *t)
{
	char path[128];
	pid_t c;

	snprintf(path, sizeof(path), "/nonexistent-%s", marker);
	c = fork();
	if (c == 0) {
		execl(path, path, "x", (char *)NULL);
		_exit(3);
	}
	assert_int_equal(WEXITSTATUS(wait_status(c)), 3);
	expect(t, "exec", (const char *[]){ fmt("\"pid\":%ld,", c), path, "\"result\":-2,", NULL });
}

/* A listener on @family's loopback; its port in *@port. */
static int listen_lo(int family, int *port)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in a4 = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr *sa = family == AF_INET ? (void *)&a4 : (void *)&a6;
	socklen_t len = family == AF_INET ? sizeof(a4) : sizeof(a6);
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, sa, len) || listen(fd, 4) || getsockname(fd, sa, &len)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(family == AF_INET ? a4.sin_port : a6.sin6_port);
	return fd;
}

static int connect_lo(int family, int port)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT,
				   .sin6_port = htons(port) };
	struct sockaddr_in a4 = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
				  .sin_port = htons(port) };
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0), err = 0;

	assert_true(fd >= 0);
	if (connect(fd, family == AF_INET ? (void *)&a4 : (void *)&a6,
		    family == AF_INET ? sizeof(a4) : sizeof(a6)))
		err = -errno;
	close(fd);
	return err;
}

static void do_tcp(struct tracer *t, int family)
{
	const char *daddr = family == AF_INET ? "\"daddr\":\"127.0.0.1\"" : "\"daddr\":\"::1\"";
	const char *saddr = family == AF_INET ? "\"saddr\":\"127.0.0.1\"" : "\"saddr\":\"::1\"";
	const char *me = fmt("\"pid\":%ld,", getpid());
	struct netns ns = { -1, -1, -1, 0 };
	int lfd, cfd, port, closed;

	/*
	 * In a private network namespace with its lo up where we can make one
	 * (the matrix guests have no lo up), else in ours.
	 */
	netns_setup_lo(&ns);
	lfd = listen_lo(family, &port);
	if (lfd < 0) {
		print_message("[ SKIP     ] no %s loopback here\n",
			      family == AF_INET ? "IPv4" : "IPv6");
		if (ns.orig >= 0)
			netns_teardown(&ns);
		return;
	}
	assert_int_equal(connect_lo(family, port), 0);
	cfd = accept(lfd, NULL, NULL);
	assert_true(cfd >= 0);
	close(cfd);
	/* A refused connect: a port that was free a moment ago. */
	close(listen_lo(family, &closed));
	assert_int_equal(connect_lo(family, closed), -ECONNREFUSED);
	close(lfd);
	if (ns.orig >= 0)
		netns_teardown(&ns);
	expect(t, "connect",
	       (const char *[]){ me, fmt("\"dport\":%ld,", port), "\"result\":0,", daddr, NULL });
	expect(t, "accept",
	       (const char *[]){ me, fmt("\"sport\":%ld,", port), "\"result\":0,", saddr, NULL });
	expect(t, "connect",
	       (const char *[]){ me, fmt("\"dport\":%ld,", closed), "\"result\":-111,", NULL });
}

/* An fadvise of @len bytes, and its event. */
static void do_fadvise_len(struct tracer *t, long len)
{
	long off = 4096L * (getpid() % 1000 + 1);
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC); /* a file every system has */

	assert_true(fd >= 0);
	assert_int_equal(posix_fadvise(fd, off, len, POSIX_FADV_DONTNEED), 0);
	expect(t, "fadvise",
	       (const char *[]){ fmt("\"pid\":%ld,", getpid()), fmt("\"fd\":%ld,", fd),
				 fmt("\"offset\":%ld,", off), fmt("\"len\":%ld,\"advice\":4,", len),
				 NULL });
	close(fd);
}

static void do_fadvise(struct tracer *t)
{
	do_fadvise_len(t, 777777);
}

/* Whether the running kernel is at least @maj.@min. */
static bool kernel_at_least(int maj, int min)
{
	struct utsname u;
	int a = 0, b = 0;

	uname(&u);
	sscanf(u.release, "%d.%d", &a, &b);
	return a > maj || (a == maj && b >= min);
}

/* A failed open of @path: its event, with the path from 5.15 (bpf_task_pt_regs). */
static void expect_open(struct tracer *t, const char *path)
{
	const char *pid = fmt("\"pid\":%ld,", getpid());

	if (kernel_at_least(5, 15))
		expect(t, "open", (const char *[]){ pid, path, "\"result\":-20,", NULL });
	else
		expect(t, "open", (const char *[]){ pid, "\"result\":-20,", NULL });
}

/*
 * A path through a file as if it were a directory: ENOTDIR, no file made.
 * Through openat(2), and on x86_64 through open(2) too (what musl's open()
 * and old binaries call).
 */
static void do_failed_open(struct tracer *t)
{
	char path[128];

	snprintf(path, sizeof(path), "/proc/self/exe/%s-at", marker);
	assert_int_equal(openat(AT_FDCWD, path, O_RDONLY), -1);
	assert_int_equal(errno, ENOTDIR);
	expect_open(t, path);
#ifdef SYS_open
	snprintf(path, sizeof(path), "/proc/self/exe/%s-open", marker);
	assert_int_equal(syscall(SYS_open, path, O_RDONLY), -1);
	assert_int_equal(errno, ENOTDIR);
	expect_open(t, path);
#endif
}

static void do_alloc(struct tracer *t)
{
	pid_t c = run_child("alloc", "64");

	assert_int_equal(WEXITSTATUS(wait_status(c)), 0);
	expect(t, "memory", (const char *[]){ fmt("\"pid\":%ld,", c), "\"pages\":", NULL });
}

/* Writes @val to @dir/@name. Returns 0 or -1. */
static int write_cg(const char *dir, const char *name, const char *val)
{
	char file[256];
	int fd, ok;

	snprintf(file, sizeof(file), "%s/%s", dir, name);
	fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

/*
 * A memory cgroup of 32 MiB without swap in @cg: cgroup v1's memory
 * controller (this host), else cgroup v2 at /sys/fs/cgroup (the matrix
 * guests). Returns false when neither can be made.
 */
static bool memcg_make(char *cg, size_t size)
{
	snprintf(cg, size, "/sys/fs/cgroup/memory/bbpf-trace-%d", getpid());
	if (!access("/sys/fs/cgroup/memory/cgroup.procs", W_OK) && !mkdir(cg, 0755)) {
		if (write_cg(cg, "memory.limit_in_bytes", "33554432"))
			return rmdir(cg), false;
		write_cg(cg, "memory.swappiness", "0");
		return true;
	}
	snprintf(cg, size, "/sys/fs/cgroup/bbpf-trace-%d", getpid());
	if (access("/sys/fs/cgroup/cgroup.subtree_control", W_OK))
		return false;
	write_cg("/sys/fs/cgroup", "cgroup.subtree_control", "+memory");
	if (mkdir(cg, 0755))
		return false;
	if (write_cg(cg, "memory.max", "33554432"))
		return rmdir(cg), false;
	write_cg(cg, "memory.swap.max", "0");
	return true;
}

/* A child in a memory cgroup of 32 MiB touching 256 MiB: killed by the OOM killer. */
static void do_oom(struct tracer *t)
{
	const char *victim, *line;
	char cg[128], pid[16];
	pid_t c;

	if (!memcg_make(cg, sizeof(cg))) {
		print_message("[ SKIP     ] no memory cgroup to make: no OOM case\n");
		return;
	}
	c = fork();
	if (c == 0) {
		snprintf(pid, sizeof(pid), "%d", getpid());
		if (write_cg(cg, "cgroup.procs", pid))
			_exit(126);
		execl("/proc/self/exe", "test_trace", "--bbpf-child", "alloc", "256", marker,
		      (char *)NULL);
		_exit(127);
	}
	assert_int_equal(WTERMSIG(wait_status(c)), SIGKILL);
	rmdir(cg);
	/* Kernels without the 6.8 fields (5.10 arm64) end the line with victim_pid. */
	victim = fmt("\"victim_pid\":%ld", c);
	line = strstr(expect(t, "oom", (const char *[]){ victim, NULL }), victim);
	assert_true(line[strlen(victim)] == ',' || line[strlen(victim)] == '}');
}

static void test_json_events(void **state)
{
	struct tracer t;

	(void)state;
	trace_start(&t, (const char *[]){ NULL });
	do_exit7(&t);
	do_kill(&t);
	do_failed_exec(&t);
	do_tcp(&t, AF_INET);
	do_tcp(&t, AF_INET6);
	do_fadvise(&t);
	do_failed_open(&t);
	do_alloc(&t);
	do_oom(&t);
	trace_stop(&t);
}

static void test_perf_buffer(void **state)
{
	struct tracer t;

	(void)state;
	trace_start(&t, (const char *[]){ "--buffer", "perf", "--events", "exec,exit,fork,fadvise",
					  NULL });
	if (!strstr(t.errbuf, "perf buffer"))
		fail_msg("not on the perf buffer:\n%s", t.errbuf);
	do_exit7(&t);
	do_fadvise(&t);
	trace_stop(&t);
}

/*
 * A storm: a child makes STORM_CALLS fadvise calls as fast as it can while
 * trace (the default 8 MiB ring: ~120 ms of this storm; the reader pauses 1
 * ms after a small batch, cmd_trace.c linger()) prints each one. With a
 * second CPU for the reader, every call arrives and none is lost. On one
 * CPU (the matrix's guests, or `taskset -c 0`) a child that never sleeps can
 * outrun any reader between its time slices, so there the test asks that
 * every call be accounted for: printed, or counted as lost in the summary.
 * (A 1 MiB ring on a host with a CPU hog beside it lost events in 1 of 6
 * runs with the pause and 3 of 6 without: starvation, not the pause.)
 */
#define STORM_CALLS 100000

/* The CPUs this process (and so trace and the child) may run on. */
static int cpus_allowed(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) ? 1 : CPU_COUNT(&set);
}

static pid_t storm_child(int go)
{
	pid_t pid = fork();
	char c;
	int fd;
	long i;

	if (pid)
		return pid;
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || read(go, &c, 1) != 1)
		_exit(2);
	for (i = 0; i < STORM_CALLS; i++)
		if (posix_fadvise(fd, i, 4096, POSIX_FADV_NORMAL))
			_exit(3);
	_exit(0);
}

static void test_storm(void **state)
{
	char pid_s[16], want[64], tag[] = "{\"type\":\"fadvise\"";
	int go[2], status = -1;
	double end = now_s() + 10 * WAIT_S;
	bool one_cpu = cpus_allowed() < 2;
	struct tracer t;
	const char *p;
	long lines = 0, lost = -1;
	pid_t child;

	(void)state;
	assert_int_equal(pipe2(go, O_CLOEXEC), 0);
	child = storm_child(go[0]);
	assert_true(child > 0);
	close(go[0]);
	snprintf(pid_s, sizeof(pid_s), "%d", (int)child);
	trace_start(&t, (const char *[]){ "--events", "fadvise", "--pid", pid_s, NULL });
	assert_int_equal(write(go[1], "g", 1), 1);
	close(go[1]);
	while (waitpid(child, &status, WNOHANG) == 0 && now_s() < end)
		read_out(&t, 20);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		fail_msg("the storm child failed (status %#x)", status);
	}
	trace_end(&t, one_cpu); /* reads the rest; fails on lost events with two CPUs */
	for (p = t.lines; p && (p = strstr(p, tag)); p += sizeof(tag) - 1)
		lines++;
	free(t.lines);
	p = strstr(t.errbuf, "; lost ");
	if (!p || sscanf(p, "; lost %ld,", &lost) != 1)
		fail_msg("no count of lost events:\n%s", t.errbuf);
	snprintf(want, sizeof(want), "fadvise %ld;", lines);
	if (!strstr(t.errbuf, want))
		fail_msg("the summary does not count the %ld lines printed:\n%s", lines, t.errbuf);
	if (lines + lost != STORM_CALLS)
		fail_msg("%ld printed + %ld lost != %d calls:\n%s", lines, lost, STORM_CALLS,
			 t.errbuf);
	if (one_cpu)
		print_message("[ INFO     ] one CPU: %ld of %d printed, %ld counted lost\n", lines,
			      STORM_CALLS, lost);
	assert_true(lines > 0);
}

/*
 * --pid and --comm filter in the kernel: this process's fadvise is seen, a
 * child's exec (another pid, another comm) is not. The second fadvise is
 * the fence: the ring buffer keeps commit order, so once it is read, the
 * exec before it would have been too.
 */
static void test_filters(void **state)
{
	char pid[16];
	struct tracer t;
	pid_t c;

	(void)state;
	snprintf(pid, sizeof(pid), "%d", getpid());
	trace_start(&t, (const char *[]){ "--pid", pid, "--comm", "test_trace", "--events",
					  "exec,fadvise", NULL });
	do_fadvise(&t);
	c = run_child("exit", "0");
	assert_int_equal(WEXITSTATUS(wait_status(c)), 0);
	do_fadvise_len(&t, 555555);
	if (find_line(&t, "exec", (const char *[]){ marker, NULL }))
		fail_msg("an exec of another pid passed --pid %s", pid);
	trace_stop(&t);
}

/* exec in a new pid namespace: seen with --containers-only; the one before it outside is not. */
static void test_containers_only(void **state)
{
	struct tracer t;
	pid_t c;

	(void)state;
	trace_start(&t, (const char *[]){ "--containers-only", "--events", "exec", NULL });
	c = run_child("exit", "0");
	assert_int_equal(WEXITSTATUS(wait_status(c)), 0);
	c = run_child("pidns", "0");
	assert_int_equal(WEXITSTATUS(wait_status(c)), 0);
	expect(&t, "exec", (const char *[]){ marker, "\"pidns_level\":1", "\"inner\"", NULL });
	if (find_line(&t, "exec", (const char *[]){ marker, "\"exit\"", NULL }))
		fail_msg("an exec outside a container was reported");
	trace_stop(&t);
}

/* ---- the fallback chains ---- */

struct step_case {
	const char *mech;	/* --attach */
	const char *const *evs; /* the chains that have this step */
};

static const char *const chains_all[] = { "exec", "exit", "fork", "fadvise", NULL };
static const struct step_case steps[] = {
	{ "auto", NULL },
	{ "fentry", (const char *const[]){ "fadvise", NULL } },
	{ "tp_btf", (const char *const[]){ "exec", "exit", "fork", NULL } },
	{ "raw_tp", (const char *const[]){ "exec", "exit", "fork", NULL } },
	{ "tracepoint", (const char *const[]){ "exec", "exit", "fadvise", NULL } },
	{ "kprobe", (const char *const[]){ "fadvise", NULL } },
};

/* The payload of @line as compared between steps: from "comm" on, every number as '#'. */
static void signature(const char *line, char *out, size_t size)
{
	const char *p = strstr(line, "\"comm\":");
	size_t n = 0;

	assert_non_null(p);
	for (; *p && n + 1 < size; p++) {
		if (*p >= '0' && *p <= '9') {
			if (!n || out[n - 1] != '#')
				out[n++] = '#';
			continue;
		}
		out[n++] = *p;
	}
	out[n] = 0;
}

/* The lines of the exec (exit 7), exit, fork, fadvise a run of the chains saw, as signatures. */
struct sigs {
	char s[4][2048];
};

static void chain_actions(struct tracer *t, struct sigs *out)
{
	pid_t me = getpid(), c = run_child("exit", "7");
	const char *pidf = fmt("\"pid\":%ld,", c);
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	assert_int_equal(WEXITSTATUS(wait_status(c)), 7);
	assert_true(fd >= 0);
	assert_int_equal(posix_fadvise(fd, 8192, 4242, POSIX_FADV_WILLNEED), 0);
	close(fd);
	signature(expect(t, "exec",
			 (const char *[]){ pidf, marker,
					   "\"args\":[\"test_trace\",\"--bbpf-child\","
					   "\"exit\",\"7\"",
					   "\"result\":0", NULL }),
		  out->s[0], sizeof(out->s[0]));
	signature(expect(t, "exit", (const char *[]){ pidf, "\"exit_code\":7,\"signal\":0", NULL }),
		  out->s[1], sizeof(out->s[1]));
	signature(expect(t, "fork",
			 (const char *[]){ fmt("\"pid\":%ld,", me), fmt("\"child_pid\":%ld", c),
					   NULL }),
		  out->s[2], sizeof(out->s[2]));
	signature(expect(t, "fadvise",
			 (const char *[]){ fmt("\"pid\":%ld,", me), "\"offset\":8192,",
					   "\"len\":4242,\"advice\":3,", NULL }),
		  out->s[3], sizeof(out->s[3]));
}

static bool in_list(const char *const *l, const char *s)
{
	for (; l && *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

/* Whether this kernel has kprobes (the PMU, or tracefs kprobe_events). */
static bool have_kprobes(void)
{
	return !access("/sys/bus/event_source/devices/kprobe/type", F_OK) ||
	       !access("/sys/kernel/tracing/kprobe_events", F_OK) ||
	       !access("/sys/kernel/debug/tracing/kprobe_events", F_OK);
}

/* Under qemu with sysfs BTF and nothing forced, on amd64 6.1 and later: fentry must work. */
static bool fentry_required(void)
{
	struct utsname u;

	if (!getenv("BAREBPF_MATRIX") || getenv("BAREBPF_NO") || uname(&u) ||
	    strcmp(getenv("BAREBPF_MATRIX_RUN") ?: "", "sysfs"))
		return false;
	return !strcmp(u.machine, "x86_64") && kernel_at_least(6, 1);
}

/*
 * Whether the kernel's BTF is in sysfs (not hidden as in the matrix's nobtf
 * run): BTF-typed attach (tp_btf, fentry) is refused with EINVAL without it.
 */
static bool sysfs_btf(void)
{
	struct stat st;

	return !stat("/sys/kernel/btf/vmlinux", &st) && st.st_size > 0;
}

/* Checks the summary line of each chain after a start with --attach @c->mech. */
static void check_summary(const struct tracer *t, const struct step_case *c)
{
	const char *hook = strcmp(c->mech, "auto") ? c->mech : NULL;
	char want[96], *line;
	int i;

	for (i = 0; chains_all[i]; i++) {
		snprintf(want, sizeof(want), "trace:   %s via ", chains_all[i]);
		line = strstr(t->errbuf, want);
		if (!line)
			fail_msg("no summary line for %s:\n%s", chains_all[i], t->errbuf);
		line += strlen(want);
		if (hook && in_list(c->evs, chains_all[i])) {
			if (strncmp(line, hook, strlen(hook)) || !strstr(line, "(forced"))
				fail_msg("%s not via %s:\n%s", chains_all[i], hook, t->errbuf);
		} else if (hook && !strstr(line, "step: as auto")) {
			fail_msg("%s: no 'no %s step: as auto':\n%s", chains_all[i], hook,
				 t->errbuf);
		}
	}
	/* auto: fadvise on its cheapest step, or the reason fentry was passed over */
	line = strstr(t->errbuf, "trace:   fadvise via ");
	if (!hook && strncmp(line + 21, "fentry", 6) && !strstr(line, "fentry: "))
		fail_msg("fadvise not via fentry and no reason why:\n%s", t->errbuf);
	if (!hook && fentry_required() && strncmp(line + 21, "fentry", 6))
		fail_msg("fadvise not via fentry on this kernel:\n%s", t->errbuf);
}

/* One run with --attach @c->mech. Returns false when the kernel lacks the step (checked). */
static bool run_step(const struct step_case *c, struct sigs *out)
{
	const char *args[] = { "--events", "exec,exit,fork,fadvise", "--attach", c->mech, NULL };
	bool must = !strcmp(c->mech, "kprobe")	 ? have_kprobes()
		    : !strcmp(c->mech, "fentry") ? fentry_required()
		    : !strcmp(c->mech, "tp_btf") ? sysfs_btf()
						 : true;
	struct tracer t;
	char why[96];
	int status;

	if (!trace_try_start(&t, args, &status)) {
		if (must)
			fail_msg("--attach %s: trace failed (status %#x):\n%s", c->mech, status,
				 t.errbuf);
		/* a clear error: exit 1, the chain and the reason of its step */
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
		snprintf(why, sizeof(why), "no step could be loaded and attached (%s: ", c->mech);
		if (!strstr(t.errbuf, why) || !strstr(t.errbuf, "nothing is left loaded"))
			fail_msg("--attach %s: no reason given:\n%s", c->mech, t.errbuf);
		print_message("[ INFO     ] --attach %s: not on this kernel (as said)\n", c->mech);
		return false;
	}
	check_summary(&t, c);
	chain_actions(&t, out);
	trace_stop(&t);
	return true;
}

static void test_chain_steps(void **state)
{
	struct sigs first, now;
	size_t i, k;
	int ran = 0;

	(void)state;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct kstate before;

		kstate_settle(&before);
		if (!run_step(&steps[i], i ? &now : &first)) {
			assert_true(kstate_wait_same(&before));
			continue;
		}
		assert_true(kstate_wait_same(&before));
		ran++;
		for (k = 0; i && k < 4; k++)
			if (strcmp(first.s[k], now.s[k]))
				fail_msg("--attach %s: payload differs from auto's:\n  %s\n  %s",
					 steps[i].mech, now.s[k], first.s[k]);
		print_message("[ INFO     ] --attach %s: exec, exit, fork, fadvise as with auto\n",
			      steps[i].mech);
	}
	/* auto, raw_tp, tracepoint (and tp_btf with sysfs BTF): every kernel we support */
	assert_true(ran >= (sysfs_btf() ? 4 : 3));
}

/*
 * The kernel's BTF as a btfhub-style tree, DIR/<ID>/<VERSION_ID>/<arch>/<release>.btf,
 * given to trace by --btf-dir alone (BAREBPF_BTF unset for it): where sysfs BTF
 * is hidden (the matrix's nobtf run) a file of it; where sysfs BTF is there,
 * sysfs's own, with BAREBPF_NO=kernel_btf so that the lookup passes over sysfs.
 */
static void test_btf_dir(void **state)
{
	const char *file = getenv("BAREBPF_BTF") ?: "/btf/vmlinux.btf";
	char dir[64], path[512], id[64] = "debian", ver[64] = "0", *saved;
	bool switched = false;
	struct utsname u;
	struct stat st;
	struct tracer t;
	struct sigs sg;
	char *p;
	FILE *f;

	(void)state;
	if (!stat("/sys/kernel/btf/vmlinux", &st) && st.st_size) {
		file = "/sys/kernel/btf/vmlinux";
		switched = !getenv("BAREBPF_NO");
	}
	if (access(file, R_OK) || (!strcmp(file, "/sys/kernel/btf/vmlinux") && !switched)) {
		print_message("[ SKIP     ] no BTF file (or BAREBPF_NO set): no btfhub case\n");
		return;
	}
	f = fopen("/etc/os-release", "r");
	while (f && fgets(path, sizeof(path), f)) {
		sscanf(path, "ID=%63[^\n]", id);
		sscanf(path, "VERSION_ID=\"%63[^\"]", ver);
	}
	if (f)
		fclose(f);
	uname(&u);
	snprintf(dir, sizeof(dir), "/tmp/bbpf-btfhub-%d", getpid());
	snprintf(path, sizeof(path), "%s/%s/%s/%s/%s.btf", dir, id, ver,
		 strcmp(u.machine, "aarch64") ? u.machine : "arm64", u.release);
	for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*p = '/';
	}
	assert_int_equal(symlink(file, path), 0);
	saved = getenv("BAREBPF_BTF") ? strdup(getenv("BAREBPF_BTF")) : NULL;
	unsetenv("BAREBPF_BTF");
	if (switched)
		setenv("BAREBPF_NO", "kernel_btf", 1);
	trace_start(&t, (const char *[]){ "--btf-dir", dir, "--events", "exec,exit,fork,fadvise",
					  NULL });
	if (switched)
		unsetenv("BAREBPF_NO");
	if (saved)
		setenv("BAREBPF_BTF", saved, 0);
	if (!strstr(t.errbuf, path))
		fail_msg("BTF not from the btfhub tree %s:\n%s", path, t.errbuf);
	chain_actions(&t, &sg);
	trace_stop(&t);
	unlink(path);
	while ((p = strrchr(path, '/')) && p > path + strlen(dir) - 1) {
		*p = 0;
		rmdir(path); /* the tree's directories, up to and with DIR */
	}
	free(saved);
	print_message("[ INFO     ] --btf-dir %s%s: exec, exit, fork, fadvise seen\n", dir,
		      switched ? " (BAREBPF_NO=kernel_btf)" : "");
}

static int setup(void **state)
{
	(void)state;
	cli_bin = cli_path();
	snprintf(marker, sizeof(marker), "bbpf-mark-%d-%ld", getpid(), (long)time(NULL));
	return 0;
}

/* Runs a test if the CLI exists; after it, the kernel holds what it held before. */
static void run_checked(void (*fn)(void **), void **state)
{
	struct kstate before;

	if (!cli_bin) {
		print_message("[ SKIP     ] %s not built\n", CLI_BUILD);
		return;
	}
	kstate_settle(&before);
	fn(state);
	assert_true(kstate_wait_same(&before));
}

static void t_json(void **s)
{
	run_checked(test_json_events, s);
}

static void t_perf(void **s)
{
	run_checked(test_perf_buffer, s);
}

static void t_containers(void **s)
{
	run_checked(test_containers_only, s);
}

static void t_filters(void **s)
{
	run_checked(test_filters, s);
}

static void t_chain_steps(void **s)
{
	run_checked(test_chain_steps, s);
}

static void t_btf_dir(void **s)
{
	run_checked(test_btf_dir, s);
}

static void t_storm(void **s)
{
	run_checked(test_storm, s);
}

/* ---- the children this binary becomes (argv: --bbpf-child MODE ARG MARKER) ---- */

static int child_alloc(long mib)
{
	size_t sz = mib << 20, i;
	volatile char *p = malloc(sz);

	if (!p)
		return 1;
	for (i = 0; i < sz; i += 4096)
		p[i] = 1;
	return 0;
}

/* exec again inside a new pid namespace, as its first process. */
static int child_pidns(char **argv)
{
	pid_t c;
	int status;

	if (unshare(CLONE_NEWPID))
		return 2;
	c = fork();
	if (c == 0) {
		argv[2] = "inner";
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	if (c < 0 || waitpid(c, &status, 0) != c)
		return 3;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 4;
}

static int child_main(char **argv)
{
	long arg = atol(argv[3]);

	if (!strcmp(argv[2], "exit"))
		return arg;
	if (!strcmp(argv[2], "inner"))
		return 0;
	if (!strcmp(argv[2], "sleep"))
		return sleep(arg), 0;
	if (!strcmp(argv[2], "alloc"))
		return child_alloc(arg);
	if (!strcmp(argv[2], "pidns"))
		return child_pidns(argv);
	return 125;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_json),	 cmocka_unit_test(t_perf),
		cmocka_unit_test(t_containers),	 cmocka_unit_test(t_filters),
		cmocka_unit_test(t_chain_steps), cmocka_unit_test(t_btf_dir),
		cmocka_unit_test(t_storm),
	};

	if (argc >= 5 && !strcmp(argv[1], "--bbpf-child"))
		return child_main(argv);
	return cmocka_run_group_tests(tests, setup, NULL);
}
