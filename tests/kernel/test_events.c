// SPDX-License-Identifier: BSD-2-Clause
/*
 * The event reader on the real kernel. tests/progs/events_writer.bpf.c and
 * events_switch.bpf.c (through include/bpf/bbpf_output.h), attached to the
 * raw tracepoint sys_enter, write numbered records of varied sizes on each
 * getppid() of this process (tests/progs/events_common.h); the tests read them through a
 * ring buffer and a perf buffer and check that each arrives once, in order
 * (per CPU), with its bytes; that the ring goes round its end many times;
 * that a slow perf consumer is told of exactly the records the program could
 * not write; and that the automatic switch gives the same records through a
 * perf buffer when ring buffers are switched off.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include <barebpf/obj.h>
#include <barebpf/ringbuf.h>
#include <barebpf/sys.h>
#include "../helpers/prog_elf.h"

enum { OUT_RB = 1, OUT_PB = 2, OUT_SWITCH = 4, OUT_BIG = 8 };

struct env {
	struct bbpf_obj *obj;
	int link_fd;
	int ctl_fd, stats_fd;
};

/* What a reader callback saw. */
struct got {
	uint32_t next[1024];	 /* per CPU (index cpu + 1): the seq expected next */
	uint32_t next_big[1024]; /* the same for the 1 KiB records */
	int cnt, bad, stop_after;
	uint32_t last_seq;
	size_t big; /* records of 1 KiB */
};

static int map_fd(struct env *e, const char *name)
{
	int idx = bbpf_obj_find_map(e->obj, name);

	assert_true(idx >= 0);
	return bbpf_map_fd(bbpf_obj_map(e->obj, idx));
}

static void ctl_set(struct env *e, uint32_t k, uint32_t v)
{
	assert_int_equal(bbpf_sys_map_update_elem(e->ctl_fd, &k, &v, 0), 0);
}

static uint64_t stat_get(struct env *e, uint32_t k)
{
	uint64_t v = 0;

	assert_int_equal(bbpf_sys_map_lookup_elem(e->stats_fd, &k, &v, 0), 0);
	return v;
}

/* Loads tests/progs/@name.bpf.o (program @name) and attaches it to sys_enter. */
static void env_load_obj(struct env *e, const char *name, int buffer)
{
	struct bbpf_obj_load_opts lo = { .sz = sizeof(lo), .buffer = buffer };
	char path[64];
	int prog;

	memset(e, 0, sizeof(*e));
	snprintf(path, sizeof(path), "%s.bpf.o", name);
	assert_int_equal(bbpf_obj_open_file(test_prog_path(path), NULL, &e->obj), 0);
	assert_int_equal(bbpf_obj_load(e->obj, &lo), 0);
	prog = bbpf_prog_fd(bbpf_obj_prog(e->obj, bbpf_obj_find_prog(e->obj, name)));
	e->ctl_fd = map_fd(e, "ctl");
	e->stats_fd = map_fd(e, "stats");
	ctl_set(e, 1, (uint32_t)getpid());
	ctl_set(e, 2, SYS_getppid);
	e->link_fd = bbpf_sys_raw_tracepoint_open("sys_enter", prog);
	assert_true(e->link_fd >= 0);
}

static void env_load(struct env *e)
{
	env_load_obj(e, "events_writer", BBPF_BUFFER_AUTO);
}

static void env_free(struct env *e)
{
	close(e->link_fd);
	bbpf_obj_close(e->obj);
}

static void trigger(int n)
{
	while (n-- > 0)
		syscall(SYS_getppid);
}

/* Checks one record: its bytes and its place in its CPU's sequence. */
static int on_rec(void *ctx, int cpu, const void *data, size_t size)
{
	struct got *g = ctx;
	const uint8_t *b = data;
	uint32_t seq, len, i, *next;

	if (size < 8) {
		g->bad++;
		return 0;
	}
	memcpy(&seq, b, 4);
	memcpy(&len, b + 4, 4);
	/* A perf buffer pads 4 + len up to a multiple of 8, with zeros. */
	if (cpu < 0 ? size != len : size != ((len + 4 + 7) & ~7U) - 4)
		g->bad++;
	for (i = 8; i < len && i < size; i++)
		g->bad += b[i] != (uint8_t)(seq + i - 8);
	next = len == 1024 ? g->next_big : g->next;
	if (seq < next[cpu + 1])
		g->bad++; /* twice, or out of order */
	next[cpu + 1] = seq + 1;
	g->last_seq = seq;
	g->big += len == 1024;
	g->cnt++;
	return g->stop_after && g->cnt == g->stop_after;
}

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	assert_int_equal(sched_setaffinity(0, sizeof(set), &set), 0);
}

static int first_cpu(void)
{
	cpu_set_t set;
	int i;

	assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &set))
			return i;
	return 0;
}

