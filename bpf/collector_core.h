/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */
/*
 * The collector's shared machinery: the knobs user space sets before load,
 * the maps, the kernel-side filters, the common header and the output.
 *
 * A fixed-size event is built in place in the ring buffer (event_reserve(),
 * event_submit()); only those whose size is known after reading strings
 * (exec, open) are built in a per-CPU scratch record and copied out, sized
 * to what they hold (event_begin(), emit()). Building in place matters on a
 * storm: the copy through scratch doubled the program's run time on the
 * fadvise tracepoint (~440 -> ~200 ns, bpf stats, this host). Filters run
 * before anything is reserved or read: the cheap ones (pid, cgroup,
 * namespace level, comm) first, so unwanted events cost a few helper calls
 * and never reach user space.
 */
#ifndef BBPF_COLLECTOR_CORE_H
#define BBPF_COLLECTOR_CORE_H

#include "collector_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
/* bbpf_reserve()'s scratch on the perf path: the largest fixed-size record (event_reserve). */
#define BBPF_OUTPUT_MAX 256
#include <bpf/bbpf_output.h>
#include "collector.h"

_Static_assert(sizeof(struct bbpf_ev_hdr) + sizeof(struct bbpf_ev_oom) <= BBPF_OUTPUT_MAX,
	       "the largest fixed-size record (oom) must fit bbpf_reserve()'s perf-path scratch");

/* ---- knobs (.rodata: set by the loader, frozen, dead branches verified away) ---- */

const volatile __u32 event_mask = ~0u; /* bit (1 << enum bbpf_ev_type) */
const volatile __u32 self_pid = 0;     /* the tracer itself: never reported */
const volatile __u32 filter_pid = 0;   /* only this process (tgid), 0 = all */
const volatile bool containers_only = false; /* only tasks in a non-initial pid namespace */
const volatile __u64 filter_cgroup_id = 0;   /* only tasks in this cgroup v2 (or below it) */
const volatile __u32 filter_cgroup_level = 0; /* its depth below the cgroup2 root */
const volatile char filter_comm[BBPF_EV_COMM_LEN] = {}; /* only tasks of this comm, "" = all */
/* memory: report a process each time it allocated this many more pages on one CPU. */
const volatile __u64 memory_report_pages = 4096;
const volatile __u32 page_shift = 12;
/* signal: which signals are worth an event (bit N = signal N): the fatal ones by default. */
const volatile __u64 signal_mask = (1ull << 1) | (1ull << 2) | (1ull << 3) | (1ull << 4) |
				   (1ull << 6) | (1ull << 7) | (1ull << 8) | (1ull << 9) |
				   (1ull << 11) | (1ull << 15) | (1ull << 31);
/* open: also report ENOENT (noisy: every library search path miss is one). */
const volatile bool open_enoent = false;
/*
 * CO-RE ran against the running kernel's own BTF, so bpf_core_type_id_kernel()
 * gives its ids (against a --btf file or the pack, they are that file's).
 */
const volatile bool kernel_type_ids = false;

/* ---- maps ---- */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} events SEC(".maps");

struct bbpf_scratch {
	__u8 data[2048]; /* BBPF_EV_MAX plus room for bounded-but-unknown read sizes */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bbpf_scratch);
} scratch SEC(".maps");

/*
 * Counters: [CNT_DROPPED] records the buffer had no room for (rare: atomic),
 * which user space reads; [CNT_WAKEUP_NS] when a prompt record last let the
 * reader be woken (prompt_wakeup()).
 */
