// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/sys/bpf.c on the real kernel, part 2: programs. Load (built from
 * tests/progs/ with our headers, and hand-assembled), run with
 * BPF_PROG_TEST_RUN, read a ring buffer through our own mmap, and attach
 * every way the layer offers: raw tracepoint, perf event ioctls, perf event
 * bpf_link, cgroup attach and link, iterator. Needs root. Every test checks
 * that it leaves no fd behind. Skips name the kernel feature that is missing.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/btf.h>

#include <barebpf/sys.h>
#include "../helpers/fixture.h"
#include "../helpers/insn.h"
#include "../helpers/ktest.h"
#include "../helpers/prog_elf.h"

#define TRACEFS_MAGIC	0x74726163UL
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define SYS_EVENT_MAGIC 0xbbf0cafe5eed0001ULL /* tests/progs/sys_ringbuf.bpf.c */

/* Skips the running test, saying which kernel feature is missing. */
#define skip_msg(fmt, ...)                                              \
	do {                                                            \
		print_message("[ SKIP     ] " fmt "\n", ##__VA_ARGS__); \
		skip();                                                 \
	} while (0)

static char vlog[256 * 1024];

static int group_setup(void **state)
{
	(void)state;
	return bbpf_sys_ensure_memlock();
}

/* Loads @insns with the verifier log on; the log is printed when the load fails. */
static int load(int type, int attach_type, __u32 btf_id, const struct bpf_insn *insns, size_t cnt,
		const char *license)
{
	struct bbpf_sys_prog_load_opts opts = {
		.sz = sizeof(opts),
		.expected_attach_type = attach_type,
		.attach_btf_id = btf_id,
		.log_buf = vlog,
		.log_size = sizeof(vlog),
		.log_level = 1,
	};
	int fd;

	vlog[0] = 0;
	fd = bbpf_sys_prog_load(type, "sys_test", license, insns, cnt, &opts);
	if (fd < 0)
		print_message("prog_load(type %d): %s\n%s\n", type, bbpf_strerror(fd), vlog);
	return fd;
}

static void prog_info(int fd, struct bpf_prog_info *info, __u32 *map_ids, __u32 nr_map_ids)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	info->nr_map_ids = nr_map_ids;
	info->map_ids = (__u64)(unsigned long)map_ids;
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(fd, info, &len), 0);
}

static void link_info(int fd, struct bpf_link_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(fd, info, &len), 0);
}

/* Runs @prog_fd on a 64-byte zeroed packet; returns the program's return value. */
static __u32 run_on_packet(int prog_fd, __u32 repeat)
{
	char pkt[64] = { 0 };
	struct bbpf_sys_prog_test_run_opts run = {
		.sz = sizeof(run), .data_in = pkt, .data_size_in = sizeof(pkt), .repeat = repeat
	};

	assert_int_equal(bbpf_sys_prog_test_run(prog_fd, &run), 0);
	return run.retval;
}

static void test_hand_assembled(void **state)
{
	const struct bpf_insn insns[] = { I_MOV64_IMM(BPF_REG_0, 42), I_EXIT() };
	struct bpf_prog_info info, again;
	int fds = fd_count(), fd, fd2, err;
	__u32 id;

	(void)state;
	fd = load(BPF_PROG_TYPE_SCHED_CLS, 0, 0, insns, ARRAY_SIZE(insns), "GPL");
	assert_true(fd > 2);
	assert_int_equal(run_on_packet(fd, 1), 42);
	prog_info(fd, &info, NULL, 0);
	assert_int_equal(info.type, BPF_PROG_TYPE_SCHED_CLS);
	assert_string_equal(info.name, "sys_test");
	assert_int_equal(info.xlated_prog_len, sizeof(insns));
	/* Its id is listed, and opens it again. */
	id = 0;
	while (!(err = bbpf_sys_prog_get_next_id(id, &id)) && id != info.id)
		;
	assert_int_equal(err, 0);
	fd2 = bbpf_sys_prog_get_fd_by_id(info.id);
	assert_true(fd2 > 2);
	prog_info(fd2, &again, NULL, 0);
	assert_int_equal(again.id, info.id);
	close(fd2);
	close(fd);
	assert_int_equal(fd_count(), fds);
}

