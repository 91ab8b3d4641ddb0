// SPDX-License-Identifier: BSD-2-Clause
/*
 * The matrix runner: /init of the initramfs that tests/matrix/boot.sh boots
 * under qemu. A static binary, alone in the guest; it has no shell to lean on.
 *
 * 1. Gets a console (devtmpfs on /dev, then /dev/console as fds 0-2), mounts
 *    proc, sysfs, tracefs, debugfs, bpffs and cgroup2. It raises no limit: what
 *    a kernel needs (RLIMIT_MEMLOCK on 5.10) is the loader's job to find out.
 * 2. Runs every executable /tests/test_* (sorted), one process each, from "/",
 *    with a timeout; echoes its output and reads cmocka's results.
 * 3. The "nobtf" run (the btfhub case): if the host put the kernel's BTF at
 *    /btf/vmlinux.btf, bind-mounts an empty file over /sys/kernel/btf/vmlinux,
 *    lays out /btfhub/<ID>/<VERSION_ID>/<machine>/<release>.btf as btfhub does,
 *    and runs every test again with BAREBPF_BTF=/btf/vmlinux.btf.
 * 4. The "minbtf" run (issue 16), sysfs BTF still hidden: if the host put the
 *    minimal BTF `barebpf gen min-btf` made for this kernel (the collector and
 *    the attach tests' objects) at /btf/min.btf, runs trace's and the attach
 *    tests again with BAREBPF_MATRIX_MIN_BTF=/btf/min.btf, which they give the
 *    loader as --btf (CO-RE from it; attach ids still from BAREBPF_BTF, the
 *    kernel's own), and test_matrix_btfpack (the BTF pack of the static CLI).
 * 5. Prints the totals and powers off.
 *
 * What the host reads (each alone on a line; tests/matrix/boot.sh):
 *   matrix-info: release=R machine=M cpus=N page_size=N   (and other notes)
 *   matrix-run: RUN BIN                (before each binary's output)
 *   matrix-bin: RUN BIN passed=N failed=N skipped=N rc=N secs=S
 *   matrix-fail: RUN/BIN:TEST          (one per failed test; TEST is "(rc=N)",
 *                                       "(timeout)" or "(setup)" when the binary
 *                                       itself broke)
 *   matrix-done: passed=N failed=N skipped=N
 * and passes the tests' own "matrix-fact: key=value" lines through.
 *
 * Tests see: cwd "/", BAREBPF_MATRIX=1, BAREBPF_MATRIX_RUN=sysfs|nobtf|minbtf, in
 * the nobtf and minbtf runs BAREBPF_BTF and BAREBPF_MATRIX_BTF_DIR=/btfhub, in the
 * minbtf run BAREBPF_MATRIX_MIN_BTF too, and any BAREBPF_* or
 * BBPF_* variable given on the kernel command line. MATRIX_TEST_TIMEOUT (seconds
 * per binary, default 120) also comes from the command line.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TESTS_DIR "/tests"
#define BTF_FILE  "/btf/vmlinux.btf"
#define MIN_BTF	  "/btf/min.btf"
#define SYSFS_BTF "/sys/kernel/btf/vmlinux"

extern char **environ;

struct totals {
	unsigned passed, failed, skipped;
};

static struct totals all;
static int test_timeout = 120;

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void console(void)
{
	int fd;

	mkdir("/dev", 0755);
	/* The kernel opened no console if the archive has no /dev/console. */
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) && errno != EBUSY)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static void mounts(void)
{
	static const struct {
		const char *src, *dir, *type;
	} m[] = {
		{ "proc", "/proc", "proc" },
		{ "sysfs", "/sys", "sysfs" },
		{ "tracefs", "/sys/kernel/tracing", "tracefs" },
		{ "debugfs", "/sys/kernel/debug", "debugfs" },
		{ "bpffs", "/sys/fs/bpf", "bpf" },
		{ "cgroup2", "/sys/fs/cgroup", "cgroup2" },
		{ "tmpfs", "/tmp", "tmpfs" },
	};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		mkdir(m[i].dir, 0755);
		if (mount(m[i].src, m[i].dir, m[i].type, 0, NULL) && errno != EBUSY)
			say("matrix-info: mount %s on %s: %s\n", m[i].type, m[i].dir,
			    strerror(errno));
	}
}

