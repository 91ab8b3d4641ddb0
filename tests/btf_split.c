// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf_split: makes a module-like split BTF out of a kernel's raw BTF, for
 * `make test-btf-dump` (tests/btf_dump_cmp.sh), where barebpf and bpftool
 * dump it on top of its base.
 *
 *   btf_split IN.btf BASE.btf MOD.split
 *
 * BASE.btf: IN's header, types [1, K] and all of IN's strings, where K is
 * the cut nearest to half of IN's types at which no type up to K refers to
 * a later one (base BTF cannot refer to its split: in kernel BTF, pointers
 * to structs defined later make that near the end, leaving a few hundred
 * types of every common kind, like a module's).
 * MOD.split: types [K + 1, N], referring to the base's types and their own
 * by the same ids as in IN, and naming themselves from a string section of
 * their own: a copy of IN's strings, every name offset moved past the
 * base's strings. So every id and every name of the split is resolved
 * across the base boundary, as in a module's BTF.
 *
 * Host byte order only (kernel BTF files are). Test tool: exits 1 with a
 * message on any input it does not understand.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

static void die(const char *what)
{
	fprintf(stderr, "btf_split: %s\n", what);
	exit(1);
}

static uint8_t *slurp(const char *path, size_t *sz)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n;

	if (!f)
		die(strerror(errno));
	*sz = 0;
	for (;;) {
		if (*sz == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory");
		}
		n = fread(buf + *sz, 1, cap - *sz, f);
		if (!n)
			break;
		*sz += n;
	}
	fclose(f);
	return buf;
}

/* Bytes of records after type @t. */
static uint32_t extra_size(const struct btf_type *t)
{
	uint32_t vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return vlen * sizeof(struct btf_var_secinfo);
	default:
		return 0;
	}
}

static uint32_t max_u32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* The largest type id @t refers to. */
static uint32_t max_ref(const struct btf_type *t)
{
	uint32_t i, vlen = BTF_INFO_VLEN(t->info), max = 0;
	const struct btf_array *a = (const void *)(t + 1);
	const struct btf_member *m = (const void *)(t + 1);
	const struct btf_param *p = (const void *)(t + 1);
	const struct btf_var_secinfo *v = (const void *)(t + 1);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_ARRAY:
		return max_u32(a->type, a->index_type);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; i < vlen; i++)
			max = max_u32(max, m[i].type);
		return max;
	case BTF_KIND_FUNC_PROTO:
		for (max = t->type, i = 0; i < vlen; i++)
			max = max_u32(max, p[i].type);
		return max;
	case BTF_KIND_DATASEC:
		for (i = 0; i < vlen; i++)
			max = max_u32(max, v[i].type);
		return max;
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_TYPE_TAG:
		return t->type;
	default:
		return 0;
	}
}

static void shift_name(uint32_t *off, uint32_t by)
{
	if (*off)
		*off += by;
}

/* Moves every name offset of @t (the type's and its records') up by @by. */
static void shift_names(struct btf_type *t, uint32_t by)
{
	uint32_t i, vlen = BTF_INFO_VLEN(t->info);
	struct btf_member *m = (void *)(t + 1);
	struct btf_enum *e = (void *)(t + 1);
	struct btf_enum64 *e64 = (void *)(t + 1);
	struct btf_param *p = (void *)(t + 1);

	shift_name(&t->name_off, by);
	for (i = 0; i < vlen; i++) {
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			shift_name(&m[i].name_off, by);
			break;
		case BTF_KIND_ENUM:
			shift_name(&e[i].name_off, by);
			break;
		case BTF_KIND_ENUM64:
			shift_name(&e64[i].name_off, by);
			break;
		case BTF_KIND_FUNC_PROTO:
			shift_name(&p[i].name_off, by);
			break;
		}
	}
}

static void write_blob(const char *path, const struct btf_header *h, const void *types,
		       const void *strs)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(h, sizeof(*h), 1, f) != 1 ||
	    fwrite(types, 1, h->type_len, f) != h->type_len ||
	    fwrite(strs, 1, h->str_len, f) != h->str_len || fclose(f))
		die("cannot write the output");
}

int main(int argc, char **argv)
{
	struct btf_header hdr, base, split;
	uint32_t pos = 0, n = 0, cut = 0, cnt = 0, refs = 0, k = 0, best = 0;
	uint8_t *data, *types, *strs;
	size_t sz;

	if (argc != 4)
		die("usage: btf_split IN.btf BASE.btf MOD.split");
	data = slurp(argv[1], &sz);
	if (sz < sizeof(hdr))
		die("input too short");
	memcpy(&hdr, data, sizeof(hdr));
	if (hdr.magic != BTF_MAGIC || hdr.hdr_len < sizeof(hdr) ||
	    (uint64_t)hdr.hdr_len + hdr.type_off + hdr.type_len > sz ||
	    (uint64_t)hdr.hdr_len + hdr.str_off + hdr.str_len > sz)
		die("not raw BTF in host byte order");
	types = data + hdr.hdr_len + hdr.type_off;
	strs = data + hdr.hdr_len + hdr.str_off;
	for (pos = 0; pos + sizeof(struct btf_type) <= hdr.type_len; cnt++)
		pos += sizeof(struct btf_type) + extra_size((void *)(types + pos));
	/* The cut: types [1, k] refer to none past k; the one nearest to half. */
	for (pos = 0, k = 1; k < cnt; k++) {
		refs = max_u32(refs, max_ref((void *)(types + pos)));
		pos += sizeof(struct btf_type) + extra_size((void *)(types + pos));
		if (refs <= k &&
		    (!best || (k > cnt / 2 ? k - cnt / 2 : cnt / 2 - k) <
				      (best > cnt / 2 ? best - cnt / 2 : cnt / 2 - best)))
			best = k;
	}
	if (!best)
		die("no cut: every prefix of the types refers past itself");
	for (pos = 0; n < best; n++)
		pos += sizeof(struct btf_type) + extra_size((void *)(types + pos));
	cut = pos;
	for (; pos + sizeof(struct btf_type) <= hdr.type_len; n++) {
		shift_names((void *)(types + pos), hdr.str_len);
		pos += sizeof(struct btf_type) + extra_size((void *)(types + pos));
	}
	base = (struct btf_header){ .magic = BTF_MAGIC,
				    .version = BTF_VERSION,
				    .hdr_len = sizeof(hdr),
				    .type_len = cut,
				    .str_off = cut,
				    .str_len = hdr.str_len };
	split = base;
	split.type_len = hdr.type_len - cut;
	split.str_off = split.type_len;
	write_blob(argv[2], &base, types, strs);
	write_blob(argv[3], &split, types + cut, strs);
	printf("btf_split: %u types: base [1, %u], split [%u, %u]\n", cnt, best, best + 1, cnt);
	free(data);
	return 0;
}
