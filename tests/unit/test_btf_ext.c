// SPDX-License-Identifier: BSD-2-Clause
/*
 * .BTF.ext (btf/btf_ext.c), read out of the committed fixtures in both
 * byte orders by the loader's ELF reader (loader/elf/file.c), and built
 * blobs for larger records, absent sections and every rejection.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../helpers/log_capture.h"

#include <barebpf/btf.h>
#include <barebpf/kbtf.h>
#include "elf/read.h"
#include "../helpers/btf_build.h"
#include "../helpers/fixture.h"

static int setup(void **state)
{
	(void)state;
	log_msgs[0] = '\0';
	log_capture_start(BBPF_WARN);
	return 0;
}

static void test_fixture_ext(void **state)
{
	static const char *const files[] = { "btf/kinds-el.o", "btf/kinds-eb.o" };
	const struct bbpf_btf_core_relo *r;
	const struct bbpf_btf_func_info *fi;
	struct bbpf_btf_ext_iter it;
	struct bbpf_btf_ext *ext;
	struct bbpf_btf *btf;
	int n[2][3] = { { 0 } }, k, kind;
	size_t sz, len;
	void *obj, *sec;

	(void)state;
	for (k = 0; k < 2; k++) {
		assert_int_equal(slurp(fixture_path(files[k]), &obj, &sz), 0);
		assert_int_equal(bbpf__elf_sec_read(-1, obj, sz, "o", ".nope", &sec, &len),
				 -ENOENT);
		assert_int_equal(bbpf__elf_sec_read(-1, obj, sz, "o", ".BTF.ext", &sec, &len), 0);
		assert_int_equal(bbpf_kbtf_open_file(fixture_path(files[k]), NULL, &btf), 0);
		assert_int_equal(bbpf_btf_ext_parse(sec, len, btf, &ext), 0);
		for (kind = 0; kind < BBPF_BTF_EXT_KIND_CNT; kind++) {
			bbpf_btf_ext_iter_init(&it, ext, kind);
			while (bbpf_btf_ext_iter_next_sec(&it) > 0) {
				assert_non_null(it.sec_name);
				while (bbpf_btf_ext_iter_next_rec(&it))
					n[k][kind]++;
			}
		}
		/* Functions: prog, core_prog and helper. */
		bbpf_btf_ext_iter_init(&it, ext, BBPF_BTF_EXT_FUNC_INFO);
		assert_int_equal(bbpf_btf_ext_iter_next_sec(&it), 1);
		fi = bbpf_btf_ext_iter_next_rec(&it);
		assert_int_equal(bbpf_btf_kind(bbpf_btf_type_by_id(btf, fi->type_id)),
				 BTF_KIND_FUNC);
		/* CO-RE: core_prog reads c->b and the byte size of c->a. */
		bbpf_btf_ext_iter_init(&it, ext, BBPF_BTF_EXT_CORE_RELO);
		assert_int_equal(bbpf_btf_ext_iter_next_sec(&it), 1);
		assert_string_equal(it.sec_name, "raw_tp/x");
		r = bbpf_btf_ext_iter_next_rec(&it);
		assert_string_equal(bbpf_btf_name(btf, r->type_id), "core_s");
		assert_string_equal(bbpf_btf_str(btf, r->access_str_off), "0:1");
		assert_int_equal(bbpf_btf_ext_rec_size(ext, BBPF_BTF_EXT_LINE_INFO), 16);
		bbpf_btf_ext_free(ext);
		bbpf_btf_free(btf);
		free(sec);
		free(obj);
	}
	assert_int_equal(n[0][BBPF_BTF_EXT_FUNC_INFO], 3);
	assert_int_equal(n[0][BBPF_BTF_EXT_CORE_RELO], 2);
	assert_true(n[0][BBPF_BTF_EXT_LINE_INFO] > 3);
	assert_memory_equal(n[0], n[1], sizeof(n[0])); /* same records from bpfeb */
}

/* A .BTF.ext with a core_relo section of @rec_size-byte records. */
static void *build_ext(uint32_t rec_size, uint32_t nrec, uint32_t name_off, uint32_t type_id,
		       bool swap, size_t *sz)
{
	uint32_t words[64] = { 0 }, *w, i, j, n;
	uint8_t *out;

	/* header: magic/version/flags, hdr_len 32, func 0/0, line 0/0, core 0/len */
	words[0] = BTF_MAGIC | 1 << 16;
	words[1] = 32;
	w = &words[8];
	*w++ = rec_size;
	*w++ = name_off; /* sec_name_off */
	*w++ = nrec;
	for (i = 0; i < nrec; i++) {
		*w++ = i * 8; /* insn_off */
		*w++ = type_id;
		*w++ = name_off; /* access string */
		*w++ = 0;	 /* kind */
		for (j = 16; j < rec_size; j += 4)
			*w++ = 0xabababab; /* fields from a newer compiler */
	}
	n = w - words;
	words[7] = (n - 8) * 4; /* core_relo_len */
	*sz = n * 4;
	if (swap) {
		for (i = 1; i < n; i++)
			words[i] = __builtin_bswap32(words[i]);
		words[0] = __builtin_bswap16(BTF_MAGIC) | 1 << 16;
	}
	out = malloc(*sz);
	memcpy(out, words, *sz);
	return out;
}

