// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/sys/bpf.c on the real kernel, part 1: maps, bpffs pins, object info,
 * ids, BTF, RLIMIT_MEMLOCK, fd hygiene, and what an unprivileged caller is
 * told. Needs root. Every test checks that it leaves no fd behind.
 * (Programs, ring buffers and attachment: test_sys_prog.c.)
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <linux/btf.h>
#include <linux/capability.h>

#include <barebpf/sys.h>
#include "../helpers/fixture.h"
#include "../helpers/insn.h"
#include "../helpers/ktest.h"

#define BPF_FS_MAGIC  0xcafe4a11UL
#define BPFFS	      "/sys/fs/bpf"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What bbpf_sys_ensure_memlock() did in the group setup, before any map existed. */
static struct rlimit memlock_before, memlock_after;
static int memlock_err;
static char memlock_msgs[sizeof(ktest_msgs)];

static int group_setup(void **state)
{
	(void)state;
	getrlimit(RLIMIT_MEMLOCK, &memlock_before);
	ktest_capture_start();
	memlock_err = bbpf_sys_ensure_memlock();
	snprintf(memlock_msgs, sizeof(memlock_msgs), "%s", ktest_msgs);
	ktest_capture_stop();
	getrlimit(RLIMIT_MEMLOCK, &memlock_after);
	return 0;
}

static void test_memlock(void **state)
{
	(void)state;
	print_message("memlock: %s", memlock_msgs);
	assert_int_equal(memlock_err, 0);
	if (memlock_before.rlim_cur == RLIM_INFINITY) {
		assert_non_null(strstr(memlock_msgs, "unlimited"));
	} else if (strstr(memlock_msgs, "does not charge")) {
		/* 5.11+: memcg accounting. The limit is left exactly as it was. */
		assert_int_equal(memlock_after.rlim_cur, memlock_before.rlim_cur);
		assert_int_equal(memlock_after.rlim_max, memlock_before.rlim_max);
	} else {
		/* 5.10 and older: raised, and said so. */
		assert_non_null(strstr(memlock_msgs, "raised it"));
		assert_true(memlock_after.rlim_cur > memlock_before.rlim_cur);
	}
	/* Calling it again is harmless and changes nothing. */
	assert_int_equal(bbpf_sys_ensure_memlock(), 0);
}

static void test_fd_hygiene(void **state)
{
	int fds = fd_count(), saved, fd;

	(void)state;
	/* With stdin closed the kernel would hand out fd 0; the layer moves it up. */
	saved = dup(0);
	assert_true(saved > 2);
	close(0);
	fd = ktest_counter_map();
	assert_true(fd > 2);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fcntl(0, F_GETFD), -1); /* the temporary fd 0 was closed */
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
	close(fd);
	assert_int_equal(fd_count(), fds);
}

static void test_opts_checked(void **state)
{
	struct {
		struct bbpf_sys_map_create_opts o;
		__u64 newer_field;
	} big = { .o.sz = sizeof(big) };
	int fds = fd_count(), fd;

	(void)state;
	/* A caller built against a newer header, not using the new field: fine. */
	fd = bbpf_sys_map_create(BPF_MAP_TYPE_ARRAY, "opts_ok", 4, 8, 1, &big.o);
	assert_true(fd > 2);
	close(fd);
	/* ... using it: refused before the kernel is asked. */
	big.newer_field = 1;
	ktest_capture_start();
	assert_int_equal(bbpf_sys_map_create(BPF_MAP_TYPE_ARRAY, "opts_bad", 4, 8, 1, &big.o),
			 -EINVAL);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "bbpf_sys_map_create_opts"));
	assert_int_equal(fd_count(), fds);
}

