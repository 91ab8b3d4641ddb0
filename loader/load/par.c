// SPDX-License-Identifier: BSD-2-Clause
/*
 * Independent jobs on a few threads. The verifier runs in the context of the
 * process that asked for the load, one program at a time per thread: a
 * collector's sixteen programs loaded by one thread keep one CPU busy while
 * the others idle. Jobs are taken in index order from a shared counter, the
 * caller taking part; where a thread cannot be made, the others (and at
 * least the caller) do its share.
 */
#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

#include "load/internal.h"

#define PAR_THREADS 4
#define PAR_STACK   (128 * 1024)

struct par {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t n, next;
};

static void *par_run(void *arg)
{
	struct par *p = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->n)
		p->fn(p->ctx, i);
	return NULL;
}

/* Threads besides the caller: one per online CPU beyond the first, up to PAR_THREADS - 1. */
static size_t helpers(size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t h = cpus > 1 ? (size_t)cpus - 1 : 0;

	if (h > PAR_THREADS - 1)
		h = PAR_THREADS - 1;
	return n > 1 && h > n - 1 ? n - 1 : n > 1 ? h : 0;
}

void bbpf__par_each(size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct par p = { .fn = fn, .ctx = ctx, .n = n };
	pthread_t th[PAR_THREADS];
	bool started[PAR_THREADS] = { 0 };
	size_t i, h = helpers(n);
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, PAR_STACK);
	for (i = 0; i < h; i++)
		started[i] = !pthread_create(&th[i], &attr, par_run, &p);
	pthread_attr_destroy(&attr);
	par_run(&p);
	for (i = 0; i < h; i++)
		if (started[i])
			pthread_join(th[i], NULL);
}
