// SPDX-License-Identifier: BSD-2-Clause
/*
 * Options before load (loader/obj_opts*.c) on the committed fixtures:
 * --only/--skip (autoload), --map (max_entries, value_size), --set (initial
 * images of .data/.rodata variables, type- and size-checked), the CLI
 * parsers, and value encoding for every type on BTF built here.
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
#include <barebpf/btf.h>
#include "internal/compiler.h"
#include "../../loader/obj/internal.h"
#include "../helpers/btf_build.h"
#include "../helpers/fixture.h"
#include "../helpers/log_capture.h"

static struct bbpf_obj *open_fix(const char *name)
{
	struct bbpf_obj *obj = NULL;
	char rel[64];

	snprintf(rel, sizeof(rel), "obj/%s.bpf.o", name);
	assert_int_equal(bbpf_obj_open_file(fixture_path(rel), NULL, &obj), 0);
	return obj;
}

static bool autoload_of(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_prog(obj, name);

	assert_true(i >= 0);
	return bbpf_prog_autoload(bbpf_obj_prog(obj, i));
}

/* ------------------------------------------------------------------ */
/* --only / --skip                                                     */
/* ------------------------------------------------------------------ */

static void test_select(void **state)
{
	static const char *const only[] = { "xdp_one", "tp_optional" };
	static const char *const skip[] = { "kp", "odd" };
	static const char *const bad[] = { "nope" };
	static const char *const odd[] = { "odd" };
	struct bbpf_obj *obj = open_fix("progs");

	(void)state;
	/* Defaults: SEC("?...") is off, everything else on. */
	assert_false(autoload_of(obj, "tp_optional"));
	assert_true(autoload_of(obj, "kp"));
	assert_int_equal(bbpf_obj_select_progs(obj, NULL, 0, skip, 2), 0);
	assert_false(autoload_of(obj, "kp"));
	assert_false(autoload_of(obj, "odd"));
	assert_true(autoload_of(obj, "xdp_two"));
	assert_false(autoload_of(obj, "tp_optional"));
	assert_int_equal(bbpf_obj_select_progs(obj, only, 2, NULL, 0), 0);
	assert_true(autoload_of(obj, "xdp_one"));
	assert_true(autoload_of(obj, "tp_optional"));
	assert_false(autoload_of(obj, "xdp_two"));
	assert_false(autoload_of(obj, "tc_main"));
	/* --only and --skip of the same: skip wins. */
	assert_int_equal(bbpf_obj_select_progs(obj, only, 2, only, 1), 0);
	assert_false(autoload_of(obj, "xdp_one"));
	assert_true(autoload_of(obj, "tp_optional"));
	log_capture_start(BBPF_WARN);
	/* An unknown name changes nothing. */
	assert_int_equal(bbpf_obj_select_progs(obj, bad, 1, NULL, 0), -ENOENT);
	assert_non_null(strstr(log_msgs, "no program 'nope'"));
	assert_true(autoload_of(obj, "tp_optional"));
	/* A program of an unknown section cannot be chosen. */
	assert_int_equal(bbpf_obj_select_progs(obj, odd, 1, NULL, 0), -EOPNOTSUPP);
	assert_non_null(strstr(log_msgs, "prog 'odd'"));
	log_capture_stop();
	assert_int_equal(bbpf_prog_set_autoload(bbpf_obj_prog_mut(obj, 0), true), 0);
	assert_null(bbpf_obj_prog_mut(obj, bbpf_obj_prog_cnt(obj)));
	bbpf_obj_close(obj);
}

/* ------------------------------------------------------------------ */
/* --map                                                               */
/* ------------------------------------------------------------------ */

static const struct bbpf_map_def *def_of(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_map(obj, name);

	assert_true(i >= 0);
	return bbpf_map_def(bbpf_obj_map(obj, i));
}

