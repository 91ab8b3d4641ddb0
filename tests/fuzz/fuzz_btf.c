// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer entry point for the BTF parsers: raw BTF (also as split BTF on
 * top of itself), .BTF.ext, and ELF input through the loader's ELF reader. Whatever parses is
 * then queried all over, so that the "validated once, trusted after" promise
 * of btf_validate.c is what gets tested. Built and run by `make fuzz`.
 */
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include "internal.h"
#include "elf/read.h"

static void query_type(const struct bbpf_btf *btf, uint32_t id)
{
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);
	struct bbpf_btf_name_iter it;
	struct bbpf_btf_field f;
	const char *name;
	int64_t v;

	name = bbpf_btf_name(btf, id);
	bbpf_btf_size(btf, id);
	bbpf_btf_align(btf, id);
	bbpf_btf_resolve(btf, id);
	bbpf_btf_skip_mods(btf, id);
	bbpf_btf_func_proto(btf, id);
	if (!t)
		return;
	if (bbpf_btf_is_composite(t) && bbpf_btf_vlen(t))
		bbpf_btf_find_member(btf, id, bbpf_btf_str(btf, bbpf_btf_members(t)[0].name_off),
				     &f);
	if (bbpf_btf_is_any_enum(t) && bbpf_btf_vlen(t))
		bbpf_btf_find_enum_value(btf, id, bbpf_btf_str(btf, bbpf_btf_enum_name_off(t, 0)),
					 &v);
	if (name && *name && id < 64) {
		bbpf_btf_find_by_name_kind(btf, name, bbpf_btf_kind(t));
		if (!bbpf_btf_name_iter_init(&it, btf, name, bbpf_btf_essential_name_len(name)))
			while (bbpf_btf_name_iter_next(&it) > 0)
				;
		/* By kind: the first walk of a name table scans, later ones build it. */
		if (!bbpf_btf_name_iter_init_kinds(&it, btf, name,
						   bbpf_btf_essential_name_len(name),
						   1u << bbpf_btf_kind(t)))
			while (bbpf_btf_name_iter_next(&it) > 0)
				;
	}
}

static void query_all(const struct bbpf_btf *btf)
{
	uint32_t id;

	for (id = 0; id <= bbpf_btf_type_cnt(btf); id++)
		query_type(btf, id);
}

static void walk_ext(const uint8_t *data, size_t size, const struct bbpf_btf *btf)
{
	struct bbpf_btf_ext_iter it;
	struct bbpf_btf_ext *ext;
	int kind;

	if (bbpf_btf_ext_parse(data, size, btf, &ext))
		return;
	for (kind = 0; kind < BBPF_BTF_EXT_KIND_CNT; kind++) {
		bbpf_btf_ext_iter_init(&it, ext, kind);
		while (bbpf_btf_ext_iter_next_sec(&it) > 0)
			while (bbpf_btf_ext_iter_next_rec(&it))
				;
	}
	bbpf_btf_ext_free(ext);
}

/* ELF input: the sections as the loader's ELF reader (loader/elf/file.c) finds them. */
static void from_elf(const uint8_t *data, size_t size)
{
	struct bbpf_btf *btf = NULL;
	void *img = malloc(size ? size : 1), *sec = NULL;
	size_t len;

	if (!img)
		return;
	memcpy(img, data, size);
	if (!bbpf__elf_sec_read(-1, img, size, "fuzz", ".BTF", &sec, &len) &&
	    !bbpf_btf_parse(sec, len, NULL, &btf))
		query_all(btf);
	free(sec);
	sec = NULL;
	if (!bbpf__elf_sec_read(-1, img, size, "fuzz", ".BTF.ext", &sec, &len))
		walk_ext(sec, len, btf);
	free(sec);
	free(img);
	bbpf_btf_free(btf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bbpf_btf *btf = NULL, *split = NULL;

	bbpf_set_print(NULL);
	if (!bbpf_btf_parse(data, size, NULL, &btf)) {
		query_all(btf);
		if (!bbpf_btf_parse_view(data, size, btf, &split))
			query_all(split);
	}
	walk_ext(data, size, btf);
	from_elf(data, size);
	bbpf_btf_free(split);
	bbpf_btf_free(btf);
	return 0;
}
