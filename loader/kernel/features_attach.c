// SPDX-License-Identifier: BSD-2-Clause
/*
 * Attach features decided by attaching [sys]: the program type existing says
 * nothing about whether the kernel can attach it (arm64 had TRACING programs
 * from 5.7 but trampolines only from 6.0; lockdown or a config can refuse
 * fentry while tp_btf works). Each probe loads the smallest program of its
 * kind on a target that every kernel has, attaches it with
 * BPF_RAW_TRACEPOINT_OPEN and closes everything again (tp_btf: the load
 * alone, see load_only()). Why a probe said no is kept for messages
 * (bbpf__feature_why()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <barebpf/btf.h>
#include <barebpf/features.h>
#include <barebpf/kbtf.h>
#include <barebpf/sys.h>
#include "internal/compiler.h"
#include "internal/log.h"
#include "kernel/internal.h"

static int why[BBPF_FEAT_CNT];

int bbpf__feature_why(enum bbpf_feature feat)
{
	return (unsigned)feat < BBPF_FEAT_CNT ? why[feat] : 0;
}

/* r0 = 0; exit */
static const struct bpf_insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* The smallest program of @type (attach type @eat, target @btf_id): its fd or -errno. */
static int load_probe(enum bpf_prog_type type, enum bpf_attach_type eat, __u32 btf_id)
{
	struct bbpf_sys_prog_load_opts o = {
		.sz = sizeof(o),
		.expected_attach_type = eat,
		.attach_btf_id = btf_id,
	};

	return bbpf_sys_prog_load(type, "bbpf_probe", "GPL", ret0, ARRAY_SIZE(ret0), &o);
}

/* Loads @type (attach type @eat, target @btf_id) and attaches it; 1 or -errno. */
static int load_and_attach(enum bpf_prog_type type, enum bpf_attach_type eat, __u32 btf_id,
			   const char *tp)
{
	int prog = load_probe(type, eat, btf_id), link;

	if (prog < 0)
		return prog;
	link = bbpf_sys_raw_tracepoint_open(tp, prog);
	close(prog);
	if (link < 0)
		return link;
	close(link);
	return 1;
}

/*
 * Loads @type (attach type @eat, target @btf_id) and closes it; 1 or -errno.
 * For tp_btf the load is the whole answer: its attach hooks the tracepoint
 * the load checked (no trampoline, unlike fentry), and what could refuse it
 * (lockdown, a policy) refuses the load. Attaching and detaching would cost
 * two rounds of kernel text patching, ~0.5 ms of every start-up here.
 */
static int load_only(enum bpf_prog_type type, enum bpf_attach_type eat, __u32 btf_id)
{
	int prog = load_probe(type, eat, btf_id);

	if (prog < 0)
		return prog;
	close(prog);
	return 1;
}

/* The whole of @fd (@sz bytes) read into *@buf; 0 or -errno. */
static int read_all(int fd, size_t sz, void **buf)
{
	size_t off = 0;
	ssize_t n;

	*buf = malloc(sz ? sz : 1);
	if (!*buf)
		return -ENOMEM;
	while (off < sz) {
		n = pread(fd, (char *)*buf + off, sz - off, off);
		if (n <= 0) {
			int err = n < 0 ? -errno : -EIO;

			free(*buf);
			*buf = NULL;
			return err;
		}
		off += n;
	}
	return 0;
}

/* The probes' targets: the first of each list the kernel's BTF has. */
static const char *const fentry_funcs[] = { "__task_pid_nr_ns", "do_unlinkat", "vfs_read" };
static const char *const tp_btf_tps[] = { "btf_trace_sys_enter", "btf_trace_sched_switch" };
enum probe_target { TARGET_FENTRY, TARGET_TP_BTF };

/*
 * The id of probe target @which (fentry's FUNC, tp_btf's TYPEDEF), or
 * -errno. Both are found on the first call: two walks over one mapping of
 * the kernel's BTF file (or, on kernels that do not map it, one read), no
 * parse: each probe would otherwise index all of vmlinux's BTF, or map it
 * again.
 */
static int kernel_btf_id(enum probe_target which)
{
	static int ids[2];
	static bool looked;
	struct bbpf_btf_open_opts o;
	const void *data = NULL;
	void *copy = NULL;
	struct stat st;
	int fd, id;

	if (bbpf_feature_forced(BBPF_FEAT_KERNEL_BTF) > 0)
		return -ENOENT; /* BAREBPF_NO=kernel_btf: as on a kernel without it */
	if (looked)
		goto out;
	fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno; /* not kept: a later probe may ask again */
	bbpf_kbtf_open_opts(&o, BBPF_KBTF_MAP_SYSFS);
	id = fstat(fd, &st) ? -errno : 0;
	if (!id && o.map(fd, st.st_size, &data, o.ctx)) {
		id = read_all(fd, st.st_size, &copy);
		data = copy;
	}
	close(fd);
	if (id)
		return id;
	ids[TARGET_FENTRY] = bbpf_btf_scan_find(data, st.st_size, fentry_funcs,
						ARRAY_SIZE(fentry_funcs), BTF_KIND_FUNC);
	ids[TARGET_TP_BTF] = bbpf_btf_scan_find(data, st.st_size, tp_btf_tps,
						ARRAY_SIZE(tp_btf_tps), BTF_KIND_TYPEDEF);
	looked = true;
	if (copy)
		free(copy);
	else
		o.unmap(data, st.st_size, o.ctx);
out:
	return ids[which];
}

/* 1 yes; 0 no, with the reason kept; -errno when the probe could not tell. */
static int answer(enum bbpf_feature feat, int ret)
{
	if (ret == 1)
		return 1;
	why[feat] = ret;
	pr_debug("feature '%s': no: %s\n", bbpf_feature_name(feat), bbpf_strerror(ret));
	return 0;
}

int bbpf__probe_fentry(void)
{
	int id = kernel_btf_id(TARGET_FENTRY);

	if (id < 0)
		return answer(BBPF_FEAT_FENTRY, id);
	return answer(BBPF_FEAT_FENTRY,
		      load_and_attach(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, (__u32)id, NULL));
}

int bbpf__probe_tp_btf(void)
{
	int id = kernel_btf_id(TARGET_TP_BTF);

	if (id < 0)
		return answer(BBPF_FEAT_TP_BTF, id);
	return answer(BBPF_FEAT_TP_BTF,
		      load_only(BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, (__u32)id));
}

int bbpf__probe_raw_tp(void)
{
	return answer(BBPF_FEAT_RAW_TP,
		      load_and_attach(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0, "sys_enter"));
}
