// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * The unified collector: one object with every event `barebpf trace` shows.
 * Each program's name starts with its event's name ("exec_", "connect_", ...):
 * user space leaves the programs of unselected events unloaded by that
 * prefix. The events marked (chain) are fallback chains
 * (include/bpf/bbpf_chain.h): several programs that observe the same thing
 * through different mechanisms, cheapest first, of which the loader keeps
 * the first that loads and attaches; every step builds the same record from
 * the same kernel data, so the output does not depend on the step. Every
 * chain ends in a step every kernel we support has (raw_tp or tracepoint).
 *
 *   event    hook(s)                                        reads
 *   exec     (chain) sched_process_exec: tp_btf, raw_tp,    filename, argv from the new mm
 *            tracepoint sched/sched_process_exec
 *            syscalls/sys_{enter,exit}_execve{,at}           failed execs: argv from the caller
 *   exit     (chain) sched_process_exit: tp_btf, raw_tp,    exit code or signal, lifetime
 *            tracepoint sched/sched_process_exit
 *   fork     (chain) sched_process_fork: tp_btf, raw_tp     child pid (new processes only)
 *   oom      oom/mark_victim                                victim pid, comm, rss (6.8+)
 *   connect  sock/inet_sock_set_state                       SYN_SENT -> ESTABLISHED | CLOSE
 *   accept   syscalls/sys_exit_accept{,4}                   the new socket through the fd table
 *   fadvise  (chain) fentry ksys_fadvise64_64 (arm64:       fd, offset, len, advice
 *            __arm64_sys_fadvise64_64), tracepoint
 *            syscalls/sys_enter_fadvise64 or _64_64, kprobe
 *            on the syscall's wrapper
 *   memory   kmem/mm_page_alloc, sched/sched_process_exit     per-process page count, rss
 *   signal   signal/signal_generate                         fatal signals: sender, target
 *   open     syscalls/sys_exit_openat                       failed opens: errno, path
 *
 * No chain for the others: connect's tracepoint hands over the socket's
 * state change with its addresses in one place (an fentry variant needs
 * tcp_v4_connect, tcp_v6_connect and the softirq outcome: three hooks for
 * one event), accept and open need the syscall's result (fexit or a
 * kretprobe, dearer than the syscall exit tracepoint), oom and signal are
 * rare, and memory's hook is per page allocation, where a chain would only
 * add a second copy of the same code.
 */
#include "collector_core.h"
#include <bpf/bbpf_chain.h>

#define TCP_ESTABLISHED 1
#define TCP_SYN_SENT	2
#define TCP_CLOSE	7
#define IPPROTO_TCP_NR	6
#define AF_INET_NR	2
#define AF_INET6_NR	10
#define SOCK_STREAM_NR	1
#define EAGAIN_NR	11
#define EINTR_NR	4
#define ENOENT_NR	2
#define ECONNREFUSED_NR 111

/* ------------------------------------------------------------------ */
/* exec                                                                */
/* ------------------------------------------------------------------ */

/* The size of a record whose exec payload holds @fn and @args bytes. */
static __always_inline __u64 exec_size(__u32 fn, __u32 args)
{
	return sizeof(struct bbpf_ev_hdr) + sizeof(struct bbpf_ev_exec) + fn + args;
}

/* argv of the new image: the NUL-separated strings between mm->arg_start and arg_end. */
static __always_inline __u32 read_new_args(struct bbpf_ev_hdr *h, char *dst)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	unsigned long start, end;
	__u64 len;

	start = BPF_CORE_READ(task, mm, arg_start);
	end = BPF_CORE_READ(task, mm, arg_end);
	if (end <= start)
		return 0;
	len = end - start;
	if (len > BBPF_EXEC_ARGS_MAX) {
		len = BBPF_EXEC_ARGS_MAX;
		h->flags |= BBPF_EVF_TRUNCATED;
	}
	if (bpf_probe_read_user(dst, len, (const void *)start))
		return 0;
	return len;
}

