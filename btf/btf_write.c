// SPDX-License-Identifier: BSD-2-Clause
/*
 * Raw BTF out: a parsed BTF's own sections copied into a growable buffer
 * (struct bbpf__btf_wr, which btf_sanitize.c patches), then encoded:
 *
 *	offset 0   struct btf_header   magic 0xeb9f, version 1, flags 0, hdr_len 24,
 *	                               type_off 0, type_len, str_off = type_len, str_len
 *	offset 24  types               32-bit words only, so the other byte order
 *	           strings             is a swap of every word; strings are bytes
 *
 * The header is always today's 24 bytes, even when the input had a longer
 * one (its extra bytes are zero: validation made sure), so older kernels
 * take the result.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal/mem.h"
#include "write_internal.h"

/* The type and string sections of @btf's own blob. */
static void sections(const struct bbpf_btf *btf, const uint8_t **types, uint32_t *types_len,
		     const char **strs, uint32_t *strs_len)
{
	size_t sz;
	const struct btf_header *h = bbpf_btf_raw(btf, &sz);
	const uint8_t *body = (const uint8_t *)h + h->hdr_len;

	*types = body + h->type_off;
	*types_len = h->type_len;
	*strs = (const char *)body + h->str_off;
	*strs_len = h->str_len;
}

/* Split BTF numbers its strings after all of its bases' strings. */
static uint32_t base_str_len(const struct bbpf_btf *base)
{
	const uint8_t *types;
	const char *strs;
	uint32_t tl, sl, sum = 0;

	for (; base; base = bbpf_btf_base(base)) {
		sections(base, &types, &tl, &strs, &sl);
		sum += sl;
	}
	return sum;
}

static int append(uint8_t **buf, size_t *len, size_t *cap, const void *data, size_t n)
{
	int err;

	if (!n)
		return 0;
	if (*len + n > INT_MAX)
		return -E2BIG;
	err = bbpf__grow((void **)buf, cap, 1, *len + n);
	if (err)
		return err;
	memcpy(*buf + *len, data, n);
	*len += n;
	return 0;
}

int bbpf__btf_wr_init(struct bbpf__btf_wr *w, const struct bbpf_btf *btf)
{
	uint32_t types_len, strs_len;
	const uint8_t *types;
	const char *strs;
	int err;

	sections(btf, &types, &types_len, &strs, &strs_len);
	w->src_types = types;
	w->str_base = base_str_len(bbpf_btf_base(btf));
	w->next_id = bbpf_btf_type_cnt(btf);
	err = append(&w->types, &w->types_len, &w->types_cap, types, types_len);
	return err ?: append((uint8_t **)&w->strs, &w->strs_len, &w->strs_cap, strs, strs_len);
}

struct btf_type *bbpf__btf_wr_type(struct bbpf__btf_wr *w, const struct bbpf_btf *btf, uint32_t id)
{
	const uint8_t *t = (const uint8_t *)bbpf_btf_type_by_id(btf, id);

	return (struct btf_type *)(w->types + (t - w->src_types));
}

int bbpf__btf_wr_str(struct bbpf__btf_wr *w, const char *s)
{
	size_t off = w->str_base + w->strs_len;
	int err;

	if (off > INT_MAX)
		return -E2BIG;
	err = append((uint8_t **)&w->strs, &w->strs_len, &w->strs_cap, s, strlen(s) + 1);
	return err ?: (int)off;
}

int bbpf__btf_wr_add(struct bbpf__btf_wr *w, const void *rec, size_t len)
{
	int err;

	if (w->next_id > INT_MAX)
		return -E2BIG;
	err = append(&w->types, &w->types_len, &w->types_cap, rec, len);
	return err ?: (int)w->next_id++;
}

static bool host_is_little(void)
{
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}

static void swap_words(uint8_t *p, size_t len)
{
	uint32_t w;
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		memcpy(&w, p + i, 4);
		w = __builtin_bswap32(w);
		memcpy(p + i, &w, 4);
	}
}

int bbpf__btf_wr_encode(const struct bbpf__btf_wr *w, enum bbpf_btf_endian endian, void **out,
			size_t *out_sz)
{
	struct btf_header h = { .magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h) };
	size_t sz = sizeof(h) + w->types_len + w->strs_len;
	bool swap;
	uint8_t *p;

	if (endian > BBPF_BTF_ENDIAN_BIG)
		return -EINVAL;
	if (w->types_len + w->strs_len > UINT32_MAX)
		return -E2BIG;
	swap = endian != BBPF_BTF_ENDIAN_NATIVE &&
	       (endian == BBPF_BTF_ENDIAN_LITTLE) != host_is_little();
	h.type_len = w->types_len;
	h.str_off = w->types_len;
	h.str_len = w->strs_len;
	p = malloc(sz);
	if (!p)
		return -ENOMEM;
	if (swap) {
		h.magic = __builtin_bswap16(h.magic);
		swap_words((uint8_t *)&h.hdr_len, sizeof(h) - offsetof(struct btf_header, hdr_len));
	}
	memcpy(p, &h, sizeof(h));
	if (w->types_len)
		memcpy(p + sizeof(h), w->types, w->types_len);
	if (w->strs_len)
		memcpy(p + sizeof(h) + w->types_len, w->strs, w->strs_len);
	if (swap)
		swap_words(p + sizeof(h), w->types_len);
	*out = p;
	*out_sz = sz;
	return 0;
}

void bbpf__btf_wr_free(struct bbpf__btf_wr *w)
{
	free(w->types);
	free(w->strs);
	w->types = NULL;
	w->strs = NULL;
}

int bbpf_btf_write(const struct bbpf_btf *btf, enum bbpf_btf_endian endian, void **out,
		   size_t *out_sz)
{
	struct bbpf__btf_wr w = { 0 };
	int err;

	if (!btf || !out || !out_sz)
		return -EINVAL;
	err = bbpf__btf_wr_init(&w, btf);
	err = err ?: bbpf__btf_wr_encode(&w, endian, out, out_sz);
	bbpf__btf_wr_free(&w);
	return err;
}
