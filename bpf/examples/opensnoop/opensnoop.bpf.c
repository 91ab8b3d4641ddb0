// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * opensnoop, the BPF side: on every openat() (the syscalls tracepoint, so
 * no kprobes needed), a record with the process and the path goes to a ring
 * buffer. targ_pid is set by user space before load (0: every process);
 * seen and dropped are read by user space from the mmapped .bss.
 * Minimal on purpose: the older open() syscall, which x86_64 still has (musl
 * uses it), and openat2() would each need a program of their own.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "opensnoop.h"

/* The syscalls/sys_enter_* tracepoint context: 8 bytes of common fields, the number, the arguments. */
struct sys_enter_ctx {
	__u64 common;
	__s32 syscall_nr;
	__u32 pad;
	__u64 args[6];
};

const volatile __u32 targ_pid = 0;
__u64 seen, dropped;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tp/syscalls/sys_enter_openat")
int on_openat(struct sys_enter_ctx *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct open_event *e;

	if (targ_pid && pid != targ_pid)
		return 0;
	__sync_fetch_and_add(&seen, 1);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	e->pid = pid;
	e->uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_user_str(e->fname, sizeof(e->fname), (const void *)ctx->args[1]);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
