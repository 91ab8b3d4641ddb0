// SPDX-License-Identifier: BSD-2-Clause
/*
 * The kernel's own BTF objects by name [sys]: a module kfunc or typed ksym
 * names its module's BTF by fd (fd_array / ld_imm64 insn[1].imm), and the
 * module BTF we parsed came from /sys/kernel/btf/<module>, which gives no
 * fd. So walk the kernel's BTF ids and ask each for its name:
 *
 *   BPF_BTF_GET_NEXT_ID -> BPF_BTF_GET_FD_BY_ID -> OBJ_GET_INFO (name, kernel_btf)
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>

#include <barebpf/sys.h>
#include "internal/log.h"
#include "kernel/internal.h"

/* True when @fd is the kernel's (not a program's) BTF named @name. */
static bool is_named(int fd, const char *name)
{
	struct bpf_btf_info info;
	char buf[64] = "";
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	info.name = (__u64)(unsigned long)buf;
	info.name_len = sizeof(buf);
	if (bbpf_sys_obj_get_info_by_fd(fd, &info, &len))
		return false;
	return info.kernel_btf && !strcmp(buf, name);
}

int bbpf__kbtf_fd(const char *name)
{
	__u32 id = 0;
	int fd, err;

	for (;;) {
		err = bbpf_sys_btf_get_next_id(id, &id);
		if (err)
			break;
		fd = bbpf_sys_btf_get_fd_by_id(id);
		if (fd == -ENOENT)
			continue; /* freed meanwhile */
		if (fd < 0)
			return fd;
		if (is_named(fd, name))
			return fd;
		close(fd);
	}
	pr_warn("BTF: the kernel has no BTF object named %s (module unloaded?)\n", name);
	return err == -ENOENT ? -ENOENT : err;
}
