// SPDX-License-Identifier: BSD-2-Clause
/*
 * The skeleton generator (tools/skel.c, compiled in) on a committed fixture,
 * without a kernel: C names, the global data structs as the DATASECs lay
 * them out, refused names, the gzip'ed form; and bbpf_map_data() before load (the object's
 * own, writable image of each global data map).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <barebpf/obj.h>
#include "../helpers/fixture.h"
#include "../../tools/skel.c"

static struct bbpf_obj *open_opts(void)
{
	struct bbpf_obj *obj = NULL;

	assert_int_equal(bbpf_obj_open_file(fixture_path("obj/opts.bpf.o"), NULL, &obj), 0);
	return obj;
}

static void test_ident(void **state)
{
	char buf[16];

	(void)state;
	skel_ident(".data.x-y", buf, sizeof(buf));
	assert_string_equal(buf, "data_x_y");
	skel_ident("9lives", buf, sizeof(buf));
	assert_string_equal(buf, "_9lives");
	skel_ident(".rodata", buf, sizeof(buf));
	assert_string_equal(buf, "rodata");
	skel_ident("delete", buf, sizeof(buf)); /* a C++ keyword */
	assert_string_equal(buf, "delete_");
	skel_ident("a_very_long_name_indeed", buf, 8);
	assert_string_equal(buf, "a_very_");
}

/* The header for the fixture, as one string (the caller frees it). */
static char *gen_raw(struct bbpf_obj *obj, const char *name, size_t raw_sz, int want)
{
	char why[128] = "", *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	static const unsigned char bytes[] = { 0x7f, 'E', 'L', 'F' };

	assert_non_null(f);
	assert_int_equal(skel_write(f, obj, bytes, sizeof(bytes), raw_sz, name, why, sizeof(why)),
			 want);
	fclose(f);
	if (want)
		assert_non_null(strstr(why, name));
	return text;
}

static char *gen(struct bbpf_obj *obj, const char *name, int want)
{
	return gen_raw(obj, name, 0, want);
}

static void test_write(void **state)
{
	struct bbpf_obj *obj = open_opts();
	char *h = gen(obj, "opts_skel", 0);

	(void)state;
	/* .rodata: _Bool, enum, char[16], __s8, two __u32, a struct, at the DATASEC's offsets */
	assert_non_null(strstr(h,
			       "struct opts_skel__rodata {\n\tbool verbose;\n\tchar __pad_0[3];\n"
			       "\tuint32_t mode;\n\tchar ifname[16];\n\tint8_t tiny;\n"));
	assert_non_null(strstr(h, "offsetof(struct opts_skel__rodata, cfg) == 36 && "
				  "sizeof(((struct opts_skel__rodata *)0)->cfg) == 8"));
	assert_non_null(strstr(h, "struct opts_skel__data {\n\tuint16_t port;\n};"));
	/* every map by name; .kconfig has a handle but no data struct */
	assert_non_null(strstr(h, "\t\tstruct bbpf_map *kconfig;\n"));
	assert_null(strstr(h, "opts_skel__kconfig {"));
	assert_non_null(strstr(h, "\tstruct opts_skel__rodata *rodata;\n"));
	/* found by name through a table: the ELF name, the C handle */
	assert_non_null(strstr(h, "{ \".rodata\", offsetof(struct opts_skel, maps.rodata) },"));
	assert_non_null(strstr(h, "offsetof(struct opts_skel, links."));
	/* the bytes given, embedded as they are */
	assert_non_null(strstr(h, "0x7f, 0x45, 0x4c, 0x46,\n"));
	assert_non_null(
		strstr(h, "static inline int opts_skel__open_and_load(struct opts_skel **out)"));
	free(h);
	bbpf_obj_close(obj);
}

/* Bytes given as gzip'ed (a .gz object): embedded as they are, inflated by the program's hook. */
static void test_write_gzip(void **state)
{
	struct bbpf_obj *obj = open_opts();
	char *h = gen_raw(obj, "opts_skel", 4321, 0);

	(void)state;
	assert_non_null(strstr(h, "0x7f, 0x45, 0x4c, 0x46,\n"));
	assert_non_null(strstr(h, "const void *opts_skel__gunzip(const void *gz, size_t gz_sz, "
				  "size_t sz);\n"));
	assert_non_null(strstr(h, "obj = opts_skel__gunzip(data, sizeof(data), 4321);\n"
				  "\t*sz = 4321;\n\treturn obj;\n"));
	/* a failed inflate fails the open, not the open_mem of NULL */
	assert_non_null(strstr(h, "err = data ? opts_skel__open_mem("));
	/* the inflated bytes are the program's: opened in place, not copied */
	assert_non_null(strstr(h, "\to.borrow_data = true;\n"
				  "\treturn bbpf_obj_open_mem(data, sz, &o, obj);\n"));
	free(h);
	h = gen(obj, "opts_skel", 0);
	assert_null(strstr(h, "__gunzip"));
	assert_null(strstr(h, "borrow_data"));
	free(h);
	bbpf_obj_close(obj);
}

static void test_bad_name(void **state)
{
	struct bbpf_obj *obj = open_opts();

	(void)state;
	free(gen(obj, "9x", -EINVAL));
	free(gen(obj, "a-b", -EINVAL));
	free(gen(obj, "", -EINVAL));
	bbpf_obj_close(obj);
}

static void test_map_data_before_load(void **state)
{
	struct bbpf_obj *obj = open_opts();
	struct bbpf_map *ro = bbpf_obj_map_mut(obj, bbpf_obj_find_map(obj, ".rodata"));
	struct bbpf_map *kc = bbpf_obj_map_mut(obj, bbpf_obj_find_map(obj, ".kconfig"));
	size_t sz = 0;
	signed char *p;

	(void)state;
	p = bbpf_map_data(ro, &sz);
	assert_non_null(p);
	assert_int_equal(sz, 44);
	assert_ptr_equal(p, bbpf_map_init_data(ro)); /* the image load writes */
	assert_int_equal(bbpf_obj_set_var_str(obj, "tiny", "-3"), 0);
	assert_int_equal(p[24], -3);
	p[24] = 7;
	assert_int_equal(((const signed char *)bbpf_map_init_data(ro))[24], 7);
	assert_null(bbpf_map_data(kc, &sz)); /* not global data the user sets */
	assert_null(bbpf_map_data(NULL, NULL));
	bbpf_obj_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ident),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_write_gzip),
		cmocka_unit_test(test_bad_name),
		cmocka_unit_test(test_map_data_before_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
