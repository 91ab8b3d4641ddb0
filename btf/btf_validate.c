// SPDX-License-Identifier: BSD-2-Clause
/*
 * Validation of a type section, run once while parsing, so that every query
 * after it can trust ids, offsets and lengths without checking again.
 *
 * Pass 1 (each type as btf.c's index reaches it): info bits, vlen/kind_flag
 * rules of the kind, sizes, string offsets. The largest type id referred to
 * is remembered and compared with the type count once at the end (a second
 * walk runs only on failure, to say which type it was).
 * Pass 2: what needs the referred-to types: reference loops among
 * modifiers, typedefs, pointers and arrays (`typedef T *T`, a `const` of
 * itself), FUNC -> FUNC_PROTO, DECL_TAG targets, DATASEC entries. It visits
 * only the types pass 1 listed for it, and reads kinds from the byte per
 * type pass 1 recorded (kind, walk state, and whether the type is named,
 * which the name index uses later).
 *
 * Speed: vmlinux has ~126k types and ~400k members, parameters and
 * enumerators. The frequent kinds first go through a quick test that folds
 * a whole record list into a few maxima, compared once. Only when it fails
 * do the exact checks run, which say what is wrong: they are the rules; the
 * quick test accepts a subset of what they accept.
 */
#include <errno.h>
#include <stdlib.h>

#include "internal/log.h"
#include "internal.h"

/* Info bits 16-23 and 29-30 are unused by the format. */
#define INFO_UNUSED_MASK 0x60ff0000u
#define KIND_MASK	 BBPF_BTF_KIND_MASK
#define STATE_SHIFT	 5
#define STATE_MASK	 0x60
#define NAMED_BIT	 BBPF_BTF_NAMED

enum { UNSEEN, ON_PATH, DONE };

/* Per kind: may it have a vlen, a kind_flag, must it be named. */
enum { VLEN_OK = 1, KFLAG_OK = 2, NAMED = 4 };
static const uint8_t kind_rules[NR_BTF_KINDS] = {
	[BTF_KIND_STRUCT] = VLEN_OK | KFLAG_OK,
	[BTF_KIND_UNION] = VLEN_OK | KFLAG_OK,
	[BTF_KIND_ENUM] = VLEN_OK | KFLAG_OK,
	[BTF_KIND_ENUM64] = VLEN_OK | KFLAG_OK,
	[BTF_KIND_FUNC_PROTO] = VLEN_OK,
	[BTF_KIND_DATASEC] = VLEN_OK | NAMED,
	[BTF_KIND_FUNC] = VLEN_OK | NAMED,
	[BTF_KIND_FWD] = KFLAG_OK | NAMED,
	[BTF_KIND_DECL_TAG] = KFLAG_OK | NAMED,
	[BTF_KIND_TYPE_TAG] = KFLAG_OK | NAMED,
	[BTF_KIND_TYPEDEF] = NAMED,
	[BTF_KIND_VAR] = NAMED,
};

