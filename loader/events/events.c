// SPDX-License-Identifier: BSD-2-Clause
/*
 * The event reader [sys]: maps added by fd, every ring in one epoll set,
 * each ready ring walked by the pure walkers (ring.c, perf_ring.c).
 * Epoll tags say which map and which of its rings woke us.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <barebpf/ringbuf.h>
#include <barebpf/sys.h>
#include "internal/err.h"
#include "internal/log.h"
#include "internal/mem.h"
#include "internal/opts.h"
#include "events/reader.h"

int bbpf_events_new(struct bbpf_events **out)
{
	struct bbpf_events *ev;

	if (!out)
		return -EINVAL;
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (ev->epfd < 0) {
		int err = -errno;

		free(ev);
		pr_warn("event reader: epoll_create1: %s\n", bbpf_strerror(err));
		return err;
	}
	*out = ev;
	return 0;
}

int bbpf__events_watch(struct bbpf_events *ev, int fd, uint64_t tag)
{
	struct epoll_event e = { .events = EPOLLIN, .data.u64 = tag };
	int err;

	/* Room in evs first: a ring watched is a ring epoll_wait may report. */
	err = bbpf__grow(&ev->evs, &ev->evs_cap, sizeof(e), (size_t)ev->ring_cnt + 1);
	if (err)
		return err;
	if (epoll_ctl(ev->epfd, EPOLL_CTL_ADD, fd, &e) < 0) {
		err = -errno;
		pr_warn("event reader: epoll_ctl: %s\n", bbpf_strerror(err));
		return err;
	}
	ev->ring_cnt++;
	return 0;
}

/*
 * Out of the epoll set first: an epoll entry lives as long as the file, and
 * the caller's map fd (a ring buffer) or the map's slot (a perf event) may
 * keep the file open after we close our fd.
 */
static void unmap(struct bbpf_events *ev, struct bbpf__ev_map *m)
{
	int i;

	if (m->type == BPF_MAP_TYPE_RINGBUF) {
		epoll_ctl(ev->epfd, EPOLL_CTL_DEL, m->map_fd, NULL);
		bbpf__ringbuf_unmap(m);
	} else {
		for (i = 0; i < m->cpu_cnt; i++)
			if (m->cpus[i].fd >= 0)
				epoll_ctl(ev->epfd, EPOLL_CTL_DEL, m->cpus[i].fd, NULL);
		bbpf__perfbuf_unmap(m);
	}
	if (m->map_fd >= 0)
		close(m->map_fd);
	m->map_fd = -1;
}

/* The map's type and max_entries, from the kernel. */
static int map_info(int map_fd, struct bpf_map_info *info)
{
	uint32_t len = sizeof(*info);
	int err;

	memset(info, 0, sizeof(*info));
	err = bbpf_sys_obj_get_info_by_fd(map_fd, info, &len);
	if (err)
		pr_warn("event reader: map fd %d: %s\n", map_fd, bbpf_strerror(err));
	return err;
}

