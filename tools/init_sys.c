// SPDX-License-Identifier: BSD-2-Clause
/*
 * `barebpf init`'s changes to the system (init_sys.h). Nothing here stops a
 * boot: every failure is printed and the caller goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init_opts.h"
#include "init_sys.h"

struct init_mount {
	const char *fstype, *dir;
	unsigned long flags;
	const char *data;
};

/* In order: a later one's directory lives in an earlier one's filesystem. */
static const struct init_mount mounts[] = {
	{ "proc", "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "sysfs", "/sys", MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "devtmpfs", "/dev", MS_NOSUID },
	{ "tracefs", "/sys/kernel/tracing", MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "bpf", "/sys/fs/bpf", MS_NOSUID | MS_NODEV | MS_NOEXEC },
};

static const struct init_mount run_mount = { "tmpfs", "/run", MS_NOSUID | MS_NODEV, "mode=0755" };

static const char *const moved[] = { "/dev", "/proc", "/sys", "/run" };

bool init_is_mount(const char *path)
{
	char up[PATH_MAX];
	struct stat a, b;

	if (snprintf(up, sizeof(up), "%s/..", path) >= (int)sizeof(up))
		return false;
	return !stat(path, &a) && !stat(up, &b) && (a.st_dev != b.st_dev || a.st_ino == b.st_ino);
}

static int mount_one(const struct init_mount *m)
{
	if (init_is_mount(m->dir))
		return 0;
	if (mkdir(m->dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "barebpf init: no %s for %s: %s\n", m->dir, m->fstype,
			strerror(errno));
		return -1;
	}
	if (mount(m->fstype, m->dir, m->fstype, m->flags, m->data)) {
		fprintf(stderr, "barebpf init: mounting %s on %s: %s\n", m->fstype, m->dir,
			strerror(errno));
		return -1;
	}
	return 0;
}

int init_mount_all(bool run)
{
	int failed = 0;
	size_t i;

	for (i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++)
		failed += !!mount_one(&mounts[i]);
	if (run)
		failed += !!mount_one(&run_mount);
	return failed;
}

void init_console(void)
{
	int fd, i;

	for (i = 0; i < 3; i++) {
		if (fcntl(i, F_GETFD) >= 0)
			continue;
		fd = open("/dev/console", O_RDWR | O_NOCTTY);
		if (fd >= 0 && fd != i) {
			dup2(fd, i);
			close(fd);
		}
	}
}

int init_open_out(const struct init_opts *o)
{
	const char *path = o->out == INIT_OUT_FILE   ? o->out_path
			   : o->out == INIT_OUT_KMSG ? "/dev/kmsg"
						     : "/dev/console";
	int flags = O_WRONLY | O_NOCTTY | O_CLOEXEC;
	int fd;

	if (o->out == INIT_OUT_FILE)
		flags |= O_CREAT | O_TRUNC | O_APPEND;
	fd = open(path, flags, 0644);
	if (fd < 0) {
		fd = -errno;
		fprintf(stderr, "barebpf init: opening %s for the trace: %s\n", path,
			strerror(errno));
	}
	return fd;
}

/* Moves each of the usual mounts that exists to the same place under @dir. */
static void move_mounts(const char *dir)
{
	char to[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(moved) / sizeof(moved[0]); i++) {
		if (!init_is_mount(moved[i]))
			continue;
		snprintf(to, sizeof(to), "%s%s", dir, moved[i]);
		mkdir(to, 0755);
		if (mount(moved[i], to, NULL, MS_MOVE, NULL))
			fprintf(stderr, "barebpf init: moving %s to %s: %s\n", moved[i], to,
				strerror(errno));
	}
}

int init_switch_root(const char *dir)
{
	const char *step = "is not a directory";
	struct stat st;
	int err = 0;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		err = stat(dir, &st) ? -errno : -ENOTDIR;
	else if (!init_is_mount(dir) && mount(dir, dir, NULL, MS_BIND | MS_REC, NULL))
		err = -errno, step = "bind-mounting it on itself";
	if (!err) {
		move_mounts(dir);
		if (chdir(dir))
			err = -errno, step = "chdir";
		else if (mount(".", "/", NULL, MS_MOVE, NULL))
			err = -errno, step = "moving it onto /";
		else if (chroot(".") || chdir("/"))
			err = -errno, step = "chroot";
	}
	if (err)
		fprintf(stderr, "barebpf init: switch_root to %s: %s: %s\n", dir, step,
			strerror(-err));
	return err;
}
