// SPDX-License-Identifier: BSD-2-Clause
/*
 * What a bpf() call asks, in words (pure): per command, the fields of union
 * bpf_attr that say what is being made or changed, by name. Pointers the
 * caller passed (names, paths, license) are read as strings; buffers
 * (instructions, BTF, keys, values, logs) are given by size only.
 */
#include <stdio.h>
#include <string.h>

#include <barebpf/obj.h>
#include "internal/compiler.h"
#include "internal/uapi_compat.h"
#include "sys/internal.h"
#include "sys/trace.h"

#define PTR(v) ((const char *)(unsigned long)(v))

static const struct bbpf__sc_flag map_flags[] = {
	{ 1U << 0, "NO_PREALLOC" },   { 1U << 1, "NO_COMMON_LRU" },
	{ 1U << 2, "NUMA_NODE" },     { 1U << 3, "RDONLY" },
	{ 1U << 4, "WRONLY" },	      { 1U << 5, "STACK_BUILD_ID" },
	{ 1U << 6, "ZERO_SEED" },     { 1U << 7, "RDONLY_PROG" },
	{ 1U << 8, "WRONLY_PROG" },   { 1U << 9, "CLONE" },
	{ 1U << 10, "MMAPABLE" },     { 1U << 11, "PRESERVE_ELEMS" },
	{ 1U << 12, "INNER_MAP" },    { 1U << 13, "LINK" },
	{ 1U << 14, "PATH_FD" },      { 1U << 15, "VTYPE_BTF_OBJ_FD" },
	{ 1U << 16, "TOKEN_FD" },     { 1U << 17, "SEGV_ON_FAULT" },
	{ 1U << 18, "NO_USER_CONV" },
};

static const struct bbpf__sc_flag prog_flags[] = {
	{ 1U << 0, "STRICT_ALIGNMENT" },   { 1U << 1, "ANY_ALIGNMENT" },
	{ 1U << 2, "TEST_RND_HI32" },	   { 1U << 3, "TEST_STATE_FREQ" },
	{ 1U << 4, "SLEEPABLE" },	   { 1U << 5, "XDP_HAS_FRAGS" },
	{ 1U << 6, "XDP_DEV_BOUND_ONLY" }, { 1U << 7, "TEST_REG_INVARIANTS" },
	{ 1U << 16, "TOKEN_FD" },
};

/* BPF_F_ALLOW_OVERRIDE ... for PROG_ATTACH and LINK_CREATE. */
static const struct bbpf__sc_flag attach_flags[] = {
	{ 1U << 0, "ALLOW_OVERRIDE" }, { 1U << 1, "ALLOW_MULTI" }, { 1U << 2, "REPLACE" },
	{ 1U << 3, "BEFORE" },	       { 1U << 4, "AFTER" },	   { 1U << 5, "ID" },
	{ 1U << 6, "LINK" },
};

/* Element update flags: a value (ANY, NOEXIST, EXIST) plus F_LOCK. */
static void elem_flags(struct bbpf__sc_out *o, uint64_t v)
{
	static const char *const kinds[] = { "ANY", "NOEXIST", "EXIST" };
	char buf[48];

	snprintf(buf, sizeof(buf), "%s%s", (v & 3) < 3 ? kinds[v & 3] : "3",
		 v & 4 ? "|F_LOCK" : "");
	if (v & ~7ULL)
		bbpf__sc_hex(o, "flags", v);
	else
		bbpf__sc_name(o, "flags", buf);
}

static void map_create(struct bbpf__sc_out *o, const union bpf_attr *a)
{
	bbpf__sc_upname(o, "map_type", bbpf_map_type_str(a->map_type));
	bbpf__sc_str(o, "map_name", a->map_name, sizeof(a->map_name));
	bbpf__sc_u64(o, "key_size", a->key_size);
	bbpf__sc_u64(o, "value_size", a->value_size);
	bbpf__sc_u64(o, "max_entries", a->max_entries);
	bbpf__sc_flags(o, "map_flags", a->map_flags, map_flags, ARRAY_SIZE(map_flags));
	if (a->inner_map_fd)
		bbpf__sc_u64(o, "inner_map_fd", a->inner_map_fd);
	if (a->btf_fd) {
		bbpf__sc_u64(o, "btf_fd", a->btf_fd);
		bbpf__sc_u64(o, "btf_key_type_id", a->btf_key_type_id);
		bbpf__sc_u64(o, "btf_value_type_id", a->btf_value_type_id);
	}
	if (a->btf_vmlinux_value_type_id)
		bbpf__sc_u64(o, "btf_vmlinux_value_type_id", a->btf_vmlinux_value_type_id);
	if (a->map_extra)
		bbpf__sc_u64(o, "map_extra", a->map_extra);
}

