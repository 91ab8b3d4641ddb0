// SPDX-License-Identifier: BSD-2-Clause
/*
 * Kernel feature probes: one small probe per feature, asked once and cached.
 * A new feature is one enum value (include/barebpf/features.h) and one row of
 * defs[] below; the feature switch (feature_switch.c, BAREBPF_NO) then knows
 * its name too.
 * Probes ask the kernel (load the smallest program or map that needs the
 * feature) instead of trusting its version: distributions backport, and
 * configs switch things off. Pure code gets the answers as data through
 * bbpf__kfeat_get() (include/internal/kfeat.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>

#include <barebpf/features.h>
#include <barebpf/sys.h>
#include "internal/compiler.h"
#include "internal/err.h"
#include "internal/kfeat.h"
#include "internal/log.h"
#include "internal/step.h"
#include "internal/uapi_compat.h"
#include "kernel/internal.h"

#define INSN(c, d, s, o, i)                                                         \
	{                                                                           \
		.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) \
	}
#define MOV0 INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0)
#define EXIT INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* Loads @insns as @type; the verifier log goes to @log when given. */
static int load_prog(enum bpf_prog_type type, const struct bpf_insn *insns, size_t cnt,
		     const char *name, char *log, size_t log_sz)
{
	struct bbpf_sys_prog_load_opts opts = {
		.sz = sizeof(opts),
		.log_buf = log,
		.log_size = log ? log_sz : 0,
		.log_level = log ? 1 : 0,
	};

	return bbpf_sys_prog_load(type, name, "GPL", insns, cnt, &opts);
}

/* 1 if a program of @type loads, 0 if the kernel refuses it as invalid. */
static int answer_fd(int fd)
{
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return fd == -EINVAL || fd == -E2BIG || fd == -EOPNOTSUPP || fd == -ENOTSUPP ? 0 : fd;
}

static int probe_prog_name(void)
{
	static const struct bpf_insn insns[] = { MOV0, EXIT };

	return answer_fd(load_prog(BPF_PROG_TYPE_SOCKET_FILTER, insns, 2, "bbpf_probe", NULL, 0));
}

static int probe_map(enum bpf_map_type type, __u32 key_sz, __u32 val_sz, __u32 max, __u32 flags)
{
	struct bbpf_sys_map_create_opts opts = { .sz = sizeof(opts), .map_flags = flags };

	return answer_fd(bbpf_sys_map_create(type, NULL, key_sz, val_sz, max, &opts));
}

static int probe_array_mmap(void)
{
	return probe_map(BPF_MAP_TYPE_ARRAY, 4, 8, 1, BPF_F_MMAPABLE);
}

static int probe_ringbuf(void)
{
	return probe_map(BPF_MAP_TYPE_RINGBUF, 0, 0, (__u32)sysconf(_SC_PAGESIZE), 0);
}

/* ld_imm64 r1 = &map[0] + 0 (BPF_PSEUDO_MAP_VALUE), then return 0. */
static int probe_global_data(void)
{
	struct bpf_insn insns[] = {
		INSN(BPF_LD | BPF_IMM | BPF_DW, BPF_REG_1, BPF_PSEUDO_MAP_VALUE, 0, 0),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_ST | BPF_MEM | BPF_DW, BPF_REG_1, 0, 0, 42),
		MOV0,
		EXIT,
	};
	int map_fd, err;

	map_fd = bbpf_sys_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 32, 1, NULL);
	if (map_fd < 0)
		return map_fd;
	insns[0].imm = map_fd;
	err = answer_fd(
		load_prog(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), NULL, NULL, 0));
	close(map_fd);
	return err;
}

/*
 * A helper exists for @type if a program calling it is refused for any
 * reason but "unknown/invalid func" (the arguments are left unset on purpose:
 * the verifier checks the helper id before its arguments).
 */
static int probe_helper(enum bpf_prog_type type, int helper)
{
	struct bpf_insn insns[] = { INSN(BPF_JMP | BPF_CALL, 0, 0, 0, helper), EXIT };
	char log[4096] = "";
	int fd;

	fd = load_prog(type, insns, ARRAY_SIZE(insns), NULL, log, sizeof(log));
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	if (fd != -EINVAL && fd != -EACCES && fd != -ENOSPC)
		return fd;
	return !strstr(log, "invalid func ") && !strstr(log, "unknown func ");
}

static int probe_probe_read_kernel(void)
{
	return probe_helper(BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_probe_read_kernel);
}

static int probe_bpf_cookie(void)
{
	return probe_helper(BPF_PROG_TYPE_PERF_EVENT, BPF_FUNC_get_attach_cookie);
}

