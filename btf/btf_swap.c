// SPDX-License-Identifier: BSD-2-Clause
/*
 * Byte-swapping BTF of the other byte order (objects built with
 * clang -target bpfeb, read on x86; or bpfel on a big-endian host).
 *
 * Every record BTF defines after a struct btf_type is a sequence of 32-bit
 * words (btf_enum64 keeps its value as two u32 halves, lo then hi, so each
 * half swaps on its own), which makes the swap one loop: the header's
 * fields, then for each type its three words and the words of its records.
 * Strings are bytes and stay as they are.
 *
 * The swap checks only what it needs to stay in bounds and stops at the
 * first thing that does not fit; the parser, which reads the swapped
 * header and types, then reports that same spot with a full message.
 */
#include <errno.h>
#include <string.h>

#include "internal/log.h"
#include "internal.h"

void bbpf__swap32s(uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		w[i] = __builtin_bswap32(w[i]);
}

static void swap_hdr(struct btf_header *h)
{
	h->magic = __builtin_bswap16(h->magic);
	/* version and flags are single bytes */
	h->hdr_len = __builtin_bswap32(h->hdr_len);
	h->type_off = __builtin_bswap32(h->type_off);
	h->type_len = __builtin_bswap32(h->type_len);
	h->str_off = __builtin_bswap32(h->str_off);
	h->str_len = __builtin_bswap32(h->str_len);
}

static void swap_types(uint8_t *types, uint32_t len)
{
	uint32_t pos = 0, extra;
	struct btf_type *t;

	while (len - pos >= sizeof(*t)) {
		t = (void *)(types + pos);
		bbpf__swap32s((uint32_t *)t, 3);
		if (bbpf_btf_kind(t) == BTF_KIND_UNKN || bbpf_btf_kind(t) > BTF_KIND_MAX)
			return;
		extra = bbpf__btf_extra_size(t);
		if (extra > len - pos - sizeof(*t))
			return;
		bbpf__swap32s((uint32_t *)(t + 1), extra / 4);
		pos += sizeof(*t) + extra;
	}
}

int bbpf__btf_swap(uint8_t *data, size_t sz)
{
	struct btf_header *h = (void *)data;
	uint64_t start;

	if (sz < sizeof(*h) || (uintptr_t)data % 4) {
		pr_warn("BTF: cannot swap %zu bytes\n", sz);
		return -EINVAL;
	}
	swap_hdr(h);
	start = (uint64_t)h->hdr_len + h->type_off;
	if (h->hdr_len < sizeof(*h) || start % 4 || h->type_len % 4 || start + h->type_len > sz)
		return 0; /* parse_hdr() says what is wrong */
	swap_types(data + start, h->type_len);
	pr_debug("BTF: converted %zu bytes from the other byte order\n", sz);
	return 0;
}
