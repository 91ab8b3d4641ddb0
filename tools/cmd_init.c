// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf init [--events LIST] [--duration SEC] [--out console|kmsg|FILE] [--json]
 *              [--max-bytes N] [--wait SEC] [--root DIR] [--then PATH] [-- INIT ARGS]
 *
 * barebpf as PID 1 of an initramfs (also chosen when the binary runs as PID 1
 * named "init", or with no arguments or none that is a command): mounts what tracing needs, reads its
 * options from the kernel command line (barebpf.KEY=VALUE) and then from its
 * arguments, forks a child that runs the collector (`barebpf trace`'s run),
 * waits until the child has attached (or failed, or --wait passed), and hands
 * PID 1 over to the real init, after a switch_root to --root if given. The
 * child traces on until --duration ends, the log file reaches --max-bytes or
 * it is sent SIGTERM; the real init reaps it. Nothing stops the hand-over: a
 * failure is printed on the console and the boot goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "cmds.h"
#include "init_opts.h"
#include "init_sys.h"
#include "trace_cmd.h"

const char init_usage[] =
	"Usage: barebpf init [--events LIST] [--duration SEC] [--out console|kmsg|FILE] [--json]\n"
	"                    [--max-bytes N] [--wait SEC] [--root DIR] [--then PATH] [-- ARGS]\n"
	"  barebpf as PID 1 of an initramfs: traces the boot (the collector of `trace`)\n"
	"  in a child and hands PID 1 over to the real init. Options also come from\n"
	"  the kernel command line as barebpf.KEY=VALUE (barebpf.events=exec,exit);\n"
	"  arguments win. Chosen by itself as PID 1 named init, or with no command.\n"
	"  --events LIST   as trace's, or none (default all)\n"
	"  --duration SEC  how long the child traces (default 60; 0: until SIGTERM)\n"
	"  --out WHERE     console (default), kmsg, or a file (/run is mounted and moved)\n"
	"  --max-bytes N   the file's size limit (default 16M)\n"
	"  --wait SEC      how long PID 1 waits for the collector to attach (default 30)\n"
	"  --root DIR      switch_root to DIR first (DIR's /sbin/init, ...)\n"
	"  --then PATH     the real init (default /init when not ours, /sbin/init,\n"
	"                  /etc/init, /bin/init, /bin/sh); ARGS after -- are its own\n"
	"  Not PID 1: --then is required and --root refused (a test on a running system).\n";

static const char *const candidates[] = { "/init",     "/sbin/init", "/etc/init",
					  "/bin/init", "/bin/sh",    NULL };

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("barebpf init: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- the collector child ---- */

static uint64_t max_bytes;

/* Once a second: a log file at its limit stops the collector, as SIGTERM does. */
static void on_alarm(int sig)
{
	struct stat st;

	(void)sig;
	if (!fstat(STDOUT_FILENO, &st) && S_ISREG(st.st_mode) && (uint64_t)st.st_size >= max_bytes)
		kill(getpid(), SIGTERM);
}

static void on_ready(void *ctx)
{
	struct itimerval it = { .it_interval = { 1, 0 }, .it_value = { 1, 0 } };
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	int *fd = ctx;

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	if (write(*fd, "r", 1) != 1)
		perror("barebpf init: telling PID 1");
	close(*fd);
	*fd = -1;
}

/* The child's stdio: nothing on the old root; stdout the trace, stderr the console. */
static int child_stdio(const struct init_opts *o)
{
	int out = init_open_out(o), null = open("/dev/null", O_RDWR);

	if (out < 0)
		return out;
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		close(null);
	}
	dup2(out, STDOUT_FILENO);
	close(out);
	if (o->out == INIT_OUT_KMSG)
		setvbuf(stdout, NULL, _IOLBF, 0); /* one record per line */
	return chdir("/") ? -errno : 0;
}

static void run_child(const struct init_opts *o, int ready_fd)
{
	struct trace_args a = { .duration = o->duration,
				.json = o->json,
				.mask = o->mask,
				.attach = "auto",
				.buffer = "auto" };
	int err;

	setsid();
	signal(SIGHUP, SIG_IGN);
	max_bytes = o->max_bytes;
	err = child_stdio(o);
	err = err ?: trace_run_args(&a, on_ready, &ready_fd);
	fflush(stdout);
	_exit(err ? EXIT_FAIL : EXIT_OK);
}

/* poll() for @wait seconds, again after a signal; returns poll's answer. */
static int wait_ready(struct pollfd *p, double wait)
{
	int ret;

	do
		ret = poll(p, 1, wait * 1000);
	while (ret < 0 && errno == EINTR);
	return ret;
}

/*
 * Forks the collector and waits until it is attached, fails or --wait
 * passes. Returns the child's pid or -1 (the reason already printed).
 */
static pid_t start_tracer(const struct init_opts *o)
{
	struct pollfd p = { .events = POLLIN };
	int fds[2], status, n = -1;
	char c = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC)) {
		say("cannot start tracing: pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		run_child(o, fds[1]);
	}
	close(fds[1]);
	p.fd = fds[0];
	if (pid < 0)
		say("cannot start tracing: fork: %s", strerror(errno));
	else if (wait_ready(&p, o->wait) == 1)
		n = read(fds[0], &c, 1); /* 'r', or 0: the child is gone (EOF) */
	close(fds[0]);
	if (n == 1 && c == 'r')
		say("tracing in pid %d", (int)pid);
	else if (n == 0 && waitpid(pid, &status, 0) == pid)
		say("tracing did not start (%s %d, the reason is above): booting on without it",
		    WIFEXITED(status) ? "exit" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	else if (pid > 0)
		say("tracing is not ready after %g s (%s): booting on, it goes on starting",
		    o->wait, n ? "no word from it" : strerror(errno));
	return n == 1 ? pid : -1;
}

/* ---- the hand-over ---- */

/* execv() @path with @args (args[0] is set here); returns only on failure. */
static void try_exec(const char *path, char **args)
{
	args[0] = (char *)path;
	execv(path, args);
	if (errno != ENOENT)
		say("exec %s: %s", path, strerror(errno));
}

/*
 * Execs the real init: --then, else the first candidate that exists (/init
 * only when that is not this binary). Returns only when none could run.
 */
static void hand_over(const struct init_opts *o, const char *self, char **args)
{
	size_t i;

	if (o->then) {
		try_exec(o->then, args);
		say("exec %s: %s", o->then, strerror(errno));
	}
	for (i = 0; candidates[i]; i++) {
		if (!strcmp(candidates[i], "/init") && !strcmp(self, "/init"))
			continue;
		try_exec(candidates[i], args);
	}
	say("no init to hand over to (--then, /sbin/init, /etc/init, /bin/init, /bin/sh)");
}

/* Options: the kernel command line's, then the arguments'. Returns the number used, or -1. */
static int read_opts(struct init_opts *o, int argc, char **argv)
{
	static char cmdline[4096];
	char why[256];
	ssize_t n = 0;
	int fd, used;

	fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, cmdline, sizeof(cmdline) - 1);
		close(fd);
	}
	cmdline[n > 0 ? n : 0] = 0;
	n = init_opts_cmdline(o, cmdline, why, sizeof(why));
	if (n)
		say("%zd bad word(s) on the kernel command line, left out; the first: %s", n, why);
	used = init_opts_args(o, argc, argv, why, sizeof(why));
	if (used < 0)
		p_usage("init: %s", why);
	return used;
}