static void test_map_elems(void **state)
{
	__u32 key, next, seen = 0;
	__u64 val;
	int fds = fd_count(), fd, err;

	(void)state;
	fd = bbpf_sys_map_create(BPF_MAP_TYPE_HASH, "elems", sizeof(key), sizeof(val), 8, NULL);
	assert_true(fd > 2);
	for (key = 1; key <= 5; key++) {
		val = key * 100;
		assert_int_equal(bbpf_sys_map_update_elem(fd, &key, &val, BPF_NOEXIST), 0);
	}
	key = 3;
	assert_int_equal(bbpf_sys_map_update_elem(fd, &key, &val, BPF_NOEXIST), -EEXIST);
	key = 42;
	assert_int_equal(bbpf_sys_map_update_elem(fd, &key, &val, BPF_EXIST), -ENOENT);
	key = 3;
	assert_int_equal(bbpf_sys_map_lookup_elem(fd, &key, &val, 0), 0);
	assert_int_equal(val, 300);
	assert_int_equal(bbpf_sys_map_delete_elem(fd, &key), 0);
	assert_int_equal(bbpf_sys_map_lookup_elem(fd, &key, &val, 0), -ENOENT);
	assert_int_equal(bbpf_sys_map_delete_elem(fd, &key), -ENOENT);
	/* Walk: NULL gives the first key; -ENOENT ends it. */
	err = bbpf_sys_map_get_next_key(fd, NULL, &next);
	while (!err) {
		seen |= 1u << next;
		key = next;
		err = bbpf_sys_map_get_next_key(fd, &key, &next);
	}
	assert_int_equal(err, -ENOENT);
	assert_int_equal(seen, (1u << 1) | (1u << 2) | (1u << 4) | (1u << 5));
	/* Full map: -E2BIG. */
	for (key = 10; key < 14; key++)
		assert_int_equal(bbpf_sys_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	assert_int_equal(bbpf_sys_map_update_elem(fd, &key, &val, BPF_ANY), -E2BIG);
	close(fd);
	assert_int_equal(fd_count(), fds);
}

/*
 * Reads map @fd (at most 10 entries) in batches of 3 and returns how many
 * entries it saw, with their key sum. A hash batch returns whole buckets:
 * when one bucket holds more entries than asked for, the kernel says -ENOSPC
 * and the same batch is asked again with more room (which bucket fills up
 * depends on the map's random hash seed).
 */
static int read_batches(int fd, __u64 *key_sum)
{
	__u32 keys[10], token[2], ask = 3, count, total = 0, i;
	__u64 vals[10];
	void *in = NULL;
	int err;

	*key_sum = 0;
	do {
		count = ask;
		err = bbpf_sys_map_lookup_batch(fd, in, token, keys, vals, &count, NULL);
		if (err == -ENOSPC && ask < ARRAY_SIZE(keys)) {
			ask = ARRAY_SIZE(keys);
			continue;
		}
		if (err && err != -ENOENT)
			return err;
		for (i = 0; i < count; i++) {
			*key_sum += keys[i];
			if (vals[i] != keys[i] * 10ULL)
				return -EBADMSG;
		}
		total += count;
		in = token;
		ask = 3;
	} while (err != -ENOENT);
	return (int)total;
}

static void test_map_batch(void **state)
{
	static const int types[] = { BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_HASH };
	int fds = fd_count(), fd;
	__u64 val, sum;
	__u32 key;
	size_t t;

	(void)state;
	for (t = 0; t < ARRAY_SIZE(types); t++) {
		fd = bbpf_sys_map_create(types[t], "batch", sizeof(key), sizeof(val), 10, NULL);
		assert_true(fd > 2);
		for (key = 0; key < 10; key++) {
			val = key * 10ULL;
			assert_int_equal(bbpf_sys_map_update_elem(fd, &key, &val, BPF_ANY), 0);
		}
		assert_int_equal(read_batches(fd, &sum), 10);
		assert_int_equal(sum, 45);
		close(fd);
	}
	assert_int_equal(fd_count(), fds);
}

static void test_map_freeze(void **state)
{
	__u32 key = 0;
	__u64 val = 7;
	int fds = fd_count(), fd, err;

	(void)state;
	fd = ktest_counter_map();
	assert_true(fd > 2);
	assert_int_equal(bbpf_sys_map_update_elem(fd, &key, &val, BPF_ANY), 0);
	assert_int_equal(bbpf_sys_map_freeze(fd), 0);
	assert_int_equal(bbpf_sys_map_update_elem(fd, &key, &val, BPF_ANY), -EPERM);
	assert_int_equal(ktest_counter_get(fd), 7); /* reads still work */
	/* Frozen means no write access left: freezing again is -EPERM (or -EBUSY). */
	err = bbpf_sys_map_freeze(fd);
	assert_true(err == -EPERM || err == -EBUSY);
	close(fd);
	assert_int_equal(fd_count(), fds);
}

static void map_info(int fd, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(fd, info, &len), 0);
	assert_true(len > offsetof(struct bpf_map_info, name));
}

