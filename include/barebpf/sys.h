/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf: the syscall layer. One wrapper per bpf() command (bbpf_sys_<cmd>
 * for BPF_<CMD>), plus perf_event_open, its ioctls, and mmap for ring
 * buffers. Every call that touches the kernel is a bbpf_sys_* call.
 *
 * Conventions, for every function below:
 * - Returns >= 0 on success (0, an fd, or a count) and -errno on failure.
 *   Kernel errors pass through unchanged (EPERM, the verifier's EACCES,
 *   ENOTSUPP 524). When the caller lacks the capability the kernel wants,
 *   the failure is also explained once through the print hook
 *   ("needs CAP_BPF (or root)").
 * - A returned fd belongs to the caller, who closes it. It is O_CLOEXEC and
 *   never 0, 1 or 2.
 * - The bpf_attr is zeroed and passed sized to the last field the command
 *   uses, so the same binary runs on kernels with a smaller bpf_attr.
 * - Opts structs lead with `size_t sz` (set it to sizeof(struct)); fields past
 *   sz read as zero, and bytes past the fields this library knows must be
 *   zero (-EINVAL otherwise). NULL opts means all defaults.
 */
#ifndef BAREBPF_SYS_H
#define BAREBPF_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/resource.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>

#include <barebpf/ns.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- maps ---- */

/* Optional inputs of bbpf_sys_map_create(); zero means "not used". */
struct bbpf_sys_map_create_opts {
	size_t sz;
	uint32_t map_flags;    /* BPF_F_NO_PREALLOC, BPF_F_MMAPABLE, ... */
	uint32_t inner_map_fd; /* template for map-in-map types */
	uint32_t numa_node;    /* needs BPF_F_NUMA_NODE in map_flags */
	uint32_t map_ifindex;  /* offload device */
	uint32_t btf_fd;       /* BTF that describes key and value */
	uint32_t btf_key_type_id;
	uint32_t btf_value_type_id;
	uint32_t btf_vmlinux_value_type_id; /* struct_ops */
	uint64_t map_extra;		    /* bloom filter hashes, arena address */
};

/*
 * bbpf_sys_map_create() creates a map (BPF_MAP_CREATE). @name is optional and
 * cut to BPF_OBJ_NAME_LEN - 1 characters. Returns the map fd or -errno
 * (-EINVAL for bad sizes or flags, -EPERM without CAP_BPF, or when the kernel
 * charges RLIMIT_MEMLOCK and it is exhausted: see bbpf_sys_ensure_memlock()).
 */
BBPF_API int bbpf_sys_map_create(enum bpf_map_type type, const char *name, uint32_t key_size,
				 uint32_t value_size, uint32_t max_entries,
				 const struct bbpf_sys_map_create_opts *opts);

/*
 * bbpf_sys_map_lookup_elem() copies the value stored at @key in map @fd into
 * @value (value_size bytes; per-CPU maps: value_size rounded up to 8, times
 * the number of possible CPUs). @flags: 0 or BPF_F_LOCK.
 * Returns 0, -ENOENT when @key is absent, or -errno.
 */
BBPF_API int bbpf_sys_map_lookup_elem(int fd, const void *key, void *value, uint64_t flags);

/*
 * bbpf_sys_map_update_elem() stores @value at @key. @flags: BPF_ANY,
 * BPF_NOEXIST (-EEXIST if present), BPF_EXIST (-ENOENT if absent), BPF_F_LOCK.
 * Returns 0 or -errno (-E2BIG when the map is full).
 */
BBPF_API int bbpf_sys_map_update_elem(int fd, const void *key, const void *value, uint64_t flags);

/* bbpf_sys_map_delete_elem() removes @key. Returns 0, -ENOENT, or -errno (-EINVAL on arrays). */
BBPF_API int bbpf_sys_map_delete_elem(int fd, const void *key);

/*
 * bbpf_sys_map_get_next_key() writes the key that follows @key into
 * @next_key; @key NULL (or absent from a hash map) gives the first key.
 * Returns 0, -ENOENT after the last key, or -errno.
 */
BBPF_API int bbpf_sys_map_get_next_key(int fd, const void *key, void *next_key);

/* bbpf_sys_map_freeze() makes map @fd read-only for user space. Returns 0 or -errno. */
BBPF_API int bbpf_sys_map_freeze(int fd);

