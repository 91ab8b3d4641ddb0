/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel facts as data (STYLE.md B1.4): pure code such as the BTF sanitizer
 * receives what the kernel supports in this struct and never probes. Tests
 * build one by hand ("a kernel with nothing", "a 5.10 kernel").
 */
#ifndef BBPF_INTERNAL_KFEAT_H
#define BBPF_INTERNAL_KFEAT_H

#include <stdbool.h>

#include <barebpf/features.h>

struct bbpf_kfeat {
	bool has[BBPF_FEAT_CNT];
};

/*
 * bbpf__kfeat_get() probes every feature (once; cached) and returns the
 * answers. A feature whose probe could not run reads as absent.
 */
const struct bbpf_kfeat *bbpf__kfeat_get(void);

#endif