static void test_pin_get(void **state)
{
	struct bpf_map_info a, b;
	char path[128];
	int fds = fd_count(), fd, fd2;

	(void)state;
	assert_int_equal(ktest_mount("bpf", BPFFS, BPF_FS_MAGIC), 0);
	snprintf(path, sizeof(path), BPFFS "/bbpf_test_sys_%d", (int)getpid());
	unlink(path);
	fd = ktest_counter_map();
	assert_true(fd > 2);
	assert_int_equal(bbpf_sys_obj_pin(fd, path), 0);
	assert_int_equal(bbpf_sys_obj_pin(fd, path), -EEXIST);
	fd2 = bbpf_sys_obj_get(path, 0);
	assert_true(fd2 > 2 && fd2 != fd);
	map_info(fd, &a);
	map_info(fd2, &b);
	assert_int_equal(a.id, b.id);
	close(fd2);
	fd2 = bbpf_sys_obj_get(path, BPF_F_RDONLY);
	assert_true(fd2 > 2);
	close(fd2);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(bbpf_sys_obj_get(path, 0), -ENOENT);
	close(fd);
	assert_int_equal(fd_count(), fds);
}

static void test_map_info(void **state)
{
	struct bpf_map_info info;
	int fds = fd_count(), fd;
	__u32 len = 4;

	(void)state;
	fd = bbpf_sys_map_create(BPF_MAP_TYPE_HASH, "a_long_map_name_cut", 4, 16, 3, NULL);
	assert_true(fd > 2);
	map_info(fd, &info);
	assert_int_equal(info.type, BPF_MAP_TYPE_HASH);
	assert_int_equal(info.key_size, 4);
	assert_int_equal(info.value_size, 16);
	assert_int_equal(info.max_entries, 3);
	assert_string_equal(info.name, "a_long_map_name"); /* BPF_OBJ_NAME_LEN - 1 */
	assert_true(info.id > 0);
	/* A short buffer gets what fits, and info_len says so. */
	memset(&info, 0, sizeof(info));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(fd, &info, &len), 0);
	assert_int_equal(len, 4);
	assert_int_equal(info.type, BPF_MAP_TYPE_HASH);
	assert_int_equal(info.id, 0);
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(-1, &info, &len), -EBADFD); /* sic */
	close(fd);
	assert_int_equal(fd_count(), fds);
}

/* Walks the ids with @next until @want; returns 0 if found. */
static int find_id(int (*next)(__u32, __u32 *), __u32 want)
{
	__u32 id = 0;
	int err;

	while (!(err = next(id, &id)))
		if (id == want)
			return 0;
	return err;
}

static void test_map_ids(void **state)
{
	struct bpf_map_info info, again;
	int fds = fd_count(), fd, fd2;

	(void)state;
	fd = ktest_counter_map();
	assert_true(fd > 2);
	map_info(fd, &info);
	assert_int_equal(find_id(bbpf_sys_map_get_next_id, info.id), 0);
	fd2 = bbpf_sys_map_get_fd_by_id(info.id);
	assert_true(fd2 > 2);
	map_info(fd2, &again);
	assert_int_equal(again.id, info.id);
	close(fd2);
	close(fd);
	/* Gone with its last fd (freed asynchronously: wait a little). */
	for (int i = 0; i < 100 && (fd2 = bbpf_sys_map_get_fd_by_id(info.id)) >= 0; i++) {
		close(fd2);
		usleep(10000);
	}
	assert_int_equal(fd2, -ENOENT);
	assert_int_equal(fd_count(), fds);
}

