// SPDX-License-Identifier: BSD-2-Clause
/*
 * The open phase (loader/obj*.c) on the committed fixtures of
 * tests/progs/obj/, each as built by clang-14 and by clang-19: programs and
 * subprograms, linking, maps of every form, global data, externs, names,
 * determinism and options. Malformed objects are in test_obj_bad.c.
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
#include "test_obj_elf.h"

static const char *const compilers[] = { "", "-c19" };

static struct bbpf_obj *open_fix(const char *base, const char *cc)
{
	char rel[128];
	struct bbpf_obj *obj = NULL;

	snprintf(rel, sizeof(rel), "obj/%s%s.bpf.o", base, cc);
	assert_int_equal(bbpf_obj_open_file(fixture_path(rel), NULL, &obj), 0);
	assert_non_null(obj);
	return obj;
}

static const struct bbpf_prog *prog_by_name(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_prog(obj, name);

	if (i < 0)
		fail_msg("no program '%s'", name);
	return bbpf_obj_prog(obj, i);
}

static const struct bbpf_map *map_by_name(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_map(obj, name);

	if (i < 0)
		fail_msg("no map '%s'", name);
	return bbpf_obj_map(obj, i);
}

/* "twice,add": the program's subprograms in link order. */
static void subprogs(const struct bbpf_prog *p, const struct bbpf_obj *obj, char *buf, size_t sz)
{
	size_t i;

	buf[0] = '\0';
	for (i = 1; i < bbpf_prog_func_cnt(p); i++)
		snprintf(buf + strlen(buf), sz - strlen(buf), "%s%s", i > 1 ? "," : "",
			 bbpf_obj_func(obj, bbpf_prog_func(p, i, NULL))->name);
}

/* ------------------------------------------------------------------ */
/* progs.bpf.c                                                         */
/* ------------------------------------------------------------------ */

struct prog_case {
	const char *name, *sec, *target, *subprogs;
	int type, eat, kind;
	bool autoload;
	int err;
};

static const struct prog_case progs[] = {
	{ "xdp_one", "xdp", "", "twice,add", BPF_PROG_TYPE_XDP, BPF_XDP, BBPF_ATTACH_XDP, true },
	{ "xdp_two", "xdp", "", "loop_cb", BPF_PROG_TYPE_XDP, BPF_XDP, BBPF_ATTACH_XDP, true },
	{ "tc_main", "tc", "", "tc_helper,thrice", BPF_PROG_TYPE_SCHED_CLS, 0, BBPF_ATTACH_TC,
	  true },
	{ "tp_optional", "tracepoint/syscalls/sys_enter_openat", "syscalls/sys_enter_openat", "add",
	  BPF_PROG_TYPE_TRACEPOINT, 0, BBPF_ATTACH_TRACEPOINT, false },
	{ "kp", "kprobe/do_nothing", "do_nothing", "twice,add", BPF_PROG_TYPE_KPROBE, 0,
	  BBPF_ATTACH_KPROBE, true },
	{ "odd", "unknown_section/foo", "foo", "", BPF_PROG_TYPE_UNSPEC, 0, BBPF_ATTACH_NONE, true,
	  -EOPNOTSUPP },
};

static void test_programs(void **state)
{
	struct bbpf_obj *obj;
	const struct bbpf_prog *p;
	char subs[128];
	size_t i, c;

	(void)state;
	for (c = 0; c < ARRAY_SIZE(compilers); c++) {
		obj = open_fix("progs", compilers[c]);
		assert_string_equal(bbpf_obj_license(obj), "GPL");
		assert_int_equal(bbpf_obj_kern_version(obj), 0x050a00);
		assert_non_null(bbpf_obj_btf(obj));
		assert_non_null(bbpf_obj_btf_ext(obj));
		assert_int_equal(bbpf_obj_prog_cnt(obj), ARRAY_SIZE(progs));
		for (i = 0; i < ARRAY_SIZE(progs); i++) {
			p = bbpf_obj_prog(obj, i);
			assert_string_equal(bbpf_prog_name(p), progs[i].name);
			assert_string_equal(bbpf_prog_sec_name(p), progs[i].sec);
			assert_string_equal(bbpf_prog_attach_target(p), progs[i].target);
			assert_int_equal(bbpf_prog_type(p), progs[i].type);
			assert_int_equal(bbpf_prog_expected_attach_type(p), progs[i].eat);
			assert_int_equal(bbpf_prog_attach_kind(p), progs[i].kind);
			assert_int_equal(bbpf_prog_autoload(p), progs[i].autoload);
			assert_int_equal(bbpf_prog_err(p), progs[i].err);
			assert_int_equal(bbpf_prog_load_flags(p), 0);
			subprogs(p, obj, subs, sizeof(subs));
			assert_string_equal(subs, progs[i].subprogs);
		}
		assert_null(bbpf_obj_prog(obj, ARRAY_SIZE(progs)));
		assert_int_equal(bbpf_obj_find_prog(obj, "add"), -ENOENT);
		bbpf_obj_close(obj);
	}
}

