/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `barebpf trace`, between its files: cmd_trace.c (arguments, the run),
 * trace_setup.c (the collector object prepared before load: events, knobs,
 * filters, ring size).
 */
#ifndef BBPF_TOOLS_TRACE_CMD_H
#define BBPF_TOOLS_TRACE_CMD_H

#include <stdbool.h>
#include <stdint.h>

struct collector; /* build/gen/<arch>/collector.skel.h */

struct trace_args {
	double duration; /* seconds, 0 = until SIGINT/SIGTERM */
	bool json;
	uint32_t mask; /* events (1 << enum bbpf_ev_type) */
	bool containers_only;
	const char *cgroup; /* a cgroup v2 directory */
	uint32_t pid;
	const char *comm;
	const char *attach; /* auto, fentry, tp_btf, raw_tp, tracepoint, kprobe */
	const char *buffer; /* auto, ringbuf, perf */
	uint32_t ringbuf_size;
	const char *btf_path;
	const char *btf_dir;
	bool btf_pack; /* --btf-pack: the BTF pack this binary carries */
	bool verbose;  /* -v: whole verifier logs */
};

/*
 * trace_setup() opens the embedded collector's skeleton into *@out (release
 * it with trace_close()) and applies @a: only the programs of the
 * chosen events load, the filters and the event mask become .rodata knobs,
 * the ring buffer gets its size. Messages go to stderr. Returns 0, or -errno
 * (*@out is then NULL).
 */
int trace_setup(const struct trace_args *a, struct collector **out);

/*
 * trace_check_privileges() says, before any work, when this process can
 * load no tracing program on any kernel: it has neither CAP_SYS_ADMIN nor
 * both CAP_BPF and CAP_PERFMON. Returns 0 or -EPERM after saying so.
 */
int trace_check_privileges(void);

/* trace_close() releases what trace_setup() made (collector__destroy()); NULL is a no-op. */
void trace_close(struct collector *skel);

/*
 * trace_run_args() is `barebpf trace` with its arguments already made (the
 * collector child of `barebpf init`): the same output on stdout and stderr,
 * until a->duration ends or SIGINT/SIGTERM. @ready, when not NULL, is called
 * with @ctx once every program is attached. Returns 0 or -errno.
 */
int trace_run_args(const struct trace_args *a, void (*ready)(void *ctx), void *ctx);

/*
 * trace_cgroup_id() gives the id (inode) of cgroup v2 directory @path and its
 * depth below the cgroup2 mount's root. Returns 0, -ENOTDIR/-errno from stat,
 * or -EMEDIUMTYPE for a directory that is not in a cgroup2 filesystem.
 */
int trace_cgroup_id(const char *path, uint64_t *id, uint32_t *level);

#endif