/* The smallest BTF there is: one type, "int", 32 bits signed. 45 bytes. */
#define TINY_BTF_SZ (sizeof(struct btf_header) + 16 + 5)
static const struct {
	struct btf_header hdr;
	__u32 type[4];
	char str[5];
} tiny_btf = {
	.hdr = { .magic = 0xeB9F,
		 .version = 1,
		 .hdr_len = sizeof(struct btf_header),
		 .type_off = 0,
		 .type_len = 16,
		 .str_off = 16,
		 .str_len = 5 },
	.type = { 1, BTF_KIND_INT << 24, 4, BTF_INT_SIGNED << 24 | 32 },
	.str = "\0int",
};

static void test_btf_load_ids(void **state)
{
	char log[4096] = "";
	struct bbpf_sys_btf_load_opts opts = {
		.sz = sizeof(opts), .log_buf = log, .log_size = sizeof(log), .log_level = 1
	};
	struct bpf_btf_info info, again;
	__u32 len;
	int fds = fd_count(), fd, fd2;
	char bad[TINY_BTF_SZ];

	(void)state;
	fd = bbpf_sys_btf_load(&tiny_btf, TINY_BTF_SZ, &opts);
	if (fd < 0)
		fail_msg("BTF_LOAD: %s\n%s", bbpf_strerror(fd), log);
	len = sizeof(info);
	memset(&info, 0, sizeof(info));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(fd, &info, &len), 0);
	assert_true(info.id > 0);
	assert_int_equal(info.btf_size, TINY_BTF_SZ);
	assert_int_equal(find_id(bbpf_sys_btf_get_next_id, info.id), 0);
	fd2 = bbpf_sys_btf_get_fd_by_id(info.id);
	assert_true(fd2 > 2);
	len = sizeof(again);
	memset(&again, 0, sizeof(again));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(fd2, &again, &len), 0);
	assert_int_equal(again.id, info.id);
	close(fd2);
	close(fd);
	/* Broken BTF: refused, with the kernel's reason in the log. */
	memcpy(bad, &tiny_btf, sizeof(bad));
	((struct btf_header *)bad)->str_len = 99;
	log[0] = 0;
	assert_int_equal(bbpf_sys_btf_load(bad, sizeof(bad), &opts), -EINVAL);
	assert_true(log[0] != 0);
	assert_int_equal(fd_count(), fds);
}

static void test_errors_leak_nothing(void **state)
{
	const struct bpf_insn bad[] = { I_EXIT() }; /* r0 never set */
	__u32 key = 0, id;
	__u64 val;
	int fds = fd_count();

	(void)state;
	assert_int_equal(bbpf_sys_map_create(BPF_MAP_TYPE_ARRAY, "bad", 4, 8, 0, NULL), -EINVAL);
	assert_int_equal(bbpf_sys_map_create(BPF_MAP_TYPE_RINGBUF, "bad", 0, 0, 1000, NULL),
			 -EINVAL);
	assert_int_equal(bbpf_sys_map_lookup_elem(-1, &key, &val, 0), -EBADF);
	assert_int_equal(bbpf_sys_map_lookup_elem(9999, &key, &val, 0), -EBADF);
	assert_int_equal(
		bbpf_sys_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bad", "GPL", bad, 1, NULL),
		-EACCES);
	assert_int_equal(
		bbpf_sys_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bad", "GPL", NULL, 0, NULL),
		-EINVAL);
	assert_int_equal(bbpf_sys_obj_get("/nonexistent/pin", 0), -ENOENT);
	assert_int_equal(bbpf_sys_map_get_fd_by_id(0xfffffff0), -ENOENT);
	assert_int_equal(bbpf_sys_link_get_next_id(0x7ffffff0, &id), -ENOENT);
	assert_int_equal(bbpf_sys_link_get_next_id(0xfffffff0, &id), -EINVAL); /* >= INT_MAX */
	assert_int_equal(bbpf_sys_raw_tracepoint_open("no_such_tracepoint", -1), -EBADF);
	assert_int_equal(fd_count(), fds);
}

