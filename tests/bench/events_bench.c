// SPDX-License-Identifier: BSD-2-Clause
/*
 * `make bench`, event readers: barebpf's reader and libbpf's consumers on
 * the same maps of one loaded object (tests/progs/bench_events.bpf.c), in
 * one process, one after the other round by round, who goes first
 * alternating (libbpf is linked here as the reference, as into
 * tests/bench/ref_*).
 *
 * Throughput: the XDP program bench_fill, run with BPF_PROG_TEST_RUN on this
 * (pinned) CPU, fills the ring buffer (64 MiB) or this CPU's perf ring
 * (16 MiB) with N records of 16 B, 64 B or 1 KiB; then one consumer reads
 * all N, timed in this thread's CPU time (CLOCK_THREAD_CPUTIME_ID: the
 * machine is shared), its callback reading 8 bytes of each.
 * Filling is not timed. memcpy of the same bytes is the bandwidth bound.
 * Latency: bench_lat stamps bpf_ktime_get_ns() into a record on each
 * getppid() of ours; a thread blocked in the reader's poll takes the clock in
 * its callback. BPF_RB_NO_WAKEUP records wake nobody: the reader consumes
 * every 1 ms instead, the batching libbpf users do with it.
 *
 * Usage: events_bench OBJ [-n ROUNDS]   prints a Markdown section.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <barebpf/obj.h>
#include <barebpf/ringbuf.h>
#include <barebpf/sys.h>

#define RB_BYTES   (64u << 20)
#define PERF_PAGES 4096u
#define LAT_N	   2000

struct bench {
	struct bbpf_obj *obj;
	int rb, pb, ctl, fill, lat;
	int rounds;
};

static volatile unsigned long long sink;
static unsigned long long got;

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * What the consumers are timed with: this thread's CPU time (user and
 * kernel), so that time other processes of a shared machine take the CPU
 * from us is not counted against whichever reader was running.
 */
static double cpu_now(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

static int fd_of(struct bench *b, const char *name, int prog)
{
	int i = prog ? bbpf_obj_find_prog(b->obj, name) : bbpf_obj_find_map(b->obj, name);

	if (i < 0) {
		fprintf(stderr, "events_bench: no %s\n", name);
		exit(1);
	}
	return prog ? bbpf_prog_fd(bbpf_obj_prog(b->obj, i)) : bbpf_map_fd(bbpf_obj_map(b->obj, i));
}

static void ctl(struct bench *b, uint32_t k, uint32_t v)
{
	if (bbpf_sys_map_update_elem(b->ctl, &k, &v, 0))
		exit(1);
}

/* @n records (a multiple of 64) of @size bytes, to the perf ring if @perf. */
static void fill(struct bench *b, uint32_t size, int perf, uint32_t n)
{
	char pkt[64] = { 0 };
	struct bbpf_sys_prog_test_run_opts o = {
		.sz = sizeof(o),
		.data_in = pkt,
		.data_size_in = sizeof(pkt),
		.repeat = n / 64,
	};

	ctl(b, 0, size);
	ctl(b, 1, (uint32_t)perf);
	if (bbpf_sys_prog_test_run(b->fill, &o)) {
		fprintf(stderr, "events_bench: test run failed\n");
		exit(1);
	}
}

/* The same work for every consumer: read 8 bytes, count. */
static int on_bb(void *ctx, int cpu, const void *data, size_t size)
{
	(void)ctx, (void)cpu, (void)size;
	sink += *(const unsigned long long *)data;
	got++;
	return 0;
}

static int on_lb_rb(void *ctx, void *data, size_t size)
{
	return on_bb(ctx, 0, data, size);
}

static void on_lb_pb(void *ctx, int cpu, void *data, uint32_t size)
{
	on_bb(ctx, cpu, data, size);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_d);
	return v[n / 2];
}

/* Every consumer loop (it spins) gives up after 20 s of CPU: records that never come are a failure, not a hang. */
static void check_stuck(double t0, uint32_t n)
{
	if (cpu_now() - t0 > 20) {
		fprintf(stderr, "events_bench: %llu of %u records after 20 s\n", got, n);
		exit(1);
	}
}

static double time_bb(struct bench *b, uint32_t size, int perf, uint32_t n)
{
	struct bbpf_events_opts o = { .sz = sizeof(o), .perf_pages = PERF_PAGES };
	struct bbpf_events *ev;
	double t;

	if (bbpf_events_new(&ev) || bbpf_events_add(ev, perf ? b->pb : b->rb, on_bb, NULL, &o) < 0)
		exit(1);
	fill(b, size, perf, n);
	got = 0;
	t = cpu_now();
	while (got < n) {
		if (bbpf_events_consume(ev) < 0)
			exit(1);
		check_stuck(t, n);
	}
	t = cpu_now() - t;
	bbpf_events_free(ev);
	return t;
}

