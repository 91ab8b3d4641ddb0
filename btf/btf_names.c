// SPDX-License-Identifier: BSD-2-Clause
/*
 * The name index: lookups by name and kind, and by essential name (the
 * CO-RE candidates of "task_struct___v2" are the types named "task_struct"
 * or "task_struct___<anything>").
 *
 * Each BTF has three flat open-addressing tables keyed by the hash of the
 * *essential* name: FUNC names, DECL_TAG names, and every other kind's.
 * An exact-name lookup hashes the essential part of the name it looks for
 * and compares whole names at the slots with the same hash, so one index
 * serves both questions:
 *
 *   slot = hash << 32 | local index + 1          (all ones: empty)
 *   probe hash & mask, hash+1 & mask, ... until an empty slot
 *
 * A table is sized once, from the named types of its kinds that kinds[]
 * counts (4/3 of them, rounded up to a power of two: at least a quarter of
 * the slots stay empty, so a probe ends), and filled in ascending id order,
 * so the slots of one name are met in id order and the first match is the
 * lowest id, which is what libbpf's linear search would find.
 *
 * What is hashed is only what is asked for:
 * - by table: vmlinux has 71k named types, 56k of them FUNCs, which no
 *   CO-RE relocation asks for, and 200 DECL_TAGs named "bpf_kfunc" (one
 *   cluster of 200 equal keys would lengthen every probe that meets it);
 *   a STRUCT lookup hashes the 15k others (256 KiB of slots, not 1.3 MiB);
 * - by need: the first lookup that needs a table does not build it, but
 *   scans the named types of the wanted kinds (kinds[] says which, 8 at a
 *   time) and compares their names: a tenth of the work for a BTF asked one
 *   question (`barebpf btf find`); the second lookup builds the table.
 * Reading a name costs a few cache misses (its type, its string, its
 * slot): builds and scans take 16 types at a time, stage by stage with
 * prefetches, so that the misses overlap. Each name is hashed in one pass,
 * a word at a time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal/log.h"
#include "internal.h"

#define HASH_MUL  0x9e3779b97f4a7c15ull
#define ONES	  0x0101010101010101ull
#define HIGHS	  0x8080808080808080ull
#define FUNC_BIT  (1u << BTF_KIND_FUNC)
#define TAG_BIT	  (1u << BTF_KIND_DECL_TAG)
#define NOT_FOUND UINT32_MAX
#define EMPTY	  UINT64_MAX /* a free slot: no index + 1 is 2^32 - 1 (ids are below 2^31) */

/* The flavor separator "___" at @p: a non-'_' before it and a non-'_' after it. */
static inline bool is_flavor_sep(const char *name, size_t p)
{
	return p > 0 && name[p - 1] != '_' && name[p] == '_' && name[p + 1] == '_' &&
	       name[p + 2] == '_' && name[p + 3] && name[p + 3] != '_';
}

/*
 * Up to 8 bytes of @s as a little-endian word (byte 0 lowest), zero-padded
 * past @avail, the bytes that may be read.
 */
static inline uint64_t load8(const char *s, size_t avail)
{
	uint64_t w = 0;

	/* Two calls: a memcpy() of a constant 8 bytes is one load. */
	if (avail >= 8)
		memcpy(&w, s, 8);
	else
		memcpy(&w, s, avail);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* 0x80 in the lowest byte of @w that is zero (and maybe in higher ones); 0 if none is. */
static inline uint64_t zero_bytes(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/* 0x80 in each byte of @x that is zero (exact: no borrow between bytes). */
static inline uint64_t zeros_exact(uint64_t x)
{
	return ~(((x & ~HIGHS) + ~HIGHS) | x | ~HIGHS);
}

/* 0x80 in each byte of @w equal to '_'. */
static inline uint64_t underscores(uint64_t w)
{
	return zeros_exact(w ^ (ONES * '_'));
}

/* Whether "___" lies in this word or starts in the last two bytes of the one before. */
static inline uint64_t triples(uint64_t u, uint64_t prev)
{
	uint64_t x = u << 16 | prev >> 48;

	return (u & u >> 8 & u >> 16) | (x & x >> 8 & x >> 16);
}

static inline uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * HASH_MUL;
	return h ^ (h >> 32);
}

static inline uint32_t finish(uint64_t h, size_t len)
{
	return (uint32_t)(((h ^ len) * HASH_MUL) >> 32);
}

/*
 * The index's key function: @len bytes of @s in words, the last one
 * zero-padded (@avail: bytes that may be read, >= @len).
 */
static uint32_t hash_bytes(const char *s, size_t len, size_t avail)
{
	uint64_t h = 0;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8)
		h = mix(h, load8(s + i, avail - i));
	if (i < len)
		h = mix(h, load8(s + i, len - i));
	return finish(h, len);
}

