// SPDX-License-Identifier: BSD-2-Clause
/*
 * struct bbpf_btf: the header, the type index, strings, lookup by id, free.
 *
 * Raw BTF is a header followed by two sections, both placed by offsets
 * relative to the end of the header:
 *
 *   0        hdr_len        +type_off              +str_off
 *   [header ][ ...  ][ struct btf_type + records ... ][ "\0int\0long\0..." ]
 *
 * Parsing is one pass over the type section that records where each type
 * starts (2 bytes per type, internal.h) and its kind (kinds[], 1 byte) and
 * checks it (btf_validate.c), then one pass for reference loops. Nothing
 * else is built until asked for: the name indexes come with the by-name
 * lookups that need them (btf_names.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal/compiler.h"
#include "internal/log.h"
#include "internal.h"

/* Bytes of records after a struct btf_type: fixed per kind, plus vlen times a unit. */
static const uint8_t extra_fixed[NR_BTF_KINDS] = {
	[BTF_KIND_INT] = 4,
	[BTF_KIND_ARRAY] = sizeof(struct btf_array),
	[BTF_KIND_VAR] = sizeof(struct btf_var),
	[BTF_KIND_DECL_TAG] = sizeof(struct btf_decl_tag),
};

static const uint8_t extra_unit[NR_BTF_KINDS] = {
	[BTF_KIND_STRUCT] = sizeof(struct btf_member),
	[BTF_KIND_UNION] = sizeof(struct btf_member),
	[BTF_KIND_ENUM] = sizeof(struct btf_enum),
	[BTF_KIND_FUNC_PROTO] = sizeof(struct btf_param),
	[BTF_KIND_DATASEC] = sizeof(struct btf_var_secinfo),
	[BTF_KIND_ENUM64] = sizeof(struct btf_enum64),
};

static const char *const kind_names[NR_BTF_KINDS] = {
	[BTF_KIND_UNKN] = "UNKNOWN",	  [BTF_KIND_INT] = "INT",
	[BTF_KIND_PTR] = "PTR",		  [BTF_KIND_ARRAY] = "ARRAY",
	[BTF_KIND_STRUCT] = "STRUCT",	  [BTF_KIND_UNION] = "UNION",
	[BTF_KIND_ENUM] = "ENUM",	  [BTF_KIND_FWD] = "FWD",
	[BTF_KIND_TYPEDEF] = "TYPEDEF",	  [BTF_KIND_VOLATILE] = "VOLATILE",
	[BTF_KIND_CONST] = "CONST",	  [BTF_KIND_RESTRICT] = "RESTRICT",
	[BTF_KIND_FUNC] = "FUNC",	  [BTF_KIND_FUNC_PROTO] = "FUNC_PROTO",
	[BTF_KIND_VAR] = "VAR",		  [BTF_KIND_DATASEC] = "DATASEC",
	[BTF_KIND_FLOAT] = "FLOAT",	  [BTF_KIND_DECL_TAG] = "DECL_TAG",
	[BTF_KIND_TYPE_TAG] = "TYPE_TAG", [BTF_KIND_ENUM64] = "ENUM64",
};

static const struct btf_type void_type;

const char *bbpf_btf_kind_str(uint16_t kind)
{
	return BBPF__NAME(kind_names, kind);
}

uint32_t bbpf__btf_extra_size(const struct btf_type *t)
{
	uint16_t kind = bbpf_btf_kind(t);

	return extra_fixed[kind] + (uint32_t)extra_unit[kind] * bbpf_btf_vlen(t);
}

/*
 * Checks the header and places the sections. A header longer than ours is
 * accepted when the bytes we do not know are zero (the kernel's rule for
 * extensible structs), so BTF from a newer compiler still parses.
 */
static int check_hdr_tail(const uint8_t *data, uint32_t hdr_len)
{
	uint32_t i;

	for (i = sizeof(struct btf_header); i < hdr_len; i++) {
		if (data[i]) {
			pr_warn("BTF: header byte %u is not zero (header of %u bytes from a newer format we do not know)\n",
				i, hdr_len);
			return -EINVAL;
		}
	}
	return 0;
}