/*
 * bbpf_sys_prog_bind_map() (BPF_PROG_BIND_MAP, 5.8+) ties map @map_fd to
 * program @prog_fd: the map lives as long as the program and shows in its
 * map_ids although no instruction names it. Returns 0 or -errno (-EINVAL on
 * kernels without the command).
 */
BBPF_API int bbpf_sys_prog_bind_map(int prog_fd, int map_fd);

/* Optional inputs of bbpf_sys_map_lookup_batch(). */
struct bbpf_sys_map_batch_opts {
	size_t sz;
	uint64_t elem_flags; /* BPF_F_LOCK */
	uint64_t flags;
};

/*
 * bbpf_sys_map_lookup_batch() reads up to *@count entries of map @fd into
 * @keys and @values (arrays of key_size / value_size elements).
 * @in_batch is NULL for the first call, then the previous call's @out_batch
 * (an opaque token the size of a key; hash maps need their own size, see the
 * kernel docs). On return *@count holds the number of entries copied, also
 * when the result is -ENOENT, which means the map has no more entries.
 * Returns 0, -ENOENT (done), -EINVAL on maps without batch support, or -errno.
 */
BBPF_API int bbpf_sys_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys,
				       void *values, uint32_t *count,
				       const struct bbpf_sys_map_batch_opts *opts);

/* ---- programs ---- */

/*
 * Optional inputs of bbpf_sys_prog_load(). Pointers are borrowed for the
 * duration of the call; the kernel writes only log_buf.
 */
struct bbpf_sys_prog_load_opts {
	size_t sz;
	uint32_t expected_attach_type;
	uint32_t prog_flags; /* BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS, ... */
	uint32_t kern_version;
	uint32_t prog_ifindex;
	uint32_t prog_btf_fd;
	uint32_t func_info_rec_size;
	const void *func_info;
	uint32_t func_info_cnt;
	uint32_t line_info_rec_size;
	const void *line_info;
	uint32_t line_info_cnt;
	uint32_t attach_btf_id;	    /* fentry/fexit/lsm/tp_btf target */
	uint32_t attach_btf_obj_fd; /* module BTF holding attach_btf_id */
	uint32_t attach_prog_fd;    /* freplace / fentry on a BPF program */
	const int *fd_array;
	char *log_buf; /* verifier log, owned by the caller */
	uint32_t log_size;
	uint32_t log_level;
};

/*
 * bbpf_sys_prog_load() loads @insn_cnt instructions as a program of @type
 * (BPF_PROG_LOAD). @name (optional) is cut to BPF_OBJ_NAME_LEN - 1; @license
 * must be GPL-compatible for GPL-only helpers. A transient -EAGAIN is retried
 * a few times. The verifier's words go to opts->log_buf when log_level > 0.
 * Returns the program fd or -errno (-EACCES: the verifier refused it;
 * -ENOSPC: log_buf too small; -EPERM: capabilities).
 */
BBPF_API int bbpf_sys_prog_load(enum bpf_prog_type type, const char *name, const char *license,
				const struct bpf_insn *insns, size_t insn_cnt,
				const struct bbpf_sys_prog_load_opts *opts);

/*
 * Input and output of bbpf_sys_prog_test_run(): the buffers are the
 * caller's; the fields marked "out" are written by the call.
 */
struct bbpf_sys_prog_test_run_opts {
	size_t sz;
	const void *data_in;
	uint32_t data_size_in;
	void *data_out;
	uint32_t data_size_out; /* in: size of data_out; out: bytes the program left */
	const void *ctx_in;
	uint32_t ctx_size_in;
	void *ctx_out;
	uint32_t ctx_size_out; /* in: size of ctx_out; out: bytes written */
	uint32_t repeat;
	uint32_t flags; /* BPF_F_TEST_RUN_ON_CPU, BPF_F_TEST_XDP_LIVE_FRAMES */
	uint32_t cpu;
	uint32_t batch_size;
	uint32_t retval;   /* out: the program's return value */
	uint32_t duration; /* out: average run time in ns */
};

/*
 * bbpf_sys_prog_test_run() runs program @prog_fd on the input in @opts
 * (BPF_PROG_TEST_RUN); @opts is required and its sz must cover `duration`.
 * On success the out fields of @opts are written.
 * Returns 0 or -errno (-ENOTSUPP: this program type cannot be test-run).
 */
BBPF_API int bbpf_sys_prog_test_run(int prog_fd, struct bbpf_sys_prog_test_run_opts *opts);

