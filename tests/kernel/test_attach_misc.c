// SPDX-License-Identifier: BSD-2-Clause
/*
 * The other non-tracing kinds on the real kernel: sk_lookup (a netns link;
 * the program drops UDP to the test port in a private network namespace,
 * so the bound socket gets nothing until the link goes), iter (a task
 * iterator read through bbpf_iter_open() prints this process's pid), and
 * perf_event sampling on every online CPU (its counter grows while the test
 * burns CPU; without a PMU it samples cpu-clock and says so), through perf
 * links and, forced, through the ioctl. The kernel holds nothing more than
 * before afterwards. Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"
#include "../helpers/netns.h"
#include "../helpers/netprog.h"

#define PORT	 7004
#define ITER_OBJ "build/progs/attach_iter.bpf.o"

/* @n datagrams to 127.0.0.1:PORT; returns how many the bound socket @rx got. */
static int loopback_udp(int rx, int n)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), i;

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < n; i++)
		sendto(fd, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return netns_udp_drain(rx);
}

static void test_sk_lookup(void **state)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	struct netfix *f = *state;
	struct bbpf_link *link = NULL;
	int rx;

	NETNS_NEED();
	if (bbpf_feature_probe(BBPF_FEAT_BPF_LINK) != 1)
		skip(); /* sk_lookup exists only as a link: test_sk_lookup_bad covers this */
	rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(rx, (struct sockaddr *)&sa, sizeof(sa)), 0);
	f->obj = netprog_load("sk_lookup_drop", PORT);
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "sk_lookup_drop"), NULL, &link), 0);
	assert_int_equal(bbpf_link_how(link), BBPF_LINK_BPF);
	assert_string_equal(bbpf_link_hook(link), "sk_lookup");
	assert_string_equal(bbpf_link_target(link), "/proc/self/ns/net");
	assert_int_equal(loopback_udp(rx, 4), 0);
	assert_int_equal(netprog_hits(f->obj, H_SK_LOOKUP), 4);
	assert_int_equal(bbpf_link_destroy(link), 0);
	assert_int_equal(loopback_udp(rx, 3), 3);
	assert_int_equal(netprog_hits(f->obj, H_SK_LOOKUP), 4);
	close(rx);
}

static void test_sk_lookup_bad(void **state)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "/nonexistent/ns" };
	struct netfix *f = *state;
	struct bbpf_link *link = NULL;
	const struct bbpf_prog *p;

	f->obj = netprog_load("sk_lookup_drop", PORT);
	p = netprog_prog(f->obj, "sk_lookup_drop");
	ktest_capture_start();
	assert_int_equal(bbpf_prog_attach(p, &o, &link), -ENOENT);
	o.target = "/proc/self/status"; /* a file, but no network namespace */
	assert_true(bbpf_prog_attach(p, &o, &link) < 0);
	bbpf_feature_force_off(BBPF_FEAT_BPF_LINK, true); /* undone by netfix_teardown() */
	o.target = NULL;
	assert_int_equal(bbpf_prog_attach(p, &o, &link), -EOPNOTSUPP);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "network namespace /nonexistent/ns"));
	assert_non_null(strstr(ktest_msgs, "attach only through bpf_link"));
	assert_null(link);
}

static void test_iter(void **state)
{
	struct netfix *f = *state;
	const char *list[1] = { "task_line" };
	struct bbpf_link *link = NULL;
	__u32 tgid = (__u32)getpid();
	char out[4096], want[64];
	ssize_t n, len = 0;
	int fd, i;

	assert_int_equal(bbpf_obj_open_file(ITER_OBJ, NULL, &f->obj), 0);
	assert_int_equal(bbpf_obj_set_var(f->obj, "tgid", &tgid, sizeof(tgid)), 0);
	assert_int_equal(bbpf_obj_select_progs(f->obj, list, 1, NULL, 0), 0);
	assert_int_equal(bbpf_obj_load(f->obj, NULL), 0);
	i = bbpf_obj_find_prog(f->obj, "task_line");
	if (bbpf_feature_probe(BBPF_FEAT_BPF_LINK) != 1) {
		assert_int_equal(bbpf_prog_attach(bbpf_obj_prog(f->obj, (size_t)i), NULL, &link),
				 -EOPNOTSUPP);
		return;
	}
	assert_int_equal(bbpf_prog_attach(bbpf_obj_prog(f->obj, (size_t)i), NULL, &link), 0);
	assert_string_equal(bbpf_link_hook(link), "iter");
	assert_string_equal(bbpf_link_target(link), "task");
	fd = bbpf_iter_open(link);
	assert_true(fd > 2);
	while ((n = read(fd, out + len, sizeof(out) - 1 - (size_t)len)) > 0)
		len += n;
	out[len] = '\0';
	close(fd);
	snprintf(want, sizeof(want), "pid %d comm test_attach_mis\n", (int)tgid);
	assert_string_equal(out, want);
	assert_int_equal(bbpf_link_destroy(link), 0);
	assert_int_equal(bbpf_iter_open(link), -EINVAL); /* detached */
}

