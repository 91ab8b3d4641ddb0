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
#include "sys/trace.h"

int bbpf_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			     unsigned long flags)
{
	uint64_t t0 = bbpf__sc_begin();
	long fd;

	if (!attr)
		return -EINVAL;
	flags |= PERF_FLAG_FD_CLOEXEC;
	fd = syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags);
	fd = fd < 0 ? bbpf__neg_errno() : fd;
	bbpf__sc_perf_open(attr, pid, cpu, group_fd, flags, fd, t0);
	if (fd < 0)
		return bbpf__sys_explain(BBPF__SYS_PERF_EVENT_OPEN, (int)fd);
	return bbpf__sys_good_fd((int)fd);
}

static int perf_ioctl(int fd, unsigned long request, unsigned long arg)
{
	uint64_t t0 = bbpf__sc_begin();
	int ret = ioctl(fd, request, arg) < 0 ? bbpf__neg_errno() : 0;

	bbpf__sc_ioctl(fd, request, arg, ret, t0);
	return ret;
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
