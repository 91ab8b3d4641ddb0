// SPDX-License-Identifier: BSD-2-Clause
/* Error strings, including the kernel-internal codes that bpf() returns. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/ns.h>
#include "internal/compiler.h"
#include "internal/err.h"

/* Kernel-internal errno values (include/linux/errno.h) that leak through bpf(). */
static const char *const kernel_errs[] = {
	[512 - 512] = "Restart system call (ERESTARTSYS)",
	[513 - 512] = "Restart system call (ERESTARTNOINTR)",
	[514 - 512] = "Restart system call (ERESTARTNOHAND)",
	[515 - 512] = "No such ioctl command (ENOIOCTLCMD)",
	[516 - 512] = "Restart system call (ERESTART_RESTARTBLOCK)",
	[517 - 512] = "Driver requests probe retry (EPROBE_DEFER)",
	[518 - 512] = "Open request has been signalled (EOPENSTALE)",
	[519 - 512] = "Parameter not supported (ENOPARAM)",
	[521 - 512] = "Illegal NFS file handle (EBADHANDLE)",
	[522 - 512] = "Update synchronization mismatch (ENOTSYNC)",
	[523 - 512] = "Cookie is stale (EBADCOOKIE)",
	[524 - 512] = "Operation not supported by the kernel (ENOTSUPP)",
	[525 - 512] = "Buffer or request is too small (ETOOSMALL)",
	[526 - 512] = "Server error (ESERVERFAULT)",
	[527 - 512] = "Type not supported by server (EBADTYPE)",
	[528 - 512] = "Request initiated, but will not complete (EJUKEBOX)",
	[529 - 512] = "iocb queued, will get completion event (EIOCBQUEUED)",
	[530 - 512] = "Conflict with recalled state (ERECALLCONFLICT)",
};

const char *bbpf_strerror(int err)
{
	err = abs(err);
	if (err >= 512 && err < 512 + (int)ARRAY_SIZE(kernel_errs) && kernel_errs[err - 512])
		return kernel_errs[err - 512];
	return strerror(err);
}

/*
 * The errnos the kernel gives for programs, maps, links and events, and those a
 * traced exec, open, connect or accept fails with, by name.
 */
static const struct {
	int err;
	const char *name;
} errno_names[] = {
	{ EPERM, "EPERM" },
	{ ENOENT, "ENOENT" },
	{ ESRCH, "ESRCH" },
	{ EINTR, "EINTR" },
	{ EIO, "EIO" },
	{ ENXIO, "ENXIO" },
	{ E2BIG, "E2BIG" },
	{ ENOEXEC, "ENOEXEC" },
	{ EBADF, "EBADF" },
	{ EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" },
	{ EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" },
	{ ENOTDIR, "ENOTDIR" },
	{ EISDIR, "EISDIR" },
	{ EINVAL, "EINVAL" },
	{ ENFILE, "ENFILE" },
	{ EMFILE, "EMFILE" },
	{ ETXTBSY, "ETXTBSY" },
	{ EFBIG, "EFBIG" },
	{ ENOSPC, "ENOSPC" },
	{ EROFS, "EROFS" },
	{ ELOOP, "ELOOP" },
	{ ENAMETOOLONG, "ENAMETOOLONG" },
	{ EOPNOTSUPP, "EOPNOTSUPP" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" },
	{ EADDRINUSE, "EADDRINUSE" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL" },
	{ ENETDOWN, "ENETDOWN" },
	{ ENETUNREACH, "ENETUNREACH" },
	{ ECONNABORTED, "ECONNABORTED" },
	{ ECONNRESET, "ECONNRESET" },
	{ ETIMEDOUT, "ETIMEDOUT" },
	{ ECONNREFUSED, "ECONNREFUSED" },
	{ EHOSTUNREACH, "EHOSTUNREACH" },
	{ EINPROGRESS, "EINPROGRESS" },
	{ EDQUOT, "EDQUOT" },
	{ ELIBBAD, "ELIBBAD" },
	{ 524, "ENOTSUPP" },
};

const char *bbpf_errno_name(int err)
{
	size_t i;

	err = abs(err);
	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return NULL;
}
