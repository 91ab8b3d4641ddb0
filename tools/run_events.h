/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record stream of `barebpf run` (the hook its command calls: open once
 * the object is loaded, stream once it is attached, close): every ring buffer and perf event array of
 * the object is read through one reader, each record printed (event_fmt.h),
 * until the duration ends or *@stop is set (SIGINT/SIGTERM); then one line per
 * map with the records read and the records the kernel reported lost.
 */
#ifndef BBPF_TOOLS_RUN_EVENTS_H
#define BBPF_TOOLS_RUN_EVENTS_H

#include <signal.h>
#include <stdbool.h>

struct bbpf_obj;

struct run_events_opts {
	const char *event_type; /* --event-type NAME, or NULL */
	bool json;		/* --json */
	double duration;	/* seconds, < 0: until *stop */
};

struct run_events;

/*
 * run_events_open() sets up the reader of every event map of @obj (loaded):
 * call it before attaching, since a perf buffer drops what a program writes
 * while no reader has its CPU slot filled. Returns 0 or -errno (said on
 * stderr: an unknown --event-type, a map that cannot be read).
 */
int run_events_open(const struct bbpf_obj *obj, const struct run_events_opts *o,
		    struct run_events **out);

/*
 * run_events_stream() prints records until the duration ends or *@stop is
 * set, then the summary. Returns 0 or -errno (said on stderr).
 */
int run_events_stream(struct run_events *r, volatile sig_atomic_t *stop);

/* run_events_close() frees the reader (NULL is fine). */
void run_events_close(struct run_events *r);

#endif
