// SPDX-License-Identifier: BSD-2-Clause
/*
 * .BTF.ext: per-instruction facts the compiler emits next to .BTF.
 *
 *   header: magic 0xeb9f, version 1, flags, hdr_len,
 *           func_info_off/len, line_info_off/len [, core_relo_off/len]
 *   each section (offsets relative to the end of the header):
 *     u32 rec_size
 *     block*: u32 sec_name_off; u32 num_info; num_info records of rec_size bytes
 *
 * rec_size comes from the file: a newer compiler may append fields, so a
 * record is read through its first fields and skipped by rec_size. Every
 * record field is a 32-bit word, which makes byte-swapping (bpfeb objects)
 * a matter of swapping words.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal/log.h"
#include "internal.h"

#define EXT_HDR_MIN  24u /* up to line_info_len */
#define EXT_HDR_CORE 32u /* with core_relo_off/len */

struct ext_sec {
	const uint8_t *start, *end; /* the blocks, after rec_size */
	uint32_t rec_size;
};

struct bbpf_btf_ext {
	uint8_t *data;
	size_t sz;
	const struct bbpf_btf *btf;
	struct ext_sec secs[BBPF_BTF_EXT_KIND_CNT];
};

static const struct {
	const char *name;
	uint32_t min_rec;
} kinds[BBPF_BTF_EXT_KIND_CNT] = {
	[BBPF_BTF_EXT_FUNC_INFO] = { "func_info", sizeof(struct bbpf_btf_func_info) },
	[BBPF_BTF_EXT_LINE_INFO] = { "line_info", sizeof(struct bbpf_btf_line_info) },
	[BBPF_BTF_EXT_CORE_RELO] = { "core_relo", sizeof(struct bbpf_btf_core_relo) },
};

