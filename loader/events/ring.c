// SPDX-License-Identifier: BSD-2-Clause
/*
 * The BPF ring buffer's record walk, pure: positions and records are read
 * from memory with the ordering the kernel's producer expects, and every
 * length is checked against the ring before it is used, so a corrupt ring
 * ends the walk with -EBADMSG rather than with a read out of bounds.
 *
 * Ordering: the producer writes a record, then clears BUSY in its header with
 * release; we read the header with acquire, so the bytes after it are seen.
 * The producer position is read with acquire too (it is moved at reserve
 * time, before the record is committed: BUSY says which records are not
 * done). Our consumer position is stored with release: the kernel may then
 * overwrite the space, so nothing of it may be read after the store.
 */
#include <errno.h>

#include "events/internal.h"

/* How many records between two consumer stores (a store per record costs). */
#define STORE_EVERY 64

static void store_cons(const struct bbpf__ring *r, unsigned long cons)
{
	__atomic_store_n(r->cons_pos, cons, __ATOMIC_RELEASE);
}

/*
 * The next record at @cons: 0 with its header length in *@len and its size in
 * the ring (header and padding) in *@total; 1 when it is still busy; -EBADMSG.
 */
static int next_rec(const struct bbpf__ring *r, unsigned long cons, unsigned long prod,
		    uint32_t *len, uint32_t *total)
{
	const uint32_t *hdr = (const uint32_t *)(r->data + (cons & r->mask));
	uint32_t n;

	*len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
	if (*len & BBPF__RING_BUSY)
		return 1;
	n = *len & ~BBPF__RING_DISCARD;
	if (n > r->mask + 1 - BBPF__RING_HDR)
		return -EBADMSG;
	*total = (n + BBPF__RING_HDR + 7) & ~7U;
	return *total > prod - cons ? -EBADMSG : 0;
}

/* Records up to the producer position read now; *@cons moves past them. */
static int walk_once(const struct bbpf__ring *r, unsigned long *cons, bbpf__rec_fn fn, void *ctx,
		     bool *stopped)
{
	unsigned long prod = __atomic_load_n(r->prod_pos, __ATOMIC_ACQUIRE);
	int cnt = 0, ret = 0, err = 0, since = 0;
	uint32_t len, total;

	if (prod - *cons > r->mask + 1 || (*cons & 7))
		return -EBADMSG;
	while (*cons != prod && !ret) {
		err = next_rec(r, *cons, prod, &len, &total);
		if (err)
			break; /* busy: the producer has not committed it yet */
		if (!(len & BBPF__RING_DISCARD)) {
			ret = fn(ctx, r->data + (*cons & r->mask) + BBPF__RING_HDR, len);
			cnt++;
		}
		*cons += total;
		if (++since == STORE_EVERY) {
			store_cons(r, *cons);
			since = 0;
		}
	}
	store_cons(r, *cons);
	*stopped = ret > 0;
	return err < 0 ? err : ret < 0 ? ret : cnt;
}

int bbpf__ring_walk(const struct bbpf__ring *r, bbpf__rec_fn fn, void *ctx, bool *stopped)
{
	unsigned long cons = __atomic_load_n(r->cons_pos, __ATOMIC_ACQUIRE), start;
	int cnt = 0, ret;

	*stopped = false;
	do {
		start = cons;
		ret = walk_once(r, &cons, fn, ctx, stopped);
		if (ret < 0)
			return ret;
		cnt += ret;
	} while (cons != start && !*stopped);
	return cnt;
}
