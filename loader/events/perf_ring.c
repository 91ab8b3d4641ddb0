// SPDX-License-Identifier: BSD-2-Clause
/*
 * The perf ring's record walk, pure. The kernel writes records at data_head
 * and publishes data_head after them; we read data_head with acquire (the
 * records before it are then visible), read, and store data_tail with release
 * (the kernel may then overwrite what we read). The data area is mapped once,
 * so a record that wraps the end is copied to scratch first.
 *
 * The records we ask for (perfbuf.c) are PERF_RECORD_SAMPLE with
 * PERF_SAMPLE_RAW and PERF_RECORD_LOST:
 *
 *   SAMPLE  struct perf_event_header; u32 size; u8 data[size]   (size is the
 *           program's length rounded so that 4 + size is a multiple of 8)
 *   LOST    struct perf_event_header; u64 id; u64 lost
 */
#include <errno.h>
#include <string.h>

#include "events/internal.h"

struct lost_rec {
	struct perf_event_header hdr;
	uint64_t id;
	uint64_t lost;
};

/* A record that wraps the ring's end, copied to scratch in one piece (the rare case). */
static __attribute__((noinline)) const uint8_t *copy_wrapped(const struct bbpf__perf_ring *r,
							     size_t off, size_t size)
{
	size_t first = r->data_size - off;

	memcpy(r->scratch, r->data + off, first);
	memcpy(r->scratch + first, r->data, size - first);
	return r->scratch;
}

/* The record of @size bytes at @pos, contiguous: in the ring or copied to scratch. */
static inline const uint8_t *rec_at(const struct bbpf__perf_ring *r, uint64_t pos, size_t size)
{
	size_t off = pos & (r->data_size - 1);

	return size <= r->data_size - off ? r->data + off : copy_wrapped(r, off, size);
}

/* One record: 1 when it was a sample handed to @fn, 0 when not, or an error. */
static int one_rec(const uint8_t *rec, size_t size, bbpf__rec_fn fn, void *ctx,
		   struct bbpf__perf_stats *st, int *ret)
{
	struct perf_event_header hdr;
	struct lost_rec lost;
	uint32_t raw;

	memcpy(&hdr, rec, sizeof(hdr));
	switch (hdr.type) {
	case PERF_RECORD_SAMPLE:
		if (size < sizeof(hdr) + 4)
			return -EBADMSG;
		memcpy(&raw, rec + sizeof(hdr), 4);
		if (raw > size - sizeof(hdr) - 4)
			return -EBADMSG;
		*ret = fn(ctx, rec + sizeof(hdr) + 4, raw);
		return 1;
	case PERF_RECORD_LOST:
		if (size < sizeof(lost))
			return -EBADMSG;
		memcpy(&lost, rec, sizeof(lost));
		st->lost += lost.lost;
		return 0;
	default:
		st->other++;
		return 0;
	}
}

int bbpf__perf_walk(const struct bbpf__perf_ring *r, bbpf__rec_fn fn, void *ctx,
		    struct bbpf__perf_stats *st, bool *stopped)
{
	uint64_t head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = r->meta->data_tail;
	struct perf_event_header hdr;
	int cnt = 0, ret = 0, err = 0;

	*stopped = false;
	if (head - tail > r->data_size)
		return -EBADMSG;
	while (tail != head && !ret) {
		const uint8_t *rec = rec_at(r, tail, sizeof(hdr));

		memcpy(&hdr, rec, sizeof(hdr));
		if (hdr.size < sizeof(hdr) || hdr.size > head - tail) {
			err = -EBADMSG;
			break;
		}
		/* The header was read in place: the record is too unless it wraps. */
		if (rec == r->scratch || (tail & (r->data_size - 1)) + hdr.size > r->data_size)
			rec = rec_at(r, tail, hdr.size);
		err = one_rec(rec, hdr.size, fn, ctx, st, &ret);
		if (err < 0)
			break;
		cnt += err;
		tail += hdr.size;
	}
	__atomic_store_n(&r->meta->data_tail, tail, __ATOMIC_RELEASE);
	*stopped = ret > 0;
	return err < 0 ? err : ret < 0 ? ret : cnt;
}
