// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * What libbpf added after 1.1 (Debian 12's), so `make test-headers` only
 * builds this one with our headers, with both clangs:
 * headers-test: ours-only
 *
 * BPF_UPROBE/BPF_URETPROBE, six-argument kprobes and syscalls (eight on
 * arm64), PT_REGS_PARM6..8, __ulong map attributes, kptr type tags,
 * bpf_core_cast() and bpf_ksym_exists(), and a ten-pointer BPF_CORE_READ().
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

struct owned {
	struct task_struct __kptr_untrusted *seen;
	struct task_struct __kptr *held;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct owned);
} owners SEC(".maps");

/* Three hash functions: the bloom filter's map_extra. */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 64);
	__type(value, __u32);
	__ulong(map_extra, 3);
} seen_pids SEC(".maps");

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak;

__u64 args[8];
__u64 sys_args[6];
pid_t ancestor_pid, cast_pid;
int have_acquire;

SEC("uprobe")
int BPF_UPROBE(six_args, long a, long b, long c, long d, long e, long f)
{
	args[0] = a + b + c + d + e + f;
	args[5] = PT_REGS_PARM6(ctx);
	args[6] = PT_REGS_PARM6_CORE(ctx);
#if defined(__TARGET_ARCH_arm64)
	args[7] = PT_REGS_PARM7(ctx) + PT_REGS_PARM8(ctx) + PT_REGS_PARM8_CORE(ctx);
#endif
	return 0;
}

#if defined(__TARGET_ARCH_arm64)
SEC("uprobe")
int BPF_UPROBE(eight_args, long a, long b, long c, long d, long e, long f, long g, long h)
{
	args[7] = g + h;
	return 0;
}
#endif

SEC("uretprobe")
int BPF_URETPROBE(six_args_ret, long ret)
{
	args[1] = ret;
	return 0;
}

SEC("ksyscall/mmap")
int BPF_KSYSCALL(mmap_entry, void *addr, unsigned long len, int prot, int flags, int fd,
		 unsigned long off)
{
	struct pt_regs *regs = PT_REGS_SYSCALL_REGS(ctx);

	sys_args[0] = (unsigned long)addr;
	sys_args[5] = off;
	sys_args[4] = PT_REGS_PARM6_CORE_SYSCALL(regs) + len + prot + flags + fd;
	return 0;
}

SEC("tp/sched/sched_process_fork")
int fork_newer(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *t;
	__u32 pid;

	ancestor_pid =
		BPF_CORE_READ(task, real_parent, real_parent, real_parent, real_parent, real_parent,
			      real_parent, real_parent, real_parent, real_parent, pid);
	t = bpf_core_cast(task, struct task_struct);
	cast_pid = t->pid;
	pid = cast_pid;
	bpf_map_push_elem(&seen_pids, &pid, 0);
	have_acquire = bpf_ksym_exists(bpf_task_acquire);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