/* Essential length of @name (@n bytes): up to the last flavor separator. */
static size_t essential_len(const char *name, size_t n)
{
	size_t p;

	for (p = n; p-- > 1;) {
		if (is_flavor_sep(name, p))
			return p;
	}
	return n;
}

/*
 * hash_bytes() of the essential name of NUL-terminated @s (@avail readable,
 * the NUL among them), in one pass: the length, the hash and whether "___"
 * occurs come from the same words. Names with "___" (rare) are hashed again
 * up to their essential length.
 */
static uint32_t hash_essential(const char *s, size_t avail)
{
	uint64_t h = 0, w, z, u, prev = 0, tri = 0;
	size_t n = 0, k;

	for (;; n += 8) {
		w = load8(s + n, avail - n);
		z = zero_bytes(w);
		if (z)
			break;
		u = underscores(w);
		tri |= triples(u, prev);
		prev = u;
		h = mix(h, w);
	}
	k = (size_t)__builtin_ctzll(z) / 8;
	w &= k ? ~0ull >> (64 - 8 * k) : 0;
	tri |= triples(underscores(w), prev);
	if (k)
		h = mix(h, w);
	n += k;
	if (unlikely(tri))
		return hash_bytes(s, essential_len(s, n), avail);
	return finish(h, n);
}

size_t bbpf_btf_essential_name_len(const char *name)
{
	return essential_len(name, strlen(name));
}

