/* SPDX-License-Identifier: BSD-2-Clause */
/* Test helpers: fixture paths, whole-file reads, and the fd-leak check. */
#ifndef BBPF_TEST_FIXTURE_H
#define BBPF_TEST_FIXTURE_H

#include <stddef.h>

/*
 * fixture_path() joins @name onto the fixture root: $BBPF_FIXTURES if set,
 * else "tests/fixtures" (tests run from the repository root). Static buffer.
 */
const char *fixture_path(const char *name);

/* slurp() reads a whole file into a malloc'd buffer. Returns 0 or -errno. */
int slurp(const char *path, void **data, size_t *size);

/* fd_count() is the number of open fds of this process (entries of /proc/self/fd). */
int fd_count(void);

#endif
