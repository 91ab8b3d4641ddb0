/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loader steps for --syscalls: the layers above loader/sys/ name what they do
 * next, and the system calls that follow are printed under it (loader/sys/trace.c).
 */
#ifndef BBPF_INTERNAL_STEP_H
#define BBPF_INTERNAL_STEP_H

#include <stdbool.h>

#include "compiler.h"

/*
 * bbpf__sc_step() names what the loader does next ("load map 'events' (ringbuf, 4096
 * entries)"), @depth levels deep (0 is a whole object). Costs a branch when tracing is off.
 */
__printf(2, 3) void bbpf__sc_step(int depth, const char *fmt, ...);
/* The step is over: calls until the next step are the caller's own (depth 0, no step). */
void bbpf__sc_step_end(void);
/*
 * A step inside another (a feature probe where it is first needed): bbpf__sc_step_save()
 * keeps the current step, bbpf__sc_step_restore() makes it current again, printing nothing.
 */
struct bbpf__sc_saved {
	int depth;
	char step[160];
};
void bbpf__sc_step_save(struct bbpf__sc_saved *s);
void bbpf__sc_step_restore(const struct bbpf__sc_saved *s);
/* Whether calls are being traced (a loader that runs calls on threads keeps them in order then). */
bool bbpf__sc_on(void);

#endif