/* One output stream of a test: a line buffer and what it has told us. */
struct stream {
	int fd;
	size_t len;
	char line[4096];
};

struct result {
	const char *run, *bin;
	int have_passed, have_failed, have_skipped;
	unsigned passed, failed, skipped;
	char failed_names[2048];
};

/* Keeps " name1 name2 ... " without duplicates (cmocka names a failure twice). */
static void note_failed(struct result *r, const char *name)
{
	char key[512];
	size_t n;

	if (!r->failed_names[0])
		strcpy(r->failed_names, " ");
	snprintf(key, sizeof(key), " %s ", name);
	n = strlen(r->failed_names);
	if (strstr(r->failed_names, key) || n + strlen(key) >= sizeof(r->failed_names))
		return;
	strcat(r->failed_names, key + 1);
}

/*
 * cmocka's lines, as 1.1 prints them (the summary goes to stderr, the per-test
 * lines to stdout, hence one line buffer per stream):
 *   [  PASSED  ] 3 test(s).
 *   [  FAILED  ] 1 test(s), listed below:
 *   [  FAILED  ] test_name            (also per test, and [  ERROR   ] name)
 *   [  SKIPPED ] 2 test(s), listed below:
 */
static void parse_line(struct result *r, const char *l)
{
	unsigned n;
	char name[400];

	if (sscanf(l, "[  PASSED  ] %u test", &n) == 1) {
		r->passed = n;
		r->have_passed = 1;
	} else if (sscanf(l, "[  FAILED  ] %u test(s), listed", &n) == 1) {
		r->failed = n;
		r->have_failed = 1;
	} else if (sscanf(l, "[  SKIPPED ] %u test(s), listed", &n) == 1) {
		r->skipped = n;
		r->have_skipped = 1;
	} else if (sscanf(l, "[  FAILED  ] %399s", name) == 1 ||
		   sscanf(l, "[  ERROR   ] %399s", name) == 1) {
		if (strcmp(name, "---"))
			note_failed(r, name);
	}
}

static int drain(struct stream *s, struct result *r)
{
	char buf[4096];
	ssize_t n, i;

	n = read(s->fd, buf, sizeof(buf));
	if (n <= 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || s->len == sizeof(s->line) - 1) {
			s->line[s->len] = 0;
			say("%s\n", s->line);
			parse_line(r, s->line);
			s->len = 0;
			if (buf[i] == '\n')
				continue;
		}
		s->line[s->len++] = buf[i];
	}
	return 0;
}

static void flush_partial(struct stream *s, struct result *r)
{
	if (!s->len)
		return;
	s->line[s->len] = 0;
	say("%s\n", s->line);
	parse_line(r, s->line);
	s->len = 0;
}