static void test_functions(void **state)
{
	const struct bbpf_func *f;
	struct bbpf_obj *obj;
	size_t c, i;
	int seen = 0;

	(void)state;
	for (c = 0; c < ARRAY_SIZE(compilers); c++) {
		obj = open_fix("progs", compilers[c]);
		for (i = 0; i < bbpf_obj_func_cnt(obj); i++) {
			f = bbpf_obj_func(obj, i);
			if (!strcmp(f->name, "add")) {
				assert_string_equal(f->sec_name, ".text");
				assert_false(f->global);
				assert_int_equal(f->btf_linkage, BTF_FUNC_STATIC);
				seen |= 1;
			} else if (!strcmp(f->name, "twice")) {
				assert_true(f->global && !f->hidden);
				assert_int_equal(f->btf_linkage, BTF_FUNC_GLOBAL);
				assert_int_equal(f->prog, -1);
				seen |= 2;
			} else if (!strcmp(f->name, "thrice")) {
				assert_true(f->global && f->hidden);
				seen |= 4;
			} else if (!strcmp(f->name, "tc_helper")) {
				assert_string_equal(f->sec_name, "tc");
				assert_int_equal(f->prog, -1);
				assert_int_equal(f->sec_insn_off, 0);
				seen |= 8;
			} else if (!strcmp(f->name, "xdp_two")) {
				assert_int_equal(f->prog, 1);
				assert_int_equal(f->sec_insn_off, 14);
				assert_true(f->btf_id > 0);
				seen |= 16;
			}
		}
		assert_int_equal(seen, 31);
		assert_null(bbpf_obj_func(obj, bbpf_obj_func_cnt(obj)));
		bbpf_obj_close(obj);
	}
}

/* Every .BTF.ext func_info record names the start of a function, with that function's FUNC. */
static void test_func_info(void **state)
{
	const struct bbpf_btf_func_info *fi;
	const struct bbpf_func *f;
	struct bbpf_btf_ext_iter it;
	struct bbpf_obj *obj;
	size_t c, i, cnt, found, recs;

	(void)state;
	for (c = 0; c < ARRAY_SIZE(compilers); c++) {
		obj = open_fix("progs", compilers[c]);
		bbpf_btf_ext_iter_init(&it, bbpf_obj_btf_ext(obj), BBPF_BTF_EXT_FUNC_INFO);
		for (recs = 0; bbpf_btf_ext_iter_next_sec(&it) > 0;) {
			while ((fi = bbpf_btf_ext_iter_next_rec(&it))) {
				for (i = 0, found = 0; i < bbpf_obj_func_cnt(obj); i++) {
					f = bbpf_obj_func(obj, i);
					if (strcmp(f->sec_name, it.sec_name) ||
					    f->sec_insn_off != fi->insn_off / 8)
						continue;
					assert_int_equal(f->btf_id, fi->type_id);
					found++;
				}
				assert_int_equal(found, 1);
				recs++;
			}
		}
		assert_int_equal(recs, bbpf_obj_func_cnt(obj));
		assert_non_null(bbpf_obj_func_insns(obj, 0, &cnt));
		assert_int_equal(cnt, bbpf_obj_func(obj, 0)->insn_cnt);
		assert_null(bbpf_obj_func_insns(obj, bbpf_obj_func_cnt(obj), &cnt));
		assert_int_equal(cnt, 0);
		bbpf_obj_close(obj);
	}
}

