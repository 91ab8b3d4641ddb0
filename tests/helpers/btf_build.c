// SPDX-License-Identifier: BSD-2-Clause
/* A tiny BTF writer for tests (see btf_build.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_build.h"

static void *xrealloc(void *p, size_t sz)
{
	p = realloc(p, sz ? sz : 1);
	if (!p) {
		fprintf(stderr, "btf_build: out of memory\n");
		abort();
	}
	return p;
}

void btfb_init_split(struct btfb *b, uint32_t base_cnt, uint32_t base_str_len)
{
	memset(b, 0, sizeof(*b));
	b->start_id = base_cnt;
	b->start_str_off = base_str_len;
}

void btfb_init(struct btfb *b)
{
	btfb_init_split(b, 1, 0);
	b->strs_cap = 64;
	b->strs = xrealloc(NULL, b->strs_cap);
	b->strs[0] = '\0'; /* offset 0 is "" */
	b->strs_len = 1;
}

void btfb_free(struct btfb *b)
{
	free(b->types);
	free(b->strs);
	memset(b, 0, sizeof(*b));
}

uint32_t btfb_str(struct btfb *b, const char *s)
{
	size_t n;
	uint32_t off;

	if (!s || !*s)
		return 0;
	n = strlen(s) + 1;
	if (b->strs_len + n > b->strs_cap) {
		b->strs_cap = (b->strs_len + n) * 2;
		b->strs = xrealloc(b->strs, b->strs_cap);
	}
	memcpy(b->strs + b->strs_len, s, n);
	off = b->start_str_off + b->strs_len;
	b->strs_len += n;
	return off;
}

void btfb_word(struct btfb *b, uint32_t w)
{
	if (b->nwords == b->cap_words) {
		b->cap_words = b->cap_words ? b->cap_words * 2 : 64;
		b->types = xrealloc(b->types, b->cap_words * 4);
	}
	b->types[b->nwords++] = w;
}

uint32_t btfb_type(struct btfb *b, const char *name, int kind, bool kflag, uint16_t vlen,
		   uint32_t size_or_type)
{
	btfb_word(b, btfb_str(b, name));
	btfb_word(b, (uint32_t)kflag << 31 | (uint32_t)kind << 24 | vlen);
	btfb_word(b, size_or_type);
	return b->start_id + b->nr_types++;
}

uint32_t btfb_int(struct btfb *b, const char *name, uint32_t size, uint8_t enc, uint8_t bits)
{
	uint32_t id = btfb_type(b, name, BTF_KIND_INT, false, 0, size);

	btfb_word(b, (uint32_t)enc << 24 | bits);
	return id;
}

uint32_t btfb_ref(struct btfb *b, int kind, const char *name, uint32_t type)
{
	return btfb_type(b, name, kind, false, 0, type);
}

uint32_t btfb_array(struct btfb *b, uint32_t elem, uint32_t index, uint32_t nelems)
{
	uint32_t id = btfb_type(b, NULL, BTF_KIND_ARRAY, false, 0, 0);

	btfb_word(b, elem);
	btfb_word(b, index);
	btfb_word(b, nelems);
	return id;
}

uint32_t btfb_struct(struct btfb *b, const char *name, uint32_t size, uint16_t vlen)
{
	return btfb_type(b, name, BTF_KIND_STRUCT, false, vlen, size);
}

uint32_t btfb_union(struct btfb *b, const char *name, uint32_t size, uint16_t vlen)
{
	return btfb_type(b, name, BTF_KIND_UNION, false, vlen, size);
}

uint32_t btfb_struct_kflag(struct btfb *b, const char *name, uint32_t size, uint16_t vlen)
{
	return btfb_type(b, name, BTF_KIND_STRUCT, true, vlen, size);
}

void btfb_member(struct btfb *b, const char *name, uint32_t type, uint32_t bit_off)
{
	btfb_word(b, btfb_str(b, name));
	btfb_word(b, type);
	btfb_word(b, bit_off);
}

void btfb_bitfield(struct btfb *b, const char *name, uint32_t type, uint32_t bit_off, uint8_t bits)
{
	btfb_member(b, name, type, (uint32_t)bits << 24 | bit_off);
}

uint32_t btfb_enum(struct btfb *b, const char *name, uint32_t size, uint16_t vlen, bool sgn)
{
	return btfb_type(b, name, BTF_KIND_ENUM, sgn, vlen, size);
}

void btfb_enumval(struct btfb *b, const char *name, int32_t val)
{
	btfb_word(b, btfb_str(b, name));
	btfb_word(b, (uint32_t)val);
}

uint32_t btfb_enum64(struct btfb *b, const char *name, uint32_t size, uint16_t vlen, bool sgn)
{
	return btfb_type(b, name, BTF_KIND_ENUM64, sgn, vlen, size);
}