static void test_map_setters(void **state)
{
	struct bbpf_obj *obj = open_fix("maps");
	struct bbpf_map *m = bbpf_obj_map_mut(obj, bbpf_obj_find_map(obj, "by_size"));

	(void)state;
	assert_int_equal(bbpf_map_set_max_entries(m, 4096), 0);
	assert_int_equal(bbpf_map_set_value_size(m, 32), 0);
	assert_int_equal(def_of(obj, "by_size")->max_entries, 4096);
	assert_int_equal(def_of(obj, "by_size")->value_size, 32);
	log_capture_start(BBPF_WARN);
	assert_int_equal(bbpf_map_set_max_entries(m, 0), -EINVAL);
	assert_int_equal(bbpf_map_set_value_size(m, 0), -EINVAL);
	m = bbpf_obj_map_mut(obj, bbpf_obj_find_map(obj, "by_type"));
	assert_int_equal(bbpf_map_set_value_size(m, 8), -EINVAL);
	assert_non_null(strstr(log_msgs, "map 'by_type': its value is a BTF type"));
	assert_int_equal(bbpf_map_set_max_entries(m, 7), 0);
	assert_int_equal(def_of(obj, "by_type")->max_entries, 7);
	m = bbpf_obj_map_mut(obj, bbpf_obj_find_map(obj, "jumps"));
	assert_int_equal(bbpf_map_set_value_size(m, 8), -EINVAL);
	m = bbpf_obj_map_mut(obj, bbpf_obj_find_map(obj, ".data"));
	assert_int_equal(bbpf_map_set_max_entries(m, 2), -EINVAL);
	assert_int_equal(bbpf_map_set_value_size(m, 64), -EINVAL);
	log_capture_stop();
	assert_int_equal(def_of(obj, ".data")->max_entries, 1);
	bbpf_obj_close(obj);
}

static void test_apply_map(void **state)
{
	static const struct {
		const char *arg;
		int err;
	} cases[] = {
		{ "by_size.max_entries=256", 0 },     { "by_size.value_size=0x40", 0 },
		{ "bloom.max_entries=1000", 0 },      { "by_size.max_entries=4294967296", -E2BIG },
		{ "by_size.max_entries=-1", -E2BIG }, { "by_size.max_entries=12x", -EINVAL },
		{ "by_size.key_size=4", -EINVAL },    { "by_size.max_entries", -EINVAL },
		{ "max_entries=3", -EINVAL },	      { ".max_entries=3", -EINVAL },
		{ "nope.max_entries=3", -ENOENT },    { ".data.custom.max_entries=3", -EINVAL },
	};
	struct bbpf_obj *obj = open_fix("maps");
	size_t i;

	(void)state;
	log_capture_start(BBPF_WARN);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (bbpf_obj_apply_map(obj, cases[i].arg) != cases[i].err)
			fail_msg("'%s': want %d", cases[i].arg, cases[i].err);
	log_capture_stop();
	assert_int_equal(def_of(obj, "by_size")->max_entries, 256);
	assert_int_equal(def_of(obj, "by_size")->value_size, 64);
	assert_int_equal(def_of(obj, "bloom")->max_entries, 1000);
	bbpf_obj_close(obj);
}

static void test_parse_cli(void **state)
{
	enum bbpf_map_field f;
	const char *val;
	char name[8];
	uint32_t v;

	(void)state;
	assert_int_equal(bbpf_opt_parse_set("a=b=c", name, sizeof(name), &val), 0);
	assert_string_equal(name, "a");
	assert_string_equal(val, "b=c");
	assert_int_equal(bbpf_opt_parse_set("e=", name, sizeof(name), &val), 0);
	assert_string_equal(val, "");
	assert_int_equal(bbpf_opt_parse_map(".d.x.value_size=8", name, sizeof(name), &f, &v), 0);
	assert_string_equal(name, ".d.x");
	assert_int_equal(f, BBPF_MAP_FIELD_VALUE_SIZE);
	assert_int_equal(v, 8);
	log_capture_start(BBPF_WARN);
	assert_int_equal(bbpf_opt_parse_set("=x", name, sizeof(name), &val), -EINVAL);
	assert_int_equal(bbpf_opt_parse_set("noeq", name, sizeof(name), &val), -EINVAL);
	assert_int_equal(bbpf_opt_parse_set("longname=1", name, sizeof(name), &val), -E2BIG);
	assert_int_equal(bbpf_opt_parse_map("longname.max_entries=1", name, sizeof(name), &f, &v),
			 -E2BIG);
	log_capture_stop();
}

