// SPDX-License-Identifier: BSD-2-Clause
/*
 * bpf(2): one wrapper per command (loader/sys/ is the only folder that makes
 * syscalls; perf_event.c, mmap.c and rlimit.c hold the others). Each wrapper zeroes a union bpf_attr, fills the
 * fields its command uses and passes the size from bbpf__sys_attr_sz(); a
 * failure becomes -errno right after the call. Returned fds are O_CLOEXEC
 * (the kernel sets it on every bpf() fd; perf_event_open is asked for it)
 * and moved above 2.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <barebpf/sys.h>
#include "internal/compiler.h"
#include "internal/err.h"
#include "internal/log.h"
#include "internal/opts.h"
#include "internal/uapi_compat.h"
#include "sys/internal.h"
#include "sys/trace.h"

#define PROG_LOAD_TRIES 5

static __u64 ptr_to_u64(const void *p)
{
	return (__u64)(unsigned long)p;
}

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	size_t sz = bbpf__sys_attr_sz(cmd);
	uint64_t t0 = bbpf__sc_begin();
	long ret;

	ret = syscall(__NR_bpf, cmd, attr, (unsigned int)sz);
	ret = ret < 0 ? bbpf__neg_errno() : ret;
	bbpf__sc_bpf(cmd, attr, sz, ret, t0);
	if (ret < 0)
		return bbpf__sys_explain(cmd, (int)ret);
	return (int)ret;
}

static int sys_bpf_fd(int cmd, union bpf_attr *attr)
{
	int fd = sys_bpf(cmd, attr);

	return fd < 0 ? fd : bbpf__sys_good_fd(fd);
}

/* Object names: at most BPF_OBJ_NAME_LEN - 1 bytes, NUL-terminated by the zeroed attr. */
static void copy_name(char *dst, const char *name)
{
	if (name)
		memcpy(dst, name, strnlen(name, BPF_OBJ_NAME_LEN - 1));
}

int bbpf_sys_map_create(enum bpf_map_type type, const char *name, __u32 key_size, __u32 value_size,
			__u32 max_entries, const struct bbpf_sys_map_create_opts *opts)
{
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bbpf_sys_map_create_opts))
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	copy_name(attr.map_name, name);
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = OPTS_GET(opts, map_flags, 0);
	attr.inner_map_fd = OPTS_GET(opts, inner_map_fd, 0);
	attr.numa_node = OPTS_GET(opts, numa_node, 0);
	attr.map_ifindex = OPTS_GET(opts, map_ifindex, 0);
	attr.btf_fd = OPTS_GET(opts, btf_fd, 0);
	attr.btf_key_type_id = OPTS_GET(opts, btf_key_type_id, 0);
	attr.btf_value_type_id = OPTS_GET(opts, btf_value_type_id, 0);
	attr.btf_vmlinux_value_type_id = OPTS_GET(opts, btf_vmlinux_value_type_id, 0);
	attr.map_extra = OPTS_GET(opts, map_extra, 0);
	return sys_bpf_fd(BPF_MAP_CREATE, &attr);
}

/* The four element commands share one attr layout: {map_fd, key, value|next_key, flags}. */
static int map_elem(int cmd, int fd, const void *key, const void *value, __u64 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = ptr_to_u64(key);
	attr.value = ptr_to_u64(value);
	attr.flags = flags;
	return sys_bpf(cmd, &attr);
}

int bbpf_sys_map_lookup_elem(int fd, const void *key, void *value, uint64_t flags)
{
	return map_elem(BPF_MAP_LOOKUP_ELEM, fd, key, value, flags);
}

int bbpf_sys_map_update_elem(int fd, const void *key, const void *value, uint64_t flags)
{
	return map_elem(BPF_MAP_UPDATE_ELEM, fd, key, value, flags);
}