static int check_sec(const char *what, uint64_t off, uint64_t len, uint64_t room)
{
	if (off + len > room) {
		pr_warn("BTF: %s section [%llu, +%llu) runs past the end of the data (%llu bytes after the header)\n",
			what, (unsigned long long)off, (unsigned long long)len,
			(unsigned long long)room);
		return -EINVAL;
	}
	return 0;
}

static int parse_hdr(struct bbpf_btf *btf)
{
	const struct btf_header *h = (const void *)btf->data;
	uint64_t room;
	int err;

	if (btf->data_sz < sizeof(*h) || h->hdr_len < sizeof(*h) || h->hdr_len > btf->data_sz) {
		pr_warn("BTF: header truncated (%zu bytes of data, header says %u)\n", btf->data_sz,
			btf->data_sz < sizeof(*h) ? 0 : h->hdr_len);
		return -EINVAL;
	}
	if (h->version != BTF_VERSION || h->flags) {
		pr_warn("BTF: unsupported version %u / flags 0x%x (want version %u, flags 0)\n",
			h->version, h->flags, BTF_VERSION);
		return -EINVAL;
	}
	if (h->hdr_len % 4 || h->type_off % 4 || h->type_len % 4) {
		pr_warn("BTF: header length %u, type section offset %u or length %u not a multiple of 4\n",
			h->hdr_len, h->type_off, h->type_len);
		return -EINVAL;
	}
	room = btf->data_sz - h->hdr_len;
	err = check_hdr_tail(btf->data, h->hdr_len);
	err = err ?: check_sec("type", h->type_off, h->type_len, room);
	err = err ?: check_sec("string", h->str_off, h->str_len, room);
	if (err)
		return err;
	if (h->type_off < (uint64_t)h->str_off + h->str_len &&
	    h->str_off < (uint64_t)h->type_off + h->type_len) {
		pr_warn("BTF: type section [%u, +%u) and string section [%u, +%u) overlap\n",
			h->type_off, h->type_len, h->str_off, h->str_len);
		return -EINVAL;
	}
	btf->types = btf->data + h->hdr_len + h->type_off;
	btf->types_len = h->type_len;
	btf->strs = (const char *)btf->data + h->hdr_len + h->str_off;
	btf->strs_len = h->str_len;
	return 0;
}

/*
 * Strings: base BTF starts with "" (offset 0) and ends with a NUL, so every
 * in-range offset names a terminated string and lookups need no scan.
 */
static int parse_strs(struct bbpf_btf *btf)
{
	if (!btf->base && (!btf->strs_len || btf->strs[0])) {
		pr_warn("BTF: string section must start with an empty string (length %u)\n",
			btf->strs_len);
		return -EINVAL;
	}
	if (btf->strs_len && btf->strs[btf->strs_len - 1]) {
		pr_warn("BTF: string section does not end with a NUL: last string unterminated\n");
		return -EINVAL;
	}
	if ((uint64_t)btf->start_str_off + btf->strs_len > UINT32_MAX) {
		pr_warn("BTF: string offsets past 4 GiB with the base's strings\n");
		return -E2BIG;
	}
	return 0;
}

/*
 * Room for the offsets of @cap types: two bytes each (and four per 64), or
 * four each when @wide. The arrays are sized for the most types the section
 * could hold (12 bytes each); pages never written are never touched.
 */
static int alloc_offs(struct bbpf_btf *btf, uint32_t cap, bool wide)
{
	free(btf->offs_hi);
	free(btf->offs_lo);
	btf->offs_hi = NULL;
	btf->offs_lo = NULL;
	if (wide) {
		btf->offs32 = malloc((size_t)cap * sizeof(*btf->offs32));
		return btf->offs32 ? 0 : -ENOMEM;
	}
	btf->offs_hi = malloc(((size_t)(cap >> BBPF_BTF_BLOCK_SHIFT) + 1) * sizeof(*btf->offs_hi));
	btf->offs_lo = malloc((size_t)cap * sizeof(*btf->offs_lo));
	return btf->offs_hi && btf->offs_lo ? 0 : -ENOMEM;
}

