// SPDX-License-Identifier: BSD-2-Clause
/* What the network kinds share: interfaces by name or index, program ids. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include <barebpf/sys.h>
#include "internal/log.h"
#include "attach/net.h"

int bbpf__ifindex_find(const char *target, char name[IF_NAMESIZE], const char *prog_name,
		       const char *hook)
{
	unsigned long idx;
	char *end;

	if (!target || !*target) {
		pr_warn("prog '%s': %s needs a network interface to attach to (--ifname IF)\n",
			prog_name, hook);
		return -EINVAL;
	}
	idx = strtoul(target, &end, 10);
	if (*end || end == target)
		idx = if_nametoindex(target);
	if (idx && idx <= 0x7fffffff && if_indextoname((unsigned int)idx, name))
		return (int)idx;
	pr_warn("prog '%s': cannot attach to %s %s: no such network interface in this network "
		"namespace\n",
		prog_name, hook, target);
	return -ENODEV;
}

int bbpf__prog_id(int prog_fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	int err;

	memset(&info, 0, sizeof(info));
	err = bbpf_sys_obj_get_info_by_fd(prog_fd, &info, &len);
	return err ? err : (int)info.id;
}