/* ---- objects in bpffs, object info, ids ---- */

/* bbpf_sys_obj_pin() pins @fd (map, program, link, BTF) at @path in a bpffs. Returns 0 or -errno. */
BBPF_API int bbpf_sys_obj_pin(int fd, const char *path);

/*
 * bbpf_sys_obj_get() opens the object pinned at @path. @file_flags: 0,
 * BPF_F_RDONLY or BPF_F_WRONLY. Returns a new fd or -errno.
 */
BBPF_API int bbpf_sys_obj_get(const char *path, uint32_t file_flags);

/*
 * bbpf_sys_obj_get_info_by_fd() fills @info (struct bpf_prog_info,
 * bpf_map_info, bpf_btf_info or bpf_link_info, chosen by what @fd is) with up
 * to *@info_len bytes; *@info_len is updated to the bytes the kernel wrote.
 * Zero @info first, except for the buffer pointers you want filled.
 * Returns 0 or -errno.
 */
BBPF_API int bbpf_sys_obj_get_info_by_fd(int fd, void *info, uint32_t *info_len);

/*
 * bbpf_sys_<obj>_get_next_id() writes the smallest id above @start_id of a
 * loaded program/map/BTF/link into *@next_id. Needs CAP_SYS_ADMIN.
 * Returns 0, -ENOENT after the last one, or -errno.
 */
BBPF_API int bbpf_sys_prog_get_next_id(uint32_t start_id, uint32_t *next_id);
BBPF_API int bbpf_sys_map_get_next_id(uint32_t start_id, uint32_t *next_id);
BBPF_API int bbpf_sys_btf_get_next_id(uint32_t start_id, uint32_t *next_id);
BBPF_API int bbpf_sys_link_get_next_id(uint32_t start_id, uint32_t *next_id);

/*
 * bbpf_sys_<obj>_get_fd_by_id() opens the program/map/BTF/link with @id.
 * Needs CAP_SYS_ADMIN. Returns a new fd, -ENOENT if it is gone, or -errno.
 */
BBPF_API int bbpf_sys_prog_get_fd_by_id(uint32_t id);
BBPF_API int bbpf_sys_map_get_fd_by_id(uint32_t id);
BBPF_API int bbpf_sys_btf_get_fd_by_id(uint32_t id);
BBPF_API int bbpf_sys_link_get_fd_by_id(uint32_t id);

/* ---- BTF ---- */

/* Optional inputs of bbpf_sys_btf_load(): where the kernel explains a refusal. */
struct bbpf_sys_btf_load_opts {
	size_t sz;
	char *log_buf; /* owned by the caller */
	uint32_t log_size;
	uint32_t log_level;
};

/*
 * bbpf_sys_btf_load() loads @size bytes of raw BTF (header, types, strings)
 * into the kernel (BPF_BTF_LOAD). Returns the BTF fd or -errno (-EINVAL: the
 * kernel refused it, the reason is in log_buf when log_level > 0).
 */
BBPF_API int bbpf_sys_btf_load(const void *btf, uint32_t size,
			       const struct bbpf_sys_btf_load_opts *opts);

/* ---- attach ---- */

/*
 * Optional inputs of bbpf_sys_link_create(); which of them are read depends
 * on the attach type (see there). Pointers are borrowed for the call.
 */
struct bbpf_sys_link_create_opts {
	size_t sz;
	uint32_t flags;
	uint32_t target_btf_id; /* freplace/fentry/fexit/lsm target */
	uint64_t cookie;	/* perf_event bpf_cookie, tracing cookie */
	void *iter_info;	/* BPF_TRACE_ITER: union bpf_iter_link_info */
	uint32_t iter_info_len;
	uint32_t kprobe_multi_flags; /* BPF_TRACE_KPROBE_MULTI */
	uint32_t kprobe_multi_cnt;
	const char **kprobe_multi_syms;
	const unsigned long *kprobe_multi_addrs;
	const uint64_t *kprobe_multi_cookies;
	const char *uprobe_multi_path; /* BPF_TRACE_UPROBE_MULTI (6.6) */
	const uint64_t *uprobe_multi_offsets;
	const uint64_t *uprobe_multi_ref_ctr_offsets;
	const uint64_t *uprobe_multi_cookies;
	uint32_t uprobe_multi_cnt;
	uint32_t uprobe_multi_flags; /* BPF_F_UPROBE_MULTI_RETURN */
	uint32_t uprobe_multi_pid;   /* 0: every process */
};