/* Where function @fi starts in the linked program @p, or -1. */
static long linked_off(const struct bbpf_prog *p, int fi)
{
	uint32_t off;
	size_t i;

	for (i = 0; i < bbpf_prog_func_cnt(p); i++)
		if (bbpf_prog_func(p, i, &off) == fi)
			return off;
	return -1;
}

/* The linked program is its functions' ELF bytes, calls and function loads retargeted. */
static void check_linked(const struct telf *e, const struct bbpf_obj *obj,
			 const struct bbpf_prog *p)
{
	const struct bbpf_relo *r;
	const struct bbpf_func *f;
	struct bpf_insn *insns, *orig;
	size_t cnt, nr, i, j, total = 0;
	uint32_t off;

	assert_int_equal(bbpf_prog_link_insns(p, &insns, &cnt), 0);
	assert_int_equal(cnt, bbpf_prog_linked_insn_cnt(p));
	r = bbpf_prog_relos(p, &nr);
	for (i = 0; i < bbpf_prog_func_cnt(p); i++) {
		f = bbpf_obj_func(obj, bbpf_prog_func(p, i, &off));
		assert_int_equal(off, total);
		total += f->insn_cnt;
		orig = (struct bpf_insn *)telf_sec_data(e, telf_sec(e, f->sec_name)) +
		       f->sec_insn_off;
		for (j = 0; j < f->insn_cnt; j++) {
			if (orig[j].code == (BPF_JMP | BPF_CALL) &&
			    orig[j].src_reg == BPF_PSEUDO_CALL)
				continue;
			if (orig[j].code == (BPF_LD | BPF_IMM | BPF_DW) && j + 1 < f->insn_cnt &&
			    insns[off + j].src_reg == BPF_PSEUDO_FUNC)
				continue;
			assert_memory_equal(&insns[off + j], &orig[j], sizeof(orig[j]));
		}
	}
	assert_int_equal(total, cnt);
	for (i = 0; i < nr; i++) {
		assert_true(r[i].insn < cnt);
		assert_true(i == 0 || r[i].insn > r[i - 1].insn);
		if (r[i].kind != BBPF_RELO_CALL && r[i].kind != BBPF_RELO_FUNC)
			continue;
		assert_int_equal(r[i].insn + insns[r[i].insn].imm + 1, linked_off(p, r[i].target));
		if (r[i].kind == BBPF_RELO_FUNC)
			assert_int_equal(insns[r[i].insn].src_reg, BPF_PSEUDO_FUNC);
	}
	free(insns);
}

static void test_link(void **state)
{
	const struct bbpf_prog *p;
	struct bbpf_obj *obj;
	struct telf e;
	size_t c, i;

	(void)state;
	for (c = 0; c < ARRAY_SIZE(compilers); c++) {
		char name[64];

		snprintf(name, sizeof(name), "progs%s.bpf.o", compilers[c]);
		assert_int_equal(telf_load(&e, name), 0);
		obj = open_fix("progs", compilers[c]);
		for (i = 0; i < bbpf_obj_prog_cnt(obj); i++)
			check_linked(&e, obj, bbpf_obj_prog(obj, i));
		/* xdp_one: twice appended at 14, add at 17; "call twice" at insn 1 */
		p = prog_by_name(obj, "xdp_one");
		assert_int_equal(bbpf_prog_linked_insn_cnt(p), 24);
		assert_int_equal(linked_off(p, bbpf_prog_func(p, 1, NULL)), 14);
		assert_int_equal(linked_off(p, bbpf_prog_func(p, 2, NULL)), 17);
		assert_int_equal(bbpf_prog_func(p, 3, NULL), -ENOENT);
		bbpf_obj_close(obj);
		free(e.buf);
	}
}

struct relo_case {
	uint32_t insn, kind;
	const char *target;
	int32_t off;
};

static void check_relos(const struct bbpf_obj *obj, const struct bbpf_prog *p,
			const struct relo_case *want, size_t n)
{
	const struct bbpf_relo *r;
	const char *name;
	size_t i, cnt;

	r = bbpf_prog_relos(p, &cnt);
	assert_int_equal(cnt, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(r[i].insn, want[i].insn);
		assert_int_equal(r[i].kind, want[i].kind);
		assert_int_equal(r[i].off, want[i].off);
		if (r[i].kind == BBPF_RELO_CALL || r[i].kind == BBPF_RELO_FUNC)
			name = bbpf_obj_func(obj, r[i].target)->name;
		else if (r[i].kind == BBPF_RELO_MAP || r[i].kind == BBPF_RELO_MAP_VALUE)
			name = bbpf_map_name(bbpf_obj_map(obj, r[i].target));
		else
			name = bbpf_obj_extern(obj, r[i].target)->name;
		assert_string_equal(name, want[i].target);
	}
}

