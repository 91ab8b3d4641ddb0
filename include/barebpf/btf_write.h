/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf BTF out: encode a parsed BTF back to raw bytes, and rewrite an
 * object's BTF so that an older kernel accepts it (BPF_BTF_LOAD).
 *
 * Raw BTF is a header, a type section and a string section:
 *
 *	struct btf_header (24 bytes: magic 0xeb9f, version 1, flags 0,
 *	                   hdr_len, type_off = 0, type_len, str_off = type_len, str_len)
 *	types   ...  every record is made of 32-bit words
 *	strings ...  "\0name\0other\0"; new strings are appended at the end
 */
#ifndef BAREBPF_BTF_WRITE_H
#define BAREBPF_BTF_WRITE_H

#include <stddef.h>

#include <barebpf/btf.h>
#include <barebpf/ns.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Byte order of the bytes written. */
enum bbpf_btf_endian {
	BBPF_BTF_ENDIAN_NATIVE, /* this host's */
	BBPF_BTF_ENDIAN_LITTLE, /* bpfel objects, x86 and arm64 kernels */
	BBPF_BTF_ENDIAN_BIG,	/* bpfeb objects, s390x kernels */
};

/*
 * bbpf_btf_write() encodes @btf as raw BTF in byte order @endian: a fresh
 * 24-byte header, then the types and strings it defines (for split BTF, not
 * its base's: what /sys/kernel/btf/<module> holds). Parsing the result gives
 * the same types and strings.
 *
 * *@out (malloc'd, the caller frees it) and *@out_sz are written only on
 * success. Returns 0, -EINVAL for a bad @endian, -ENOMEM.
 */
BBPF_API int bbpf_btf_write(const struct bbpf_btf *btf, enum bbpf_btf_endian endian, void **out,
			    size_t *out_sz);

/*
 * A minimal BTF under construction (`gen min-btf`): the parts of kernel BTF
 * @btf (base BTF, not split) that CO-RE relocations touched, written as a
 * new raw BTF with the same sizes, offsets and values and renumbered ids.
 * bbpf_btf_min_new() makes an empty one (*@out only on success; -EINVAL for
 * split BTF, -ENOMEM); @btf is borrowed and must outlive it.
 * bbpf_btf_min_add_access() keeps the access path @raw (@raw_len entries, as
 * bbpf_core_match_fn gives it: the root's index, then a member or element
 * index per level) from type @root_id: only the members on the path of each
 * struct or union, every type on the way. bbpf_btf_min_add_type() keeps type
 * @id: with @whole, every member and value recursively (type_matches
 * compares them all), else its shell (size, no member). bbpf_btf_min_add_enumval()
 * keeps enumerator @idx of enum @id. Each returns 0, -EINVAL (an id or index
 * out of range, a path through a type that has none), -ENOMEM.
 * bbpf_btf_min_write() encodes what is kept, in host byte order, into *@out
 * (malloc'd, *@out_sz bytes). Returns 0 or -ENOMEM / -E2BIG.
 * bbpf_btf_min_free() frees @m; NULL is a no-op.
 */
struct bbpf_btf_min;
BBPF_API int bbpf_btf_min_new(const struct bbpf_btf *btf, struct bbpf_btf_min **out);
BBPF_API int bbpf_btf_min_add_access(struct bbpf_btf_min *m, uint32_t root_id, const uint32_t *raw,
				     int raw_len);
BBPF_API int bbpf_btf_min_add_type(struct bbpf_btf_min *m, uint32_t id, bool whole);
BBPF_API int bbpf_btf_min_add_enumval(struct bbpf_btf_min *m, uint32_t id, uint32_t idx);
BBPF_API int bbpf_btf_min_write(struct bbpf_btf_min *m, void **out, size_t *out_sz);
BBPF_API void bbpf_btf_min_free(struct bbpf_btf_min *m);

/* What the kernel supports: <barebpf/features.h> says how to fill one. */
struct bbpf_kfeat;

/*
 * bbpf_btf_sanitize() rewrites object BTF @btf for a kernel that has the
 * BTF features in @kf (BBPF_FEAT_BTF_FUNC, _FUNC_GLOBAL, _DATASEC, _FLOAT,
 * _DECL_TAG, _TYPE_TAG, _ENUM64) and encodes it in native byte order, ready
 * for BPF_BTF_LOAD. Pure: it makes no syscall and never probes.
 *
 * Every type keeps its id and its byte size (so .BTF.ext, map and program
 * references stay valid); a kind the kernel lacks becomes one it has, as
 * libbpf does it:
 *
 *	no DATASEC    VAR -> INT (1 byte, 8 bits, name kept); DATASEC -> STRUCT of the
 *	              same size, one member per variable at its offset, named after
 *	              it; '.' and '?' in the section name become '_'
 *	no FUNC       FUNC_PROTO -> ENUM (4 bytes, one enumerator per parameter,
 *	              unnamed ones named argN); FUNC -> TYPEDEF of it
 *	no FUNC_GLOBAL  FUNC linkage -> static
 *	no FLOAT      FLOAT -> anonymous empty STRUCT of the same size
 *	no DECL_TAG   DECL_TAG -> INT, as VAR
 *	no TYPE_TAG   TYPE_TAG -> anonymous CONST of the same type
 *	no ENUM64     ENUM64 -> UNION of the same size whose members (named after
 *	              the enumerators) are all a 1-byte INT "enum64_placeholder",
 *	              added once at the end (the only new id); ENUM signedness
 *	              (kind_flag) cleared
 *
 * New strings are appended; nothing else changes. *@out (malloc'd, the
 * caller frees it) and *@out_sz are written only on success.
 * Returns the number of types rewritten (0: the kernel takes @btf as it is),
 * -EINVAL for a NULL argument, -E2BIG if the result would pass 4 GiB, -ENOMEM.
 */
BBPF_API int bbpf_btf_sanitize(const struct bbpf_btf *btf, const struct bbpf_kfeat *kf, void **out,
			       size_t *out_sz);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_BTF_WRITE_H */