#define bad(c, t, fmt, ...)                                                                       \
	({                                                                                        \
		pr_warn("BTF: type [%u] %s '%s': " fmt "\n", (c)->id,                             \
			bbpf_btf_kind_str(bbpf_btf_kind(t)), type_name((c), (t)), ##__VA_ARGS__); \
		-EINVAL;                                                                          \
	})

static const char *type_name(const struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	if (!t->name_off)
		return "(anon)";
	return t->name_off < c->str_end ? bbpf_btf_str(c->btf, t->name_off) : "(invalid)";
}

static inline void ref(struct bbpf__btf_vctx *c, uint32_t id)
{
	if (id > c->max_ref)
		c->max_ref = id;
}

static int check_str(struct bbpf__btf_vctx *c, const struct btf_type *t, uint32_t off,
		     const char *what, uint32_t i)
{
	if (off >= c->str_end)
		return bad(c, t, "%s #%u: name offset %u is outside the strings (%u bytes)", what,
			   i, off, c->str_end);
	return 0;
}

/* ---- exact checks, one per kind ---- */

static int check_common(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	uint8_t rules = kind_rules[bbpf_btf_kind(t)];

	if (t->info & INFO_UNUSED_MASK)
		return bad(c, t, "unused info bits set (info 0x%08x)", t->info);
	if (bbpf_btf_vlen(t) && !(rules & VLEN_OK))
		return bad(c, t, "vlen %u is not allowed for this kind", bbpf_btf_vlen(t));
	if (bbpf_btf_kflag(t) && !(rules & KFLAG_OK))
		return bad(c, t, "kind_flag is not allowed for this kind");
	if (t->name_off >= c->str_end)
		return bad(c, t, "name offset %u is outside the strings (%u bytes)", t->name_off,
			   c->str_end);
	if ((rules & NAMED) && !t->name_off)
		return bad(c, t, "must have a name");
	return 0;
}

static bool is_pow2_upto(uint32_t v, uint32_t max)
{
	return v && v <= max && !(v & (v - 1));
}

static int check_int(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	uint32_t w = bbpf_btf_int_word(t), bits = BTF_INT_BITS(w), enc = BTF_INT_ENCODING(w);

	if (!is_pow2_upto(t->size, 16))
		return bad(c, t, "size %u is not 1, 2, 4, 8 or 16", t->size);
	if (w & 0xf000ff00u)
		return bad(c, t, "unused bits set in the encoding word 0x%08x", w);
	if (bits > 128 || BTF_INT_OFFSET(w) + bits > t->size * 8)
		return bad(c, t, "%u bits at bit %u do not fit in %u bytes", bits,
			   BTF_INT_OFFSET(w), t->size);
	if (enc & (enc - 1))
		return bad(c, t, "encoding 0x%x is more than one of SIGNED, CHAR, BOOL", enc);
	return 0;
}

static int check_members(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	const struct btf_member *m = bbpf_btf_members(t);
	uint32_t i, bit_off, bf_sz;
	int err;

	for (i = 0; i < bbpf_btf_vlen(t); i++, m++) {
		err = check_str(c, t, m->name_off, "member", i);
		if (err)
			return err;
		ref(c, m->type);
		bit_off = bbpf_btf_member_bit_offset(t, i);
		bf_sz = bbpf_btf_member_bitfield_size(t, i);
		if (bf_sz > 128)
			return bad(c, t, "member #%u: bitfield of %u bits", i, bf_sz);
		if ((uint64_t)bit_off + bf_sz > (uint64_t)t->size * 8)
			return bad(c, t, "member #%u at bit %u is past the end (%u bytes)", i,
				   bit_off, t->size);
	}
	return 0;
}

static int check_enum(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	uint32_t i, off;
	int err;

	if (!is_pow2_upto(t->size, 8))
		return bad(c, t, "size %u is not 1, 2, 4 or 8", t->size);
	for (i = 0; i < bbpf_btf_vlen(t); i++) {
		off = bbpf_btf_enum_name_off(t, i);
		err = check_str(c, t, off, "enumerator", i);
		if (err)
			return err;
		if (!off)
			return bad(c, t, "enumerator #%u has no name", i);
	}
	return 0;
}

static int check_params(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	const struct btf_param *p = bbpf_btf_params(t);
	uint32_t i, n = bbpf_btf_vlen(t);
	int err;

	ref(c, t->type);
	for (i = 0; i < n; i++, p++) {
		err = check_str(c, t, p->name_off, "parameter", i);
		if (err)
			return err;
		/* Type 0 means "...", allowed only last and unnamed. */
		if (!p->type && (i + 1 < n || p->name_off))
			return bad(c, t, "parameter #%u is void and not a trailing '...'", i);
		ref(c, p->type);
	}
	return 0;
}

static int check_datasec(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	const struct btf_var_secinfo *v = bbpf_btf_var_secinfos(t);
	uint32_t i;

	for (i = 0; i < bbpf_btf_vlen(t); i++, v++) {
		if (!v->type)
			return bad(c, t, "entry #%u has no type", i);
		if ((uint64_t)v->offset + v->size > UINT32_MAX)
			return bad(c, t, "entry #%u [%u, +%u) overflows", i, v->offset, v->size);
		ref(c, v->type);
	}
	return 0;
}

static int check_float(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	if (t->size != 2 && t->size != 4 && t->size != 8 && t->size != 12 && t->size != 16)
		return bad(c, t, "size %u is not 2, 4, 8, 12 or 16", t->size);
	return 0;
}

static int check_kind(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_INT:
		return check_int(c, t);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return check_members(c, t);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return check_enum(c, t);
	case BTF_KIND_ARRAY:
		if (t->size)
			return bad(c, t, "size %u must be 0", t->size);
		ref(c, bbpf_btf_array(t)->type);
		ref(c, bbpf_btf_array(t)->index_type);
		return 0;
	case BTF_KIND_FUNC_PROTO:
		return check_params(c, t);
	case BTF_KIND_DATASEC:
		return check_datasec(c, t);
	case BTF_KIND_FLOAT:
		return check_float(c, t);
	case BTF_KIND_FWD:
		return 0;
	case BTF_KIND_FUNC:
		if (bbpf_btf_func_linkage(t) > BTF_FUNC_EXTERN)
			return bad(c, t, "linkage %u is unknown", bbpf_btf_func_linkage(t));
		break;
	case BTF_KIND_VAR:
		if (bbpf_btf_var(t)->linkage > BTF_VAR_GLOBAL_EXTERN)
			return bad(c, t, "linkage %u is unknown", bbpf_btf_var(t)->linkage);
		break;
	case BTF_KIND_DECL_TAG:
		if (bbpf_btf_decl_tag(t)->component_idx < -1)
			return bad(c, t, "component_idx %d", bbpf_btf_decl_tag(t)->component_idx);
		break;
	}
	/* PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, VAR, DECL_TAG, TYPE_TAG */
	ref(c, t->type);
	return 0;
}