static void test_relos(void **state)
{
	static const struct relo_case xdp_two[] = {
		{ 1, BBPF_RELO_FUNC, "loop_cb" },
		{ 8, BBPF_RELO_MAP_VALUE, ".bss" },
	};
	static const struct relo_case kp[] = {
		{ 4, BBPF_RELO_MAP, "counts" },
		{ 10, BBPF_RELO_CALL, "twice" },
		{ 19, BBPF_RELO_CALL, "add" }, /* no ELF relocation: same-section call in .text */
		{ 23, BBPF_RELO_MAP_VALUE, ".data" },
	};
	static const struct relo_case tc_main[] = {
		{ 2, BBPF_RELO_CALL, "tc_helper" }, /* static, same section, no relocation */
		{ 5, BBPF_RELO_CALL, "thrice" },
		{ 8, BBPF_RELO_MAP_VALUE, ".bss" },
		{ 18, BBPF_RELO_MAP_VALUE, ".rodata" },
	};
	struct bbpf_obj *obj;
	size_t c;

	(void)state;
	for (c = 0; c < ARRAY_SIZE(compilers); c++) {
		obj = open_fix("progs", compilers[c]);
		check_relos(obj, prog_by_name(obj, "xdp_two"), xdp_two, ARRAY_SIZE(xdp_two));
		check_relos(obj, prog_by_name(obj, "kp"), kp, ARRAY_SIZE(kp));
		check_relos(obj, prog_by_name(obj, "tc_main"), tc_main, ARRAY_SIZE(tc_main));
		bbpf_obj_close(obj);
	}
}

/* ------------------------------------------------------------------ */
/* maps.bpf.c, legacy.bpf.c                                            */
/* ------------------------------------------------------------------ */

struct map_case {
	const char *name, *kname;
	uint32_t kind, type, key, value, max, flags, numa, pin;
	uint64_t extra;
};

#define DATA_FL	  BPF_F_MMAPABLE
#define RODATA_FL (BPF_F_MMAPABLE | BPF_F_RDONLY_PROG)

static const struct map_case maps[] = {
	{ "inner_a", "inner_a", BBPF_MAP_BTF, BPF_MAP_TYPE_ARRAY, 4, 8, 2 },
	{ "inner_b", "inner_b", BBPF_MAP_BTF, BPF_MAP_TYPE_ARRAY, 4, 8, 2 },
	{ "outer", "outer", BBPF_MAP_BTF, BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 4 },
	{ "jumps", "jumps", BBPF_MAP_BTF, BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 3 },
	{ "by_type", "by_type", BBPF_MAP_BTF, BPF_MAP_TYPE_HASH, 8, 24, 16 },
	{ "by_size", "by_size", BBPF_MAP_BTF, BPF_MAP_TYPE_HASH, 4, 16, 128, BPF_F_NO_PREALLOC, 1,
	  1 },
	{ "wide", "wide", BBPF_MAP_BTF, BPF_MAP_TYPE_HASH, 4, 4, 8, 0, 0, 0, 0x123400000005ull },
	{ "bloom", "bloom", BBPF_MAP_BTF, BPF_MAP_TYPE_BLOOM_FILTER, 0, 8, 64, 0, 0, 0, 3 },
	{ ".data", "maps.data", BBPF_MAP_DATA, BPF_MAP_TYPE_ARRAY, 4, 8, 1, DATA_FL },
	{ ".rodata", "maps.rodata", BBPF_MAP_RODATA, BPF_MAP_TYPE_ARRAY, 4, 4, 1, RODATA_FL },
	{ ".data.custom", ".data.custom", BBPF_MAP_DATA, BPF_MAP_TYPE_ARRAY, 4, 4, 1, DATA_FL },
	{ ".rodata.custom", ".rodata.custom", BBPF_MAP_RODATA, BPF_MAP_TYPE_ARRAY, 4, 4, 1,
	  RODATA_FL },
	{ ".data.a_very_long_section_name", ".data.a_very_lo", BBPF_MAP_DATA, BPF_MAP_TYPE_ARRAY, 4,
	  4, 1, DATA_FL },
	{ ".bss", "maps.bss", BBPF_MAP_BSS, BPF_MAP_TYPE_ARRAY, 4, 8, 1, DATA_FL },
	/* string literals: no BTF, so neither a value type nor mmapable */
	{ ".rodata.str1.1", ".rodata.str1.1", BBPF_MAP_RODATA, BPF_MAP_TYPE_ARRAY, 4, 4, 1,
	  BPF_F_RDONLY_PROG },
};

