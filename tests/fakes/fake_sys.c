// SPDX-License-Identifier: BSD-2-Clause
/*
 * fake_sys: linked into unit tests in place of loader/sys/ (the Makefile
 * leaves sys.o out of libbarebpf-nosys.a), so code above the syscall layer
 * runs without a kernel, the way aya's override_syscall does.
 *
 * Each fake checks the arguments that say what is being asked
 * (check_expected: queue expect_value()/expect_any() for them) and returns
 * mock(): queue will_return(fn, ret). A call nobody queued fails the test,
 * which is the point: a unit test states every syscall it allows.
 *
 * Out parameters, written only when the queued return is 0, come from more
 * will_return() values queued after it, in the order given per function:
 *   bbpf_sys_map_lookup_elem     src pointer, byte count   (copied to value)
 *   bbpf_sys_map_get_next_key    src pointer, byte count   (copied to next_key)
 *   bbpf_sys_obj_get_info_by_fd  src pointer, byte count   (copied to info, sets *info_len)
 *   bbpf_sys_*_get_next_id       next id
 *   bbpf_sys_map_lookup_batch    count (also for -ENOENT)
 *   bbpf_sys_prog_test_run       retval
 *   bbpf_sys_mmap                address
 *   bbpf_sys_memlock_get         rlim_cur, rlim_max
 *   bbpf_sys_netlink_recv        src pointer, byte count   (see there)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/netlink.h>

#include <barebpf/sys.h>

static void copy_out(void *dst, __u32 *len)
{
	const void *src = mock_ptr_type(const void *);
	size_t n = mock_type(size_t);

	memcpy(dst, src, n);
	if (len)
		*len = (__u32)n;
}

int bbpf_sys_map_create(enum bpf_map_type type, const char *name, __u32 key_size, __u32 value_size,
			__u32 max_entries, const struct bbpf_sys_map_create_opts *opts)
{
	(void)name, (void)opts;
	check_expected(type);
	check_expected(key_size);
	check_expected(value_size);
	check_expected(max_entries);
	return mock_type(int);
}

int bbpf_sys_map_lookup_elem(int fd, const void *key, void *value, uint64_t flags)
{
	int ret;

	(void)key, (void)flags;
	check_expected(fd);
	ret = mock_type(int);
	if (!ret)
		copy_out(value, NULL);
	return ret;
}

int bbpf_sys_map_update_elem(int fd, const void *key, const void *value, uint64_t flags)
{
	(void)key, (void)value;
	check_expected(fd);
	check_expected(flags);
	return mock_type(int);
}

int bbpf_sys_map_delete_elem(int fd, const void *key)
{
	(void)key;
	check_expected(fd);
	return mock_type(int);
}

int bbpf_sys_map_get_next_key(int fd, const void *key, void *next_key)
{
	int ret;

	(void)key;
	check_expected(fd);
	ret = mock_type(int);
	if (!ret)
		copy_out(next_key, NULL);
	return ret;
}

int bbpf_sys_map_freeze(int fd)
{
	check_expected(fd);
	return mock_type(int);
}

int bbpf_sys_prog_bind_map(int prog_fd, int map_fd)
{
	check_expected(prog_fd);
	check_expected(map_fd);
	return mock_type(int);
}

int bbpf_sys_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values,
			      __u32 *count, const struct bbpf_sys_map_batch_opts *opts)
{
	int ret;

	(void)in_batch, (void)out_batch, (void)keys, (void)values, (void)opts;
	check_expected(fd);
	ret = mock_type(int);
	if (!ret || ret == -ENOENT)
		*count = mock_type(__u32);
	return ret;
}

int bbpf_sys_prog_load(enum bpf_prog_type type, const char *name, const char *license,
		       const struct bpf_insn *insns, size_t insn_cnt,
		       const struct bbpf_sys_prog_load_opts *opts)
{
	(void)name, (void)license, (void)insns, (void)opts;
	check_expected(type);
	check_expected(insn_cnt);
	return mock_type(int);
}

int bbpf_sys_prog_test_run(int prog_fd, struct bbpf_sys_prog_test_run_opts *opts)
{
	int ret;

	check_expected(prog_fd);
	ret = mock_type(int);
	if (!ret)
		opts->retval = mock_type(__u32);
	return ret;
}

int bbpf_sys_obj_pin(int fd, const char *path)
{
	check_expected(fd);
	check_expected(path);
	return mock_type(int);
}

int bbpf_sys_obj_get(const char *path, __u32 file_flags)
{
	(void)file_flags;
	check_expected(path);
	return mock_type(int);
}

int bbpf_sys_obj_get_info_by_fd(int fd, void *info, __u32 *info_len)
{
	int ret;

	check_expected(fd);
	ret = mock_type(int);
	if (!ret)
		copy_out(info, info_len);
	return ret;
}

static int next_id(__u32 *next)
{
	int ret = mock_type(int);

	if (!ret)
		*next = mock_type(__u32);
	return ret;
}

int bbpf_sys_prog_get_next_id(__u32 start_id, __u32 *next_id_out)
{
	check_expected(start_id);
	return next_id(next_id_out);
}

int bbpf_sys_map_get_next_id(__u32 start_id, __u32 *next_id_out)
{
	check_expected(start_id);
	return next_id(next_id_out);
}

int bbpf_sys_btf_get_next_id(__u32 start_id, __u32 *next_id_out)
{
	check_expected(start_id);
	return next_id(next_id_out);
}

int bbpf_sys_link_get_next_id(__u32 start_id, __u32 *next_id_out)
{
	check_expected(start_id);
	return next_id(next_id_out);
}

int bbpf_sys_prog_get_fd_by_id(__u32 id)
{
	check_expected(id);
	return mock_type(int);
}

int bbpf_sys_map_get_fd_by_id(__u32 id)
{
	check_expected(id);
	return mock_type(int);
}

int bbpf_sys_btf_get_fd_by_id(__u32 id)
{
	check_expected(id);
	return mock_type(int);
}

int bbpf_sys_link_get_fd_by_id(__u32 id)
{
	check_expected(id);
	return mock_type(int);
}

int bbpf_sys_btf_load(const void *btf, __u32 size, const struct bbpf_sys_btf_load_opts *opts)
{
	(void)btf, (void)opts;
	check_expected(size);
	return mock_type(int);
}

int bbpf_sys_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type,
			 const struct bbpf_sys_link_create_opts *opts)
{
	(void)opts;
	check_expected(prog_fd);
	check_expected(target_fd);
	check_expected(attach_type);
	return mock_type(int);
}

int bbpf_sys_link_detach(int link_fd)
{
	check_expected(link_fd);
	return mock_type(int);
}

int bbpf_sys_raw_tracepoint_open(const char *name, int prog_fd)
{
	check_expected(name);
	check_expected(prog_fd);
	return mock_type(int);
}

int bbpf_sys_prog_attach(int prog_fd, int target_fd, enum bpf_attach_type type,
			 const struct bbpf_sys_prog_attach_opts *opts)
{
	(void)opts;
	check_expected(prog_fd);
	check_expected(target_fd);
	check_expected(type);
	return mock_type(int);
}

int bbpf_sys_prog_detach(int prog_fd, int target_fd, enum bpf_attach_type type)
{
	check_expected(prog_fd);
	check_expected(target_fd);
	check_expected(type);
	return mock_type(int);
}

int bbpf_sys_enable_stats(enum bpf_stats_type type)
{
	check_expected(type);
	return mock_type(int);
}

int bbpf_sys_iter_create(int link_fd)
{
	check_expected(link_fd);
	return mock_type(int);
}

int bbpf_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			     unsigned long flags)
{
	__u32 type = attr->type;
	__u64 config = attr->config;

	(void)group_fd, (void)flags;
	check_expected(type);
	check_expected(config);
	check_expected(pid);
	check_expected(cpu);
	return mock_type(int);
}

int bbpf_sys_perf_event_enable(int fd)
{
	check_expected(fd);
	return mock_type(int);
}

int bbpf_sys_perf_event_disable(int fd)
{
	check_expected(fd);
	return mock_type(int);
}

int bbpf_sys_perf_event_set_bpf(int fd, int prog_fd)
{
	check_expected(fd);
	check_expected(prog_fd);
	return mock_type(int);
}

int bbpf_sys_mount(const char *source, const char *dir, const char *type)
{
	(void)source, (void)type;
	check_expected(dir);
	return mock_type(int);
}

int bbpf_sys_mmap(void **addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int ret;

	(void)flags;
	check_expected(len);
	check_expected(prot);
	check_expected(fd);
	check_expected(off);
	ret = mock_type(int);
	if (!ret)
		*addr = mock_ptr_type(void *);
	return ret;
}

int bbpf_sys_munmap(void *addr, size_t len)
{
	check_expected(addr);
	check_expected(len);
	return mock_type(int);
}

int bbpf_sys_memlock_get(struct rlimit *rl)
{
	int ret = mock_type(int);

	if (!ret) {
		rl->rlim_cur = mock_type(rlim_t);
		rl->rlim_max = mock_type(rlim_t);
	}
	return ret;
}

int bbpf_sys_memlock_set(const struct rlimit *rl)
{
	rlim_t cur = rl->rlim_cur, max = rl->rlim_max;

	check_expected(cur);
	check_expected(max);
	return mock_type(int);
}

/*
 * Netlink: bbpf_sys_netlink_send() remembers the sequence number of what was
 * sent; bbpf_sys_netlink_recv() copies a queued datagram (will_return: src
 * pointer, byte count, after a non-negative return) and gives every message
 * in it whose nlmsg_seq is 0 that remembered number, so that a test's canned
 * replies answer whatever request the code built.
 */
static __u32 fake_nl_seq;

int bbpf_sys_netlink_open(int protocol)
{
	check_expected(protocol);
	return mock_type(int);
}

int bbpf_sys_netlink_send(int fd, const void *buf, size_t len)
{
	const struct nlmsghdr *h = buf;

	check_expected(fd);
	if (len >= sizeof(*h))
		fake_nl_seq = h->nlmsg_seq;
	return mock_type(int);
}

int bbpf_sys_netlink_recv(int fd, void *buf, size_t len)
{
	int ret = mock_type(int);
	const void *src;
	size_t n, off;

	check_expected(fd);
	if (ret < 0)
		return ret;
	src = mock_ptr_type(const void *);
	n = mock_type(size_t);
	assert_true(n <= len);
	memcpy(buf, src, n);
	for (off = 0; off + sizeof(struct nlmsghdr) <= n;) {
		struct nlmsghdr *h = (struct nlmsghdr *)((char *)buf + off);

		if (!h->nlmsg_seq)
			h->nlmsg_seq = fake_nl_seq;
		if (h->nlmsg_len < sizeof(*h))
			break;
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
	return (int)n;
}
