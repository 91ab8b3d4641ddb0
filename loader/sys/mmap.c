// SPDX-License-Identifier: BSD-2-Clause
/* mmap(2)/munmap(2): kernel BTF in sysfs, ring and perf buffers. */
#include <errno.h>
#include <sys/mman.h>

#include <barebpf/sys.h>
#include "internal/err.h"

int bbpf_sys_mmap(void **addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p;

	if (!addr)
		return -EINVAL;
	p = mmap(NULL, len, prot, flags, fd, off);
	if (p == MAP_FAILED)
		return bbpf__neg_errno();
	*addr = p;
	return 0;
}

int bbpf_sys_munmap(void *addr, size_t len)
{
	if (munmap(addr, len))
		return bbpf__neg_errno();
	return 0;
}