/* 16 KiB ring, records of 8..135 bytes: 400 rounds go round the ring ~60 times. */
static void test_ringbuf_rounds(void **state)
{
	struct bbpf_events *ev;
	struct got g = { 0 };
	struct env e;
	int round, n, want = 0, got;

	(void)state;
	env_load(&e);
	assert_int_equal(bbpf_events_new(&ev), 0);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "rb"), on_rec, &g, NULL), 0);
	assert_int_equal(bbpf_events_map_type(ev, 0), BPF_MAP_TYPE_RINGBUF);
	ctl_set(&e, 0, OUT_RB);
	assert_int_equal(bbpf_events_poll(ev, 0), 0);
	for (round = 0; round < 400; round++) {
		n = 1 + round % 60;
		trigger(n);
		want += n;
		got = round % 2 ? bbpf_events_poll(ev, 1000) : bbpf_events_consume(ev);
		assert_int_equal(got, n);
	}
	assert_int_equal(g.cnt, want);
	assert_int_equal(g.bad, 0);
	assert_int_equal(stat_get(&e, 1), 0);
	assert_true(stat_get(&e, 0) * 72 > 50 * 16384); /* round the ring 50+ times */
	bbpf_events_free(ev);
	env_free(&e);
}

/* A full ring: the program's failed writes and what arrives add up to what was sent. */
static void test_ringbuf_full_and_stop(void **state)
{
	struct bbpf_events *ev;
	struct got g = { .stop_after = 5 };
	struct env e;
	uint64_t lost;

	(void)state;
	env_load(&e);
	assert_int_equal(bbpf_events_new(&ev), 0);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "rb"), on_rec, &g, NULL), 0);
	ctl_set(&e, 0, OUT_RB);
	trigger(1000);
	assert_int_equal(bbpf_events_consume(ev), 5); /* the callback stopped it */
	g.stop_after = 0;
	while (bbpf_events_consume(ev) > 0)
		;
	assert_true(stat_get(&e, 1) > 0);
	assert_int_equal(g.cnt + stat_get(&e, 1), 1000);
	assert_int_equal(g.bad, 0);
	assert_int_equal(bbpf_events_lost(ev, 0, -1, &lost), 0);
	assert_int_equal(lost, 0);
	bbpf_events_free(ev);
	env_free(&e);
}

/*
 * Pinned to one CPU, one page per ring: order, wrap, then a slow consumer's
 * losses. Records go to map @map of tests/progs/@obj.bpf.o (selected by
 * ctl[0] = @outs); the program counts the writes that failed in stats[@stat].
 */
static void perf_rounds_and_lost(const char *obj, const char *map, uint32_t outs, uint32_t stat)
{
	struct bbpf_events_opts o = { .sz = sizeof(o), .perf_pages = 1 };
	int cpu = first_cpu(), round, want = 0;
	struct bbpf_events *ev;
	struct got g = { 0 };
	struct env e;
	uint64_t lost, lost_cpu;

	pin_cpu(cpu);
	env_load_obj(&e, obj, BBPF_BUFFER_AUTO);
	assert_int_equal(bbpf_events_new(&ev), 0);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, map), on_rec, &g, &o), 0);
	assert_int_equal(bbpf_events_map_type(ev, 0), BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	ctl_set(&e, 0, outs);
	for (round = 0; round < 200; round++) {
		trigger(1 + round % 20);
		want += 1 + round % 20;
		assert_int_equal(round % 2 ? bbpf_events_poll(ev, 1000) : bbpf_events_consume(ev),
				 1 + round % 20);
	}
	assert_int_equal(stat_get(&e, stat), 0);
	assert_true(stat_get(&e, 0) * 72 > 30 * 4096); /* round the ring 30+ times */
	/* Slow: 500 records (~40 KiB) into a 4 KiB ring, then one more to bring out LOST. */
	trigger(500);
	while (bbpf_events_consume(ev) > 0)
		;
	trigger(1);
	while (bbpf_events_consume(ev) > 0)
		;
	assert_true(stat_get(&e, stat) > 0);
	assert_int_equal(bbpf_events_lost(ev, 0, -1, &lost), 0);
	assert_int_equal(bbpf_events_lost(ev, 0, cpu, &lost_cpu), 0);
	print_message("%s %s: %d records, %llu lost (program counted %llu)\n", obj, map, g.cnt,
		      (unsigned long long)lost, (unsigned long long)stat_get(&e, stat));
	assert_int_equal(lost, stat_get(&e, stat));
	assert_int_equal(lost_cpu, lost);
	assert_int_equal(g.cnt + lost, want + 501);
	assert_int_equal(g.bad, 0);
	bbpf_events_free(ev);
	env_free(&e);
}

