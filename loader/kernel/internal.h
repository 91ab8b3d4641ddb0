/* SPDX-License-Identifier: BSD-2-Clause */
/* Probes shared between loader/features.c and loader/features_btf.c. */
#ifndef BBPF_LOADER_FEATURES_INTERNAL_H
#define BBPF_LOADER_FEATURES_INTERNAL_H

#include <barebpf/features.h>

/*
 * bbpf__probe_btf_kind() loads the smallest BTF that uses the kind behind
 * @feat (one of the BBPF_FEAT_BTF* features). Returns 1, 0, or -errno.
 */
int bbpf__probe_btf_kind(enum bbpf_feature feat);

#endif
