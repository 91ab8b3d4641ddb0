// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf run OBJ [--btf PATH] [--btf-dir DIR] [--duration SEC] [--pin-dir DIR]
 *                 [--attach auto|fentry|tracepoint|kprobe] [-v]
 *
 * Loads OBJ, attaches every loaded program as its SEC() name says, prints
 * one line per attachment ("prog -> hook target (mechanism)"), waits until
 * --duration seconds pass or SIGINT/SIGTERM arrives, then detaches
 * everything and unloads. A program whose section names no target
 * (SEC("kprobe")), or whose kind cannot be attached by name alone (xdp
 * needs an interface), is reported and skipped. Any attach failure detaches
 * what was attached, and exits 1; the library's message names the program,
 * the target, the mechanism and the errno.
 *
 * With --pin-dir DIR it pins maps at DIR/maps/, programs at DIR/progs/ and
 * links at DIR/links/<program> and returns at once: the pins keep
 * everything attached (remove DIR to detach). Links the kernel cannot pin
 * (the perf ioctl and tracefs kinds of old kernels) make it fail, detached.
 *
 * Streaming records: run_events (below) is the place where the event
 * readers plug in: when set, run calls setup once after attaching, poll in
 * its wait loop instead of sleeping, and teardown before detaching.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <barebpf/link.h>
#include <barebpf/obj.h>
#include "args.h"
#include "cmds.h"
#include "run.h"

const struct run_events *run_events;

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

struct run_args {
	const char *obj;
	struct bbpf_obj_load_opts opts;
	double duration; /* < 0: until a signal */
	const char *attach;
	const char *pin_dir;
};

static int parse_args(int argc, char **argv, struct run_args *a)
{
	char *end;

	for (; argc > 0; argc--, argv++) {
		const char *arg = *argv;

		if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			cli.verbose = a->opts.log_all = true;
			continue;
		}
		if (*arg != '-' && !a->obj) {
			a->obj = arg;
			continue;
		}
		if (argc < 2 || (strcmp(arg, "--btf") && strcmp(arg, "--btf-dir") &&
				 strcmp(arg, "--duration") && strcmp(arg, "--attach") &&
				 strcmp(arg, "--pin-dir"))) {
			p_usage("run: unexpected argument '%s' (run OBJ [--btf PATH] [--btf-dir DIR] "
				"[--duration SEC] [--attach auto|fentry|tracepoint|kprobe] [-v])",
				arg);
			return EXIT_USAGE;
		}
		argc--, argv++;
		if (!strcmp(arg, "--btf"))
			a->opts.btf_path = *argv;
		else if (!strcmp(arg, "--btf-dir"))
			a->opts.btf_dir = *argv;
		else if (!strcmp(arg, "--attach"))
			a->attach = *argv;
		else if (!strcmp(arg, "--pin-dir"))
			a->pin_dir = *argv;
		else if ((a->duration = strtod(*argv, &end)) < 0 || *end || end == *argv) {
			p_usage("run: --duration '%s': expected seconds (>= 0)", *argv);
			return EXIT_USAGE;
		}
	}
	if (!a->obj) {
		p_usage("run: which object? (run OBJ [--duration SEC] ...)");
		return EXIT_USAGE;
	}
	if (a->attach && strcmp(a->attach, "auto") && strcmp(a->attach, "fentry") &&
	    strcmp(a->attach, "tracepoint") && strcmp(a->attach, "kprobe")) {
		p_usage("run: --attach '%s': expected auto, fentry, tracepoint or kprobe",
			a->attach);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Whether @p is attached by run; prints why not when it is skipped. */
static bool want_attach(const struct bbpf_prog *p)
{
	enum bbpf_attach_kind k = bbpf_prog_attach_kind(p);

	if (bbpf_prog_fd(p) < 0)
		return false;
	if (!bbpf_attach_kind_by_name(k)) {
		p_info("%s: skipped: SEC(\"%s\") (%s) is not attached by section name alone",
		       bbpf_prog_name(p), bbpf_prog_sec_name(p), bbpf_attach_kind_str(k));
		return false;
	}
	if (!*bbpf_prog_attach_target(p) && k != BBPF_ATTACH_TRACING && k != BBPF_ATTACH_LSM) {
		p_info("%s: skipped: SEC(\"%s\") names no target", bbpf_prog_name(p),
		       bbpf_prog_sec_name(p));
		return false;
	}
	return true;
}

static void detach_all(struct bbpf_link **links, size_t cnt)
{
	while (cnt--)
		bbpf_link_destroy(links[cnt]);
}

/* Attaches every program; on failure detaches what it attached. Returns the count or -errno. */
static int attach_all(const struct bbpf_obj *obj, struct bbpf_link **links, const char **names)
{
	const struct bbpf_prog *p;
	size_t i, n = 0;
	int err;

	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++) {
		p = bbpf_obj_prog(obj, i);
		if (!want_attach(p))
			continue;
		err = bbpf_prog_attach(p, NULL, &links[n]);
		if (err) {
			p_err("run: %s: not attached (%s); detaching everything", bbpf_prog_name(p),
			      bbpf_strerror(err));
			detach_all(links, n);
			return err;
		}
		names[n] = bbpf_prog_name(p);
		printf("%s -> %s %s (%s)\n", bbpf_prog_name(p), bbpf_link_hook(links[n]),
		       bbpf_link_target(links[n]), bbpf_link_how_str(bbpf_link_how(links[n])));
		n++;
	}
	fflush(stdout);
	return (int)n;
}

