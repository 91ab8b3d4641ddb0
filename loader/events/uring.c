// SPDX-License-Identifier: BSD-2-Clause
/*
 * The producer side of a BPF user ring buffer (BPF_MAP_TYPE_USER_RINGBUF,
 * 6.1+), pure: records go to the kernel, which drains them with
 * bpf_user_ringbuf_drain(). The layout and header are the ring buffer's
 * (events/internal.h), so the ring walker reads what this writes.
 *
 * Ordering: the header goes in as BUSY before the producer position moves
 * past it (release), so the kernel never reads a record we are writing; the
 * commit clears BUSY with release, after the data. The consumer position is
 * read with acquire: the space before it is the kernel's no more.
 */
#include <errno.h>

#include "events/internal.h"

int bbpf__uring_reserve(const struct bbpf__uring *r, uint32_t size, void **rec)
{
	unsigned long cons = __atomic_load_n(r->cons_pos, __ATOMIC_ACQUIRE);
	unsigned long prod = *r->prod_pos;
	size_t ring = r->mask + 1;
	uint64_t total = ((uint64_t)size + BBPF__RING_HDR + 7) & ~7ULL;
	uint32_t *hdr;

	if (size & (BBPF__RING_BUSY | BBPF__RING_DISCARD) || total > ring)
		return -E2BIG;
	if (prod - cons > ring || total > ring - (prod - cons))
		return -ENOSPC;
	hdr = (uint32_t *)(r->data + (prod & r->mask));
	hdr[1] = 0;
	__atomic_store_n(hdr, size | BBPF__RING_BUSY, __ATOMIC_RELAXED);
	__atomic_store_n(r->prod_pos, prod + total, __ATOMIC_RELEASE);
	*rec = hdr + 2;
	return 0;
}

void bbpf__uring_commit(void *rec, bool discard)
{
	uint32_t *hdr = (uint32_t *)rec - 2;
	uint32_t len = __atomic_load_n(hdr, __ATOMIC_RELAXED) & ~BBPF__RING_BUSY;

	__atomic_store_n(hdr, len | (discard ? BBPF__RING_DISCARD : 0), __ATOMIC_RELEASE);
}