static void check_map(const struct bbpf_map *m, const struct map_case *w, bool c14)
{
	const struct bbpf_map_def *d = bbpf_map_def(m);

	assert_string_equal(bbpf_map_name(m), w->name);
	assert_string_equal(bbpf_map_kernel_name(m), w->kname);
	assert_int_equal(bbpf_map_kind(m), w->kind);
	assert_int_equal(d->type, w->type);
	assert_int_equal(d->key_size, w->key);
	assert_int_equal(d->value_size, w->value);
	assert_int_equal(d->max_entries, w->max);
	assert_int_equal(d->map_flags, w->flags);
	assert_int_equal(d->numa_node, w->numa);
	assert_int_equal(d->pinning, w->pin);
	/* clang-14 has no ENUM64: __ulong() keeps the low 32 bits only */
	assert_int_equal(d->map_extra, c14 ? (uint32_t)w->extra : w->extra);
}

static void check_init_data(const struct bbpf_obj *obj)
{
	const uint32_t *u32;
	const uint64_t *u64;

	u64 = bbpf_map_init_data(map_by_name(obj, ".data"));
	assert_int_equal(*u64, 1);
	u32 = bbpf_map_init_data(map_by_name(obj, ".rodata"));
	assert_int_equal(*u32, 42);
	u32 = bbpf_map_init_data(map_by_name(obj, ".data.custom"));
	assert_int_equal(*u32, 5);
	u32 = bbpf_map_init_data(map_by_name(obj, ".rodata.custom"));
	assert_int_equal(*u32, 9);
	assert_memory_equal(bbpf_map_init_data(map_by_name(obj, ".rodata.str1.1")), "abd", 4);
	assert_null(bbpf_map_init_data(map_by_name(obj, ".bss")));
}

static void check_slots(const struct bbpf_obj *obj)
{
	const struct bbpf_map *outer = map_by_name(obj, "outer");
	const struct bbpf_map_slot *s;
	const struct bbpf_map_def *in;
	size_t n;

	in = bbpf_map_inner_def(outer);
	assert_non_null(in);
	assert_int_equal(in->type, BPF_MAP_TYPE_ARRAY);
	assert_int_equal(in->max_entries, 2);
	assert_int_equal(in->value_size, 8);
	s = bbpf_map_slots(outer, &n);
	assert_int_equal(n, 2);
	assert_true(s[0].key == 0 && !s[0].is_prog);
	assert_string_equal(bbpf_map_name(bbpf_obj_map(obj, s[0].target)), "inner_a");
	assert_true(s[1].key == 2 && !s[1].is_prog);
	assert_string_equal(bbpf_map_name(bbpf_obj_map(obj, s[1].target)), "inner_b");
	s = bbpf_map_slots(map_by_name(obj, "jumps"), &n);
	assert_int_equal(n, 1);
	assert_true(s[0].key == 1 && s[0].is_prog);
	assert_string_equal(bbpf_prog_name(bbpf_obj_prog(obj, s[0].target)), "tail_one");
	assert_null(bbpf_map_inner_def(map_by_name(obj, "jumps")));
}

