/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf BTF as C: turns any BTF (the kernel's, a btfhub file, a module's
 * split BTF) into a header that BPF programs include in place of bpftool's
 * vmlinux.h.
 *
 * What comes out, for `barebpf btf dump --format c`:
 *
 *	#ifndef __VMLINUX_H__                  the guard bpf_tracing.h looks for
 *	#pragma clang attribute push (preserve_access_index on every record,
 *	                              unless BPF_NO_PRESERVE_ACCESS_INDEX)
 *	typedef unsigned int __u32;            every named type, each after the
 *	struct list_head { ... };              types it embeds by value; types
 *	struct task_struct;                    reached only through pointers are
 *	...                                    forward-declared first when needed
 *	#pragma clang attribute pop
 *	#endif
 *
 * Layout is kept exactly: packed structs get __attribute__((packed)), holes
 * that natural alignment would not make get unnamed bit-field padding
 * ("long: 64;"), unions larger than their members get
 * __attribute__((aligned(N))). Two types of one name get a ___2, ___3 suffix
 * (the CO-RE "flavor" convention, so relocations still match the kernel's
 * name). FUNC, VAR, DATASEC and DECL_TAG are not emitted; TYPE_TAG becomes
 * btf_type_tag where the compiler has it.
 */
#ifndef BAREBPF_BTF_DUMP_H
#define BAREBPF_BTF_DUMP_H

#include <stddef.h>

#include <barebpf/btf.h>
#include <barebpf/ns.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Receives the output as it is produced, in pieces of up to 64 KiB, with the
 * caller's @ctx. Returns 0, or a negative errno that stops the dump (and is
 * what bbpf_btf_dump_c() then returns).
 */
typedef int (*bbpf_btf_dump_write_fn)(void *ctx, const void *data, size_t len);

/*
 * bbpf_btf_dump_c() writes @btf as a compilable C header through @write.
 * For split BTF, the types it defines are dumped, with whatever base types
 * they need. No I/O of its own: @write decides where the bytes go (see
 * bbpf_btf_dump_write_stdio()).
 *
 * Returns 0; -ENOMEM; -ELOOP when types embed each other by value (no C
 * order exists); -E2BIG for nesting deeper than 512 levels; -EINVAL for a
 * type that cannot appear where it does (a FUNC as a member's type); or the
 * error @write returned. Output already written stays written.
 */
BBPF_API int bbpf_btf_dump_c(const struct bbpf_btf *btf, bbpf_btf_dump_write_fn write, void *ctx);

/*
 * bbpf_btf_dump_write_stdio() is a ready-made @write for bbpf_btf_dump_c():
 * @ctx is a FILE * (stdout, a file from fopen()). Returns 0, or -EIO when
 * fwrite() fails.
 */
BBPF_API int bbpf_btf_dump_write_stdio(void *ctx, const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_BTF_DUMP_H */
