/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hook between `barebpf run` and the event readers: set run_events to
 * stream ring/perf buffer records while run waits. All three are optional.
 *   setup(obj, &ctx)    once, after every program is attached
 *   poll(ctx, ms)       repeatedly, for at most ms milliseconds each; -EINTR
 *                       (a signal) and 0 keep run waiting, other -errno end it
 *   teardown(ctx)       once, before detaching
 */
#ifndef BBPF_TOOLS_RUN_H
#define BBPF_TOOLS_RUN_H

struct bbpf_obj;

struct run_events {
	int (*setup)(const struct bbpf_obj *obj, void **ctx);
	int (*poll)(void *ctx, int timeout_ms);
	void (*teardown)(void *ctx);
};

extern const struct run_events *run_events;

#endif
