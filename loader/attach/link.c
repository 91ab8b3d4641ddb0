// SPDX-License-Identifier: BSD-2-Clause
/*
 * The link model [sys]: every attachment, whatever the kernel gave for it,
 * is one struct bbpf_link: an fd (or none), an optional second fd, and the
 * kind's own detach (internal.h). Detach is idempotent; destroy is detach
 * plus free; pins are bpffs pins of the bpf_link fd.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <barebpf/link.h>
#include <barebpf/sys.h>
#include "internal/err.h"
#include "internal/log.h"
#include "attach/internal.h"

static const char *const how_names[BBPF_LINK_HOW_CNT] = {
	[BBPF_LINK_BPF] = "bpf_link",		[BBPF_LINK_RAW_TP] = "raw_tp",
	[BBPF_LINK_PERF] = "perf_link",		[BBPF_LINK_PERF_IOCTL] = "perf_ioctl",
	[BBPF_LINK_TRACEFS_KPROBE] = "tracefs", [BBPF_LINK_PROG_ATTACH] = "prog_attach",
	[BBPF_LINK_NETLINK] = "netlink",	[BBPF_LINK_PINNED] = "pinned",
};

const char *bbpf_link_how_str(enum bbpf_link_how how)
{
	return (unsigned)how < BBPF_LINK_HOW_CNT ? how_names[how] : "?";
}

int bbpf__link_new(enum bbpf_link_how how, const char *hook, struct bbpf_link **out,
		   const char *fmt, ...)
{
	struct bbpf_link *l = calloc(1, sizeof(*l));
	va_list ap;
	int n;

	if (!l)
		return -ENOMEM;
	va_start(ap, fmt);
	n = vasprintf(&l->target, fmt, ap);
	va_end(ap);
	if (n < 0) {
		free(l);
		return -ENOMEM;
	}
	l->how = how;
	l->fd = l->aux_fd = -1;
	snprintf(l->hook, sizeof(l->hook), "%s", hook);
	*out = l;
	return 0;
}

int bbpf_link_fd(const struct bbpf_link *link)
{
	if (!link || link->detached || link->fd < 0)
		return -ENOENT;
	return link->fd;
}

enum bbpf_link_how bbpf_link_how(const struct bbpf_link *link)
{
	return link ? link->how : BBPF_LINK_HOW_CNT;
}

const char *bbpf_link_hook(const struct bbpf_link *link)
{
	return link ? link->hook : "";
}

const char *bbpf_link_target(const struct bbpf_link *link)
{
	return link && link->target ? link->target : "";
}

const char *bbpf_link_pin_path(const struct bbpf_link *link)
{
	return link ? link->pin_path : NULL;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int bbpf_link_detach(struct bbpf_link *link)
{
	int err = 0, e;

	if (!link || link->detached)
		return 0;
	link->detached = true;
	if (link->pin_path) {
		e = bbpf_link_unpin(link);
		err = e == -ENOENT ? 0 : e;
	}
	if (link->how == BBPF_LINK_PINNED && link->fd >= 0) {
		e = bbpf_sys_link_detach(link->fd); /* the pin may be shared: force it */
		err = err ?: (e == -EINVAL || e == -EOPNOTSUPP ? 0 : e);
	}
	if (link->ops && link->ops->detach) {
		e = link->ops->detach(link);
		err = err ?: e;
	}
	close_fd(&link->fd);
	close_fd(&link->aux_fd);
	if (err)
		pr_warn("detaching %s %s (%s): %s\n", link->hook, bbpf_link_target(link),
			bbpf_link_how_str(link->how), bbpf_strerror(err));
	return err;
}

void bbpf_link_disconnect(struct bbpf_link *link)
{
	if (link)
		link->disconnected = true;
}

int bbpf_link_destroy(struct bbpf_link *link)
{
	int err = 0;

	if (!link)
		return 0;
	if (link->disconnected) {
		close_fd(&link->fd);
		close_fd(&link->aux_fd);
	} else {
		err = bbpf_link_detach(link);
	}
	if (link->ops && link->ops->free_priv)
		link->ops->free_priv(link->priv);
	else
		free(link->priv);
	free(link->pin_path);
	free(link->target);
	free(link);
	return err;
}

static bool is_bpf_link(const struct bbpf_link *link)
{
	return link->how == BBPF_LINK_BPF || link->how == BBPF_LINK_RAW_TP ||
	       link->how == BBPF_LINK_PERF || link->how == BBPF_LINK_PINNED;
}

int bbpf_link_pin(struct bbpf_link *link, const char *path)
{
	int err;

	if (!link || !path || !*path)
		return -EINVAL;
	if (link->detached)
		return -ENOENT;
	if (!is_bpf_link(link)) {
		pr_warn("cannot pin %s %s: attached with %s, which is no bpf_link\n", link->hook,
			bbpf_link_target(link), bbpf_link_how_str(link->how));
		return -EOPNOTSUPP;
	}
	if (link->pin_path)
		return -EBUSY;
	err = bbpf_sys_obj_pin(link->fd, path);
	if (err) {
		pr_warn("pinning link %s %s at %s: %s\n", link->hook, bbpf_link_target(link), path,
			bbpf_strerror(err));
		return err;
	}
	link->pin_path = strdup(path);
	if (!link->pin_path) {
		unlink(path);
		return -ENOMEM;
	}
	return 0;
}

int bbpf_link_unpin(struct bbpf_link *link)
{
	int err = 0;

	if (!link || !link->pin_path)
		return -ENOENT;
	if (unlink(link->pin_path))
		err = bbpf__neg_errno();
	free(link->pin_path);
	link->pin_path = NULL;
	return err;
}

/* True when @fd is a bpf_link: its /proc/self/fd entry says "anon_inode:bpf-link". */
static bool fd_is_link(int fd)
{
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return true; /* no /proc: let the info call decide */
	target[n] = '\0';
	return !strcmp(target, "anon_inode:bpf-link");
}

int bbpf_link_open_pinned(const char *path, struct bbpf_link **out)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	struct bbpf_link *l = NULL;
	int fd, err;

	if (!path || !out)
		return -EINVAL;
	fd = bbpf_sys_obj_get(path, 0);
	if (fd < 0)
		return fd;
	memset(&info, 0, sizeof(info));
	err = bbpf_sys_obj_get_info_by_fd(fd, &info, &len);
	if (err || !fd_is_link(fd) || !info.id) {
		close(fd);
		pr_warn("%s: not a pinned bpf_link\n", path);
		return -EINVAL;
	}
	err = bbpf__link_new(BBPF_LINK_PINNED, "pinned", &l, "link id %u (prog id %u)", info.id,
			     info.prog_id);
	if (!err)
		l->pin_path = strdup(path);
	if (err || !l->pin_path) {
		close(fd);
		bbpf_link_destroy(l);
		return -ENOMEM;
	}
	l->fd = fd;
	*out = l;
	return 0;
}

int bbpf__attach_fail(const char *prog, const char *hook, const char *target, const char *mech,
		      int err)
{
	const char *hint = "";

	if (err == -EPERM || err == -EACCES)
		hint = " (refused by the kernel: privileges, lockdown or a kernel that forbids it)";
	else if (err == -ENOENT)
		hint = " (no such target in this kernel)";
	else if (err == -EOPNOTSUPP || err == -ENOTSUPP)
		hint = " (this kernel does not support it)";
	pr_warn("prog '%s': cannot attach to %s %s via %s: %s%s\n", prog, hook, target, mech,
		bbpf_strerror(err), hint);
	return err;
}