int bbpf_sys_map_delete_elem(int fd, const void *key)
{
	return map_elem(BPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

int bbpf_sys_map_get_next_key(int fd, const void *key, void *next_key)
{
	return map_elem(BPF_MAP_GET_NEXT_KEY, fd, key, next_key, 0);
}

int bbpf_sys_map_freeze(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	return sys_bpf(BPF_MAP_FREEZE, &attr);
}

int bbpf_sys_prog_bind_map(int prog_fd, int map_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_bind_map.prog_fd = prog_fd;
	attr.prog_bind_map.map_fd = map_fd;
	return sys_bpf(BPF_PROG_BIND_MAP, &attr);
}

int bbpf_sys_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values,
			      __u32 *count, const struct bbpf_sys_map_batch_opts *opts)
{
	union bpf_attr attr;
	int err;

	if (!count || !OPTS_VALID(opts, bbpf_sys_map_batch_opts))
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.batch.in_batch = ptr_to_u64(in_batch);
	attr.batch.out_batch = ptr_to_u64(out_batch);
	attr.batch.keys = ptr_to_u64(keys);
	attr.batch.values = ptr_to_u64(values);
	attr.batch.count = *count;
	attr.batch.map_fd = fd;
	attr.batch.elem_flags = OPTS_GET(opts, elem_flags, 0);
	attr.batch.flags = OPTS_GET(opts, flags, 0);
	err = sys_bpf(BPF_MAP_LOOKUP_BATCH, &attr);
	*count = attr.batch.count;
	return err;
}

static void prog_load_opts(union bpf_attr *attr, const struct bbpf_sys_prog_load_opts *opts)
{
	attr->expected_attach_type = OPTS_GET(opts, expected_attach_type, 0);
	attr->prog_flags = OPTS_GET(opts, prog_flags, 0);
	attr->kern_version = OPTS_GET(opts, kern_version, 0);
	attr->prog_ifindex = OPTS_GET(opts, prog_ifindex, 0);
	attr->prog_btf_fd = OPTS_GET(opts, prog_btf_fd, 0);
	attr->func_info_rec_size = OPTS_GET(opts, func_info_rec_size, 0);
	attr->func_info = ptr_to_u64(OPTS_GET(opts, func_info, NULL));
	attr->func_info_cnt = OPTS_GET(opts, func_info_cnt, 0);
	attr->line_info_rec_size = OPTS_GET(opts, line_info_rec_size, 0);
	attr->line_info = ptr_to_u64(OPTS_GET(opts, line_info, NULL));
	attr->line_info_cnt = OPTS_GET(opts, line_info_cnt, 0);
	attr->attach_btf_id = OPTS_GET(opts, attach_btf_id, 0);
	/* attach_prog_fd and attach_btf_obj_fd share one slot; at most one is set. */
	attr->attach_prog_fd = OPTS_GET(opts, attach_prog_fd, 0);
	if (!attr->attach_prog_fd)
		attr->attach_btf_obj_fd = OPTS_GET(opts, attach_btf_obj_fd, 0);
	attr->fd_array = ptr_to_u64(OPTS_GET(opts, fd_array, NULL));
	attr->log_buf = ptr_to_u64(OPTS_GET(opts, log_buf, NULL));
	attr->log_size = OPTS_GET(opts, log_size, 0);
	attr->log_level = OPTS_GET(opts, log_level, 0);
}

int bbpf_sys_prog_load(enum bpf_prog_type type, const char *name, const char *license,
		       const struct bpf_insn *insns, size_t insn_cnt,
		       const struct bbpf_sys_prog_load_opts *opts)
{
	union bpf_attr attr;
	int fd, i;

	if (!insns || !insn_cnt || insn_cnt > UINT32_MAX ||
	    !OPTS_VALID(opts, bbpf_sys_prog_load_opts))
		return -EINVAL;
	if (OPTS_GET(opts, attach_prog_fd, 0) && OPTS_GET(opts, attach_btf_obj_fd, 0))
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	copy_name(attr.prog_name, name);
	attr.insns = ptr_to_u64(insns);
	attr.insn_cnt = (__u32)insn_cnt;
	attr.license = ptr_to_u64(license);
	prog_load_opts(&attr, opts);
	/* The verifier can give up with EAGAIN under memory pressure; retrying is what works. */
	for (i = 0; i < PROG_LOAD_TRIES; i++) {
		fd = sys_bpf_fd(BPF_PROG_LOAD, &attr);
		if (fd != -EAGAIN)
			break;
	}
	return fd;
}

int bbpf_sys_prog_test_run(int prog_fd, struct bbpf_sys_prog_test_run_opts *opts)
{
	union bpf_attr attr;
	int err;

	if (!opts || !OPTS_VALID(opts, bbpf_sys_prog_test_run_opts) || !OPTS_HAS(opts, duration))
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	attr.test.data_in = ptr_to_u64(opts->data_in);
	attr.test.data_size_in = opts->data_size_in;
	attr.test.data_out = ptr_to_u64(opts->data_out);
	attr.test.data_size_out = opts->data_size_out;
	attr.test.ctx_in = ptr_to_u64(opts->ctx_in);
	attr.test.ctx_size_in = opts->ctx_size_in;
	attr.test.ctx_out = ptr_to_u64(opts->ctx_out);
	attr.test.ctx_size_out = opts->ctx_size_out;
	attr.test.repeat = opts->repeat;
	attr.test.flags = opts->flags;
	attr.test.cpu = opts->cpu;
	attr.test.batch_size = opts->batch_size;
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	/* The sizes are written back also on -ENOSPC (data_out too small). */
	opts->data_size_out = attr.test.data_size_out;
	opts->ctx_size_out = attr.test.ctx_size_out;
	opts->retval = attr.test.retval;
	opts->duration = attr.test.duration;
	return err;
}

int bbpf_sys_obj_pin(int fd, const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = ptr_to_u64(path);
	attr.bpf_fd = fd;
	return sys_bpf(BPF_OBJ_PIN, &attr);
}

int bbpf_sys_obj_get(const char *path, __u32 file_flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = ptr_to_u64(path);
	attr.file_flags = file_flags;
	return sys_bpf_fd(BPF_OBJ_GET, &attr);
}

int bbpf_sys_obj_get_info_by_fd(int fd, void *info, __u32 *info_len)
{
	union bpf_attr attr;
	int err;

	if (!info || !info_len)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = *info_len;
	attr.info.info = ptr_to_u64(info);
	err = sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
	if (!err)
		*info_len = attr.info.info_len;
	return err;
}

static int get_next_id(int cmd, __u32 start_id, __u32 *next_id)
{
	union bpf_attr attr;
	int err;

	if (!next_id)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.start_id = start_id;
	err = sys_bpf(cmd, &attr);
	if (!err)
		*next_id = attr.next_id;
	return err;
}

int bbpf_sys_prog_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_PROG_GET_NEXT_ID, start_id, next_id);
}

