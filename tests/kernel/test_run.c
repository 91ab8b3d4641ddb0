// SPDX-License-Identifier: BSD-2-Clause
/*
 * `barebpf run` on the real kernel: it attaches run_basic.bpf.o (a program
 * with no target is reported and skipped), the programs count while it
 * runs, SIGINT makes it detach and exit 0, SIGKILL leaves nothing behind
 * either (the kernel drops links with their fds), and bad input exits 1
 * with nothing attached. Needs root.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/sys.h>
#include "../helpers/cli_child.h"
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"

#define OBJ "build/progs/run_basic.bpf.o"

struct child {
	pid_t pid;
	int out; /* its stdout and stderr */
	char text[8192];
	size_t len;
};

static pid_t running; /* a child to kill when a test fails half way */

static int kill_child(void **state)
{
	(void)state;
	if (running > 0) {
		kill(running, SIGKILL);
		waitpid(running, NULL, 0);
	}
	running = 0;
	return 0;
}

static void start(struct child *c, const char *const *args)
{
	c->pid = cli_spawn(args, &c->out);
	running = c->pid;
	c->len = 0;
	c->text[0] = '\0';
}

/* Reads its output until @what appears or it closes. True when seen. */
static bool wait_for(struct child *c, const char *what)
{
	ssize_t n;

	while (!strstr(c->text, what) && c->len < sizeof(c->text) - 1) {
		n = read(c->out, c->text + c->len, sizeof(c->text) - 1 - c->len);
		if (n <= 0)
			break;
		c->len += (size_t)n;
		c->text[c->len] = '\0';
	}
	return strstr(c->text, what) != NULL;
}

static int finish(struct child *c)
{
	int st = 0;

	wait_for(c, "\x01never\x01");
	close(c->out);
	assert_int_equal(waitpid(c->pid, &st, 0), c->pid);
	running = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void run_and_stop(int sig)
{
	const char *args[] = { cli_path(), "run", OBJ, NULL };
	struct kstate before;
	struct child c;
	__u64 v[2];
	__u32 zero = 0;
	int fd, i, rc;

	if (!cli_path()) {
		print_message("[ SKIP     ] %s not built\n", CLI_BUILD);
		return;
	}
	kstate_settle(&before);
	start(&c, args);
	assert_true(wait_for(&c, "program(s) attached"));
	assert_non_null(strstr(c.text, "run_tp -> tracepoint syscalls/sys_enter_getppid"));
	assert_non_null(strstr(c.text, "run_raw_tp -> raw_tp sys_enter (raw_tp)"));
	assert_non_null(strstr(c.text, "run_no_target: skipped: SEC(\"kprobe\") names no target"));
	fd = ktest_map_by_name("run_basi.bss"); /* "<object name cut to 8>.bss", libbpf's rule */
	assert_true(fd > 2);
	for (i = 0; i < 10; i++)
		syscall(SYS_getppid);
	assert_int_equal(bbpf_sys_map_lookup_elem(fd, &zero, v, 0), 0);
	assert_true(v[0] >= 10);
	close(fd);
	kill(c.pid, sig);
	rc = finish(&c);
	if (sig == SIGKILL) {
		assert_int_equal(rc, 128 + SIGKILL);
	} else {
		assert_int_equal(rc, 0);
		assert_non_null(strstr(c.text, "detached and unloaded"));
	}
	assert_true(kstate_wait_same(&before));
}

static void test_sigint(void **state)
{
	(void)state;
	run_and_stop(SIGINT);
}

static void test_sigterm(void **state)
{
	(void)state;
	run_and_stop(SIGTERM);
}

static void test_sigkill(void **state)
{
	(void)state;
	run_and_stop(SIGKILL);
}

static void test_duration(void **state)
{
	const char *args[] = { cli_path(), "run", OBJ, "--duration", "0.2", NULL };
	struct kstate before;
	struct child c;

	(void)state;
	if (!cli_path())
		return;
	kstate_settle(&before);
	start(&c, args);
	assert_int_equal(finish(&c), 0);
	assert_non_null(strstr(c.text, "run_tp -> tracepoint"));
	assert_true(kstate_wait_same(&before));
}

/* Removes the test's pin directory and everything in it (two levels). */
static void rm_pins(const char *dir)
{
	static const char *const subs[] = { "links", "progs", "maps" };
	char path[512], file[800];
	struct dirent *de;
	size_t i;
	DIR *d;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);
		d = opendir(path);
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
			unlink(file);
		}
		if (d)
			closedir(d);
		rmdir(path);
	}
	rmdir(dir);
}