/*
 * BPF_LINK_CREATE with BPF_PERF_EVENT on fd -1: a kernel that has perf links
 * looks the fd up and says EBADF; one without says EINVAL first.
 */
static int probe_perf_link(void)
{
	static const struct bpf_insn insns[] = { MOV0, EXIT };
	int prog_fd, err;

	prog_fd = load_prog(BPF_PROG_TYPE_PERF_EVENT, insns, 2, NULL, NULL, 0);
	if (prog_fd < 0)
		return answer_fd(prog_fd);
	err = bbpf_sys_link_create(prog_fd, -1, BPF_PERF_EVENT, NULL);
	close(prog_fd);
	if (err >= 0) {
		close(err);
		return 1;
	}
	return err == -EBADF;
}

/*
 * BPF_LINK_CREATE with prog fd -1: a kernel that has the command looks the
 * fd up and says EBADF; one without it says EINVAL (unknown command).
 */
static int probe_bpf_link(void)
{
	int err = bbpf_sys_link_create(-1, -1, BPF_CGROUP_INET_INGRESS, NULL);

	if (err >= 0) {
		close(err);
		return 1;
	}
	return err == -EBADF;
}

/*
 * XDP links (5.9): ask for one in native mode on "lo", which has no native
 * XDP. A kernel with XDP links gets as far as the driver and refuses with
 * EOPNOTSUPP (or EBUSY/EEXIST when lo already has a program), attaching
 * nothing; one without them does not know BPF_XDP and says EINVAL.
 */
static int probe_xdp_link(void)
{
	static const struct bpf_insn insns[] = { MOV0, EXIT };
	struct bbpf_sys_link_create_opts opts = { .sz = sizeof(opts), .flags = XDP_FLAGS_DRV_MODE };
	int prog_fd, ifindex, err;

	ifindex = (int)if_nametoindex("lo");
	if (!ifindex)
		return bbpf__neg_errno();
	prog_fd = load_prog(BPF_PROG_TYPE_XDP, insns, 2, NULL, NULL, 0);
	if (prog_fd < 0)
		return answer_fd(prog_fd);
	err = bbpf_sys_link_create(prog_fd, ifindex, BPF_XDP, &opts);
	close(prog_fd);
	if (err >= 0) { /* lo learnt native XDP: it works, but do not stay attached */
		close(err);
		return 1;
	}
	return err == -EOPNOTSUPP || err == -EBUSY || err == -EEXIST;
}

/*
 * tcx (6.6): a tcx link on ifindex 0 fails with ENODEV where tcx exists (the
 * device lookup), EINVAL where BPF_TCX_INGRESS is unknown.
 */
static int probe_tcx(void)
{
	static const struct bpf_insn insns[] = { MOV0, EXIT };
	int prog_fd, err;

	prog_fd = load_prog(BPF_PROG_TYPE_SCHED_CLS, insns, 2, NULL, NULL, 0);
	if (prog_fd < 0)
		return answer_fd(prog_fd);
	err = bbpf_sys_link_create(prog_fd, 0, BPF_TCX_INGRESS, NULL);
	close(prog_fd);
	if (err >= 0) {
		close(err);
		return 1;
	}
	return err == -ENODEV;
}

/* A CPU cycles counter on this thread: absent without a PMU (ENOENT, EOPNOTSUPP, ENODEV). */
static int probe_perf_hw(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_HW_CPU_CYCLES,
		.disabled = 1,
		.exclude_kernel = 1,
		.exclude_hv = 1,
	};
	int fd = bbpf_sys_perf_event_open(&attr, 0, -1, -1, 0);

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return fd == -ENOENT || fd == -EOPNOTSUPP || fd == -ENODEV || fd == -EINVAL ? 0 : fd;
}

static int probe_path(const char *path)
{
	return access(path, F_OK) == 0;
}

static int probe_kernel_btf(void)
{
	return probe_path("/sys/kernel/btf/vmlinux");
}

/* Any entry in /sys/kernel/btf besides vmlinux is a module's split BTF. */
static int probe_module_btf(void)
{
	struct dirent *de;
	int found = 0;
	DIR *d;

	d = opendir("/sys/kernel/btf");
	if (!d)
		return 0;
	while (!found && (de = readdir(d)))
		found = de->d_name[0] != '.' && strcmp(de->d_name, "vmlinux");
	closedir(d);
	return found;
}

static int probe_kprobe_pmu(void)
{
	return probe_path("/sys/bus/event_source/devices/kprobe/type");
}

