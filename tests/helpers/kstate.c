// SPDX-License-Identifier: BSD-2-Clause
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <barebpf/sys.h>
#include "fixture.h"
#include "kstate.h"

static void ids(int (*next)(__u32, __u32 *), unsigned long long *cnt, unsigned long long *sum)
{
	__u32 id = 0;

	*cnt = *sum = 0;
	while (!next(id, &id)) {
		(*cnt)++;
		*sum += id;
	}
}

/* Lines of a tracefs file, hashed into *@hash. */
static unsigned long long lines(const char *name, unsigned long long *hash)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[128], line[512];
	unsigned long long n = 0;
	FILE *f = NULL;
	size_t i;

	for (i = 0; i < 2 && !f; i++) {
		snprintf(path, sizeof(path), "%s/%s", roots[i], name);
		f = fopen(path, "re");
	}
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		for (i = 0; line[i]; i++)
			*hash = *hash * 131 + (unsigned char)line[i];
	}
	fclose(f);
	return n;
}

void kstate_snapshot(struct kstate *k)
{
	memset(k, 0, sizeof(*k));
	k->fds = fd_count();
	ids(bbpf_sys_prog_get_next_id, &k->n[0], &k->s[0]);
	ids(bbpf_sys_map_get_next_id, &k->n[1], &k->s[1]);
	ids(bbpf_sys_link_get_next_id, &k->n[2], &k->s[2]);
	ids(bbpf_sys_btf_get_next_id, &k->n[3], &k->s[3]);
	k->kprobe_events = lines("kprobe_events", &k->ev_hash);
	k->uprobe_events = lines("uprobe_events", &k->ev_hash);
}

static bool equal(const struct kstate *a, const struct kstate *b)
{
	return !memcmp(a, b, sizeof(*a));
}

void kstate_settle(struct kstate *k)
{
	static int looks = 50;
	struct kstate prev;
	int tries, still = 0;

	/*
	 * The kernel frees an exited process's objects in deferred work that
	 * can pause for more than one tick: call it settled after 5 equal looks.
	 * The first time in a process, 50 (1 s): the test binary run before this
	 * one exited just now, and its programs can outlive it by a few hundred
	 * ms (a baseline that still has them fails the first "nothing left").
	 */
	kstate_snapshot(k);
	for (tries = 0; tries < 250 + looks && still < looks; tries++) {
		usleep(20000);
		prev = *k;
		kstate_snapshot(k);
		still = equal(&prev, k) ? still + 1 : 0;
	}
	looks = 5;
}

void kstate_settle_long(struct kstate *k)
{
	struct kstate prev;
	int tries;

	kstate_settle(k);
	for (tries = 0; tries < 15; tries++) {
		usleep(300000);
		prev = *k;
		kstate_settle(k);
		if (equal(&prev, k))
			return;
	}
}

bool kstate_same(const struct kstate *a, const struct kstate *b)
{
	static const char *const what[4] = { "programs", "maps", "links", "BTF objects" };
	int i;

	if (equal(a, b))
		return true;
	if (a->fds != b->fds)
		fprintf(stderr, "kstate: fds %d -> %d\n", a->fds, b->fds);
	for (i = 0; i < 4; i++)
		if (a->n[i] != b->n[i] || a->s[i] != b->s[i])
			fprintf(stderr, "kstate: %s %llu -> %llu\n", what[i], a->n[i], b->n[i]);
	if (a->kprobe_events != b->kprobe_events || a->uprobe_events != b->uprobe_events ||
	    a->ev_hash != b->ev_hash)
		fprintf(stderr, "kstate: kprobe_events %llu -> %llu, uprobe_events %llu -> %llu\n",
			a->kprobe_events, b->kprobe_events, a->uprobe_events, b->uprobe_events);
	return false;
}

bool kstate_wait_same(const struct kstate *before)
{
	struct kstate now;
	int tries;

	for (tries = 0; tries < 250; tries++) { /* 5 s: slow under qemu TCG */
		kstate_snapshot(&now);
		if (equal(before, &now))
			return true;
		usleep(20000);
	}
	return kstate_same(before, &now);
}
