// SPDX-License-Identifier: BSD-2-Clause
/*
 * The record walkers of loader/events/ on rings built in malloc'd memory:
 * the BPF ring buffer (data mirrored as the kernel's double mapping is) and
 * the perf ring (records split at the end). Every buffer is exactly as large
 * as the real mapping, so ASan sees any read past it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "events/internal.h"

#define RSZ 4096 /* ring data size */

/* ---- BPF ring buffer ---- */

struct tring {
	unsigned long cons, prod;
	uint8_t *data; /* 2 * RSZ */
	struct bbpf__ring r;
};

static struct tring *tring_new(unsigned long start)
{
	struct tring *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->data = calloc(2, RSZ);
	assert_non_null(t->data);
	t->cons = t->prod = start;
	t->r = (struct bbpf__ring){ &t->cons, &t->prod, t->data, RSZ - 1 };
	return t;
}

static void tring_free(struct tring *t)
{
	free(t->data);
	free(t);
}

/* Writes @n bytes at ring position @pos into both copies of the data. */
static void tring_put(struct tring *t, unsigned long pos, const void *src, size_t n)
{
	const uint8_t *s = src;
	size_t i, off;

	for (i = 0; i < n; i++) {
		off = (pos + i) & (RSZ - 1);
		t->data[off] = t->data[off + RSZ] = s[i];
	}
}

/* Appends a record of @len bytes, each (seq + i), header flags @flags. */
static unsigned long tring_add(struct tring *t, uint32_t len, uint32_t flags, uint8_t seq)
{
	uint32_t hdr[2] = { len | flags, 0 };
	unsigned long at = t->prod;
	uint8_t buf[RSZ];
	uint32_t i;

	for (i = 0; i < len && i < sizeof(buf); i++)
		buf[i] = (uint8_t)(seq + i);
	tring_put(t, at, hdr, 8);
	tring_put(t, at + 8, buf, len < sizeof(buf) ? len : sizeof(buf));
	t->prod += (len + 8 + 7) & ~7UL;
	return at;
}

struct seen {
	int cnt;
	size_t sizes[4096];
	uint8_t first[4096];
	int stop_at; /* 1-based record that returns @stop_ret */
	int stop_ret;
	int bad; /* records whose bytes are not seq, seq+1, ... */
};

static int on_rec(void *ctx, const void *data, size_t size)
{
	struct seen *s = ctx;
	const uint8_t *b = data;
	size_t i;

	for (i = 1; i < size; i++)
		s->bad += b[i] != (uint8_t)(b[0] + i);
	s->sizes[s->cnt] = size;
	s->first[s->cnt] = size ? b[0] : 0;
	s->cnt++;
	return s->cnt == s->stop_at ? s->stop_ret : 0;
}

static int walk(struct tring *t, struct seen *s, bool *stopped)
{
	return bbpf__ring_walk(&t->r, on_rec, s, stopped);
}

static void test_ring_in_order(void **state)
{
	static const uint32_t lens[] = { 1, 8, 13, 0, 100, 7 };
	struct tring *t = tring_new(0);
	struct seen s = { 0 };
	bool stopped;
	size_t i;

	(void)state;
	assert_int_equal(walk(t, &s, &stopped), 0);
	for (i = 0; i < 6; i++)
		tring_add(t, lens[i], 0, (uint8_t)(i * 10));
	assert_int_equal(walk(t, &s, &stopped), 6);
	assert_false(stopped);
	for (i = 0; i < 6; i++) {
		assert_int_equal(s.sizes[i], lens[i]);
		if (lens[i])
			assert_int_equal(s.first[i], i * 10);
	}
	assert_int_equal(s.bad, 0);
	assert_int_equal(t->cons, t->prod);
	assert_int_equal(walk(t, &s, &stopped), 0);
	tring_free(t);
}

/* Records across the end read contiguously; positions past 2^32 and round many times. */
static void test_ring_wrap_many(void **state)
{
	struct tring *t = tring_new(0xfffffff0UL - 24);
	struct seen s = { 0 };
	uint32_t len;
	bool stopped;
	int round, n;

	(void)state;
	for (round = 0; round < 3000; round++) {
		for (n = 0; n < 1 + round % 5; n++) {
			len = (uint32_t)(round * 37 + n * 101) % 700 + 1;
			tring_add(t, len, 0, (uint8_t)round);
		}
		s.cnt = 0;
		assert_int_equal(walk(t, &s, &stopped), 1 + round % 5);
		assert_int_equal(t->cons, t->prod);
	}
	assert_int_equal(s.bad, 0);
	assert_true(t->prod - (0xfffffff0UL - 24) > 100UL * RSZ);
	tring_free(t);
}

