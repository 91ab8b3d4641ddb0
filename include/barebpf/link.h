/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf links: a loaded program attached to a hook, and how to undo it.
 *
 * Every attachment is a struct bbpf_link, whatever the kernel gave for it:
 * a bpf_link fd (BPF_LINK_CREATE, BPF_RAW_TRACEPOINT_OPEN), a perf event fd
 * with the program set on it by ioctl (kernels without perf links), a perf
 * event on a kprobe made through tracefs (kernels without the kprobe PMU;
 * the tracefs event is removed on detach), or a BPF_PROG_ATTACH/netlink
 * attachment that has no fd of its own. Each kind carries its own detach.
 *
 *   struct bbpf_link *link;
 *   int err = bbpf_prog_attach(prog, NULL, &link);   // by its SEC() name
 *   ...
 *   bbpf_link_destroy(link);                         // detached, freed
 *
 * A link does not keep its program's object alive: destroy links before
 * bbpf_obj_close() (the kernel keeps the program as long as the link holds
 * it, so the other order leaks nothing, it only delays the unload).
 */
#ifndef BAREBPF_LINK_H
#define BAREBPF_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <barebpf/ns.h>
#include <barebpf/obj.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bbpf_link;
struct bbpf_prog;

/* How an attachment was made: what bbpf_link_how() names. */
enum bbpf_link_how {
	BBPF_LINK_BPF,		  /* a bpf_link fd from BPF_LINK_CREATE */
	BBPF_LINK_RAW_TP,	  /* a bpf_link fd from BPF_RAW_TRACEPOINT_OPEN */
	BBPF_LINK_PERF,		  /* a perf event + BPF_LINK_CREATE(BPF_PERF_EVENT) (5.15+) */
	BBPF_LINK_PERF_IOCTL,	  /* a perf event + PERF_EVENT_IOC_SET_BPF (before 5.15) */
	BBPF_LINK_TRACEFS_KPROBE, /* a perf event on a kprobe made in tracefs kprobe_events */
	BBPF_LINK_PROG_ATTACH,	  /* BPF_PROG_ATTACH: no fd, detached by BPF_PROG_DETACH */
	BBPF_LINK_NETLINK,	  /* XDP or tc attached through rtnetlink */
	BBPF_LINK_PINNED,	  /* reopened from bpffs: a bpf_link of unknown origin */
	BBPF_LINK_HOW_CNT,
};

/*
 * bbpf_link_fd() is the fd that holds the attachment: the bpf_link fd, or
 * the perf event fd for the ioctl and tracefs kinds; -ENOENT for kinds with
 * no fd (BPF_PROG_ATTACH, netlink) and after detach.
 */
BBPF_API int bbpf_link_fd(const struct bbpf_link *link);

/* How the link was made (enum bbpf_link_how). */
BBPF_API enum bbpf_link_how bbpf_link_how(const struct bbpf_link *link);
/* "bpf_link", "raw_tp", "perf_link", "perf_ioctl", "tracefs", "prog_attach", "netlink", "pinned". */
BBPF_API const char *bbpf_link_how_str(enum bbpf_link_how how);

/*
 * What the link is attached to, for people: the hook ("tracepoint", "raw_tp",
 * "kprobe", "uprobe", "fentry", ...) and its target
 * ("syscalls/sys_enter_getpid", "do_sys_open+0x10", "/usr/lib/libc.so.6:malloc";
 * a fentry/fexit/tp_btf target found in a module's BTF: "veth:veth_open").
 * Borrowed from the link. "" when unknown (a pinned link).
 */
BBPF_API const char *bbpf_link_hook(const struct bbpf_link *link);
BBPF_API const char *bbpf_link_target(const struct bbpf_link *link);

