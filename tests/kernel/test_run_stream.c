// SPDX-License-Identifier: BSD-2-Clause
/*
 * `barebpf run` streaming records, through the real CLI on the real kernel.
 * tests/progs/run_stream.bpf.c writes numbered records (its one struct
 * event) to a ring buffer (through bbpf_output(), so switchable) and to a
 * perf event array declared without max_entries, on each getppid() of a
 * process named "bbpf_runev" (this one); tests/progs/tool_perf.bpf.c is an
 * object written for libbpf (perf event array without max_entries,
 * bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, ...)). The tests
 * check each printed record (fields, JSON, hex, --event-type), the summary
 * per map, that --buffer perf and BAREBPF_NO=ringbuf give the same records,
 * that a stopped reader's perf losses are the ones the program counted, and
 * that nothing is left in the kernel after --duration or SIGINT. Needs root.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/sys.h>
#include "../helpers/cli_child.h"
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"

#define OBJ	   "build/progs/run_stream.bpf.o"
#define LIBBPF_OBJ "build/progs/tool_perf.bpf.o"
#define N	   10 /* records per run */

struct child {
	pid_t pid;
	int out; /* its stdout and stderr: a file, so that it never blocks on us */
	char *text;
	size_t len;
};

static pid_t running; /* a child to kill when a test fails half way */
static char *text;    /* what the last child printed */

static int kill_child(void **state)
{
	(void)state;
	if (running > 0) {
		kill(running, SIGCONT);
		kill(running, SIGKILL);
		waitpid(running, NULL, 0);
	}
	running = 0;
	return 0;
}

static void start(struct child *c, const char *const *args, const char *env)
{
	char path[] = "/tmp/bbpf_run_stream.XXXXXX";

	c->out = mkstemp(path);
	assert_true(c->out >= 0);
	unlink(path);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (!c->pid) {
		dup2(c->out, 1);
		dup2(c->out, 2);
		if (env)
			putenv((char *)env);
		execv(args[0], (char *const *)args);
		_exit(127);
	}
	running = c->pid;
	c->len = 0;
}

