// SPDX-License-Identifier: BSD-2-Clause
/*
 * Malformed objects: every one is refused with a negative errno and a
 * message naming the problem; none crashes or leaks (ASan/LSan in `make
 * check`). Cases are good fixtures corrupted on purpose: truncated at every
 * length, each byte of the headers flipped, and a table of targeted
 * corruptions (wrong machine, missing license, bogus relocations, huge
 * counts, broken BTF, ...).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../helpers/log_capture.h"

#include <barebpf/obj.h>
#include "internal/compiler.h"
#include "test_obj_elf.h"

/* Opens @sz bytes; a failure must come with a message. Returns the error. */
static int try_open(const void *data, size_t sz, const struct bbpf_obj_open_opts *opts)
{
	struct bbpf_obj *obj = NULL;
	int err;

	log_msgs[0] = '\0';
	err = bbpf_obj_open_mem(data, sz, opts, &obj);
	if (!err) {
		assert_non_null(obj);
		bbpf_obj_close(obj);
		return 0;
	}
	assert_null(obj);
	assert_true(err < 0);
	if (!log_msgs[0])
		fail_msg("error %d without a message", err);
	return err;
}

static const char *const fixtures[] = {
	"progs.bpf.o",	 "progs-c19.bpf.o",   "maps.bpf.o",   "maps-c19.bpf.o",
	"externs.bpf.o", "externs-c19.bpf.o", "legacy.bpf.o", "legacy-c19.bpf.o",
};

static void test_good_fixtures_open(void **state)
{
	struct telf e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fixtures); i++) {
		assert_int_equal(telf_load(&e, fixtures[i]), 0);
		assert_int_equal(try_open(e.buf, e.sz, NULL), 0);
		free(e.buf);
	}
}

/* Cut anywhere, every object is refused (its section headers come last). */
static void test_truncated(void **state)
{
	struct telf e;
	size_t i, len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fixtures); i++) {
		assert_int_equal(telf_load(&e, fixtures[i]), 0);
		for (len = 0; len < e.sz; len++) {
			/* a fresh exact-size copy, so that ASan sees any read past the end */
			void *cut = malloc(len ? len : 1);

			memcpy(cut, e.buf, len);
			assert_true(try_open(cut, len, NULL) < 0);
			free(cut);
		}
		free(e.buf);
	}
}

/* Every byte of the ELF header, the section headers, the symbols and the relocations flipped. */
static void flip_range(const struct telf *e, size_t start, size_t len)
{
	uint8_t *copy = malloc(e->sz);
	size_t i;

	for (i = start; i < start + len && i < e->sz; i++) {
		memcpy(copy, e->buf, e->sz);
		copy[i] ^= 0xff;
		try_open(copy, e->sz, NULL);
		copy[i] ^= 0x81; /* and a low-bit change */
		try_open(copy, e->sz, NULL);
	}
	free(copy);
}

static void test_flipped_bytes(void **state)
{
	const char *const names[] = { "progs.bpf.o", "maps-c19.bpf.o", "externs.bpf.o" };
	const Elf64_Shdr *sh;
	struct telf e;
	size_t i, s;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		assert_int_equal(telf_load(&e, names[i]), 0);
		flip_range(&e, 0, sizeof(Elf64_Ehdr));
		flip_range(&e, telf_ehdr(&e)->e_shoff, telf_ehdr(&e)->e_shnum * sizeof(Elf64_Shdr));
		for (s = 1; s < telf_ehdr(&e)->e_shnum; s++) {
			sh = telf_shdr(&e, s);
			if (sh->sh_type == SHT_SYMTAB || sh->sh_type == SHT_REL)
				flip_range(&e, sh->sh_offset, sh->sh_size);
		}
		free(e.buf);
	}
}

/* ------------------------------------------------------------------ */
/* Targeted corruptions                                                */
/* ------------------------------------------------------------------ */

static Elf64_Shdr *sec(struct telf *e, const char *name)
{
	int i = telf_sec(e, name);

	if (i < 0)
		fail_msg("fixture has no section '%s'", name);
	return telf_shdr(e, i);
}

static Elf64_Sym *sym(struct telf *e, const char *name)
{
	Elf64_Sym *s = telf_sym(e, name);

	if (!s)
		fail_msg("fixture has no symbol '%s'", name);
	return s;
}

static Elf64_Rel *rel(struct telf *e, const char *rel_sec, size_t i)
{
	Elf64_Rel *r = telf_rel(e, rel_sec, i);

	if (!r)
		fail_msg("fixture has no relocation #%zu in '%s'", i, rel_sec);
	return r;
}

