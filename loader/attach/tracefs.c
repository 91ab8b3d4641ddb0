// SPDX-License-Identifier: BSD-2-Clause
/*
 * tracefs [sys]: where it is (mounted on demand), names that are safe as
 * path components, and reading an event's id.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <barebpf/sys.h>
#include "internal/err.h"
#include "internal/log.h"
#include "attach/internal.h"

#define TRACEFS	      "/sys/kernel/tracing"
#define TRACEFS_DEBUG "/sys/kernel/debug/tracing"

bool bbpf__tracefs_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!n || n > 255 || strchr(s, '/'))
		return false;
	return strcmp(s, ".") && strcmp(s, "..");
}

/* Whether @root has events/: 0, -ENOENT, or -EACCES when it is there but not ours to search. */
static int events_at(const char *root)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/events", root);
	return access(path, F_OK) ? bbpf__neg_errno() : 0;
}

/* True the first time @what (a bit) is asked: every tracepoint and kprobe asks for the root. */
static bool first_time(int what)
{
	static int said; /* racy at worst twice */

	if (said & what)
		return false;
	said |= what;
	return true;
}

const char *bbpf__tracefs_root_err(int *errp)
{
	int err, err_debug;

	*errp = 0;
	err = events_at(TRACEFS);
	if (!err)
		return TRACEFS;
	err_debug = events_at(TRACEFS_DEBUG);
	if (!err_debug)
		return TRACEFS_DEBUG;
	if (err == -EACCES || err_debug == -EACCES) {
		/* Mounted (tracefs is 0700 root), so no mount would help. */
		*errp = -EACCES;
		if (first_time(1))
			pr_warn("tracefs at %s: %s: this process may not read it (root only)\n",
				err == -EACCES ? TRACEFS : TRACEFS_DEBUG, bbpf_strerror(*errp));
		return NULL;
	}
	err = bbpf_sys_mount("tracefs", TRACEFS, "tracefs");
	if (!err && !events_at(TRACEFS)) {
		pr_info("mounted tracefs at %s\n", TRACEFS);
		return TRACEFS;
	}
	*errp = err ?: -ENOENT;
	if (first_time(2))
		pr_warn("tracefs is not mounted and mounting it at %s failed: %s\n", TRACEFS,
			bbpf_strerror(*errp));
	return NULL;
}

const char *bbpf__tracefs_root(void)
{
	int err;

	return bbpf__tracefs_root_err(&err);
}

int bbpf__tracefs_read_id(const char *root, const char *category, const char *name)
{
	char path[640], buf[32];
	ssize_t n;
	long id;
	int fd, err;

	if (!bbpf__tracefs_name_ok(category) || !bbpf__tracefs_name_ok(name))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", root, category, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bbpf__neg_errno();
	n = read(fd, buf, sizeof(buf) - 1);
	err = n < 0 ? bbpf__neg_errno() : 0;
	close(fd);
	if (err)
		return err;
	buf[n] = '\0';
	id = strtol(buf, NULL, 10);
	return id > 0 && id < (1L << 30) ? (int)id : -EINVAL;
}

bool bbpf__tracefs_has(const char *root, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, name);
	return access(path, F_OK) == 0;
}

int bbpf__read_line(const char *path, char *buf, size_t sz)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return bbpf__neg_errno();
	n = read(fd, buf, sz - 1);
	err = n < 0 ? bbpf__neg_errno() : 0;
	close(fd);
	if (!err)
		buf[n] = '\0';
	return err;
}
