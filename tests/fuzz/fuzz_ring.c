// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target for the record walkers (loader/events/ring.c and
 * perf_ring.c) over arbitrary ring contents and positions. The input is
 *   byte 0        bit 0: BPF ring buffer (0) or perf ring (1); bits 1-7: the
 *                 record after which the callback stops (0: never)
 *   bytes 1-16    consumer/tail and producer/head positions (u64, host order)
 *   the rest      the data area, cut to a power of two (at least 8 bytes)
 * Buffers are exactly the size of the real mappings (the ring's data twice,
 * as the kernel maps it), so any read outside them is caught. A walk must
 * end, and on success leave the consumer between where it was and the producer.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	int cnt, stop_at;
	const uint8_t *lo, *hi;	  /* the ring's data */
	const uint8_t *slo, *shi; /* scratch (perf), for records split at the end */
};

static int on_rec(void *ctx, const void *rec, size_t size)
{
	struct fz *f = ctx;
	const uint8_t *p = rec;

	bool in_ring = p >= f->lo && p + size <= f->hi;
	bool in_scratch = f->slo && p >= f->slo && p + size <= f->shi;

	if (!in_ring && !in_scratch)
		abort();
	if (size) /* touch both ends */
		f->cnt += p[0] + p[size - 1] >= 0;
	return f->stop_at && f->cnt >= f->stop_at;
}

static void run_ring(uint64_t cons, uint64_t prod, const uint8_t *bytes, size_t n, struct fz *f)
{
	unsigned long c = (unsigned long)cons, p = (unsigned long)prod, start = c;
	uint8_t *d = malloc(2 * n);
	struct bbpf__ring r = { &c, &p, d, n - 1 };
	bool stopped;
	int ret;

	memcpy(d, bytes, n);
	memcpy(d + n, bytes, n);
	f->lo = d;
	f->hi = d + 2 * n;
	ret = bbpf__ring_walk(&r, on_rec, f, &stopped);
	if (ret >= 0 && c - start > p - start)
		abort();
	free(d);
}

static void run_perf(uint64_t tail, uint64_t head, const uint8_t *bytes, size_t n, struct fz *f)
{
	struct perf_event_mmap_page *meta = calloc(1, sizeof(*meta));
	uint8_t *d = malloc(n), *scratch = malloc(BBPF__PERF_SCRATCH);
	struct bbpf__perf_ring r = { meta, d, n, scratch };
	struct bbpf__perf_stats st = { 0 };
	bool stopped;
	int ret;

	memcpy(d, bytes, n);
	meta->data_tail = tail;
	meta->data_head = head;
	f->lo = d;
	f->hi = d + n;
	f->slo = scratch;
	f->shi = scratch + BBPF__PERF_SCRATCH;
	ret = bbpf__perf_walk(&r, on_rec, f, &st, &stopped);
	(void)ret;
	if (meta->data_tail - tail > head - tail)
		abort();
	free(scratch);
	free(d);
	free(meta);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { 0 };
	uint64_t a, b;
	size_t n = 8;

	if (size < 17 + 8)
		return 0;
	memcpy(&a, data + 1, 8);
	memcpy(&b, data + 9, 8);
	while (n * 2 <= size - 17 && n < 65536)
		n *= 2;
	f.stop_at = data[0] >> 1;
	if (data[0] & 1)
		run_perf(a, b, data + 17, n, &f);
	else
		run_ring(a, b, data + 17, n, &f);
	return 0;
}
