// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf trace [--duration SEC] [--json] [--events LIST] [--containers-only]
 *               [--cgroup PATH] [--pid PID] [--comm NAME]
 *               [--attach auto|fentry|tp_btf|raw_tp|tracepoint|kprobe]
 *               [--buffer auto|ringbuf|perf] [--ringbuf-size BYTES] [--btf PATH] [--btf-dir DIR]
 *
 * The unified collector: loads the object embedded in this binary
 * (bpf/collector.bpf.c), attaches each selected event, and prints one line
 * per event on stdout (a table, or one JSON object per line) until
 * --duration ends or SIGINT/SIGTERM comes. stderr gets the start-up summary
 * (kernel, BTF source, buffer kind, how each event is attached) and, at the
 * end, the count per event type and the events lost. Everything is detached
 * and unloaded on every exit path.
 *
 * The events the collector declares as fallback chains (exec, exit, fork,
 * fadvise: BBPF_CHAIN() in bpf/collector.bpf.c) are loaded and attached by
 * bbpf_obj_load_chains(), cheapest mechanism first, as the first stage of a
 * staged load (only they and their maps); the other programs are loaded
 * (bbpf_obj_load_rest()) and attached one by one afterwards, on a thread,
 * while the reader already prints the chains' events. --attach MECH forces MECH on every chain
 * that has a MECH step (if that step fails, trace fails); a chain without
 * one goes as with auto, and its summary line says so.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <barebpf/btf.h>
#include <barebpf/chain.h>
#include <barebpf/kbtf.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/ringbuf.h>
#include <barebpf/sys.h>
#include "args.h"
#include "btf_pack.h"
#include "cmds.h"
#include "trace/fmt.h"
#include "trace/select.h"
#include "trace/sink.h"
#include "trace_cmd.h"
#include "collector.skel.h"

const char trace_usage[] =
	"Usage: barebpf trace [--duration SEC] [--json] [--events LIST] [--containers-only]\n"
	"                     [--pid PID] [--comm NAME] [--cgroup PATH]\n"
	"                     [--attach auto|fentry|tp_btf|raw_tp|tracepoint|kprobe]\n"
	"                     [--buffer auto|ringbuf|perf]\n"
	"                     [--ringbuf-size BYTES] [--btf PATH] [--btf-dir DIR] [--btf-pack] [-v]\n"
	"  what the processes on this machine do: the collector embedded in barebpf,\n"
	"  one line per event on stdout (a table, or one JSON object per line), until\n"
	"  --duration ends or SIGINT/SIGTERM; the start-up summary and, at the end,\n"
	"  the count per event and the events lost on stderr.\n"
	"  --events LIST      exec,exit,fork,oom,connect,accept,fadvise,memory,signal,open\n"
	"                     or all (default); the others' programs are not loaded\n"
	"  --containers-only  tasks in a pid namespace other than the initial one\n"
	"  --pid, --comm      one process (tgid), or one task name (up to 15 chars)\n"
	"  --cgroup PATH      tasks in cgroup v2 directory PATH or below it\n"
	"  --attach MECH      auto: each of exec, exit, fork, fadvise through the cheapest\n"
	"                     mechanism that works; MECH: that one for every event that has\n"
	"                     it (fails when it fails), the others as with auto\n"
	"  --buffer MODE      auto: a ring buffer where the kernel has one, else a perf buffer\n"
	"  --ringbuf-size N   the ring buffer's bytes (a power of 2, >= page size; default 8 MiB)\n"
	"  --btf-pack         the BTF pack this binary carries (make static BTF_PACK=DIR) even\n"
	"                     where the host has BTF (without: used only where it has none)\n";

#define MAX_PROGS 32