static int probe_uprobe_pmu(void)
{
	return probe_path("/sys/bus/event_source/devices/uprobe/type");
}

static int probe_tracefs(void)
{
	return probe_path("/sys/kernel/tracing/events") ||
	       probe_path("/sys/kernel/debug/tracing/events");
}

struct feature_def {
	const char *name;
	const char *desc;
	int (*probe)(void); /* NULL: a BTF kind, see loader/features_btf.c */
};

static const struct feature_def defs[BBPF_FEAT_CNT] = {
	[BBPF_FEAT_PROG_NAME] = { "prog_name", "programs and maps carry names", probe_prog_name },
	[BBPF_FEAT_BTF] = { "btf", "BPF_BTF_LOAD" },
	[BBPF_FEAT_BTF_FUNC] = { "btf_func", "BTF FUNC and FUNC_PROTO kinds" },
	[BBPF_FEAT_BTF_FUNC_GLOBAL] = { "btf_func_global", "BTF FUNC with global linkage" },
	[BBPF_FEAT_BTF_DATASEC] = { "btf_datasec", "BTF VAR and DATASEC kinds" },
	[BBPF_FEAT_BTF_FLOAT] = { "btf_float", "BTF FLOAT kind" },
	[BBPF_FEAT_BTF_DECL_TAG] = { "btf_decl_tag", "BTF DECL_TAG kind" },
	[BBPF_FEAT_BTF_TYPE_TAG] = { "btf_type_tag", "BTF TYPE_TAG kind" },
	[BBPF_FEAT_BTF_ENUM64] = { "btf_enum64", "BTF ENUM64 kind" },
	[BBPF_FEAT_GLOBAL_DATA] = { "global_data",
				    "programs address map values directly (.data, .bss)",
				    probe_global_data },
	[BBPF_FEAT_ARRAY_MMAP] = { "array_mmap", "mmapable array maps", probe_array_mmap },
	[BBPF_FEAT_RINGBUF] = { "ringbuf", "BPF ring buffer maps", probe_ringbuf },
	[BBPF_FEAT_PROBE_READ_KERNEL] = { "probe_read_kernel", "bpf_probe_read_kernel() helper",
					  probe_probe_read_kernel },
	[BBPF_FEAT_BPF_COOKIE] = { "bpf_cookie", "bpf_get_attach_cookie() for perf events",
				   probe_bpf_cookie },
	[BBPF_FEAT_PERF_LINK] = { "perf_link", "bpf_link for perf events (kprobe, tracepoint)",
				  probe_perf_link },
	[BBPF_FEAT_KERNEL_BTF] = { "kernel_btf", "kernel BTF in /sys/kernel/btf/vmlinux",
				   probe_kernel_btf },
	[BBPF_FEAT_MODULE_BTF] = { "module_btf", "module BTF in /sys/kernel/btf/<module>",
				   probe_module_btf },
	[BBPF_FEAT_KPROBE_PMU] = { "kprobe_pmu", "kprobes through perf_event_open",
				   probe_kprobe_pmu },
	[BBPF_FEAT_UPROBE_PMU] = { "uprobe_pmu", "uprobes through perf_event_open",
				   probe_uprobe_pmu },
	[BBPF_FEAT_TRACEFS] = { "tracefs", "tracefs mounted (tracepoint ids, legacy kprobes)",
				probe_tracefs },
	[BBPF_FEAT_BPF_LINK] = { "bpf_link", "BPF_LINK_CREATE: attachments held by an fd",
				 probe_bpf_link },
	[BBPF_FEAT_XDP_LINK] = { "xdp_link", "bpf_link for XDP (netlink otherwise)",
				 probe_xdp_link },
	[BBPF_FEAT_TCX] = { "tcx", "tcx links for tc ingress/egress (clsact qdisc otherwise)",
			    probe_tcx },
	[BBPF_FEAT_PERF_HW] = { "perf_hw", "hardware perf events: a PMU (cpu-clock otherwise)",
				probe_perf_hw },
	[BBPF_FEAT_RAW_TP] = { "raw_tp", "raw tracepoints attach (BPF_RAW_TRACEPOINT_OPEN)",
			       bbpf__probe_raw_tp },
	[BBPF_FEAT_TP_BTF] = { "tp_btf", "BTF-typed tracepoints attach (tp_btf)",
			       bbpf__probe_tp_btf },
	[BBPF_FEAT_FENTRY] = { "fentry", "fentry/fexit attach (BPF trampolines)",
			       bbpf__probe_fentry },
	[BBPF_FEAT_KPROBE_MULTI] = { "kprobe_multi",
				     "kprobe.multi links (one kprobe per symbol otherwise)",
				     bbpf__probe_kprobe_multi },
	[BBPF_FEAT_UPROBE_MULTI] = { "uprobe_multi",
				     "uprobe.multi links (one uprobe per symbol otherwise)",
				     bbpf__probe_uprobe_multi },
	[BBPF_FEAT_KPROBE_SESSION] = { "kprobe_session", "kprobe.session links",
				       bbpf__probe_kprobe_session },
};