static uint32_t sym_idx(struct telf *e, const char *name)
{
	return sym(e, name) - (Elf64_Sym *)telf_sec_data(e, telf_symtab(e));
}

/* Replaces the first occurrence of @from in section @sec_name with @to (same length). */
static void replace_in(struct telf *e, const char *sec_name, const char *from, const char *to)
{
	Elf64_Shdr *sh = sec(e, sec_name);
	char *p = memmem(e->buf + sh->sh_offset, sh->sh_size, from, strlen(from) + 1);

	if (!p)
		fail_msg("no '%s' in section '%s'", from, sec_name);
	memcpy(p, to, strlen(to));
}

static struct bpf_insn *insn_at(struct telf *e, const char *sec_name, size_t i)
{
	return (struct bpf_insn *)(e->buf + sec(e, sec_name)->sh_offset) + i;
}

#define PATCH(fn) static void fn(struct telf *e)

// clang-format off

PATCH(bad_magic) { e->buf[1] = 'X'; }
PATCH(elf32) { e->buf[EI_CLASS] = ELFCLASS32; }
PATCH(bad_data) { e->buf[EI_DATA] = 7; }
PATCH(wrong_machine) { telf_ehdr(e)->e_machine = EM_X86_64; }
PATCH(not_rel) { telf_ehdr(e)->e_type = ET_EXEC; }
PATCH(shoff_past_end) { telf_ehdr(e)->e_shoff = e->sz; }
PATCH(bad_shentsize) { telf_ehdr(e)->e_shentsize = 40; }
PATCH(shoff_misaligned) { telf_ehdr(e)->e_shoff -= 4; } /* found by fuzz_obj (UBSan) */
PATCH(symtab_misaligned) { sec(e, ".symtab")->sh_offset -= 4; }
PATCH(huge_shnum) { telf_ehdr(e)->e_shnum = 0xfff0; }
PATCH(bad_shstrndx) { telf_ehdr(e)->e_shstrndx = telf_ehdr(e)->e_shnum + 3; }
PATCH(shstr_not_strtab) { telf_ehdr(e)->e_shstrndx = telf_sec(e, ".text"); }
PATCH(sec_past_end) { sec(e, "xdp")->sh_offset = e->sz + 64; }
PATCH(huge_symtab) { sec(e, ".symtab")->sh_size = 1ull << 40; }
PATCH(huge_rel) { sec(e, ".relxdp")->sh_size = 1ull << 40; }
PATCH(bad_sec_name) { sec(e, "xdp")->sh_name = 0xffffff; }
PATCH(symtab_entsize) { sec(e, ".symtab")->sh_entsize = 16; }
PATCH(symtab_link) { sec(e, ".symtab")->sh_link = 0; }
PATCH(no_symtab) { sec(e, ".symtab")->sh_type = SHT_PROGBITS; }
PATCH(two_symtabs) { sec(e, "license")->sh_type = SHT_SYMTAB; }
PATCH(no_license) { replace_in(e, telf_sec_name(e, telf_ehdr(e)->e_shstrndx), "license", "licenze"); }
PATCH(empty_license) { sec(e, "license")->sh_size = 0; }
PATCH(bad_version) { sec(e, "version")->sh_size = 3; }
PATCH(func_too_long) { sym(e, "xdp_two")->st_size = 0x10000; }
PATCH(func_misaligned) { sym(e, "xdp_two")->st_value += 4; }
PATCH(func_overlap) { sym(e, "xdp_two")->st_value = 8; }
PATCH(rel_misaligned) { rel(e, ".relxdp", 0)->r_offset += 1; }
PATCH(rel_past_sec) { rel(e, ".relxdp", 0)->r_offset = 1ull << 40; }
PATCH(rel_bad_sym) { rel(e, ".relxdp", 0)->r_info = ELF64_R_INFO(99999, R_BPF_64_32); }
PATCH(rel_sym_zero) { rel(e, ".relxdp", 0)->r_info = ELF64_R_INFO(0, R_BPF_64_32); }
/* the map load of kp sits at insn 4; insn 1 is a store */
PATCH(rel_wrong_insn) { rel(e, ".relkprobe/do_nothing", 0)->r_offset = 8; }
PATCH(rel_to_license) {
	rel(e, ".relkprobe/do_nothing", 0)->r_info = ELF64_R_INFO(sym_idx(e, "LICENSE"), 1);
}
PATCH(call_other_prog) { rel(e, ".relxdp", 0)->r_info = ELF64_R_INFO(sym_idx(e, "kp"), 10); }
PATCH(call_not_func_start) { insn_at(e, "tc", 11)->imm = -11; } /* was -12: tc_helper */
PATCH(data_off_outside) { insn_at(e, ".text", 5)->imm = 1000; } /* add: ld_imm64 seed */
PATCH(rel_bad_target_sec) { sec(e, ".relxdp")->sh_info = 9999; }
PATCH(rel_entsize) { sec(e, ".relxdp")->sh_entsize = 8; }
PATCH(btf_broken) { memset(e->buf + sec(e, ".BTF")->sh_offset, 0, 4); }
PATCH(btf_ext_broken) { memset(e->buf + sec(e, ".BTF.ext")->sh_offset, 0xff, 8); }
PATCH(map_no_sym) { sym(e, "counts")->st_name = sym(e, "seed")->st_name; }
PATCH(map_attr_unknown) { replace_in(e, ".BTF", "max_entries", "max_entriez"); }
PATCH(map_no_type) { replace_in(e, ".BTF", "type", "typo"); }
PATCH(slot_not_prog) { rel(e, ".rel.maps", 2)->r_info = ELF64_R_INFO(sym_idx(e, "inner_a"), 2); }
PATCH(slot_not_map) { rel(e, ".rel.maps", 0)->r_info = ELF64_R_INFO(sym_idx(e, "tail_one"), 2); }
PATCH(slot_outside) { rel(e, ".rel.maps", 0)->r_offset = 4; }
PATCH(extern_called) {
	rel(e, ".reltp_btf/sched_switch", 0)->r_info =
		ELF64_R_INFO(sym_idx(e, "LINUX_KERNEL_VERSION"), 10);
}
PATCH(extern_no_btf) { sym(e, "LINUX_KERNEL_VERSION")->st_name += 1; }
PATCH(legacy_size) { sec(e, "maps")->sh_size -= 1; }
// clang-format on