/* A successful exec, from the new image: @fn is the kernel's copy of the filename. */
static __always_inline int exec_new(void *ctx, __u32 old_pid, const char *fn_ptr)
{
	struct bbpf_ev_exec *x;
	struct bbpf_ev_hdr *h;
	long fn;
	char *s;

	h = event_begin(BBPF_EV_EXEC);
	if (!h)
		return 0;
	x = (void *)(h + 1);
	s = (char *)(x + 1);
	x->result = 0;
	x->old_pid = old_pid;
	fn = bpf_probe_read_kernel_str(s, BBPF_EXEC_FILENAME_MAX, fn_ptr);
	if (fn < 0)
		fn = 0;
	fn &= BBPF_EXEC_FILENAME_MAX * 2 - 1;
	if (fn > BBPF_EXEC_FILENAME_MAX)
		fn = BBPF_EXEC_FILENAME_MAX;
	x->filename_len = fn;
	x->args_len = read_new_args(h, s + fn);
	emit(ctx, h, exec_size(fn, x->args_len));
	return 0;
}

/* trace_sched_process_exec(struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) */
SEC("tp_btf/sched_process_exec") BBPF_CHAIN("exec") int exec_btf(unsigned long long *ctx)
{
	struct linux_binprm *bprm = (void *)ctx[2];

	return exec_new(ctx, ctx[1], BPF_CORE_READ(bprm, filename));
}

SEC("raw_tp/sched_process_exec")
BBPF_CHAIN("exec") int exec_raw(struct bpf_raw_tracepoint_args *ctx)
{
	struct linux_binprm *bprm = (void *)ctx->args[2];

	return exec_new(ctx, ctx->args[1], BPF_CORE_READ(bprm, filename));
}

/* The record's filename is the tracepoint's copy of bprm->filename. */
SEC("tp/sched/sched_process_exec")
BBPF_CHAIN("exec") int exec_sched(struct trace_event_raw_sched_process_exec *ctx)
{
	__u32 fn_off = ctx->__data_loc_filename & 0xffff;

	return exec_new(ctx, ctx->old_pid, (const char *)ctx + fn_off);
}

/* A failed exec is only seen at syscall exit: what it was asked is kept from entry. */
struct exec_args {
	__u64 filename;
	__u64 argv;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct exec_args);
} exec_pending SEC(".maps");

static __always_inline int exec_remember(__u64 filename, __u64 argv)
{
	struct exec_args a = { .filename = filename, .argv = argv };
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_update_elem(&exec_pending, &tid, &a, BPF_ANY);
	return 0;
}

SEC("tp/syscalls/sys_enter_execve")
int exec_enter(struct syscall_trace_enter *ctx)
{
	return exec_remember(ctx->args[0], ctx->args[1]);
}

SEC("tp/syscalls/sys_enter_execveat")
int exec_enter_at(struct syscall_trace_enter *ctx)
{
	return exec_remember(ctx->args[1], ctx->args[2]);
}

/* The arguments of a failed exec, read one by one from the caller's argv. */
static __always_inline __u32 read_old_args(struct bbpf_ev_hdr *h, char *dst, __u64 argv)
{
	const char *arg;
	__u32 off = 0;
	long n;
	int i;

	for (i = 0; i < BBPF_EXEC_ARGC_MAX; i++) {
		if (bpf_probe_read_user(&arg, sizeof(arg), (void *)(argv + i * sizeof(arg))) ||
		    !arg)
			return off;
		if (off >= BBPF_EXEC_ARGS_MAX)
			break;
		/* a constant size: the scratch record has room past the bound */
		n = bpf_probe_read_user_str(dst + off, BBPF_EXEC_ARGS_MAX, arg);
		if (n <= 0)
			return off;
		off += n;
	}
	h->flags |= BBPF_EVF_TRUNCATED;
	return off > BBPF_EXEC_ARGS_MAX ? BBPF_EXEC_ARGS_MAX : off;
}

