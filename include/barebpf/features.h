/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf: what the running kernel can do. Each feature is probed once, by
 * asking the kernel (loading a tiny program, creating a tiny map, loading a
 * tiny BTF blob) rather than by reading its version, and the answer is cached
 * for the life of the process.
 */
#ifndef BAREBPF_FEATURES_H
#define BAREBPF_FEATURES_H

#include <stdbool.h>

#include <barebpf/ns.h>

#ifdef __cplusplus
extern "C" {
#endif

enum bbpf_feature {
	BBPF_FEAT_PROG_NAME,	     /* programs and maps carry names (4.15) */
	BBPF_FEAT_BTF,		     /* BPF_BTF_LOAD of plain types (4.18) */
	BBPF_FEAT_BTF_FUNC,	     /* BTF_KIND_FUNC and FUNC_PROTO (5.0) */
	BBPF_FEAT_BTF_FUNC_GLOBAL,   /* FUNC with global linkage (5.6) */
	BBPF_FEAT_BTF_DATASEC,	     /* BTF_KIND_VAR and DATASEC (5.2) */
	BBPF_FEAT_BTF_FLOAT,	     /* BTF_KIND_FLOAT (5.13) */
	BBPF_FEAT_BTF_DECL_TAG,	     /* BTF_KIND_DECL_TAG (5.16) */
	BBPF_FEAT_BTF_TYPE_TAG,	     /* BTF_KIND_TYPE_TAG (5.17) */
	BBPF_FEAT_BTF_ENUM64,	     /* BTF_KIND_ENUM64 (6.0) */
	BBPF_FEAT_GLOBAL_DATA,	     /* ld_imm64 of a map value address (5.2) */
	BBPF_FEAT_ARRAY_MMAP,	     /* BPF_F_MMAPABLE arrays (5.5) */
	BBPF_FEAT_RINGBUF,	     /* BPF_MAP_TYPE_RINGBUF (5.8) */
	BBPF_FEAT_PROBE_READ_KERNEL, /* bpf_probe_read_kernel() (5.5) */
	BBPF_FEAT_BPF_COOKIE,	     /* bpf_get_attach_cookie() for perf events (5.15) */
	BBPF_FEAT_PERF_LINK,	     /* BPF_LINK_CREATE on a perf event (5.15) */
	BBPF_FEAT_KERNEL_BTF,	     /* /sys/kernel/btf/vmlinux */
	BBPF_FEAT_MODULE_BTF,	     /* module BTF in /sys/kernel/btf/<module> */
	BBPF_FEAT_KPROBE_PMU,	     /* kprobes through perf_event_open (4.17) */
	BBPF_FEAT_UPROBE_PMU,	     /* uprobes through perf_event_open (4.17) */
	BBPF_FEAT_TRACEFS,	     /* tracefs mounted: tracepoint ids, legacy kprobes */
	BBPF_FEAT_BPF_LINK,	     /* BPF_LINK_CREATE (5.7) */
	BBPF_FEAT_XDP_LINK,	     /* bpf_link for XDP (5.9); netlink otherwise */
	BBPF_FEAT_TCX,		/* tcx: bpf_link for tc ingress/egress (6.6); clsact otherwise */
	BBPF_FEAT_PERF_HW,	/* hardware perf events (a PMU; virtual machines often lack one) */
	BBPF_FEAT_RAW_TP,	/* raw_tp attach: BPF_RAW_TRACEPOINT_OPEN (4.17) */
	BBPF_FEAT_TP_BTF,	/* tp_btf attach: BTF-typed raw tracepoints (5.5) */
	BBPF_FEAT_FENTRY,	/* fentry attach: BPF trampolines (5.5 x86, 6.0 arm64) */
	BBPF_FEAT_KPROBE_MULTI, /* kprobe.multi links (5.18, CONFIG_FPROBE) */
	BBPF_FEAT_UPROBE_MULTI, /* uprobe.multi links (6.6) */
	BBPF_FEAT_KPROBE_SESSION, /* kprobe.session links (6.10, CONFIG_FPROBE) */
	BBPF_FEAT_CNT,
};

/*
 * Kernel facts as data: pure code such as bbpf_btf_sanitize() receives what
 * a kernel supports in this struct and never probes, so it runs (and is
 * tested) anywhere. Fill it from the running kernel with
 * `kf.has[i] = bbpf_feature_probe(i) == 1` for every feature, or by hand
 * for another kernel ("a kernel with nothing", "a 5.10 kernel").
 * Its size follows BBPF_FEAT_CNT: code that embeds it is rebuilt with each
 * release that adds a feature.
 */
struct bbpf_kfeat {
	bool has[BBPF_FEAT_CNT];
};

/*
 * bbpf_feature_probe() asks the kernel whether it has feature @feat (the
 * first call probes, later calls answer from the cache).
 * A feature forced absent (BAREBPF_NO, bbpf_feature_force_off()) answers 0.
 * Returns 1 (has it), 0 (lacks it), or -errno when the probe itself could not
 * run (-EPERM: not privileged enough to tell; -EINVAL: unknown feature).
 */
BBPF_API int bbpf_feature_probe(enum bbpf_feature feat);

/*
 * The feature switch. The environment variable BAREBPF_NO lists features
 * (by bbpf_feature_name(), separated by commas; '-' may stand for '_') that
 * every probe then reports as absent, so that the fallback paths taken on
 * older kernels run on a new one: BAREBPF_NO=ringbuf,perf_link. It is read
 * once, on first use. A name that is not a feature is an error: it is
 * reported once through the print hook with the list of known names, and
 * bbpf_feature_probe() and loads then fail with -EINVAL.
 *
 * bbpf_feature_forced() returns 1 when @feat is forced absent, 0 when not,
 * -EINVAL for an unknown @feat or a BAREBPF_NO that names an unknown feature.
 */
BBPF_API int bbpf_feature_forced(enum bbpf_feature feat);

/*
 * bbpf_feature_force_off() forces @feat absent (@off true) or lets its probe
 * answer again (@off false), as BAREBPF_NO does, for the rest of the process
 * or until called again. Objects loaded before keep what they were loaded
 * with. Returns 0, or -EINVAL as bbpf_feature_forced() does.
 */
BBPF_API int bbpf_feature_force_off(enum bbpf_feature feat, bool off);

/* bbpf_feature_name() is the feature's stable name ("ringbuf"); "unknown" for an unknown one. */
BBPF_API const char *bbpf_feature_name(enum bbpf_feature feat);

/* bbpf_feature_desc() is one line saying what the feature is; "unknown" for an unknown one. */
BBPF_API const char *bbpf_feature_desc(enum bbpf_feature feat);

#ifdef __cplusplus
}
#endif

#endif