struct trace_run {
	struct trace_args a;
	struct collector *skel;	    /* the collector's skeleton (trace_setup()) */
	struct bbpf_obj *obj;	    /* skel->obj */
	struct bbpf_chains *chains; /* exec, exit, fork, fadvise: one step each */
	enum bbpf_mech force;	    /* --attach */
	struct bbpf_link *links[MAX_PROGS];
	struct bbpf_events *ev;
	struct trace_fmt fmt;
	uint64_t bad;		  /* records the formatter refused */
	uint64_t dropped_early;	  /* the collector's drops before the reader was there */
	void (*ready)(void *ctx); /* trace_run_args(): told once everything is attached */
	void *ready_ctx;
	struct trace_sink out; /* stdout */
	int attach_err;	       /* attach_rest()'s outcome, read after it is joined */
	long linger_ns;	       /* read_loop()'s pause after a small batch */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* ---- arguments ---- */

static int parse_u32(const char *opt, const char *s, uint32_t *v)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || !*s || *end || n > UINT32_MAX || *s == '-') {
		p_usage("trace: %s '%s': expected a number below 2^32", opt, s);
		return EXIT_USAGE;
	}
	*v = n;
	return 0;
}

static bool one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(s, *words))
			return true;
	return false;
}

static int parse_word(const char *opt, const char *s, const char *const *words, const char **out)
{
	char all[128] = "";
	size_t i, off = 0;

	if (one_of(s, words)) {
		*out = s;
		return 0;
	}
	for (i = 0; words[i] && off < sizeof(all); i++)
		off += snprintf(all + off, sizeof(all) - off, "%s%s", i ? "|" : "", words[i]);
	p_usage("trace: %s '%s': expected %s", opt, s, all);
	return EXIT_USAGE;
}

static const char *const attach_words[] = { "auto",	  "fentry", "tp_btf", "raw_tp",
					    "tracepoint", "kprobe", NULL };
static const char *const buffer_words[] = { "auto", "ringbuf", "perf", NULL };

static int parse_duration(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno || !*s || *end || *out < 0 || *out > 1e9) {
		p_usage("trace: --duration '%s': expected seconds (0 = until Ctrl-C)", s);
		return EXIT_USAGE;
	}
	return 0;
}

static int parse_events(const char *s, uint32_t *mask)
{
	const char *bad = s;

	if (!trace_parse_events(s, mask, &bad))
		return 0;
	p_usage("trace: --events: unknown event at '%s' (events: exec exit fork oom connect "
		"accept fadvise memory signal open, or all)",
		bad);
	return EXIT_USAGE;
}

static const char *const valued_opts[] = {
	"--duration", "--events", "--pid", "--ringbuf-size", "--attach", "--buffer",
	"--cgroup",   "--comm",	  "--btf", "--btf-dir",	     NULL,
};

/* Option @opt with value @val (NULL: none followed). Returns 0, EXIT_USAGE, or -1 when not ours. */
static int parse_valued(const char *opt, const char *val, struct trace_args *a)
{
	if (!one_of(opt, valued_opts))
		return -1;
	if (!val) {
		p_usage("trace: %s needs a value", opt);
		return EXIT_USAGE;
	}
	if (!strcmp(opt, "--duration"))
		return parse_duration(val, &a->duration);
	if (!strcmp(opt, "--events"))
		return parse_events(val, &a->mask);
	if (!strcmp(opt, "--pid"))
		return parse_u32(opt, val, &a->pid);
	if (!strcmp(opt, "--ringbuf-size"))
		return parse_u32(opt, val, &a->ringbuf_size);
	if (!strcmp(opt, "--attach"))
		return parse_word(opt, val, attach_words, &a->attach);
	if (!strcmp(opt, "--buffer"))
		return parse_word(opt, val, buffer_words, &a->buffer);
	if (!strcmp(opt, "--cgroup"))
		return a->cgroup = val, 0;
	if (!strcmp(opt, "--comm"))
		return a->comm = val, 0;
	if (!strcmp(opt, "--btf"))
		return a->btf_path = val, 0;
	if (!strcmp(opt, "--btf-dir"))
		return a->btf_dir = val, 0;
	return -1;
}