static struct bbpf_btf *small_btf(void)
{
	struct bbpf_btf *btf;
	struct btfb b;
	void *blob;
	size_t sz;

	btfb_init(&b);
	btfb_int(&b, "int", 4, 0, 32); /* name at 1 */
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	free(blob);
	btfb_free(&b);
	return btf;
}

static void test_larger_records_and_swap(void **state)
{
	const struct bbpf_btf_core_relo *r;
	struct bbpf_btf *btf = small_btf();
	struct bbpf_btf_ext_iter it;
	struct bbpf_btf_ext *ext;
	int swap, i;
	void *blob;
	size_t sz;

	(void)state;
	for (swap = 0; swap < 2; swap++) {
		blob = build_ext(24, 3, 1, 1, swap, &sz);
		assert_int_equal(bbpf_btf_ext_parse(blob, sz, btf, &ext), 0);
		assert_int_equal(bbpf_btf_ext_rec_size(ext, BBPF_BTF_EXT_CORE_RELO), 24);
		assert_int_equal(bbpf_btf_ext_rec_size(ext, BBPF_BTF_EXT_FUNC_INFO), 0);
		bbpf_btf_ext_iter_init(&it, ext, BBPF_BTF_EXT_CORE_RELO);
		assert_int_equal(bbpf_btf_ext_iter_next_sec(&it), 1);
		assert_string_equal(it.sec_name, "int");
		assert_int_equal(it.nr_recs, 3);
		for (i = 0; (r = bbpf_btf_ext_iter_next_rec(&it)); i++) {
			assert_int_equal(r->insn_off, i * 8);
			assert_int_equal(r->type_id, 1);
		}
		assert_int_equal(i, 3);
		assert_int_equal(bbpf_btf_ext_iter_next_sec(&it), 0);
		/* Absent sections iterate as empty. */
		bbpf_btf_ext_iter_init(&it, ext, BBPF_BTF_EXT_LINE_INFO);
		assert_int_equal(bbpf_btf_ext_iter_next_sec(&it), 0);
		bbpf_btf_ext_free(ext);
		free(blob);
	}
	bbpf_btf_free(btf);
}

static void test_ext_rejects(void **state)
{
	struct bbpf_btf *btf = small_btf();
	struct bbpf_btf_ext *ext = (void *)0x1;
	uint8_t *blob;
	size_t sz, i;

	(void)state;
	blob = build_ext(12, 1, 1, 1, false, &sz);
	assert_int_equal(bbpf_btf_ext_parse(blob, sz, btf, &ext), -EINVAL);
	assert_non_null(strstr(log_msgs, "core_relo record size 12"));
	free(blob);
	blob = build_ext(16, 0, 1, 1, false, &sz);
	assert_int_equal(bbpf_btf_ext_parse(blob, sz, btf, &ext), -EINVAL);
	assert_non_null(strstr(log_msgs, "0 records"));
	free(blob);
	blob = build_ext(16, 1, 1, 9, false, &sz);
	assert_int_equal(bbpf_btf_ext_parse(blob, sz, btf, &ext), -EINVAL);
	assert_non_null(strstr(log_msgs, "type id 9"));
	free(blob);
	blob = build_ext(16, 1, 900, 1, false, &sz);
	assert_int_equal(bbpf_btf_ext_parse(blob, sz, btf, &ext), -EINVAL);
	assert_non_null(strstr(log_msgs, "string offset 900"));
	/* Without the BTF, ids and strings are not checked. */
	assert_int_equal(bbpf_btf_ext_parse(blob, sz, NULL, &ext), 0);
	bbpf_btf_ext_free(ext);
	ext = (void *)0x1;
	free(blob);
	/* Truncations, and a section past the end. */
	blob = build_ext(16, 2, 1, 1, false, &sz);
	for (i = 0; i < sz; i++)
		assert_int_equal(bbpf_btf_ext_parse(blob, i, btf, &ext), -EINVAL);
	blob[28] = 0xff;
	assert_int_equal(bbpf_btf_ext_parse(blob, sz, btf, &ext), -EINVAL);
	blob[28] = 0;
	blob[2] = 2; /* version */
	assert_int_equal(bbpf_btf_ext_parse(blob, sz, btf, &ext), -EINVAL);
	assert_ptr_equal(ext, (void *)0x1);
	bbpf_btf_ext_free(NULL);
	free(blob);
	bbpf_btf_free(btf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fixture_ext, setup),
		cmocka_unit_test_setup(test_larger_records_and_swap, setup),
		cmocka_unit_test_setup(test_ext_rejects, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