/* ---- the walk: quick tests for the frequent kinds, in one dispatch ---- */

/*
 * What the quick path needs, passed by value into its inline functions so
 * that the compiler keeps it in registers (stores through the uint8_t
 * kinds[] may alias anything: fields read through a pointer would be
 * reloaded after each one).
 */
struct walk {
	uint8_t *kinds;
	uint32_t str_end, start;
};

static inline uint32_t max_u32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/*
 * Members folded into maxima: names in range, none past the end (no
 * kind_flag). Returns the largest type id they refer to, or -1.
 */
static inline int64_t quick_members(const struct walk w, const struct btf_type *t, uint32_t n)
{
	const struct btf_member *m = bbpf_btf_members(t);
	uint32_t i, names = 0, types = 0, ends = 0;

	for (i = 0; i < n; i++) {
		names = max_u32(names, m[i].name_off);
		types = max_u32(types, m[i].type);
		ends = max_u32(ends, m[i].offset);
	}
	if (names >= w.str_end || (uint64_t)ends > (uint64_t)t->size * 8)
		return -1;
	return types;
}

/*
 * Parameters likewise: names in range, no void (a "..." takes the exact
 * checks). Up to four (most prototypes), when @left bytes allow reading
 * four, are folded without a loop: records past @n are masked out, so the
 * varying count costs no mispredicted branch.
 */
static inline int64_t quick_params(const struct walk w, const struct btf_type *t, uint32_t n,
				   uint32_t left)
{
	const struct btf_param *p = bbpf_btf_params(t);
	uint32_t i, names = 0, types = t->type, mins = UINT32_MAX, keep;

	if (n <= 4 && left >= 4 * sizeof(*p)) {
		for (i = 0; i < 4; i++) {
			keep = -(uint32_t)(i < n);
			names = max_u32(names, p[i].name_off & keep);
			types = max_u32(types, p[i].type & keep);
			mins = mins < (p[i].type | ~keep) ? mins : (p[i].type | ~keep);
		}
	} else {
		for (i = 0; i < n; i++) {
			names = max_u32(names, p[i].name_off);
			types = max_u32(types, p[i].type);
			mins = mins < p[i].type ? mins : p[i].type;
		}
	}
	if (names >= w.str_end || !mins)
		return -1;
	return types;
}

