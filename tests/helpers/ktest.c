// SPDX-License-Identifier: BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "insn.h"
#include "ktest.h"

int ktest_mount(const char *type, const char *dir, unsigned long magic)
{
	struct statfs st;

	if (!statfs(dir, &st) && (unsigned long)st.f_type == magic)
		return 0;
	mkdir(dir, 0755);
	if (mount(type, dir, type, 0, NULL))
		return -errno;
	return 0;
}

int ktest_counter_map(void)
{
	return bbpf_sys_map_create(BPF_MAP_TYPE_ARRAY, "ktest_counter", sizeof(__u32),
				   sizeof(__u64), 1, NULL);
}

long long ktest_counter_get(int map_fd)
{
	__u32 key = 0;
	__u64 val;

	if (bbpf_sys_map_lookup_elem(map_fd, &key, &val, 0))
		return -1;
	return (long long)val;
}

int ktest_counter_prog(int type, int expected_attach_type, int map_fd)
{
	const struct bpf_insn insns[] = { I_IF_TGID(getpid()), I_COUNT(map_fd) };
	static char log[64 * 1024];
	struct bbpf_sys_prog_load_opts opts = {
		.sz = sizeof(opts),
		.expected_attach_type = expected_attach_type,
		.log_buf = log,
		.log_size = sizeof(log),
		.log_level = 1,
	};
	int fd;

	log[0] = 0;
	fd = bbpf_sys_prog_load(type, "ktest_count", "GPL", insns, sizeof(insns) / sizeof(insns[0]),
				&opts);
	if (fd < 0)
		fprintf(stderr, "ktest_counter_prog(type %d): %d\n%s\n", type, fd, log);
	return fd;
}

int ktest_map_by_name(const char *name)
{
	struct bpf_map_info info;
	__u32 id = 0, len;
	int fd;

	while (!bbpf_sys_map_get_next_id(id, &id)) {
		fd = bbpf_sys_map_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!bbpf_sys_obj_get_info_by_fd(fd, &info, &len) && !strcmp(info.name, name))
			return fd;
		close(fd);
	}
	return -ENOENT;
}

const struct bbpf_obj_load_opts *ktest_load_opts(void)
{
	static struct bbpf_obj_load_opts o = { .sz = sizeof(o) };
	const char *min = getenv("BAREBPF_MATRIX_MIN_BTF");

	o.btf_path = min && *min ? min : NULL;
	return &o;
}