/*
 * bbpf_sys_link_create() attaches @prog_fd to @target_fd (a cgroup, a perf
 * event fd, an ifindex for XDP, 0 for tracing) as @attach_type and returns
 * a bpf_link fd (BPF_LINK_CREATE); the attachment lives as long as the link.
 * The union member of the attr is picked by @attach_type.
 * Returns the link fd or -errno (-EINVAL also where the kernel has no link
 * for this attach type, e.g. perf events on 5.10).
 */
BBPF_API int bbpf_sys_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type,
				  const struct bbpf_sys_link_create_opts *opts);

/* bbpf_sys_link_detach() detaches link @link_fd; the fd stays open (defunct). Returns 0 or -errno. */
BBPF_API int bbpf_sys_link_detach(int link_fd);

/*
 * bbpf_sys_raw_tracepoint_open() attaches a raw_tp (or tp_btf/fentry when
 * @name is NULL) program to raw tracepoint @name. Returns a link fd or -errno
 * (-ENOENT: no such tracepoint).
 */
BBPF_API int bbpf_sys_raw_tracepoint_open(const char *name, int prog_fd);

/* Optional inputs of bbpf_sys_prog_attach(). */
struct bbpf_sys_prog_attach_opts {
	size_t sz;
	uint32_t flags;		  /* BPF_F_ALLOW_OVERRIDE, BPF_F_ALLOW_MULTI, BPF_F_REPLACE */
	uint32_t replace_prog_fd; /* with BPF_F_REPLACE */
};

/*
 * bbpf_sys_prog_attach() attaches @prog_fd to @target_fd (cgroup, sockmap,
 * netns, ...) without a link (BPF_PROG_ATTACH). Returns 0 or -errno.
 */
BBPF_API int bbpf_sys_prog_attach(int prog_fd, int target_fd, enum bpf_attach_type type,
				  const struct bbpf_sys_prog_attach_opts *opts);

/*
 * bbpf_sys_prog_detach() undoes bbpf_sys_prog_attach(); @prog_fd may be -1
 * where the hook holds one program. Returns 0 or -errno (-ENOENT: not attached).
 */
BBPF_API int bbpf_sys_prog_detach(int prog_fd, int target_fd, enum bpf_attach_type type);

/* ---- stats, iterators ---- */

/*
 * bbpf_sys_enable_stats() turns on run-time statistics of @type
 * (BPF_STATS_RUN_TIME) for as long as the returned fd is open.
 * Returns the fd or -errno.
 */
BBPF_API int bbpf_sys_enable_stats(enum bpf_stats_type type);

/* bbpf_sys_iter_create() opens a new iterator on link @link_fd; read() it. Returns the fd or -errno. */
BBPF_API int bbpf_sys_iter_create(int link_fd);

/* ---- perf events ---- */

/*
 * bbpf_sys_perf_event_open() opens a perf event (perf_event_open(2)); the
 * fd is always opened with PERF_FLAG_FD_CLOEXEC on top of @flags.
 * Returns the fd or -errno (-EACCES/-EPERM: needs CAP_PERFMON or root, or a
 * lower kernel.perf_event_paranoid; -ENOENT/-EINVAL: no such event).
 */
BBPF_API int bbpf_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu,
				      int group_fd, unsigned long flags);

/* bbpf_sys_perf_event_enable()/_disable(): PERF_EVENT_IOC_ENABLE/DISABLE on @fd. Return 0 or -errno. */
BBPF_API int bbpf_sys_perf_event_enable(int fd);
BBPF_API int bbpf_sys_perf_event_disable(int fd);

/*
 * bbpf_sys_perf_event_set_bpf() attaches @prog_fd to the perf event @fd
 * (PERF_EVENT_IOC_SET_BPF), the pre-bpf_link way; the attachment ends when
 * @fd is closed. Returns 0 or -errno (-EEXIST: a program is already there).
 */
BBPF_API int bbpf_sys_perf_event_set_bpf(int fd, int prog_fd);

/* ---- memory maps (ring and perf buffers) ---- */

/*
 * bbpf_sys_mmap() maps @len bytes of @fd at offset @off (mmap(2), address
 * chosen by the kernel) and writes the address to *@addr, only on success.
 * The caller unmaps it with bbpf_sys_munmap(). Returns 0 or -errno.
 */
