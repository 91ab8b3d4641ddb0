/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * "Is the kernel as before?" for load and attach tests: the ids of every
 * program, map, link and BTF object, this process's open fds, and the lines of
 * tracefs kprobe_events and uprobe_events, snapshotted and compared.
 */
#ifndef BBPF_TEST_KSTATE_H
#define BBPF_TEST_KSTATE_H

#include <stdbool.h>

struct kstate {
	int fds;
	unsigned long long n[4], s[4]; /* prog, map, link, btf: count and sum of ids */
	unsigned long long kprobe_events, uprobe_events; /* lines; a hash below */
	unsigned long long ev_hash;
};

/* kstate_snapshot() fills @k now. */
void kstate_snapshot(struct kstate *k);

/*
 * kstate_settle() snapshots once objects of earlier tests are gone (the
 * kernel frees programs from deferred work): it waits up to 5 s for six
 * snapshots in a row, 20 ms apart, to agree.
 */
void kstate_settle(struct kstate *k);

/*
 * kstate_settle_long() settles until two settled snapshots 300 ms apart
 * agree (up to about 5 s): for a baseline taken right after another test
 * binary exited, whose objects the kernel may still be freeing in bursts.
 */
void kstate_settle_long(struct kstate *k);

/* kstate_same() is true when @a and @b agree; else it prints what differs. */
bool kstate_same(const struct kstate *a, const struct kstate *b);

/*
 * kstate_wait_same() waits up to 5 s for the kernel to come back to @before
 * (links and programs are released from deferred work). Returns kstate_same().
 */
bool kstate_wait_same(const struct kstate *before);

#endif
