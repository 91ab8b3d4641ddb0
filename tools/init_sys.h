/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What `barebpf init` does to the system before it hands over (init_sys.c):
 * mounts, the console, the collector's output, switch_root. Each function
 * prints what failed on stderr, as "barebpf init: ...".
 */
#ifndef BBPF_TOOLS_INIT_SYS_H
#define BBPF_TOOLS_INIT_SYS_H

#include <stdbool.h>

struct init_opts;

/* True when @path is the root of a mount (its device differs from its parent's). */
bool init_is_mount(const char *path);

/*
 * init_mount_all() mounts proc, sysfs, devtmpfs, tracefs and bpffs at their
 * usual places where nothing is mounted yet (never twice), then a tmpfs on
 * /run when @run is true. Returns the number of mounts that failed.
 */
int init_mount_all(bool run);

/* init_console() opens /dev/console as each of fds 0, 1, 2 that is closed. */
void init_console(void);

/*
 * init_open_out() opens the collector's output as @o says (the console,
 * /dev/kmsg, or the file, created or truncated). Returns the fd or -errno.
 */
int init_open_out(const struct init_opts *o);

/*
 * init_switch_root() makes directory @dir the root: bind-mounted on itself
 * unless it is a mount, the mounts on /dev, /proc, /sys and /run moved under
 * it, then it is moved onto "/", chroot'ed into, and the cwd is "/".
 * Returns 0 or -errno (the root is then unchanged, a move may be done).
 */
int init_switch_root(const char *dir);

#endif