/*
 * bbpf_link_detach() undoes the attachment now: the program stops running
 * on the hook, the link's fds are closed, a tracefs kprobe event is
 * removed, a pin made by bbpf_link_pin() is removed. The link stays
 * allocated (getters still answer). Idempotent: a second call returns 0.
 * Returns 0 or the first -errno met (everything is still released).
 */
BBPF_API int bbpf_link_detach(struct bbpf_link *link);

/*
 * bbpf_link_destroy() detaches @link (unless bbpf_link_disconnect() was
 * called) and frees it. NULL is a no-op. Returns bbpf_link_detach()'s result.
 */
BBPF_API int bbpf_link_destroy(struct bbpf_link *link);

/*
 * bbpf_links_destroy() destroys the @cnt links of @links (NULL entries are
 * skipped) and sets each entry to NULL. Detaching tracepoints and probes
 * waits for RCU grace periods in the kernel; this overlaps those waits
 * (several threads), so many links go in about the time of one.
 * Returns 0 or the first -errno met (every link is still released).
 */
BBPF_API int bbpf_links_destroy(struct bbpf_link **links, size_t cnt);

/*
 * bbpf_link_disconnect() makes bbpf_link_destroy() free @link without
 * detaching: for a pinned link, which must outlive the process. The fds are
 * still closed by destroy (the pin holds the attachment).
 */
BBPF_API void bbpf_link_disconnect(struct bbpf_link *link);

/*
 * bbpf_link_pin() pins @link's bpf_link at @path in a bpffs, so that it
 * outlives the process (see bbpf_link_disconnect()).
 * Returns 0, -EOPNOTSUPP for links that are not a bpf_link (the ioctl,
 * tracefs, prog_attach and netlink kinds: the kernel cannot pin those),
 * -EBUSY when already pinned, or the kernel's -errno (-EEXIST, -ENOENT ...).
 */
BBPF_API int bbpf_link_pin(struct bbpf_link *link, const char *path);

/* bbpf_link_unpin() removes @link's pin. Returns 0, -ENOENT when not pinned, or -errno. */
BBPF_API int bbpf_link_unpin(struct bbpf_link *link);

/* The path @link is pinned at, or NULL. */
BBPF_API const char *bbpf_link_pin_path(const struct bbpf_link *link);

/*
 * bbpf_link_open_pinned() opens the bpf_link pinned at @path as a link of
 * kind BBPF_LINK_PINNED; bbpf_link_detach() on it detaches the program
 * (BPF_LINK_DETACH) and removes the pin, bbpf_link_disconnect() + destroy
 * leaves both. *@out is written only on success.
 * Returns 0, -ENOENT (no such pin), -EINVAL (the pin is no link), or -errno.
 */
BBPF_API int bbpf_link_open_pinned(const char *path, struct bbpf_link **out);

/* ------------------------------------------------------------------ */
/* Attaching                                                           */
/* ------------------------------------------------------------------ */

/*
 * Options of bbpf_prog_attach() and the kind-specific calls below. Fields
 * that do not apply to the program's kind are ignored.
 */
struct bbpf_attach_opts {
	size_t sz;	 /* sizeof(struct bbpf_attach_opts): fields past it read as zero */
	uint64_t cookie; /* bpf_get_attach_cookie() where the kernel has it (perf links) */
	/* Replaces the section's target ("syscalls/sys_enter_getpid", "do_sys_open"). */
	const char *target;
	/* uprobe: the process to probe, 0 for every process (the default). */
	pid_t pid;
	/* kretprobe: instances to preallocate (legacy tracefs only), 0 = kernel default. */
	int maxactive;
	/* uprobe: the USDT semaphore's file offset (ref_ctr_offset), 0 = none. */
	uint64_t ref_ctr_off;
	/*
	 * Network and cgroup kinds take what they attach to from `target`:
	 * xdp, tc, tcx: an interface name ("eth0") or index ("3");
	 * cgroup kinds: a cgroup v2 directory, absolute or relative to the
	 * cgroup2 mount ("/sys/fs/cgroup/unified/app" or "app");
	 * sk_lookup, flow_dissector: a network namespace file (default: this
	 * process's, /proc/self/ns/net).
	 */
	/* xdp: XDP_FLAGS_SKB_MODE, XDP_FLAGS_DRV_MODE or XDP_FLAGS_HW_MODE (0: the driver's best). */
	uint32_t xdp_flags;
	/*
	 * xdp: replace a program already on the interface (netlink only: an XDP
	 * link never replaces). Default: refuse with -EBUSY.
	 */
	bool xdp_replace;
	/* SEC("tc")/SEC("classifier"), which name no direction: egress instead of ingress. */
	bool tc_egress;
	/* perf_event: samples per second on each CPU (0: 99). */
	uint64_t sample_freq;
};