/* --pin-dir: run returns at once, the pins keep the programs attached. */
static void test_pin_dir(void **state)
{
	static const char dir[] = "/sys/fs/bpf/bbpf_test_run";
	const char *args[] = { cli_path(), "run", OBJ, "--pin-dir", dir, NULL };
	struct kstate before;
	struct child c;
	__u64 v[2];
	__u32 zero = 0;
	int fd, i, rc;

	(void)state;
	if (!cli_path())
		return;
	rm_pins(dir);
	kstate_settle(&before);
	start(&c, args);
	rc = finish(&c);
	if (rc) { /* links the kernel cannot pin: perf events before 5.15 */
		assert_int_equal(rc, 1);
		assert_non_null(strstr(c.text, "no bpf_link"));
		assert_int_equal(access(dir, F_OK), -1);
		print_message("--pin-dir refused here: %s", c.text);
		assert_true(kstate_wait_same(&before));
		return;
	}
	assert_int_equal(access("/sys/fs/bpf/bbpf_test_run/links/run_tp", F_OK), 0);
	fd = bbpf_sys_obj_get("/sys/fs/bpf/bbpf_test_run/maps/run_basi_bss", 0);
	assert_true(fd > 2);
	for (i = 0; i < 10; i++)
		syscall(SYS_getppid);
	assert_int_equal(bbpf_sys_map_lookup_elem(fd, &zero, v, 0), 0);
	assert_true(v[0] >= 10); /* still attached after run returned */
	close(fd);
	rm_pins(dir);
	assert_int_equal(access(dir, F_OK), -1);
	assert_true(kstate_wait_same(&before));
}

/* Bad input: exit 1 (or 2 for usage), a message, nothing left attached. */
static void test_bad_input(void **state)
{
	static const struct {
		const char *obj, *extra, *msg;
		int rc;
	} cases[] = {
		{ "build/progs/nonexistent.bpf.o", NULL, "nonexistent", 1 },
		/* attach.bpf.o: a tracepoint that does not exist (and fentry, refused where
		   the kernel has none) */
		{ "build/progs/attach.bpf.o", NULL, "barebpf: ", 1 },
		{ OBJ, "--duration", "--duration", 2 },
		{ OBJ, "--attach", "--attach", 2 },
	};
	struct kstate before;
	struct child c;
	size_t i;

	(void)state;
	if (!cli_path())
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { cli_path(),     "run",	cases[i].obj,
				       cases[i].extra, "bogus", NULL };

		if (!cases[i].extra)
			args[3] = NULL;
		kstate_settle(&before);
		start(&c, args);
		assert_int_equal(finish(&c), cases[i].rc);
		if (!strstr(c.text, cases[i].msg))
			fail_msg("case %zu: no '%s' in:\n%s", i, cases[i].msg, c.text);
		assert_true(kstate_wait_same(&before));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_sigint, kill_child),
		cmocka_unit_test_teardown(test_sigterm, kill_child),
		cmocka_unit_test_teardown(test_sigkill, kill_child),
		cmocka_unit_test_teardown(test_duration, kill_child),
		cmocka_unit_test_teardown(test_bad_input, kill_child),
		cmocka_unit_test_teardown(test_pin_dir, kill_child),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
