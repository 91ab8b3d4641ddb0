/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Fallback chains: several programs of one object that observe the same
 * thing through different kernel mechanisms, of which barebpf loads and
 * attaches exactly one.
 *
 *   SEC("fentry/ksys_fadvise64_64") BBPF_CHAIN("fadvise")
 *   int BPF_PROG(fadv_fentry, int fd) { ... }
 *
 *   SEC("tp/syscalls/sys_enter_fadvise64") BBPF_CHAIN("fadvise")
 *   int fadv_tp(void *ctx) { ... }
 *
 *   SEC("kprobe/ksys_fadvise64_64") BBPF_CHAIN("fadvise")
 *   BBPF_KPROBE_OR("__x64_sys_fadvise64") BBPF_KPROBE_OR("__arm64_sys_fadvise64_64")
 *   int fadv_kprobe(struct pt_regs *ctx) { ... }
 *
 * Every program tagged with the same chain name is one step. barebpf
 * (bbpf_obj_load_chains(), `barebpf run`) orders the steps from the
 * cheapest mechanism to the dearest: fentry/fexit, tp_btf, raw_tp,
 * tracepoint, kprobe (steps of one mechanism in the order of the object);
 * it skips a step whose mechanism or target this kernel lacks, loads the
 * first remaining one with the object, and keeps it when it loads and
 * attaches; otherwise it goes on with the next. The programs of the other
 * steps are never loaded. `--attach fentry|tracepoint|kprobe` forces one.
 *
 * BBPF_KPROBE_OR() gives a kprobe (or kretprobe) further candidate symbols
 * after the one its section names: the first that /proc/kallsyms lists as a
 * function and the kprobe blacklist does not hold is probed. It works on
 * any kprobe program, in a chain or not.
 *
 * Both are BTF decl tags on the program's function ("bbpf.chain=NAME",
 * "bbpf.ksym=SYMBOL"): nothing changes in the code or the sections, so
 * libbpf (and older kernels, whose BTF the loader sanitizes) still open and
 * load such an object; libbpf loads every step and attaches the kprobe to
 * the section's symbol only. Needs clang 14 or later (btf_decl_tag).
 */
#ifndef __BBPF_CHAIN_H__
#define __BBPF_CHAIN_H__

#define BBPF_CHAIN(name)    __attribute__((btf_decl_tag("bbpf.chain=" name)))
#define BBPF_KPROBE_OR(sym) __attribute__((btf_decl_tag("bbpf.ksym=" sym)))

#endif /* __BBPF_CHAIN_H__ */
