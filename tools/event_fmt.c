// SPDX-License-Identifier: BSD-2-Clause
/*
 * Event records as text or JSON, from BTF (see event_fmt.h). Every read is
 * checked against the record's size: a record shorter than its type prints
 * the fields it has, then "..." (text) or "truncated":true (JSON).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <linux/btf.h>

#include <barebpf/btf.h>
#include "event_fmt.h"

#define MAX_DEPTH 8
#define MAX_ELEMS 256 /* array elements printed; the rest is "..." */

struct out {
	FILE *f;
	const struct bbpf_btf *btf;
	bool json;
	const uint8_t *data;
	size_t size;
};

static void put_str(struct out *o, const uint8_t *s, size_t max)
{
	size_t i;

	fputc('"', o->f);
	for (i = 0; i < max && s[i]; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fprintf(o->f, "\\%c", s[i]);
		else if (isprint(s[i]))
			fputc(s[i], o->f);
		else
			fprintf(o->f, o->json ? "\\u%04x" : "\\x%02x", s[i]);
	}
	fputc('"', o->f);
}

static uint64_t get_uint(const uint8_t *p, uint32_t sz)
{
	uint64_t v = 0;

	memcpy(&v, p, sz > 8 ? 8 : sz); /* little endian hosts: low bytes first */
	return v;
}

static int64_t sign_extend(uint64_t v, uint32_t bits)
{
	return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static void put_int(struct out *o, const struct btf_type *t, uint64_t v, uint32_t bits)
{
	uint32_t enc = BTF_INT_ENCODING(*(const uint32_t *)(t + 1));

	if (enc & BTF_INT_BOOL)
		fputs(v ? "true" : "false", o->f);
	else if (enc & BTF_INT_SIGNED)
		fprintf(o->f, "%" PRId64, sign_extend(v, bits));
	else
		fprintf(o->f, "%" PRIu64, v);
}

static void put_enum(struct out *o, const struct btf_type *t, uint64_t v)
{
	uint16_t i, n = BTF_INFO_VLEN(t->info);
	const struct btf_enum *e = (const void *)(t + 1);
	const struct btf_enum64 *e64 = (const void *)(t + 1);
	uint64_t ev, mask = t->size >= 8 ? ~0ULL : (1ULL << (t->size * 8)) - 1;

	for (i = 0; i < n; i++) {
		ev = BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64
			     ? ((uint64_t)e64[i].val_hi32 << 32 | e64[i].val_lo32)
			     : (uint64_t)(uint32_t)e[i].val;
		if ((ev & mask) == (v & mask)) {
			fprintf(o->f, o->json ? "\"%s\"" : "%s",
				bbpf_btf_str(o->btf, BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64
							     ? e64[i].name_off
							     : e[i].name_off));
			return;
		}
	}
	fprintf(o->f, "%" PRIu64, v);
}

static bool put_value(struct out *o, uint32_t id, size_t off, int depth);

/* A char array: a string. */
static bool is_char(const struct out *o, uint32_t id)
{
	const struct btf_type *t =
		bbpf_btf_type_by_id(o->btf, (uint32_t)bbpf_btf_skip_mods(o->btf, id));

	return t && BTF_INFO_KIND(t->info) == BTF_KIND_INT && t->size == 1 &&
	       ((BTF_INT_ENCODING(*(const uint32_t *)(t + 1)) & BTF_INT_CHAR) ||
		!strcmp(bbpf_btf_str(o->btf, t->name_off), "char"));
}

static bool put_array(struct out *o, const struct btf_type *t, size_t off, int depth)
{
	const struct btf_array *a = (const void *)(t + 1);
	int esz = bbpf_btf_size(o->btf, a->type);
	uint32_t i;

	if (esz <= 0)
		return false;
	if (is_char(o, a->type)) {
		if (off + a->nelems > o->size)
			return false;
		put_str(o, o->data + off, a->nelems);
		return true;
	}
	fputc('[', o->f);
	for (i = 0; i < a->nelems && i < MAX_ELEMS; i++) {
		if (i)
			fputc(',', o->f);
		if (!put_value(o, a->type, off + (size_t)i * (size_t)esz, depth + 1))
			return false;
	}
	if (i < a->nelems)
		fputs(o->json ? "" : ",...", o->f);
	fputc(']', o->f);
	return true;
}

static bool put_member(struct out *o, const struct btf_type *t, const struct btf_member *m,
		       size_t off, int depth)
{
	uint32_t bit_off = BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
	uint32_t bits = BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
	const struct btf_type *mt;
	uint64_t v;

	if (!bits)
		return put_value(o, m->type, off + bit_off / 8, depth + 1);
	/* A bitfield: read the bytes that hold it, shift and mask. */
	mt = bbpf_btf_type_by_id(o->btf, (uint32_t)bbpf_btf_resolve(o->btf, m->type));
	if (!mt || off + (bit_off + bits + 7) / 8 > o->size || bits > 57)
		return false;
	v = get_uint(o->data + off + bit_off / 8, (bit_off % 8 + bits + 7) / 8);
	v = (v >> (bit_off % 8)) & ((1ULL << bits) - 1);
	if (BTF_INFO_KIND(mt->info) == BTF_KIND_INT)
		put_int(o, mt, v, bits);
	else
		put_enum(o, mt, v);
	return true;
}

static bool put_struct(struct out *o, const struct btf_type *t, size_t off, int depth)
{
	const struct btf_member *m = (const void *)(t + 1);
	uint16_t i, n = BTF_INFO_VLEN(t->info);
	const char *name;
	bool ok = true;

	fputc('{', o->f);
	for (i = 0; i < n && ok; i++) {
		name = bbpf_btf_str(o->btf, m[i].name_off);
		fprintf(o->f, o->json ? "%s\"%s\":" : "%s%s=", i ? (o->json ? "," : " ") : "",
			name && *name ? name : "_");
		ok = put_member(o, t, &m[i], off, depth);
	}
	if (ok)
		fputc('}', o->f);
	return ok;
}

/* Prints the value of type @id at @off; false when it does not fit the record. */
static bool put_value(struct out *o, uint32_t id, size_t off, int depth)
{
	int rid = bbpf_btf_resolve(o->btf, id), sz = bbpf_btf_size(o->btf, id);
	const struct btf_type *t = rid > 0 ? bbpf_btf_type_by_id(o->btf, (uint32_t)rid) : NULL;

	if (!t || sz < 0 || depth > MAX_DEPTH)
		return false;
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_ARRAY:
		return put_array(o, t, off, depth); /* each element checks itself */
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return put_struct(o, t, off, depth);
	}
	if (off + (size_t)sz > o->size)
		return false;
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
		put_int(o, t, get_uint(o->data + off, (uint32_t)sz), (uint32_t)sz * 8);
		return true;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		put_enum(o, t, get_uint(o->data + off, (uint32_t)sz));
		return true;
	case BTF_KIND_PTR:
		fprintf(o->f, o->json ? "%" PRIu64 : "0x%" PRIx64,
			get_uint(o->data + off, (uint32_t)sz));
		return true;
	case BTF_KIND_FLOAT: {
		double d = 0;
		float fl;

		if (sz == 4)
			memcpy(&fl, o->data + off, 4), d = fl;
		else if (sz == 8)
			memcpy(&d, o->data + off, 8);
		fprintf(o->f, "%g", d);
		return true;
	}
	default:
		fputs(o->json ? "null" : "?", o->f);
		return true;
	}
}

