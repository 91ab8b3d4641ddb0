// SPDX-License-Identifier: BSD-2-Clause
/*
 * malloc for the static CLI (musl): the start-up heap in one huge page.
 *
 * Why not musl's own (mallocng): a short-lived tool that builds a few MiB of
 * tables at start-up pays for the first touch of every page, and on virtual
 * machines that trap page faults a first touch costs ~10 us (this host's
 * hypervisor: BENCHMARKS.md). mallocng maps small groups of slots one
 * mapping at a time and every larger block alone, so `trace`'s start-up took
 * ~400 faults in the heap. Here the heap starts in a 2 MiB arena aligned for
 * a transparent huge page (MADV_HUGEPAGE: the host's THP setting `always`
 * or `madvise` honours it), so one fault takes the place of up to 512; with
 * THP off the arena faults in 4 KiB pages like any other memory.
 *
 *   small (<= 64 KiB with the header): power-of-two size classes, a free
 *         list each, cut from the current arena;
 *   large: page-rounded, from the current arena while it has room (the
 *         BTF index, the inflated collector); after free, reused by the first
 *         request it fits that is at least half its size;
 *   else:  a mapping of its own, unmapped at free.
 *
 * Only the first arena asks for a huge page: its 2 MiB hold trace's start-up
 * heap (~1.7 MiB), and later arenas fault page by page so the resident size
 * follows use (issue 13's peak RSS goal). Freed memory stays with the
 * process for reuse (the heap peaks at start-up, then runs flat: trace's
 * soak in BENCHMARKS.md). One mutex: the CLI's threads allocate at start-up
 * and little after.
 *
 * musl lets a program replace malloc (malloc, calloc, realloc, free,
 * aligned_alloc, malloc_usable_size; memalign and posix_memalign call
 * aligned_alloc), and libc's own calls then come here too. Only the musl
 * static CLI links this file (mk/static.mk); the library never assumes it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HDR	  16u /* before every payload: struct hdr */
#define MIN_SHIFT 4u  /* class c: 16 << c bytes, header included (32 the least) */
#define CLASS_CNT 13u /* class 12: 64 KiB blocks */
#define PAGE	  4096u
#define ARENA_SZ  (2u << 20)  /* one huge page on x86_64 and arm64 (4 KiB pages) */
#define LARGE	  0xfffffffeu /* hdr.cls of a page-rounded block of an arena */
#define OWN_MAP	  0xffffffffu /* hdr.cls of a block mapped alone */

struct hdr {
	uint32_t cls;  /* size class, LARGE or OWN_MAP */
	uint32_t back; /* aligned_alloc(): bytes from the block's start to this header */
	size_t len;    /* LARGE, OWN_MAP: the block's length */
};

struct free_blk {
	struct free_blk *next;
	size_t len; /* LARGE blocks */
};

static struct free_blk *free_small[CLASS_CNT], *free_large;
static char *bump, *bump_end; /* the current arena's unused part: never touched, zero */
static unsigned int arenas;
static pthread_mutex_t lock_mu = PTHREAD_MUTEX_INITIALIZER;

/*
 * A mutex, not a spinlock: a thread that spins (even yielding) while the
 * holder waits for a CPU can starve it on one CPU, and trace has up to 32
 * threads freeing at once when it detaches.
 */
static void lock(void)
{
	pthread_mutex_lock(&lock_mu);
}

static void unlock(void)
{
	pthread_mutex_unlock(&lock_mu);
}

/* The child of a fork has one thread: a fresh mutex, whoever held the parent's. */
static void unlock_child(void)
{
	pthread_mutex_init(&lock_mu, NULL);
}

/*
 * fork() while another thread holds the lock: the child would wait forever.
 * Installed on the first allocation, before the lock is taken
 * (pthread_atfork() allocates: that call finds the flag already set).
 */
static void atfork_install(void)
{
	static int done;

	if (!__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL))
		pthread_atfork(lock, unlock, unlock_child);
}

