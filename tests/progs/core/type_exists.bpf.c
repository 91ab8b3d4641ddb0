// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Types that may be missing, and sizes that vary: type_exists, type_size. */
#include "core_test.h"

__u64 out[16];

struct bpf_ringbuf___maybe {
	__u64 mask;
} PAI;

struct no_such_struct___anywhere {
	int x;
} PAI;

struct io_uring___newer {
	int head;
} PAI;

SEC("raw_tp/sys_enter")
int type_exists(void *ctx)
{
	OUT(0, bpf_core_type_exists(struct bpf_ringbuf___maybe));
	OUT(1, bpf_core_type_exists(struct no_such_struct___anywhere));
	OUT(2, bpf_core_type_size(struct task_struct));
	OUT(3, bpf_core_type_size(pid_t));
	OUT(4, bpf_core_type_size(union bpf_attr));
	OUT(5, bpf_core_type_size(struct no_such_struct___anywhere));
	OUT(6, bpf_core_type_exists(struct io_uring___newer));
	OUT(7, bpf_core_type_size(enum bpf_map_type));
	OUT(8, bpf_core_type_exists(struct bpf_iter_meta));
	return 0;
}
