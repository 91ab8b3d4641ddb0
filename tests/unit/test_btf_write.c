// SPDX-License-Identifier: BSD-2-Clause
/*
 * Raw BTF out (btf/btf_write.c): what bbpf_btf_write() gives parses back to
 * the same types and strings, in either byte order, from base or split BTF,
 * and from inputs with a longer header than today's.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <barebpf/btf.h>
#include <barebpf/btf_write.h>
#include "../helpers/btf_build.h"

static void build(struct btfb *b)
{
	uint32_t i, s;

	btfb_init(b);
	i = btfb_int(b, "int", 4, BTF_INT_SIGNED, 32);
	s = btfb_struct(b, "pair", 8, 2);
	btfb_member(b, "a", i, 0);
	btfb_member(b, "b", i, 32);
	btfb_ref(b, BTF_KIND_PTR, NULL, s);
	btfb_enum64(b, "e", 8, 1, true);
	btfb_enum64val(b, "V", 1ULL << 40);
	btfb_float(b, "double", 8);
}

static struct bbpf_btf *parse_ok(const void *data, size_t sz, const struct bbpf_btf *base)
{
	struct bbpf_btf *btf = NULL;

	assert_int_equal(bbpf_btf_parse(data, sz, base, &btf), 0);
	return btf;
}

/* Types and strings of @a and @b are the same bytes. */
static void assert_same(const struct bbpf_btf *a, const struct bbpf_btf *b)
{
	const struct btf_header *ha, *hb;
	size_t sa, sb;

	ha = bbpf_btf_raw(a, &sa);
	hb = bbpf_btf_raw(b, &sb);
	assert_int_equal(bbpf_btf_type_cnt(a), bbpf_btf_type_cnt(b));
	assert_int_equal(ha->type_len, hb->type_len);
	assert_int_equal(ha->str_len, hb->str_len);
	assert_memory_equal((const char *)ha + ha->hdr_len + ha->type_off,
			    (const char *)hb + hb->hdr_len + hb->type_off, ha->type_len);
	assert_memory_equal((const char *)ha + ha->hdr_len + ha->str_off,
			    (const char *)hb + hb->hdr_len + hb->str_off, ha->str_len);
}

/* Native order: byte for byte what the builder made (same header layout). */
static void test_native(void **state)
{
	struct bbpf_btf *btf, *again;
	struct btfb b;
	size_t sz, out_sz;
	void *raw, *out;

	(void)state;
	build(&b);
	raw = btfb_blob(&b, &sz);
	btf = parse_ok(raw, sz, NULL);
	assert_int_equal(bbpf_btf_write(btf, BBPF_BTF_ENDIAN_NATIVE, &out, &out_sz), 0);
	assert_int_equal(out_sz, sz);
	assert_memory_equal(out, raw, sz);
	again = parse_ok(out, out_sz, NULL);
	assert_same(btf, again);
	free(out);
	bbpf_btf_free(again);
	bbpf_btf_free(btf);
	free(raw);
	btfb_free(&b);
}

/* The other byte order: the bytes of a big-endian builder blob; the parser swaps them back. */
static void test_other_order(void **state)
{
	enum bbpf_btf_endian other = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
					     ? BBPF_BTF_ENDIAN_BIG
					     : BBPF_BTF_ENDIAN_LITTLE;
	struct bbpf_btf *btf, *again;
	struct btfb b;
	size_t sz, out_sz, sw_sz;
	void *raw, *sw, *out;

	(void)state;
	build(&b);
	raw = btfb_blob(&b, &sz);
	sw = btfb_blob_ex(&b, 0, true, &sw_sz);
	btf = parse_ok(raw, sz, NULL);
	assert_int_equal(bbpf_btf_write(btf, other, &out, &out_sz), 0);
	assert_int_equal(out_sz, sw_sz);
	assert_memory_equal(out, sw, sw_sz);
	again = parse_ok(out, out_sz, NULL);
	assert_true(bbpf_btf_is_swapped(again));
	assert_same(btf, again);
	free(out);
	bbpf_btf_free(again);
	/* and a swapped input written natively is the native blob */
	bbpf_btf_free(btf);
	btf = parse_ok(sw, sw_sz, NULL);
	assert_int_equal(bbpf_btf_write(btf, BBPF_BTF_ENDIAN_NATIVE, &out, &out_sz), 0);
	assert_memory_equal(out, raw, sz);
	free(out);
	bbpf_btf_free(btf);
	free(sw);
	free(raw);
	btfb_free(&b);
}

