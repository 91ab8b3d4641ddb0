/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tiny BTF writer for tests: add types one by one, get raw bytes.
 *
 *	struct btfb b;
 *	uint32_t i, s;
 *
 *	btfb_init(&b);
 *	i = btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
 *	s = btfb_struct(&b, "pair", 8, 2);
 *	btfb_member(&b, "a", i, 0);
 *	btfb_member(&b, "b", i, 32);
 *	blob = btfb_blob(&b, &sz);          (malloc'd; free() it)
 *
 * Kinds with records (struct, enum, func_proto, datasec) are followed by
 * exactly vlen calls of their record function. Every record is 32-bit words,
 * so btfb_blob_ex() can give the other byte order by swapping words.
 * Memory errors abort: this is test code.
 */
#ifndef BBPF_TEST_BTF_BUILD_H
#define BBPF_TEST_BTF_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/btf.h>

struct btfb {
	uint32_t *types; /* the type section, as words */
	size_t nwords, cap_words;
	char *strs;
	size_t strs_len, strs_cap;
	uint32_t nr_types;
	uint32_t start_id;	/* 1, or the base's type count for split BTF */
	uint32_t start_str_off; /* 0, or the base's string length */
};

void btfb_init(struct btfb *b);
/* Split BTF on top of a base with @base_cnt type ids (type_cnt) and @base_str_len string bytes. */
void btfb_init_split(struct btfb *b, uint32_t base_cnt, uint32_t base_str_len);
void btfb_free(struct btfb *b);

/* Adds @s to the strings (no dedup) and returns its offset; NULL or "" gives 0. */
uint32_t btfb_str(struct btfb *b, const char *s);
/* Appends a raw word to the type section (for malformed records). */
void btfb_word(struct btfb *b, uint32_t w);
/* A raw type header: returns its id. */
uint32_t btfb_type(struct btfb *b, const char *name, int kind, bool kflag, uint16_t vlen,
		   uint32_t size_or_type);

uint32_t btfb_int(struct btfb *b, const char *name, uint32_t size, uint8_t enc, uint8_t bits);
uint32_t btfb_ref(struct btfb *b, int kind, const char *name,
		  uint32_t type); /* ptr, typedef, mods, type_tag */
uint32_t btfb_array(struct btfb *b, uint32_t elem, uint32_t index, uint32_t nelems);
uint32_t btfb_struct(struct btfb *b, const char *name, uint32_t size, uint16_t vlen);
uint32_t btfb_union(struct btfb *b, const char *name, uint32_t size, uint16_t vlen);
/* A struct whose members carry bitfield sizes (kind_flag). */
uint32_t btfb_struct_kflag(struct btfb *b, const char *name, uint32_t size, uint16_t vlen);
void btfb_member(struct btfb *b, const char *name, uint32_t type, uint32_t bit_off);
void btfb_bitfield(struct btfb *b, const char *name, uint32_t type, uint32_t bit_off, uint8_t bits);
uint32_t btfb_enum(struct btfb *b, const char *name, uint32_t size, uint16_t vlen, bool sgn);
void btfb_enumval(struct btfb *b, const char *name, int32_t val);
uint32_t btfb_enum64(struct btfb *b, const char *name, uint32_t size, uint16_t vlen, bool sgn);
void btfb_enum64val(struct btfb *b, const char *name, uint64_t val);
uint32_t btfb_fwd(struct btfb *b, const char *name, bool is_union);
uint32_t btfb_func(struct btfb *b, const char *name, uint32_t proto, uint16_t linkage);
uint32_t btfb_proto(struct btfb *b, uint32_t ret, uint16_t vlen);
void btfb_param(struct btfb *b, const char *name, uint32_t type);
uint32_t btfb_var(struct btfb *b, const char *name, uint32_t type, uint32_t linkage);
uint32_t btfb_datasec(struct btfb *b, const char *name, uint32_t size, uint16_t vlen);
void btfb_secinfo(struct btfb *b, uint32_t type, uint32_t offset, uint32_t size);
uint32_t btfb_float(struct btfb *b, const char *name, uint32_t size);
uint32_t btfb_decl_tag(struct btfb *b, const char *name, uint32_t type, int32_t idx);

/* The raw blob: header, types, strings. */
void *btfb_blob(const struct btfb *b, size_t *sz);
/* With @hdr_extra zero bytes after the header (a newer format), optionally byte-swapped. */
void *btfb_blob_ex(const struct btfb *b, uint32_t hdr_extra, bool swap, size_t *sz);

/* Type with @id (of this builder) as it will be laid out: to poke at fields before btfb_blob(). */
struct btf_type *btfb_type_at(struct btfb *b, uint32_t id);

#endif
