// SPDX-License-Identifier: BSD-2-Clause
/*
 * A generated skeleton on the real kernel (`barebpf gen skeleton` of
 * tests/progs/skel_demo.bpf.o, made by mk/skel.mk): .rodata set through
 * skel->rodata before load decides what the programs count; after
 * getppid() calls, skel->bss and skel->data_custom read the counters
 * straight from the mmapped maps, the ring buffer carries the records,
 * user-space writes reach the program; destroy leaves the kernel as before.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/ringbuf.h>
#include "skel_demo.skel.h"
#include "../helpers/kstate.h"

struct recs {
	int n;
	uint64_t last;
};

static int on_rec(void *ctx, int cpu, const void *data, size_t size)
{
	struct recs *r = ctx;

	(void)cpu;
	if (size == sizeof(uint64_t)) {
		r->n++;
		r->last = *(const uint64_t *)data;
	}
	return 0;
}

static void getppid_n(int n)
{
	while (n-- > 0)
		syscall(SYS_getppid);
}

/* The initial image is the object's, writable, before load. */
static void test_open(void **state)
{
	struct skel_demo *s = NULL;

	(void)state;
	assert_int_equal(skel_demo__open(&s), 0);
	assert_non_null(s->obj);
	assert_non_null(s->maps.events);
	assert_non_null(s->progs.skel_tp);
	assert_null(s->links.skel_tp);
	assert_int_equal(s->rodata->cfg.step, 1);
	assert_string_equal(s->rodata->cfg.tag, "demo");
	assert_int_equal(s->rodata->add, 1);
	assert_int_equal(s->data_custom->custom_seen, 7);
	assert_int_equal(s->bss->tp_hits, 0);
	assert_int_equal(bbpf_map_fd(s->maps.bss), -ENOENT); /* nothing in the kernel yet */
	skel_demo__destroy(s);
	skel_demo__destroy(NULL);
}

static void test_run(void **state)
{
	struct recs r = { 0 };
	struct bbpf_events *ev;
	struct skel_demo *s = NULL;
	struct kstate before;

	(void)state;
	kstate_settle_long(&before);
	assert_int_equal(skel_demo__open(&s), 0);
	s->rodata->cfg.tgid = (uint32_t)getpid();
	s->rodata->cfg.step = 5;
	s->rodata->add = 10;
	assert_int_equal(skel_demo__load(s), 0);
	assert_true(bbpf_map_fd(s->maps.bss) >= 0);
	assert_int_equal(s->rodata->add, 10); /* now the frozen map, read-only */
	assert_int_equal(s->bss->tp_hits, 0);
	assert_int_equal(skel_demo__attach(s), 0);
	assert_non_null(s->links.skel_tp);
	assert_non_null(s->links.skel_raw);
	assert_int_equal(bbpf_events_new(&ev), 0);
	assert_true(bbpf_events_add(ev, bbpf_map_fd(s->maps.events), on_rec, &r, NULL) >= 0);

	getppid_n(3);
	assert_int_equal(bbpf_events_poll(ev, 1000), 3);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.last, 15); /* add + cfg.step, both set before load */
	assert_int_equal(s->bss->tp_hits, 3);
	assert_int_equal(s->bss->tp_sum, 30);
	assert_true(s->bss->raw_hits >= 3);
	assert_int_equal(s->data_custom->custom_seen, 10);

	s->bss->tp_hits = 100; /* shared both ways */
	getppid_n(1);
	assert_int_equal(s->bss->tp_hits, 101);

	skel_demo__detach(s);
	assert_null(s->links.skel_tp);
	getppid_n(1);
	assert_int_equal(s->bss->tp_hits, 101); /* detached: no more counting */
	bbpf_events_free(ev);
	skel_demo__destroy(s);
	assert_true(kstate_wait_same(&before));
}

/* Without cfg.tgid set, the programs count nothing: the rodata default is used. */
static void test_defaults(void **state)
{
	struct skel_demo *s = NULL;
	struct kstate before;

	(void)state;
	kstate_settle_long(&before);
	assert_int_equal(skel_demo__open_and_load(&s), 0);
	assert_int_equal(skel_demo__attach(s), 0);
	assert_int_equal(skel_demo__attach(s), 0); /* attached ones are kept */
	getppid_n(2);
	assert_int_equal(s->bss->tp_hits, 0);
	assert_int_equal(skel_demo__load(s), -EBUSY); /* still loaded and attached */
	assert_non_null(s->bss);
	skel_demo__destroy(s);
	assert_true(kstate_wait_same(&before));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