struct bad_case {
	const char *name, *fixture;
	void (*patch)(struct telf *e);
	int err;
	const char *msg; /* in the message */
	bool relaxed;	 /* open with relaxed_maps */
};

static const struct bad_case cases[] = {
	{ "magic", "progs.bpf.o", bad_magic, -EINVAL, "not an ELF file" },
	{ "elf32", "progs.bpf.o", elf32, -EINVAL, "not a 64-bit ELF" },
	{ "byte order", "progs.bpf.o", bad_data, -EINVAL, "unknown byte order" },
	{ "big-endian", "progs-eb.bpf.o", NULL, -EINVAL, "built for big-endian" },
	{ "machine", "progs.bpf.o", wrong_machine, -EINVAL, "is not EM_BPF" },
	{ "not ET_REL", "progs.bpf.o", not_rel, -EINVAL, "not a relocatable object" },
	{ "e_shoff", "progs.bpf.o", shoff_past_end, -EINVAL,
	  "truncated: the section header table" }, /* issue 10: was "not aligned" */
	{ "e_shentsize", "progs.bpf.o", bad_shentsize, -EINVAL, "section header table" },
	{ "e_shoff align", "progs.bpf.o", shoff_misaligned, -EINVAL, "not aligned" },
	{ "symtab align", "progs.bpf.o", symtab_misaligned, -EINVAL, "alignment" },
	{ "e_shnum", "progs.bpf.o", huge_shnum, -E2BIG, "section headers do not fit" },
	{ "e_shstrndx", "progs.bpf.o", bad_shstrndx, -EINVAL, "section name table index" },
	{ "names", "progs.bpf.o", shstr_not_strtab, -EINVAL, "is not a string table" },
	{ "sh_offset", "progs.bpf.o", sec_past_end, -EINVAL, "run past the end" },
	{ "symtab size", "progs.bpf.o", huge_symtab, -EINVAL, "run past the end" },
	{ "rel size", "progs.bpf.o", huge_rel, -EINVAL, "run past the end" },
	{ "sh_name", "progs.bpf.o", bad_sec_name, -EINVAL, "name offset" },
	{ "symtab entsize", "progs.bpf.o", symtab_entsize, -EINVAL, "symbol table" },
	{ "symtab link", "progs.bpf.o", symtab_link, -EINVAL, "symbol table" },
	{ "no symtab", "progs.bpf.o", no_symtab, -EINVAL, "no symbol table" },
	{ "two symtabs", "progs.bpf.o", two_symtabs, -EINVAL, "more than one symbol table" },
	{ "no license", "progs.bpf.o", no_license, -EINVAL, "no 'license' section" },
	{ "empty license", "progs.bpf.o", empty_license, -EINVAL, "'license' is empty" },
	{ "version", "progs.bpf.o", bad_version, -EINVAL, "'version' has 3 bytes" },
	{ "func size", "progs.bpf.o", func_too_long, -EINVAL, "'xdp_two'" },
	{ "func offset", "progs.bpf.o", func_misaligned, -EINVAL, "not whole instructions" },
	{ "func overlap", "progs.bpf.o", func_overlap, -EINVAL, "overlap" },
	{ "rel offset", "progs.bpf.o", rel_misaligned, -EINVAL, "not an instruction" },
	{ "rel far", "progs.bpf.o", rel_past_sec, -EINVAL, "not an instruction" },
	{ "rel symbol", "progs.bpf.o", rel_bad_sym, -EINVAL, "no such symbol" },
	{ "rel symbol 0", "progs.bpf.o", rel_sym_zero, -EINVAL, "no such symbol" },
	{ "rel insn", "progs.bpf.o", rel_wrong_insn, -EINVAL, "neither a call nor" },
	{ "rel section", "progs.bpf.o", rel_to_license, -EINVAL, "neither code, maps" },
	{ "call prog", "progs.bpf.o", call_other_prog, -EINVAL, "outside .text" },
	{ "call middle", "progs.bpf.o", call_not_func_start, -EINVAL, "not the start" },
	{ "data offset", "progs.bpf.o", data_off_outside, -EINVAL, "outside its global data" },
	{ "rel target", "progs.bpf.o", rel_bad_target_sec, -EINVAL, "#9999" },
	{ "rel entsize", "progs.bpf.o", rel_entsize, -EINVAL, "not a relocation table" },
	{ "BTF", "progs.bpf.o", btf_broken, -EINVAL, ".BTF is malformed" },
	{ "BTF.ext", "progs.bpf.o", btf_ext_broken, -EINVAL, ".BTF.ext is malformed" },
	{ "map symbol", "progs.bpf.o", map_no_sym, -EINVAL, "'counts'" },
	{ "map attr", "progs.bpf.o", map_attr_unknown, -EOPNOTSUPP, "'max_entriez'" },
	{ "map attr relaxed", "progs.bpf.o", map_attr_unknown, 0, NULL, true },
	{ "map type", "progs.bpf.o", map_no_type, -EINVAL, "no map type", true },
	{ "slot prog", "maps.bpf.o", slot_not_prog, -EINVAL, "must point at a program" },
	{ "slot map", "maps.bpf.o", slot_not_map, -EINVAL, "must point at a map" },
	{ "slot place", "maps.bpf.o", slot_outside, -EINVAL, "outside __array(values" },
	{ "extern call", "externs.bpf.o", extern_called, -EINVAL, "extern variable is called" },
	{ "extern btf", "externs.bpf.o", extern_no_btf, -EINVAL, "no extern VAR or FUNC" },
	{ "legacy size", "legacy.bpf.o", legacy_size, -EINVAL, "do not split" },
};

