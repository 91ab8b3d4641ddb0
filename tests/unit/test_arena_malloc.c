// SPDX-License-Identifier: BSD-2-Clause
/*
 * The static CLI's malloc (tools/static/arena_malloc.c), included here under
 * its arena_ names (ARENA_TEST), beside the test's own libc malloc: every
 * size class, a large block of the arena and one mapped alone, each block
 * 16-aligned and disjoint from the others; freed blocks come back for the
 * same class (small) or a fit no more than twice as large (large); calloc
 * zeroes a reused block; realloc keeps the bytes; aligned_alloc aligns and
 * frees (alignment 0 as malloc); sizes and alignments that overflow are
 * refused with ENOMEM; free() aborts on a header it did not write; four threads
 * allocating, checking and freeing at once never see another's bytes.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#define ARENA_TEST
#include "../../tools/static/arena_malloc.c"

static void fill(void *p, size_t n, uint8_t tag)
{
	memset(p, tag, n);
}

static bool holds(const void *p, size_t n, uint8_t tag)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != tag)
			return false;
	return true;
}

/* Class edges (16 B ... 64 KiB with the header), large in the arena and alone. */
static void test_sizes(void **state)
{
	static const size_t sizes[] = { 0,	1,	 15,	  16,	    17,	   100,
					4080,	4081,	 65519,	  65520,    65521, 100000,
					300000, 1 << 20, 3 << 20, 40u << 20 };
	void *p[sizeof(sizes) / sizeof(sizes[0])];
	size_t i, n = sizeof(sizes) / sizeof(sizes[0]);

	(void)state;
	for (i = 0; i < n; i++) {
		p[i] = arena_malloc(sizes[i]);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		assert_true(arena_usable_size(p[i]) >= sizes[i]);
		fill(p[i], sizes[i], (uint8_t)(i + 1));
	}
	for (i = 0; i < n; i++)
		assert_true(holds(p[i], sizes[i], (uint8_t)(i + 1)));
	for (i = 0; i < n; i++)
		arena_free(p[i]);
	arena_free(NULL);
	assert_int_equal(arena_usable_size(NULL), 0);
}

static void test_reuse(void **state)
{
	void *a, *b, *c;

	(void)state;
	/* Small: the class's last freed block first. */
	a = arena_malloc(200);
	assert_non_null(a);
	fill(a, 200, 0xff);
	arena_free(a);
	b = arena_calloc(25, 8);
	assert_ptr_equal(a, b);
	assert_true(holds(b, 200, 0));
	arena_free(b);

	/* Large: reused for a request of at least half its size, not a smaller one. */
	a = arena_malloc(210000);
	assert_non_null(a);
	fill(a, 210000, 0xee);
	arena_free(a);
	c = arena_malloc(90000); /* 210000 is more than twice this: not taken */
	assert_non_null(c);
	assert_ptr_not_equal(c, a);
	b = arena_calloc(1, 150000);
	assert_ptr_equal(b, a);
	assert_true(holds(b, 150000, 0));
	arena_free(b);
	arena_free(c);
}

static void test_grow(void **state)
{
	uint8_t *p, *q;
	size_t n;

	(void)state;
	p = arena_realloc(NULL, 10);
	assert_non_null(p);
	fill(p, 10, 7);
	/* Within the block's class: the same block. */
	q = arena_realloc(p, arena_usable_size(p));
	assert_ptr_equal(q, p);
	/* Growing through the small classes into large and mapped blocks. */
	for (n = 10; n < (4u << 20); n *= 3) {
		q = arena_realloc(p, n * 3);
		assert_non_null(q);
		assert_true(holds(q, 10, 7));
		p = q;
	}
	q = arena_realloc(p, 5); /* shrinking keeps the block */
	assert_ptr_equal(q, p);
	assert_true(holds(q, 5, 7));
	arena_free(q);
}