static void test_verifier_log(void **state)
{
	const struct bpf_insn insns[] = { I_EXIT() }; /* returns an unset r0 */
	struct bbpf_sys_prog_load_opts opts = {
		.sz = sizeof(opts), .log_buf = vlog, .log_size = sizeof(vlog), .log_level = 1
	};
	struct bbpf_sys_prog_test_run_opts no_out = { .sz = offsetof(typeof(no_out), retval) };
	int fds = fd_count();

	(void)state;
	vlog[0] = 0;
	assert_int_equal(bbpf_sys_prog_load(BPF_PROG_TYPE_SCHED_CLS, "bad", "GPL", insns, 1, &opts),
			 -EACCES);
	assert_non_null(strstr(vlog, "R0 !read_ok"));
	/* test_run opts must have room for the results. */
	assert_int_equal(bbpf_sys_prog_test_run(0, &no_out), -EINVAL);
	assert_int_equal(bbpf_sys_prog_test_run(0, NULL), -EINVAL);
	assert_int_equal(fd_count(), fds);
}

static void test_prog_from_obj(void **state)
{
	struct test_prog prog;
	struct test_map_fd maps[1] = { { "sys_vals", -1 } };
	struct bpf_prog_info info;
	struct bpf_map_info minfo;
	__u32 key = 0, map_id = 0, len = sizeof(minfo);
	__u64 val = 100;
	int fds = fd_count(), fd, err;

	(void)state;
	maps[0].fd = ktest_counter_map();
	assert_true(maps[0].fd > 2);
	assert_int_equal(bbpf_sys_map_update_elem(maps[0].fd, &key, &val, BPF_ANY), 0);
	err = test_prog_read(test_prog_path("sys_retval.bpf.o"), "sys_retval", maps, 1, &prog);
	if (err)
		fail_msg("%s: %s (run `make progs`)", test_prog_path("sys_retval.bpf.o"),
			 bbpf_strerror(err));
	assert_string_equal(prog.license, "Dual BSD/GPL");
	fd = bbpf_sys_prog_load(BPF_PROG_TYPE_SCHED_CLS, "sys_retval", prog.license, prog.insns,
				prog.insn_cnt, NULL);
	test_prog_free(&prog);
	assert_true(fd > 2);
	/* 0 means every check inside the program held; else it is the failing line. */
	assert_int_equal(run_on_packet(fd, 1), 0);
	assert_int_equal(ktest_counter_get(maps[0].fd), 100 + 2 * 64);
	prog_info(fd, &info, &map_id, 1);
	assert_string_equal(info.name, "sys_retval");
	assert_int_equal(info.nr_map_ids, 1);
	memset(&minfo, 0, sizeof(minfo));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(maps[0].fd, &minfo, &len), 0);
	assert_int_equal(map_id, minfo.id);
	close(fd);
	close(maps[0].fd);
	assert_int_equal(fd_count(), fds);
}

struct sys_event {
	__u64 magic;
	__u32 len;
	__u32 seq;
};

/*
 * Ring buffer layout, as mmap'ed: page 0 the consumer position (read-write),
 * page 1 the producer position (read-only), then the data area mapped twice
 * in a row so that a record wrapping at the end reads contiguously.
 * Each record: an 8-byte header {u32 len | BUSY << 31 | DISCARD << 30,
 * u32 page offset}, then len bytes, the whole rounded up to 8.
 */
static void check_records(const void *data, unsigned long prod, unsigned long cons)
{
	const __u32 *hdr = (const __u32 *)((const char *)data + cons);
	const struct sys_event *e = (const void *)(hdr + 2);
	unsigned long next = cons + ((BPF_RINGBUF_HDR_SZ + sizeof(*e) + 7) & ~7UL);

	assert_int_equal(prod, next + BPF_RINGBUF_HDR_SZ + 8);
	assert_int_equal(hdr[0], sizeof(*e)); /* committed: no BUSY, no DISCARD bit */
	assert_int_equal(e->magic, SYS_EVENT_MAGIC);
	assert_int_equal(e->len, 64);
	assert_int_equal(e->seq, 1);
	hdr = (const __u32 *)((const char *)data + next);
	assert_int_equal(hdr[0], 8 | BPF_RINGBUF_DISCARD_BIT);
}