/* The walk of btf_validate.c, again with 4-byte offsets when a block was too large. */
static int walk_offsets(struct bbpf__btf_vctx *vc, struct bbpf_btf *btf, uint32_t cap)
{
	int err;

	err = alloc_offs(btf, cap, false);
	err = err ?: bbpf__btf_vctx_init(vc, btf, cap);
	err = err ?: bbpf__btf_index(vc, btf);
	if (err != -ERANGE)
		return err;
	bbpf__btf_vctx_free(vc);
	err = alloc_offs(btf, cap, true);
	err = err ?: bbpf__btf_vctx_init(vc, btf, cap);
	return err ?: bbpf__btf_index(vc, btf);
}

/*
 * The index: the offset of every type, found by walking the type section
 * once; btf_validate.c checks each type as the walk reaches it, then what
 * needs the whole index.
 */
static int index_types(struct bbpf_btf *btf)
{
	/* Type starts, the last one possibly truncated: at most one per 12 bytes, plus one. */
	uint32_t cap = btf->types_len / sizeof(struct btf_type) + 1;
	struct bbpf__btf_vctx vc = { 0 };
	int err;

	err = walk_offsets(&vc, btf, cap);
	if (!err && (uint64_t)btf->start_id + btf->nr_types > BTF_MAX_TYPE + 1ULL) {
		pr_warn("BTF: %u types with the base's exceed the format's %u\n",
			btf->start_id + btf->nr_types, BTF_MAX_TYPE);
		err = -E2BIG;
	}
	err = err ?: bbpf__btf_check_refs(&vc);
	if (!err) {
		/* The kinds stay: the name index picks its types by them. */
		btf->kinds = vc.kinds;
		vc.kinds = NULL;
	}
	bbpf__btf_vctx_free(&vc);
	return err;
}

/* The size of a pointer: that of "long" where the BTF has one (4 in 32-bit BTF), else 8. */
static void guess_ptr_sz(struct bbpf_btf *btf)
{
	const struct btf_type *t;
	uint32_t i;

	btf->ptr_sz = btf->base ? btf->base->ptr_sz : 8;
	for (i = 0; i < btf->nr_types && i < 64; i++) {
		t = bbpf__btf_own(btf, i);
		if (bbpf_btf_kind(t) == BTF_KIND_INT && (t->size == 4 || t->size == 8) &&
		    t->name_off < btf->start_str_off + btf->strs_len &&
		    t->name_off >= btf->start_str_off &&
		    strstr(btf->strs + t->name_off - btf->start_str_off, "long")) {
			btf->ptr_sz = t->size;
			return;
		}
	}
}

static void set_base(struct bbpf_btf *btf, const struct bbpf_btf *base)
{
	btf->base = base;
	btf->start_id = 1;
	if (base) {
		btf->start_id = base->start_id + base->nr_types;
		btf->start_str_off = base->start_str_off + base->strs_len;
	}
}

/* Parses @btf->data (host order, aligned): header, strings, index, checks. */
static int parse_blob(struct bbpf_btf *btf)
{
	int err;

	err = parse_hdr(btf);
	err = err ?: parse_strs(btf);
	err = err ?: index_types(btf);
	if (err)
		return err;
	guess_ptr_sz(btf);
	return 0;
}

/* The magic, read byte-wise: @data may not be aligned yet. */
static uint16_t magic_of(const void *data)
{
	uint16_t magic;

	memcpy(&magic, data, sizeof(magic));
	return magic;
}

static bool is_swapped_magic(const void *data, size_t sz)
{
	return sz >= sizeof(struct btf_header) && magic_of(data) == __builtin_bswap16(BTF_MAGIC);
}

static int check_magic(const void *data, size_t sz)
{
	if (!data || sz < sizeof(struct btf_header)) {
		pr_warn("BTF: %zu bytes is too short for a BTF header\n", sz);
		return -EINVAL;
	}
	if (magic_of(data) != BTF_MAGIC && magic_of(data) != __builtin_bswap16(BTF_MAGIC)) {
		pr_warn("BTF: bad magic 0x%04x (want 0x%04x)\n", magic_of(data), BTF_MAGIC);
		return -EINVAL;
	}
	if (sz > UINT32_MAX) {
		pr_warn("BTF: %zu bytes is past the format's 4 GiB\n", sz);
		return -E2BIG;
	}
	return 0;
}

