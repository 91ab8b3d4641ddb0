// SPDX-License-Identifier: BSD-2-Clause
/*
 * A program on a perf event [sys], the step tracepoints, kprobes, uprobes
 * and perf_event programs share. Two ways, chosen by what the kernel has:
 *
 *   perf link (5.15+):  link = BPF_LINK_CREATE(prog, perf_fd, BPF_PERF_EVENT)
 *                       detach: close(link), close(perf_fd)
 *   ioctl (older):      PERF_EVENT_IOC_SET_BPF(perf_fd, prog); IOC_ENABLE
 *                       detach: IOC_DISABLE, close(perf_fd)
 *
 * BAREBPF_NO=perf_link (or bpf_link) takes the second way on any kernel.
 */
#include <errno.h>
#include <unistd.h>

#include <barebpf/features.h>
#include <barebpf/sys.h>
#include "internal/log.h"
#include "attach/internal.h"

static int ioctl_detach(struct bbpf_link *link)
{
	if (link->fd >= 0)
		bbpf_sys_perf_event_disable(link->fd);
	return 0;
}

static const struct bbpf__link_ops ioctl_ops = { .detach = ioctl_detach };

static int attach_ioctl(int prog_fd, int perf_fd)
{
	int err = bbpf_sys_perf_event_set_bpf(perf_fd, prog_fd);

	return err ?: bbpf_sys_perf_event_enable(perf_fd);
}

static int attach_link(int prog_fd, int perf_fd, uint64_t cookie)
{
	struct bbpf_sys_link_create_opts o = { .sz = sizeof(o), .cookie = cookie };

	return bbpf_sys_link_create(prog_fd, perf_fd, BPF_PERF_EVENT, &o);
}

int bbpf__link_perf(int prog_fd, int perf_fd, uint64_t cookie, const char *hook, const char *target,
		    struct bbpf_link **out, enum bbpf_link_how *how_tried)
{
	bool use_link = bbpf_feature_probe(BBPF_FEAT_PERF_LINK) == 1 &&
			bbpf_feature_probe(BBPF_FEAT_BPF_LINK) == 1;
	enum bbpf_link_how how = use_link ? BBPF_LINK_PERF : BBPF_LINK_PERF_IOCTL;
	struct bbpf_link *l = NULL;
	int err, fd = -1;

	*how_tried = how;
	if (!use_link && cookie)
		pr_debug("%s %s: no perf links here, the cookie is not passed\n", hook, target);
	err = bbpf__link_new(how, hook, &l, "%s", target);
	if (!err)
		err = fd = use_link ? attach_link(prog_fd, perf_fd, cookie)
				    : attach_ioctl(prog_fd, perf_fd);
	if (err < 0) {
		close(perf_fd);
		bbpf_link_destroy(l);
		return err;
	}
	if (use_link) {
		l->fd = fd;
		l->aux_fd = perf_fd;
	} else {
		l->fd = perf_fd;
		l->ops = &ioctl_ops;
	}
	*out = l;
	return 0;
}