static void test_cases(void **state)
{
	struct bbpf_obj_open_opts opts = { .sz = sizeof(opts) };
	struct telf e;
	size_t i;
	int err;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct bad_case *c = &cases[i];

		assert_int_equal(telf_load(&e, c->fixture), 0);
		if (c->patch)
			c->patch(&e);
		opts.relaxed_maps = c->relaxed;
		err = try_open(e.buf, e.sz, &opts);
		if (err != c->err || (c->msg && !strstr(log_msgs, c->msg)))
			fail_msg("case '%s': error %d, want %d; message: %s", c->name, err, c->err,
				 log_msgs);
		free(e.buf);
	}
}

/* A file cut before its section headers says "truncated"; a directory says so (issue 10). */
static void test_messages(void **state)
{
	struct bbpf_obj *obj = NULL;
	char dir[] = "/tmp/bbpf_test_obj_XXXXXX";
	struct telf e;

	(void)state;
	assert_int_equal(telf_load(&e, "progs.bpf.o"), 0);
	log_msgs[0] = '\0';
	assert_int_equal(bbpf_obj_open_mem(e.buf, 3000, NULL, &obj), -EINVAL);
	assert_non_null(strstr(log_msgs, "truncated"));
	assert_null(strstr(log_msgs, "not aligned"));
	free(e.buf);
	mkdir("/tmp", 01777); /* the matrix's initramfs may have none */
	assert_non_null(mkdtemp(dir));
	log_msgs[0] = '\0';
	assert_int_equal(bbpf_obj_open_file(dir, NULL, &obj), -EISDIR);
	assert_non_null(strstr(log_msgs, "is a directory"));
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_fixtures_open),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_flipped_bytes),
	};

	log_capture_start(BBPF_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
