// SPDX-License-Identifier: BSD-2-Clause
/*
 * The collector object as `barebpf trace` loads it: opened through its
 * skeleton (build/gen/<arch>/collector.skel.h, mk/collector.mk: the object
 * embedded in the binary), with the programs of unselected events left
 * unloaded and the filters written into its .rodata knobs
 * (bpf/collector_core.h) as typed fields, so that the verifier removes the
 * filters that are off and unwanted events never leave the kernel.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/capability.h>

#include <barebpf/ns.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "args.h"
#include "trace/select.h"
#include "trace_cmd.h"
#include "collector.skel.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

int trace_cgroup_id(const char *path, uint64_t *id, uint32_t *level)
{
	char dir[PATH_MAX], *slash;
	struct stat st, up;
	struct statfs fs;
	uint32_t n = 0;

	if (stat(path, &st) || statfs(path, &fs))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if ((unsigned long)fs.f_type != CGROUP2_SUPER_MAGIC)
		return -EMEDIUMTYPE;
	if (!realpath(path, dir))
		return -errno;
	/* Up to the mount's root: the first parent on another device. */
	while ((slash = strrchr(dir, '/')) && slash != dir) {
		*slash = 0;
		if (stat(dir, &up) || up.st_dev != st.st_dev)
			break;
		n++;
	}
	if (slash == dir && dir[1] && !stat("/", &up) && up.st_dev == st.st_dev)
		n++; /* cgroup2 mounted at / (a container) */
	*id = st.st_ino;
	*level = n;
	return 0;
}

/* Only the programs of the events in @mask load. */
static int select_events(struct bbpf_obj *obj, uint32_t mask)
{
	size_t i, n = 0, cnt = bbpf_obj_prog_cnt(obj);
	const char **only;
	int err, ev;

	only = calloc(cnt + 1, sizeof(*only));
	if (!only)
		return -ENOMEM;
	for (i = 0; i < cnt; i++) {
		const char *name = bbpf_prog_name(bbpf_obj_prog(obj, i));

		ev = trace_prog_event(name);
		if (ev > 0 && (mask & (1u << ev)))
			only[n++] = name;
	}
	err = n ? bbpf_obj_select_progs(obj, only, n, NULL, 0) : -ENOENT;
	free(only);
	return err;
}

static int set_filters(struct collector *skel, const struct trace_args *a)
{
	struct collector__rodata *ro = skel->rodata;
	const char *env = getenv("BAREBPF_BTF"); /* CO-RE's target as --btf is (btf/btf_file.c) */
	uint32_t level = 0;
	uint64_t cg = 0;
	int err;

	if (a->cgroup) {
		err = trace_cgroup_id(a->cgroup, &cg, &level);
		if (err) {
			p_err("trace: --cgroup %s: %s", a->cgroup,
			      err == -EMEDIUMTYPE ? "not a cgroup v2 directory"
						  : bbpf_strerror(err));
			return err;
		}
	}
	ro->kernel_type_ids = !a->btf_path && !a->btf_dir && !(env && *env);
	ro->event_mask = a->mask;
	ro->self_pid = getpid();
	ro->filter_pid = a->pid;
	ro->page_shift = __builtin_ctzl(sysconf(_SC_PAGESIZE));
	ro->filter_cgroup_id = cg;
	ro->filter_cgroup_level = level;
	ro->containers_only = a->containers_only;
	/* parse_args() took at most 15 characters: the NUL stays */
	strncpy(ro->filter_comm, a->comm ? a->comm : "", sizeof(ro->filter_comm) - 1);
	return 0;
}

static int set_ring_size(struct collector *skel, uint32_t size)
{
	int err;

	if (!size)
		return 0;
	err = bbpf_map_set_max_entries(skel->maps.events, size);
	if (err) /* the library said why */
		p_fail("trace: --ringbuf-size %u refused", size);
	return err;
}

#define HAS_CAP(caps, cap) (((caps) >> (cap)) & 1)

int trace_check_privileges(void)
{
	uint64_t caps = bbpf_sys_caps();

	/* Tracing programs need CAP_PERFMON beside CAP_BPF; unprivileged BPF never loads them. */
	if (HAS_CAP(caps, CAP_SYS_ADMIN) || (HAS_CAP(caps, CAP_BPF) && HAS_CAP(caps, CAP_PERFMON)))
		return 0;
	p_err("trace: needs root, or CAP_BPF and CAP_PERFMON: this process has %s",
	      HAS_CAP(caps, CAP_BPF)	   ? "CAP_BPF but not CAP_PERFMON"
	      : HAS_CAP(caps, CAP_PERFMON) ? "CAP_PERFMON but not CAP_BPF"
					   : "neither CAP_BPF nor CAP_SYS_ADMIN");
	return -EPERM;
}

int trace_setup(const struct trace_args *a, struct collector **out)
{
	struct bbpf_obj_open_opts oo = { .sz = sizeof(oo), .object_name = "bbpf_trace" };
	struct collector *skel = NULL;
	int err;

	*out = NULL;
	err = collector__open_opts(&oo, &skel); /* gzip'ed in the static CLI: inflated here */
	if (err) {
		p_err("trace: the embedded collector does not open: %s", bbpf_strerror(err));
		return err;
	}
	err = select_events(skel->obj, a->mask);
	if (err)
		p_err("trace: selecting the collector's programs: %s", bbpf_strerror(err));
	err = err ?: set_filters(skel, a);
	err = err ?: set_ring_size(skel, a->ringbuf_size);
	if (err) {
		trace_close(skel);
		return err;
	}
	*out = skel;
	return 0;
}

void trace_close(struct collector *skel)
{
	collector__destroy(skel); /* here alone: the skeleton's code once in the binary */
}
