// SPDX-License-Identifier: BSD-2-Clause
/*
 * Mapping a perf buffer [sys]: a BPF_MAP_TYPE_PERF_EVENT_ARRAY is an array
 * of perf event fds, one slot per CPU; bpf_perf_event_output() writes to the
 * event in the slot of the CPU it runs on. For each online CPU (sysfs
 * "online", not guessed) we open a PERF_COUNT_SW_BPF_OUTPUT event that
 * samples PERF_SAMPLE_RAW, map its ring (a meta page, then 2^n data pages),
 * put its fd in the CPU's slot and watch it with epoll. The event wakes the
 * poller every wakeup_events samples, or once watermark bytes wait.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <barebpf/sys.h>
#include "internal/log.h"
#include "internal/opts.h"
#include "kernel/cpus.h"
#include "events/reader.h"

#define ONLINE	      "/sys/devices/system/cpu/online"
#define DEFAULT_PAGES 64

/* The online CPUs into *@mask (bbpf__cpu_list_parse()'s count of slots). */
static int online_cpus(bool **mask)
{
	char buf[4096];
	size_t n;
	FILE *f;
	int cnt;

	f = fopen(ONLINE, "re");
	if (!f) {
		cnt = -errno;
		pr_warn("reading %s: %s\n", ONLINE, bbpf_strerror(cnt));
		return cnt;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	cnt = bbpf__cpu_list_parse(buf, NULL, 0);
	if (cnt < 0) {
		pr_warn("%s: not a CPU list: '%s'\n", ONLINE, buf);
		return cnt;
	}
	*mask = calloc((size_t)cnt, sizeof(**mask));
	if (!*mask)
		return -ENOMEM;
	bbpf__cpu_list_parse(buf, *mask, (size_t)cnt);
	return cnt;
}

static int open_event(int cpu, const struct bbpf_events_opts *opts)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
	};
	uint32_t mark = OPTS_GET(opts, watermark, 0);

	if (mark) {
		attr.watermark = 1;
		attr.wakeup_watermark = mark;
	} else {
		attr.wakeup_events = OPTS_GET(opts, wakeup_events, 0) ?: 1;
	}
	return bbpf_sys_perf_event_open(&attr, -1, cpu, -1, 0);
}

/* One CPU: the event, its ring, its slot. */
static int map_cpu(struct bbpf_events *ev, size_t idx, struct bbpf__perf_cpu *c, size_t pages,
		   const struct bbpf_events_opts *opts)
{
	struct bbpf__ev_map *m = &ev->maps[idx];
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int err, key = c->cpu;

	c->fd = open_event(c->cpu, opts);
	if (c->fd < 0) {
		pr_warn("perf buffer: perf_event_open on CPU %d: %s\n", c->cpu,
			bbpf_strerror(c->fd));
		return c->fd;
	}
	c->len = (pages + 1) * page;
	err = bbpf_sys_mmap(&c->base, c->len, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	if (err) {
		c->base = NULL;
		pr_warn("perf buffer: mapping CPU %d's ring (%zu pages): %s\n", c->cpu, pages,
			bbpf_strerror(err));
		return err;
	}
	c->ring = (struct bbpf__perf_ring){ c->base, (const uint8_t *)c->base + page, pages * page,
					    ev->scratch };
	err = bbpf_sys_perf_event_enable(c->fd)
		      ?: bbpf_sys_map_update_elem(m->map_fd, &key, &c->fd, 0);
	if (err) {
		pr_warn("perf buffer: CPU %d: enabling its event or filling its slot: %s\n", c->cpu,
			bbpf_strerror(err));
		return err;
	}
	return bbpf__events_watch(ev, c->fd, BBPF__EV_TAG(idx, c - m->cpus));
}

static int check_pages(size_t pages)
{
	if (!pages || (pages & (pages - 1))) {
		pr_warn("perf buffer: %zu pages per CPU: not a power of two\n", pages);
		return -EINVAL;
	}
	return 0;
}

int bbpf__perfbuf_map(struct bbpf_events *ev, size_t idx, uint32_t max_entries,
		      const struct bbpf_events_opts *opts)
{
	size_t pages = OPTS_GET(opts, perf_pages, 0) ?: DEFAULT_PAGES;
	struct bbpf__ev_map *m = &ev->maps[idx];
	bool *online = NULL;
	int cnt, cpu, err;

	err = check_pages(pages);
	if (!err && !ev->scratch && !(ev->scratch = malloc(BBPF__PERF_SCRATCH)))
		err = -ENOMEM;
	cnt = err ?: online_cpus(&online);
	if (cnt < 0)
		return cnt;
	m->cpus = calloc((size_t)cnt, sizeof(*m->cpus));
	for (cpu = 0, err = m->cpus ? 0 : -ENOMEM; cpu < cnt && !err; cpu++) {
		if (!online[cpu] || (uint32_t)cpu >= max_entries)
			continue;
		m->cpus[m->cpu_cnt] = (struct bbpf__perf_cpu){ .cpu = cpu, .fd = -1 };
		err = map_cpu(ev, idx, &m->cpus[m->cpu_cnt++], pages, opts);
	}
	free(online);
	if (!err && !m->cpu_cnt) {
		pr_warn("perf buffer: max_entries %u leaves no slot for an online CPU\n",
			max_entries);
		err = -EINVAL;
	}
	return err;
}

void bbpf__perfbuf_unmap(struct bbpf__ev_map *m)
{
	struct bbpf__perf_cpu *c;
	int i, key;

	for (i = 0; i < m->cpu_cnt; i++) {
		c = &m->cpus[i];
		if (c->fd >= 0) {
			key = c->cpu;
			bbpf_sys_map_delete_elem(m->map_fd, &key);
			close(c->fd);
		}
		if (c->base)
			bbpf_sys_munmap(c->base, c->len);
	}
	free(m->cpus);
	m->cpus = NULL;
	m->cpu_cnt = 0;
}