static void read_ring(int map_fd, size_t page, size_t size)
{
	unsigned long *cons_pos, prod, cons;
	void *cons_page, *prod_page;

	assert_int_equal(
		bbpf_sys_mmap(&cons_page, page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0), 0);
	/* The producer side may not be mapped writable. */
	assert_int_equal(bbpf_sys_mmap(&prod_page, page + 2 * size, PROT_READ | PROT_WRITE,
				       MAP_SHARED, map_fd, page),
			 -EPERM);
	assert_int_equal(
		bbpf_sys_mmap(&prod_page, page + 2 * size, PROT_READ, MAP_SHARED, map_fd, page), 0);
	cons_pos = cons_page;
	prod = __atomic_load_n((unsigned long *)prod_page, __ATOMIC_ACQUIRE);
	cons = __atomic_load_n(cons_pos, __ATOMIC_ACQUIRE);
	assert_int_equal(cons, 0);
	check_records((char *)prod_page + page, prod, cons & (size - 1));
	__atomic_store_n(cons_pos, prod, __ATOMIC_RELEASE);
	assert_int_equal(bbpf_sys_munmap(prod_page, page + 2 * size), 0);
	assert_int_equal(bbpf_sys_munmap(cons_page, page), 0);
}

static void test_ringbuf(void **state)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = 4 * page;
	struct test_map_fd maps[1] = { { "sys_events", -1 } };
	struct test_prog prog;
	int fds = fd_count(), fd, err;

	(void)state;
	maps[0].fd = bbpf_sys_map_create(BPF_MAP_TYPE_RINGBUF, "sys_events", 0, 0, size, NULL);
	if (maps[0].fd == -EINVAL)
		skip_msg("BPF_MAP_TYPE_RINGBUF (5.8+) missing");
	assert_true(maps[0].fd > 2);
	err = test_prog_read(test_prog_path("sys_ringbuf.bpf.o"), "sys_ringbuf", maps, 1, &prog);
	if (err)
		fail_msg("sys_ringbuf.bpf.o: %s", bbpf_strerror(err));
	fd = load(BPF_PROG_TYPE_SCHED_CLS, 0, 0, prog.insns, prog.insn_cnt, prog.license);
	test_prog_free(&prog);
	assert_true(fd > 2);
	assert_int_equal(run_on_packet(fd, 1), 0);
	read_ring(maps[0].fd, page, size);
	close(fd);
	close(maps[0].fd);
	assert_int_equal(fd_count(), fds);
}

static void trigger(int n)
{
	while (n--)
		syscall(SYS_getppid);
}

static void test_raw_tp_link(void **state)
{
	struct bpf_link_info li, li2;
	struct bpf_prog_info pi;
	int fds = fd_count(), map, prog, link, link2, err;
	long long before;

	(void)state;
	map = ktest_counter_map();
	prog = ktest_counter_prog(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, map);
	assert_true(map > 2 && prog > 2);
	link = bbpf_sys_raw_tracepoint_open("sys_enter", prog);
	assert_true(link > 2);
	/* sys_enter fires for every syscall of ours: the 3 getppid and the lookup. */
	trigger(3);
	assert_true(ktest_counter_get(map) >= 3);
	link_info(link, &li);
	prog_info(prog, &pi, NULL, 0);
	assert_int_equal(li.type, BPF_LINK_TYPE_RAW_TRACEPOINT);
	assert_int_equal(li.prog_id, pi.id);
	/* The link's id leads back to it. */
	link2 = bbpf_sys_link_get_fd_by_id(li.id);
	assert_true(link2 > 2);
	link_info(link2, &li2);
	assert_int_equal(li2.id, li.id);
	close(link2);
	/* Detach where the kernel can (raw_tp links learnt it late); else close. */
	err = bbpf_sys_link_detach(link);
	assert_true(err == 0 || err == -EOPNOTSUPP || err == -EINVAL);
	close(link);
	before = ktest_counter_get(map);
	trigger(3);
	assert_int_equal(ktest_counter_get(map), before);
	close(prog);
	close(map);
	assert_int_equal(fd_count(), fds);
}