static void test_ring_discard(void **state)
{
	struct tring *t = tring_new(RSZ - 16);
	struct seen s = { 0 };
	bool stopped;

	(void)state;
	tring_add(t, 5, 0, 1);
	tring_add(t, 40, BBPF__RING_DISCARD, 2); /* across the end, discarded */
	tring_add(t, 6, 0, 3);
	tring_add(t, 9, BBPF__RING_DISCARD, 4);
	assert_int_equal(walk(t, &s, &stopped), 2);
	assert_int_equal(s.first[0], 1);
	assert_int_equal(s.first[1], 3);
	assert_int_equal(t->cons, t->prod); /* discarded space is given back too */
	tring_free(t);
}

/* A busy record ends the walk; once committed it is read, and what follows. */
static void test_ring_busy(void **state)
{
	struct tring *t = tring_new(0);
	struct seen s = { 0 };
	unsigned long at;
	uint32_t hdr;
	bool stopped;

	(void)state;
	tring_add(t, 10, 0, 1);
	at = tring_add(t, 20, BBPF__RING_BUSY, 2);
	tring_add(t, 30, 0, 3); /* committed after a busy one: must wait its turn */
	assert_int_equal(walk(t, &s, &stopped), 1);
	assert_int_equal(t->cons, at);
	hdr = 20;
	tring_put(t, at, &hdr, 4);
	assert_int_equal(walk(t, &s, &stopped), 2);
	assert_int_equal(s.first[1], 2);
	assert_int_equal(s.first[2], 3);
	/* Busy as the very last record, at the end of the data. */
	t->cons = t->prod = 2 * RSZ - 8;
	at = tring_add(t, 4, BBPF__RING_BUSY, 9);
	assert_int_equal(walk(t, &s, &stopped), 0);
	assert_int_equal(t->cons, at);
	tring_free(t);
}

struct corrupt_case {
	const char *what;
	unsigned long cons, prod;
	uint32_t len; /* the header at cons */
};

/* Every one: -EBADMSG, the consumer not moved, no read outside the mapping. */
static void test_ring_corrupt(void **state)
{
	static const struct corrupt_case cases[] = {
		{ "longer than the ring", 0, RSZ, RSZ },
		{ "ring minus header plus one", 0, RSZ, RSZ - 7 },
		{ "past the producer", 0, 16, 9 },
		{ "flags aside, too long", RSZ - 8, 2 * RSZ, 0x3fffffff | BBPF__RING_DISCARD },
		{ "producer a ring and more ahead", 0, RSZ + 8, 8 },
		{ "producer behind", 64, 8, 8 },
		{ "consumer misaligned", 3, 64, 8 },
	};
	struct seen s = { 0 };
	bool stopped;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tring *t = tring_new(0);

		t->cons = cases[i].cons;
		t->prod = cases[i].prod;
		tring_put(t, t->cons, &cases[i].len, 4);
		print_message("%s\n", cases[i].what);
		assert_int_equal(walk(t, &s, &stopped), -EBADMSG);
		assert_int_equal(t->cons, cases[i].cons);
		tring_free(t);
	}
	assert_int_equal(s.cnt, 0);
}

/* The largest record that fits: the whole ring less its header. */
static void test_ring_full_record(void **state)
{
	struct tring *t = tring_new(RSZ / 2);
	struct seen s = { 0 };
	bool stopped;

	(void)state;
	tring_add(t, RSZ - 8, 0, 7);
	assert_int_equal(walk(t, &s, &stopped), 1);
	assert_int_equal(s.sizes[0], RSZ - 8);
	assert_int_equal(s.bad, 0);
	tring_free(t);
}

static void test_ring_stop_and_error(void **state)
{
	struct tring *t = tring_new(0);
	struct seen s = { .stop_at = 2, .stop_ret = 1 };
	bool stopped;
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		tring_add(t, 16, 0, (uint8_t)i);
	assert_int_equal(walk(t, &s, &stopped), 2);
	assert_true(stopped);
	assert_int_equal(t->cons, 2 * 24);
	s = (struct seen){ .stop_at = 1, .stop_ret = -ENOSPC };
	assert_int_equal(walk(t, &s, &stopped), -ENOSPC);
	assert_int_equal(t->cons, 3 * 24); /* the record that failed is consumed */
	s = (struct seen){ 0 };
	assert_int_equal(walk(t, &s, &stopped), 1);
	assert_int_equal(s.first[0], 3);
	tring_free(t);
}

/* ---- user ring buffer producer: written by uring.c, read back by the walker ---- */

/* Copies what was written at [@off, @off + @n) of the data into the other copy. */
static void tring_mirror(struct tring *t, size_t off, size_t n)
{
	size_t i, at;

	for (i = 0; i < n; i++) {
		at = off + i;
		if (at < RSZ)
			t->data[at + RSZ] = t->data[at];
		else
			t->data[at - RSZ] = t->data[at];
	}
}