/* 0 unknown, 1 absent, 2 present; a failed probe is not cached, so it is retried. */
static unsigned char cache[BBPF_FEAT_CNT];

/*
 * A probe expects the kernel to refuse things: its failed syscalls are
 * answers, not errors, so their debug lines ("bpf(BPF_LINK_CREATE): Bad file
 * descriptor" is how the perf link probe hears yes) are held back while it
 * runs, on its thread only, and the feature's own line says what was found.
 * Warnings (missing privileges) still go through.
 */
static int run_probe(enum bbpf_feature feat)
{
	const struct feature_def *d = &defs[feat];
	int ret;

	bbpf__print_quiet_debug(true);
	ret = d->probe ? d->probe() : bbpf__probe_btf_kind(feat);
	bbpf__print_quiet_debug(false);
	return ret;
}

int bbpf_feature_probe(enum bbpf_feature feat)
{
	struct bbpf__sc_saved outer;
	const char *name;
	int ret;

	ret = bbpf_feature_forced(feat);
	if (ret)
		return ret < 0 ? ret : 0; /* forced absent, or a bad BAREBPF_NO */
	if (cache[feat])
		return cache[feat] - 1;
	name = defs[feat].name;
	bbpf__sc_step_save(&outer);
	bbpf__sc_step(1, "probe feature '%s'", name);
	ret = run_probe(feat);
	bbpf__sc_step_restore(&outer); /* the step that asked goes on */
	if (ret < 0) {
		pr_debug("feature probe '%s': no answer (%s)\n", name, bbpf_strerror(ret));
		return ret;
	}
	cache[feat] = ret ? 2 : 1;
	pr_debug("feature probe '%s': %s\n", name, ret ? "yes" : "no");
	return ret;
}

const char *bbpf_feature_name(enum bbpf_feature feat)
{
	return (unsigned)feat < BBPF_FEAT_CNT ? defs[feat].name : BBPF__UNKNOWN;
}

const char *bbpf_feature_desc(enum bbpf_feature feat)
{
	return (unsigned)feat < BBPF_FEAT_CNT ? defs[feat].desc : BBPF__UNKNOWN;
}

/*
 * What the load reads of struct bbpf_kfeat: the BTF kinds bbpf_btf_sanitize()
 * rewrites, BTF_FUNC for func_info, mmapable arrays, ring buffers. The others
 * (links, PMUs, attach kinds) are asked by whatever needs them, when it does:
 * each probe costs syscalls, some a tracepoint attached and detached.
 */
static const enum bbpf_feature load_feats[] = {
	BBPF_FEAT_BTF,		BBPF_FEAT_BTF_FUNC,   BBPF_FEAT_BTF_FUNC_GLOBAL,
	BBPF_FEAT_BTF_DATASEC,	BBPF_FEAT_BTF_FLOAT,  BBPF_FEAT_BTF_DECL_TAG,
	BBPF_FEAT_BTF_TYPE_TAG, BBPF_FEAT_BTF_ENUM64, BBPF_FEAT_ARRAY_MMAP,
	BBPF_FEAT_RINGBUF,
};

const struct bbpf_kfeat *bbpf__kfeat_get_for(bool kprobe_multi, bool uprobe_multi)
{
	static struct bbpf_kfeat kfeat;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(load_feats); i++)
		kfeat.has[load_feats[i]] = bbpf_feature_probe(load_feats[i]) == 1;
	if (kprobe_multi)
		kfeat.has[BBPF_FEAT_KPROBE_MULTI] = bbpf_feature_probe(BBPF_FEAT_KPROBE_MULTI) == 1;
	if (uprobe_multi)
		kfeat.has[BBPF_FEAT_UPROBE_MULTI] = bbpf_feature_probe(BBPF_FEAT_UPROBE_MULTI) == 1;
	return &kfeat;
}

const struct bbpf_kfeat *bbpf__kfeat_get(void)
{
	static struct bbpf_kfeat kfeat;
	int i;

	for (i = 0; i < BBPF_FEAT_CNT; i++)
		kfeat.has[i] = bbpf_feature_probe(i) == 1;
	return &kfeat;
}
