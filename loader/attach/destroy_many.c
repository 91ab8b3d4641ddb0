// SPDX-License-Identifier: BSD-2-Clause
/*
 * Destroying many links at once. Detaching a tracepoint waits for RCU grace
 * periods in the kernel (the perf link's detach waits for tasks-trace RCU,
 * the last perf event on a tracepoint for the tracepoint's unregistration):
 * ~30 ms per close on a 6.18 host, so 16 links closed one after the other
 * cost ~0.8 s of wall time and almost no CPU. Grace periods that overlap are
 * shared, so the links are detached from several threads at once; where a
 * thread cannot be created its links are destroyed by the caller.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <barebpf/link.h>

#define DESTROY_THREADS 32
#define DESTROY_STACK	(64 * 1024)

struct destroy_job {
	struct bbpf_link **links;
	size_t cnt, stride;
	int err;
};

static void *destroy_job_run(void *arg)
{
	struct destroy_job *j = arg;
	size_t i;
	int err;

	for (i = 0; i < j->cnt; i += j->stride) {
		err = bbpf_link_destroy(j->links[i]);
		j->err = j->err ?: err;
		j->links[i] = NULL;
	}
	return NULL;
}

int bbpf_links_destroy(struct bbpf_link **links, size_t cnt)
{
	struct destroy_job jobs[DESTROY_THREADS];
	pthread_t th[DESTROY_THREADS];
	bool started[DESTROY_THREADS] = { 0 };
	size_t n = cnt < DESTROY_THREADS ? cnt : DESTROY_THREADS, i;
	pthread_attr_t attr;
	int err = 0;

	if (!links)
		return 0;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, DESTROY_STACK);
	for (i = 0; i < n; i++) {
		jobs[i] = (struct destroy_job){ .links = links + i, .cnt = cnt - i, .stride = n };
		started[i] = i > 0 && !pthread_create(&th[i], &attr, destroy_job_run, &jobs[i]);
	}
	pthread_attr_destroy(&attr);
	for (i = 0; i < n; i++)
		if (!started[i])
			destroy_job_run(&jobs[i]); /* job 0 always, and any thread that failed */
	for (i = 0; i < n; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		err = err ?: jobs[i].err;
	}
	return err;
}