/* A fresh mapping of @len bytes aligned to @align (a power of two), or NULL. */
static char *map_aligned(size_t len, size_t align)
{
	char *p, *start;
	size_t head;

	p = mmap(NULL, len + align - PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		 0);
	if (p == MAP_FAILED)
		return NULL;
	start = (char *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
	head = start - p;
	if (head)
		munmap(p, head);
	if (align - PAGE - head)
		munmap(start + len, align - PAGE - head);
	return start;
}

/* The next arena, the first one in a huge page; false when there is no memory. */
static bool new_arena(void)
{
	char *a = map_aligned(ARENA_SZ, ARENA_SZ);

	if (!a)
		return false;
	if (!arenas++)
		madvise(a, ARENA_SZ, MADV_HUGEPAGE); /* a hint: refused or ignored is fine */
	bump = a;
	bump_end = a + ARENA_SZ;
	return true;
}

/*
 * Class 1 at least (16 usable bytes): malloc(0) and a byte written past a
 * tiny block do not reach the next block's header, as with musl's slack.
 */
static uint32_t class_of(size_t total)
{
	uint32_t c = 1;

	while (((size_t)1 << (c + MIN_SHIFT)) < total)
		c++;
	return c;
}

/* @len bytes of the current arena (a new one when @refill), with the lock held. */
static struct hdr *cut(size_t len, bool refill)
{
	if ((size_t)(bump_end - bump) < len && (!refill || !new_arena()))
		return NULL;
	bump += len;
	return (struct hdr *)(bump - len);
}

/* A block of class @c; *@fresh when never used before (all zero). Lock held. */
static struct hdr *take_small(uint32_t c, bool *fresh)
{
	struct free_blk *f = free_small[c];
	struct hdr *h;

	*fresh = !f;
	if (f)
		free_small[c] = f->next;
	h = f ? (struct hdr *)f : cut((size_t)1 << (c + MIN_SHIFT), true);
	if (h)
		*h = (struct hdr){ .cls = c };
	return h;
}

/*
 * A LARGE block of @len bytes (page-rounded): a freed one that is no more
 * than twice as large, else the arena's rest, else NULL. Lock held.
 */
static struct hdr *take_large(size_t len, bool *fresh)
{
	struct free_blk **pp, *f;
	struct hdr *h;

	for (pp = &free_large; (f = *pp); pp = &f->next)
		if (f->len >= len && f->len / 2 <= len) {
			*pp = f->next;
			*fresh = false;
			h = (struct hdr *)f;
			*h = (struct hdr){ .cls = LARGE, .len = f->len };
			return h;
		}
	h = cut(len, false);
	if (h) {
		*fresh = true;
		*h = (struct hdr){ .cls = LARGE, .len = len };
	}
	return h;
}

static void *alloc(size_t n, bool *fresh)
{
	struct hdr *h;
	size_t len;

	if (n > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	atfork_install();
	lock();
	if (n + HDR <= ((size_t)1 << (CLASS_CNT - 1 + MIN_SHIFT))) {
		h = take_small(class_of(n + HDR), fresh);
		unlock();
	} else {
		len = (n + HDR + PAGE - 1) & ~(size_t)(PAGE - 1);
		h = take_large(len, fresh);
		unlock();
		if (!h) {
			h = (struct hdr *)map_aligned(len, PAGE);
			*fresh = true;
			if (h)
				*h = (struct hdr){ .cls = OWN_MAP, .len = len };
		}
	}
	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	return (char *)h + HDR;
}

static struct hdr *hdr_of(void *p)
{
	return (struct hdr *)((char *)p - HDR);
}

/* The payload bytes of @p's block. */
static size_t usable(void *p)
{
	struct hdr *h = hdr_of(p);

	if (h->cls == LARGE || h->cls == OWN_MAP)
		return h->len - HDR - h->back;
	return ((size_t)1 << (h->cls + MIN_SHIFT)) - HDR - h->back;
}

static void *arena_malloc(size_t n)
{
	bool fresh;

	return alloc(n, &fresh);
}

static void arena_free(void *p)
{
	struct free_blk *f;
	struct hdr *h;
	uint32_t c;
	size_t len;

	if (!p)
		return;
	h = hdr_of(p);
	c = h->cls;
	len = h->len;
	/* Class 0 is never handed out: a zeroed header is as foreign as a wild one. */
	if ((c == 0 || c >= CLASS_CNT) && c != LARGE && c != OWN_MAP)
		abort(); /* not ours, freed twice, or its header overwritten: stop, do not spread it */
	f = (struct free_blk *)((char *)h - h->back);
	if (c == OWN_MAP) {
		munmap(f, len);
		return;
	}
	lock();
	if (c == LARGE) {
		*f = (struct free_blk){ .next = free_large, .len = len };
		free_large = f;
	} else {
		f->next = free_small[c];
		free_small[c] = f;
	}
	unlock();
}

static void *arena_calloc(size_t m, size_t n)
{
	bool fresh;
	void *p;

	if (n && m > SIZE_MAX / n) {
		errno = ENOMEM;
		return NULL;
	}
	p = alloc(m * n, &fresh);
	if (p && !fresh)
		memset(p, 0, m * n);
	return p;
}

static void *arena_realloc(void *p, size_t n)
{
	void *q;

	if (!p)
		return arena_malloc(n);
	if (n <= usable(p))
		return p;
	q = arena_malloc(n);
	if (q) {
		memcpy(q, p, usable(p));
		arena_free(p);
	}
	return q;
}

/* Over-allocates by @align and puts a header just before the aligned payload. */
static void *arena_aligned_alloc(size_t align, size_t n)
{
	struct hdr *h, *base;
	char *p, *q;
	bool fresh;

	if (align & (align - 1)) {
		errno = EINVAL;
		return NULL;
	}
	if (align <= HDR) /* 0 too, as musl's own takes it */
		return arena_malloc(n);
	/* hdr.back holds at most align - HDR in 32 bits; musl's own stops at 32 GiB. */
	if (align > ((size_t)1 << 31) || n > SIZE_MAX / 2 - align) {
		errno = ENOMEM;
		return NULL;
	}
	p = alloc(n + align, &fresh);
	if (!p)
		return NULL;
	q = (char *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
	if (q == p)
		return p;
	base = hdr_of(p);
	h = hdr_of(q); /* at or past the end of base's header: align > HDR */
	*h = (struct hdr){ .cls = base->cls,
			   .back = (uint32_t)((char *)h - (char *)base),
			   .len = base->len };
	return q;
}

static size_t arena_usable_size(void *p)
{
	return p ? usable(p) : 0;
}

/* The libc names; tests/unit/test_arena_malloc.c includes this file with ARENA_TEST. */
#ifndef ARENA_TEST
void *malloc(size_t n)
{
	return arena_malloc(n);
}

void free(void *p)
{
	arena_free(p);
}

void *calloc(size_t m, size_t n)
{
	return arena_calloc(m, n);
}

void *realloc(void *p, size_t n)
{
	return arena_realloc(p, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	return arena_aligned_alloc(align, n);
}

size_t malloc_usable_size(void *p)
{
	return arena_usable_size(p);
}
#endif