static __always_inline int exec_done(void *ctx, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct bbpf_ev_exec *x;
	struct exec_args *a;
	struct bbpf_ev_hdr *h;
	long fn;
	char *s;

	a = bpf_map_lookup_elem(&exec_pending, &tid);
	if (!a)
		return 0;
	if (ret >= 0)
		goto out;
	h = event_begin(BBPF_EV_EXEC);
	if (!h)
		goto out;
	x = (void *)(h + 1);
	s = (char *)(x + 1);
	x->result = ret;
	x->old_pid = tid;
	fn = bpf_probe_read_user_str(s, BBPF_EXEC_FILENAME_MAX, (const void *)a->filename);
	if (fn < 0)
		fn = 0;
	fn &= BBPF_EXEC_FILENAME_MAX * 2 - 1;
	if (fn > BBPF_EXEC_FILENAME_MAX)
		fn = BBPF_EXEC_FILENAME_MAX;
	x->filename_len = fn;
	x->args_len = read_old_args(h, s + fn, a->argv);
	emit(ctx, h, exec_size(fn, x->args_len));
out:
	bpf_map_delete_elem(&exec_pending, &tid);
	return 0;
}

SEC("tp/syscalls/sys_exit_execve")
int exec_exit(struct syscall_trace_exit *ctx)
{
	return exec_done(ctx, ctx->ret);
}

SEC("tp/syscalls/sys_exit_execveat")
int exec_exit_at(struct syscall_trace_exit *ctx)
{
	return exec_done(ctx, ctx->ret);
}

/* ------------------------------------------------------------------ */
/* exit, fork                                                          */
/* ------------------------------------------------------------------ */

/*
 * Whether this exit ends the whole process. 6.16+ tells the hook (its
 * record has group_dead, its function a second argument: @group_dead, else
 * -1); before, the leader's exit stands for the process.
 */
static __always_inline bool exit_ends_process(struct task_struct *task, int group_dead)
{
	if (group_dead >= 0)
		return group_dead;
	return BPF_CORE_READ(task, pid) == BPF_CORE_READ(task, tgid);
}

static __always_inline int exit_event(void *ctx, int group_dead)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct bbpf_ev_exit *x;
	struct bbpf_ev_hdr *h;
	int code;

	if (!exit_ends_process(task, group_dead))
		return 0;
	h = event_reserve(BBPF_EV_EXIT, sizeof(*h) + sizeof(*x));
	if (!h)
		return 0;
	x = (void *)(h + 1);
	code = BPF_CORE_READ(task, exit_code);
	x->signal = code & 0x7f;
	x->exit_code = x->signal ? -1 : (code >> 8) & 0xff;
	if (code & 0x80)
		h->flags |= BBPF_EVF_CORE_DUMP;
	x->lifetime_ns = h->ts - BPF_CORE_READ(task, group_leader, start_time);
	event_submit(ctx, h, sizeof(*h) + sizeof(*x));
	return 0;
}

/* The record type has group_dead exactly when the hook's function has it as 2nd argument. */
#define EXIT_HAS_GROUP_DEAD \
	bpf_core_field_exists(((struct trace_event_raw_sched_process_exit *)0)->group_dead)

/* trace_sched_process_exit(struct task_struct *p[, bool group_dead]) */
SEC("tp_btf/sched_process_exit") BBPF_CHAIN("exit") int exit_btf(unsigned long long *ctx)
{
	return exit_event(ctx, EXIT_HAS_GROUP_DEAD ? (int)(ctx[1] & 1) : -1);
}

SEC("raw_tp/sched_process_exit")
BBPF_CHAIN("exit") int exit_raw(struct bpf_raw_tracepoint_args *ctx)
{
	return exit_event(ctx, EXIT_HAS_GROUP_DEAD ? (int)(ctx->args[1] & 1) : -1);
}