static double time_lb(struct bench *b, uint32_t size, int perf, uint32_t n)
{
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;
	double t;

	if (perf)
		pb = perf_buffer__new(b->pb, PERF_PAGES, on_lb_pb, NULL, NULL, NULL);
	else
		rb = ring_buffer__new(b->rb, on_lb_rb, NULL, NULL);
	if (!pb && !rb)
		exit(1);
	fill(b, size, perf, n);
	got = 0;
	t = cpu_now();
	while (got < n) {
		if ((perf ? perf_buffer__consume(pb) : ring_buffer__consume(rb)) < 0)
			exit(1);
		check_stuck(t, n);
	}
	t = cpu_now() - t;
	perf_buffer__free(pb);
	ring_buffer__free(rb);
	return t;
}

static double time_memcpy(size_t bytes)
{
	static char *src, *dst;
	double t;

	if (!src) {
		src = malloc(RB_BYTES);
		dst = malloc(RB_BYTES);
		memset(src, 1, RB_BYTES);
		memset(dst, 2, RB_BYTES);
	}
	t = cpu_now();
	memcpy(dst, src, bytes);
	sink += (unsigned char)dst[bytes - 1];
	return cpu_now() - t;
}

static void throughput(struct bench *b, int perf)
{
	static const uint32_t sizes[] = { 16, 64, 1024 };
	double tb[64], tl[64], tm[64], mb, ml, mm;
	uint32_t size, foot, n;
	int i, r;

	printf("\n| %s, record size | records | barebpf Mrec/s | libbpf Mrec/s | ratio | "
	       "barebpf GB/s | memcpy GB/s |\n|---|---|---|---|---|---|---|\n",
	       perf ? "perf buffer" : "ring buffer");
	for (i = 0; i < 3; i++) {
		size = sizes[i];
		foot = perf ? 8 + ((size + 4 + 7) & ~7u) : (size + 8 + 7) & ~7u;
		n = (perf ? PERF_PAGES * 4096u : RB_BYTES) / foot * 9 / 10 / 64 * 64;
		for (r = 0; r < b->rounds; r++) { /* who goes first alternates */
			if (r % 2)
				tl[r] = time_lb(b, size, perf, n);
			tb[r] = time_bb(b, size, perf, n);
			if (!(r % 2))
				tl[r] = time_lb(b, size, perf, n);
			tm[r] = time_memcpy((size_t)n * size);
		}
		mb = median(tb, b->rounds);
		ml = median(tl, b->rounds);
		mm = median(tm, b->rounds);
		printf("| %u B | %u | %.1f | %.1f | %.2fx | %.2f | %.2f |\n", size, n, n / mb / 1e6,
		       n / ml / 1e6, ml / mb, (double)n * size / mb / 1e9,
		       (double)n * size / mm / 1e9);
	}
}

/* ---- latency ---- */

struct lat {
	double v[LAT_N];
	int n;
	volatile int stop;
	struct bbpf_events *ev;
	struct ring_buffer *lrb;
	struct perf_buffer *lpb;
	int batch; /* BPF_RB_NO_WAKEUP: consume every 1 ms */
};

static void lat_rec(struct lat *l, const void *data)
{
	struct timespec ts;
	unsigned long long t0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	memcpy(&t0, data, 8);
	if (l->n < LAT_N)
		l->v[l->n++] = (ts.tv_sec * 1000000000ULL + ts.tv_nsec - t0) / 1e3;
}

static int lat_bb(void *ctx, int cpu, const void *data, size_t size)
{
	(void)cpu, (void)size;
	lat_rec(ctx, data);
	return 0;
}

static int lat_lrb(void *ctx, void *data, size_t size)
{
	(void)size;
	lat_rec(ctx, data);
	return 0;
}

static void lat_lpb(void *ctx, int cpu, void *data, uint32_t size)
{
	(void)cpu, (void)size;
	lat_rec(ctx, data);
}

/* Records waiting now, read without waiting. */
static void lat_consume(struct lat *l)
{
	if (l->ev)
		bbpf_events_consume(l->ev);
	else if (l->lrb)
		ring_buffer__consume(l->lrb);
	else
		perf_buffer__consume(l->lpb);
}

/*
 * Woken records: poll. BPF_RB_NO_WAKEUP records wake nobody: the reader
 * looks every 1 ms (a sleep, then consume), the batching its users do.
 */
