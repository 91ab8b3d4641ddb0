// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf run OBJ [--btf PATH] [--btf-dir DIR] [--duration SEC] [--pin-dir DIR]
 *                 [--attach auto|fentry|tp_btf|raw_tp|tracepoint|kprobe] [-v]
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
 * While it waits, every ring buffer and perf event array of the object is
 * read and each record printed (tools/run_events.c): as a hex dump, field by
 * field from the object's BTF with --event-type NAME (or its one struct
 * named "event"), one JSON object per line with --json. --buffer perf makes
 * objects built with include/bpf/bbpf_output.h use perf buffers.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <barebpf/chain.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include "args.h"
#include "btf_pack.h"
#include "cmds.h"
#include "run_events.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

const char run_usage[] =
	"Usage: barebpf run OBJ [--btf PATH] [--btf-dir DIR] [--duration SEC] [--pin-dir DIR]\n"
	"                   [--attach auto|fentry|tp_btf|raw_tp|tracepoint|kprobe]\n"
	"                   [--buffer auto|ringbuf|perf] [--event-type NAME] [--btf-pack]\n"
	"                   [--json] [-v]\n"
	"  loads OBJ, attaches every program by its SEC() name (one line each:\n"
	"  \"prog -> hook target (mechanism)\"), prints the records of its ring buffers\n"
	"  and perf event arrays until --duration ends or SIGINT/SIGTERM, then the\n"
	"  records and losses per map, and detaches and unloads everything.\n"
	"  --attach MECH     for the fallback chains the object declares (BBPF_CHAIN()):\n"
	"                    use only their steps of MECH (auto: the cheapest that\n"
	"                    loads and attaches, one line per chain says which and why)\n"
	"  --pin-dir DIR     pin maps/, progs/ and links/ under DIR (bpffs) and return\n"
	"  --buffer MODE     where include/bpf/bbpf_output.h objects write (auto: a ring\n"
	"                    buffer where the kernel has one, else a perf buffer)\n"
	"  --event-type NAME print records field by field as BTF struct NAME (default:\n"
	"                    the object's one struct named event, else a hex dump)\n"
	"  --json            one JSON object per record: {\"map\",\"cpu\",\"size\",\"data\"}\n"
	"  --btf-pack        target BTF for uname -r from the BTF pack this binary carries\n";

struct run_args {
	const char *obj;
	struct bbpf_obj_load_opts opts;
	struct run_events_opts ev;
	double duration; /* < 0: until a signal */
	const char *attach;
	const char *pin_dir;
	bool btf_pack; /* --btf-pack */
};

/* The options that take a value, and what each expects. */
static const char *const value_opts[][2] = {
	{ "--btf", "PATH" },
	{ "--btf-dir", "DIR" },
	{ "--duration", "seconds (>= 0)" },
	{ "--attach", "auto, fentry, tp_btf, raw_tp, tracepoint or kprobe" },
	{ "--pin-dir", "DIR" },
	{ "--buffer", "auto, ringbuf or perf" },
	{ "--event-type", "a struct name" },
};

/* Index of @word in @words (NULL-terminated), or -1. */
static int word_index(const char *word, const char *const *words)
{
	int i;

	for (i = 0; words[i]; i++)
		if (!strcmp(word, words[i]))
			return i;
	return -1;
}