SEC("tp/sched/sched_process_exit")
BBPF_CHAIN("exit") int exit_sched(struct trace_event_raw_sched_process_exit *ctx)
{
	return exit_event(ctx, EXIT_HAS_GROUP_DEAD ? BPF_CORE_READ(ctx, group_dead) : -1);
}

static __always_inline int fork_event(void *ctx, struct task_struct *child)
{
	struct bbpf_ev_fork *x;
	struct bbpf_ev_hdr *h;
	__u32 pid = BPF_CORE_READ(child, pid);

	if (pid != BPF_CORE_READ(child, tgid))
		return 0; /* a new thread */
	h = event_reserve(BBPF_EV_FORK, sizeof(*h) + sizeof(*x));
	if (!h)
		return 0;
	x = (void *)(h + 1);
	x->child_pid = pid;
	x->pad = 0;
	event_submit(ctx, h, sizeof(*h) + sizeof(*x));
	return 0;
}

/*
 * trace_sched_process_fork(struct task_struct *parent, struct task_struct *child).
 * No tracepoint step: its record has the child's pid but not its tgid, so a
 * new thread would pass for a new process.
 */
SEC("tp_btf/sched_process_fork") BBPF_CHAIN("fork") int fork_btf(unsigned long long *ctx)
{
	return fork_event(ctx, (struct task_struct *)ctx[1]);
}

SEC("raw_tp/sched_process_fork")
BBPF_CHAIN("fork") int fork_raw(struct bpf_raw_tracepoint_args *ctx)
{
	return fork_event(ctx, (struct task_struct *)ctx->args[1]);
}

/* ------------------------------------------------------------------ */
/* oom                                                                 */
/* ------------------------------------------------------------------ */

SEC("tp/oom/mark_victim")
int oom_victim(struct trace_event_raw_mark_victim *ctx)
{
	struct bbpf_ev_oom *x;
	struct bbpf_ev_hdr *h;
	__u32 off;

	h = event_reserve(BBPF_EV_OOM, sizeof(*h) + sizeof(*x));
	if (!h)
		return 0;
	x = (void *)(h + 1);
	__builtin_memset(x, 0, sizeof(*x));
	x->victim_pid = ctx->pid;
	if (bpf_core_field_exists(ctx->total_vm)) {
		x->total_vm_kb = ctx->total_vm;
		x->anon_rss_kb = ctx->anon_rss;
		x->file_rss_kb = ctx->file_rss;
		x->shmem_rss_kb = ctx->shmem_rss;
		x->victim_uid = ctx->uid;
		x->oom_score_adj = ctx->oom_score_adj;
		off = ctx->__data_loc_comm & 0xffff;
		bpf_probe_read_kernel_str(x->victim_comm, sizeof(x->victim_comm),
					  (void *)ctx + off);
	} else {
		h->flags |= BBPF_EVF_NO_DETAIL;
	}
	event_submit(ctx, h, sizeof(*h) + sizeof(*x));
	return 0;
}

/* ------------------------------------------------------------------ */
/* connect, accept                                                     */
/* ------------------------------------------------------------------ */

/* A connect in flight: its record, made when the SYN left, sent when it resolves. */
struct conn_rec {
	struct bbpf_ev_hdr hdr;
	struct bbpf_ev_sock sock;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8192);
	__type(key, __u64);
	__type(value, struct conn_rec);
} conn_pending SEC(".maps");

static __always_inline void conn_fill(struct bbpf_ev_hdr *h, struct bbpf_ev_sock *s,
				      struct trace_event_raw_inet_sock_set_state *ctx)
{
	s->family = ctx->family;
	s->sport = ctx->sport;
	s->dport = ctx->dport;
	if (s->family == AF_INET6_NR) {
		h->flags |= BBPF_EVF_IPV6;
		bpf_probe_read_kernel(s->saddr, 16, ctx->saddr_v6);
		bpf_probe_read_kernel(s->daddr, 16, ctx->daddr_v6);
	} else {
		bpf_probe_read_kernel(s->saddr, 4, ctx->saddr);
		bpf_probe_read_kernel(s->daddr, 4, ctx->daddr);
	}
}