/* Rereads its output; returns its size. */
static size_t reread(struct child *c)
{
	struct stat st;
	ssize_t n;

	assert_int_equal(fstat(c->out, &st), 0);
	free(text);
	text = calloc(1, (size_t)st.st_size + 1);
	assert_non_null(text);
	n = pread(c->out, text, (size_t)st.st_size, 0);
	c->len = n > 0 ? (size_t)n : 0;
	c->text = text;
	return c->len;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Waits up to 10 s for @what in its output. */
static bool wait_for(struct child *c, const char *what)
{
	int i;

	for (i = 0; i < 1000; i++) {
		reread(c);
		if (strstr(c->text, what))
			return true;
		if (waitpid(c->pid, NULL, WNOHANG) == c->pid) {
			running = 0;
			reread(c);
			return strstr(c->text, what) != NULL;
		}
		sleep_ms(10);
	}
	return false;
}

/* Waits until its output stops growing for 300 ms. */
static void wait_quiet(struct child *c)
{
	size_t last = (size_t)-1;
	int i;

	for (i = 0; i < 200 && reread(c) != last; i++) {
		last = c->len;
		sleep_ms(300);
	}
}

static int finish(struct child *c)
{
	int st = 0;

	if (running)
		assert_int_equal(waitpid(c->pid, &st, 0), c->pid);
	running = 0;
	reread(c);
	close(c->out);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void trigger(int n)
{
	while (n-- > 0)
		syscall(SYS_getppid);
}

/*
 * Runs `barebpf run OBJ --duration 1 EXTRA...` (with @env in its
 * environment), makes N records once it is attached, and checks that it
 * exits 0 and leaves nothing in the kernel. The output is in text.
 */
static bool run_once(const char *obj, const char *env, const char *x1, const char *x2)
{
	const char *args[] = { cli_path(), "run", obj, "--duration", "1", x1, x2, NULL };
	struct kstate before;
	struct child c;

	if (!cli_path()) {
		print_message("[ SKIP     ] %s not built\n", CLI_BUILD);
		return false;
	}
	kstate_settle(&before);
	start(&c, args, env);
	if (!wait_for(&c, "program(s) attached"))
		fail_msg("not attached:\n%s", c.text);
	trigger(N);
	assert_int_equal(finish(&c), 0);
	assert_true(kstate_wait_same(&before));
	return true;
}

/* The line of record @seq of map @map: "MAP[ cpu=C] size=S: DATA"; its DATA in @data. */
static const char *rec_line(const char *map, const char *fmt, int seq, char *data, size_t dsz)
{
	char want[256], prefix[64];
	const char *p = text, *e, *body;

	snprintf(want, sizeof(want), fmt, seq, (int)getpid());
	snprintf(prefix, sizeof(prefix), "\n%s ", map);
	while ((p = strstr(p, prefix))) {
		p++;
		e = strchr(p, '\n');
		body = strstr(p, ": ");
		if (e && body && body < e && (size_t)(e - body - 2) == strlen(want) &&
		    !strncmp(body + 2, want, strlen(want))) {
			snprintf(data, dsz, "%.*s", (int)(e - p), p);
			return p;
		}
	}
	return NULL;
}

static int count(const char *s)
{
	const char *p = text;
	int n = 0;

	while ((p = strstr(p, s))) {
		n++;
		p++;
	}
	return n;
}

/* Every record of @map once and in order, printed as @fmt (seq, pid); "cpu=" as @perf says. */
static void check_records(const char *map, const char *fmt, bool perf)
{
	const char *p, *last = text;
	char line[512], prefix[64];
	int i;

	for (i = 0; i < N; i++) {
		p = rec_line(map, fmt, i, line, sizeof(line));
		if (!p)
			fail_msg("map %s: record %d missing in:\n%s", map, i, text);
		assert_true(p > last);
		last = p;
		snprintf(prefix, sizeof(prefix), "%s cpu=", map);
		assert_int_equal(!strncmp(line, prefix, strlen(prefix)), perf);
		assert_non_null(strstr(line, " size=24: "));
	}
	snprintf(prefix, sizeof(prefix), "\n%s ", map);
	assert_int_equal(count(prefix), N);
	snprintf(line, sizeof(line), "map %s: %d records, 0 lost\n", map, N);
	assert_non_null(strstr(text, line));
}

#define EV_FMT "{seq=%d pid=%d comm=\"bbpf_runev\"}"

/* The object's one struct event, field by field, from both buffers. */
static void test_fields(void **state)
{
	(void)state;
	if (!run_once(OBJ, NULL, NULL, NULL))
		return;
	assert_non_null(strstr(text, "run_stream -> tracepoint syscalls/sys_enter_getppid"));
	check_records("events", EV_FMT, false);
	check_records("pb", EV_FMT, true);
}

/* --buffer perf and BAREBPF_NO=ringbuf: the ring buffer's records through a perf buffer. */
static void test_perf_switch(void **state)
{
	(void)state;
	if (!run_once(OBJ, NULL, "--buffer", "perf"))
		return;
	check_records("events", EV_FMT, true);
	check_records("pb", EV_FMT, true);
	run_once(OBJ, "BAREBPF_NO=ringbuf", NULL, NULL);
	check_records("events", EV_FMT, true);
	check_records("pb", EV_FMT, true);
	run_once(OBJ, NULL, "--buffer", "ringbuf");
	check_records("events", EV_FMT, false);
}

/* --json: one object per record, one per map at the end. */
static void test_json(void **state)
{
	char want[256];
	const char *p, *last;
	int i;

	(void)state;
	if (!run_once(OBJ, NULL, "--json", NULL))
		return;
	for (i = 0, last = text; i < N; i++) {
		snprintf(
			want, sizeof(want),
			"{\"map\":\"events\",\"cpu\":-1,\"size\":24,\"data\":{\"seq\":%d,\"pid\":%d,"
			"\"comm\":\"bbpf_runev\"}}\n",
			i, (int)getpid());
		p = strstr(text, want);
		if (!p)
			fail_msg("no %s in:\n%s", want, text);
		assert_true(p > last);
		last = p;
		snprintf(want, sizeof(want),
			 ",\"size\":24,\"data\":{\"seq\":%d,\"pid\":%d,\"comm\":\"bbpf_runev\"}}\n",
			 i, (int)getpid());
		assert_int_equal(count(want), 2); /* events and pb */
	}
	assert_int_equal(count("{\"map\":\"pb\",\"cpu\":"), N);
	assert_int_equal(count("{\"map\":\"pb\",\"cpu\":-1"), 0);
	assert_non_null(strstr(text, "{\"map\":\"events\",\"records\":10,\"lost\":0}\n"));
	assert_non_null(strstr(text, "{\"map\":\"pb\",\"records\":10,\"lost\":0}\n"));
}

/* An object written for libbpf: hex by default (its record is not "event"), fields when told. */
static void test_libbpf_object(void **state)
{
	char hex[256], *h;
	int i, pid = (int)getpid();

	(void)state;
	if (!run_once(LIBBPF_OBJ, NULL, NULL, NULL))
		return;
	assert_non_null(strstr(text, "-> tracepoint syscalls/sys_enter_getppid"));
	for (i = 1; i <= N; i++) {
		/* pid, calls, "bbpf_runev", zeros to 24, 4 bytes of perf padding */
		h = hex + sprintf(hex, " size=28: %02x %02x %02x %02x %02x 00 00 00", pid & 255,
				  (pid >> 8) & 255, (pid >> 16) & 255, (pid >> 24) & 255, i);
		h += sprintf(h, " 62 62 70 66 5f 72 75 6e 65 76");
		while (h < hex + 10 + 28 * 3 - 1)
			h += sprintf(h, " 00");
		sprintf(h, "\n");
		if (count(hex) != 1)
			fail_msg("not once: '%s' in:\n%s", hex, text);
	}
	assert_int_equal(count("events cpu="), N);
	assert_non_null(strstr(text, "map events: 10 records, 0 lost\n"));
	run_once(LIBBPF_OBJ, "BAREBPF_NO=ringbuf", "--event-type", "data_t");
	for (i = 1; i <= N; i++) {
		snprintf(hex, sizeof(hex), " size=24: {pid=%d ppid_calls=%d comm=\"bbpf_runev\"}\n",
			 pid, i);
		assert_int_equal(count(hex), 1);
	}
}

/* Bad --buffer and --event-type: exit 2 or 1, one message naming it, nothing left. */
static void test_bad_options(void **state)
{
	static const struct {
		const char *opt, *val, *msg;
		int rc;
	} cases[] = {
		{ "--buffer", "ring", "--buffer 'ring': expected auto, ringbuf or perf", 2 },
		{ "--event-type", "no_such", "--event-type no_such: no such struct", 1 },
	};
	struct kstate before;
	struct child c;
	size_t i;

	(void)state;
	if (!cli_path())
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { cli_path(), "run", OBJ, cases[i].opt, cases[i].val, NULL };

		kstate_settle(&before);
		start(&c, args, NULL);
		assert_int_equal(finish(&c), cases[i].rc);
		if (!strstr(c.text, cases[i].msg))
			fail_msg("case %zu: no '%s' in:\n%s", i, cases[i].msg, c.text);
		assert_null(strstr(c.text, "->")); /* nothing attached */
		assert_true(kstate_wait_same(&before));
	}
}

static unsigned long long summary_of(const char *map, unsigned long long *lost)
{
	char want[64];
	unsigned long long recs = 0;
	const char *p;

	snprintf(want, sizeof(want), "map %s: ", map);
	p = strstr(text, want);
	assert_non_null(p);
	assert_int_equal(sscanf(p + strlen(want), "%llu records, %llu lost", &recs, lost), 2);
	return recs;
}

/*
 * A stopped reader (SIGSTOP) loses records: the perf buffer's lost count in
 * the summary is what the program counted it could not write; SIGINT ends
 * it, exit 0, nothing left.
 */
static void test_stopped_reader_sigint(void **state)
{
	const char *args[] = { cli_path(), "run", OBJ, NULL };
	/* 3x what one CPU's perf ring (64 pages) holds: 40-byte samples */
	int n = (int)(3 * 64 * sysconf(_SC_PAGESIZE) / 40), fd;
	unsigned long long recs, lost, rb_recs, rb_lost;
	cpu_set_t all, one;
	struct kstate before;
	struct child c;
	__u64 v[3];
	__u32 zero = 0;
	int cpu;

	(void)state;
	if (!cli_path())
		return;
	/* One CPU: its ring overflows, and the record after tells of the losses. */
	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	for (cpu = 0; !CPU_ISSET(cpu, &all); cpu++)
		;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
	kstate_settle(&before);
	start(&c, args, NULL);
	if (!wait_for(&c, "program(s) attached"))
		fail_msg("not attached:\n%s", c.text);
	assert_int_equal(kill(c.pid, SIGSTOP), 0);
	trigger(n);
	assert_int_equal(kill(c.pid, SIGCONT), 0);
	wait_quiet(&c);
	trigger(1); /* a perf buffer reports losses with the next record */
	wait_quiet(&c);
	fd = ktest_map_by_name("run_stre.bss"); /* the child's .bss */
	assert_true(fd > 2);
	assert_int_equal(bbpf_sys_map_lookup_elem(fd, &zero, v, 0), 0);
	close(fd);
	assert_int_equal(kill(c.pid, SIGINT), 0);
	assert_int_equal(finish(&c), 0);
	sched_setaffinity(0, sizeof(all), &all);
	assert_non_null(strstr(text, "detached and unloaded"));
	assert_true(kstate_wait_same(&before));
	recs = summary_of("pb", &lost);
	rb_recs = summary_of("events", &rb_lost);
	print_message("%d sent; pb: %llu records, %llu lost (program: %llu); events: %llu records, "
		      "program could not write %llu\n",
		      n + 1, recs, lost, (unsigned long long)v[2], rb_recs,
		      (unsigned long long)v[1]);
	assert_int_equal(v[0], n + 1);
	assert_true(lost > 0);
	assert_int_equal(lost, v[2]);
	assert_int_equal(recs + lost, n + 1);
	assert_true(v[1] > 0); /* the 64 KiB ring buffer filled up too */
	assert_int_equal(rb_recs + v[1], n + 1);
	assert_int_equal(rb_lost, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_fields, kill_child),
		cmocka_unit_test_teardown(test_json, kill_child),
		cmocka_unit_test_teardown(test_perf_switch, kill_child),
		cmocka_unit_test_teardown(test_libbpf_object, kill_child),
		cmocka_unit_test_teardown(test_bad_options, kill_child),
		cmocka_unit_test_teardown(test_stopped_reader_sigint, kill_child),
	};
	int ret;

	/* The programs record getppid() of processes of this name; barebpf's exec renames it. */
	prctl(PR_SET_NAME, "bbpf_runev", 0, 0, 0);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	free(text);
	return ret;
}