static void prog_load(struct bbpf__sc_out *o, const union bpf_attr *a)
{
	bbpf__sc_upname(o, "prog_type", bbpf_prog_type_str(a->prog_type));
	bbpf__sc_str(o, "prog_name", a->prog_name, sizeof(a->prog_name));
	bbpf__sc_u64(o, "insn_cnt", a->insn_cnt);
	bbpf__sc_str(o, "license", PTR(a->license), 64);
	if (a->expected_attach_type)
		bbpf__sc_upname(o, "expected_attach_type",
				bbpf_attach_type_str(a->expected_attach_type));
	bbpf__sc_flags(o, "prog_flags", a->prog_flags, prog_flags, ARRAY_SIZE(prog_flags));
	if (a->kern_version)
		bbpf__sc_hex(o, "kern_version", a->kern_version);
	if (a->prog_btf_fd) {
		bbpf__sc_u64(o, "prog_btf_fd", a->prog_btf_fd);
		bbpf__sc_u64(o, "func_info_cnt", a->func_info_cnt);
		bbpf__sc_u64(o, "line_info_cnt", a->line_info_cnt);
	}
	if (a->attach_btf_id)
		bbpf__sc_u64(o, "attach_btf_id", a->attach_btf_id);
	if (a->attach_prog_fd)
		bbpf__sc_u64(o, "attach_obj_fd", a->attach_prog_fd); /* a prog or a kernel BTF */
	if (a->fd_array)
		bbpf__sc_name(o, "fd_array", "set");
	bbpf__sc_u64(o, "log_level", a->log_level);
	if (a->log_size)
		bbpf__sc_u64(o, "log_size", a->log_size);
}

static void link_create(struct bbpf__sc_out *o, const union bpf_attr *a)
{
	bbpf__sc_s64(o, "prog_fd", (int)a->link_create.prog_fd);
	bbpf__sc_s64(o, "target_fd", (int)a->link_create.target_fd); /* or an ifindex */
	bbpf__sc_upname(o, "attach_type", bbpf_attach_type_str(a->link_create.attach_type));
	bbpf__sc_flags(o, "flags", a->link_create.flags, attach_flags, ARRAY_SIZE(attach_flags));
	if (a->link_create.attach_type == BPF_PERF_EVENT && a->link_create.perf_event.bpf_cookie)
		bbpf__sc_u64(o, "bpf_cookie", a->link_create.perf_event.bpf_cookie);
	if (a->link_create.attach_type == BPF_TRACE_KPROBE_MULTI)
		bbpf__sc_u64(o, "cnt", a->link_create.kprobe_multi.cnt);
}

static void prog_attach(struct bbpf__sc_out *o, int cmd, const union bpf_attr *a)
{
	bbpf__sc_u64(o, "target_fd", a->target_fd);
	bbpf__sc_u64(o, "attach_bpf_fd", a->attach_bpf_fd);
	bbpf__sc_upname(o, "attach_type", bbpf_attach_type_str(a->attach_type));
	if (cmd == BPF_PROG_ATTACH)
		bbpf__sc_flags(o, "attach_flags", a->attach_flags, attach_flags,
			       ARRAY_SIZE(attach_flags));
	if (a->replace_bpf_fd)
		bbpf__sc_u64(o, "replace_bpf_fd", a->replace_bpf_fd);
}

static void map_elem(struct bbpf__sc_out *o, int cmd, const union bpf_attr *a)
{
	bbpf__sc_u64(o, "map_fd", a->map_fd);
	if (cmd == BPF_MAP_UPDATE_ELEM || cmd == BPF_MAP_LOOKUP_ELEM)
		elem_flags(o, a->flags);
}

static void test_run(struct bbpf__sc_out *o, const union bpf_attr *a)
{
	bbpf__sc_u64(o, "prog_fd", a->test.prog_fd);
	bbpf__sc_u64(o, "data_size_in", a->test.data_size_in);
	bbpf__sc_u64(o, "ctx_size_in", a->test.ctx_size_in);
	bbpf__sc_u64(o, "repeat", a->test.repeat);
	if (a->test.flags)
		bbpf__sc_hex(o, "flags", a->test.flags);
}

