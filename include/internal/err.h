/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One error convention (CONTRIBUTING.md, "Errors"): int >= 0 is success, -Exxx is failure.
 * errno is read only right after the libc call that set it.
 */
#ifndef BBPF_INTERNAL_ERR_H
#define BBPF_INTERNAL_ERR_H

#include <errno.h>

/* The kernel's internal "not supported" code, which bpf() leaks to user space. */
#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

/* -errno of the last libc call, never 0 (a libc call that failed without errno is -EIO). */
static inline int bbpf__neg_errno(void)
{
	return errno ? -errno : -EIO;
}

#endif
