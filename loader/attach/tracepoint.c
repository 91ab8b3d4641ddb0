// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tracepoints [sys]: the id from tracefs (events/CATEGORY/NAME/id), a perf
 * event of type PERF_TYPE_TRACEPOINT on it, then the program on the perf
 * event (perf_event.c: perf link or ioctl).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/perf_event.h>

#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/log.h"
#include "internal/opts.h"
#include "attach/internal.h"

static int open_tp_event(int id)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.config = (__u64)id,
		.sample_period = 1,
		.wakeup_events = 1,
	};

	/* pid -1, cpu 0: a BPF program on a tracepoint runs on every CPU anyway. */
	return bbpf_sys_perf_event_open(&attr, -1, 0, -1, 0);
}

int bbpf_attach_tracepoint_fd(int prog_fd, const char *prog_name, const char *category,
			      const char *name, const struct bbpf_attach_opts *opts,
			      struct bbpf_link **out)
{
	enum bbpf_link_how how = BBPF_LINK_PERF;
	char target[520];
	const char *root;
	int id, fd, err;

	if (!category || !name || !out || !OPTS_VALID(opts, bbpf_attach_opts))
		return -EINVAL;
	snprintf(target, sizeof(target), "%s/%s", category, name);
	root = bbpf__tracefs_root_err(&err);
	if (!root)
		return bbpf__attach_fail(prog_name, "tracepoint", target, "tracefs", err);
	id = bbpf__tracefs_read_id(root, category, name);
	if (id < 0)
		return bbpf__attach_fail(prog_name, "tracepoint", target, "tracefs id", id);
	fd = open_tp_event(id);
	if (fd < 0)
		return bbpf__attach_fail(prog_name, "tracepoint", target, "perf_event_open", fd);
	fd = bbpf__link_perf(prog_fd, fd, OPTS_GET(opts, cookie, 0), "tracepoint", target, out,
			     &how);
	if (fd < 0)
		return bbpf__attach_fail(prog_name, "tracepoint", target, bbpf_link_how_str(how),
					 fd);
	return 0;
}

int bbpf_prog_attach_tracepoint(const struct bbpf_prog *prog, const char *category,
				const char *name, const struct bbpf_attach_opts *opts,
				struct bbpf_link **out)
{
	int fd = bbpf_prog_fd(prog);

	if (fd < 0) {
		pr_warn("prog '%s': not loaded, cannot attach\n",
			prog ? bbpf_prog_name(prog) : "?");
		return -ENOENT;
	}
	return bbpf_attach_tracepoint_fd(fd, bbpf_prog_name(prog), category, name, opts, out);
}

/* "CATEGORY/NAME" from a section's target: the tracepoint kind of bbpf_prog_attach(). */
int bbpf__attach_tp_by_target(const struct bbpf_prog *prog, const char *target,
			      const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	char cat[256];
	const char *slash = strchr(target, '/');

	if (!slash || (size_t)(slash - target) >= sizeof(cat)) {
		pr_warn("prog '%s': tracepoint '%s' is not CATEGORY/NAME\n", bbpf_prog_name(prog),
			target);
		return -EINVAL;
	}
	memcpy(cat, target, (size_t)(slash - target));
	cat[slash - target] = '\0';
	return bbpf_prog_attach_tracepoint(prog, cat, slash + 1, opts, out);
}