static int parse_args(int argc, char **argv, struct trace_args *a)
{
	int err;

	a->mask = trace_all_events();
	a->attach = "auto";
	a->buffer = "auto";
	a->json = cli.json;
	for (; argc > 0; NEXT_ARG()) {
		if (is_json_flag(*argv)) {
			a->json = true;
			continue;
		}
		if (!strcmp(*argv, "-v") || !strcmp(*argv, "--verbose")) {
			cli_set_verbose();
			a->verbose = true;
			continue;
		}
		if (!strcmp(*argv, "--containers-only")) {
			a->containers_only = true;
			continue;
		}
		if (!strcmp(*argv, "--btf-pack")) {
			a->btf_pack = true;
			continue;
		}
		err = parse_valued(argv[0], argc > 1 ? argv[1] : NULL, a);
		if (err < 0)
			p_usage("trace: unknown %s '%s'", **argv == '-' ? "option" : "argument",
				*argv);
		if (err)
			return EXIT_USAGE;
		NEXT_ARG();
	}
	if (a->comm && strlen(a->comm) >= 16) {
		p_usage("trace: --comm '%s': a task's comm has at most 15 characters", a->comm);
		return EXIT_USAGE;
	}
	return 0;
}

/* ---- start-up summary ---- */

/* The event of @prog as a name ("exec"), or "?". */
static const char *prog_event(const struct bbpf_prog *prog)
{
	const char *name = trace_event_name(trace_prog_event(bbpf_prog_name(prog)));

	return name ? name : "?";
}

static void summary_head(const struct trace_run *r, int map_type)
{
	struct bbpf_btf_target t = { .btf_path = r->a.btf_path, .btf_dir = r->a.btf_dir };
	char btf[512] = "none found";
	struct utsname uts;

	uname(&uts);
	bbpf_kbtf_target_host(&t);
	if (bbpf_btf_find_target(&t, btf, sizeof(btf)))
		strcpy(btf, "none found");
	p_info("trace: kernel %s (%s), BTF %s", uts.release, uts.machine, btf);
	p_info("trace: buffer %s%s",
	       map_type == BPF_MAP_TYPE_RINGBUF ? "ring buffer" : "perf buffer",
	       strcmp(r->a.buffer, "auto") ? " (forced)" : "");
}

static void summary_link(const struct bbpf_prog *prog, const struct bbpf_link *link)
{
	p_info("trace:   %s via %s %s (no chain; program %s)", prog_event(prog),
	       bbpf_link_hook(link), bbpf_link_target(link), bbpf_prog_name(prog));
}

/* Whether chain @name has a step of mechanism @m among the programs trace selected. */
static bool chain_has(const struct bbpf_obj *obj, const char *name, enum bbpf_mech m)
{
	const struct bbpf_prog *steps[16];
	size_t i, n = bbpf_obj_chain_steps(obj, name, steps, 16);

	for (i = 0; i < n && i < 16; i++)
		if (bbpf_prog_autoload(steps[i]) && bbpf_prog_mech(steps[i]) == m)
			return true;
	return false;
}

/*
 * One line per chain: "fadvise via tracepoint syscalls/sys_enter_fadvise64
 * (fentry: EPERM, refused by the kernel)", with what --attach did to it.
 */
static void summary_chains(const struct trace_run *r)
{
	const char *why, *name, *force = bbpf_mech_str(r->force);
	char note[160] = "";
	struct bbpf_link *l;
	size_t i;

	for (i = 0; i < bbpf_chains_cnt(r->chains); i++) {
		name = bbpf_chains_name(r->chains, i);
		l = bbpf_chains_link(r->chains, i);
		why = bbpf_chains_why(r->chains, i);
		if (r->force != BBPF_MECH_AUTO)
			snprintf(note, sizeof(note), "%s",
				 chain_has(r->obj, name, r->force) ? "forced" : "");
		if (r->force != BBPF_MECH_AUTO && !note[0])
			snprintf(note, sizeof(note), "no %s step: as auto", force);
		p_info("trace:   %s via %s %s (%s%s%s%sprogram %s)", name, bbpf_link_hook(l),
		       bbpf_link_target(l), note, note[0] ? "; " : "", why, *why ? "; " : "",
		       bbpf_prog_name(bbpf_chains_prog(r->chains, i)));
	}
}

/* ---- attach, read ---- */

