// SPDX-License-Identifier: BSD-2-Clause
/*
 * What every syscall wrapper does with its result: fds moved above 2, and
 * failures that come from missing privileges explained once; the effective
 * capabilities they are explained by (bbpf_sys_caps()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include <barebpf/sys.h>
#include "internal/err.h"
#include "internal/log.h"
#include "sys/internal.h"

uint64_t bbpf_sys_caps(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data))
		return ~0ULL;
	return data[0].effective | (uint64_t)data[1].effective << 32;
}

/*
 * bbpf__sys_explain() says once per command, through the print hook, that failure @err of @cmd
 * comes from missing capabilities, when it does. Returns @err.
 */
int bbpf__sys_explain(int cmd, int err)
{
	static __u64 explained; /* bit per command already explained; racy at worst twice */
	__u64 bit = 1ULL << ((unsigned int)(cmd + 1) % 64);
	const char *hint;

	if (err != -ENOENT) /* "no such key/id/object" is an everyday answer */
		pr_debug("%s%s%s: %s\n", cmd >= 0 ? "bpf(" : "", bbpf__sys_cmd_name(cmd),
			 cmd >= 0 ? ")" : "", bbpf_strerror(err));
	if ((err != -EPERM && err != -EACCES) || (explained & bit))
		return err;
	hint = bbpf__sys_priv_hint(cmd, err, bbpf_sys_caps());
	if (!hint)
		return err;
	explained |= bit;
	pr_warn("%s%s%s: %s: %s\n", cmd >= 0 ? "bpf(" : "", bbpf__sys_cmd_name(cmd),
		cmd >= 0 ? ")" : "", bbpf_strerror(err), hint);
	return err;
}

/*
 * bbpf__sys_good_fd() moves @fd above 2, so that a process started with stdin/out/err closed
 * never has a BPF object written to by printf. Consumes @fd.
 * Returns the fd to use or -errno.
 */
int bbpf__sys_good_fd(int fd)
{
	int nfd, err;

	if (fd > 2)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	err = nfd < 0 ? bbpf__neg_errno() : 0;
	close(fd);
	if (err) {
		pr_warn("cannot move fd %d above 2: %s\n", fd, bbpf_strerror(err));
		return err;
	}
	return nfd;
}