static int add_map(struct bbpf_events *ev, size_t idx, const struct bpf_map_info *info,
		   const struct bbpf_events_opts *opts)
{
	if (info->type == BPF_MAP_TYPE_RINGBUF)
		return bbpf__ringbuf_map(ev, idx, info->max_entries);
	if (info->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return bbpf__perfbuf_map(ev, idx, info->max_entries, opts);
	pr_warn("event reader: map '%s' is of type %u, neither a ring buffer nor a perf event array\n",
		info->name, info->type);
	return -EINVAL;
}

int bbpf_events_add(struct bbpf_events *ev, int map_fd, bbpf_event_fn fn, void *ctx,
		    const struct bbpf_events_opts *opts)
{
	struct bpf_map_info info;
	struct bbpf__ev_map *m;
	int err;

	if (!ev || !fn || map_fd < 0 || !OPTS_VALID(opts, bbpf_events_opts))
		return -EINVAL;
	err = map_info(map_fd, &info)
		      ?: bbpf__grow((void **)&ev->maps, &ev->map_cap, sizeof(*m), ev->map_cnt + 1);
	if (err)
		return err;
	m = &ev->maps[ev->map_cnt];
	*m = (struct bbpf__ev_map){ .type = (int)info.type,
				    .fn = fn,
				    .ctx = ctx,
				    .lost_fn = OPTS_GET(opts, lost_fn, NULL) };
	m->map_fd = fcntl(map_fd, F_DUPFD_CLOEXEC, 3);
	if (m->map_fd < 0)
		return -errno;
	err = add_map(ev, ev->map_cnt, &info, opts);
	if (err) {
		unmap(ev, m);
		return err;
	}
	return (int)ev->map_cnt++;
}

/* The walkers' callback: the map's callback with the CPU added. */
struct rec_ctx {
	const struct bbpf__ev_map *m;
	int cpu;
};

static int on_rec(void *ctx, const void *data, size_t size)
{
	const struct rec_ctx *rc = ctx;

	return rc->m->fn(rc->m->ctx, rc->cpu, data, size);
}

static int read_perf(struct bbpf__ev_map *m, struct bbpf__perf_cpu *c, bool *stopped)
{
	struct rec_ctx rc = { m, c->cpu };
	struct bbpf__perf_stats st = { 0 };
	int ret;

	ret = bbpf__perf_walk(&c->ring, on_rec, &rc, &st, stopped);
	if (st.lost) {
		c->lost += st.lost;
		if (m->lost_fn)
			m->lost_fn(m->ctx, c->cpu, st.lost);
	}
	if (ret == -EBADMSG)
		pr_warn("perf buffer: CPU %d's ring holds a record that cannot be (head %llu, tail %llu)\n",
			c->cpu, (unsigned long long)c->ring.meta->data_head,
			(unsigned long long)c->ring.meta->data_tail);
	return ret;
}

/* The ring tagged @tag: records read, or an error. */
static int read_ring(struct bbpf_events *ev, uint64_t tag, bool *stopped)
{
	size_t idx = tag >> 32, slot = (uint32_t)tag;
	struct bbpf__ev_map *m;
	struct rec_ctx rc;
	int ret;

	if (idx >= ev->map_cnt)
		return 0; /* a map whose add failed: no longer watched */
	m = &ev->maps[idx];
	if (m->type != BPF_MAP_TYPE_RINGBUF)
		return slot < (size_t)m->cpu_cnt ? read_perf(m, &m->cpus[slot], stopped) : 0;
	rc = (struct rec_ctx){ m, -1 };
	ret = bbpf__ring_walk(&m->ring, on_rec, &rc, stopped);
	if (ret == -EBADMSG)
		pr_warn("ring buffer: a record that cannot be (consumer %lu, producer %lu)\n",
			*m->ring.cons_pos, *m->ring.prod_pos);
	return ret;
}

int bbpf_events_poll(struct bbpf_events *ev, int timeout_ms)
{
	struct epoll_event one, *evs;
	int n, i, ret, cnt = 0;
	bool stopped = false;

	if (!ev)
		return -EINVAL;
	evs = ev->evs ?: &one; /* no ring yet: only a timeout can come */
	n = epoll_wait(ev->epfd, evs, ev->ring_cnt ?: 1, timeout_ms);
	if (n < 0)
		return -errno;
	for (i = 0; i < n && !stopped; i++) {
		ret = read_ring(ev, evs[i].data.u64, &stopped);
		if (ret < 0)
			return ret;
		cnt += ret;
	}
	return cnt;
}

int bbpf_events_consume(struct bbpf_events *ev)
{
	bool stopped = false;
	size_t i;
	int j, ret, cnt = 0;

	if (!ev)
		return -EINVAL;
	for (i = 0; i < ev->map_cnt && !stopped; i++) {
		struct bbpf__ev_map *m = &ev->maps[i];
		int rings = m->type == BPF_MAP_TYPE_RINGBUF ? 1 : m->cpu_cnt;

		for (j = 0; j < rings && !stopped; j++) {
			ret = read_ring(ev, BBPF__EV_TAG(i, j), &stopped);
			if (ret < 0)
				return ret;
			cnt += ret;
		}
	}
	return cnt;
}

int bbpf_events_epoll_fd(const struct bbpf_events *ev)
{
	return ev ? ev->epfd : -EINVAL;
}

int bbpf_events_map_type(const struct bbpf_events *ev, int idx)
{
	return ev && idx >= 0 && (size_t)idx < ev->map_cnt ? ev->maps[idx].type : -EINVAL;
}

int bbpf_events_lost(const struct bbpf_events *ev, int idx, int cpu, uint64_t *cnt)
{
	const struct bbpf__ev_map *m;
	int i, found = cpu < 0;

	if (!ev || !cnt || idx < 0 || (size_t)idx >= ev->map_cnt)
		return -EINVAL;
	m = &ev->maps[idx];
	*cnt = 0;
	for (i = 0; i < m->cpu_cnt; i++) {
		if (cpu >= 0 && m->cpus[i].cpu != cpu)
			continue;
		*cnt += m->cpus[i].lost;
		found = 1;
	}
	return found || m->type == BPF_MAP_TYPE_RINGBUF ? 0 : -ENOENT;
}

void bbpf_events_free(struct bbpf_events *ev)
{
	size_t i;

	if (!ev)
		return;
	for (i = 0; i < ev->map_cnt; i++)
		unmap(ev, &ev->maps[i]);
	if (ev->epfd >= 0)
		close(ev->epfd);
	free(ev->maps);
	free(ev->evs);
	free(ev->scratch);
	free(ev);
}
