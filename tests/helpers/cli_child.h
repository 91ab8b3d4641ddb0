/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel tests that run the barebpf CLI as a child: where it is (the
 * build's, or /bin/barebpf inside the qemu matrix's initramfs) and how it is
 * started with its stdout and stderr on one pipe.
 */
#ifndef BBPF_TEST_CLI_CHILD_H
#define BBPF_TEST_CLI_CHILD_H

#include <stddef.h>
#include <sys/types.h>

#define CLI_BUILD  "build/barebpf"
#define CLI_MATRIX "/bin/barebpf" /* the qemu matrix's initramfs */

/* The CLI to run, or NULL when neither is there (the test then skips). */
const char *cli_path(void);

/*
 * Starts @args (@args[0] the program, NULL-terminated) with stdout and stderr
 * into a pipe whose read end is *@out. Returns the child's pid (asserts on failure).
 */
pid_t cli_spawn(const char *const *args, int *out);

/*
 * Runs @args until it exits, its output into @buf (@sz bytes, NUL-terminated,
 * the rest dropped). Returns its exit status, 128 + the signal if one killed it.
 */
int cli_run(const char *const *args, char *buf, size_t sz);

#endif /* BBPF_TEST_CLI_CHILD_H */