int bbpf_sys_map_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_MAP_GET_NEXT_ID, start_id, next_id);
}

int bbpf_sys_btf_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_BTF_GET_NEXT_ID, start_id, next_id);
}

int bbpf_sys_link_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_LINK_GET_NEXT_ID, start_id, next_id);
}

/* prog_id, map_id, btf_id and link_id are one union member: the id to open. */
static int get_fd_by_id(int cmd, __u32 id)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_id = id;
	return sys_bpf_fd(cmd, &attr);
}

int bbpf_sys_prog_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_PROG_GET_FD_BY_ID, id);
}

int bbpf_sys_map_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_MAP_GET_FD_BY_ID, id);
}

int bbpf_sys_btf_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_BTF_GET_FD_BY_ID, id);
}

int bbpf_sys_link_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_LINK_GET_FD_BY_ID, id);
}

int bbpf_sys_btf_load(const void *btf, __u32 size, const struct bbpf_sys_btf_load_opts *opts)
{
	union bpf_attr attr;

	if (!btf || !size || !OPTS_VALID(opts, bbpf_sys_btf_load_opts))
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.btf = ptr_to_u64(btf);
	attr.btf_size = size;
	attr.btf_log_buf = ptr_to_u64(OPTS_GET(opts, log_buf, NULL));
	attr.btf_log_size = OPTS_GET(opts, log_size, 0);
	attr.btf_log_level = OPTS_GET(opts, log_level, 0);
	return sys_bpf_fd(BPF_BTF_LOAD, &attr);
}

/*
 * link_create.uprobe_multi (6.6), which the <linux/bpf.h> we build against
 * may lack: the same union as kprobe_multi, so it starts where that does.
 */
struct uprobe_multi_attr {
	__aligned_u64 path;
	__aligned_u64 offsets;
	__aligned_u64 ref_ctr_offsets;
	__aligned_u64 cookies;
	__u32 cnt;
	__u32 flags;
	__u32 pid;
};

static void uprobe_multi_target(union bpf_attr *attr, const struct bbpf_sys_link_create_opts *opts)
{
	struct uprobe_multi_attr u = {
		.path = ptr_to_u64(OPTS_GET(opts, uprobe_multi_path, NULL)),
		.offsets = ptr_to_u64(OPTS_GET(opts, uprobe_multi_offsets, NULL)),
		.ref_ctr_offsets = ptr_to_u64(OPTS_GET(opts, uprobe_multi_ref_ctr_offsets, NULL)),
		.cookies = ptr_to_u64(OPTS_GET(opts, uprobe_multi_cookies, NULL)),
		.cnt = OPTS_GET(opts, uprobe_multi_cnt, 0),
		.flags = OPTS_GET(opts, uprobe_multi_flags, 0),
		.pid = OPTS_GET(opts, uprobe_multi_pid, 0),
	};

	_Static_assert(offsetof(union bpf_attr, link_create.kprobe_multi) + sizeof(u) <=
			       sizeof(union bpf_attr),
		       "union bpf_attr holds link_create.uprobe_multi");
	memcpy((char *)attr + offsetof(union bpf_attr, link_create.kprobe_multi), &u, sizeof(u));
}

