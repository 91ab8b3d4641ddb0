// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * The example object of docs/HOW-LOADING-WORKS.md (the guided tour; its outputs
 * are regenerated and checked by tests/tour.sh). Small on purpose, yet it has
 * one of each thing a loader must handle:
 *
 *   events        a ring buffer map (.maps, BTF-defined)
 *   target_comm   a global in .rodata, fixed at load (--set could change it)
 *   execs         a global in .bss, counted by the program, read back by user space
 *   set_ppid      a subprogram in .text, appended to the program at load
 *   real_parent   CO-RE reads: struct task_struct is declared here with only the
 *                 fields used, the target kernel's BTF gives their offsets
 *
 * On each exec of a program whose comm is target_comm, on_exec sends one
 * struct event {pid, ppid, execs, comm} to user space. A second program,
 * unchecked, is one the verifier refuses.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* Only what the program reads; the kernel's own layout comes from its BTF. */
struct task_struct {
	int tgid;
	struct task_struct *real_parent;
} __attribute__((preserve_access_index));

struct event {
	__u32 pid;
	__u32 ppid;
	__u64 execs;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

const volatile char target_comm[16] = "tour-trigger";
__u64 execs;

/*
 * A subprogram: its own function in .text, reached by a bpf-to-bpf call. Its
 * signature also puts struct event in the object's BTF, where `barebpf run`
 * finds the record's fields.
 */
static __noinline void set_ppid(struct event *e, struct task_struct *task)
{
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
}

SEC("tp/sched/sched_process_exec")
int on_exec(void *ctx)
{
	const volatile __u64 *want = (const volatile __u64 *)target_comm;
	struct task_struct *task = (void *)bpf_get_current_task();
	struct event *e;
	__u64 comm[2]; /* the kernel pads comm with zeros: compare 8 bytes at a time */

	bpf_get_current_comm(comm, sizeof(comm));
	if (comm[0] != want[0] || comm[1] != want[1])
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	set_ppid(e, task);
	__sync_fetch_and_add(&execs, 1);
	e->execs = execs;
	__builtin_memcpy(e->comm, comm, sizeof(comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/*
 * Not loaded unless named (SEC("?...")): `load --only unchecked` shows how the
 * verifier refuses a program, here one that writes to a ring buffer record
 * without checking that bpf_ringbuf_reserve() gave one.
 */
SEC("?tp/sched/sched_process_exec")
int unchecked(void *ctx)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