/* Commands on one object by id or fd, and the id walks. */
static bool by_id(struct bbpf__sc_out *o, int cmd, const union bpf_attr *a)
{
	switch (cmd) {
	case BPF_PROG_GET_NEXT_ID:
	case BPF_MAP_GET_NEXT_ID:
	case BPF_BTF_GET_NEXT_ID:
	case BPF_LINK_GET_NEXT_ID:
		bbpf__sc_u64(o, "start_id", a->start_id);
		return true;
	case BPF_PROG_GET_FD_BY_ID:
	case BPF_MAP_GET_FD_BY_ID:
	case BPF_BTF_GET_FD_BY_ID:
	case BPF_LINK_GET_FD_BY_ID:
		bbpf__sc_u64(o, "id", a->prog_id);
		return true;
	case BPF_OBJ_GET_INFO_BY_FD:
		bbpf__sc_u64(o, "bpf_fd", a->info.bpf_fd);
		bbpf__sc_u64(o, "info_len", a->info.info_len);
		return true;
	case BPF_OBJ_PIN:
	case BPF_OBJ_GET:
		bbpf__sc_str(o, "pathname", PTR(a->pathname), 4096);
		if (cmd == BPF_OBJ_PIN)
			bbpf__sc_u64(o, "bpf_fd", a->bpf_fd);
		else if (a->file_flags)
			bbpf__sc_hex(o, "file_flags", a->file_flags);
		return true;
	}
	return false;
}

static void other(struct bbpf__sc_out *o, int cmd, const union bpf_attr *a)
{
	switch (cmd) {
	case BPF_BTF_LOAD:
		bbpf__sc_u64(o, "btf_size", a->btf_size);
		bbpf__sc_u64(o, "btf_log_level", a->btf_log_level);
		if (a->btf_log_size)
			bbpf__sc_u64(o, "btf_log_size", a->btf_log_size);
		break;
	case BPF_MAP_FREEZE:
		bbpf__sc_u64(o, "map_fd", a->map_fd);
		break;
	case BPF_MAP_LOOKUP_BATCH:
		bbpf__sc_u64(o, "map_fd", a->batch.map_fd);
		bbpf__sc_u64(o, "count", a->batch.count);
		break;
	case BPF_RAW_TRACEPOINT_OPEN:
		bbpf__sc_str(o, "name", PTR(a->raw_tracepoint.name), 128);
		bbpf__sc_u64(o, "prog_fd", a->raw_tracepoint.prog_fd);
		break;
	case BPF_PROG_BIND_MAP:
		bbpf__sc_u64(o, "prog_fd", a->prog_bind_map.prog_fd);
		bbpf__sc_u64(o, "map_fd", a->prog_bind_map.map_fd);
		break;
	case BPF_LINK_DETACH:
		bbpf__sc_u64(o, "link_fd", a->link_detach.link_fd);
		break;
	case BPF_ITER_CREATE:
		bbpf__sc_u64(o, "link_fd", a->iter_create.link_fd);
		break;
	case BPF_ENABLE_STATS:
		bbpf__sc_u64(o, "type", a->enable_stats.type);
		break;
	}
}

void bbpf__sc_bpf_attr(struct bbpf__sc_out *o, int cmd, const union bpf_attr *attr, size_t sz)
{
	union bpf_attr a;

	/* Only the bytes the kernel was given; the rest reads as zero. */
	memset(&a, 0, sizeof(a));
	memcpy(&a, attr, sz < sizeof(a) ? sz : sizeof(a));
	bbpf__sc_open(o);
	if (cmd == BPF_MAP_CREATE)
		map_create(o, &a);
	else if (cmd == BPF_PROG_LOAD)
		prog_load(o, &a);
	else if (cmd == BPF_LINK_CREATE)
		link_create(o, &a);
	else if (cmd == BPF_PROG_ATTACH || cmd == BPF_PROG_DETACH)
		prog_attach(o, cmd, &a);
	else if (cmd >= BPF_MAP_LOOKUP_ELEM && cmd <= BPF_MAP_GET_NEXT_KEY)
		map_elem(o, cmd, &a);
	else if (cmd == BPF_PROG_TEST_RUN)
		test_run(o, &a);
	else if (!by_id(o, cmd, &a))
		other(o, cmd, &a);
	bbpf__sc_close(o);
}

bool bbpf__sc_bpf_returns_fd(int cmd)
{
	switch (cmd) {
	case BPF_MAP_CREATE:
	case BPF_PROG_LOAD:
	case BPF_OBJ_GET:
	case BPF_PROG_GET_FD_BY_ID:
	case BPF_MAP_GET_FD_BY_ID:
	case BPF_BTF_GET_FD_BY_ID:
	case BPF_LINK_GET_FD_BY_ID:
	case BPF_BTF_LOAD:
	case BPF_RAW_TRACEPOINT_OPEN:
	case BPF_LINK_CREATE:
	case BPF_ITER_CREATE:
	case BPF_ENABLE_STATS:
		return true;
	}
	return false;
}
