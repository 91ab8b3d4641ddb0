// SPDX-License-Identifier: BSD-2-Clause
/*
 * The libbpf side of `make bench`: the smallest loader a libbpf user writes.
 *
 *   ref_load_libbpf version           prints libbpf's version (process start-up)
 *   ref_load_libbpf OBJ [--btf PATH]  opens OBJ, loads it (CO-RE against PATH if
 *                                     given, else the kernel's BTF), closes it
 *
 * Test code: libbpf is linked only into tests/bench/ref_* (mk/bench.mk), static
 * the same way as build/barebpf-static, so that the two compare like for like.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	struct bpf_object *obj;
	int err;

	if (argc == 2 && !strcmp(argv[1], "version")) {
		printf("libbpf %s\n", libbpf_version_string());
		return 0;
	}
	if (argc == 4 && !strcmp(argv[2], "--btf")) {
		opts.btf_custom_path = argv[3];
	} else if (argc != 2) {
		fprintf(stderr, "usage: %s version | OBJ [--btf PATH]\n", argv[0]);
		return 2;
	}

	obj = bpf_object__open_file(argv[1], &opts);
	if (!obj) {
		fprintf(stderr, "ref_load_libbpf: open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	err = bpf_object__load(obj);
	if (err)
		fprintf(stderr, "ref_load_libbpf: load %s: %s\n", argv[1], strerror(-err));
	bpf_object__close(obj);
	return err ? 1 : 0;
}