static void test_aligned(void **state)
{
	static const size_t aligns[] = { 1, 8, 16, 32, 64, 4096, 65536, 2u << 20 };
	static const size_t sizes[] = { 1, 100, 70000, 2u << 20 };
	size_t a, s;
	void *p;

	(void)state;
	for (a = 0; a < sizeof(aligns) / sizeof(aligns[0]); a++)
		for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			p = arena_aligned_alloc(aligns[a], sizes[s]);
			assert_non_null(p);
			assert_int_equal((uintptr_t)p % aligns[a], 0);
			assert_true(arena_usable_size(p) >= sizes[s]);
			fill(p, sizes[s], 0x5a);
			arena_free(p);
		}
	errno = 0;
	assert_null(arena_aligned_alloc(24, 10));
	assert_int_equal(errno, EINVAL);
	p = arena_aligned_alloc(0, 10); /* as malloc(10), as musl's own */
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 16, 0);
	arena_free(p);
}

static void test_overflow(void **state)
{
	(void)state;
	errno = 0;
	assert_null(arena_malloc(SIZE_MAX));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(arena_calloc(SIZE_MAX / 2, 4));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(arena_realloc(NULL, SIZE_MAX - 8));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(arena_aligned_alloc(64, SIZE_MAX - 32));
	assert_int_equal(errno, ENOMEM);
	/* The header's 32-bit way back, and align + n wrapping past SIZE_MAX. */
	errno = 0;
	assert_null(arena_aligned_alloc((size_t)1 << 33, 1));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(arena_aligned_alloc((size_t)1 << 63, (size_t)1 << 63));
	assert_int_equal(errno, ENOMEM);
}

/* free() of @p in a child: whether it died of SIGABRT. */
static bool free_aborts(void *p)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		arena_free(p);
		_exit(0);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGABRT;
}

static void test_foreign(void **state)
{
	static _Alignas(16) uint8_t zeroed[64], wild[64];
	void *p;

	(void)state;
	memset(wild, 0x77, sizeof(wild));
	assert_true(free_aborts(zeroed + 32)); /* a header of zeroes: class 0 is never ours */
	assert_true(free_aborts(wild + 32));
	p = arena_malloc(10);
	assert_non_null(p);
	assert_false(free_aborts(p)); /* ours: the child frees it and exits */
	arena_free(p);
}

#define THREADS 4
#define ROUNDS	20000
#define LIVE	64

/* Allocates, tags, checks and frees blocks of varied sizes; the failures it saw. */
static void *churn(void *arg)
{
	uint8_t tag = (uint8_t)(uintptr_t)arg;
	uint32_t x = tag * 2654435761u;
	size_t sz[LIVE] = { 0 };
	uint8_t *live[LIVE] = { 0 };
	uintptr_t bad = 0;
	size_t i, k;

	for (i = 0; i < ROUNDS; i++) {
		x = x * 1103515245 + 12345;
		k = (x >> 8) % LIVE;
		if (live[k]) {
			bad += !holds(live[k], sz[k], tag);
			arena_free(live[k]);
		}
		sz[k] = (x >> 16) % ((x & 1) ? 300 : 90000);
		live[k] = arena_malloc(sz[k]);
		if (!live[k]) {
			bad++;
			continue;
		}
		fill(live[k], sz[k], tag);
	}
	for (k = 0; k < LIVE; k++) {
		bad += live[k] && !holds(live[k], sz[k], tag);
		arena_free(live[k]);
	}
	return (void *)bad;
}

static void test_threads(void **state)
{
	pthread_t th[THREADS];
	void *bad;
	int i;

	(void)state;
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, churn, (void *)(uintptr_t)(i + 1)),
				 0);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(th[i], &bad), 0);
		assert_int_equal((uintptr_t)bad, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),	 cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_grow),	 cmocka_unit_test(test_aligned),
		cmocka_unit_test(test_overflow), cmocka_unit_test(test_foreign),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