static int produce(struct tring *t, const struct bbpf__uring *u, uint32_t len, uint8_t seq,
		   bool discard)
{
	unsigned long at = t->prod;
	uint8_t *rec;
	uint32_t i;
	int err;

	err = bbpf__uring_reserve(u, len, (void **)&rec);
	if (err)
		return err;
	for (i = 0; i < len; i++)
		rec[i] = (uint8_t)(seq + i);
	bbpf__uring_commit(rec, discard);
	tring_mirror(t, at & (RSZ - 1), (len + 8 + 7) & ~7U);
	return 0;
}

static void test_uring_roundtrip(void **state)
{
	struct tring *t = tring_new(RSZ - 40);
	struct bbpf__uring u = { &t->cons, &t->prod, t->data, RSZ - 1 };
	struct seen s = { 0 };
	bool stopped;
	int round, i;

	(void)state;
	for (round = 0; round < 300; round++) {
		for (i = 0; i < 5; i++)
			assert_int_equal(produce(t, &u, (uint32_t)(round * 7 + i * 31) % 200 + 1,
						 (uint8_t)round, i == 2),
					 0);
		s.cnt = 0;
		assert_int_equal(walk(t, &s, &stopped), 4); /* one of five discarded */
		assert_int_equal(s.first[0], (uint8_t)round);
	}
	assert_int_equal(s.bad, 0);
	tring_free(t);
}

/* Full until consumed; a record larger than the ring never fits; flag bits are no size. */
static void test_uring_full(void **state)
{
	struct tring *t = tring_new(0);
	struct bbpf__uring u = { &t->cons, &t->prod, t->data, RSZ - 1 };
	struct seen s = { 0 };
	bool stopped;
	void *rec;
	int n = 0;

	(void)state;
	while (produce(t, &u, 100, 1, false) == 0)
		n++;
	assert_int_equal(n, RSZ / 112);
	assert_int_equal(bbpf__uring_reserve(&u, 100, &rec), -ENOSPC);
	assert_int_equal(walk(t, &s, &stopped), n);
	assert_int_equal(bbpf__uring_reserve(&u, 100, &rec), 0);
	assert_int_equal(bbpf__uring_reserve(&u, RSZ, &rec), -E2BIG);
	assert_int_equal(bbpf__uring_reserve(&u, 1U << 31 | 8, &rec), -E2BIG);
	t->prod = t->cons + RSZ + 8; /* a consumer position that cannot be */
	assert_int_equal(bbpf__uring_reserve(&u, 8, &rec), -ENOSPC);
	tring_free(t);
}

/* ---- perf ring ---- */

#define PSZ 1024

struct tperf {
	struct perf_event_mmap_page meta;
	uint8_t *data;
	uint8_t *scratch;
	struct bbpf__perf_ring r;
	struct bbpf__perf_stats st;
};

static struct tperf *tperf_new(uint64_t start)
{
	struct tperf *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->data = calloc(1, PSZ);
	t->scratch = malloc(BBPF__PERF_SCRATCH);
	assert_true(t->data && t->scratch);
	t->meta.data_head = t->meta.data_tail = start;
	t->r = (struct bbpf__perf_ring){ &t->meta, t->data, PSZ, t->scratch };
	return t;
}

static void tperf_free(struct tperf *t)
{
	free(t->data);
	free(t->scratch);
	free(t);
}

static void tperf_put(struct tperf *t, uint64_t pos, const void *src, size_t n)
{
	const uint8_t *s = src;
	size_t i;

	for (i = 0; i < n; i++)
		t->data[(pos + i) & (PSZ - 1)] = s[i];
}

/* A sample of @len raw bytes (seq, seq+1, ...) padded as the kernel pads it. */
static void tperf_sample(struct tperf *t, uint32_t len, uint8_t seq)
{
	uint32_t raw = ((len + 4 + 7) & ~7U) - 4, i;
	struct perf_event_header h = { PERF_RECORD_SAMPLE, 0, (uint16_t)(8 + 4 + raw) };
	uint8_t b[PSZ];

	for (i = 0; i < raw; i++)
		b[i] = (uint8_t)(seq + i);
	tperf_put(t, t->meta.data_head, &h, 8);
	tperf_put(t, t->meta.data_head + 8, &raw, 4);
	tperf_put(t, t->meta.data_head + 12, b, raw);
	t->meta.data_head += h.size;
}

static void tperf_lost(struct tperf *t, uint64_t n)
{
	struct {
		struct perf_event_header h;
		uint64_t id, lost;
	} rec = { { PERF_RECORD_LOST, 0, 24 }, 7, n };

	tperf_put(t, t->meta.data_head, &rec, sizeof(rec));
	t->meta.data_head += sizeof(rec);
}

static int pwalk(struct tperf *t, struct seen *s, bool *stopped)
{
	return bbpf__perf_walk(&t->r, on_rec, s, &t->st, stopped);
}