static void describe(const struct init_opts *o)
{
	if (!o->mask) {
		say("tracing off (events none)");
		return;
	}
	say("tracing for %g s%s to %s%s", o->duration, o->duration ? "" : " (until SIGTERM)",
	    o->out == INIT_OUT_FILE   ? o->out_path
	    : o->out == INIT_OUT_KMSG ? "/dev/kmsg"
				      : "the console",
	    o->json ? " as JSON" : "");
}

/* PID 1 never returns: with no init to run, it reaps children forever. */
static int no_init(bool pid1)
{
	while (pid1)
		if (wait(NULL) < 0 && errno == ECHILD)
			pause();
	return EXIT_FAIL;
}

/*
 * @argc/@argv: arguments after the command word; @self is argv[0], to skip
 * /init when it is this binary; @only_cmdline (chosen as PID 1): every
 * argument is the real init's.
 */
static int init_run(int argc, char **argv, const char *self, bool only_cmdline)
{
	bool pid1 = getpid() == 1;
	struct init_opts o;
	char **args;
	int used = 0, i;

	init_opts_default(&o);
	init_mount_all(false);
	init_console();
	used = only_cmdline ? read_opts(&o, 0, argv) : read_opts(&o, argc, argv);
	if (used < 0 || (!pid1 && (!o.then || o.root))) {
		if (used >= 0)
			p_usage("init: not PID 1: --then PATH is required, --root refused");
		return pid1 ? no_init(true) : EXIT_USAGE;
	}
	args = calloc(argc - used + 2, sizeof(*args));
	for (i = used; args && i < argc; i++)
		args[i - used + 1] = argv[i];
	if (o.mask && o.out == INIT_OUT_FILE && !strncmp(o.out_path, "/run/", 5))
		init_mount_all(true);
	describe(&o);
	if (o.mask)
		start_tracer(&o);
	if (o.root && init_switch_root(o.root))
		say("booting on in the initramfs");
	if (args)
		hand_over(&o, self, args);
	else
		say("out of memory");
	return no_init(pid1);
}

int do_init(int argc, char **argv)
{
	return init_run(argc, argv, "", false);
}

bool init_wanted(int argc, char **argv, bool (*is_command)(const char *word))
{
	const char *base = strrchr(argv[0], '/');

	base = base ? base + 1 : argv[0];
	if (getpid() != 1)
		return false;
	/* else a container's entry point (barebpf trace) is a command, not init */
	return !strcmp(base, "init") || argc == 1 || (*argv[1] != '-' && !is_command(argv[1]));
}

int init_main(int argc, char **argv)
{
	return init_run(argc - 1, argv + 1, argv[0], true);
}
