// SPDX-License-Identifier: BSD-2-Clause
/* The module loading of kmod.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "kmod.h"

int kmod_load(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	err = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	return err;
}

int kmod_unload(const char *name)
{
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	int i, err = 0;

	for (i = 0; i < 100; i++) {
		err = syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
		if (err != -EAGAIN && err != -EBUSY)
			break;
		nanosleep(&pause, NULL);
	}
	return err;
}

bool kmod_loaded(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return !access(path, F_OK);
}

int kmod_load_set(struct kmod_set *set, const char *dir, const char *const *names, char *why,
		  size_t why_sz)
{
	char path[256];
	int err, first = 0;

	for (; *names; names++) {
		snprintf(path, sizeof(path), "%s/%s.ko", dir, *names);
		if (access(path, F_OK) || kmod_loaded(*names))
			continue;
		if (set->cnt == KMOD_SET_MAX)
			return -E2BIG;
		err = kmod_load(path);
		if (err && !first) {
			snprintf(why, why_sz, "finit_module(%s): %s", path, strerror(-err));
			first = err;
		}
		if (!err)
			set->names[set->cnt++] = *names;
	}
	return first;
}

int kmod_unload_set(struct kmod_set *set, char *why, size_t why_sz)
{
	int err, first = 0;

	while (set->cnt) {
		const char *name = set->names[--set->cnt];

		err = kmod_unload(name);
		if (err && !first) {
			snprintf(why, why_sz, "delete_module(%s): %s", name, strerror(-err));
			first = err;
		}
	}
	return first;
}
