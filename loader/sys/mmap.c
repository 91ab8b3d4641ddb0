// SPDX-License-Identifier: BSD-2-Clause
/* mmap(2)/munmap(2): kernel BTF in sysfs, ring and perf buffers. */
#include <errno.h>
#include <sys/mman.h>

#include <barebpf/sys.h>
#include "internal/err.h"
#include "sys/trace.h"

int bbpf_sys_mmap(void **addr, size_t len, int prot, int flags, int fd, off_t off)
{
	uint64_t t0 = bbpf__sc_begin();
	void *p;
	int err;

	if (!addr)
		return -EINVAL;
	p = mmap(NULL, len, prot, flags, fd, off);
	err = p == MAP_FAILED ? bbpf__neg_errno() : 0;
	bbpf__sc_mmap(len, prot, flags, fd, off, p, err, t0);
	if (err)
		return err;
	*addr = p;
	return 0;
}

int bbpf_sys_munmap(void *addr, size_t len)
{
	uint64_t t0 = bbpf__sc_begin();
	int err = munmap(addr, len) ? bbpf__neg_errno() : 0;

	bbpf__sc_munmap(addr, len, err, t0);
	return err;
}
