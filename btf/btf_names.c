// SPDX-License-Identifier: BSD-2-Clause
/*
 * The name index: lookups by name and kind, and by essential name (the
 * CO-RE candidates of "task_struct___v2" are the types named "task_struct"
 * or "task_struct___<anything>").
 *
 * One chained hash per BTF, keyed by the *essential* name, built on the
 * first lookup. An exact-name lookup hashes the essential part of the name
 * it looks for and compares whole names along the chain, so one index
 * serves both questions:
 *
 *   buckets[hash & mask] -> i+1 -> next[i] -> j+1 -> next[j] -> 0
 *
 * i, j are local type indexes; chains are in ascending id order (the index
 * is filled from the last type back), so the first match is the lowest id,
 * which is what libbpf's linear search would find. For vmlinux (126k
 * types) that is 8 bytes per type, ~1 MiB.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal/log.h"
#include "internal.h"

#define HASH_MUL 0x9e3779b97f4a7c15ull
#define ONES	 0x0101010101010101ull
#define HIGHS	 0x8080808080808080ull

/* The flavor separator "___" at @p: a non-'_' before it and a non-'_' after it. */
static inline bool is_flavor_sep(const char *name, size_t p)
{
	return p > 0 && name[p - 1] != '_' && name[p] == '_' && name[p + 1] == '_' &&
	       name[p + 2] == '_' && name[p + 3] && name[p + 3] != '_';
}

/*
 * Up to 8 bytes of @s (@n left in the string), zero-padded. When @avail
 * bytes may be read (the rest of the string section), one whole-word load
 * and a mask: a short memcpy() to the stack would stall the load after it.
 */
static inline uint64_t load8(const char *s, size_t n, size_t avail)
{
	uint64_t w = 0;

	if (n >= 8) {
		memcpy(&w, s, 8);
		return w;
	}
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (avail >= 8) {
		memcpy(&w, s, 8);
		return w & ((1ull << (8 * n)) - 1);
	}
#endif
	memcpy(&w, s, n);
	return w;
}

/* 0x80 in each byte of @w equal to '_' (exact: no borrow between bytes). */
static inline uint64_t underscores(uint64_t w)
{
	uint64_t x = w ^ (ONES * '_');

	return ~(((x & ~HIGHS) + ~HIGHS) | x | ~HIGHS);
}

/*
 * Whether "___" occurs in @name (@n bytes), eight bytes at a time: windows
 * six bytes apart overlap by two, so every run of three lies in one of them.
 */
static bool has_triple_underscore(const char *name, size_t n, size_t avail)
{
	uint64_t u;
	size_t i;

	for (i = 0; i + 2 < n; i += 6) {
		u = underscores(load8(name + i, n - i, avail - i));
		if (u & (u >> 8) & (u >> 16))
			return true;
	}
	return false;
}

/* Word-at-a-time hash of @len bytes (@avail readable): the index's key function. */
static uint32_t hash_bytes(const char *s, size_t len, size_t avail)
{
	uint64_t h = len * HASH_MUL;

	for (; len >= 8; s += 8, len -= 8, avail -= 8) {
		h = (h ^ load8(s, 8, avail)) * HASH_MUL;
		h ^= h >> 32;
	}
	if (len) {
		h = (h ^ load8(s, len, avail)) * HASH_MUL;
		h ^= h >> 32;
	}
	return (uint32_t)(h ^ (h >> 29));
}

/* Essential length of @name (@n bytes, @avail readable): up to the last flavor separator. */
static size_t essential_len(const char *name, size_t n, size_t avail)
{
	size_t p;

	if (!has_triple_underscore(name, n, avail))
		return n;
	for (p = n; p-- > 1;) {
		if (is_flavor_sep(name, p))
			return p;
	}
	return n;
}

/* Hashes the essential name of @name (@avail readable); *@len receives its length. */
static uint32_t hash_essential(const char *name, size_t avail, size_t *len)
{
	size_t n = strlen(name);

	*len = essential_len(name, n, avail);
	return hash_bytes(name, *len, avail);
}

size_t bbpf_btf_essential_name_len(const char *name)
{
	size_t n = strlen(name);

	return essential_len(name, n, n + 1);
}

void bbpf__btf_names_free(struct bbpf_btf_names *names)
{
	free(names->buckets);
	free(names->next);
	names->buckets = NULL;
	names->next = NULL;
}

