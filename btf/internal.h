/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/ private layouts. Only files under btf/ include this.
 *
 * Memory of a parsed BTF (vmlinux, ~126k types, ~5.5 MB):
 *
 *   data ──► [ header | ... type section ... | ... string section ... ]
 *                       ▲ types               ▲ strs
 *   where type (start_id + i) starts, in bytes from `types`:
 *     offs_hi[i / 64] + 4 * offs_lo[i]                             2 B / type
 *     (offs32[i] instead when 64 types span 256 KiB, which a struct
 *     or enum of many thousand records can do: never in kernel BTF)
 *   kinds[i] = its kind (bits 0-4), named (bit 7)                1 B / type
 *   names    = open-addressing hashes of essential names, one for FUNC
 *              names, one for DECL_TAG names, one for the others, each built
 *              by the second lookup that needs it (the first one scans):
 *              8 B per slot, slots = its names * 4/3 -> 2^k
 *
 * `data` is borrowed (a mapping, the caller's buffer) or owned (`owned`,
 * freed with the BTF; a copy, a byte-swapped copy or what read(2) filled).
 */
#ifndef BBPF_BTF_INTERNAL_H
#define BBPF_BTF_INTERNAL_H

#include <stdint.h>
#include <barebpf/btf.h>
#include "internal/compiler.h"

/* Depth limit for walks that recurse through nested types (libbpf uses the same bound). */
#define BBPF_BTF_MAX_DEPTH 32

/* The name index tables (btf_names.c). */
enum { BBPF_NAMES_OTHER, BBPF_NAMES_FUNC, BBPF_NAMES_TAG, BBPF_NAMES_CNT };
_Static_assert(BBPF_NAMES_CNT == BBPF_BTF_NAME_TABLES, "the iterator has a slot per table");

struct bbpf_btf_names {
	uint64_t *slots[BBPF_NAMES_CNT]; /* hash << 32 | local index + 1; all ones = empty */
	uint32_t mask[BBPF_NAMES_CNT];	 /* slots - 1 */
	bool scanned[BBPF_NAMES_CNT];	 /* a lookup scanned instead: the next one builds it */
};

/* Types per offs_hi[] entry; offs_lo[] reaches 4 * 0xffff bytes past it. */
#define BBPF_BTF_BLOCK_SHIFT 6
#define BBPF_BTF_BLOCK_SPAN  (4u * 0xffff)

/* Bits of kinds[]: the kind, and whether the type has a name. */
#define BBPF_BTF_KIND_MASK 0x1f
#define BBPF_BTF_NAMED	   0x80

struct bbpf_btf {
	const struct bbpf_btf *base;
	const uint8_t *data; /* the whole blob, host byte order */
	size_t data_sz;
	void *owned; /* freed with the BTF (may equal data) */
	bbpf_btf_unmap_fn unmap;
	void *unmap_ctx;
	const void *mapped; /* released with unmap() */
	size_t mapped_sz;

	const uint8_t *types; /* type section */
	uint32_t types_len;
	const char *strs; /* string section */
	uint32_t strs_len;

	uint32_t start_id;	/* id of this BTF's first type */
	uint32_t start_str_off; /* string offset of this BTF's first string */
	uint32_t nr_types;	/* types defined here (not counting the base's) */
	uint32_t *offs_hi;	/* offset of every 64th type (BBPF_BTF_BLOCK_SHIFT) */
	uint16_t *offs_lo;	/* per type: (offset - its block's) / 4 */
	uint32_t *offs32;	/* NULL, or per type: its offset (blocks too large) */
	uint8_t *kinds;		/* per type: kind, BBPF_BTF_NAMED (other bits: validator's) */
	uint8_t ptr_sz;		/* 8, or 4 when "long" is 4 bytes */
	bool swapped;
	struct bbpf_btf_names names;
};

/* Size in bytes of the records that follow type @t (no bounds checks: for validated BTF). */
uint32_t bbpf__btf_extra_size(const struct btf_type *t);

/*
 * Validation state while btf.c indexes a type section (btf_validate.c):
 * bbpf__btf_index() walks and checks each type, bbpf__btf_check_refs() runs
 * once at the end, then bbpf__btf_vctx_free().
 */
struct bbpf__btf_vctx {
	const struct bbpf_btf *btf;
	uint32_t id;	  /* type being checked (for messages) */
	uint32_t str_end; /* one past the last valid string offset */
	uint32_t max_ref; /* largest type id referred to so far */
	uint8_t *kinds;	  /* per own type: kind (bits 0-4), loop-walk state (bits 5-6), NAMED */
	uint32_t *pass2;  /* own types (local indexes, ascending) that pass 2 must check */
	uint32_t nr_pass2;
};

int bbpf__btf_vctx_init(struct bbpf__btf_vctx *c, const struct bbpf_btf *btf, uint32_t max_types);
/*
 * Walks @btf's type section: fills the offsets (offs32[] when allocated,
 * else offs_hi[]/offs_lo[]), nr_types and c->kinds[] (which btf.c then
 * keeps as btf->kinds), checking each type. Returns 0, a validation error,
 * or -ERANGE when a block of types is too large for offs_lo[] (start over
 * with offs32[]).
 */
int bbpf__btf_index(struct bbpf__btf_vctx *c, struct bbpf_btf *btf);
int bbpf__btf_check_refs(struct bbpf__btf_vctx *c);
void bbpf__btf_vctx_free(struct bbpf__btf_vctx *c);

/*
 * Converts the big-endian (or, on big-endian hosts, little-endian) blob at
 * @data to host order in place: header, every type and its records.
 * Bounds-checks as it goes. Returns 0 or -EINVAL.
 */
int bbpf__btf_swap(uint8_t *data, size_t sz);

/* Swaps @n 32-bit words in place. */
void bbpf__swap32s(uint32_t *w, size_t n);

/* Parses @data (host order, 4-byte aligned) which becomes owned by the BTF (freed on error too). */
int bbpf__btf_parse_owned(void *data, size_t sz, const struct bbpf_btf *base,
			  struct bbpf_btf **out);

/* Frees the name index (btf_names.c). */
void bbpf__btf_names_free(struct bbpf_btf_names *names);

/* Own type @i (local index, id - start_id) of @btf, without range check. */
static inline const struct btf_type *bbpf__btf_own(const struct bbpf_btf *btf, uint32_t i)
{
	uint32_t off;

	if (unlikely(btf->offs32))
		off = btf->offs32[i];
	else
		off = btf->offs_hi[i >> BBPF_BTF_BLOCK_SHIFT] + ((uint32_t)btf->offs_lo[i] << 2);
	return (const struct btf_type *)(btf->types + off);
}

/* Type id @id of @btf without range check (validated ids). */
static inline const struct btf_type *bbpf__btf_type(const struct bbpf_btf *btf, uint32_t id)
{
	while (id < btf->start_id)
		btf = btf->base;
	return bbpf__btf_own(btf, id - btf->start_id);
}

#endif
