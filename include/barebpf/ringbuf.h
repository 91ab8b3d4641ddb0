/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf: reading the records that BPF programs send to user space, from
 * BPF ring buffers (BPF_MAP_TYPE_RINGBUF, 5.8+) and from perf buffers
 * (BPF_MAP_TYPE_PERF_EVENT_ARRAY: one ring per CPU), through one reader.
 *
 * A reader holds any number of maps of either type; all their rings sit in
 * one epoll set, so one poll waits for all of them. Each map has its own
 * callback and context. A map is added by its fd and the reader looks at its
 * type, so a program whose ring buffer the loader turned into a perf event
 * array (the automatic switch, include/bpf/bbpf_output.h) is read by the same
 * code and hands the same records to the callback.
 *
 *     struct bbpf_events *ev;
 *     err = bbpf_events_new(&ev);
 *     err = err ?: bbpf_events_add(ev, map_fd, on_record, &state, NULL);
 *     while (err >= 0 && !done)
 *             err = bbpf_events_poll(ev, 100);
 *     bbpf_events_free(ev);
 *
 * Records are handed over in place (ring buffer) or from the ring or a copy
 * (perf buffer, for a record split at the end of the ring): the pointer is
 * valid during the callback only. Records of one ring come in the order the
 * kernel committed them; a perf buffer has one ring per CPU, so order holds
 * per CPU only.
 */
#ifndef BAREBPF_RINGBUF_H
#define BAREBPF_RINGBUF_H

#include <stddef.h>
#include <stdint.h>

#include <barebpf/ns.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bbpf_events;

/*
 * A record callback. @cpu is the CPU whose perf ring it came from, -1 for a
 * ring buffer. @size is the length the program gave for a ring buffer; a perf
 * buffer pads it (the kernel rounds 4 + size up to a multiple of 8), so a
 * record of 24 bytes arrives with @size 28, the last 4 bytes zero.
 * Return 0 to go on, > 0 to end the current poll or consume after this
 * record (it counts as read), < 0 to end it and have it return that value.
 */
typedef int (*bbpf_event_fn)(void *ctx, int cpu, const void *data, size_t size);

/* Called when the kernel reports @cnt records lost on @cpu's perf ring (full ring). */
typedef void (*bbpf_lost_fn)(void *ctx, int cpu, uint64_t cnt);

struct bbpf_events_opts {
	size_t sz; /* sizeof(struct bbpf_events_opts) */
	/* Perf buffers only. */
	size_t perf_pages;	/* data pages per CPU ring, a power of two (default 64) */
	uint32_t wakeup_events; /* wake the poller every N records (default 1) */
	uint32_t watermark;	/* or once N bytes wait (overrides wakeup_events) */
	bbpf_lost_fn lost_fn;	/* told of lost records, with the map's ctx */
};

/* bbpf_events_new() makes an empty reader. Returns 0 or -errno (-ENOMEM, epoll errors). */
BBPF_API int bbpf_events_new(struct bbpf_events **out);

/*
 * bbpf_events_add() maps the rings of @map_fd (a ring buffer: its consumer
 * page read-write, producer page and data read-only, the data twice in a row;
 * a perf event array: for each online CPU below max_entries, a perf event
 * PERF_COUNT_SW_BPF_OUTPUT put in the CPU's slot, and its ring) and adds
 * them to the epoll set. @map_fd stays the caller's. @opts may be NULL.
 * Returns the map's index in the reader (0, 1, ...), or -errno: -EINVAL for
 * a map of another type or bad options, -EPERM without the privilege to
 * open perf events, errors of mmap and epoll. Nothing is left on error.
 */
BBPF_API int bbpf_events_add(struct bbpf_events *ev, int map_fd, bbpf_event_fn fn, void *ctx,
			     const struct bbpf_events_opts *opts);

/*
 * bbpf_events_poll() waits up to @timeout_ms (-1: no limit, 0: not at all)
 * for records on any ring and reads every ring that has some. Returns the
 * number of records handed to callbacks (0 on timeout), a callback's
 * negative return, -EINTR when a signal came, -EBADMSG when a ring holds
 * what cannot be a record (logged; the ring is not read further).
 */
BBPF_API int bbpf_events_poll(struct bbpf_events *ev, int timeout_ms);

/* bbpf_events_consume() reads every ring now, without waiting. Returns as bbpf_events_poll(). */
BBPF_API int bbpf_events_consume(struct bbpf_events *ev);

/*
 * bbpf_events_epoll_fd() is the epoll fd that becomes readable when a ring
 * has records, for callers with their own event loop (then call
 * bbpf_events_consume()). Owned by the reader.
 */
BBPF_API int bbpf_events_epoll_fd(const struct bbpf_events *ev);

/*
 * bbpf_events_lost() sets *@cnt to the records the kernel reported lost on
 * map @idx's perf ring of CPU @cpu (-1: all CPUs). Ring buffers lose nothing
 * that the reader could see (the program's reserve fails instead): 0.
 * Returns 0, or -EINVAL/-ENOENT for an unknown map or CPU.
 */
BBPF_API int bbpf_events_lost(const struct bbpf_events *ev, int idx, int cpu, uint64_t *cnt);

/*
 * bbpf_events_map_type() is the map type that map @idx was read as
 * (BPF_MAP_TYPE_RINGBUF or BPF_MAP_TYPE_PERF_EVENT_ARRAY), or -EINVAL.
 */
BBPF_API int bbpf_events_map_type(const struct bbpf_events *ev, int idx);

/*
 * bbpf_events_free() unmaps every ring, takes the perf events out of their
 * map slots and closes them and the epoll fd. NULL is fine.
 */
BBPF_API void bbpf_events_free(struct bbpf_events *ev);

/*
 * User ring buffers (BPF_MAP_TYPE_USER_RINGBUF, 6.1+): records from user
 * space to BPF programs, which read them with bpf_user_ringbuf_drain(). One
 * producer at a time (the caller serializes). Records are 8-byte aligned and
 * at most the ring's size less 8 bytes.
 */
struct bbpf_user_ringbuf;

/*
 * bbpf_user_ringbuf_new() maps @map_fd (which stays the caller's): the
 * consumer page read-only, the producer page and the data (twice in a row)
 * read-write. Returns 0, or -EINVAL for another map type, mmap errors.
 */
BBPF_API int bbpf_user_ringbuf_new(int map_fd, struct bbpf_user_ringbuf **out);

/*
 * bbpf_user_ringbuf_reserve() points *@rec at room for @size bytes, which
 * the kernel does not read until bbpf_user_ringbuf_submit() or _discard().
 * Returns 0, -E2BIG (never fits), -ENOSPC (full until the program drains).
 */
BBPF_API int bbpf_user_ringbuf_reserve(struct bbpf_user_ringbuf *rb, uint32_t size, void **rec);
BBPF_API void bbpf_user_ringbuf_submit(struct bbpf_user_ringbuf *rb, void *rec);
BBPF_API void bbpf_user_ringbuf_discard(struct bbpf_user_ringbuf *rb, void *rec);

/* bbpf_user_ringbuf_free() unmaps the ring (records submitted stay for the kernel). NULL is fine. */
BBPF_API void bbpf_user_ringbuf_free(struct bbpf_user_ringbuf *rb);

#ifdef __cplusplus
}
#endif

#endif