static void test_perf_samples_and_lost(void **state)
{
	struct tperf *t = tperf_new(0);
	struct perf_event_header other = { PERF_RECORD_THROTTLE, 0, 16 };
	struct seen s = { 0 };
	bool stopped;

	(void)state;
	assert_int_equal(pwalk(t, &s, &stopped), 0);
	tperf_sample(t, 16, 1);
	tperf_lost(t, 5);
	tperf_sample(t, 1, 2);
	tperf_put(t, t->meta.data_head, &other, 8);
	t->meta.data_head += 16;
	tperf_lost(t, 3);
	tperf_sample(t, 64, 3);
	assert_int_equal(pwalk(t, &s, &stopped), 3);
	assert_int_equal(s.sizes[0], 20); /* 16 + 4 rounded to 8, less 4 */
	assert_int_equal(s.sizes[1], 4);
	assert_int_equal(s.sizes[2], 68);
	assert_int_equal(s.first[2], 3);
	assert_int_equal(t->st.lost, 8);
	assert_int_equal(t->st.other, 1);
	assert_int_equal(t->meta.data_tail, t->meta.data_head);
	assert_int_equal(s.bad, 0);
	tperf_free(t);
}

/* Samples split at the end of the data come out whole, round after round. */
static void test_perf_wrap_many(void **state)
{
	struct tperf *t = tperf_new(0xffffffffULL - 100);
	struct seen s = { 0 };
	bool stopped;
	int round, n;

	(void)state;
	for (round = 0; round < 5000; round++) {
		for (n = 0; n < 1 + round % 3; n++)
			tperf_sample(t, (uint32_t)(round * 13 + n * 29) % 300 + 1, (uint8_t)round);
		s.cnt = 0;
		assert_int_equal(pwalk(t, &s, &stopped), 1 + round % 3);
		assert_int_equal(s.first[0], (uint8_t)round);
	}
	assert_int_equal(s.bad, 0);
	tperf_free(t);
}

static void test_perf_corrupt(void **state)
{
	struct {
		const char *what;
		uint16_t type, size;
		uint32_t raw;
		uint64_t ahead;
	} cases[] = {
		{ "size below the header", PERF_RECORD_SAMPLE, 4, 0, 64 },
		{ "size zero", PERF_RECORD_SAMPLE, 0, 0, 64 },
		{ "past the head", PERF_RECORD_SAMPLE, 72, 8, 64 },
		{ "raw larger than the record", PERF_RECORD_SAMPLE, 24, 13, 64 },
		{ "raw huge", PERF_RECORD_SAMPLE, 24, 0xffffffff, 64 },
		{ "sample without raw size", PERF_RECORD_SAMPLE, 8, 0, 64 },
		{ "short lost record", PERF_RECORD_LOST, 16, 0, 64 },
		{ "head a ring and more ahead", PERF_RECORD_SAMPLE, 16, 4, PSZ + 8 },
	};
	struct seen s = { 0 };
	bool stopped;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tperf *t = tperf_new(PSZ - 4); /* the header itself is split */
		struct perf_event_header h = { cases[i].type, 0, cases[i].size };

		tperf_put(t, t->meta.data_tail, &h, 8);
		tperf_put(t, t->meta.data_tail + 8, &cases[i].raw, 4);
		t->meta.data_head = t->meta.data_tail + cases[i].ahead;
		print_message("%s\n", cases[i].what);
		assert_int_equal(pwalk(t, &s, &stopped), -EBADMSG);
		assert_int_equal(t->meta.data_tail, PSZ - 4);
		tperf_free(t);
	}
	assert_int_equal(s.cnt, 0);
}

static void test_perf_stop(void **state)
{
	struct tperf *t = tperf_new(0);
	struct seen s = { .stop_at = 1, .stop_ret = 1 };
	bool stopped;

	(void)state;
	tperf_sample(t, 8, 1);
	tperf_sample(t, 8, 2);
	assert_int_equal(pwalk(t, &s, &stopped), 1);
	assert_true(stopped);
	assert_int_equal(t->meta.data_tail, 24);
	tperf_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring_in_order),
		cmocka_unit_test(test_ring_wrap_many),
		cmocka_unit_test(test_ring_discard),
		cmocka_unit_test(test_ring_busy),
		cmocka_unit_test(test_ring_corrupt),
		cmocka_unit_test(test_ring_full_record),
		cmocka_unit_test(test_ring_stop_and_error),
		cmocka_unit_test(test_perf_samples_and_lost),
		cmocka_unit_test(test_perf_wrap_many),
		cmocka_unit_test(test_perf_corrupt),
		cmocka_unit_test(test_perf_stop),
		cmocka_unit_test(test_uring_roundtrip),
		cmocka_unit_test(test_uring_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
