/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */
/*
 * Sending records to user space through a ring buffer where the kernel has
 * one and through a perf buffer where it does not, from one program source.
 *
 *     struct {
 *             __uint(type, BPF_MAP_TYPE_RINGBUF);
 *             __uint(max_entries, 256 * 1024);
 *     } events SEC(".maps");
 *
 *     bbpf_output(ctx, &events, &ev, sizeof(ev));          small records
 *
 *     struct big *b = bbpf_reserve(&events, sizeof(*b));  built in place
 *     if (b) { fill(b); bbpf_submit(ctx, &events, b, sizeof(*b)); }
 *
 * The choice is the read-only variable bbpf_use_ringbuf: 1 as compiled, so a
 * loader that knows nothing of it (libbpf) takes the ring buffer path. The
 * barebpf loader sets it to 0 before load when the kernel has no ring buffer
 * (or BAREBPF_NO=ringbuf, or the load option / `--buffer perf`), and then
 * creates each ring buffer map of the object as a perf event array with a
 * slot per possible CPU. The verifier knows the value of a frozen read-only
 * variable and walks only the branch it selects, so a kernel without ring
 * buffers never sees a ring buffer helper.
 *
 * On the perf path, bbpf_reserve() hands out a per-CPU scratch buffer of
 * BBPF_OUTPUT_MAX bytes (define it before including this header; 4096 by
 * default) and bbpf_submit() copies it out with bpf_perf_event_output(): the
 * program must run with a context that helper takes (tracing programs,
 * tc, XDP, ...). Reading is the same either way: barebpf's event reader
 * (include/barebpf/ringbuf.h) looks at the map's type.
 */
#ifndef __BBPF_OUTPUT_H__
#define __BBPF_OUTPUT_H__

#include <bpf/bpf_helpers.h>

#ifndef BBPF_OUTPUT_MAX
#define BBPF_OUTPUT_MAX 4096
#endif

/* 1: ring buffer helpers; 0: perf buffer helpers (set by the loader before load). */
const volatile int bbpf_use_ringbuf = 1;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__uint(value_size, BBPF_OUTPUT_MAX);
} bbpf_scratch SEC(".maps");

/*
 * Sends @size bytes at @data, @wakeup the ring buffer's wake-up flag (0: the
 * kernel wakes the reader when it had caught up; BPF_RB_NO_WAKEUP,
 * BPF_RB_FORCE_WAKEUP); the perf path has none. Returns 0 or a negative
 * error (a full buffer: record lost).
 */
static __always_inline long bbpf_output_wake(void *ctx, void *map, const void *data, __u64 size,
					     __u64 wakeup)
{
	if (bbpf_use_ringbuf)
		return bpf_ringbuf_output(map, (void *)data, size, wakeup);
	return bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, (void *)data, size);
}

/* Sends @size bytes at @data. Returns 0 or a negative error (a full buffer: record lost). */
static __always_inline long bbpf_output(void *ctx, void *map, const void *data, __u64 size)
{
	return bbpf_output_wake(ctx, map, data, size, 0);
}

/*
 * The wake-up flag of a batched send (bbpf_output_batched(),
 * bbpf_submit_batched()): BPF_RB_FORCE_WAKEUP when the bytes pending, going
 * from @from to @to, cross a multiple of 1/16 of the ring (64 KiB at most),
 * else BPF_RB_NO_WAKEUP.
 */
static __always_inline __u64 bbpf_batch_wakeup(void *map, __u64 from, __u64 to)
{
	__u64 step = bpf_ringbuf_query(map, BPF_RB_RING_SIZE) >> 4;

	if (step > 65536)
		step = 65536;
	return (from & ~(step - 1)) != (to & ~(step - 1)) ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

/*
 * bbpf_output_batched() sends like bbpf_output(), but on the ring buffer it
 * does not wake the reader for each record: only when the bytes pending
 * cross a multiple of 1/16 of the ring (64 KiB at most). Waking the reader
 * is an irq_work (an interrupt to self) and a scheduler wakeup per record
 * when the reader keeps up, the largest per-event cost of a storm. The
 * reader must therefore also poll on a timeout, which bounds how long a
 * record can wait. The perf buffer path batches by its own watermark.
 */
static __always_inline long bbpf_output_batched(void *ctx, void *map, const void *data, __u64 size)
{
	__u64 avail;

	if (!bbpf_use_ringbuf)
		return bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, (void *)data, size);
	avail = bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA);
	return bpf_ringbuf_output(map, (void *)data, size,
				  bbpf_batch_wakeup(map, avail, avail + size));
}

/* Room for a record of @size bytes (a constant), or NULL (buffer full, or size too large). */
static __always_inline void *bbpf_reserve(void *map, __u64 size)
{
	__u32 zero = 0;

	if (bbpf_use_ringbuf)
		return bpf_ringbuf_reserve(map, size, 0);
	if (size > BBPF_OUTPUT_MAX)
		return (void *)0;
	return bpf_map_lookup_elem(&bbpf_scratch, &zero);
}

/* Sends what bbpf_reserve() gave, @wakeup as for bbpf_output_wake(). Returns 0 or a negative error. */
static __always_inline long bbpf_submit_wake(void *ctx, void *map, void *rec, __u64 size,
					     __u64 wakeup)
{
	if (bbpf_use_ringbuf) {
		bpf_ringbuf_submit(rec, wakeup);
		return 0;
	}
	return bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, rec, size);
}

/* Sends what bbpf_reserve() gave. Returns 0 or a negative error (record lost). */
static __always_inline long bbpf_submit(void *ctx, void *map, void *rec, __u64 size)
{
	return bbpf_submit_wake(ctx, map, rec, size, 0);
}

/*
 * bbpf_submit_batched() sends what bbpf_reserve() gave like bbpf_submit(),
 * waking the reader as bbpf_output_batched() does (the bytes pending
 * already count the reserved record).
 */
static __always_inline long bbpf_submit_batched(void *ctx, void *map, void *rec, __u64 size)
{
	__u64 avail;

	if (!bbpf_use_ringbuf)
		return bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, rec, size);
	avail = bpf_ringbuf_query(map, BPF_RB_AVAIL_DATA);
	bpf_ringbuf_submit(rec, bbpf_batch_wakeup(map, avail - size, avail));
	return 0;
}

/* Gives back what bbpf_reserve() gave, unsent. */
static __always_inline void bbpf_discard(void *rec)
{
	if (bbpf_use_ringbuf)
		bpf_ringbuf_discard(rec, 0);
}

#endif