/* Enumerators: every one named, in range; a size of 1, 2, 4 or 8. Returns 0 or -1. */
static inline int64_t quick_enum(const struct walk w, const struct btf_type *t, uint32_t n)
{
	const struct btf_enum *e = bbpf_btf_enum(t);
	uint32_t i, names = 0, mins = UINT32_MAX;

	for (i = 0; i < n; i++) {
		names = max_u32(names, e[i].name_off);
		mins = mins < e[i].name_off ? mins : e[i].name_off;
	}
	return names < w.str_end && mins && is_pow2_upto(t->size, 8) ? 0 : -1;
}

static uint16_t kind_of(const struct bbpf__btf_vctx *c, uint32_t id);
static bool chain_next(const struct btf_type *t, uint32_t *next);

/*
 * What pass 2 must look at: a chain can only loop through a reference to
 * the same or a later id (a chain of references to earlier ids ends), and a
 * FUNC whose prototype came earlier is checked here, its kind being known.
 */
static bool needs_pass2(const struct bbpf__btf_vctx *c, uint32_t id, const struct btf_type *t)
{
	uint32_t next;

	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_FUNC:
		return t->type >= id || kind_of(c, t->type) != BTF_KIND_FUNC_PROTO;
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_DATASEC:
		return true;
	default:
		return chain_next(t, &next) && next >= id;
	}
}

/*
 * Any type the quick path did not take: its size (with messages for what
 * does not fit), then the exact checks. Returns the bytes of records after
 * the type, or a negative error.
 */
static int64_t slow_type(struct bbpf__btf_vctx *c, const struct bbpf_btf *btf, uint32_t idx,
			 uint32_t pos)
{
	const struct btf_type *t = (const void *)(btf->types + pos);
	uint32_t left = btf->types_len - pos, extra;
	int err;

	c->id = btf->start_id + idx;
	if (left < sizeof(*t)) {
		pr_warn("BTF: type [%u] at offset %u: truncated header (%u bytes left)\n", c->id,
			pos, left);
		return -EINVAL;
	}
	if (bbpf_btf_kind(t) == BTF_KIND_UNKN || bbpf_btf_kind(t) > BTF_KIND_MAX) {
		pr_warn("BTF: type [%u] at offset %u: unknown kind %u\n", c->id, pos,
			bbpf_btf_kind(t));
		return -EINVAL;
	}
	extra = bbpf__btf_extra_size(t);
	if (extra > left - sizeof(*t)) {
		pr_warn("BTF: type [%u] %s at offset %u: %u records run past the type section (%u bytes)\n",
			c->id, bbpf_btf_kind_str(bbpf_btf_kind(t)), pos, bbpf_btf_vlen(t),
			btf->types_len);
		return -EINVAL;
	}
	err = check_common(c, t) ?: check_kind(c, t);
	if (err)
		return err;
	c->kinds[idx] = bbpf_btf_kind(t) | (t->name_off ? NAMED_BIT : 0);
	if (needs_pass2(c, c->id, t))
		c->pass2[c->nr_pass2++] = idx;
	return extra;
}

#define INFO_KIND_BITS 0x1f000000u
#define INFO_VLEN_BITS 0x0000ffffu

/*
 * A FUNC's prototype is checked in pass 2 unless it is an earlier FUNC_PROTO
 * of this BTF (own type @idx; a base type wraps around to a large index).
 */
static inline bool func_pass2(const struct walk w, uint32_t idx, uint32_t proto)
{
	uint32_t at = proto - w.start;

	return at >= idx || (w.kinds[at] & KIND_MASK) != BTF_KIND_FUNC_PROTO;
}