static void test_maps(void **state)
{
	const struct bbpf_map_def *d;
	struct bbpf_obj *obj;
	size_t i;

	(void)state;
	obj = open_fix("maps", "");
	assert_string_equal(bbpf_obj_license(obj), "Dual BSD/GPL");
	assert_int_equal(bbpf_obj_map_cnt(obj), ARRAY_SIZE(maps));
	for (i = 0; i < ARRAY_SIZE(maps); i++)
		check_map(bbpf_obj_map(obj, i), &maps[i], true);
	d = bbpf_map_def(map_by_name(obj, "by_type"));
	assert_true(d->key_type_id && d->value_type_id);
	assert_string_equal(bbpf_btf_name(bbpf_obj_btf(obj), d->key_type_id), "key_t");
	d = bbpf_map_def(map_by_name(obj, ".bss"));
	assert_string_equal(bbpf_btf_name(bbpf_obj_btf(obj), d->value_type_id), ".bss");
	assert_ptr_equal(map_by_name(obj, ".bss"), map_by_name(obj, "maps.bss"));
	check_init_data(obj);
	check_slots(obj);
	bbpf_obj_close(obj);

	obj = open_fix("maps", "-c19"); /* object name "maps-c19" */
	assert_int_equal(bbpf_obj_map_cnt(obj), ARRAY_SIZE(maps));
	assert_ptr_equal(map_by_name(obj, ".bss"), map_by_name(obj, "maps_c19.bss"));
	check_map(map_by_name(obj, "wide"), &maps[6], false);
	check_init_data(obj);
	check_slots(obj);
	bbpf_obj_close(obj);
}

static void test_legacy(void **state)
{
	const struct bbpf_map_def *d;
	struct bbpf_obj *obj;
	size_t c;

	(void)state;
	for (c = 0; c < ARRAY_SIZE(compilers); c++) {
		obj = open_fix("legacy", compilers[c]);
		assert_int_equal(bbpf_obj_map_cnt(obj), 2);
		d = bbpf_map_def(map_by_name(obj, "legacy_hash"));
		assert_int_equal(bbpf_map_kind(map_by_name(obj, "legacy_hash")), BBPF_MAP_LEGACY);
		assert_true(d->type == BPF_MAP_TYPE_HASH && d->key_size == 4 &&
			    d->value_size == 8 && d->max_entries == 16 && !d->map_flags);
		d = bbpf_map_def(map_by_name(obj, "legacy_array"));
		assert_true(d->type == BPF_MAP_TYPE_ARRAY && d->max_entries == 2 &&
			    d->map_flags == BPF_F_RDONLY_PROG);
		assert_int_equal(bbpf_prog_type(prog_by_name(obj, "sock")),
				 BPF_PROG_TYPE_SOCKET_FILTER);
		bbpf_obj_close(obj);
	}
}

/* ------------------------------------------------------------------ */
/* externs.bpf.c                                                       */
/* ------------------------------------------------------------------ */

struct ext_case {
	const char *name;
	uint32_t kind;
	bool weak, func;
	uint32_t kcfg, size, off;
};

static const struct ext_case exts[] = {
	/* kconfig: by alignment (largest first), then size, then name, as libbpf lays them out */
	{ "CONFIG_BPF_LSM", BBPF_EXTERN_KCONFIG, true, false, BBPF_KCFG_TRISTATE, 4, 0 },
	{ "CONFIG_HZ", BBPF_EXTERN_KCONFIG, true, false, BBPF_KCFG_INT, 4, 4 },
	{ "LINUX_KERNEL_VERSION", BBPF_EXTERN_KCONFIG, false, false, BBPF_KCFG_INT, 4, 8 },
	{ "CONFIG_BPF_SYSCALL", BBPF_EXTERN_KCONFIG, false, false, BBPF_KCFG_BOOL, 1, 12 },
	{ "CONFIG_LOCALVERSION", BBPF_EXTERN_KCONFIG, true, false, BBPF_KCFG_CHAR_ARR, 16, 13 },
	{ "bpf_prog_active", BBPF_EXTERN_KSYM, false, false },
	{ "bpf_rcu_read_lock", BBPF_EXTERN_KSYM, false, true },
	{ "bpf_rcu_read_unlock", BBPF_EXTERN_KSYM, true, true },
	{ "init_task", BBPF_EXTERN_KSYM, true, false },
};