static void reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static void run_one(const char *run, const char *bin, char **envp)
{
	struct result r = { .run = run, .bin = bin };
	struct stream out = { 0 }, err = { 0 };
	int po[2], pe[2], status = 0, rc, timed_out = 0, open_fds = 2;
	char path[512], *name, *save;
	double t0 = now(), left;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", TESTS_DIR, bin);
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC)) {
		say("matrix-info: pipe: %s\n", strerror(errno));
		return;
	}
	say("matrix-run: %s %s\n", run, bin);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { path, NULL };

		setpgid(0, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		if (chdir("/"))
			_exit(126);
		execve(path, argv, envp);
		fprintf(stderr, "exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	out.fd = po[0];
	err.fd = pe[0];
	if (pid < 0) {
		say("matrix-info: fork: %s\n", strerror(errno));
		open_fds = 0;
	}
	while (open_fds > 0) {
		struct pollfd p[2] = { { out.fd, POLLIN, 0 }, { err.fd, POLLIN, 0 } };

		left = t0 + test_timeout - now();
		if (left <= 0) {
			timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			break;
		}
		if (poll(p, 2, (int)(left * 1000) + 1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents && out.fd >= 0 && drain(&out, &r)) {
			flush_partial(&out, &r);
			out.fd = -1;
			open_fds--;
		}
		if (p[1].revents && err.fd >= 0 && drain(&err, &r)) {
			flush_partial(&err, &r);
			err.fd = -1;
			open_fds--;
		}
	}
	close(po[0]);
	close(pe[0]);
	if (pid > 0) {
		/* A test's children that outlive it keep no pipe open past here. */
		kill(-pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	reap_orphans();
	rc = pid < 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (timed_out) {
		r.failed++;
		note_failed(&r, "(timeout)");
	} else if (rc != 0 && r.failed == 0) {
		/* A crash, or an exit without cmocka's summary: one failure. */
		char what[32];

		snprintf(what, sizeof(what), "(rc=%d)", rc);
		r.failed++;
		note_failed(&r, what);
	}
	say("matrix-bin: %s %s passed=%u failed=%u skipped=%u rc=%d secs=%.1f\n", run, bin,
	    r.passed, r.failed, r.skipped, rc, now() - t0);
	for (name = strtok_r(r.failed_names, " ", &save); name; name = strtok_r(NULL, " ", &save))
		say("matrix-fail: %s/%s:%s\n", run, bin, name);
	all.passed += r.passed;
	all.failed += r.failed;
	all.skipped += r.skipped;
}

static int is_test(const struct dirent *de)
{
	char path[512];
	struct stat st;

	if (strncmp(de->d_name, "test_", 5))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", TESTS_DIR, de->d_name);
	return !stat(path, &st) && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

/* The environment of the tests: ours filtered, then the run's own. */
static char **test_env(const char *run, const char *const *extra)
{
	static char *env[64];
	static char runvar[64];
	size_t n = 0;
	char **e;

	env[n++] = "PATH=/bin:/tests";
	env[n++] = "HOME=/";
	env[n++] = "TERM=dumb";
	env[n++] = "CMOCKA_MESSAGE_OUTPUT=STDOUT";
	env[n++] = "BAREBPF_MATRIX=1";
	snprintf(runvar, sizeof(runvar), "BAREBPF_MATRIX_RUN=%s", run);
	env[n++] = runvar;
	for (e = environ; *e && n < 48; e++)
		if (!strncmp(*e, "BAREBPF_", 8) || !strncmp(*e, "BBPF_", 5))
			env[n++] = *e;
	for (; extra && *extra && n < 63; extra++)
		env[n++] = (char *)*extra;
	env[n] = NULL;
	return env;
}

static bool listed(const char *const *only, const char *name)
{
	for (; only && *only; only++)
		if (!strcmp(*only, name))
			return true;
	return !only;
}

/* Every test, or those named in @only (NULL-terminated). */
static int run_suite(const char *run, const char *const *extra, const char *const *only)
{
	struct dirent **list;
	int i, n;

	n = scandir(TESTS_DIR, &list, is_test, alphasort);
	if (n < 0) {
		say("matrix-info: %s: %s\n", TESTS_DIR, strerror(errno));
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (listed(only, list[i]->d_name))
			run_one(run, list[i]->d_name, test_env(run, extra));
		free(list[i]);
	}
	free(list);
	return n;
}

static int mkdirs(const char *path)
{
	char buf[512], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

/* KEY from /etc/os-release (written by the host), or def. */
static const char *os_release(const char *key, const char *def)
{
	static char val[2][64];
	static int slot;
	char line[256];
	size_t k = strlen(key);
	FILE *f = fopen("/etc/os-release", "r");
	char *v = val[slot++ & 1];

	snprintf(v, 64, "%s", def);
	if (!f)
		return v;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, k) || line[k] != '=')
			continue;
		snprintf(v, 64, "%s", line + k + 1 + (line[k + 1] == '"'));
		v[strcspn(v, "\"\n")] = 0;
	}
	fclose(f);
	return v;
}

static void setup_fail(const char *what)
{
	say("matrix-info: nobtf setup: %s: %s\n", what, strerror(errno));
	say("matrix-fail: nobtf/(setup):%s\n", what);
	all.failed++;
}

/*
 * The minimal BTF's case: what uses CO-RE or attach ids, again with the
 * minimal BTF as --btf; the full file stays the kernel's own (BAREBPF_BTF).
 */
static void run_minbtf(void)
{
	static const char *const extra[] = { "BAREBPF_BTF=" BTF_FILE,
					     "BAREBPF_MATRIX_BTF_DIR=/btfhub",
					     "BAREBPF_MATRIX_MIN_BTF=" MIN_BTF, NULL };
	static const char *const only[] = { "test_attach", "test_chain", "test_matrix_btfpack",
					    "test_trace", NULL };

	if (access(MIN_BTF, R_OK))
		return;
	say("matrix-info: minbtf: BAREBPF_MATRIX_MIN_BTF=%s\n", MIN_BTF);
	run_suite("minbtf", extra, only);
}

/* The btfhub case: the kernel's BTF only as a file. */
static void run_nobtf(const struct utsname *u)
{
	static const char *const extra[] = { "BAREBPF_BTF=" BTF_FILE,
					     "BAREBPF_MATRIX_BTF_DIR=/btfhub", NULL };
	char dir[512], link[700];
	struct stat st;
	int fd, hidden = 0;

	if (access(BTF_FILE, R_OK))
		return;
	/* btfhub-archive names architectures x86_64 and arm64 (not aarch64). */
	snprintf(dir, sizeof(dir), "/btfhub/%s/%s/%s", os_release("ID", "debian"),
		 os_release("VERSION_ID", "0"),
		 strcmp(u->machine, "aarch64") ? u->machine : "arm64");
	snprintf(link, sizeof(link), "%s/%s.btf", dir, u->release);
	if (mkdirs(dir) || (symlink(BTF_FILE, link) && errno != EEXIST))
		return setup_fail("btfhub tree");
	if (!access(SYSFS_BTF, F_OK)) {
		fd = open("/tmp/empty", O_CREAT | O_WRONLY, 0444);
		if (fd < 0)
			return setup_fail("empty file");
		close(fd);
		if (mount("/tmp/empty", SYSFS_BTF, NULL, MS_BIND, NULL))
			return setup_fail("bind mount over " SYSFS_BTF);
		if (stat(SYSFS_BTF, &st) || st.st_size != 0) {
			errno = EEXIST;
			umount(SYSFS_BTF);
			return setup_fail(SYSFS_BTF " still has content");
		}
		hidden = 1;
	}
	say("matrix-info: nobtf: %s %s, BAREBPF_BTF=%s, btfhub %s\n", SYSFS_BTF,
	    hidden ? "hidden" : "absent", BTF_FILE, link);
	run_suite("nobtf", extra, NULL);
	run_minbtf();
	if (hidden)
		umount(SYSFS_BTF);
}

int main(void)
{
	struct utsname u;
	const char *t;
	int n;

	console();
	mounts();
	t = getenv("MATRIX_TEST_TIMEOUT");
	if (t && atoi(t) > 0)
		test_timeout = atoi(t);
	uname(&u);
	say("matrix-info: release=%s machine=%s cpus=%ld page_size=%ld\n", u.release, u.machine,
	    sysconf(_SC_NPROCESSORS_ONLN), sysconf(_SC_PAGESIZE));
	n = run_suite("sysfs", NULL, NULL);
	if (n == 0)
		say("matrix-info: no test binaries in %s\n", TESTS_DIR);
	run_nobtf(&u);
	say("matrix-done: passed=%u failed=%u skipped=%u\n", all.passed, all.failed, all.skipped);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