/*
 * One type of the frequent kinds (vmlinux: FUNC, FUNC_PROTO, PTR, STRUCT,
 * CONST, TYPEDEF, UNION, ENUM are 99% of its types): bounds, checks and
 * pass-2 listing in a single switch, each kind's rules of check_common() and
 * check_kind() or stricter. Own type @idx is listed for pass 2 at **@pass2
 * (always written, the cursor advanced only when it needs it: no branch).
 * Returns the record bytes, or -1 for the slow path.
 */
static __always_inline int64_t fast_type(const struct walk w, uint32_t idx,
					 const struct btf_type *t, uint32_t left, uint32_t *max_ref,
					 uint32_t **pass2)
{
	uint32_t info = t->info, kind = BTF_INFO_KIND(info), vlen = info & INFO_VLEN_BITS;
	int64_t ref;

	if (t->name_off >= w.str_end || (info & ~(INFO_KIND_BITS | INFO_VLEN_BITS)))
		return -1;
	switch (kind) {
	case BTF_KIND_FUNC:
		if (vlen > BTF_FUNC_EXTERN || !t->name_off)
			return -1;
		*max_ref = max_u32(*max_ref, t->type);
		**pass2 = idx;
		*pass2 += func_pass2(w, idx, t->type);
		w.kinds[idx] = BTF_KIND_FUNC | NAMED_BIT;
		return 0;
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPEDEF:
		if (vlen || (kind == BTF_KIND_TYPEDEF && !t->name_off))
			return -1;
		*max_ref = max_u32(*max_ref, t->type);
		**pass2 = idx;
		*pass2 += t->type >= w.start + idx;
		w.kinds[idx] = kind | (t->name_off ? NAMED_BIT : 0);
		return 0;
	case BTF_KIND_FUNC_PROTO:
		if (vlen * sizeof(struct btf_param) > left)
			return -1;
		ref = quick_params(w, t, vlen, left);
		vlen *= sizeof(struct btf_param);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (vlen * sizeof(struct btf_member) > left)
			return -1;
		ref = quick_members(w, t, vlen);
		vlen *= sizeof(struct btf_member);
		break;
	case BTF_KIND_ENUM:
		if (vlen * sizeof(struct btf_enum) > left)
			return -1;
		ref = quick_enum(w, t, vlen);
		vlen *= sizeof(struct btf_enum);
		break;
	default:
		return -1;
	}
	if (ref < 0)
		return -1;
	*max_ref = max_u32(*max_ref, (uint32_t)ref);
	w.kinds[idx] = kind | (t->name_off ? NAMED_BIT : 0);
	return vlen;
}

/*
 * The walk, in two copies: one records offsets in offs32[] (@wide), the
 * other in blocks of offs_hi[]/offs_lo[] and stops with -ERANGE at a block
 * too large for offs_lo[]. Each copy keeps its state in locals.
 */
static __always_inline int walk_types(struct bbpf__btf_vctx *c, struct bbpf_btf *btf, bool wide)
{
	const struct walk w = { c->kinds, c->str_end, btf->start_id };
	const uint8_t *const types = btf->types;
	uint16_t *const lo = btf->offs_lo;
	uint32_t *const offs = wide ? btf->offs32 : btf->offs_hi;
	uint32_t pos = 0, n = 0, base = 0, max_ref = 0, len = btf->types_len;
	uint32_t *pass2 = c->pass2;
	int64_t extra;

	for (; pos < len; n++) {
		if (wide) {
			offs[n] = pos;
		} else {
			if (!(n & ((1u << BBPF_BTF_BLOCK_SHIFT) - 1))) {
				base = pos;
				offs[n >> BBPF_BTF_BLOCK_SHIFT] = pos;
			}
			if (unlikely(pos - base > BBPF_BTF_BLOCK_SPAN))
				return -ERANGE;
			lo[n] = (uint16_t)((pos - base) >> 2);
		}
		extra = -1;
		if (likely(len - pos >= sizeof(struct btf_type)))
			extra = fast_type(w, n, (const void *)(types + pos),
					  len - pos - sizeof(struct btf_type), &max_ref, &pass2);
		if (unlikely(extra < 0)) {
			c->max_ref = max_ref;
			c->nr_pass2 = pass2 - c->pass2;
			extra = slow_type(c, btf, n, pos);
			if (extra < 0)
				return (int)extra;
			max_ref = c->max_ref;
			pass2 = c->pass2 + c->nr_pass2;
		}
		pos += sizeof(struct btf_type) + (uint32_t)extra;
	}
	c->max_ref = max_ref;
	c->nr_pass2 = pass2 - c->pass2;
	btf->nr_types = n;
	return 0;
}

