/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reads one program's instructions out of a BPF object built from
 * tests/progs/ (build/progs/<name>.bpf.o), for kernel tests of the syscall
 * layer written before the ELF loader exists. It does the least a loader
 * does: copies the function's bytes, takes the license, and turns each
 * reference to a map in .maps into a load of the fd the test created.
 */
#ifndef BBPF_TEST_PROG_ELF_H
#define BBPF_TEST_PROG_ELF_H

#include <stddef.h>
#include <linux/bpf.h>

struct test_map_fd {
	const char *name; /* the map's symbol in .maps */
	int fd;
};

struct test_prog {
	struct bpf_insn *insns; /* malloc'd */
	size_t insn_cnt;
	char license[128];
};

/* test_prog_path() is "$BBPF_PROGS/@name", else "build/progs/@name". Static buffer. */
const char *test_prog_path(const char *name);

/*
 * test_prog_read() reads function @func of the BPF object at @path into
 * @out, patching map references with the fds of @maps (@map_cnt entries).
 * Returns 0, -ENOENT (no such function or map), -EOPNOTSUPP (a relocation
 * other than a map: subprogram calls, global data) or -errno. On success
 * free @out with test_prog_free().
 */
int test_prog_read(const char *path, const char *func, const struct test_map_fd *maps,
		   size_t map_cnt, struct test_prog *out);

void test_prog_free(struct test_prog *prog);

#endif