/* Stores the value @val of value_opts[@opt]. Returns EXIT_OK or EXIT_USAGE. */
static int set_value(struct run_args *a, int opt, const char *val)
{
	static const char *const attach_modes[] = { "auto",	  "fentry", "tp_btf", "raw_tp",
						    "tracepoint", "kprobe", NULL };
	static const char *const buffers[] = { "auto", "ringbuf", "perf", NULL };
	char *end;
	int i = 0;

	switch (opt) {
	case 0:
		a->opts.btf_path = val;
		break;
	case 1:
		a->opts.btf_dir = val;
		break;
	case 2:
		a->duration = a->ev.duration = strtod(val, &end);
		i = a->duration < 0 || *end || end == val ? -1 : 0;
		break;
	case 3:
		i = word_index(val, attach_modes), a->attach = val;
		break;
	case 4:
		a->pin_dir = val;
		break;
	case 5:
		a->opts.buffer = i = word_index(val, buffers);
		break;
	default:
		i = *val ? 0 : -1, a->ev.event_type = val;
		break;
	}
	if (i >= 0)
		return EXIT_OK;
	p_usage("run: %s '%s': expected %s", value_opts[opt][0], val, value_opts[opt][1]);
	return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct run_args *a)
{
	size_t opt;

	for (; argc > 0; argc--, argv++) {
		const char *arg = *argv;

		if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			cli_set_verbose();
			a->opts.log_all = true;
			continue;
		}
		if (is_json_flag(arg)) {
			cli.json = a->ev.json = true;
			continue;
		}
		if (!strcmp(arg, "--btf-pack")) {
			a->btf_pack = true;
			continue;
		}
		if (*arg != '-' && !a->obj) {
			a->obj = arg;
			continue;
		}
		for (opt = 0; opt < sizeof(value_opts) / sizeof(value_opts[0]); opt++)
			if (!strcmp(arg, value_opts[opt][0]))
				break;
		if (argc < 2 || opt == sizeof(value_opts) / sizeof(value_opts[0])) {
			p_usage("run: unexpected argument '%s' (barebpf run --help)", arg);
			return EXIT_USAGE;
		}
		argc--, argv++;
		if (set_value(a, (int)opt, *argv))
			return EXIT_USAGE;
	}
	if (!a->obj) {
		p_usage("run: which object? (run OBJ [--duration SEC] ...)");
		return EXIT_USAGE;
	}
	return btf_pack_use(&a->opts.btf_path, a->opts.btf_dir, a->btf_pack) ? EXIT_FAIL : EXIT_OK;
}