/* String at (validated) offset @off and how many bytes may be read from it. */
static const char *str_at(const struct bbpf_btf *btf, uint32_t off, size_t *avail)
{
	while (off < btf->start_str_off)
		btf = btf->base;
	off -= btf->start_str_off;
	*avail = btf->strs_len - off;
	return btf->strs + off;
}

static int build_names(struct bbpf_btf *btf)
{
	struct bbpf_btf_names *nm = &btf->names;
	uint32_t i, nb = 16, b, name_off;
	size_t len, avail;
	const char *name;

	/* About two names per chain: half the buckets, half the random writes. */
	while (nb < btf->nr_types / 2 && nb < (1u << 30))
		nb <<= 1;
	nm->buckets = calloc(nb, sizeof(*nm->buckets));
	nm->next = malloc(((size_t)btf->nr_types ?: 1) * sizeof(*nm->next));
	if (!nm->buckets || !nm->next) {
		bbpf__btf_names_free(nm);
		return -ENOMEM;
	}
	nm->mask = nb - 1;
	for (i = btf->nr_types; i-- > 0;) {
		name_off = ((const struct btf_type *)(btf->types + btf->offs[i]))->name_off;
		if (!name_off)
			continue;
		name = str_at(btf, name_off, &avail);
		if (!*name)
			continue;
		b = hash_essential(name, avail, &len) & nm->mask;
		nm->next[i] = nm->buckets[b];
		nm->buckets[b] = i + 1;
	}
	pr_debug("BTF: name index of %u types in %u buckets\n", btf->nr_types, nb);
	return 0;
}

/* Builds the indexes of @btf and its bases that do not have one yet. */
static int ensure_names(const struct bbpf_btf *btf)
{
	int err;

	for (; btf; btf = btf->base) {
		if (btf->names.buckets)
			continue;
		/* The index is a cache: building it does not change what the BTF means. */
		err = build_names((struct bbpf_btf *)btf);
		if (err)
			return err;
	}
	return 0;
}

/* The BTF just above @cur in the chain from @top down to its deepest base. */
static const struct bbpf_btf *above(const struct bbpf_btf *top, const struct bbpf_btf *cur)
{
	while (top && top->base != cur)
		top = top->base;
	return top;
}

static const struct bbpf_btf *deepest(const struct bbpf_btf *btf)
{
	while (btf->base)
		btf = btf->base;
	return btf;
}

int bbpf_btf_name_iter_init(struct bbpf_btf_name_iter *it, const struct bbpf_btf *btf,
			    const char *name, size_t len)
{
	memset(it, 0, sizeof(*it));
	it->top = btf;
	it->name = name;
	it->len = len;
	it->hash = hash_bytes(name, len, len);
	it->err = ensure_names(btf);
	if (it->err)
		return it->err;
	it->btf = deepest(btf);
	it->next = it->btf->names.buckets[it->hash & it->btf->names.mask];
	return 0;
}

/* Next id on the current chains whose essential name matches, or 0. */
static uint32_t chain_next(struct bbpf_btf_name_iter *it)
{
	const struct bbpf_btf *btf;
	const char *name;
	uint32_t i;

	while (it->btf) {
		btf = it->btf;
		while (it->next) {
			i = it->next - 1;
			it->next = btf->names.next[i];
			name = bbpf_btf_str(
				btf,
				((const struct btf_type *)(btf->types + btf->offs[i]))->name_off);
			if (!strncmp(name, it->name, it->len) &&
			    bbpf_btf_essential_name_len(name) == it->len)
				return btf->start_id + i;
		}
		it->btf = above(it->top, btf);
		if (it->btf)
			it->next = it->btf->names.buckets[it->hash & it->btf->names.mask];
	}
	return 0;
}

int bbpf_btf_name_iter_next(struct bbpf_btf_name_iter *it)
{
	if (it->err)
		return it->err;
	return (int)chain_next(it);
}

int bbpf_btf_find_by_name_kind(const struct bbpf_btf *btf, const char *name, int kind)
{
	struct bbpf_btf_name_iter it;
	const struct btf_type *t;
	size_t len;
	int id, err;

	if (!name || !*name)
		return -ENOENT;
	len = bbpf_btf_essential_name_len(name);
	err = bbpf_btf_name_iter_init(&it, btf, name, len);
	if (err)
		return err;
	while ((id = bbpf_btf_name_iter_next(&it)) > 0) {
		t = bbpf__btf_type(btf, id);
		if ((kind < 0 || bbpf_btf_kind(t) == kind) &&
		    !strcmp(bbpf_btf_str(btf, t->name_off), name))
			return id;
	}
	return id < 0 ? id : -ENOENT;
}