/* A newer, longer header comes out as today's 24 bytes. */
static void test_long_header(void **state)
{
	struct bbpf_btf *btf, *again;
	const struct btf_header *h;
	struct btfb b;
	size_t sz, out_sz;
	void *raw, *out;

	(void)state;
	build(&b);
	raw = btfb_blob_ex(&b, 16, false, &sz);
	btf = parse_ok(raw, sz, NULL);
	assert_int_equal(bbpf_btf_write(btf, BBPF_BTF_ENDIAN_NATIVE, &out, &out_sz), 0);
	assert_int_equal(out_sz, sz - 16);
	h = out;
	assert_int_equal(h->hdr_len, sizeof(*h));
	assert_int_equal(h->type_off, 0);
	assert_int_equal(h->str_off, h->type_len);
	again = parse_ok(out, out_sz, NULL);
	assert_same(btf, again);
	free(out);
	bbpf_btf_free(again);
	bbpf_btf_free(btf);
	free(raw);
	btfb_free(&b);
}

/* Split BTF: only the module's own types and strings, which parse again on the same base. */
static void test_split(void **state)
{
	struct bbpf_btf *base, *mod, *again;
	const struct btf_header *h;
	struct btfb b;
	size_t sz, out_sz;
	void *raw, *out;

	(void)state;
	build(&b);
	raw = btfb_blob(&b, &sz);
	base = parse_ok(raw, sz, NULL);
	free(raw);
	h = bbpf_btf_raw(base, &sz);
	btfb_free(&b);
	btfb_init_split(&b, bbpf_btf_type_cnt(base), h->str_len);
	btfb_struct(&b, "mod_s", 8, 1);
	btfb_member(&b, "p", 1, 0);
	raw = btfb_blob(&b, &sz);
	mod = parse_ok(raw, sz, base);
	assert_int_equal(bbpf_btf_write(mod, BBPF_BTF_ENDIAN_NATIVE, &out, &out_sz), 0);
	assert_memory_equal(out, raw, sz);
	again = parse_ok(out, out_sz, base);
	assert_same(mod, again);
	assert_string_equal(bbpf_btf_name(again, bbpf_btf_type_cnt(base)), "mod_s");
	free(out);
	bbpf_btf_free(again);
	bbpf_btf_free(mod);
	bbpf_btf_free(base);
	free(raw);
	btfb_free(&b);
}

static void test_bad_args(void **state)
{
	struct bbpf_btf *btf;
	void *out = (void *)0x1;
	size_t out_sz = 7, sz;
	struct btfb b;
	void *raw;

	(void)state;
	build(&b);
	raw = btfb_blob(&b, &sz);
	btf = parse_ok(raw, sz, NULL);
	assert_int_equal(bbpf_btf_write(btf, (enum bbpf_btf_endian)7, &out, &out_sz), -EINVAL);
	assert_int_equal(bbpf_btf_write(NULL, BBPF_BTF_ENDIAN_NATIVE, &out, &out_sz), -EINVAL);
	assert_int_equal(bbpf_btf_write(btf, BBPF_BTF_ENDIAN_NATIVE, NULL, &out_sz), -EINVAL);
	assert_ptr_equal(out, (void *)0x1); /* untouched on failure */
	assert_int_equal(out_sz, 7);
	bbpf_btf_free(btf);
	free(raw);
	btfb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_native),	    cmocka_unit_test(test_other_order),
		cmocka_unit_test(test_long_header), cmocka_unit_test(test_split),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