static void *lat_poller(void *arg)
{
	struct timespec ms = { 0, 1000000 };
	struct lat *l = arg;

	while (!l->stop) {
		if (l->batch)
			nanosleep(&ms, NULL), lat_consume(l);
		else if (l->ev)
			bbpf_events_poll(l->ev, 100);
		else if (l->lrb)
			ring_buffer__poll(l->lrb, 100);
		else
			perf_buffer__poll(l->lpb, 100);
	}
	lat_consume(l); /* nothing left for the next row */
	return NULL;
}

static void latency_row(struct bench *b, const char *what, int mode, int lib)
{
	struct lat *l = calloc(1, sizeof(*l));
	struct timespec gap = { 0, 200000 };
	pthread_t th;
	int i, fd = mode == 2 ? b->pb : b->rb;

	l->batch = mode == 1;
	if (!lib) {
		if (bbpf_events_new(&l->ev) || bbpf_events_add(l->ev, fd, lat_bb, l, NULL) < 0)
			exit(1);
	} else if (mode == 2) {
		l->lpb = perf_buffer__new(fd, 64, lat_lpb, NULL, l, NULL);
	} else {
		l->lrb = ring_buffer__new(fd, lat_lrb, l, NULL);
	}
	if (!l->ev && !l->lrb && !l->lpb)
		exit(1);
	ctl(b, 3, (uint32_t)mode);
	pthread_create(&th, NULL, lat_poller, l);
	for (i = 0; i < LAT_N; i++) {
		syscall(SYS_getppid);
		nanosleep(&gap, NULL);
	}
	nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
	l->stop = 1;
	pthread_join(th, NULL);
	qsort(l->v, (size_t)l->n, sizeof(double), cmp_d);
	printf("| %s | %s | %d | %.1f | %.1f |\n", what, lib ? "libbpf" : "barebpf", l->n,
	       l->n ? l->v[l->n / 2] : 0, l->n ? l->v[l->n * 99 / 100] : 0);
	bbpf_events_free(l->ev);
	ring_buffer__free(l->lrb);
	perf_buffer__free(l->lpb);
	free(l);
}

static void latency(struct bench *b)
{
	int link = bbpf_sys_raw_tracepoint_open("sys_enter", b->lat);

	if (link < 0)
		exit(1);
	ctl(b, 1, SYS_getppid);
	ctl(b, 2, (uint32_t)getpid());
	printf("\n| latency, submit to callback | reader | records | p50 us | p99 us |\n"
	       "|---|---|---|---|---|\n");
	latency_row(b, "ring buffer, wakeup", 0, 0);
	latency_row(b, "ring buffer, wakeup", 0, 1);
	latency_row(b, "ring buffer, BPF_RB_NO_WAKEUP, 1 ms poll", 1, 0);
	latency_row(b, "ring buffer, BPF_RB_NO_WAKEUP, 1 ms poll", 1, 1);
	latency_row(b, "perf buffer, wakeup_events 1", 2, 0);
	latency_row(b, "perf buffer, wakeup_events 1", 2, 1);
	close(link);
}

static void pin_first_cpu(void)
{
	cpu_set_t set;
	int i;

	sched_getaffinity(0, sizeof(set), &set);
	for (i = 0; i < CPU_SETSIZE && !CPU_ISSET(i, &set); i++)
		;
	CPU_ZERO(&set);
	CPU_SET(i, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

int main(int argc, char **argv)
{
	struct bench b = { .rounds = 5 };

	if (argc == 4 && !strcmp(argv[2], "-n"))
		b.rounds = atoi(argv[3]);
	if ((argc != 2 && argc != 4) || b.rounds < 1 || b.rounds > 64) {
		fprintf(stderr, "usage: %s OBJ [-n ROUNDS]\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0); /* rows as they come */
	libbpf_set_print(NULL);
	if (bbpf_obj_open_file(argv[1], NULL, &b.obj) || bbpf_obj_load(b.obj, NULL)) {
		fprintf(stderr, "events_bench: cannot load %s\n", argv[1]);
		return 1;
	}
	b.rb = fd_of(&b, "rb", 0);
	b.pb = fd_of(&b, "pb", 0);
	b.ctl = fd_of(&b, "ctl", 0);
	b.fill = fd_of(&b, "bench_fill", 1);
	b.lat = fd_of(&b, "bench_lat", 1);
	pin_first_cpu();
	printf("\n## Event readers (tests/bench/events_bench.c, medians of %d rounds)\n", b.rounds);
	throughput(&b, 0);
	throughput(&b, 1);
	latency(&b);
	bbpf_obj_close(b.obj);
	return 0;
}
