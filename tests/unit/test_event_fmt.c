// SPDX-License-Identifier: BSD-2-Clause
/*
 * The record printer of `barebpf run` (tools/event_fmt.c, compiled in here):
 * a record typed by a hand-built BTF printed as text and as JSON, a record
 * shorter than its type, the hex dump, and how the record type is chosen.
 *
 *   enum state { IDLE = 0, RUNNING = 2 };
 *   struct inner { unsigned short a; unsigned char arr[3]; };
 *   struct event {            offset
 *           int pid;          0
 *           enum state st;    4
 *           char comm[8];     8
 *           struct inner in;  16  (6 bytes)
 *           unsigned f:3;     22*8 (a bitfield)
 *           _Bool on;         23
 *   };                        24
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
#include "../helpers/btf_build.h"
#include "../../tools/event_fmt.c"

static struct bbpf_btf *make_btf(int events)
{
	struct bbpf_btf *btf = NULL;
	struct btfb b;
	uint32_t i32, u16, u8, ch, st, arr3, comm, inner, u32, bo;
	void *blob;
	size_t sz;
	int k;

	btfb_init(&b);
	i32 = btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	u16 = btfb_int(&b, "unsigned short", 2, 0, 16);
	u8 = btfb_int(&b, "unsigned char", 1, 0, 8);
	ch = btfb_int(&b, "char", 1, BTF_INT_SIGNED, 8);
	u32 = btfb_int(&b, "unsigned int", 4, 0, 32);
	bo = btfb_int(&b, "_Bool", 1, BTF_INT_BOOL, 8);
	st = btfb_enum(&b, "state", 4, 2, false);
	btfb_enumval(&b, "IDLE", 0);
	btfb_enumval(&b, "RUNNING", 2);
	arr3 = btfb_array(&b, u8, i32, 3);
	comm = btfb_array(&b, ch, i32, 8);
	inner = btfb_struct(&b, "inner", 6, 2);
	btfb_member(&b, "a", u16, 0);
	btfb_member(&b, "arr", arr3, 16);
	for (k = 0; k < events; k++) {
		btfb_struct_kflag(&b, "event", 24, 6);
		btfb_member(&b, "pid", i32, 0);
		btfb_member(&b, "st", st, 32);
		btfb_member(&b, "comm", comm, 64);
		btfb_member(&b, "in", inner, 128);
		btfb_bitfield(&b, "f", u32, 176, 3);
		btfb_member(&b, "on", bo, 184);
	}
	blob = btfb_blob(&b, &sz);
	assert_int_equal(bbpf_btf_parse(blob, sz, NULL, &btf), 0);
	free(blob);
	btfb_free(&b);
	return btf;
}

static const unsigned char rec[24] = {
	0xfe, 0xff, 0xff, 0xff,		      /* pid -2 */
	2,    0,    0,	  0,		      /* RUNNING */
	's',  'h',  0,	  'x',	'x', 0, 0, 0, /* "sh" */
	7,    1,			      /* a = 263 */
	1,    2,    3,			      /* arr */
	0,				      /* padding */
	0xfd,				      /* f = 5 (low 3 bits) */
	1,				      /* on */
};

static char *print(const struct event_fmt *f, int cpu, size_t size)
{
	static char buf[4096];
	FILE *out = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(out);
	event_fmt_print(out, f, "events", cpu, rec, size);
	fclose(out);
	return buf;
}

static void test_text_and_json(void **state)
{
	struct bbpf_btf *btf = make_btf(1);
	struct event_fmt f;

	(void)state;
	assert_int_equal(event_fmt_init(&f, btf, NULL, false), 0); /* the lone 'event' */
	assert_true(f.type_id > 0);
	assert_string_equal(print(&f, 1, 24),
			    "events cpu=1 size=24: {pid=-2 st=RUNNING comm=\"sh\" "
			    "in={a=263 arr=[1,2,3]} f=5 on=true}\n");
	assert_int_equal(event_fmt_init(&f, btf, "event", true), 0);
	assert_string_equal(print(&f, -1, 24),
			    "{\"map\":\"events\",\"cpu\":-1,\"size\":24,\"data\":{\"pid\":-2,"
			    "\"st\":\"RUNNING\",\"comm\":\"sh\",\"in\":{\"a\":263,\"arr\":[1,2,3]},"
			    "\"f\":5,\"on\":true}}\n");
	bbpf_btf_free(btf);
}

/* A perf record of a known type loses the perf buffer's padding; nothing else does. */
static void test_perf_padding(void **state)
{
	struct bbpf_btf *btf = make_btf(1);
	unsigned char padded[28] = { 0 };
	struct event_fmt f;
	char buf[4096];
	FILE *out;
	size_t i;
	static const struct {
		int cpu;
		size_t size;
		bool typed;
		const char *want;
	} cases[] = {
		{ 1, 28, true, "events cpu=1 size=24: {" }, /* 4 + 24 padded to 32 */
		{ -1, 28, true, "events size=28: {" },	    /* a ring buffer keeps its length */
		{ 1, 27, true, "events cpu=1 size=27: {" }, /* not the padded length */
		{ 1, 28, false, "events cpu=1 size=28: fe ff" }, /* hex: no type, no length */
	};

	(void)state;
	memcpy(padded, rec, sizeof(rec));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(event_fmt_init(&f, cases[i].typed ? btf : NULL, NULL, false), 0);
		out = fmemopen(buf, sizeof(buf), "w");
		assert_non_null(out);
		event_fmt_print(out, &f, "events", cases[i].cpu, padded, cases[i].size);
		fclose(out);
		if (strncmp(buf, cases[i].want, strlen(cases[i].want)))
			fail_msg("case %zu: '%s' does not start with '%s'", i, buf, cases[i].want);
	}
	bbpf_btf_free(btf);
}

/* Shorter than its type: the fields that fit, then a mark; nothing read past the end. */
static void test_truncated(void **state)
{
	struct bbpf_btf *btf = make_btf(1);
	struct event_fmt f;

	(void)state;
	assert_int_equal(event_fmt_init(&f, btf, "event", false), 0);
	assert_string_equal(print(&f, -1, 12), "events size=12: {pid=-2 st=RUNNING comm= ...\n");
	assert_int_equal(event_fmt_init(&f, btf, "event", true), 0);
	assert_non_null(strstr(print(&f, 0, 3), "\"data\":{\"pid\":null,\"truncated\":true}"));
	bbpf_btf_free(btf);
}

static void test_hex_and_choice(void **state)
{
	struct bbpf_btf *two = make_btf(2), *none = make_btf(0);
	struct event_fmt f;

	(void)state;
	assert_int_equal(event_fmt_init(&f, two, NULL, false), 0);
	assert_int_equal(f.type_id, 0); /* two structs named event: hex */
	assert_string_equal(print(&f, 0, 4), "events cpu=0 size=4: fe ff ff ff\n");
	assert_int_equal(event_fmt_init(&f, none, NULL, true), 0);
	assert_string_equal(print(&f, 3, 2),
			    "{\"map\":\"events\",\"cpu\":3,\"size\":2,\"data\":\"feff\"}\n");
	assert_int_equal(event_fmt_init(&f, none, "inner", false), 0);
	assert_string_equal(print(&f, -1, 6), "events size=6: {a=65534 arr=[255,255,2]}\n");
	assert_int_equal(event_fmt_init(&f, none, "nope", false), -ENOENT);
	assert_int_equal(event_fmt_init(&f, NULL, "event", false), -ENOENT);
	bbpf_btf_free(two);
	bbpf_btf_free(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_and_json),
		cmocka_unit_test(test_perf_padding),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_hex_and_choice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