static void burn_cpu(int ms)
{
	struct timespec a, b;
	volatile unsigned long x = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 100000; i++)
			x += (unsigned long)i;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

/* 1000 Hz, or less where the kernel has lowered its perf_event_max_sample_rate. */
static unsigned long sample_rate(void)
{
	unsigned long max = 1000;
	FILE *f = fopen("/proc/sys/kernel/perf_event_max_sample_rate", "r");

	if (f) {
		if (fscanf(f, "%lu", &max) != 1 || max > 1000)
			max = 1000;
		fclose(f);
	}
	return max;
}

static void sample_via(struct netfix *f, enum bbpf_link_how how)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .sample_freq = 1000 };
	struct bbpf_link *link = NULL;
	uint64_t n;

	f->obj = netprog_load("perf_sample", PORT);
	ktest_capture_start();
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "perf_sample"), &o, &link), 0);
	ktest_capture_stop();
	assert_int_equal(bbpf_link_how(link), how);
	assert_string_equal(bbpf_link_hook(link), "perf_event");
	if (bbpf_feature_probe(BBPF_FEAT_PERF_HW) != 1) {
		assert_non_null(strstr(ktest_msgs, "sampling cpu-clock instead"));
		assert_non_null(strstr(bbpf_link_target(link), "cpu-clock on "));
	}
	burn_cpu(300);
	n = netprog_hits(f->obj, H_PERF);
	print_message("%s: %llu samples of this process in 300 ms\n", bbpf_link_target(link),
		      (unsigned long long)n);
	assert_true(n >= sample_rate() * 3 / 100); /* a tenth of what 300 ms should give */
	assert_int_equal(bbpf_link_destroy(link), 0);
	n = netprog_hits(f->obj, H_PERF);
	burn_cpu(100);
	assert_int_equal(netprog_hits(f->obj, H_PERF), n);
}

static void test_perf_sample(void **state)
{
	if (bbpf_feature_probe(BBPF_FEAT_PERF_LINK) != 1 ||
	    bbpf_feature_probe(BBPF_FEAT_BPF_LINK) != 1)
		skip();
	sample_via(*state, BBPF_LINK_PERF);
}

static void test_perf_sample_ioctl(void **state)
{
	bbpf_feature_force_off(BBPF_FEAT_PERF_LINK, true);
	sample_via(*state, BBPF_LINK_PERF_IOCTL);
}

/* Forced "no PMU" takes cpu-clock even where a PMU exists. */
static void test_perf_sample_no_pmu(void **state)
{
	bbpf_feature_force_off(BBPF_FEAT_PERF_HW, true);
	sample_via(*state, bbpf_feature_probe(BBPF_FEAT_PERF_LINK) == 1 ? BBPF_LINK_PERF
									: BBPF_LINK_PERF_IOCTL);
}

static void test_perf_sample_bad(void **state)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "instructions" };
	struct netfix *f = *state;
	struct bbpf_link *link = NULL;

	f->obj = netprog_load("perf_sample", PORT);
	ktest_capture_start();
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "perf_sample"), &o, &link), -EINVAL);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "give \"cycles\""));
	assert_null(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sk_lookup, netfix_setup, netfix_teardown),
		cmocka_unit_test_setup_teardown(test_sk_lookup_bad, netfix_setup, netfix_teardown),
		cmocka_unit_test_setup_teardown(test_iter, netfix_setup, netfix_teardown),
		cmocka_unit_test_setup_teardown(test_perf_sample, netfix_setup, netfix_teardown),
		cmocka_unit_test_setup_teardown(test_perf_sample_ioctl, netfix_setup,
						netfix_teardown),
		cmocka_unit_test_setup_teardown(test_perf_sample_no_pmu, netfix_setup,
						netfix_teardown),
		cmocka_unit_test_setup_teardown(test_perf_sample_bad, netfix_setup,
						netfix_teardown),
	};

	return cmocka_run_group_tests(tests, netns_group_setup_lo, netns_group_teardown);
}