static int attach_all(struct trace_run *r)
{
	size_t i, n = 0;
	int err;

	for (i = 0; i < bbpf_obj_prog_cnt(r->obj) && n < MAX_PROGS && !stop; i++) {
		const struct bbpf_prog *prog = bbpf_obj_prog(r->obj, i);

		if (bbpf_prog_fd(prog) < 0 || bbpf_prog_chain(prog))
			continue; /* an event not asked for; a chain's (attached at load) */
		err = bbpf_prog_attach(prog, NULL, &r->links[n]);
		if (err) {
			p_err("trace: %s: attaching program %s to %s: %s", prog_event(prog),
			      bbpf_prog_name(prog), bbpf_prog_attach_target(prog),
			      bbpf_strerror(err));
			return err;
		}
		summary_link(prog, r->links[n++]);
	}
	return 0;
}

/*
 * The programs that are not a chain's, loaded and attached while the reader
 * already prints what the chains' programs send (exec, exit, fork,
 * fadvise): the verifier's work on them, the maps only they use (hashes
 * preallocated at creation) and each tracepoint attach (the kernel's
 * event_mutex, code patched on every CPU) need not delay the first events.
 * "trace: ready" (and init's ready callback) still come once everything is
 * attached; a failure stops the reader.
 */
static void *attach_rest(void *arg)
{
	struct trace_run *r = arg;

	r->attach_err = bbpf_obj_load_rest(r->obj);
	if (r->attach_err)
		p_fail("trace: loading the collector: %s", bbpf_strerror(r->attach_err));
	else
		r->attach_err = attach_all(r);
	if (!r->attach_err && !stop)
		p_info("trace: ready%s", r->a.duration > 0 ? "" : " (Ctrl-C to stop)");
	if (!r->attach_err && !stop && r->ready)
		r->ready(r->ready_ctx);
	if (r->attach_err)
		stop = 1;
	return NULL;
}

static void detach_all(struct trace_run *r)
{
	bbpf_links_destroy(r->links, MAX_PROGS); /* overlapping the kernel's grace periods */
}

/* One record: counted, formatted straight into the output buffer (written per poll). */
static int on_record(void *ctx, int cpu, const void *data, size_t size)
{
	struct trace_run *r = ctx;
	char *line = trace_sink_room(&r->out, TRACE_LINE_MAX);
	int n;

	(void)cpu;
	n = trace_fmt_record(&r->fmt, data, size, line, TRACE_LINE_MAX);
	if (n < 0) {
		r->bad++;
		return 0;
	}
	trace_sink_commit(&r->out, n);
	return 0;
}

/* Records the collector had no room for (counter 0 of its "counters" map). */
static uint64_t dropped(const struct trace_run *r)
{
	int fd = bbpf_map_fd(r->skel->maps.counters);
	uint64_t val = 0;
	uint32_t key = 0;

	if (fd < 0 || bbpf_sys_map_lookup_elem(fd, &key, &val, 0))
		return 0;
	return val;
}