int bbpf__btf_index(struct bbpf__btf_vctx *c, struct bbpf_btf *btf)
{
	return btf->offs32 ? walk_types(c, btf, true) : walk_types(c, btf, false);
}

/* Ran only when some id was out of range: find the first culprit for the message. */
static int report_bad_ref(struct bbpf__btf_vctx *c)
{
	uint32_t i, cnt = bbpf_btf_type_cnt(c->btf);
	const struct btf_type *t;

	for (i = 0; i < c->btf->nr_types; i++) {
		t = bbpf__btf_type(c->btf, c->btf->start_id + i);
		c->id = c->btf->start_id + i;
		c->max_ref = 0;
		check_kind(c, t);
		if (c->max_ref >= cnt)
			return bad(c, t, "refers to type id %u, but the last id is %u", c->max_ref,
				   cnt - 1);
	}
	return -EINVAL;
}

/* ---- pass 2 ---- */

static uint16_t kind_of(const struct bbpf__btf_vctx *c, uint32_t id)
{
	if (id >= c->btf->start_id)
		return c->kinds[id - c->btf->start_id] & KIND_MASK;
	return bbpf_btf_kind(bbpf_btf_type_by_id(c->btf, id));
}

static uint8_t state_of(const struct bbpf__btf_vctx *c, uint32_t id)
{
	return (c->kinds[id - c->btf->start_id] & STATE_MASK) >> STATE_SHIFT;
}

static void set_state(struct bbpf__btf_vctx *c, uint32_t id, uint8_t state)
{
	uint8_t *k = &c->kinds[id - c->btf->start_id];

	*k = (*k & ~STATE_MASK) | state << STATE_SHIFT;
}

/* The kinds whose reference is followed "by value" when sizing or resolving. */
static bool chain_next(const struct btf_type *t, uint32_t *next)
{
	switch (bbpf_btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_PTR:
		*next = t->type;
		return true;
	case BTF_KIND_ARRAY:
		*next = bbpf_btf_array(t)->type;
		return true;
	default:
		return false;
	}
}

static bool is_chain(const struct bbpf__btf_vctx *c, uint32_t id, uint32_t *next)
{
	return chain_next(bbpf__btf_type(c->btf, id), next);
}

/*
 * Walks the chain from @id, marking it ON_PATH, until a type that ends
 * chains, a base type (validated with its BTF) or one already DONE; meeting
 * an ON_PATH type is a loop. Then marks the walk DONE, so that the pass is
 * linear in the number of types.
 */
static int walk_chain(struct bbpf__btf_vctx *c, uint32_t id)
{
	uint32_t cur = id, next = 0, start = c->btf->start_id;

	while (cur >= start && state_of(c, cur) == UNSEEN && is_chain(c, cur, &next)) {
		set_state(c, cur, ON_PATH);
		cur = next;
	}
	if (cur >= start && state_of(c, cur) == ON_PATH) {
		c->id = id;
		(void)bad(
			c, bbpf__btf_type(c->btf, id),
			"reference loop through type [%u]: a type that contains itself through typedefs, modifiers, pointers or arrays",
			cur);
		return -ELOOP;
	}
	for (cur = id; cur >= start && state_of(c, cur) == ON_PATH; cur = next) {
		set_state(c, cur, DONE);
		is_chain(c, cur, &next);
	}
	return 0;
}

