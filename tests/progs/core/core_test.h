/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */
/*
 * Shared by the CO-RE corpus (tests/progs/core/NAME.bpf.c). These programs are
 * never loaded by `make test-core`: their relocations are computed by
 * `barebpf core explain` and by libbpf, against many target BTFs, and the
 * two must agree on every one. Results go to the global `out` so that the
 * compiler keeps every relocated instruction.
 */
#ifndef CORE_TEST_H
#define CORE_TEST_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define PAI __attribute__((preserve_access_index))

/* Stores @v where the compiler cannot drop it. */
#define OUT(i, v) (out[(i)] = (__u64)(v))

char LICENSE[] SEC("license") = "GPL";

#endif
