// SPDX-License-Identifier: BSD-2-Clause
/*
 * Mapping a BPF ring buffer [sys]. The kernel lays the map out for mmap as
 *
 *   offset 0          one page: the consumer position, writable by us
 *   offset page       one page: the producer position, then the data pages
 *                     twice in a row (the kernel maps them so), read-only
 *
 * so we map the first page read-write and page + 2 * size read-only from
 * offset page, and records that wrap the end read as one run of bytes.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include <barebpf/sys.h>
#include "internal/log.h"
#include "events/reader.h"

int bbpf__ringbuf_map(struct bbpf_events *ev, size_t idx, uint32_t max_entries)
{
	struct bbpf__ev_map *m = &ev->maps[idx];
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int err;

	if (!max_entries || (max_entries & (max_entries - 1)) || max_entries % page) {
		pr_warn("ring buffer: size %u is not a power of two of pages\n", max_entries);
		return -EINVAL;
	}
	err = bbpf_sys_mmap(&m->cons_page, page, PROT_READ | PROT_WRITE, MAP_SHARED, m->map_fd, 0);
	if (err) {
		m->cons_page = NULL;
		pr_warn("ring buffer: mapping its consumer page: %s\n", bbpf_strerror(err));
		return err;
	}
	m->prod_len = page + 2 * (size_t)max_entries;
	err = bbpf_sys_mmap(&m->prod_area, m->prod_len, PROT_READ, MAP_SHARED, m->map_fd,
			    (off_t)page);
	if (err) {
		m->prod_area = NULL;
		pr_warn("ring buffer: mapping its data: %s\n", bbpf_strerror(err));
		return err;
	}
	m->ring.cons_pos = m->cons_page;
	m->ring.prod_pos = m->prod_area;
	m->ring.data = (const uint8_t *)m->prod_area + page;
	m->ring.mask = max_entries - 1;
	return bbpf__events_watch(ev, m->map_fd, BBPF__EV_TAG(idx, 0));
}

void bbpf__ringbuf_unmap(struct bbpf__ev_map *m)
{
	if (m->cons_page)
		bbpf_sys_munmap(m->cons_page, (size_t)sysconf(_SC_PAGESIZE));
	if (m->prod_area)
		bbpf_sys_munmap(m->prod_area, m->prod_len);
	m->cons_page = m->prod_area = NULL;
}
