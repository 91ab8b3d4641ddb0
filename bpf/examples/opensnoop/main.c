// SPDX-License-Identifier: BSD-2-Clause
/*
 * opensnoop: print every openat() as it happens, with barebpf and the
 * skeleton `barebpf gen skeleton opensnoop.bpf.o > opensnoop.skel.h` made.
 *   opensnoop [-p PID] [-d SECONDS]      (root; Ctrl-C ends it)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>

#include <barebpf/ringbuf.h>
#include "opensnoop.h"
#include "opensnoop.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int on_event(void *ctx, int cpu, const void *data, size_t size)
{
	const struct open_event *e = data;

	(void)ctx;
	(void)cpu;
	if (size >= sizeof(*e))
		printf("%-7u %-6u %-16s %s\n", e->pid, e->uid, e->comm, e->fname);
	return 0;
}

int main(int argc, char **argv)
{
	struct opensnoop *skel = NULL;
	struct bbpf_events *ev = NULL;
	int opt, secs = 0, pid = 0, err;
	time_t end;

	while ((opt = getopt(argc, argv, "p:d:")) != -1) {
		if (opt == 'p')
			pid = atoi(optarg);
		else if (opt == 'd')
			secs = atoi(optarg);
		else
			goto usage;
	}
	if (optind < argc)
		goto usage;
	err = opensnoop__open(&skel);
	if (err) {
		fprintf(stderr, "opensnoop: opening: %s\n", bbpf_strerror(err));
		return 1;
	}
	skel->rodata->targ_pid = (__u32)pid; /* read by the program, fixed at load */
	err = opensnoop__load(skel);
	if (!err)
		err = opensnoop__attach(skel);
	if (!err)
		err = bbpf_events_new(&ev);
	if (!err) {
		err = bbpf_events_add(ev, bbpf_map_fd(skel->maps.events), on_event, NULL, NULL);
		err = err < 0 ? err : 0; /* else the map's index in the reader */
	}
	if (err) {
		fprintf(stderr, "opensnoop: %s\n", bbpf_strerror(err));
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("%-7s %-6s %-16s %s\n", "PID", "UID", "COMM", "FILE");
	fflush(stdout);
	end = time(NULL) + secs;
	while (!stop && (!secs || time(NULL) < end)) {
		err = bbpf_events_poll(ev, 100);
		if (err < 0 && err != -EINTR)
			break;
		err = 0;
		fflush(stdout);
	}
	/* Counters straight from the program's .bss, mmapped by the load. */
	fprintf(stderr, "%llu opens seen, %llu dropped\n", (unsigned long long)skel->bss->seen,
		(unsigned long long)skel->bss->dropped);
out:
	bbpf_events_free(ev);
	opensnoop__destroy(skel);
	return err ? 1 : 0;
usage:
	fprintf(stderr, "usage: %s [-p PID] [-d SECONDS]\n", argv[0]);
	return 2;
}