static void test_externs(void **state)
{
	const struct bbpf_extern *x;
	const struct bbpf_map *kc;
	const struct bbpf_relo *r;
	struct bbpf_obj *obj;
	size_t c, i, n, kinds[BBPF_RELO_KIND_CNT];

	(void)state;
	for (c = 0; c < ARRAY_SIZE(compilers); c++) {
		obj = open_fix("externs", compilers[c]);
		assert_int_equal(bbpf_obj_extern_cnt(obj), ARRAY_SIZE(exts));
		for (i = 0; i < ARRAY_SIZE(exts); i++) {
			x = bbpf_obj_extern(obj, i);
			assert_string_equal(x->name, exts[i].name);
			assert_int_equal(x->kind, exts[i].kind);
			assert_int_equal(x->weak, exts[i].weak);
			assert_int_equal(x->is_func, exts[i].func);
			assert_true(x->btf_id > 0);
			assert_int_equal(x->kcfg_type, exts[i].kcfg);
			assert_int_equal(x->kcfg_size, exts[i].size);
			assert_int_equal(x->kcfg_off, exts[i].off);
		}
		assert_int_equal(bbpf_obj_extern(obj, 5)->type_id != 0, true); /* typed */
		assert_int_equal(bbpf_obj_extern(obj, 8)->type_id, 0);	       /* typeless */
		kc = map_by_name(obj, ".kconfig");
		assert_int_equal(bbpf_map_kind(kc), BBPF_MAP_KCONFIG);
		assert_int_equal(bbpf_map_def(kc)->value_size, 29);
		assert_int_equal(bbpf_map_def(kc)->map_flags, BPF_F_RDONLY_PROG | BPF_F_MMAPABLE);
		memset(kinds, 0, sizeof(kinds));
		r = bbpf_prog_relos(prog_by_name(obj, "on_switch"), &n);
		for (i = 0; i < n; i++)
			kinds[r[i].kind]++;
		assert_int_equal(kinds[BBPF_RELO_EXTERN_FUNC], 2);
		assert_int_equal(kinds[BBPF_RELO_EXTERN_VAR], 7);
		bbpf_obj_close(obj);
	}
}

/* ------------------------------------------------------------------ */
/* Names, options, determinism                                         */
/* ------------------------------------------------------------------ */

static void test_kernel_names(void **state)
{
	static const struct {
		const char *obj, *sec, *want;
	} cases[] = {
		{ "progs", ".bss", "progs.bss" },
		{ "my_object_name", ".rodata", "my_objec.rodata" },
		{ "my_object_name", ".bss", "my_objec.bss" },
		{ "my_object_name", ".kconfig", "my_obje.kconfig" },
		{ "", ".data", ".data" },
		{ "x-y z", ".data", "x_y_z.data" },
		{ "progs", ".rodata.str1.1", ".rodata.str1.1" },
		{ "progs", ".data.abcdefghijklmnop", ".data.abcdefghi" },
	};
	struct bbpf_obj_open_opts opts = { .sz = sizeof(opts), .object_name = "my_object_name" };
	struct bbpf_obj *obj;
	char buf[16];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		bbpf__map_kernel_name(cases[i].obj, cases[i].sec, buf);
		assert_string_equal(buf, cases[i].want);
	}
	assert_int_equal(bbpf_obj_open_file(fixture_path("obj/externs.bpf.o"), &opts, &obj), 0);
	assert_string_equal(bbpf_obj_name(obj), "my_object_name");
	assert_string_equal(bbpf_map_kernel_name(map_by_name(obj, ".kconfig")), "my_obje.kconfig");
	assert_string_equal(bbpf_map_kernel_name(map_by_name(obj, ".bss")), "my_objec.bss");
	bbpf_obj_close(obj);
}

/* Everything the API shows, as text: two opens of the same bytes must agree. */
static void describe(const struct bbpf_obj *obj, char *buf, size_t sz)
{
	const struct bbpf_relo *r;
	const struct bbpf_map_def *d;
	struct bpf_insn *insns;
	size_t i, j, n, len = 0;

#define OUT(...) (len += snprintf(buf + len, len < sz ? sz - len : 0, __VA_ARGS__))
	OUT("%s %s %u\n", bbpf_obj_name(obj), bbpf_obj_license(obj), bbpf_obj_kern_version(obj));
	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++) {
		const struct bbpf_prog *p = bbpf_obj_prog(obj, i);

		OUT("%s %s %d %zu:", bbpf_prog_name(p), bbpf_prog_sec_name(p), bbpf_prog_type(p),
		    bbpf_prog_linked_insn_cnt(p));
		assert_int_equal(bbpf_prog_link_insns(p, &insns, &n), 0);
		for (j = 0; j < n; j++)
			OUT(" %016llx", *(unsigned long long *)&insns[j]);
		free(insns);
		r = bbpf_prog_relos(p, &n);
		for (j = 0; j < n; j++)
			OUT(" r%u/%u/%u/%d", r[j].insn, r[j].kind, r[j].target, r[j].off);
		OUT("\n");
	}
	for (i = 0; i < bbpf_obj_map_cnt(obj); i++) {
		d = bbpf_map_def(bbpf_obj_map(obj, i));
		OUT("%s %s %u %u %u %u %x\n", bbpf_map_name(bbpf_obj_map(obj, i)),
		    bbpf_map_kernel_name(bbpf_obj_map(obj, i)), d->type, d->key_size, d->value_size,
		    d->max_entries, d->map_flags);
	}