enum { CNT_DROPPED, CNT_WAKEUP_NS, CNT_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* ---- the common header ---- */

static __always_inline bool comm_matches(const char *comm)
{
	int i;

	if (!filter_comm[0])
		return true;
#pragma unroll
	for (i = 0; i < BBPF_EV_COMM_LEN; i++) {
		if (comm[i] != filter_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

static __always_inline __u64 current_cgroup(void)
{
	if (filter_cgroup_level)
		return bpf_get_current_ancestor_cgroup_id(filter_cgroup_level);
	return bpf_get_current_cgroup_id();
}

/*
 * Whether the kernel has bpf_get_current_task_btf() (5.11+): its task is a
 * typed pointer the program reads with plain loads (the JIT guards them),
 * each a few ns, where BPF_CORE_READ() calls bpf_probe_read_kernel() per
 * pointer hop, ~20-40 ns each on this host: the pid-namespace level and the
 * parent's pid are four hops on every event. The verifier knows the answer
 * (a CO-RE constant) and walks only the branch this kernel can run.
 */
#define HAVE_TASK_BTF bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)

/*
 * The current task for those plain loads. bpf_get_current_task_btf()'s is
 * trusted, and from 6.4 on the verifier asks, for every pointer loaded from
 * a trusted pointer, whether the kernel declares it safe: up to four
 * lookups of "task_struct__safe_..." types by name, each a walk over all of
 * vmlinux's BTF (~0.2 ms here), on every path through the load: most of
 * each program's load time, ~1.5 of ~2 ms. The same task through
 * bpf_rdonly_cast() (6.2+; the verifier turns the call into nothing) is
 * untrusted, which the verifier walks without asking, and reads as cheaply.
 * The cast names the type by the kernel's id: only with kernel_type_ids.
 */
static __always_inline struct task_struct *current_task_btf(void)
{
	if (kernel_type_ids && bpf_ksym_exists(bpf_rdonly_cast))
		return bpf_core_cast((void *)bpf_get_current_task(), struct task_struct);
	return bpf_get_current_task_btf();
}

/* The task an event is about, read once for the filters and the header. */
struct ev_task {
	struct task_struct *task;
	__u64 id; /* bpf_get_current_pid_tgid() */
	__u8 level;
};

/*
 * event_wanted() applies the filters to the current task, cheapest first,
 * and fills @t for event_fill(). Returns whether the event is wanted.
 */
static __always_inline bool event_wanted(__u16 type, struct ev_task *t)
{
	char comm[BBPF_EV_COMM_LEN];
	struct task_struct *task;

	if (!(event_mask & (1u << type)))
		return false;
	t->id = bpf_get_current_pid_tgid();
	if ((t->id >> 32) == self_pid || (filter_pid && (t->id >> 32) != filter_pid))
		return false;
	if (filter_cgroup_id && current_cgroup() != filter_cgroup_id)
		return false;
	/* a local: inside BPF_CORE_READ(), t->task would be a CO-RE access of ev_task too */
	if (HAVE_TASK_BTF) {
		task = current_task_btf();
		t->level = task->thread_pid->level;
	} else {
		task = (struct task_struct *)bpf_get_current_task();
		t->level = BPF_CORE_READ(task, thread_pid, level);
	}
	t->task = task;
	if (containers_only && !t->level)
		return false;
	if (filter_comm[0]) {
		bpf_get_current_comm(comm, sizeof(comm));
		if (!comm_matches(comm))
			return false;
	}
	return true;
}

/* event_fill() writes the common header of a record of @size bytes (header included). */
static __always_inline void event_fill(struct bbpf_ev_hdr *h, __u16 type, __u64 size,
				       const struct ev_task *t)
{
	struct task_struct *task = t->task;
	__u64 ugid = bpf_get_current_uid_gid();

	h->ts = bpf_ktime_get_ns();
	h->cgroup_id = bpf_get_current_cgroup_id();
	h->pid = t->id >> 32;
	h->tid = (__u32)t->id;
	h->ppid = HAVE_TASK_BTF ? task->real_parent->tgid : BPF_CORE_READ(task, real_parent, tgid);
	h->uid = (__u32)ugid;
	h->gid = ugid >> 32;
	h->cpu = bpf_get_smp_processor_id();
	h->type = type;
	h->flags = 0;
	h->len = size - sizeof(*h);
	h->pidns_level = t->level;
	h->version = BBPF_EV_VERSION;
	bpf_get_current_comm(h->comm, sizeof(h->comm));
}

/* Counts a record the buffer had no room for (rare: atomic). */
static __always_inline void count_drop(void)
{
	__u32 key = CNT_DROPPED;
	__u64 *drops = bpf_map_lookup_elem(&counters, &key);

	if (drops)
		__sync_fetch_and_add(drops, 1);
}

/*
 * event_begin() starts a record of a size known only once it is built
 * (exec, open): when the event is wanted, a fresh scratch record with its
 * header filled (its payload follows it), sent with emit(). Returns NULL
 * when the event is not wanted.
 */
static __always_inline struct bbpf_ev_hdr *event_begin(__u16 type)
{
	struct bbpf_ev_hdr *h;
	struct ev_task t;
	__u32 zero = 0;

	if (!event_wanted(type, &t))
		return NULL;
	h = bpf_map_lookup_elem(&scratch, &zero);
	if (h)
		event_fill(h, type, sizeof(*h), &t);
	return h;
}

/*
 * event_reserve() starts a record of @size bytes (a constant, header
 * included, at most BBPF_OUTPUT_MAX) when the event is wanted: room in the
 * ring buffer itself (bbpf_reserve(); per-CPU scratch on the perf path),
 * header filled. Send it with event_submit() or give it back with
 * bbpf_discard(). Returns NULL when the event is not wanted or the buffer
 * is full (counted).
 */
static __always_inline void *event_reserve(__u16 type, __u64 size)
{
	struct bbpf_ev_hdr *h;
	struct ev_task t;

	if (!event_wanted(type, &t))
		return NULL;
	h = bbpf_reserve(&events, size);
	if (!h) {
		count_drop();
		return NULL;
	}
	event_fill(h, type, size, &t);
	return h;
}

/* ---- output ---- */

/*
 * Events that can come in storms (a loop of fadvise or open calls, page
 * allocations, signals) wake the reader once per batch of pending bytes;
 * the others (exec, exit, fork, oom, connect, accept: a few thousand per
 * second at most) are prompt: the first after a quiet spell wakes it at once
 * (prompt_wakeup()). The reader also looks every TRACE_POLL_MS
 * (tools/cmd_trace.c), which bounds how long any record waits.
 */
#define BATCHED_TYPES                                                                \
	((1u << BBPF_EV_FADVISE) | (1u << BBPF_EV_MEMORY) | (1u << BBPF_EV_SIGNAL) | \
	 (1u << BBPF_EV_OPEN))

/* The reader's own polling period (tools/cmd_trace.c TRACE_POLL_MS). */
#define PROMPT_WAKEUP_GAP_NS (20 * 1000000ull)

/*
 * The wake-up flag of a prompt record: let the kernel wake the reader (when
 * it had caught up) at most once per PROMPT_WAKEUP_GAP_NS, from any CPU;
 * within that gap, no wake-up: the reader's poll timeout picks the record up.
 * A wake-up costs the traced task an irq_work (an interrupt to self) and a
 * scheduler wakeup: ~20 us of an exec's and ~2 us of a connect's program run
 * time on this host (bpf stats), most of what they cost. The timestamp is
 * shared and written without atomics: a race only wakes twice.
 */
static __always_inline __u64 prompt_wakeup(void)
{
	__u32 key = CNT_WAKEUP_NS;
	__u64 now = bpf_ktime_get_ns();
	__u64 *last = bpf_map_lookup_elem(&counters, &key);

	if (!last)
		return 0;
	if (now - *last < PROMPT_WAKEUP_GAP_NS)
		return BPF_RB_NO_WAKEUP;
	*last = now;
	return 0;
}

/*
 * emit() sends @size bytes at @h (header included: a scratch record or a
 * map value) to user space, through the ring buffer or, where the loader
 * chose so (no ring buffer, --buffer perf), the perf buffer
 * (include/bpf/bbpf_output.h). On the ring buffer the kernel wakes the
 * reader only when it had caught up, so a storm costs no wakeup per event.
 * A full buffer is counted, not retried.
 */
static __always_inline void emit(void *ctx, struct bbpf_ev_hdr *h, __u64 size)
{
	if (size > BBPF_EV_MAX)
		size = BBPF_EV_MAX;
	if (size < sizeof(*h))
		return;
	h->len = size - sizeof(*h);
	if ((1u << h->type) & BATCHED_TYPES
		    ? bbpf_output_batched(ctx, &events, h, size)
		    : bbpf_output_wake(ctx, &events, h, size, prompt_wakeup()))
		count_drop();
}

/* event_submit() sends what event_reserve() gave, @size its size. */
static __always_inline void event_submit(void *ctx, struct bbpf_ev_hdr *h, __u64 size)
{
	if ((1u << h->type) & BATCHED_TYPES
		    ? bbpf_submit_batched(ctx, &events, h, size)
		    : bbpf_submit_wake(ctx, &events, h, size, prompt_wakeup()))
		count_drop();
}

#endif /* BBPF_COLLECTOR_CORE_H */