static char why[512];

__attribute__((format(printf, 1, 2))) static const char *because(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return why;
}

/*
 * Runs in a child that dropped to uid/gid 65534 (no capabilities left).
 * Returns NULL when the layer behaved, else what went wrong.
 */
static const char *unprivileged_checks(int unpriv_bpf_disabled)
{
	const struct bpf_insn ret0[] = { I_MOV64_IMM(BPF_REG_0, 0), I_EXIT() };
	struct perf_event_attr pe = { .size = sizeof(pe),
				      .type = PERF_TYPE_SOFTWARE,
				      .config = PERF_COUNT_SW_CPU_CLOCK };
	__u32 id;
	int err;

	if (bbpf_sys_caps() != 0)
		return because("bbpf_sys_caps() is %#llx as uid 65534",
			       (unsigned long long)bbpf_sys_caps());
	ktest_capture_start();
	err = bbpf_sys_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "unpriv", "GPL", ret0, 2, NULL);
	if (err != -EPERM || !strstr(ktest_msgs, "W:barebpf: bpf(BPF_PROG_LOAD): Operation not "
						 "permitted: needs CAP_BPF (or root)"))
		return because("prog_load: %d, said \"%s\"", err, ktest_msgs);
	err = bbpf_sys_map_create(BPF_MAP_TYPE_ARRAY, "unpriv", 4, 8, 1, NULL);
	if (err >= 0)
		close(err);
	if (unpriv_bpf_disabled && (err != -EPERM || !strstr(ktest_msgs, "bpf(BPF_MAP_CREATE)")))
		return because("map_create: %d, said \"%s\"", err, ktest_msgs);
	err = bbpf_sys_prog_get_next_id(0, &id);
	if (err != -EPERM || !strstr(ktest_msgs, "needs CAP_SYS_ADMIN (root)"))
		return because("get_next_id: %d, said \"%s\"", err, ktest_msgs);
	/* A system-wide CPU event: needs CAP_PERFMON whatever perf_event_paranoid says (> -1). */
	err = bbpf_sys_perf_event_open(&pe, -1, 0, -1, 0);
	if (err >= 0)
		close(err);
	else if ((err == -EACCES || err == -EPERM) && !strstr(ktest_msgs, "CAP_PERFMON"))
		return because("perf_event_open: %d, said \"%s\"", err, ktest_msgs);
	return NULL;
}

static void test_unprivileged(void **state)
{
	int pipefd[2], status, disabled = 1;
	ssize_t n;
	FILE *f;
	pid_t pid;

	(void)state;
	assert_true(bbpf_sys_caps() >> CAP_SYS_ADMIN & 1); /* the tests run as root */
	f = fopen("/proc/sys/kernel/unprivileged_bpf_disabled", "r");
	if (f) {
		if (fscanf(f, "%d", &disabled) != 1)
			disabled = 1;
		fclose(f);
	}
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *err = "cannot drop to uid 65534";

		close(pipefd[0]);
		if (!setresgid(65534, 65534, 65534) && !setresuid(65534, 65534, 65534))
			err = unprivileged_checks(disabled);
		if (err && write(pipefd[1], err, strlen(err)) < 0)
			_exit(2);
		_exit(err ? 1 : 0);
	}
	close(pipefd[1]);
	n = read(pipefd[0], why, sizeof(why) - 1);
	why[n > 0 ? n : 0] = 0;
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail_msg("unprivileged child: %s", why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memlock),
		cmocka_unit_test(test_fd_hygiene),
		cmocka_unit_test(test_opts_checked),
		cmocka_unit_test(test_map_elems),
		cmocka_unit_test(test_map_batch),
		cmocka_unit_test(test_map_freeze),
		cmocka_unit_test(test_pin_get),
		cmocka_unit_test(test_map_info),
		cmocka_unit_test(test_map_ids),
		cmocka_unit_test(test_btf_load_ids),
		cmocka_unit_test(test_errors_leak_nothing),
		cmocka_unit_test(test_unprivileged),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
