/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The BTF pack a binary may carry (`make static BTF_PACK=DIR`): minimal
 * kernel BTFs, one per kernel release, for hosts whose kernel ships no BTF.
 *
 * Format (tools/btf_pack.sh writes it, gzip'ed into the binary as
 * bbpf_btf_packz[]): the magic "BBPFBTF1", then for each kernel a record
 *     u32 name_len, u32 data_len (little endian), name (uname -r, no NUL),
 *     data (raw BTF, as `gen min-btf` writes it)
 * up to the end. Other tools (an initramfs builder) can carry the same file.
 */
#ifndef BBPF_TOOLS_BTF_PACK_H
#define BBPF_TOOLS_BTF_PACK_H

#include <stdbool.h>
#include <stddef.h>

/*
 * btf_pack_open() finds the BTF of kernel release @release (NULL: this
 * host's uname -r) in the pack this binary carries and makes it readable at
 * a path (a memfd, /proc/self/fd/N, open until exit) written to @path (@sz
 * bytes). Says on stderr which kernel it took and its size, or why it
 * could not: returns 0, -ENODATA (this binary carries no pack), -ENOENT (no
 * entry for @release: the message lists the pack's), -EINVAL (a corrupt
 * pack), -ENOMEM or -errno.
 */
int btf_pack_open(const char *release, char *path, size_t sz);

/*
 * btf_pack_use() is the pack as load, run and trace use it: when neither
 * *@btf_path (--btf) nor @btf_dir (--btf-dir) is given, and either @forced
 * (--btf-pack) or, with no BAREBPF_BTF set, the host has no BTF of its own
 * (the target lookup finds nothing) while this binary carries a pack, *@btf_path becomes the pack's
 * BTF for uname -r (btf_pack_open()). Returns 0 (also when nothing was
 * changed) or btf_pack_open()'s error (said on stderr).
 */
int btf_pack_use(const char **btf_path, const char *btf_dir, bool forced);

#endif