static void unpin_one(const char *dir, const char *sub, const char *name)
{
	char path[4096], *p;

	p = path + snprintf(path, sizeof(path), "%s/%s/", dir, sub);
	snprintf(p, sizeof(path) - (size_t)(p - path), "%s", name);
	for (; *p; p++)
		*p = *p == '.' ? '_' : *p;
	unlink(path);
}

/* Undoes bbpf_obj_pin_all() for the names this object has (nothing else in @dir). */
static void unpin_obj(const struct bbpf_obj *obj, const char *dir)
{
	static const char *const subs[] = { "maps", "progs", "links" };
	char path[4096];
	size_t i;

	for (i = 0; i < bbpf_obj_map_cnt(obj); i++)
		unpin_one(dir, "maps", bbpf_map_kernel_name(bbpf_obj_map(obj, i)));
	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++)
		unpin_one(dir, "progs", bbpf_prog_name(bbpf_obj_prog(obj, i)));
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);
		rmdir(path);
	}
	rmdir(dir);
}

/* Pins maps, programs and links under @dir and lets the pins hold them. Returns 0 or -errno. */
static int pin_all(const struct bbpf_obj *obj, struct bbpf_link **links, const char **names,
		   size_t n, const char *dir)
{
	char path[4096];
	size_t i;
	int err;

	err = bbpf_obj_pin_all(obj, dir);
	snprintf(path, sizeof(path), "%s/links", dir);
	if (!err && mkdir(path, 0700) && errno != EEXIST)
		err = -errno;
	for (i = 0; !err && i < n; i++) {
		snprintf(path, sizeof(path), "%s/links/%s", dir, names[i]);
		err = bbpf_link_pin(links[i], path);
	}
	if (err) {
		p_err("run: pinning under %s: %s", dir, bbpf_strerror(err));
		for (i = 0; i < n; i++)
			bbpf_link_unpin(links[i]);
		unpin_obj(obj, dir);
		return err;
	}
	for (i = 0; i < n; i++)
		bbpf_link_disconnect(links[i]);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Until the duration ends or a signal comes; the event readers' poll when set. */
static int wait_loop(const struct bbpf_obj *obj, double duration)
{
	double end = duration >= 0 ? now() + duration : 0;
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	void *ctx = NULL;
	int err = 0;

	if (run_events && run_events->setup)
		err = run_events->setup(obj, &ctx);
	while (!err && !stop_signal && (duration < 0 || now() < end)) {
		if (run_events && run_events->poll)
			err = run_events->poll(ctx, 50);
		else
			nanosleep(&tick, NULL);
	}
	if (run_events && run_events->teardown)
		run_events->teardown(ctx);
	return err == -EINTR ? 0 : err;
}

static int run(struct run_args *a)
{
	struct bbpf_link **links = NULL;
	const char **names = NULL;
	struct bbpf_obj *obj = NULL;
	int err, n;

	bbpf_kprobe_reclaim(); /* tracefs kprobes a killed barebpf left; none: -ENOENT */
	err = bbpf_obj_open_file(a->obj, NULL, &obj);
	err = err ?: bbpf_obj_load(obj, &a->opts);
	if (!err) {
		links = calloc(bbpf_obj_prog_cnt(obj) + 1, sizeof(*links));
		names = calloc(bbpf_obj_prog_cnt(obj) + 1, sizeof(*names));
		err = links && names ? 0 : -ENOMEM;
	}
	if (err) {
		p_err("run: %s: %s", a->obj, bbpf_strerror(err));
		goto out;
	}
	n = attach_all(obj, links, names);
	if (n < 0) {
		err = n;
		goto out;
	}
	if (a->pin_dir) {
		err = pin_all(obj, links, names, (size_t)n, a->pin_dir);
		if (!err)
			p_info("run: %d program(s) attached and pinned under %s", n, a->pin_dir);
		detach_all(links, (size_t)n);
		goto out;
	}
	p_info("run: %d program(s) attached; %s", n,
	       a->duration >= 0 ? "waiting for --duration" : "until SIGINT/SIGTERM");
	err = wait_loop(obj, a->duration);
	detach_all(links, (size_t)n);
	if (stop_signal)
		p_info("run: %s: detached and unloaded", strsignal(stop_signal));
out:
	free(links);
	free(names);
	bbpf_obj_close(obj);
	return err ? EXIT_FAIL : EXIT_OK;
}

int do_run(int argc, char **argv)
{
	struct run_args a = { .opts = { .sz = sizeof(a.opts) }, .duration = -1 };
	struct sigaction sa = { .sa_handler = on_signal };
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return run(&a);
}
