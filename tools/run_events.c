// SPDX-License-Identifier: BSD-2-Clause
/* The record stream of `barebpf run`: see run_events.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <linux/bpf.h>

#include <barebpf/obj.h>
#include <barebpf/ringbuf.h>
#include "event_fmt.h"
#include "run_events.h"

struct ev_map {
	const char *name;
	const struct event_fmt *fmt;
	unsigned long long records;
	int idx; /* in the reader */
};

static int on_record(void *ctx, int cpu, const void *data, size_t size)
{
	struct ev_map *m = ctx;

	event_fmt_print(stdout, m->fmt, m->name, cpu, data, size);
	m->records++;
	return 0;
}

static bool is_event_map(const struct bbpf_map *map)
{
	uint32_t type = bbpf_map_def(map)->type;

	return type == BPF_MAP_TYPE_RINGBUF || type == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
}

/* One reader over every event map; @maps gets one entry per map added. */
static int add_maps(struct bbpf_events *ev, const struct bbpf_obj *obj, struct ev_map *maps,
		    size_t *cnt, const struct event_fmt *fmt)
{
	const struct bbpf_map *map;
	size_t i;
	int idx;

	for (i = 0, *cnt = 0; i < bbpf_obj_map_cnt(obj); i++) {
		map = bbpf_obj_map(obj, i);
		if (!is_event_map(map))
			continue;
		maps[*cnt] = (struct ev_map){ .name = bbpf_map_name(map), .fmt = fmt };
		idx = bbpf_events_add(ev, bbpf_map_fd(map), on_record, &maps[*cnt], NULL);
		if (idx < 0) {
			fprintf(stderr, "barebpf: map '%s': reading its records: %s\n",
				bbpf_map_name(map), bbpf_strerror(idx));
			return idx;
		}
		maps[(*cnt)++].idx = idx;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int stream(struct bbpf_events *ev, double duration, volatile sig_atomic_t *stop)
{
	double end = now() + duration;
	int ret = 0;

	while (!*stop && (duration < 0 || now() < end)) {
		ret = bbpf_events_poll(ev, 100);
		if (ret == -EINTR)
			continue;
		if (ret < 0) {
			fprintf(stderr, "barebpf: reading records: %s\n", bbpf_strerror(ret));
			return ret;
		}
	}
	ret = bbpf_events_consume(ev); /* what came before the end */
	return ret < 0 ? ret : 0;
}

static void summary(const struct bbpf_events *ev, const struct ev_map *maps, size_t cnt, bool json)
{
	uint64_t lost;
	size_t i;

	for (i = 0; i < cnt; i++) {
		if (bbpf_events_lost(ev, maps[i].idx, -1, &lost))
			lost = 0;
		if (json)
			printf("{\"map\":\"%s\",\"records\":%llu,\"lost\":%llu}\n", maps[i].name,
			       maps[i].records, (unsigned long long)lost);
		else
			printf("map %s: %llu records, %llu lost\n", maps[i].name, maps[i].records,
			       (unsigned long long)lost);
	}
}

struct run_events {
	struct bbpf_events *ev;
	struct event_fmt fmt;
	struct ev_map *maps;
	size_t cnt;
	const struct run_events_opts *o;
};

void run_events_close(struct run_events *r)
{
	if (!r)
		return;
	bbpf_events_free(r->ev);
	free(r->maps);
	free(r);
}

int run_events_open(const struct bbpf_obj *obj, const struct run_events_opts *o,
		    struct run_events **out)
{
	struct run_events *r = calloc(1, sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	r->o = o;
	r->maps = calloc(bbpf_obj_map_cnt(obj) + 1, sizeof(*r->maps));
	err = r->maps ? 0 : -ENOMEM;
	err = err ?: event_fmt_init(&r->fmt, bbpf_obj_btf(obj), o->event_type, o->json);
	err = err ?: bbpf_events_new(&r->ev);
	err = err ?: add_maps(r->ev, obj, r->maps, &r->cnt, &r->fmt);
	if (err) {
		run_events_close(r);
		return err;
	}
	*out = r;
	return 0;
}

int run_events_stream(struct run_events *r, volatile sig_atomic_t *stop)
{
	int err = stream(r->ev, r->o->duration, stop);

	if (!err)
		summary(r->ev, r->maps, r->cnt, r->o->json);
	fflush(stdout);
	return err;
}
