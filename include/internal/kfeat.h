/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The loader's cached view of struct bbpf_kfeat (public, in
 * <barebpf/features.h>): kernel facts as data, probed once.
 */
#ifndef BBPF_INTERNAL_KFEAT_H
#define BBPF_INTERNAL_KFEAT_H

#include <barebpf/features.h>

/*
 * bbpf__kfeat_get() probes every feature (once; cached) and returns the
 * answers. A feature whose probe could not run reads as absent.
 */
const struct bbpf_kfeat *bbpf__kfeat_get(void);

#endif
