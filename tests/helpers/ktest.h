/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers shared by the kernel tests of the syscall layer: a print hook that
 * keeps what the library said, pseudo-filesystem mounts, and a counter (an
 * array map plus a hand-assembled program that increments it).
 */
#ifndef BBPF_TEST_KTEST_H
#define BBPF_TEST_KTEST_H

#include <linux/types.h>

#include "log_capture.h"

struct bbpf_obj_load_opts;

/*
 * What the library printed since ktest_capture_start() (every level),
 * "W:"/"I:"/"D:" before each message: tests/helpers/log_capture.h.
 */
#define ktest_msgs	      log_msgs
#define ktest_capture_start() log_capture_start(BBPF_DEBUG)
#define ktest_capture_stop()  log_capture_stop()

/*
 * ktest_mount() mounts filesystem @type at @dir unless a filesystem with
 * magic @magic is already there. Returns 0 or -errno.
 */
int ktest_mount(const char *type, const char *dir, unsigned long magic);

/* ktest_counter_map() creates an array map of one u64 (key 0). Returns the fd or -errno. */
int ktest_counter_map(void);

/* ktest_counter_get() is the counter's value, or -1 when the lookup fails. */
long long ktest_counter_get(int map_fd);

/*
 * ktest_counter_prog() loads a tracing program of @type that adds 1 to the
 * counter in @map_fd each time it runs in this process (other processes are
 * not counted, so counts are exact), and returns 0. Returns the fd or
 * -errno; on failure the verifier log goes to stderr.
 */
int ktest_counter_prog(int type, int expected_attach_type, int map_fd);

/*
 * ktest_map_by_name() opens the first map in the kernel named @name (its
 * kernel name: "<object, 8 chars>.bss" for an object's .bss), for instance
 * one a child process loaded. Returns the fd or -ENOENT.
 */
int ktest_map_by_name(const char *name);

/*
 * ktest_load_opts() is the load options of the kernel tests' objects: in the
 * matrix's minbtf run (tests/matrix/init.c) .btf_path is $BAREBPF_MATRIX_MIN_BTF,
 * the minimal BTF `barebpf gen min-btf` made for this kernel, as --btf gives
 * it (CO-RE from it, attach ids still from the kernel's own BTF); elsewhere
 * NULL, the loader's own lookup.
 */
const struct bbpf_obj_load_opts *ktest_load_opts(void);

#endif