/* The perf tracepoint id of syscalls:sys_enter_getppid, or -errno. */
static int getppid_tp_id(void)
{
	char buf[32] = "";
	ssize_t n;
	int fd, err;

	err = ktest_mount("tracefs", "/sys/kernel/tracing", TRACEFS_MAGIC);
	if (err)
		return err;
	fd = open("/sys/kernel/tracing/events/syscalls/sys_enter_getppid/id", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? atoi(buf) : -EINVAL;
}

static int open_tp_event(int id)
{
	struct perf_event_attr pe = {
		.size = sizeof(pe),
		.type = PERF_TYPE_TRACEPOINT,
		.config = (__u64)id,
		.sample_period = 1,
		.wakeup_events = 1,
	};

	return bbpf_sys_perf_event_open(&pe, -1, 0, -1, 0);
}

static void test_perf_event_ioctl(void **state)
{
	int fds = fd_count(), id, map, prog, pfd;

	(void)state;
	id = getppid_tp_id();
	if (id < 0)
		skip_msg("syscalls:sys_enter_getppid tracepoint (CONFIG_FTRACE_SYSCALLS): %s",
			 bbpf_strerror(id));
	map = ktest_counter_map();
	prog = ktest_counter_prog(BPF_PROG_TYPE_TRACEPOINT, 0, map);
	assert_true(map > 2 && prog > 2);
	pfd = open_tp_event(id);
	assert_true(pfd > 2);
	assert_true(fcntl(pfd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(bbpf_sys_perf_event_set_bpf(pfd, prog), 0);
	assert_int_equal(bbpf_sys_perf_event_set_bpf(pfd, prog), -EEXIST);
	assert_int_equal(bbpf_sys_perf_event_enable(pfd), 0);
	trigger(3);
	assert_int_equal(ktest_counter_get(map), 3);
	assert_int_equal(bbpf_sys_perf_event_disable(pfd), 0);
	assert_int_equal(bbpf_sys_perf_event_enable(-1), -EBADF);
	close(pfd);
	close(prog);
	close(map);
	assert_int_equal(fd_count(), fds);
}

static void test_perf_event_link(void **state)
{
	struct bpf_link_info li;
	int fds = fd_count(), id, map, prog, pfd, link, err;
	long long before;

	(void)state;
	id = getppid_tp_id();
	if (id < 0)
		skip_msg("syscalls:sys_enter_getppid tracepoint (CONFIG_FTRACE_SYSCALLS): %s",
			 bbpf_strerror(id));
	map = ktest_counter_map();
	prog = ktest_counter_prog(BPF_PROG_TYPE_TRACEPOINT, 0, map);
	pfd = open_tp_event(id);
	assert_true(map > 2 && prog > 2 && pfd > 2);
	link = bbpf_sys_link_create(prog, pfd, BPF_PERF_EVENT, NULL);
	if (link == -EINVAL) {
		close(pfd), close(prog), close(map);
		skip_msg("bpf_link for perf events (BPF_PERF_EVENT, 5.15+) missing");
	}
	assert_true(link > 2);
	trigger(3);
	assert_int_equal(ktest_counter_get(map), 3);
	link_info(link, &li);
	assert_int_equal(li.type, BPF_LINK_TYPE_PERF_EVENT);
	/* Perf event links cannot be detached (-EOPNOTSUPP): closing the link ends it. */
	err = bbpf_sys_link_detach(link);
	assert_true(err == 0 || err == -EOPNOTSUPP);
	close(link);
	before = ktest_counter_get(map);
	trigger(3);
	assert_int_equal(ktest_counter_get(map), before);
	close(pfd);
	close(prog);
	close(map);
	assert_int_equal(fd_count(), fds);
}

/* Makes a fresh cgroup v2 directory; fills @path. Returns its fd or -errno. */
static int make_cgroup(char *path, size_t sz)
{
	char line[512], dir[256];
	int found = 0, fd;
	FILE *f;

	f = fopen("/proc/self/mounts", "r");
	if (!f)
		return -errno;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %255s cgroup2", dir) == 1 && strstr(line, " cgroup2 ");
	fclose(f);
	if (!found)
		return -ENOENT;
	snprintf(path, sz, "%s/bbpf_test_%d", dir, (int)getpid());
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static void test_cgroup_attach(void **state)
{
	const struct bpf_insn ret1[] = { I_MOV64_IMM(BPF_REG_0, 1), I_EXIT() };
	struct bbpf_sys_prog_attach_opts multi = { .sz = sizeof(multi),
						   .flags = BPF_F_ALLOW_MULTI };
	struct bpf_link_info li;
	int fds = fd_count(), cg, prog, link;
	char path[512];

	(void)state;
	cg = make_cgroup(path, sizeof(path));
	if (cg < 0)
		skip_msg("no cgroup v2 mount to attach to: %s", bbpf_strerror(cg));
	prog = load(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, 0, ret1, 2, "GPL");
	assert_true(prog > 2);
	assert_int_equal(bbpf_sys_prog_attach(prog, cg, BPF_CGROUP_INET_INGRESS, &multi), 0);
	assert_int_equal(bbpf_sys_prog_detach(prog, cg, BPF_CGROUP_INET_INGRESS), 0);
	assert_int_equal(bbpf_sys_prog_detach(prog, cg, BPF_CGROUP_INET_INGRESS), -ENOENT);
	link = bbpf_sys_link_create(prog, cg, BPF_CGROUP_INET_INGRESS, NULL);
	assert_true(link > 2);
	link_info(link, &li);
	assert_int_equal(li.type, BPF_LINK_TYPE_CGROUP);
	assert_int_equal(li.cgroup.attach_type, BPF_CGROUP_INET_INGRESS);
	assert_int_equal(bbpf_sys_link_detach(link), 0);
	close(link);
	close(prog);
	close(cg);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(fd_count(), fds);
}

static void test_enable_stats(void **state)
{
	const struct bpf_insn insns[] = { I_MOV64_IMM(BPF_REG_0, 7), I_EXIT() };
	struct bpf_prog_info info;
	int fds = fd_count(), prog, stats;

	(void)state;
	prog = load(BPF_PROG_TYPE_SCHED_CLS, 0, 0, insns, 2, "GPL");
	assert_true(prog > 2);
	stats = bbpf_sys_enable_stats(BPF_STATS_RUN_TIME);
	if (stats == -EINVAL)
		skip_msg("BPF_ENABLE_STATS (5.8+) missing");
	assert_true(stats > 2);
	assert_int_equal(run_on_packet(prog, 10), 7);
	prog_info(prog, &info, NULL, 0);
	assert_true(info.run_cnt >= 10);
	close(stats);
	close(prog);
	assert_int_equal(fd_count(), fds);
}

static size_t btf_type_extra(__u32 kind, __u32 vlen)
{
	switch (kind) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_DATASEC:
	case BTF_KIND_ENUM64:
		return vlen * 12;
	case BTF_KIND_ENUM:
	case BTF_KIND_FUNC_PROTO:
		return vlen * 8;
	}
	return 0;
}

/* The id of FUNC @name in the kernel's BTF, by a bare walk of its types; -errno if absent. */
static int kernel_func_id(const char *name)
{
	const struct btf_header *h;
	const char *p, *end, *strs;
	void *data;
	size_t size;
	int id = 1, err;

	err = slurp("/sys/kernel/btf/vmlinux", &data, &size);
	if (err)
		return err;
	h = data;
	p = (const char *)data + h->hdr_len + h->type_off;
	end = p + h->type_len;
	strs = (const char *)data + h->hdr_len + h->str_off;
	for (err = -ENOENT; p < end; id++) {
		const struct btf_type *t = (const void *)p;

		if (BTF_INFO_KIND(t->info) == BTF_KIND_FUNC && !strcmp(strs + t->name_off, name)) {
			err = id;
			break;
		}
		p += sizeof(*t) + btf_type_extra(BTF_INFO_KIND(t->info), BTF_INFO_VLEN(t->info));
	}
	free(data);
	return err;
}

static void test_iter(void **state)
{
	const struct bpf_insn ret0[] = { I_MOV64_IMM(BPF_REG_0, 0), I_EXIT() };
	int fds = fd_count(), btf_id, prog, link, iter;
	char buf[64];

	(void)state;
	btf_id = kernel_func_id("bpf_iter_bpf_map");
	if (btf_id < 0)
		skip_msg("bpf_map iterator (5.8+, kernel BTF): %s", bbpf_strerror(btf_id));
	prog = load(BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, btf_id, ret0, 2, "GPL");
	assert_true(prog > 2);
	link = bbpf_sys_link_create(prog, 0, BPF_TRACE_ITER, NULL);
	assert_true(link > 2);
	iter = bbpf_sys_iter_create(link);
	assert_true(iter > 2);
	/* The program prints nothing: the iterator reads as empty. */
	assert_int_equal(read(iter, buf, sizeof(buf)), 0);
	close(iter);
	close(link);
	close(prog);
	assert_int_equal(fd_count(), fds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_assembled),	cmocka_unit_test(test_verifier_log),
		cmocka_unit_test(test_prog_from_obj),	cmocka_unit_test(test_ringbuf),
		cmocka_unit_test(test_raw_tp_link),	cmocka_unit_test(test_perf_event_ioctl),
		cmocka_unit_test(test_perf_event_link), cmocka_unit_test(test_cgroup_attach),
		cmocka_unit_test(test_enable_stats),	cmocka_unit_test(test_iter),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
