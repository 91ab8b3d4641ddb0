// SPDX-License-Identifier: BSD-2-Clause
/*
 * perf_event_open(2) and the perf event ioctls that attach and switch a BPF
 * program on it. Fds are asked O_CLOEXEC and moved above 2.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <barebpf/sys.h>
#include "internal/err.h"
#include "sys/internal.h"

int bbpf_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			     unsigned long flags)
{
	long fd;

	if (!attr)
		return -EINVAL;
	fd = syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags | PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return bbpf__sys_explain(BBPF__SYS_PERF_EVENT_OPEN, bbpf__neg_errno());
	return bbpf__sys_good_fd((int)fd);
}

static int perf_ioctl(int fd, unsigned long request, unsigned long arg)
{
	if (ioctl(fd, request, arg) < 0)
		return bbpf__neg_errno();
	return 0;
}

int bbpf_sys_perf_event_enable(int fd)
{
	return perf_ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
}

int bbpf_sys_perf_event_disable(int fd)
{
	return perf_ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
}

int bbpf_sys_perf_event_set_bpf(int fd, int prog_fd)
{
	return perf_ioctl(fd, PERF_EVENT_IOC_SET_BPF, (unsigned long)prog_fd);
}
