// SPDX-License-Identifier: BSD-2-Clause
/* mount(2), for the pseudo filesystems the loader needs (tracefs, bpffs). */
#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <barebpf/sys.h>
#include "internal/err.h"

int bbpf_sys_mount(const char *source, const char *dir, const char *type)
{
	if (!source || !dir || !type)
		return -EINVAL;
	mkdir(dir, 0755); /* usually there already */
	if (mount(source, dir, type, 0, NULL))
		return bbpf__neg_errno();
	return 0;
}