static void summary_end(const struct trace_run *r)
{
	uint64_t lost = 0;
	uint64_t total = 0;
	char buf[512];
	size_t off = 0;
	int i;

	bbpf_events_lost(r->ev, 0, -1, &lost);
	lost += dropped(r) - r->dropped_early;
	for (i = 1; i < TRACE_TYPE_SLOTS; i++) {
		if (!trace_event_name(i) || !(r->a.mask & (1u << i)))
			continue;
		total += r->fmt.counts[i];
		off += snprintf(buf + off, sizeof(buf) - off, " %s %llu", trace_event_name(i),
				(unsigned long long)r->fmt.counts[i]);
		if (off >= sizeof(buf))
			break;
	}
	p_info("trace: %llu events:%s; lost %llu, malformed %llu", (unsigned long long)total, buf,
	       (unsigned long long)lost, (unsigned long long)r->bad);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * How long a record may wait in the buffer: the collector wakes the reader
 * for storm-prone events only once enough bytes are pending
 * (bpf/collector_core.h), so the reader also looks on this timeout.
 */
#define TRACE_POLL_MS 20

/*
 * A ring buffer with records pending is readable at once, so in a storm a
 * reader that polls again right after each pass finds a handful of records
 * each time and spends most of its CPU on the two syscalls per pass (poll,
 * write). After a pass of fewer than TRACE_BATCH records it pauses instead
 * (linger()), letting a batch gather: about 1 ns per byte of ring (so that
 * even 1 GB/s fits in the pause), at most a millisecond. Prompt events are
 * printed before the pause, so they wait for nothing.
 */
#define TRACE_BATCH	    256
#define TRACE_LINGER_MAX_NS 1000000L

static void set_linger(struct trace_run *r, int map_type)
{
	const struct bbpf_map_def *def = bbpf_map_def(r->skel->maps.events);
	long ring = map_type == BPF_MAP_TYPE_RINGBUF && def
			    ? (long)def->max_entries
			    : 64 * sysconf(_SC_PAGESIZE); /* a CPU's perf ring */

	r->linger_ns = ring < TRACE_LINGER_MAX_NS ? ring : TRACE_LINGER_MAX_NS;
}

static void linger(const struct trace_run *r)
{
	struct timespec ts = { 0, r->linger_ns };

	nanosleep(&ts, NULL); /* a signal ends it early: the loop then sees stop */
}

/* Reads until --duration ends or a signal asks to stop. */
static int read_loop(struct trace_run *r)
{
	double end = r->a.duration > 0 ? now_s() + r->a.duration : 0;
	int ret, timeout;

	while (!stop) {
		timeout = TRACE_POLL_MS;
		if (end) {
			double left = end - now_s();

			if (left <= 0)
				break;
			if (left * 1000 < timeout)
				timeout = left * 1000 + 1;
		}
		ret = bbpf_events_poll(r->ev, timeout);
		if (ret == 0)
			ret = bbpf_events_consume(r->ev); /* perf rings below their watermark */
		if (trace_sink_flush(&r->out) == -EPIPE)
			break; /* the reader of stdout is gone (trace | head): stop, clean */
		if (ret < 0 && ret != -EINTR) {
			p_err("trace: reading events: %s", bbpf_strerror(ret));
			return ret;
		}
		if (ret > 0 && ret < TRACE_BATCH)
			linger(r);
	}
	bbpf_events_consume(r->ev);
	trace_sink_flush(&r->out);
	return 0;
}

static int start_reader(struct trace_run *r)
{
	struct bbpf_events_opts eo = { .sz = sizeof(eo), .watermark = 64 * 1024 };
	int fd = bbpf_map_fd(r->skel->maps.events);
	int err;

	err = fd < 0 ? fd : bbpf_events_new(&r->ev);
	err = err ?: bbpf_events_add(r->ev, fd, on_record, r, &eo);
	if (err < 0) {
		p_err("trace: reading the collector's buffer: %s", bbpf_strerror(err));
		return err;
	}
	/*
	 * The chains attach while they load, before this: on the perf buffer,
	 * whose per-CPU outputs the reader installs, what fired in between
	 * was dropped. That is before "ready", so not a loss of the session.
	 */
	r->dropped_early = dropped(r);
	set_linger(r, bbpf_events_map_type(r->ev, 0));
	summary_head(r, bbpf_events_map_type(r->ev, 0));
	summary_chains(r);
	return 0;
}

/* --buffer as the loader takes it (bbpf_obj_load_opts.buffer). */
static int buffer_mode(const char *word)
{
	if (!strcmp(word, "perf"))
		return BBPF_BUFFER_PERF;
	return strcmp(word, "ringbuf") ? BBPF_BUFFER_AUTO : BBPF_BUFFER_RINGBUF;
}

/* --attach MECH with no selected event that has a MECH step: said, -ENOENT. */
static int check_force(const struct trace_run *r)
{
	const struct bbpf_prog *steps[16];
	char with[256] = "";
	size_t i, s, n, off = 0;
	const char *name;

	if (r->force == BBPF_MECH_AUTO)
		return 0;
	for (i = 0; i < bbpf_obj_chain_cnt(r->obj); i++) {
		name = bbpf_obj_chain_name(r->obj, i);
		if (chain_has(r->obj, name, r->force))
			return 0;
		n = bbpf_obj_chain_steps(r->obj, name, steps, 16);
		for (s = 0; s < n && s < 16; s++)
			if (bbpf_prog_mech(steps[s]) == r->force && off < sizeof(with))
				off += snprintf(with + off, sizeof(with) - off, " %s", name);
	}
	p_err("trace: --attach %s: no selected event has a %s step (events with one:%s)",
	      r->a.attach, r->a.attach, off ? with : " none");
	return -ENOENT;
}

static int load(struct trace_run *r)
{
	struct bbpf_obj_load_opts lo = { .sz = sizeof(lo),
					 .btf_path = r->a.btf_path,
					 .btf_dir = r->a.btf_dir,
					 .log_all = r->a.verbose,
					 .buffer = buffer_mode(r->a.buffer) };
	struct bbpf_chain_opts co = { .sz = sizeof(co),
				      .force = r->force,
				      .load = &lo,
				      .or_auto = true,
				      .rest_later = true };
	int err = check_force(r);

	if (err)
		return err;
	err = bbpf_obj_load_chains(r->obj, &co, &r->chains);
	if (err == -ESRCH && r->force != BBPF_MECH_AUTO)
		p_err("trace: --attach %s: an event's %s step could not be loaded or attached "
		      "(the line above says why); nothing is left loaded",
		      r->a.attach, r->a.attach);
	else if (err == -ESRCH)
		p_err("trace: an event could not be attached by any of its steps (the line "
		      "above says why); --events without it traces the others");
	else if (err)
		p_fail("trace: loading the collector: %s", bbpf_strerror(err));
	return err;
}

static void set_wall_offset(struct trace_fmt *f)
{
	struct timespec rt, mono;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	f->wall_offset_ns = (rt.tv_sec - mono.tv_sec) * 1000000000LL + (rt.tv_nsec - mono.tv_nsec);
}

static int run(struct trace_run *r)
{
	struct sigaction sa = { .sa_handler = on_signal };
	pthread_t attacher;
	bool joined = true;
	int err, force;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	r->fmt.json = r->a.json;
	r->out.fd = STDOUT_FILENO;
	force = bbpf_mech_parse(r->a.attach ? r->a.attach : "auto"); /* one of attach_words */
	r->force = force < 0 ? BBPF_MECH_AUTO : (enum bbpf_mech)force;
	set_wall_offset(&r->fmt);
	err = trace_check_privileges();
	/* No BTF on this host (or --btf-pack): the pack this binary carries, if any. */
	err = err ?: btf_pack_use(&r->a.btf_path, r->a.btf_dir, r->a.btf_pack);
	err = err ?: trace_setup(&r->a, &r->skel);
	r->obj = r->skel ? r->skel->obj : NULL;
	err = err ?: load(r);
	err = err ?: start_reader(r);
	if (!err && !r->a.json)
		trace_sink_str(&r->out, trace_fmt_table_head());
	if (!err && pthread_create(&attacher, NULL, attach_rest, r)) {
		attach_rest(r); /* no thread: attached before reading, as ever */
		err = r->attach_err;
	} else if (!err) {
		joined = false;
	}
	err = err ?: read_loop(r);
	if (!joined)
		pthread_join(attacher, NULL);
	err = err ?: r->attach_err;
	detach_all(r);
	bbpf_chains_free(r->chains);
	if (r->ev)
		summary_end(r);
	bbpf_events_free(r->ev);
	trace_close(r->skel); /* the object; its links are trace's own (r->links) */
	return err;
}

int do_trace(int argc, char **argv)
{
	static struct trace_run r;
	int err;

	err = parse_args(argc, argv, &r.a);
	if (err)
		return err;
	return run(&r) ? EXIT_FAIL : EXIT_OK;
}

int trace_run_args(const struct trace_args *a, void (*ready)(void *ctx), void *ctx)
{
	static struct trace_run r;

	r.a = *a;
	r.ready = ready;
	r.ready_ctx = ctx;
	return run(&r);
}