/*
 * bbpf_prog_attach() attaches loaded program @prog as its SEC() name says
 * ("tp/syscalls/sys_enter_getpid", "raw_tp/sys_enter", "kprobe/do_sys_open",
 * "uprobe/libc.so.6:malloc", "fentry/do_unlinkat", ...), choosing the
 * mechanism by what the kernel has (bpf_link > perf link > perf ioctl; the
 * kprobe PMU > tracefs kprobe_events). @opts may be NULL. Every failure is
 * logged once naming the program, the target and the mechanism.
 * *@out (release with bbpf_link_destroy()) is written only on success.
 * Returns 0; -ENOENT when not loaded or the target does not exist (no such
 * tracepoint, function, binary or symbol); -EINVAL when the section names no
 * target (SEC("kprobe")) and opts gives none; -EOPNOTSUPP for kinds this
 * library does not attach by name; else the kernel's -errno.
 */
BBPF_API int bbpf_prog_attach(const struct bbpf_prog *prog, const struct bbpf_attach_opts *opts,
			      struct bbpf_link **out);

/*
 * bbpf_attach_kind_by_name() is true when bbpf_prog_attach() can attach a
 * program of @kind from its section name alone (false for kinds that need
 * something more, such as a network interface or a cgroup, and for kinds
 * this library does not attach yet).
 */
BBPF_API bool bbpf_attach_kind_by_name(enum bbpf_attach_kind kind);

/*
 * bbpf_prog_attach_tracepoint() attaches @prog (a tracepoint program) to
 * tracepoint @category/@name (its id read from tracefs, which is mounted
 * when absent). Returns 0, -ENOENT (no such tracepoint) or -errno.
 */
BBPF_API int bbpf_prog_attach_tracepoint(const struct bbpf_prog *prog, const char *category,
					 const char *name, const struct bbpf_attach_opts *opts,
					 struct bbpf_link **out);

/* The same for a program given by fd (@name is used in messages only). */
BBPF_API int bbpf_attach_tracepoint_fd(int prog_fd, const char *prog_name, const char *category,
				       const char *name, const struct bbpf_attach_opts *opts,
				       struct bbpf_link **out);

/*
 * bbpf_iter_open() makes a new reader of iterator link @link (from
 * bbpf_prog_attach() of an SEC("iter/...") program): each read() runs the
 * program over the next objects and returns what it printed; 0 at the end.
 * The caller closes the fd. Returns the fd, -EINVAL when @link is no
 * iterator, or -errno.
 */
BBPF_API int bbpf_iter_open(const struct bbpf_link *link);

/*
 * bbpf_kprobe_reclaim() removes the tracefs kprobe events that barebpf
 * processes which no longer exist left behind (killed before they could
 * detach: the kernel keeps such events until removed, up to its limit).
 * Our events are named "bbpf_<pid>_..." in group "bbpf"; those of live
 * processes are left alone. The first legacy kprobe of a process does this
 * by itself. Returns how many it removed, or -errno (-ENOENT: no tracefs
 * or no kprobe_events in this kernel).
 */
BBPF_API int bbpf_kprobe_reclaim(void);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_LINK_H */
