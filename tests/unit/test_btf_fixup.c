// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/load/btf_fixup.c: after open, the object's BTF is what the kernel
 * loads: every DATASEC has its ELF section's size and each variable its
 * symbol's offset, .kconfig is laid out like its map (in offset order), .ksyms
 * holds only int VARs as libbpf makes it, and hidden functions
 * are static. Checked on the committed fixtures (clang 14 and 19).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <linux/btf.h>

#include <barebpf/btf.h>
#include <barebpf/obj.h>
#include "../helpers/fixture.h"

static struct bbpf_obj *open_fixture(const char *rel)
{
	struct bbpf_obj *obj = NULL;

	assert_int_equal(bbpf_obj_open_file(fixture_path(rel), NULL, &obj), 0);
	return obj;
}

/* DATASEC @name: its size, and the offset of variable @var (-1 if absent). */
static long datasec(const struct bbpf_btf *btf, const char *name, const char *var, long *off)
{
	int id = bbpf_btf_find_by_name_kind(btf, name, BTF_KIND_DATASEC);
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);
	const struct btf_var_secinfo *vs = (const void *)(t + 1);
	uint16_t i;

	assert_true(id > 0);
	*off = -1;
	for (i = 0; i < BTF_INFO_VLEN(t->info); i++)
		if (!strcmp(bbpf_btf_name(btf, vs[i].type), var))
			*off = vs[i].offset;
	return t->size;
}

static void check_maps(const char *rel)
{
	struct bbpf_obj *obj = open_fixture(rel);
	const struct bbpf_btf *btf = bbpf_obj_btf(obj);
	long off;

	/* int custom SEC(".data.custom") = 5: the only variable there */
	assert_int_equal(datasec(btf, ".data.custom", "custom", &off), 4);
	assert_int_equal(off, 0);
	/* .data: counter (u64); .maps: every map at its symbol's offset */
	assert_int_equal(datasec(btf, ".data", "counter", &off), 8);
	assert_int_equal(off, 0);
	assert_true(datasec(btf, ".maps", "wide", &off) > 0);
	assert_true(off > 0);
	bbpf_obj_close(obj);
}

static void test_datasec_maps(void **state)
{
	(void)state;
	check_maps("obj/maps.bpf.o");
	check_maps("obj/maps-c19.bpf.o");
}

static void check_hidden(const char *rel)
{
	struct bbpf_obj *obj = open_fixture(rel);
	const struct bbpf_btf *btf = bbpf_obj_btf(obj);
	int id = bbpf_btf_find_by_name_kind(btf, "thrice", BTF_KIND_FUNC);

	assert_true(id > 0);
	assert_int_equal(BTF_INFO_VLEN(bbpf_btf_type_by_id(btf, id)->info), BTF_FUNC_STATIC);
	bbpf_obj_close(obj);
}

static void test_hidden_static(void **state)
{
	(void)state;
	check_hidden("obj/progs.bpf.o");
	check_hidden("obj/progs-c19.bpf.o");
}

/* .kconfig: sized as its map, each variable at the extern's kcfg_off. */
static void test_kconfig(void **state)
{
	struct bbpf_obj *obj = open_fixture("obj/externs.bpf.o");
	const struct bbpf_btf *btf = bbpf_obj_btf(obj);
	const struct bbpf_extern *x;
	int m = bbpf_obj_find_map(obj, ".kconfig");
	long off, sz;
	size_t i;

	(void)state;
	assert_true(m >= 0);
	for (i = 0; i < bbpf_obj_extern_cnt(obj); i++) {
		x = bbpf_obj_extern(obj, i);
		if (x->kind != BBPF_EXTERN_KCONFIG)
			continue;
		sz = datasec(btf, ".kconfig", x->name, &off);
		assert_int_equal(sz, bbpf_map_def(bbpf_obj_map(obj, m))->value_size);
		assert_int_equal(off, x->kcfg_off);
	}
	bbpf_obj_close(obj);
}

/* The kernel refuses a DATASEC whose entries are not in offset order, or overlap. */
static void assert_ordered(const struct bbpf_btf *btf, const char *name, int want_kind)
{
	int id = bbpf_btf_find_by_name_kind(btf, name, BTF_KIND_DATASEC);
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);
	const struct btf_var_secinfo *vs = (const void *)(t + 1);
	uint32_t end = 0;
	uint16_t i;

	assert_true(id > 0);
	for (i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		assert_int_equal(BTF_INFO_KIND(bbpf_btf_type_by_id(btf, vs[i].type)->info),
				 want_kind);
		assert_true(vs[i].offset >= end);
		end = vs[i].offset + vs[i].size;
	}
	assert_true(end <= t->size);
}

/*
 * .kconfig sorted by offset; .ksyms as libbpf gives it to the kernel: only
 * VARs (kfunc entries point at a placeholder VAR), global allocated, ints at
 * 4-byte steps; the extern FUNCs global. Bug: the kernel refused both.
 */
static void check_ksyms(const char *rel)
{
	struct bbpf_obj *obj = open_fixture(rel);
	const struct bbpf_btf *btf = bbpf_obj_btf(obj);
	int id = bbpf_btf_find_by_name_kind(btf, "bpf_rcu_read_lock", BTF_KIND_FUNC);
	const struct btf_type *var;

	assert_ordered(btf, ".kconfig", BTF_KIND_VAR);
	assert_ordered(btf, ".ksyms", BTF_KIND_VAR);
	assert_true(id > 0);
	assert_int_equal(BTF_INFO_VLEN(bbpf_btf_type_by_id(btf, id)->info), BTF_FUNC_GLOBAL);
	id = bbpf_btf_find_by_name_kind(btf, "bpf_prog_active", BTF_KIND_VAR);
	assert_true(id > 0);
	var = bbpf_btf_type_by_id(btf, id);
	assert_int_equal(((const struct btf_var *)(var + 1))->linkage, BTF_VAR_GLOBAL_ALLOCATED);
	assert_int_equal(bbpf_btf_size(btf, var->type), 4);
	bbpf_obj_close(obj);
}

static void test_ksyms(void **state)
{
	(void)state;
	check_ksyms("obj/externs.bpf.o");
	check_ksyms("obj/externs-c19.bpf.o");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_datasec_maps),
		cmocka_unit_test(test_hidden_static),
		cmocka_unit_test(test_kconfig),
		cmocka_unit_test(test_ksyms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