/* Whether @p is attached by run; prints why not when it is skipped. */
static bool want_attach(const struct bbpf_prog *p)
{
	enum bbpf_attach_kind k = bbpf_prog_attach_kind(p);

	if (bbpf_prog_fd(p) < 0 ||
	    bbpf_prog_chain(p)) /* chains: attached by bbpf_obj_load_chains() */
		return false;
	if (!bbpf_attach_kind_by_name(k)) {
		p_info("%s: skipped: SEC(\"%s\") (%s) is not attached by section name alone",
		       bbpf_prog_name(p), bbpf_prog_sec_name(p), bbpf_attach_kind_str(k));
		return false;
	}
	if (!*bbpf_prog_attach_target(p) && !bbpf_prog_ksym_cnt(p) && k != BBPF_ATTACH_TRACING &&
	    k != BBPF_ATTACH_LSM) {
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

/* One line per chain (the step it kept and why cheaper ones were not), one per attachment. */
static void print_chains(const struct bbpf_chains *ch)
{
	const struct bbpf_prog *p;
	struct bbpf_link *l;
	const char *why;
	size_t i;

	for (i = 0; i < bbpf_chains_cnt(ch); i++) {
		p = bbpf_chains_prog(ch, i);
		l = bbpf_chains_link(ch, i);
		why = bbpf_chains_why(ch, i);
		p_info("attached %s via %s %s%s%s%s", bbpf_chains_name(ch, i), bbpf_link_hook(l),
		       bbpf_link_target(l), *why ? " (" : "", why, *why ? ")" : "");
		printf("%s -> %s %s (%s)\n", bbpf_prog_name(p), bbpf_link_hook(l),
		       bbpf_link_target(l), bbpf_link_how_str(bbpf_link_how(l)));
	}
}

/* Loads @obj choosing a step per chain (--attach); a message when it fails. Returns 0 or -errno. */
static int load_obj(struct run_args *a, struct bbpf_obj *obj, struct bbpf_chains **ch)
{
	struct bbpf_chain_opts co = { .sz = sizeof(co), .load = &a->opts };
	int err, mech = bbpf_mech_parse(a->attach ? a->attach : "auto");

	co.force = (enum bbpf_mech)(mech < 0 ? 0 : mech);
	if (co.force != BBPF_MECH_AUTO && !bbpf_obj_chain_cnt(obj))
		p_info("run: --attach %s: %s declares no chain (include/bpf/bbpf_chain.h); "
		       "every program is attached as its section says",
		       a->attach, a->obj);
	err = bbpf_obj_load_chains(obj, &co, ch);
	if (err == -ENOENT && co.force != BBPF_MECH_AUTO && bbpf_obj_load_failed_prog(obj) == NULL)
		p_err("run: --attach %s: a chain of %s has no %s step", a->attach, a->obj,
		      a->attach);
	else if (err == -ESRCH)
		p_err("run: %s: a chain could not be attached %s%s", a->obj,
		      co.force != BBPF_MECH_AUTO ? "with --attach " : "by any of its steps",
		      co.force != BBPF_MECH_AUTO ? a->attach : "");
	else if (err)
		p_err("run: %s: %s", a->obj, bbpf_strerror(err));
	return err;
}

/* Pins each chain's link at DIR/links/<program>. Returns 0 or -errno. */
static int pin_chains(const struct bbpf_chains *ch, const char *dir)
{
	char path[4096];
	size_t i;
	int err = 0;

	for (i = 0; !err && i < bbpf_chains_cnt(ch); i++) {
		snprintf(path, sizeof(path), "%s/links/%s", dir,
			 bbpf_prog_name(bbpf_chains_prog(ch, i)));
		err = bbpf_link_pin(bbpf_chains_link(ch, i), path);
	}
	return err;
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
static int pin_all(const struct bbpf_obj *obj, const struct bbpf_chains *ch,
		   struct bbpf_link **links, const char **names, size_t n, const char *dir)
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
	err = err ?: pin_chains(ch, dir);
	if (err) {
		p_err("run: pinning under %s: %s", dir, bbpf_strerror(err));
		for (i = 0; i < n; i++)
			bbpf_link_unpin(links[i]);
		for (i = 0; i < bbpf_chains_cnt(ch); i++)
			bbpf_link_unpin(bbpf_chains_link(ch, i));
		unpin_obj(obj, dir);
		return err;
	}
	for (i = 0; i < n; i++)
		bbpf_link_disconnect(links[i]);
	for (i = 0; i < bbpf_chains_cnt(ch); i++)
		bbpf_link_disconnect(bbpf_chains_link(ch, i));
	return 0;
}

static int run(struct run_args *a)
{
	struct bbpf_link **links = NULL;
	const char **names = NULL;
	struct bbpf_obj *obj = NULL;
	struct run_events *rev = NULL;
	struct bbpf_chains *ch = NULL;
	int err, n;

	bbpf_kprobe_reclaim(); /* tracefs kprobes a killed barebpf left; none: -ENOENT */
	err = bbpf_obj_open_file(a->obj, NULL, &obj);
	if (err) {
		p_err("run: %s: %s", a->obj, bbpf_strerror(err));
		goto out;
	}
	err = load_obj(a, obj, &ch);
	if (err)
		goto out;
	links = calloc(bbpf_obj_prog_cnt(obj) + 1, sizeof(*links));
	names = calloc(bbpf_obj_prog_cnt(obj) + 1, sizeof(*names));
	if (!links || !names) {
		err = -ENOMEM;
		p_err("run: %s: %s", a->obj, bbpf_strerror(err));
		goto out;
	}
	print_chains(ch);
	/* Readers first: a perf buffer drops what is written to a CPU slot no reader filled. */
	if (!a->pin_dir && run_events_open(obj, &a->ev, &rev)) {
		err = -EINVAL;
		goto out;
	}
	n = attach_all(obj, links, names);
	if (n < 0) {
		err = n;
		goto out;
	}
	if (a->pin_dir) {
		err = pin_all(obj, ch, links, names, (size_t)n, a->pin_dir);
		if (!err)
			p_info("run: %zu program(s) attached and pinned under %s",
			       n + bbpf_chains_cnt(ch), a->pin_dir);
		detach_all(links, (size_t)n);
		goto out;
	}
	p_info("run: %zu program(s) attached; %s", n + bbpf_chains_cnt(ch),
	       a->duration >= 0 ? "waiting for --duration" : "until SIGINT/SIGTERM");
	err = run_events_stream(rev, &stop_signal);
	detach_all(links, (size_t)n);
	bbpf_chains_free(ch);
	ch = NULL;
	if (stop_signal)
		p_info("run: %s: detached and unloaded", strsignal(stop_signal));
out:
	bbpf_chains_free(ch);
	run_events_close(rev);
	free(links);
	free(names);
	bbpf_obj_close(obj);
	return err ? EXIT_FAIL : EXIT_OK;
}

int do_run(int argc, char **argv)
{
	struct run_args a = { .opts = { .sz = sizeof(a.opts) },
			      .ev = { .json = cli.json, .duration = -1 },
			      .duration = -1 };
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
