/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A raw BTF under construction (btf_write.c), for btf_sanitize.c: a copy of
 * one BTF's own type and string sections that can be patched in place and
 * grown at the end, then encoded with a header.
 */
#ifndef BBPF_BTF_WRITE_INTERNAL_H
#define BBPF_BTF_WRITE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <barebpf/btf_write.h>

struct bbpf__btf_wr {
	uint8_t *types; /* type section, host order */
	size_t types_len, types_cap;
	char *strs; /* string section */
	size_t strs_len, strs_cap;
	uint32_t str_base;	  /* offset of strs[0]: the base's string length for split BTF */
	uint32_t next_id;	  /* the id the next added type gets */
	const uint8_t *src_types; /* the source BTF's type section, for type_at() */
};

/* Copies @btf's own types and strings into @w (zeroed by the caller). Returns 0 or -ENOMEM. */
int bbpf__btf_wr_init(struct bbpf__btf_wr *w, const struct bbpf_btf *btf);

/*
 * The copy of type @id (one of the source's own) in @w, to patch in place.
 * Valid until the next bbpf__btf_wr_add().
 */
struct btf_type *bbpf__btf_wr_type(struct bbpf__btf_wr *w, const struct bbpf_btf *btf, uint32_t id);

/* Appends string @s. Returns its offset (> 0), -E2BIG past INT_MAX bytes, or -ENOMEM. */
int bbpf__btf_wr_str(struct bbpf__btf_wr *w, const char *s);

/* Appends a type record of @len bytes. Returns its id (> 0), -E2BIG past INT_MAX bytes, or -ENOMEM. */
int bbpf__btf_wr_add(struct bbpf__btf_wr *w, const void *rec, size_t len);

/* Encodes header + types + strings in byte order @endian into *@out (malloc'd). */
int bbpf__btf_wr_encode(const struct bbpf__btf_wr *w, enum bbpf_btf_endian endian, void **out,
			size_t *out_sz);

void bbpf__btf_wr_free(struct bbpf__btf_wr *w);

#endif
