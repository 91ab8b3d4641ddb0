// SPDX-License-Identifier: BSD-2-Clause
/*
 * The libbpf side of the "btf parse vmlinux" row of `make bench`: what a
 * libbpf user writes to parse a BTF file and find one type by name, the
 * work `barebpf btf find NAME --kind KIND PATH` does.
 *
 *   ref_btf_libbpf PATH NAME [KIND]   btf__parse(PATH) + btf__find_by_name_kind()
 *                                     (KIND: struct, union, enum, typedef, func;
 *                                     default struct), prints the id
 *
 * Test code: libbpf is linked only into tests/bench/ref_* (mk/bench.mk).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>

static int kind_of(const char *word)
{
	static const struct {
		const char *name;
		int kind;
	} kinds[] = {
		{ "struct", BTF_KIND_STRUCT }, { "union", BTF_KIND_UNION },
		{ "enum", BTF_KIND_ENUM },     { "typedef", BTF_KIND_TYPEDEF },
		{ "func", BTF_KIND_FUNC },
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strcmp(word, kinds[i].name))
			return kinds[i].kind;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct btf *btf;
	int kind, id;

	kind = argc == 4 ? kind_of(argv[3]) : BTF_KIND_STRUCT;
	if ((argc != 3 && argc != 4) || kind < 0) {
		fprintf(stderr, "usage: %s PATH NAME [struct|union|enum|typedef|func]\n", argv[0]);
		return 2;
	}
	btf = btf__parse(argv[1], NULL);
	if (!btf) {
		fprintf(stderr, "ref_btf_libbpf: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	id = btf__find_by_name_kind(btf, argv[2], kind);
	if (id > 0)
		printf("[%d] %s\n", id, argv[2]);
	else
		fprintf(stderr, "ref_btf_libbpf: %s not found: %s\n", argv[2], strerror(-id));
	btf__free(btf);
	return id > 0 ? 0 : 1;
}