void btfb_enum64val(struct btfb *b, const char *name, uint64_t val)
{
	btfb_word(b, btfb_str(b, name));
	btfb_word(b, (uint32_t)val);
	btfb_word(b, (uint32_t)(val >> 32));
}

uint32_t btfb_fwd(struct btfb *b, const char *name, bool is_union)
{
	return btfb_type(b, name, BTF_KIND_FWD, is_union, 0, 0);
}

uint32_t btfb_func(struct btfb *b, const char *name, uint32_t proto, uint16_t linkage)
{
	return btfb_type(b, name, BTF_KIND_FUNC, false, linkage, proto);
}

uint32_t btfb_proto(struct btfb *b, uint32_t ret, uint16_t vlen)
{
	return btfb_type(b, NULL, BTF_KIND_FUNC_PROTO, false, vlen, ret);
}

void btfb_param(struct btfb *b, const char *name, uint32_t type)
{
	btfb_word(b, btfb_str(b, name));
	btfb_word(b, type);
}

uint32_t btfb_var(struct btfb *b, const char *name, uint32_t type, uint32_t linkage)
{
	uint32_t id = btfb_type(b, name, BTF_KIND_VAR, false, 0, type);

	btfb_word(b, linkage);
	return id;
}

uint32_t btfb_datasec(struct btfb *b, const char *name, uint32_t size, uint16_t vlen)
{
	return btfb_type(b, name, BTF_KIND_DATASEC, false, vlen, size);
}

void btfb_secinfo(struct btfb *b, uint32_t type, uint32_t offset, uint32_t size)
{
	btfb_word(b, type);
	btfb_word(b, offset);
	btfb_word(b, size);
}

uint32_t btfb_float(struct btfb *b, const char *name, uint32_t size)
{
	return btfb_type(b, name, BTF_KIND_FLOAT, false, 0, size);
}

uint32_t btfb_decl_tag(struct btfb *b, const char *name, uint32_t type, int32_t idx)
{
	uint32_t id = btfb_type(b, name, BTF_KIND_DECL_TAG, false, 0, type);

	btfb_word(b, (uint32_t)idx);
	return id;
}

/* Walks the words to find where type @id starts: the record sizes follow the kinds. */
struct btf_type *btfb_type_at(struct btfb *b, uint32_t id)
{
	static const uint8_t fixed[NR_BTF_KINDS] = { [BTF_KIND_INT] = 1,
						     [BTF_KIND_ARRAY] = 3,
						     [BTF_KIND_VAR] = 1,
						     [BTF_KIND_DECL_TAG] = 1 };
	static const uint8_t unit[NR_BTF_KINDS] = {
		[BTF_KIND_STRUCT] = 3,	   [BTF_KIND_UNION] = 3,   [BTF_KIND_ENUM] = 2,
		[BTF_KIND_FUNC_PROTO] = 2, [BTF_KIND_DATASEC] = 3, [BTF_KIND_ENUM64] = 3,
	};
	size_t w = 0;
	uint32_t i, info, kind;

	for (i = b->start_id; i < id && w + 3 <= b->nwords; i++) {
		info = b->types[w + 1];
		kind = BTF_INFO_KIND(info) % NR_BTF_KINDS;
		w += 3 + fixed[kind] + unit[kind] * BTF_INFO_VLEN(info);
	}
	return (struct btf_type *)&b->types[w];
}

void *btfb_blob_ex(const struct btfb *b, uint32_t hdr_extra, bool swap, size_t *sz)
{
	struct btf_header h = { .magic = BTF_MAGIC, .version = BTF_VERSION };
	size_t types_len = b->nwords * 4, i;
	uint32_t *w;
	uint8_t *out;

	h.hdr_len = sizeof(h) + hdr_extra;
	h.type_len = types_len;
	h.str_off = types_len;
	h.str_len = b->strs_len;
	*sz = h.hdr_len + types_len + b->strs_len;
	out = xrealloc(NULL, *sz);
	memset(out, 0, h.hdr_len);
	memcpy(out + h.hdr_len, b->types, types_len);
	memcpy(out + h.hdr_len + types_len, b->strs, b->strs_len);
	if (swap) {
		h.magic = __builtin_bswap16(h.magic);
		for (w = &h.hdr_len; w <= &h.str_len; w++)
			*w = __builtin_bswap32(*w);
		for (i = 0, w = (uint32_t *)(out + sizeof(h) + hdr_extra); i < b->nwords; i++)
			w[i] = __builtin_bswap32(w[i]);
	}
	memcpy(out, &h, sizeof(h));
	return out;
}

void *btfb_blob(const struct btfb *b, size_t *sz)
{
	return btfb_blob_ex(b, 0, false, sz);
}