BBPF_API int bbpf_sys_mmap(void **addr, size_t len, int prot, int flags, int fd, off_t off);

/* bbpf_sys_munmap() unmaps what bbpf_sys_mmap() mapped. Returns 0 or -errno. */
BBPF_API int bbpf_sys_munmap(void *addr, size_t len);

/* ---- pseudo filesystems ---- */

/*
 * bbpf_sys_mount() mounts filesystem @type from @source at @dir (made when
 * missing), e.g. ("tracefs", "/sys/kernel/tracing", "tracefs").
 * Returns 0 or -errno (-EPERM without CAP_SYS_ADMIN).
 */
BBPF_API int bbpf_sys_mount(const char *source, const char *dir, const char *type);
/* ---- tracing (--syscalls) ---- */

/* How bbpf_sys_trace_set() prints each call. */
enum bbpf_sys_trace_mode {
	BBPF_SYS_TRACE_OFF,
	BBPF_SYS_TRACE_TEXT, /* "  bpf BPF_MAP_CREATE {map_type=RINGBUF, ...} = fd 5 (0.020 ms)" */
	BBPF_SYS_TRACE_JSON, /* one JSON object per line */
};

/*
 * bbpf_sys_trace_set() makes every system call of this library (bpf(),
 * perf_event_open, its ioctls, mmap/munmap, netlink sockets and messages,
 * setrlimit) reach the print hook decoded, at level BBPF_SYSCALL, under the
 * loader step that made it; BBPF_SYS_TRACE_OFF stops it. Without a call, the
 * environment decides: BAREBPF_SYSCALLS=1 (text) or =json. Returns the
 * previous mode, or -EINVAL for an unknown @mode.
 */
BBPF_API int bbpf_sys_trace_set(int mode);

/* ---- netlink (rtnetlink: XDP and tc before bpf_link, qdiscs) ---- */

/*
 * bbpf_sys_netlink_open() opens a netlink socket of @protocol (NETLINK_ROUTE)
 * in the caller's network namespace, which it keeps for life, asks for
 * extended acks where the kernel has them, and binds it (port chosen by the
 * kernel). Returns the fd (O_CLOEXEC, above 2) or -errno.
 */
BBPF_API int bbpf_sys_netlink_open(int protocol);

/* bbpf_sys_netlink_send() sends @len bytes (one or more messages) to the kernel. Returns 0 or -errno. */
BBPF_API int bbpf_sys_netlink_send(int fd, const void *buf, size_t len);

/*
 * bbpf_sys_netlink_recv() receives one datagram (one or more messages) into
 * @buf. Returns its length, -EMSGSIZE when it did not fit @len bytes (the
 * datagram is lost), or -errno.
 */
BBPF_API int bbpf_sys_netlink_recv(int fd, void *buf, size_t len);

/* ---- privileges ---- */

/*
 * bbpf_sys_caps() is the calling thread's effective capability set, bit N
 * for capability N (CAP_BPF is 39, CAP_PERFMON 38: kernels before 5.8 have
 * neither and never set them). All ones when capget() fails, so that a
 * caller claims nothing is missing when it cannot tell.
 */
BBPF_API uint64_t bbpf_sys_caps(void);

/* ---- RLIMIT_MEMLOCK ---- */

/* bbpf_sys_memlock_get()/_set(): getrlimit/setrlimit(RLIMIT_MEMLOCK). Return 0 or -errno. */
BBPF_API int bbpf_sys_memlock_get(struct rlimit *rl);
BBPF_API int bbpf_sys_memlock_set(const struct rlimit *rl);

/*
 * bbpf_sys_ensure_memlock() makes map creation independent of
 * RLIMIT_MEMLOCK. Kernels before 5.11 charge BPF memory against it, newer
 * ones charge the memory cgroup instead; it finds out which by creating a
 * one-page map with the soft limit briefly at 0 (so call it before starting
 * threads that mlock), and raises the limit (to unlimited, else to the hard
 * limit) only if the kernel charges it. Call once before creating maps;
 * what it decided is logged at debug level.
 * Returns 0 (also when the kernel charges memlock but the limit cannot be
 * raised: that is logged as a warning) or -errno (-EPERM: no CAP_BPF).
 */
BBPF_API int bbpf_sys_ensure_memlock(void);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_SYS_H */