static void test_perf_rounds_and_lost(void **state)
{
	(void)state;
	perf_rounds_and_lost("events_writer", "pb", OUT_PB, 2);
}

/* The same through bbpf_output() with ring buffers switched off (BAREBPF_NO=ringbuf). */
static void test_perf_rounds_and_lost_forced(void **state)
{
	(void)state;
	assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_RINGBUF, true), 0);
	perf_rounds_and_lost("events_switch", "events", OUT_SWITCH, 3);
	assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_RINGBUF, false), 0);
}

/* Records from several CPUs: each CPU's in order, none twice, none missing. */
static void test_perf_cpus(void **state)
{
	int cpus[2], n = 0, i, cpu;
	struct bbpf_events *ev;
	struct got g = { 0 };
	cpu_set_t set;
	struct env e;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
	for (cpu = 0; cpu < CPU_SETSIZE && n < 2; cpu++)
		if (CPU_ISSET(cpu, &set))
			cpus[n++] = cpu;
	env_load(&e);
	assert_int_equal(bbpf_events_new(&ev), 0);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "pb"), on_rec, &g, NULL), 0);
	ctl_set(&e, 0, OUT_PB | OUT_RB);
	for (i = 0; i < 100; i++) {
		pin_cpu(cpus[i % n]);
		trigger(7);
	}
	while (bbpf_events_consume(ev) > 0)
		;
	assert_int_equal(g.cnt, 700);
	assert_int_equal(g.bad, 0);
	bbpf_events_free(ev);
	env_free(&e);
	CPU_ZERO(&set);
	for (i = 0; i < n; i++)
		CPU_SET(cpus[i], &set);
}

/* Two maps in one epoll set, one poll: both callbacks, the right ctx each. */
static void test_two_maps(void **state)
{
	struct got gr = { 0 }, gp = { 0 };
	struct bbpf_events *ev;
	struct env e;
	int total = 0, ret;

	(void)state;
	env_load(&e);
	assert_int_equal(bbpf_events_new(&ev), 0);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "rb"), on_rec, &gr, NULL), 0);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "pb"), on_rec, &gp, NULL), 1);
	assert_true(bbpf_events_epoll_fd(ev) > 2);
	ctl_set(&e, 0, OUT_RB | OUT_PB);
	trigger(50);
	while (total < 100 && (ret = bbpf_events_poll(ev, 1000)) > 0)
		total += ret;
	assert_int_equal(total, 100);
	assert_int_equal(gr.cnt, 50);
	assert_int_equal(gp.cnt, 50);
	assert_int_equal(gr.bad + gp.bad, 0);
	assert_int_equal(bbpf_events_poll(ev, 10), 0); /* the timeout */
	bbpf_events_free(ev);
	env_free(&e);
}

/* Maps that are not event maps, and bad options, are refused; nothing is left. */
static void test_bad_adds(void **state)
{
	struct bbpf_events_opts o = { .sz = sizeof(o), .perf_pages = 3 };
	struct bbpf_events *ev;
	struct got g = { 0 };
	struct env e;

	(void)state;
	env_load(&e);
	assert_int_equal(bbpf_events_new(&ev), 0);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "ctl"), on_rec, &g, NULL), -EINVAL);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "pb"), on_rec, &g, &o), -EINVAL);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "pb"), NULL, &g, NULL), -EINVAL);
	assert_int_equal(bbpf_events_add(ev, -1, on_rec, &g, NULL), -EINVAL);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "rb"), on_rec, &g, NULL), 0);
	ctl_set(&e, 0, OUT_RB);
	trigger(3);
	assert_int_equal(bbpf_events_poll(ev, 1000), 3);
	bbpf_events_free(ev);
	env_free(&e);
}

/*
 * The automatic switch: records sent with bbpf_output() and bbpf_reserve()/
 * bbpf_submit() arrive the same through the ring buffer and, with the map
 * turned into a perf event array, through the perf buffer.
 */
static void check_switch(int buffer, int want_type)
{
	struct bbpf_events *ev;
	struct got g = { 0 };
	struct env e;
	int i;

	env_load_obj(&e, "events_switch", buffer);
	assert_int_equal(bbpf_events_new(&ev), 0);
	assert_int_equal(bbpf_events_add(ev, map_fd(&e, "events"), on_rec, &g, NULL), 0);
	assert_int_equal(bbpf_events_map_type(ev, 0), want_type);
	ctl_set(&e, 0, OUT_SWITCH | OUT_BIG);
	for (i = 0; i < 20; i++) {
		trigger(10);
		while (bbpf_events_consume(ev) > 0)
			;
	}
	print_message("buffer %d: map type %d, %d records, %zu of 1 KiB\n", buffer, want_type,
		      g.cnt, g.big);
	assert_int_equal(g.cnt, 400);
	assert_int_equal(g.big, 200);
	assert_int_equal(g.bad, 0);
	assert_int_equal(stat_get(&e, 3) + stat_get(&e, 4), 0);
	bbpf_events_free(ev);
	env_free(&e);
}