static void put_hex(struct out *o)
{
	size_t i;

	fputs(o->json ? "\"" : "", o->f);
	for (i = 0; i < o->size; i++)
		fprintf(o->f, o->json || !i ? "%02x" : " %02x", o->data[i]);
	fputs(o->json ? "\"" : "", o->f);
}

/*
 * A perf buffer pads each record so that its 4-byte length and the record
 * end on 8 bytes, and keeps no other length. With a known record type, a
 * perf record exactly that padding longer than the type is the type's size:
 * the record a ring buffer would have given.
 */
static size_t unpadded(const struct event_fmt *f, int cpu, size_t size)
{
	int tsz = f->type_id ? bbpf_btf_size(f->btf, f->type_id) : -1;

	if (cpu < 0 || tsz <= 0 || size <= (size_t)tsz)
		return size;
	return size == (((size_t)tsz + 4 + 7) & ~(size_t)7) - 4 ? (size_t)tsz : size;
}

void event_fmt_print(FILE *out, const struct event_fmt *f, const char *map, int cpu,
		     const void *data, size_t size)
{
	struct out o = { out, f->btf, f->json, data, unpadded(f, cpu, size) };
	bool ok = true;

	size = o.size;

	if (f->json)
		fprintf(out, "{\"map\":\"%s\",\"cpu\":%d,\"size\":%zu,\"data\":", map, cpu, size);
	else if (cpu >= 0)
		fprintf(out, "%s cpu=%d size=%zu: ", map, cpu, size);
	else
		fprintf(out, "%s size=%zu: ", map, size);
	if (f->type_id)
		ok = put_value(&o, f->type_id, 0, 0);
	else
		put_hex(&o);
	if (!ok)
		fputs(f->json ? "null,\"truncated\":true" : " ...", out);
	fputs(f->json ? "}\n" : "\n", out);
}

/* The one struct named "event" (however many CO-RE flavours aside), or 0. */
static uint32_t lone_event(const struct bbpf_btf *btf)
{
	uint32_t id, n = bbpf_btf_type_cnt(btf), found = 0;
	const struct btf_type *t;

	for (id = bbpf_btf_start_id(btf); id < n; id++) {
		t = bbpf_btf_type_by_id(btf, id);
		if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT || !t->name_off ||
		    strcmp(bbpf_btf_str(btf, t->name_off), "event"))
			continue;
		if (found)
			return 0;
		found = id;
	}
	return found;
}

int event_fmt_init(struct event_fmt *f, const struct bbpf_btf *btf, const char *type_name,
		   bool json)
{
	int id;

	*f = (struct event_fmt){ .btf = btf, .json = json };
	if (!btf) {
		if (!type_name)
			return 0;
		fprintf(stderr, "barebpf: --event-type %s: the object has no BTF\n", type_name);
		return -ENOENT;
	}
	if (!type_name) {
		f->type_id = lone_event(btf);
		return 0;
	}
	id = bbpf_btf_find_by_name_kind(btf, type_name, BTF_KIND_STRUCT);
	if (id < 0)
		id = bbpf_btf_find_by_name_kind(btf, type_name, BTF_KIND_UNION);
	if (id < 0)
		id = bbpf_btf_find_by_name_kind(btf, type_name, BTF_KIND_TYPEDEF);
	if (id < 0) {
		fprintf(stderr, "barebpf: --event-type %s: no such struct in the object's BTF\n",
			type_name);
		return -ENOENT;
	}
	f->type_id = (uint32_t)id;
	return 0;
}
