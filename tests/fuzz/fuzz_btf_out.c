// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer entry point for what turns parsed BTF back into bytes: the C
 * dumper, the sanitizer and the writer. Whatever bbpf_btf_parse() accepts
 * must dump (or fail cleanly), sanitize for any feature set, and write back
 * to bytes that parse to the same types. The first input byte picks the
 * kernel features. Built and run by `make fuzz-btf-out`.
 */
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include <barebpf/btf_dump.h>
#include <barebpf/btf_write.h>
#include "internal/kfeat.h"

/* Counts the C, and stops a dump that grows past 16 MiB (a huge hole of padding). */
static int sink(void *ctx, const void *data, size_t len)
{
	size_t *total = ctx;

	(void)data;
	*total += len;
	return *total > (16u << 20) ? -27 /* EFBIG */ : 0;
}

/* The type and string sections of @btf, as one range each. */
static void sections(const struct bbpf_btf *btf, const char **t, uint32_t *tl, const char **s,
		     uint32_t *sl)
{
	size_t sz;
	const struct btf_header *h = bbpf_btf_raw(btf, &sz);

	*t = (const char *)h + h->hdr_len + h->type_off;
	*tl = h->type_len;
	*s = (const char *)h + h->hdr_len + h->str_off;
	*sl = h->str_len;
}

/* Written in the other byte order and parsed again: the same sections. */
static void check_write(const struct bbpf_btf *btf)
{
	const char *t1, *s1, *t2, *s2;
	uint32_t tl1, sl1, tl2, sl2;
	struct bbpf_btf *again = NULL;
	size_t sz;
	void *out;

	if (bbpf_btf_write(btf, BBPF_BTF_ENDIAN_BIG, &out, &sz))
		return;
	if (bbpf_btf_parse(out, sz, NULL, &again))
		__builtin_trap();
	sections(btf, &t1, &tl1, &s1, &sl1);
	sections(again, &t2, &tl2, &s2, &sl2);
	if (tl1 != tl2 || sl1 != sl2 || memcmp(t1, t2, tl1) || memcmp(s1, s2, sl1))
		__builtin_trap();
	bbpf_btf_free(again);
	free(out);
}

static void sanitize(const struct bbpf_btf *btf, uint8_t bits)
{
	static const enum bbpf_feature feats[] = {
		BBPF_FEAT_BTF_FUNC,   BBPF_FEAT_BTF_FUNC_GLOBAL, BBPF_FEAT_BTF_DATASEC,
		BBPF_FEAT_BTF_FLOAT,  BBPF_FEAT_BTF_DECL_TAG,	 BBPF_FEAT_BTF_TYPE_TAG,
		BBPF_FEAT_BTF_ENUM64,
	};
	struct bbpf_btf *out_btf = NULL;
	struct bbpf_kfeat kf = { 0 };
	size_t i, sz;
	void *out;

	for (i = 0; i < sizeof(feats) / sizeof(feats[0]); i++)
		kf.has[feats[i]] = bits & (1u << i);
	if (bbpf_btf_sanitize(btf, &kf, &out, &sz) < 0)
		return;
	/* not always valid for us (a FUNC in a DATASEC becomes a member), but never a crash */
	if (!bbpf_btf_parse(out, sz, NULL, &out_btf))
		bbpf_btf_free(out_btf);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bbpf_btf *btf = NULL;
	size_t total = 0;

	bbpf_set_print(NULL);
	if (size < 1 || bbpf_btf_parse(data + 1, size - 1, NULL, &btf))
		return 0;
	bbpf_btf_dump_c(btf, sink, &total);
	sanitize(btf, data[0]);
	check_write(btf);
	bbpf_btf_free(btf);
	return 0;
}
