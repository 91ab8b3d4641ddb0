// SPDX-License-Identifier: BSD-2-Clause
/* RLIMIT_MEMLOCK, read and set (the policy is loader/kernel/memlock.c). */
#include <errno.h>
#include <sys/resource.h>

#include <barebpf/sys.h>
#include "internal/err.h"
#include "sys/trace.h"

int bbpf_sys_memlock_get(struct rlimit *rl)
{
	if (getrlimit(RLIMIT_MEMLOCK, rl))
		return bbpf__neg_errno();
	return 0;
}

int bbpf_sys_memlock_set(const struct rlimit *rl)
{
	uint64_t t0 = bbpf__sc_begin();
	int err = setrlimit(RLIMIT_MEMLOCK, rl) ? bbpf__neg_errno() : 0;

	bbpf__sc_setrlimit(rl->rlim_cur, rl->rlim_max, err, t0);
	return err;
}
