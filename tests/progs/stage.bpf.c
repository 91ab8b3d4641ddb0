// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * A staged load (bbpf_obj_load_opts.first) for tests/kernel/test_stage.c:
 * st_first, a one-step chain, counts getppid calls into first_hits; st_later
 * writes later_map, which no other program uses, so a first stage of
 * st_first leaves both for bbpf_obj_load_rest(); user_map is no program's
 * (user space's), so it is made at once.
 * headers-test: ours-only (include/bpf/bbpf_chain.h is barebpf's own)
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bbpf_chain.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} first_hits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} later_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} user_map SEC(".maps");

SEC("tp/syscalls/sys_enter_getppid") BBPF_CHAIN("getppid") int st_first(void *ctx)
{
	__u32 zero = 0;
	__u64 *v = bpf_map_lookup_elem(&first_hits, &zero);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int st_later(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1;

	bpf_map_update_elem(&later_map, &pid, &one, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