int bbpf__btf_parse_owned(void *data, size_t sz, const struct bbpf_btf *base, struct bbpf_btf **out)
{
	struct bbpf_btf *btf;
	bool swapped;
	int err;

	btf = calloc(1, sizeof(*btf));
	if (!btf) {
		free(data);
		return -ENOMEM;
	}
	btf->owned = data;
	btf->data = data;
	btf->data_sz = sz;
	swapped = is_swapped_magic(data, sz);
	err = check_magic(data, sz);
	err = err ?: swapped ? bbpf__btf_swap(data, sz) : 0;
	if (err)
		goto err;
	btf->swapped = swapped;
	set_base(btf, base);
	err = parse_blob(btf);
	if (err)
		goto err;
	*out = btf;
	return 0;
err:
	bbpf_btf_free(btf);
	return err;
}

int bbpf_btf_parse(const void *data, size_t sz, const struct bbpf_btf *base, struct bbpf_btf **out)
{
	void *copy;
	int err;

	err = check_magic(data, sz);
	if (err)
		return err;
	copy = malloc(sz);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, sz);
	return bbpf__btf_parse_owned(copy, sz, base, out);
}

int bbpf_btf_parse_view(const void *data, size_t sz, const struct bbpf_btf *base,
			struct bbpf_btf **out)
{
	struct bbpf_btf *btf;
	int err;

	err = check_magic(data, sz);
	if (err)
		return err;
	if (is_swapped_magic(data, sz) || (uintptr_t)data % 4)
		return bbpf_btf_parse(data, sz, base, out);
	btf = calloc(1, sizeof(*btf));
	if (!btf)
		return -ENOMEM;
	btf->data = data;
	btf->data_sz = sz;
	set_base(btf, base);
	err = parse_blob(btf);
	if (err) {
		bbpf_btf_free(btf);
		return err;
	}
	*out = btf;
	return 0;
}

void bbpf_btf_free(struct bbpf_btf *btf)
{
	if (!btf)
		return;
	bbpf__btf_names_free(&btf->names);
	free(btf->offs_hi);
	free(btf->offs_lo);
	free(btf->offs32);
	free(btf->kinds);
	free(btf->owned);
	if (btf->mapped && btf->unmap)
		btf->unmap(btf->mapped, btf->mapped_sz, btf->unmap_ctx);
	free(btf);
}

uint32_t bbpf_btf_type_cnt(const struct bbpf_btf *btf)
{
	return btf->start_id + btf->nr_types;
}

uint32_t bbpf_btf_start_id(const struct bbpf_btf *btf)
{
	return btf->start_id;
}

const struct bbpf_btf *bbpf_btf_base(const struct bbpf_btf *btf)
{
	return btf->base;
}

bool bbpf_btf_is_swapped(const struct bbpf_btf *btf)
{
	return btf->swapped;
}

const void *bbpf_btf_raw(const struct bbpf_btf *btf, size_t *sz)
{
	*sz = btf->data_sz;
	return btf->data;
}

const struct btf_type *bbpf_btf_type_by_id(const struct bbpf_btf *btf, uint32_t id)
{
	if (!id)
		return &void_type;
	if (id >= bbpf_btf_type_cnt(btf))
		return NULL;
	return bbpf__btf_type(btf, id);
}

const char *bbpf_btf_str(const struct bbpf_btf *btf, uint32_t off)
{
	while (off < btf->start_str_off)
		btf = btf->base;
	off -= btf->start_str_off;
	if (off >= btf->strs_len)
		return NULL;
	return btf->strs + off;
}

const char *bbpf_btf_name(const struct bbpf_btf *btf, uint32_t id)
{
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);

	return t ? bbpf_btf_str(btf, t->name_off) : NULL;
}
