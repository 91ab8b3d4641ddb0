// SPDX-License-Identifier: BSD-2-Clause
/*
 * dump_c BTF [BASE]: prints BTF as C with bbpf_btf_dump_c(), for
 * tests/vmlinux_h/check.sh while `barebpf btf dump --format c` is not yet
 * wired to it. Exit 0, or 1 with the reason on stderr.
 */
#include <errno.h>
#include <stdio.h>

#include <barebpf/btf.h>
#include <barebpf/btf_dump.h>
#include <barebpf/kbtf.h>

int main(int argc, char **argv)
{
	struct bbpf_btf *base = NULL, *btf = NULL;
	int err;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s BTF [BASE]\n", argv[0]);
		return 2;
	}
	err = argc == 3 ? bbpf_kbtf_open_file(argv[2], NULL, &base) : 0;
	err = err ?: bbpf_kbtf_open_file(argv[1], base, &btf);
	err = err ?: bbpf_btf_dump_c(btf, bbpf_btf_dump_write_stdio, stdout);
	if (!err && fflush(stdout))
		err = -EIO;
	if (err)
		fprintf(stderr, "dump_c %s: %s\n", argv[1], bbpf_strerror(err));
	bbpf_btf_free(btf);
	bbpf_btf_free(base);
	return err ? 1 : 0;
}