static int check_decl_tag(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	const struct btf_type *target = bbpf_btf_type_by_id(c->btf, t->type);
	int idx = bbpf_btf_decl_tag(t)->component_idx;
	uint16_t kind = bbpf_btf_kind(target);

	if (kind == BTF_KIND_FUNC)
		target = bbpf_btf_type_by_id(c->btf, target->type);
	if (kind != BTF_KIND_STRUCT && kind != BTF_KIND_UNION && kind != BTF_KIND_FUNC &&
	    kind != BTF_KIND_VAR && kind != BTF_KIND_TYPEDEF)
		return bad(c, t, "tags type [%u] of kind %s", t->type, bbpf_btf_kind_str(kind));
	if (idx >= 0 && (kind == BTF_KIND_VAR || kind == BTF_KIND_TYPEDEF ||
			 (uint32_t)idx >= bbpf_btf_vlen(target)))
		return bad(c, t, "component_idx %d is out of range for type [%u]", idx, t->type);
	return 0;
}

static int check_datasec_vars(struct bbpf__btf_vctx *c, const struct btf_type *t)
{
	const struct btf_var_secinfo *v = bbpf_btf_var_secinfos(t);
	uint32_t i;
	uint16_t kind;

	for (i = 0; i < bbpf_btf_vlen(t); i++, v++) {
		kind = kind_of(c, v->type);
		if (kind != BTF_KIND_VAR && kind != BTF_KIND_FUNC)
			return bad(c, t, "entry #%u: type [%u] is a %s, not a VAR or FUNC", i,
				   v->type, bbpf_btf_kind_str(kind));
	}
	return 0;
}

static int check_refs(struct bbpf__btf_vctx *c, uint32_t id)
{
	const struct btf_type *t;
	uint32_t next;

	switch (kind_of(c, id)) {
	case BTF_KIND_FUNC:
		t = bbpf__btf_type(c->btf, id);
		if (kind_of(c, t->type) == BTF_KIND_FUNC_PROTO)
			return 0;
		c->id = id;
		return bad(c, t, "type [%u] is a %s, not a FUNC_PROTO", t->type,
			   bbpf_btf_kind_str(kind_of(c, t->type)));
	case BTF_KIND_DECL_TAG:
		c->id = id;
		return check_decl_tag(c, bbpf__btf_type(c->btf, id));
	case BTF_KIND_DATASEC:
		c->id = id;
		return check_datasec_vars(c, bbpf__btf_type(c->btf, id));
	default:
		if (state_of(c, id) == UNSEEN && is_chain(c, id, &next))
			return walk_chain(c, id);
		return 0;
	}
}

int bbpf__btf_check_refs(struct bbpf__btf_vctx *c)
{
	const struct bbpf_btf *btf = c->btf;
	uint32_t i;
	int err = 0;

	if (c->max_ref >= bbpf_btf_type_cnt(btf))
		return report_bad_ref(c);
	for (i = 0; i < c->nr_pass2 && !err; i++)
		err = check_refs(c, btf->start_id + c->pass2[i]);
	return err;
}

int bbpf__btf_vctx_init(struct bbpf__btf_vctx *c, const struct bbpf_btf *btf, uint32_t max_types)
{
	*c = (struct bbpf__btf_vctx){ .btf = btf, .str_end = btf->start_str_off + btf->strs_len };
	c->kinds = malloc(max_types ?: 1);
	/* Room for every type, and one more: list_pass2() writes one past the count. */
	c->pass2 = malloc(((size_t)max_types + 1) * sizeof(*c->pass2));
	return c->kinds && c->pass2 ? 0 : -ENOMEM;
}

void bbpf__btf_vctx_free(struct bbpf__btf_vctx *c)
{
	free(c->kinds);
	free(c->pass2);
	c->kinds = NULL;
	c->pass2 = NULL;
}
