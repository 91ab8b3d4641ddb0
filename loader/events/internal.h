/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record walkers of the event readers: pure code over memory, so that
 * they are unit-tested on malloc'd rings and fuzzed. The readers (events.c,
 * ringbuf.c, perfbuf.c) map the kernel's rings and hand them to these.
 */
#ifndef BBPF_LOADER_EVENTS_INTERNAL_H
#define BBPF_LOADER_EVENTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/perf_event.h>

/*
 * A record handed to a walker's callback. Returns 0 to go on, > 0 to stop
 * after this record (it counts as consumed), < 0 to stop with that error.
 */
typedef int (*bbpf__rec_fn)(void *ctx, const void *data, size_t size);

/*
 * A BPF ring buffer as mapped (libbpf's ringbuf.c and the kernel's
 * kernel/bpf/ringbuf.c agree on this layout):
 *
 *   page 0           consumer position (unsigned long), ours, read-write
 *   page 1           producer position (unsigned long), the kernel's, read-only
 *   page 2..         data, @mask + 1 bytes (a power of two), mapped twice in a
 *                    row, so a record that wraps the end reads contiguously
 *
 * Each record starts 8-byte aligned with a header {u32 len; u32 pg_off}; len
 * carries two flag bits: BUSY (reserved, not yet committed) and DISCARD.
 * The positions only grow; a byte's place in data is pos & mask.
 */
struct bbpf__ring {
	unsigned long *cons_pos;
	const unsigned long *prod_pos;
	const uint8_t *data; /* 2 * (mask + 1) readable bytes */
	size_t mask;
};

#define BBPF__RING_BUSY	   (1U << 31)
#define BBPF__RING_DISCARD (1U << 30)
#define BBPF__RING_HDR	   8U

/*
 * bbpf__ring_walk() hands each committed, not discarded record between the
 * consumer and the producer position to @fn, and moves the consumer position
 * past what it has read (release order, so the kernel may reuse the space).
 * It stops at a record still busy (the producer has not committed it) and
 * rereads the producer position until nothing is left.
 * Returns the number of records handed to @fn, @fn's error, or -EBADMSG (the
 * consumer left where it was) when positions or a length cannot be true: a
 * producer more than the ring ahead of (or behind) the consumer, a record
 * longer than the ring or reaching past the producer position.
 */
int bbpf__ring_walk(const struct bbpf__ring *r, bbpf__rec_fn fn, void *ctx, bool *stopped);

/*
 * A BPF_MAP_TYPE_USER_RINGBUF as mapped: the same layout and record format
 * as a ring buffer, the other way round: the consumer position is the
 * kernel's (read-only to us), the producer position and the data are ours.
 */
struct bbpf__uring {
	const unsigned long *cons_pos;
	unsigned long *prod_pos;
	uint8_t *data; /* 2 * (mask + 1) bytes */
	size_t mask;
};

/*
 * bbpf__uring_reserve() makes room for a record of @size bytes: writes its
 * header as BUSY, moves the producer position past it (release: the kernel
 * then sees the record, and waits while it is busy) and points *@rec at its
 * data. One producer at a time. Returns 0, -E2BIG for a record that can
 * never fit, -ENOSPC while the kernel has not consumed enough.
 */
int bbpf__uring_reserve(const struct bbpf__uring *r, uint32_t size, void **rec);

/* bbpf__uring_commit() ends what reserve gave: sent, or discarded with @discard. */
void bbpf__uring_commit(void *rec, bool discard);

/*
 * A perf ring as mapped: the perf_event_mmap_page, then @data_size bytes (a
 * power of two) of records, each starting with a struct perf_event_header.
 * data_head is the kernel's (read with acquire), data_tail ours (written
 * with release). Records are not double mapped: one that wraps the end is
 * copied to @scratch (64 KiB, the largest record a u16 size allows).
 */
struct bbpf__perf_ring {
	struct perf_event_mmap_page *meta;
	const uint8_t *data;
	size_t data_size;
	uint8_t *scratch;
};

#define BBPF__PERF_SCRATCH 65536

/* The records a perf walk saw besides samples. */
struct bbpf__perf_stats {
	uint64_t lost;	/* PERF_RECORD_LOST: samples the kernel dropped */
	uint64_t other; /* records of other types, skipped */
};

/*
 * bbpf__perf_walk() hands the raw data of each PERF_RECORD_SAMPLE (sample
 * type PERF_SAMPLE_RAW: {header, u32 size, data[size]}) to @fn, adds the
 * counts of PERF_RECORD_LOST to @st, and moves data_tail past what it read.
 * Returns the number of samples handed to @fn, @fn's error, or -EBADMSG
 * (data_tail left at the bad record) for a head more than the ring ahead of
 * the tail, a record smaller than its header or past the head, or a sample
 * whose raw size does not fit its record.
 */
int bbpf__perf_walk(const struct bbpf__perf_ring *r, bbpf__rec_fn fn, void *ctx,
		    struct bbpf__perf_stats *st, bool *stopped);

#endif
