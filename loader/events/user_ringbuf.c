// SPDX-License-Identifier: BSD-2-Clause
/*
 * Mapping a user ring buffer [sys]: the ring buffer's layout with the roles
 * swapped. The kernel's consumer page is mapped read-only; our producer page
 * and the data (mapped twice in a row by the kernel) read-write. The record
 * work is uring.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <barebpf/ringbuf.h>
#include <barebpf/sys.h>
#include "internal/log.h"
#include "events/internal.h"

struct bbpf_user_ringbuf {
	struct bbpf__uring ring;
	void *cons_page, *prod_area;
	size_t page, prod_len;
};

static int map_rings(struct bbpf_user_ringbuf *rb, int map_fd, uint32_t size)
{
	int err;

	err = bbpf_sys_mmap(&rb->cons_page, rb->page, PROT_READ, MAP_SHARED, map_fd, 0);
	if (err) {
		rb->cons_page = NULL;
		return err;
	}
	rb->prod_len = rb->page + 2 * (size_t)size;
	err = bbpf_sys_mmap(&rb->prod_area, rb->prod_len, PROT_READ | PROT_WRITE, MAP_SHARED,
			    map_fd, (off_t)rb->page);
	if (err) {
		rb->prod_area = NULL;
		return err;
	}
	rb->ring = (struct bbpf__uring){ rb->cons_page, rb->prod_area,
					 (uint8_t *)rb->prod_area + rb->page, size - 1 };
	return 0;
}

int bbpf_user_ringbuf_new(int map_fd, struct bbpf_user_ringbuf **out)
{
	struct bbpf_user_ringbuf *rb;
	struct bpf_map_info info;
	uint32_t len = sizeof(info);
	int err;

	if (!out || map_fd < 0)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	err = bbpf_sys_obj_get_info_by_fd(map_fd, &info, &len);
	if (!err && info.type != BPF_MAP_TYPE_USER_RINGBUF)
		err = -EINVAL;
	if (err) {
		pr_warn("user ring buffer: map fd %d: %s\n", map_fd,
			err == -EINVAL ? "not a user ring buffer" : bbpf_strerror(err));
		return err;
	}
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return -ENOMEM;
	rb->page = (size_t)sysconf(_SC_PAGESIZE);
	err = map_rings(rb, map_fd, info.max_entries);
	if (err) {
		pr_warn("user ring buffer '%s': mmap: %s\n", info.name, bbpf_strerror(err));
		bbpf_user_ringbuf_free(rb);
		return err;
	}
	*out = rb;
	return 0;
}

int bbpf_user_ringbuf_reserve(struct bbpf_user_ringbuf *rb, uint32_t size, void **rec)
{
	return rb && rec ? bbpf__uring_reserve(&rb->ring, size, rec) : -EINVAL;
}

void bbpf_user_ringbuf_submit(struct bbpf_user_ringbuf *rb, void *rec)
{
	(void)rb;
	bbpf__uring_commit(rec, false);
}

void bbpf_user_ringbuf_discard(struct bbpf_user_ringbuf *rb, void *rec)
{
	(void)rb;
	bbpf__uring_commit(rec, true);
}

void bbpf_user_ringbuf_free(struct bbpf_user_ringbuf *rb)
{
	if (!rb)
		return;
	if (rb->cons_page)
		bbpf_sys_munmap(rb->cons_page, rb->page);
	if (rb->prod_area)
		bbpf_sys_munmap(rb->prod_area, rb->prod_len);
	free(rb);
}