#undef OUT
	assert_true(len < sz);
}

static void test_deterministic(void **state)
{
	static const char *const names[] = { "progs", "maps", "externs", "legacy" };
	struct bbpf_obj_open_opts opts = { .sz = sizeof(opts) };
	char *a = malloc(1 << 16), *b = malloc(1 << 16);
	struct bbpf_obj *x, *y;
	struct telf e;
	char rel[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(rel, sizeof(rel), "%s.bpf.o", names[i]);
		assert_int_equal(telf_load(&e, rel), 0);
		opts.object_name = names[i];
		x = open_fix(names[i], "");
		/* borrowed: the same description, read from e.buf itself, which stays ours */
		opts.borrow_data = true;
		assert_int_equal(bbpf_obj_open_mem(e.buf, e.sz, &opts, &y), 0);
		describe(y, b, 1 << 16);
		describe(x, a, 1 << 16);
		assert_string_equal(a, b);
		bbpf_obj_close(y);
		e.buf[0] ^= 0xff; /* still ours after the close (ASan would catch a free) */
		e.buf[0] ^= 0xff;
		opts.borrow_data = false;
		assert_int_equal(bbpf_obj_open_mem(e.buf, e.sz, &opts, &y), 0);
		memset(e.buf, 0xa5, e.sz); /* the object kept its own copy */
		describe(y, b, 1 << 16);
		assert_string_equal(a, b);
		bbpf_obj_close(x);
		bbpf_obj_close(y);
		free(e.buf);
	}
	free(a);
	free(b);
}

static void test_opts_and_files(void **state)
{
	struct {
		struct bbpf_obj_open_opts o;
		char newer[16];
	} big = { .o = { .sz = sizeof(big) } };
	struct bbpf_obj_open_opts small = { .sz = 4 };
	const char *path = fixture_path("obj/progs.bpf.o");
	struct bbpf_obj *obj = (void *)1;
	int fds = fd_count();

	(void)state;
	assert_int_equal(bbpf_obj_open_file(path, &small, &obj), -EINVAL);
	assert_int_equal(bbpf_obj_open_file(path, &big.o, &obj), 0); /* zeros past: fine */
	bbpf_obj_close(obj);
	big.newer[3] = 1;
	obj = (void *)1;
	assert_int_equal(bbpf_obj_open_file(path, &big.o, &obj), -EINVAL);
	assert_ptr_equal(obj, (void *)1); /* *out untouched on failure */
	assert_int_equal(bbpf_obj_open_file("/nonexistent/x.bpf.o", NULL, &obj), -ENOENT);
	assert_int_equal(bbpf_obj_open_file("/", NULL, &obj), -EISDIR);
	assert_int_equal(bbpf_obj_open_file(NULL, NULL, &obj), -EINVAL);
	assert_int_equal(bbpf_obj_open_mem(NULL, 4, NULL, &obj), -EINVAL);
	assert_int_equal(bbpf_obj_open_mem("", 0, NULL, &obj), -EINVAL);
	assert_int_equal(fd_count(), fds);
	bbpf_obj_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_programs),       cmocka_unit_test(test_functions),
		cmocka_unit_test(test_func_info),      cmocka_unit_test(test_link),
		cmocka_unit_test(test_relos),	       cmocka_unit_test(test_maps),
		cmocka_unit_test(test_legacy),	       cmocka_unit_test(test_externs),
		cmocka_unit_test(test_kernel_names),   cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_opts_and_files),
	};

	bbpf_set_print(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