static void test_switch_ringbuf(void **state)
{
	(void)state;
	check_switch(BBPF_BUFFER_AUTO, BPF_MAP_TYPE_RINGBUF);
	check_switch(BBPF_BUFFER_RINGBUF, BPF_MAP_TYPE_RINGBUF);
}

static void test_switch_perf_option(void **state)
{
	(void)state;
	check_switch(BBPF_BUFFER_PERF, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
}

/* As on a kernel without ring buffers: BAREBPF_NO=ringbuf, here through its API. */
static void test_switch_forced(void **state)
{
	(void)state;
	assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_RINGBUF, true), 0);
	check_switch(BBPF_BUFFER_AUTO, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_RINGBUF, false), 0);
}

/*
 * User ring buffer (6.1+): records of varied sizes from here, drained by the
 * program on our next system call; the ring goes round its end many times,
 * and a full ring says -ENOSPC until the program drains it.
 */
static void test_user_ringbuf(void **state)
{
	struct bbpf_user_ringbuf *rb;
	unsigned long long want_len = 0;
	uint64_t v = 0, *rec;
	uint32_t k, tgid = (uint32_t)getpid(), len;
	int round, i, seq = 0, fd, ustats, err;
	struct bbpf_obj *obj;

	(void)state;
	fd = bbpf_sys_map_create(BPF_MAP_TYPE_USER_RINGBUF, NULL, 0, 0, 4096, NULL);
	if (fd < 0)
		skip(); /* before 6.1 */
	close(fd);
	assert_int_equal(bbpf_obj_open_file(test_prog_path("events_user.bpf.o"), NULL, &obj), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "target_tgid", &tgid, 4), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	fd = bbpf_sys_raw_tracepoint_open(
		"sys_enter",
		bbpf_prog_fd(bbpf_obj_prog(obj, bbpf_obj_find_prog(obj, "events_user"))));
	assert_true(fd >= 0);
	ustats = bbpf_map_fd(bbpf_obj_map(obj, bbpf_obj_find_map(obj, "ustats")));
	assert_int_equal(
		bbpf_user_ringbuf_new(bbpf_map_fd(bbpf_obj_map(obj, bbpf_obj_find_map(obj, "urb"))),
				      &rb),
		0);
	assert_int_equal(bbpf_user_ringbuf_new(ustats, &(struct bbpf_user_ringbuf *){ 0 }),
			 -EINVAL);
	for (round = 0; round < 200; round++) {
		for (i = 0; i < 10; i++) {
			len = 16 + (uint32_t)((seq * 37) % 200);
			assert_int_equal(bbpf_user_ringbuf_reserve(rb, len, (void **)&rec), 0);
			rec[0] = (uint64_t)seq;
			rec[1] = len;
			if (i == 5) {
				bbpf_user_ringbuf_discard(rb, rec);
				continue;
			}
			bbpf_user_ringbuf_submit(rb, rec);
			want_len += len;
			seq++;
		}
		syscall(SYS_getppid); /* drains */
	}
	/* Undrained, the 8 KiB ring fills up. */
	for (i = 0; (err = bbpf_user_ringbuf_reserve(rb, 200, (void **)&rec)) == 0; i++)
		bbpf_user_ringbuf_discard(rb, rec);
	assert_int_equal(err, -ENOSPC);
	assert_true(i > 30 && i < 42);
	k = 0;
	assert_int_equal(bbpf_sys_map_lookup_elem(ustats, &k, &v, 0), 0);
	assert_int_equal(v, seq);
	k = 1;
	assert_int_equal(bbpf_sys_map_lookup_elem(ustats, &k, &v, 0), 0);
	assert_int_equal(v, want_len);
	k = 2;
	assert_int_equal(bbpf_sys_map_lookup_elem(ustats, &k, &v, 0), 0);
	assert_int_equal(v, 0);
	bbpf_user_ringbuf_free(rb);
	close(fd);
	bbpf_obj_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ringbuf_rounds),
		cmocka_unit_test(test_ringbuf_full_and_stop),
		cmocka_unit_test(test_perf_rounds_and_lost),
		cmocka_unit_test(test_perf_rounds_and_lost_forced),
		cmocka_unit_test(test_perf_cpus),
		cmocka_unit_test(test_two_maps),
		cmocka_unit_test(test_bad_adds),
		cmocka_unit_test(test_switch_ringbuf),
		cmocka_unit_test(test_switch_perf_option),
		cmocka_unit_test(test_switch_forced),
		cmocka_unit_test(test_user_ringbuf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