/* ------------------------------------------------------------------ */
/* --set on the fixtures                                               */
/* ------------------------------------------------------------------ */

/* The bytes of variable @var in map @map's initial image. */
static const void *var_at(const struct bbpf_obj *obj, const char *map, const char *var)
{
	const struct bbpf_map *m = bbpf_obj_map(obj, bbpf_obj_find_map(obj, map));
	const struct bbpf_btf *btf = bbpf_obj_btf(obj);
	const struct btf_type *sec = bbpf_btf_type_by_id(btf, bbpf_map_def(m)->value_type_id);
	uint32_t i;

	for (i = 0; i < bbpf_btf_vlen(sec); i++)
		if (!strcmp(bbpf_btf_name(btf, bbpf_btf_var_secinfos(sec)[i].type), var))
			return (const char *)bbpf_map_init_data(m) +
			       bbpf_btf_var_secinfos(sec)[i].offset;
	fail_msg("no %s in %s", var, map);
	return NULL;
}

static void test_set_var(void **state)
{
	static const char *const names[] = { "maps", "maps-c19" };
	struct bbpf_obj *obj;
	uint64_t u64 = 0;
	uint32_t u32 = 0;
	int32_t i32 = 0;
	int c;

	(void)state;
	for (c = 0; c < 2; c++) {
		obj = open_fix(names[c]);
		memcpy(&u32, var_at(obj, ".rodata", "answer"), 4);
		assert_int_equal(u32, 42);
		assert_int_equal(bbpf_obj_apply_set(obj, "answer=7"), 0);
		memcpy(&u32, var_at(obj, ".rodata", "answer"), 4);
		assert_int_equal(u32, 7);
		assert_int_equal(bbpf_obj_set_var_str(obj, "counter", "0x100000000"), 0);
		memcpy(&u64, var_at(obj, ".data", "counter"), 8);
		assert_true(u64 == 0x100000000ULL);
		assert_int_equal(bbpf_obj_set_var_str(obj, "custom", "-5"), 0);
		memcpy(&i32, var_at(obj, ".data.custom", "custom"), 4);
		assert_int_equal(i32, -5);
		i32 = 1234;
		assert_int_equal(bbpf_obj_set_var(obj, "knob", &i32, 4), 0);
		memcpy(&i32, var_at(obj, ".rodata.custom", "knob"), 4);
		assert_int_equal(i32, 1234);

		log_capture_start(BBPF_WARN);
		assert_int_equal(bbpf_obj_set_var_str(obj, "answer", "4294967296"), -E2BIG);
		assert_int_equal(bbpf_obj_set_var_str(obj, "answer", "-1"), -E2BIG);
		assert_int_equal(bbpf_obj_set_var_str(obj, "answer", "abc"), -EINVAL);
		assert_non_null(strstr(log_msgs, "variable 'answer'"));
		assert_int_equal(bbpf_obj_set_var_str(obj, "knob", "2147483648"), -E2BIG);
		assert_int_equal(bbpf_obj_set_var(obj, "knob", &u64, 8), -EINVAL);
		assert_non_null(strstr(log_msgs, "is 4 bytes, given 8"));
		assert_int_equal(bbpf_obj_set_var_str(obj, "zeroed", "1"), -EOPNOTSUPP);
		assert_int_equal(bbpf_obj_set_var_str(obj, "nope", "1"), -ENOENT);
		assert_non_null(strstr(log_msgs, "no variable 'nope'"));
		assert_int_equal(bbpf_obj_apply_set(obj, "answer"), -EINVAL);
		log_capture_stop();
		/* Failed sets left the values alone. */
		memcpy(&u32, var_at(obj, ".rodata", "answer"), 4);
		assert_int_equal(u32, 7);
		memcpy(&i32, var_at(obj, ".rodata.custom", "knob"), 4);
		assert_int_equal(i32, 1234);
		bbpf_obj_close(obj);
	}
}

