// SPDX-License-Identifier: BSD-2-Clause
/*
 * Finding one named type in raw base BTF by a single walk, without parsing:
 * no index, no validation of references, no allocation. For questions that
 * need one id from the kernel's 5 MB BTF (the feature probes' attach
 * targets), where a full parse costs ~6 ms of CPU and ~2 MB of index.
 * Every read stays within @sz; malformed input gives -EINVAL.
 */
#include <errno.h>
#include <string.h>

#include <barebpf/btf.h>
#include "internal.h"

/* The header's sections, checked against @sz; 0 or -EINVAL. */
static int sections(const uint8_t *data, size_t sz, const uint8_t **types, uint32_t *types_len,
		    const char **strs, uint32_t *strs_len)
{
	const struct btf_header *h = (const void *)data;

	/* (native byte order only: the running kernel's own BTF) */
	uint64_t room;

	if (sz < sizeof(*h) || h->magic != BTF_MAGIC || h->hdr_len < sizeof(*h) ||
	    h->hdr_len > sz || h->type_off % 4 || h->type_len % 4)
		return -EINVAL;
	room = sz - h->hdr_len;
	if ((uint64_t)h->type_off + h->type_len > room || (uint64_t)h->str_off + h->str_len > room)
		return -EINVAL;
	*types = data + h->hdr_len + h->type_off;
	*types_len = h->type_len;
	*strs = (const char *)data + h->hdr_len + h->str_off;
	*strs_len = h->str_len;
	return 0;
}

static bool name_is(const char *strs, uint32_t strs_len, uint32_t off, const char *name, size_t len)
{
	return off < strs_len && strs_len - off > len && !memcmp(strs + off, name, len + 1);
}

int bbpf_btf_scan_find(const void *data, size_t sz, const char *const *names, size_t cnt, int kind)
{
	const uint8_t *types, *p, *end;
	const char *strs;
	uint32_t types_len, strs_len, id = 1, rec;
	int best = -ENOENT;
	size_t i, found = cnt;

	if (!data || sections(data, sz, &types, &types_len, &strs, &strs_len))
		return -EINVAL;
	for (p = types, end = types + types_len; p < end && found; p += rec, id++) {
		const struct btf_type *t = (const void *)p;

		if ((size_t)(end - p) < sizeof(*t) || bbpf_btf_kind(t) >= NR_BTF_KINDS)
			return -EINVAL;
		rec = sizeof(*t) + bbpf__btf_extra_size(t);
		if (rec > (size_t)(end - p))
			return -EINVAL;
		if (bbpf_btf_kind(t) != kind)
			continue;
		for (i = 0; i < found; i++) {
			if (name_is(strs, strs_len, t->name_off, names[i], strlen(names[i]))) {
				best = id; /* names[i] preferred over every later name */
				found = i;
				break;
			}
		}
	}
	return best;
}
