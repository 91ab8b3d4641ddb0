// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/kernel/memlock.c over tests/fakes/fake_sys.c: what bbpf_sys_ensure_memlock()
 * does on a kernel that charges RLIMIT_MEMLOCK (5.10) and on one that does not
 * (5.11+), for root, for a process that may not raise the limit, and for one
 * that may not use bpf() at all. Every syscall it makes is queued below.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../helpers/log_capture.h"

#include <barebpf/sys.h>
#include "../helpers/fixture.h"

#define MiB8 (8192ULL * 1024)
#define INF  RLIM_INFINITY

static int setup(void **state)
{
	(void)state;
	log_msgs[0] = 0;
	log_capture_start(BBPF_DEBUG);
	return 0;
}

static void queue_get(rlim_t cur, rlim_t max)
{
	will_return(bbpf_sys_memlock_get, 0);
	will_return(bbpf_sys_memlock_get, cur);
	will_return(bbpf_sys_memlock_get, max);
}

static void queue_set(rlim_t cur, rlim_t max, int ret)
{
	expect_value(bbpf_sys_memlock_set, cur, cur);
	expect_value(bbpf_sys_memlock_set, max, max);
	will_return(bbpf_sys_memlock_set, ret);
}

/* The probe: a one-page array map; @ret is an errno or 1 for "succeeds" (a real fd). */
static void queue_probe(int ret)
{
	expect_value(bbpf_sys_map_create, type, BPF_MAP_TYPE_ARRAY);
	expect_value(bbpf_sys_map_create, key_size, 4);
	expect_value(bbpf_sys_map_create, value_size, 8);
	expect_value(bbpf_sys_map_create, max_entries, 1);
	will_return(bbpf_sys_map_create, ret == 1 ? open("/dev/null", O_RDONLY | O_CLOEXEC) : ret);
}

static void test_unlimited(void **state)
{
	(void)state;
	queue_get(INF, INF);
	assert_int_equal(bbpf_sys_ensure_memlock(), 0);
	assert_non_null(strstr(log_msgs, "D:barebpf: RLIMIT_MEMLOCK is unlimited"));
}

static void test_memcg_kernel(void **state)
{
	int fds = fd_count();

	(void)state;
	queue_get(MiB8, MiB8);
	queue_set(0, MiB8, 0);
	queue_probe(1);
	queue_set(MiB8, MiB8, 0);
	assert_int_equal(bbpf_sys_ensure_memlock(), 0);
	assert_non_null(strstr(log_msgs, "does not charge BPF memory"));
	assert_non_null(strstr(log_msgs, "left at 8192 KiB"));
	assert_null(strstr(log_msgs, "W:"));
	assert_int_equal(fd_count(), fds);
}

static void test_charged_root(void **state)
{
	(void)state;
	queue_get(MiB8, MiB8);
	queue_set(0, MiB8, 0);
	queue_probe(-EPERM);
	queue_set(MiB8, MiB8, 0);
	queue_set(INF, INF, 0);
	queue_probe(1);
	assert_int_equal(bbpf_sys_ensure_memlock(), 0);
	assert_non_null(strstr(log_msgs, "D:barebpf: the kernel charges BPF memory against "
					 "RLIMIT_MEMLOCK: raised it from 8192 KiB to unlimited"));
}

static void test_charged_raise_to_hard(void **state)
{
	(void)state;
	queue_get(64 * 1024, MiB8);
	queue_set(0, MiB8, 0);
	queue_probe(-EPERM);
	queue_set(64 * 1024, MiB8, 0);
	queue_set(INF, INF, -EPERM); /* no CAP_SYS_RESOURCE */
	queue_set(MiB8, MiB8, 0);
	queue_probe(1);
	assert_int_equal(bbpf_sys_ensure_memlock(), 0);
	assert_non_null(strstr(log_msgs, "raised it from 64 KiB to 8192 KiB"));
}

static void test_charged_cannot_raise(void **state)
{
	(void)state;
	queue_get(MiB8, MiB8);
	queue_set(0, MiB8, 0);
	queue_probe(-EPERM);
	queue_set(MiB8, MiB8, 0);
	queue_set(INF, INF, -EPERM);
	queue_probe(1); /* works at the old limit: small maps will do */
	assert_int_equal(bbpf_sys_ensure_memlock(), 0);
	assert_non_null(strstr(log_msgs, "W:barebpf: the kernel charges BPF memory against "
					 "RLIMIT_MEMLOCK (8192 KiB) and it cannot be raised"));
}

static void test_no_privilege(void **state)
{
	(void)state;
	/* EPERM at every limit: not memlock. The limit goes back to what it was. */
	queue_get(MiB8, INF);
	queue_set(0, INF, 0);
	queue_probe(-EPERM);
	queue_set(MiB8, INF, 0);
	queue_set(INF, INF, 0);
	queue_probe(-EPERM);
	queue_set(MiB8, INF, 0);
	assert_int_equal(bbpf_sys_ensure_memlock(), -EPERM);
	assert_null(strstr(log_msgs, "raised"));
}

static void test_probe_other_error(void **state)
{
	(void)state;
	queue_get(MiB8, MiB8);
	queue_set(0, MiB8, 0);
	queue_probe(-ENOMEM);
	queue_set(MiB8, MiB8, 0);
	assert_int_equal(bbpf_sys_ensure_memlock(), -ENOMEM);
	assert_non_null(strstr(log_msgs, "W:barebpf: cannot probe whether the kernel charges"));
}

static void test_getrlimit_fails(void **state)
{
	(void)state;
	will_return(bbpf_sys_memlock_get, -EFAULT);
	assert_int_equal(bbpf_sys_ensure_memlock(), -EFAULT);
	assert_non_null(strstr(log_msgs, "cannot read RLIMIT_MEMLOCK"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup(fn, setup)
	const struct CMUnitTest tests[] = {
		T(test_unlimited),
		T(test_memcg_kernel),
		T(test_charged_root),
		T(test_charged_raise_to_hard),
		T(test_charged_cannot_raise),
		T(test_no_privilege),
		T(test_probe_other_error),
		T(test_getrlimit_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