/* The tail of link_create is a union; which member the kernel reads depends on the attach type. */
static void link_create_target(union bpf_attr *attr, int type,
			       const struct bbpf_sys_link_create_opts *opts)
{
	switch (type) {
	case BPF_TRACE_ITER:
		attr->link_create.iter_info = ptr_to_u64(OPTS_GET(opts, iter_info, NULL));
		attr->link_create.iter_info_len = OPTS_GET(opts, iter_info_len, 0);
		break;
	case BPF_PERF_EVENT:
		attr->link_create.perf_event.bpf_cookie = OPTS_GET(opts, cookie, 0);
		break;
	case BPF_TRACE_KPROBE_MULTI:
	case BPF_TRACE_KPROBE_SESSION: /* the same kprobe_multi fields (6.10) */
		attr->link_create.kprobe_multi.flags = OPTS_GET(opts, kprobe_multi_flags, 0);
		attr->link_create.kprobe_multi.cnt = OPTS_GET(opts, kprobe_multi_cnt, 0);
		attr->link_create.kprobe_multi.syms =
			ptr_to_u64(OPTS_GET(opts, kprobe_multi_syms, NULL));
		attr->link_create.kprobe_multi.addrs =
			ptr_to_u64(OPTS_GET(opts, kprobe_multi_addrs, NULL));
		attr->link_create.kprobe_multi.cookies =
			ptr_to_u64(OPTS_GET(opts, kprobe_multi_cookies, NULL));
		break;
	case BPF_TRACE_UPROBE_MULTI:
	case BPF_TRACE_UPROBE_SESSION:
		uprobe_multi_target(attr, opts);
		break;
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
	case BPF_MODIFY_RETURN:
	case BPF_LSM_MAC:
		attr->link_create.tracing.target_btf_id = OPTS_GET(opts, target_btf_id, 0);
		attr->link_create.tracing.cookie = OPTS_GET(opts, cookie, 0);
		break;
	default:
		attr->link_create.target_btf_id = OPTS_GET(opts, target_btf_id, 0);
		break;
	}
}

int bbpf_sys_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type,
			 const struct bbpf_sys_link_create_opts *opts)
{
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bbpf_sys_link_create_opts))
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd;
	attr.link_create.attach_type = attach_type;
	attr.link_create.flags = OPTS_GET(opts, flags, 0);
	link_create_target(&attr, attach_type, opts);
	return sys_bpf_fd(BPF_LINK_CREATE, &attr);
}

int bbpf_sys_link_detach(int link_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_detach.link_fd = link_fd;
	return sys_bpf(BPF_LINK_DETACH, &attr);
}

int bbpf_sys_raw_tracepoint_open(const char *name, int prog_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = ptr_to_u64(name);
	attr.raw_tracepoint.prog_fd = prog_fd;
	return sys_bpf_fd(BPF_RAW_TRACEPOINT_OPEN, &attr);
}

int bbpf_sys_prog_attach(int prog_fd, int target_fd, enum bpf_attach_type type,
			 const struct bbpf_sys_prog_attach_opts *opts)
{
	union bpf_attr attr;

	if (!OPTS_VALID(opts, bbpf_sys_prog_attach_opts))
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = target_fd;
	attr.attach_bpf_fd = prog_fd;
	attr.attach_type = type;
	attr.attach_flags = OPTS_GET(opts, flags, 0);
	attr.replace_bpf_fd = OPTS_GET(opts, replace_prog_fd, 0);
	return sys_bpf(BPF_PROG_ATTACH, &attr);
}

int bbpf_sys_prog_detach(int prog_fd, int target_fd, enum bpf_attach_type type)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.target_fd = target_fd;
	attr.attach_bpf_fd = prog_fd < 0 ? 0 : prog_fd;
	attr.attach_type = type;
	return sys_bpf(BPF_PROG_DETACH, &attr);
}

int bbpf_sys_enable_stats(enum bpf_stats_type type)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.enable_stats.type = type;
	return sys_bpf_fd(BPF_ENABLE_STATS, &attr);
}

int bbpf_sys_iter_create(int link_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.iter_create.link_fd = link_fd;
	return sys_bpf_fd(BPF_ITER_CREATE, &attr);
}