/* opts.bpf.o: several variables per section, each type --set parses. */
static void test_set_var_types(void **state)
{
	static const char *const names[] = { "opts", "opts-c19" };
	struct bbpf_obj *obj;
	uint32_t u32;
	uint16_t u16;
	int8_t s8;
	int c;

	(void)state;
	for (c = 0; c < 2; c++) {
		obj = open_fix(names[c]);
		/* The images hold the ELF's values at the BTF offsets (from the symbols). */
		assert_true(var_at(obj, ".rodata", "pair_a") != var_at(obj, ".rodata", "pair_b"));
		memcpy(&u32, var_at(obj, ".rodata", "pair_b"), 4);
		assert_int_equal(u32, 2);
		assert_int_equal(bbpf_obj_apply_set(obj, "pair_b=7"), 0);
		memcpy(&u32, var_at(obj, ".rodata", "pair_b"), 4);
		assert_int_equal(u32, 7);
		memcpy(&u32, var_at(obj, ".rodata", "pair_a"), 4);
		assert_int_equal(u32, 1);
		assert_int_equal(bbpf_obj_apply_set(obj, "verbose=true"), 0);
		assert_int_equal(*(const uint8_t *)var_at(obj, ".rodata", "verbose"), 1);
		memcpy(&u32, var_at(obj, ".rodata", "mode"), 4);
		assert_int_equal(u32, 5);
		assert_int_equal(bbpf_obj_apply_set(obj, "mode=MODE_SLOW"), 0);
		memcpy(&u32, var_at(obj, ".rodata", "mode"), 4);
		assert_int_equal(u32, 300);
		assert_int_equal(bbpf_obj_apply_set(obj, "ifname=eth0"), 0);
		assert_memory_equal(var_at(obj, ".rodata", "ifname"), "eth0\0\0\0\0\0\0\0\0\0\0\0",
				    16);
		assert_int_equal(bbpf_obj_apply_set(obj, "tiny=-128"), 0);
		memcpy(&s8, var_at(obj, ".rodata", "tiny"), 1);
		assert_int_equal(s8, -128);
		assert_int_equal(bbpf_obj_apply_set(obj, "port=8080"), 0);
		memcpy(&u16, var_at(obj, ".data", "port"), 2);
		assert_int_equal(u16, 8080);
		log_capture_start(BBPF_WARN);
		assert_int_equal(bbpf_obj_apply_set(obj, "tiny=-129"), -E2BIG);
		assert_int_equal(bbpf_obj_apply_set(obj, "port=65536"), -E2BIG);
		assert_int_equal(bbpf_obj_apply_set(obj, "mode=MODE_MEDIUM"), -EINVAL);
		assert_non_null(strstr(log_msgs, "no enumerator 'MODE_MEDIUM' in enum mode"));
		assert_int_equal(bbpf_obj_apply_set(obj, "verbose=maybe"), -EINVAL);
		assert_int_equal(bbpf_obj_apply_set(obj, "ifname=0123456789abcdef"), -E2BIG);
		assert_int_equal(bbpf_obj_apply_set(obj, "cfg=1"), -EOPNOTSUPP);
		assert_non_null(
			strstr(log_msgs, "variable 'cfg': a STRUCT cannot be set from text"));
		log_capture_stop();
		bbpf_obj_close(obj);
	}
}

/* ------------------------------------------------------------------ */
/* Value encoding per type                                             */
/* ------------------------------------------------------------------ */

struct enc_case {
	uint32_t type; /* id in enc_btf() */
	const char *val;
	int err;
	uint64_t want;
};

/*
 * [1] int  [2] _Bool  [3] enum mode {FAST=1, SLOW=300} (2 bytes)
 * [4] char  [5] char[8]  [6] typedef u8 (unsigned char)  [7] unsigned char
 * [8] struct pair (8 bytes)  [9] const int  [10] signed char
 */