static uint32_t word(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Header field @i (0: func_info_off, 1: func_info_len, ...) as a u32. */
static uint32_t hdr_field(const uint8_t *d, int i)
{
	return word(d + 8 + 4 * i);
}

static void swap_words(uint8_t *p, size_t n)
{
	uint32_t v;
	size_t i;

	for (i = 0; i < n; i++, p += 4) {
		memcpy(&v, p, 4);
		v = __builtin_bswap32(v);
		memcpy(p, &v, 4);
	}
}

/* Swaps one section in place, stopping where it stops making sense (parsing reports it). */
static void swap_sec(uint8_t *p, uint8_t *end)
{
	uint32_t rec_size, n;

	if (end - p < 4)
		return;
	swap_words(p, 1);
	rec_size = word(p);
	p += 4;
	while (end - p >= 8) {
		swap_words(p, 2);
		n = word(p + 4);
		p += 8;
		if (rec_size < 4 || rec_size % 4 || (uint64_t)n * rec_size > (uint64_t)(end - p))
			return;
		swap_words(p, (size_t)n * rec_size / 4);
		p += (size_t)n * rec_size;
	}
}

static void swap_ext(uint8_t *d, size_t sz)
{
	uint32_t hdr_len, i, nsec, off, len;

	d[0] ^= d[1], d[1] ^= d[0], d[0] ^= d[1]; /* the 16-bit magic */
	swap_words(d + 4, 1);
	hdr_len = word(d + 4);
	if (hdr_len < EXT_HDR_MIN || hdr_len > sz)
		return;
	nsec = hdr_len >= EXT_HDR_CORE ? 3 : 2;
	swap_words(d + 8, 2 * nsec);
	for (i = 0; i < nsec; i++) {
		off = hdr_field(d, 2 * i);
		len = hdr_field(d, 2 * i + 1);
		if ((uint64_t)hdr_len + off + len <= sz)
			swap_sec(d + hdr_len + off, d + hdr_len + off + len);
	}
}

static int check_str(const struct bbpf_btf_ext *ext, uint32_t off, const char *kind, uint32_t i)
{
	if (!ext->btf || bbpf_btf_str(ext->btf, off))
		return 0;
	pr_warn("BTF.ext: %s record #%u: string offset %u is outside .BTF's strings\n", kind, i,
		off);
	return -EINVAL;
}

static int check_type(const struct bbpf_btf_ext *ext, uint32_t id, const char *kind, uint32_t i)
{
	if (!ext->btf || id < bbpf_btf_type_cnt(ext->btf))
		return 0;
	pr_warn("BTF.ext: %s record #%u: type id %u is past .BTF's last (%u)\n", kind, i, id,
		bbpf_btf_type_cnt(ext->btf) - 1);
	return -EINVAL;
}

/* Checks the fields of one record that point into .BTF. */
static int check_rec(const struct bbpf_btf_ext *ext, int kind, const uint8_t *r, uint32_t i)
{
	const char *name = kinds[kind].name;

	switch (kind) {
	case BBPF_BTF_EXT_FUNC_INFO:
		return check_type(ext, word(r + 4), name, i);
	case BBPF_BTF_EXT_LINE_INFO:
		return check_str(ext, word(r + 4), name, i) ?: check_str(ext, word(r + 8), name, i);
	default:
		return check_type(ext, word(r + 4), name, i)
			       ?: check_str(ext, word(r + 8), name, i);
	}
}

static int check_blocks(const struct bbpf_btf_ext *ext, int kind, const struct ext_sec *s)
{
	const uint8_t *p = s->start, *r;
	uint32_t n, j, total = 0;
	int err;

	while (p < s->end) {
		if (s->end - p < 8) {
			pr_warn("BTF.ext: %s: truncated block header\n", kinds[kind].name);
			return -EINVAL;
		}
		n = word(p + 4);
		if (!n || (uint64_t)n * s->rec_size > (uint64_t)(s->end - p - 8)) {
			pr_warn("BTF.ext: %s: block at offset %zu has %u records of %u bytes, which do not fit\n",
				kinds[kind].name, (size_t)(p - s->start), n, s->rec_size);
			return -EINVAL;
		}
		err = check_str(ext, word(p), kinds[kind].name, total);
		for (j = 0, r = p + 8; !err && j < n; j++, r += s->rec_size)
			err = check_rec(ext, kind, r, total + j);
		if (err)
			return err;
		total += n;
		p += 8 + (size_t)n * s->rec_size;
	}
	return 0;
}

static int parse_sec(struct bbpf_btf_ext *ext, int kind, uint32_t hdr_len, uint32_t off,
		     uint32_t len)
{
	struct ext_sec *s = &ext->secs[kind];

	if (!len)
		return 0;
	if ((uint64_t)hdr_len + off + len > ext->sz || len < 4 || off % 4) {
		pr_warn("BTF.ext: %s section [%u, +%u) runs past the data (%zu bytes)\n",
			kinds[kind].name, off, len, ext->sz);
		return -EINVAL;
	}
	s->start = ext->data + hdr_len + off;
	s->end = s->start + len;
	s->rec_size = word(s->start);
	s->start += 4;
	if (s->rec_size < kinds[kind].min_rec || s->rec_size % 4) {
		pr_warn("BTF.ext: %s record size %u (want a multiple of 4, at least %u)\n",
			kinds[kind].name, s->rec_size, kinds[kind].min_rec);
		return -EINVAL;
	}
	return check_blocks(ext, kind, s);
}

static int parse_hdr(struct bbpf_btf_ext *ext)
{
	const uint8_t *d = ext->data;
	uint32_t hdr_len;
	uint16_t magic;
	int i, err = 0;

	memcpy(&magic, d, 2);
	hdr_len = word(d + 4);
	if (magic != BTF_MAGIC || d[2] != 1 || hdr_len < EXT_HDR_MIN || hdr_len > ext->sz ||
	    hdr_len % 4) {
		pr_warn("BTF.ext: bad header (magic 0x%04x, version %u, length %u of %zu bytes)\n",
			magic, d[2], hdr_len, ext->sz);
		return -EINVAL;
	}
	for (i = 0; i < BBPF_BTF_EXT_KIND_CNT && !err; i++) {
		if (i == BBPF_BTF_EXT_CORE_RELO && hdr_len < EXT_HDR_CORE)
			break;
		err = parse_sec(ext, i, hdr_len, hdr_field(d, 2 * i), hdr_field(d, 2 * i + 1));
	}
	return err;
}

int bbpf_btf_ext_parse(const void *data, size_t sz, const struct bbpf_btf *btf,
		       struct bbpf_btf_ext **out)
{
	struct bbpf_btf_ext *ext;
	uint16_t magic;
	int err;

	if (!data || sz < EXT_HDR_MIN || sz > UINT32_MAX) {
		pr_warn("BTF.ext: %zu bytes is not a .BTF.ext\n", sz);
		return -EINVAL;
	}
	ext = calloc(1, sizeof(*ext));
	if (!ext)
		return -ENOMEM;
	ext->data = malloc(sz);
	if (!ext->data) {
		free(ext);
		return -ENOMEM;
	}
	memcpy(ext->data, data, sz);
	ext->sz = sz;
	ext->btf = btf;
	memcpy(&magic, ext->data, 2);
	if (magic == __builtin_bswap16(BTF_MAGIC))
		swap_ext(ext->data, sz);
	err = parse_hdr(ext);
	if (err) {
		bbpf_btf_ext_free(ext);
		return err;
	}
	*out = ext;
	return 0;
}

void bbpf_btf_ext_free(struct bbpf_btf_ext *ext)
{
	if (!ext)
		return;
	free(ext->data);
	free(ext);
}

uint32_t bbpf_btf_ext_rec_size(const struct bbpf_btf_ext *ext, enum bbpf_btf_ext_kind kind)
{
	if ((unsigned)kind >= BBPF_BTF_EXT_KIND_CNT || !ext->secs[kind].start)
		return 0;
	return ext->secs[kind].rec_size;
}

void bbpf_btf_ext_iter_init(struct bbpf_btf_ext_iter *it, const struct bbpf_btf_ext *ext,
			    enum bbpf_btf_ext_kind kind)
{
	memset(it, 0, sizeof(*it));
	it->ext = ext;
	if ((unsigned)kind >= BBPF_BTF_EXT_KIND_CNT || !ext->secs[kind].start)
		return;
	it->pos = ext->secs[kind].start;
	it->end = ext->secs[kind].end;
	it->rec_size = ext->secs[kind].rec_size;
}

int bbpf_btf_ext_iter_next_sec(struct bbpf_btf_ext_iter *it)
{
	if (!it->pos || it->pos >= it->end)
		return 0;
	it->sec_name_off = word(it->pos);
	it->nr_recs = word(it->pos + 4);
	it->sec_name = it->ext->btf ? bbpf_btf_str(it->ext->btf, it->sec_name_off) : NULL;
	it->rec = it->pos + 8;
	it->rec_left = it->nr_recs;
	it->pos = it->rec + (size_t)it->nr_recs * it->rec_size;
	return 1;
}

const void *bbpf_btf_ext_iter_next_rec(struct bbpf_btf_ext_iter *it)
{
	const uint8_t *r = it->rec;

	if (!it->rec_left)
		return NULL;
	it->rec_left--;
	it->rec += it->rec_size;
	return r;
}
