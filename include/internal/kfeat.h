/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The loader's cached view of struct bbpf_kfeat (public, in
 * <barebpf/features.h>): kernel facts as data, probed once.
 */
#ifndef BBPF_INTERNAL_KFEAT_H
#define BBPF_INTERNAL_KFEAT_H

#include <stdbool.h>
#include <stdint.h>

#include <barebpf/features.h>

/*
 * bbpf__kfeat_get() probes every feature (once; cached) and returns the
 * answers. A feature whose probe could not run reads as absent.
 * bbpf__kfeat_get_for() probes only what a load reads (features.c's
 * load_feats[], plus the multi links when a program to load is one): the
 * other fields may be stale or false, so only the load may use its answer.
 */
const struct bbpf_kfeat *bbpf__kfeat_get(void);
const struct bbpf_kfeat *bbpf__kfeat_get_for(bool kprobe_multi, bool uprobe_multi);

struct bbpf_prog;

/*
 * bbpf__prog_load_eat() is the expected_attach_type @prog is loaded with on
 * a kernel with features @kf: its section's, except that kprobe.multi and
 * uprobe.multi programs become plain kprobe/uprobe programs (0) where the
 * kernel lacks the multi link (a program loaded for the multi link cannot
 * be attached to a single probe). bbpf__prog_loaded_eat() is what it was
 * loaded with, read back by the attach (-ENOENT when it is not loaded).
 */
uint32_t bbpf__prog_load_eat(const struct bbpf_prog *prog, const struct bbpf_kfeat *kf);
int64_t bbpf__prog_loaded_eat(const struct bbpf_prog *prog);

/*
 * bbpf__prog_loaded_module() is the module whose BTF holds the attach target
 * of loaded @prog (fentry/veth_open found in veth's BTF: "veth"), NULL when
 * the target is vmlinux's or @prog is not loaded.
 */
const char *bbpf__prog_loaded_module(const struct bbpf_prog *prog);

#endif