/* The SYN leaves: remember who connects (the outcome comes in softirq context). */
static __always_inline int conn_start(struct trace_event_raw_inet_sock_set_state *ctx, __u64 sk)
{
	struct conn_rec r;
	struct ev_task t;

	if (!event_wanted(BBPF_EV_CONNECT, &t))
		return 0;
	event_fill(&r.hdr, BBPF_EV_CONNECT, sizeof(r), &t);
	__builtin_memset(&r.sock, 0, sizeof(r.sock));
	bpf_map_update_elem(&conn_pending, &sk, &r, BPF_ANY);
	return 0;
}

static __always_inline int conn_end(struct trace_event_raw_inet_sock_set_state *ctx, __u64 sk,
				    int newstate)
{
	struct conn_rec *r = bpf_map_lookup_elem(&conn_pending, &sk);
	int err;

	if (!r)
		return 0;
	conn_fill(&r->hdr, &r->sock, ctx);
	r->sock.latency_ns = bpf_ktime_get_ns() - r->hdr.ts;
	r->sock.result = 0;
	if (newstate != TCP_ESTABLISHED) {
		err = BPF_CORE_READ((struct sock *)sk, sk_err);
		r->sock.result = err > 0 ? -err : -ECONNREFUSED_NR;
	}
	emit(ctx, &r->hdr, sizeof(*r));
	bpf_map_delete_elem(&conn_pending, &sk);
	return 0;
}

SEC("tp/sock/inet_sock_set_state")
int connect_state(struct trace_event_raw_inet_sock_set_state *ctx)
{
	__u64 sk = (__u64)ctx->skaddr;
	int oldstate = ctx->oldstate, newstate = ctx->newstate;

	if (ctx->protocol != IPPROTO_TCP_NR)
		return 0;
	if (newstate == TCP_SYN_SENT)
		return conn_start(ctx, sk);
	if (oldstate == TCP_SYN_SENT)
		return conn_end(ctx, sk, newstate);
	return 0;
}

