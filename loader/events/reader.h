/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The reader's state, shared by events.c (the epoll loop and the API),
 * ringbuf.c and perfbuf.c (mapping each kind of ring). [sys]
 */
#ifndef BBPF_LOADER_EVENTS_READER_H
#define BBPF_LOADER_EVENTS_READER_H

#include <barebpf/ringbuf.h>
#include "events/internal.h"

/* One CPU's perf ring. */
struct bbpf__perf_cpu {
	int cpu;
	int fd; /* the PERF_COUNT_SW_BPF_OUTPUT event, in slot @cpu of the map */
	void *base;
	size_t len; /* the mapping: one meta page and the data pages */
	struct bbpf__perf_ring ring;
	uint64_t lost;
};

/* One map added to the reader. */
struct bbpf__ev_map {
	int type;   /* BPF_MAP_TYPE_RINGBUF or BPF_MAP_TYPE_PERF_EVENT_ARRAY */
	int map_fd; /* a dup of the caller's: perf slots are cleared on free */
	bbpf_event_fn fn;
	bbpf_lost_fn lost_fn;
	void *ctx;
	/* Ring buffer. */
	struct bbpf__ring ring;
	void *cons_page, *prod_area;
	size_t prod_len;
	/* Perf buffer. */
	struct bbpf__perf_cpu *cpus;
	int cpu_cnt;
};

struct bbpf_events {
	int epfd;
	struct bbpf__ev_map *maps;
	size_t map_cnt, map_cap;
	int ring_cnt; /* rings in the epoll set */
	void *evs;    /* struct epoll_event[evs_cap] for epoll_wait */
	size_t evs_cap;
	uint8_t *scratch; /* BBPF__PERF_SCRATCH bytes, for split perf records */
};

/* The epoll tag of map @idx's ring @slot (0 for a ring buffer). */
#define BBPF__EV_TAG(idx, slot) (((uint64_t)(idx) << 32) | (uint32_t)(slot))

/* bbpf__ringbuf_map() maps ring buffer @m (its map_fd set) and adds it to @ev's epoll set. */
int bbpf__ringbuf_map(struct bbpf_events *ev, size_t idx, uint32_t max_entries);
void bbpf__ringbuf_unmap(struct bbpf__ev_map *m);

/* bbpf__perfbuf_map() opens, maps and slots a perf ring per online CPU of map @idx. */
int bbpf__perfbuf_map(struct bbpf_events *ev, size_t idx, uint32_t max_entries,
		      const struct bbpf_events_opts *opts);
void bbpf__perfbuf_unmap(struct bbpf__ev_map *m);

/* bbpf__events_watch() adds @fd to the epoll set under @tag. Returns 0 or -errno. */
int bbpf__events_watch(struct bbpf_events *ev, int fd, uint64_t tag);

#endif