static struct bbpf_btf *enc_btf(void)
{
	struct bbpf_btf *btf = NULL;
	struct btfb b;
	size_t sz;
	void *blob;

	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_int(&b, "_Bool", 1, BTF_INT_BOOL, 8);
	btfb_enum(&b, "mode", 2, 2, false);
	btfb_enumval(&b, "FAST", 1);
	btfb_enumval(&b, "SLOW", 300);
	btfb_int(&b, "char", 1, BTF_INT_CHAR, 8);
	btfb_array(&b, 4, 1, 8);
	btfb_ref(&b, BTF_KIND_TYPEDEF, "u8", 7);
	btfb_int(&b, "unsigned char", 1, 0, 8);
	btfb_struct(&b, "pair", 8, 2);
	btfb_member(&b, "a", 1, 0);
	btfb_member(&b, "b", 1, 32);
	btfb_ref(&b, BTF_KIND_CONST, NULL, 1);
	btfb_int(&b, "signed char", 1, BTF_INT_SIGNED, 8);
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	free(blob);
	btfb_free(&b);
	return btf;
}

static const struct enc_case enc_cases[] = {
	{ 1, "-2147483648", 0, 0x80000000 },
	{ 1, "2147483647", 0, 0x7fffffff },
	{ 1, "2147483648", -E2BIG, 0 },
	{ 9, "0x10", 0, 16 },
	{ 2, "true", 0, 1 },
	{ 2, "n", 0, 0 },
	{ 2, "0", 0, 0 },
	{ 2, "2", -EINVAL, 0 },
	{ 3, "SLOW", 0, 300 },
	{ 3, "FAST", 0, 1 },
	{ 3, "65535", 0, 65535 },
	{ 3, "65536", -E2BIG, 0 },
	{ 3, "MEDIUM", -EINVAL, 0 },
	{ 4, "200", 0, 200 },
	{ 6, "255", 0, 255 },
	{ 6, "256", -E2BIG, 0 },
	{ 10, "-128", 0, 0x80 },
	{ 10, "128", -E2BIG, 0 },
	{ 8, "1", -EOPNOTSUPP, 0 },
};

static void test_encode(void **state)
{
	struct bbpf_btf *btf = enc_btf();
	uint64_t got;
	char s[8];
	size_t i;
	int err, sz;

	(void)state;
	log_capture_start(BBPF_WARN);
	for (i = 0; i < ARRAY_SIZE(enc_cases); i++) {
		got = 0;
		sz = bbpf_btf_size(btf, enc_cases[i].type);
		err = bbpf__var_encode(btf, enc_cases[i].type, "v", enc_cases[i].val, &got, sz);
		if (err != enc_cases[i].err || (!err && got != enc_cases[i].want))
			fail_msg("case %zu '%s': err %d (want %d), 0x%llx", i, enc_cases[i].val,
				 err, enc_cases[i].err, (unsigned long long)got);
	}
	/* Size of the DATASEC entry and of the type disagree. */
	assert_int_equal(bbpf__var_encode(btf, 1, "v", "1", &got, 8), -EINVAL);
	memset(s, 'x', sizeof(s));
	assert_int_equal(bbpf__var_encode(btf, 5, "v", "eth0", s, 8), 0);
	assert_memory_equal(s, "eth0\0\0\0\0", 8);
	assert_int_equal(bbpf__var_encode(btf, 5, "v", "1234567", s, 8), 0);
	assert_int_equal(bbpf__var_encode(btf, 5, "v", "12345678", s, 8), -E2BIG);
	assert_non_null(strstr(log_msgs, "needs 9 bytes"));
	assert_memory_equal(s, "1234567", 8);
	log_capture_stop();
	bbpf_btf_free(btf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),	  cmocka_unit_test(test_map_setters),
		cmocka_unit_test(test_apply_map), cmocka_unit_test(test_parse_cli),
		cmocka_unit_test(test_set_var),	  cmocka_unit_test(test_set_var_types),
		cmocka_unit_test(test_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