/* The socket behind fd @fd of the current task, or NULL. */
static __always_inline struct sock *fd_sock(long fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds, *file;
	struct socket *sock;

	if (!fdt || fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;
	sock = BPF_CORE_READ(file, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

/* The family of @sk when it is a TCP socket over IPv4 or IPv6, else 0. */
static __always_inline __u16 accept_family(struct sock *sk)
{
	__u16 family;

	if (!sk || BPF_CORE_READ(sk, sk_type) != SOCK_STREAM_NR)
		return 0;
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	return family == AF_INET_NR || family == AF_INET6_NR ? family : 0;
}

/* Addresses of an accepted socket: s = local (listening) side, d = the peer. */
static __always_inline void accept_fill(struct bbpf_ev_hdr *h, struct bbpf_ev_sock *s,
					struct sock *sk, __u16 family)
{
	s->family = family;
	s->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	s->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (family == AF_INET6_NR) {
		h->flags |= BBPF_EVF_IPV6;
		BPF_CORE_READ_INTO(&s->saddr, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&s->daddr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
		return;
	}
	BPF_CORE_READ_INTO((__u32 *)s->saddr, sk, __sk_common.skc_rcv_saddr);
	BPF_CORE_READ_INTO((__u32 *)s->daddr, sk, __sk_common.skc_daddr);
}

/* The socket is looked at before the record is reserved: most accepts on a box are not TCP. */
static __always_inline int accept_done(void *ctx, long ret)
{
	struct bbpf_ev_sock *s;
	struct bbpf_ev_hdr *h;
	struct sock *sk = NULL;
	__u16 family = 0;

	if (ret == -EAGAIN_NR || ret == -EINTR_NR)
		return 0; /* a non-blocking accept with nothing queued, a signal */
	if (ret >= 0) {
		sk = fd_sock(ret);
		family = accept_family(sk);
		if (!family)
			return 0; /* not a TCP socket */
	}
	h = event_reserve(BBPF_EV_ACCEPT, sizeof(*h) + sizeof(*s));
	if (!h)
		return 0;
	s = (void *)(h + 1);
	__builtin_memset(s, 0, sizeof(*s));
	s->result = ret < 0 ? ret : 0;
	if (family)
		accept_fill(h, s, sk, family);
	event_submit(ctx, h, sizeof(*h) + sizeof(*s));
	return 0;
}

SEC("tp/syscalls/sys_exit_accept4")
int accept_exit4(struct syscall_trace_exit *ctx)
{
	return accept_done(ctx, ctx->ret);
}

SEC("tp/syscalls/sys_exit_accept")
int accept_exit(struct syscall_trace_exit *ctx)
{
	return accept_done(ctx, ctx->ret);
}

/* ------------------------------------------------------------------ */
/* fadvise                                                             */
/* ------------------------------------------------------------------ */

static __always_inline int fadvise_event(void *ctx, int fd, __s64 offset, __s64 len, int advice)
{
	struct bbpf_ev_fadvise *x;
	struct bbpf_ev_hdr *h;

	h = event_reserve(BBPF_EV_FADVISE, sizeof(*h) + sizeof(*x));
	if (!h)
		return 0;
	x = (void *)(h + 1);
	x->fd = fd;
	x->advice = advice;
	x->offset = offset;
	x->len = len;
	event_submit(ctx, h, sizeof(*h) + sizeof(*x));
	return 0;
}

/* The 4 arguments of a syscall from the user registers its wrapper receives. */
static __always_inline int fadvise_regs(void *ctx, struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_arm64)
	return fadvise_event(ctx, BPF_CORE_READ(regs, regs[0]), BPF_CORE_READ(regs, regs[1]),
			     BPF_CORE_READ(regs, regs[2]), BPF_CORE_READ(regs, regs[3]));
#else
	return fadvise_event(ctx, BPF_CORE_READ(regs, di), BPF_CORE_READ(regs, si),
			     BPF_CORE_READ(regs, dx), BPF_CORE_READ(regs, r10));
#endif
}

/*
 * fentry: x86-64's fadvise64 calls ksys_fadvise64_64(fd, offset, len,
 * advice); arm64 (6.12, 7.2) inlines that into its syscall wrapper, so there
 * the wrapper itself is the target (an fentry on ksys_fadvise64_64 attaches
 * and never fires).
 */
#if defined(__TARGET_ARCH_arm64)
SEC("fentry/__arm64_sys_fadvise64_64")
BBPF_CHAIN("fadvise") int fadvise_fentry(unsigned long long *ctx)
{
	return fadvise_regs(ctx, (struct pt_regs *)ctx[0]);
}
#else
SEC("fentry/ksys_fadvise64_64") BBPF_CHAIN("fadvise") int fadvise_fentry(unsigned long long *ctx)
{
	return fadvise_event(ctx, ctx[0], ctx[1], ctx[2], ctx[3]);
}
#endif

static __always_inline int fadvise_tp_args(struct syscall_trace_enter *ctx)
{
	return fadvise_event(ctx, ctx->args[0], ctx->args[1], ctx->args[2], ctx->args[3]);
}

/* x86-64's syscall table has fadvise64; arm64's has fadvise64_64 (the other is skipped). */
SEC("tp/syscalls/sys_enter_fadvise64")
BBPF_CHAIN("fadvise") int fadvise_enter(struct syscall_trace_enter *ctx)
{
	return fadvise_tp_args(ctx);
}

SEC("tp/syscalls/sys_enter_fadvise64_64")
BBPF_CHAIN("fadvise") int fadvise_enter64(struct syscall_trace_enter *ctx)
{
	return fadvise_tp_args(ctx);
}

/*
 * kprobe: on the syscall's wrapper, which every kernel we support has and
 * none inlines (the syscall table calls it); its one argument is the user
 * registers. The candidate this kernel's kallsyms lists is probed.
 */
SEC("kprobe/__x64_sys_fadvise64")
BBPF_CHAIN("fadvise")
	BBPF_KPROBE_OR("__arm64_sys_fadvise64_64") int fadvise_kprobe(struct pt_regs *ctx)
{
#if defined(__TARGET_ARCH_arm64)
	return fadvise_regs(ctx, (struct pt_regs *)ctx->regs[0]);
#else
	return fadvise_regs(ctx, (struct pt_regs *)ctx->di);
#endif
}

/* ------------------------------------------------------------------ */
/* memory                                                              */
/* ------------------------------------------------------------------ */

/*
 * Per-process page allocation counts of the memory event (see memory_page).
 * 4096 processes allocating at once: the LRU evicts the idlest count beyond
 * that. The kernel preallocates every entry (per CPU) when trace starts:
 * 16384 of them took ~10 ms of CPU on 2 CPUs, more on more.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} mem_pages SEC(".maps");

/* Resident pages of @task: the counters are atomics before 6.2, per-CPU counters since. */
static __always_inline __u64 task_rss(struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	struct mm_struct___pre62 *old = (void *)mm;
	__s64 f, a, s;

	if (!mm)
		return 0;
	if (bpf_core_type_exists(struct mm_rss_stat)) {
		f = BPF_CORE_READ(old, rss_stat.count[MM_FILEPAGES].counter);
		a = BPF_CORE_READ(old, rss_stat.count[MM_ANONPAGES].counter);
		s = BPF_CORE_READ(old, rss_stat.count[MM_SHMEMPAGES].counter);
	} else {
		f = BPF_CORE_READ(mm, rss_stat[MM_FILEPAGES].count);
		a = BPF_CORE_READ(mm, rss_stat[MM_ANONPAGES].count);
		s = BPF_CORE_READ(mm, rss_stat[MM_SHMEMPAGES].count);
	}
	f += a + s;
	return f > 0 ? f : 0;
}

/*
 * Every page allocation adds to its process's per-CPU count; crossing
 * memory_report_pages sends one event and starts again. Per-CPU: no atomics
 * and no shared cache line on the allocator's path.
 */
SEC("tp/kmem/mm_page_alloc")
int memory_page(struct trace_event_raw_mm_page_alloc *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct bbpf_ev_memory *x;
	struct bbpf_ev_hdr *h;
	__u64 pages, *cnt;

	if (!tgid || tgid == self_pid)
		return 0;
	pages = 1ull << (ctx->order & 31);
	cnt = bpf_map_lookup_elem(&mem_pages, &tgid);
	if (!cnt) {
		bpf_map_update_elem(&mem_pages, &tgid, &pages, BPF_NOEXIST);
		return 0;
	}
	pages += *cnt;
	*cnt = pages < memory_report_pages ? pages : 0;
	if (pages < memory_report_pages)
		return 0;
	h = event_reserve(BBPF_EV_MEMORY, sizeof(*h) + sizeof(*x));
	if (!h)
		return 0;
	x = (void *)(h + 1);
	x->pages = pages;
	x->rss_pages = task_rss((struct task_struct *)bpf_get_current_task());
	x->page_size_shift = page_shift;
	x->pad = 0;
	event_submit(ctx, h, sizeof(*h) + sizeof(*x));
	return 0;
}

/*
 * A process's count goes when the process ends (else it stays until the
 * LRU evicts it, and a later process with its pid starts from it). Not in
 * exit's chain: mem_pages, preallocated per CPU, is then made with the
 * other events' programs, after the chains already report (trace's staged
 * load), and exits cost nothing more when memory is not traced.
 */
SEC("tp/sched/sched_process_exit")
int memory_exit(struct trace_event_raw_sched_process_exit *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 tgid;

	if (!exit_ends_process(task, EXIT_HAS_GROUP_DEAD ? BPF_CORE_READ(ctx, group_dead) : -1))
		return 0;
	tgid = bpf_get_current_pid_tgid() >> 32;
	bpf_map_delete_elem(&mem_pages, &tgid);
	return 0;
}

/* ------------------------------------------------------------------ */
/* signal, open                                                        */
/* ------------------------------------------------------------------ */

SEC("tp/signal/signal_generate")
int signal_gen(struct trace_event_raw_signal_generate *ctx)
{
	struct bbpf_ev_signal *x;
	struct bbpf_ev_hdr *h;
	int sig = ctx->sig;

	if (sig <= 0 || sig >= 64 || !(signal_mask & (1ull << sig)))
		return 0;
	h = event_reserve(BBPF_EV_SIGNAL, sizeof(*h) + sizeof(*x));
	if (!h)
		return 0;
	x = (void *)(h + 1);
	x->sig = sig;
	x->target_pid = ctx->pid;
	x->code = ctx->code;
	x->result = ctx->result;
	bpf_probe_read_kernel_str(x->target_comm, sizeof(x->target_comm), ctx->comm);
	event_submit(ctx, h, sizeof(*h) + sizeof(*x));
	return 0;
}

/*
 * The path of a failed openat (or open, @legacy): the syscall's saved user
 * registers still hold its arguments at exit. Reading them needs
 * bpf_task_pt_regs() (5.15); older kernels report the failure without the
 * path.
 */
static __always_inline __u32 open_path(struct bbpf_ev_hdr *h, struct bbpf_ev_open *x, char *dst,
				       bool legacy)
{
	struct pt_regs *regs;
	const char *path;
	long n;

	if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs)) {
		h->flags |= BBPF_EVF_NO_DETAIL;
		return 0;
	}
	regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
#if defined(__TARGET_ARCH_arm64)
	(void)legacy; /* arm64 has no open(2) */
	path = (const char *)BPF_CORE_READ(regs, regs[1]);
	x->flags = BPF_CORE_READ(regs, regs[2]);
#else
	if (legacy) {
		path = (const char *)BPF_CORE_READ(regs, di);
		x->flags = BPF_CORE_READ(regs, si);
	} else {
		path = (const char *)BPF_CORE_READ(regs, si);
		x->flags = BPF_CORE_READ(regs, dx);
	}
#endif
	n = bpf_probe_read_user_str(dst, BBPF_OPEN_FILENAME_MAX, path);
	return n > 0 ? n : 0;
}

static __always_inline int open_done(struct syscall_trace_exit *ctx, bool legacy)
{
	long ret = ctx->ret;
	struct bbpf_ev_open *x;
	struct bbpf_ev_hdr *h;
	__u32 n;

	if (ret >= 0 || (ret == -ENOENT_NR && !open_enoent))
		return 0;
	h = event_begin(BBPF_EV_OPEN);
	if (!h)
		return 0;
	x = (void *)(h + 1);
	__builtin_memset(x, 0, sizeof(*x));
	x->result = ret;
	n = open_path(h, x, (char *)(x + 1), legacy);
	if (n > BBPF_OPEN_FILENAME_MAX)
		n = BBPF_OPEN_FILENAME_MAX;
	x->filename_len = n;
	emit(ctx, h, sizeof(*h) + sizeof(*x) + n);
	return 0;
}

SEC("tp/syscalls/sys_exit_openat")
int open_exit(struct syscall_trace_exit *ctx)
{
	return open_done(ctx, false);
}

#if !defined(__TARGET_ARCH_arm64)
/* open(2): x86_64 only (arm64 has openat alone); musl's open() and old binaries call it. */
SEC("tp/syscalls/sys_exit_open")
int open_exit_open(struct syscall_trace_exit *ctx)
{
	return open_done(ctx, true);
}
#endif

char LICENSE[] SEC("license") = "Dual BSD/GPL";