void bbpf__btf_names_free(struct bbpf_btf_names *names)
{
	int g;

	for (g = 0; g < BBPF_NAMES_CNT; g++) {
		free(names->slots[g]);
		names->slots[g] = NULL;
	}
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

static inline uint32_t kind_at(const struct bbpf_btf *btf, uint32_t i)
{
	return btf->kinds[i] & BBPF_BTF_KIND_MASK;
}

/* The name of own type @i, or NULL if it has none. */
static inline const char *name_at(const struct bbpf_btf *btf, uint32_t i, size_t *avail)
{
	uint32_t off = bbpf__btf_own(btf, i)->name_off;
	const char *s;

	if (!off)
		return NULL;
	s = str_at(btf, off, avail);
	return *s ? s : NULL;
}

/* The kinds each table holds. */
static const uint32_t table_kinds[BBPF_NAMES_CNT] = {
	[BBPF_NAMES_OTHER] = ~(FUNC_BIT | TAG_BIT),
	[BBPF_NAMES_FUNC] = FUNC_BIT,
	[BBPF_NAMES_TAG] = TAG_BIT,
};

/*
 * 0x80 in each byte of @w (eight kinds[] bytes) whose type has a name and
 * belongs in table @g.
 */
static inline uint64_t members(uint64_t w, int g)
{
	uint64_t kinds = w & ONES * BBPF_BTF_KIND_MASK;
	uint64_t funcs = zeros_exact(kinds ^ ONES * BTF_KIND_FUNC);
	uint64_t tags = zeros_exact(kinds ^ ONES * BTF_KIND_DECL_TAG);

	switch (g) {
	case BBPF_NAMES_FUNC:
		return w & HIGHS & funcs;
	case BBPF_NAMES_TAG:
		return w & HIGHS & tags;
	default:
		return w & HIGHS & ~(funcs | tags);
	}
}

/* The members() bits of the kinds[] word at own type @i. */
static inline uint64_t members_at(const struct bbpf_btf *btf, uint32_t i, int g)
{
	return members(load8((const char *)btf->kinds + i, btf->nr_types - i), g);
}

/* Slots of table @g: 4/3 of its names, rounded up to a power of two, at least 16. */
static uint32_t table_size(const struct bbpf_btf *btf, int g)
{
	uint64_t n = 0, want, size = 16;
	uint32_t i;

	/* members() sets only the top bit of a byte: the multiply sums them in the top byte. */
	for (i = 0; i < btf->nr_types; i += 8)
		n += ((members_at(btf, i, g) >> 7) * ONES) >> 56;
	want = n + n / 3 + 1;
	while (size < want)
		size <<= 1;
	return size > (1u << 31) ? 0 : (uint32_t)size;
}

static void insert(uint64_t *slots, uint32_t mask, uint32_t h, uint32_t i)
{
	uint32_t at;

	for (at = h & mask; slots[at] != EMPTY; at = (at + 1) & mask)
		;
	slots[at] = (uint64_t)h << 32 | (i + 1);
}

/*
 * Types waiting to be inserted. Each one costs three dependent cache misses
 * (its header, its name, its slot); handling sixteen at a time, stage by
 * stage with prefetches, overlaps them.
 */
#define BATCH 16

struct batch {
	uint64_t *slots;
	uint32_t mask, cnt;
	uint32_t idx[BATCH];
	uint32_t hash[BATCH];
	const char *name[BATCH];
	size_t avail[BATCH];
};

static void add_to_batch(const struct bbpf_btf *btf, struct batch *b, uint32_t i)
{
	__builtin_prefetch(bbpf__btf_own(btf, i));
	b->idx[b->cnt++] = i;
}

static void flush_batch(const struct bbpf_btf *btf, struct batch *b)
{
	uint32_t k;

	for (k = 0; k < b->cnt; k++) {
		b->name[k] = str_at(btf, bbpf__btf_own(btf, b->idx[k])->name_off, &b->avail[k]);
		__builtin_prefetch(b->name[k]);
	}
	for (k = 0; k < b->cnt; k++) {
		b->hash[k] = hash_essential(b->name[k], b->avail[k]);
		__builtin_prefetch(&b->slots[b->hash[k] & b->mask]);
	}
	/* Names are never "" in practice: one would be found by no lookup, so skip it here. */
	for (k = 0; k < b->cnt; k++) {
		if (*b->name[k])
			insert(b->slots, b->mask, b->hash[k], b->idx[k]);
	}
	b->cnt = 0;
}

/* Fills table @g, eight kinds[] bytes at a time: anonymous types are never read. */
static int build_table(struct bbpf_btf *btf, int g)
{
	uint32_t size = table_size(btf, g), mask = size - 1, i;
	struct batch b = { .mask = mask };
	uint64_t *slots, m;

	/*
	 * Filled with EMPTY (all ones) by writing: the fresh zero pages of a
	 * calloc() (which the compiler makes of malloc + memset 0) would fault
	 * twice each, once when a probe reads them, again at the first write.
	 */
	slots = size ? malloc((size_t)size * sizeof(*slots)) : NULL;
	if (!slots)
		return -ENOMEM;
	memset(slots, 0xff, (size_t)size * sizeof(*slots));
	b.slots = slots;
	for (i = 0; i < btf->nr_types; i += 8) {
		for (m = members_at(btf, i, g); m; m &= m - 1) {
			add_to_batch(btf, &b, i + (uint32_t)__builtin_ctzll(m) / 8);
			if (b.cnt == BATCH)
				flush_batch(btf, &b);
		}
	}
	flush_batch(btf, &b);
	btf->names.slots[g] = slots;
	btf->names.mask[g] = mask;
	pr_debug("BTF: name index of %s names: %u slots\n",
		 g == BBPF_NAMES_FUNC  ? "FUNC"
		 : g == BBPF_NAMES_TAG ? "DECL_TAG"
				       : "type",
		 size);
	return 0;
}

/* Whether table @g serves a walk for @kinds (0: every kind). */
static inline bool wants_group(uint32_t kinds, int g)
{
	return !kinds || (kinds & table_kinds[g]);
}

/*
 * Whether a walk for @kinds over @top and its bases is the first to need
 * any of their tables: none exists and none was scanned for. Marks them.
 */
static bool first_lookup(const struct bbpf_btf *top, uint32_t kinds)
{
	const struct bbpf_btf *btf;
	int g;

	for (btf = top; btf; btf = btf->base) {
		for (g = 0; g < BBPF_NAMES_CNT; g++) {
			if (wants_group(kinds, g) && (btf->names.slots[g] || btf->names.scanned[g]))
				return false;
		}
	}
	for (btf = top; btf; btf = btf->base) {
		for (g = 0; g < BBPF_NAMES_CNT; g++)
			((struct bbpf_btf *)btf)->names.scanned[g] |= wants_group(kinds, g);
	}
	return true;
}

/* Builds the tables for @kinds of @btf and its bases that do not have them yet. */
static int ensure_tables(const struct bbpf_btf *btf, uint32_t kinds)
{
	int g, err;

	for (; btf; btf = btf->base) {
		for (g = 0; g < BBPF_NAMES_CNT; g++) {
			if (!wants_group(kinds, g) || btf->names.slots[g])
				continue;
			/* The index is a cache: building it does not change what the BTF means. */
			err = build_table((struct bbpf_btf *)btf, g);
			if (err)
				return err;
		}
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

/* Starts the walk of it->btf's tables. */
static void start_btf(struct bbpf_btf_name_iter *it)
{
	int g;

	for (g = 0; g < BBPF_NAMES_CNT; g++) {
		it->peek[g] = 0;
		it->pos[g] =
			wants_group(it->kinds, g) ? it->hash & it->btf->names.mask[g] : NOT_FOUND;
	}
}

/* Whether @name's essential name is the first @len bytes of @want. */
static inline bool essential_eq(const char *name, const char *want, size_t len)
{
	/* The first byte rejects most names without a call. */
	if (!len || name[0] != want[0] || strncmp(name, want, len))
		return false;
	return !name[len] || bbpf_btf_essential_name_len(name) == len;
}

/* Types of one BTF a scan compares, sixteen at a time (as in build_table()). */
struct scan {
	struct bbpf_btf_name_iter *it;
	const struct bbpf_btf *btf;
	uint32_t cnt;
	uint32_t idx[BATCH];
	const char *name[BATCH];
};

/* Compares the batch's names: -E2BIG when there are more matches than the iterator keeps. */
static int flush_scan(struct scan *s)
{
	struct bbpf_btf_name_iter *it = s->it;
	uint32_t k;
	size_t avail;

	for (k = 0; k < s->cnt; k++) {
		s->name[k] = str_at(s->btf, bbpf__btf_own(s->btf, s->idx[k])->name_off, &avail);
		__builtin_prefetch(s->name[k]);
	}
	for (k = 0; k < s->cnt; k++) {
		if (!essential_eq(s->name[k], it->name, it->len))
			continue;
		if (it->nr_found == BBPF_BTF_NAME_SCAN_MAX)
			return -E2BIG;
		it->found[it->nr_found++] = s->btf->start_id + s->idx[k];
	}
	s->cnt = 0;
	return 0;
}

/*
 * 0x80 in each byte of @w (eight kinds[] bytes) whose kind may be in
 * @kinds: exactly for one or two kinds (STRUCT; ENUM | ENUM64), else all.
 */
static inline uint64_t of_kinds(uint64_t w, uint32_t kinds)
{
	uint64_t k = w & ONES * BBPF_BTF_KIND_MASK, m = 0;
	uint32_t rest = kinds & (kinds - 1);

	if (!kinds || (rest & (rest - 1)))
		return HIGHS;
	m = zeros_exact(k ^ ONES * (uint32_t)__builtin_ctz(kinds));
	if (rest)
		m |= zeros_exact(k ^ ONES * (uint32_t)__builtin_ctz(rest));
	return m;
}

/* Compares the name of every named type of @btf of a wanted kind, in id order. */
static int scan_btf(struct bbpf_btf_name_iter *it, const struct bbpf_btf *btf)
{
	struct scan s = { .it = it, .btf = btf };
	uint32_t i, j;
	uint64_t w, m;
	int err = 0;

	for (i = 0; i < btf->nr_types && !err; i += 8) {
		w = load8((const char *)btf->kinds + i, btf->nr_types - i);
		for (m = w & HIGHS & of_kinds(w, it->kinds); m && !err; m &= m - 1) {
			j = (uint32_t)__builtin_ctzll(m) / 8;
			if (it->kinds && !(it->kinds & 1u << (w >> 8 * j & BBPF_BTF_KIND_MASK)))
				continue;
			__builtin_prefetch(bbpf__btf_own(btf, i + j));
			s.idx[s.cnt++] = i + j;
			if (s.cnt == BATCH)
				err = flush_scan(&s);
		}
	}
	return err ?: flush_scan(&s);
}

/* A first lookup: every match, from the base up; -E2BIG when there are too many to keep. */
static int scan(struct bbpf_btf_name_iter *it)
{
	const struct bbpf_btf *btf;
	int err = 0;

	it->scanned = true;
	for (btf = deepest(it->top); btf && !err; btf = above(it->top, btf))
		err = scan_btf(it, btf);
	return err;
}

int bbpf_btf_name_iter_init_kinds(struct bbpf_btf_name_iter *it, const struct bbpf_btf *btf,
				  const char *name, size_t len, uint32_t kinds)
{
	memset(it, 0, sizeof(*it));
	it->top = btf;
	it->name = name;
	it->len = len;
	it->kinds = kinds;
	if (first_lookup(btf, kinds)) {
		if (!scan(it))
			return 0;
		/* More matches than the iterator keeps: use the tables after all. */
		it->scanned = false;
	}
	it->hash = hash_bytes(name, len, len);
	it->err = ensure_tables(btf, kinds);
	if (it->err)
		return it->err;
	it->btf = deepest(btf);
	start_btf(it);
	return 0;
}

int bbpf_btf_name_iter_init(struct bbpf_btf_name_iter *it, const struct bbpf_btf *btf,
			    const char *name, size_t len)
{
	return bbpf_btf_name_iter_init_kinds(it, btf, name, len, 0);
}

/* Whether own type @i of @btf has the essential name the walk looks for, and a wanted kind. */
static bool matches(const struct bbpf_btf_name_iter *it, const struct bbpf_btf *btf, uint32_t i)
{
	const char *name;
	size_t avail;

	if (it->kinds && !(it->kinds & (1u << kind_at(btf, i))))
		return false;
	name = name_at(btf, i, &avail);
	return name && essential_eq(name, it->name, it->len);
}

/* The next match (local index + 1) in table @g of it->btf, or 0 at the table's end. */
static uint32_t probe(struct bbpf_btf_name_iter *it, int g)
{
	const struct bbpf_btf *btf = it->btf;
	const uint64_t *slots = btf->names.slots[g];
	uint32_t mask = btf->names.mask[g];
	uint64_t slot;

	while ((slot = slots[it->pos[g]]) != EMPTY) {
		it->pos[g] = (it->pos[g] + 1) & mask;
		if ((uint32_t)(slot >> 32) == it->hash && matches(it, btf, (uint32_t)slot - 1))
			return (uint32_t)slot;
	}
	it->pos[g] = NOT_FOUND;
	return 0;
}

/* The smaller of the tables' next matches in it->btf (ids ascending across both), or 0. */
static uint32_t next_local(struct bbpf_btf_name_iter *it)
{
	uint32_t best = 0;
	int g, pick = -1;

	for (g = 0; g < BBPF_NAMES_CNT; g++) {
		if (!it->peek[g] && it->pos[g] != NOT_FOUND)
			it->peek[g] = probe(it, g);
		if (it->peek[g] && (!best || it->peek[g] < best)) {
			best = it->peek[g];
			pick = g;
		}
	}
	if (pick >= 0)
		it->peek[pick] = 0;
	return best;
}

int bbpf_btf_name_iter_next(struct bbpf_btf_name_iter *it)
{
	uint32_t local;

	if (it->err)
		return it->err;
	if (it->scanned)
		return it->next_found < it->nr_found ? (int)it->found[it->next_found++] : 0;
	while (it->btf) {
		local = next_local(it);
		if (local)
			return (int)(it->btf->start_id + local - 1);
		it->btf = above(it->top, it->btf);
		if (it->btf)
			start_btf(it);
	}
	return 0;
}

int bbpf_btf_find_by_name_kind(const struct bbpf_btf *btf, const char *name, int kind)
{
	struct bbpf_btf_name_iter it;
	uint32_t kinds = 0;
	int id, err;

	if (!name || !*name || kind >= NR_BTF_KINDS)
		return -ENOENT;
	if (kind >= 0)
		kinds = 1u << kind;
	err = bbpf_btf_name_iter_init_kinds(&it, btf, name, bbpf_btf_essential_name_len(name),
					    kinds);
	if (err)
		return err;
	while ((id = bbpf_btf_name_iter_next(&it)) > 0) {
		if (!strcmp(bbpf_btf_name(btf, id), name))
			return id;
	}
	return id < 0 ? id : -ENOENT;
}
