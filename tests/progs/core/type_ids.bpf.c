// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Local and kernel type ids (64-bit immediates) of structs, typedefs, pointers, flavors. */
#include "core_test.h"

__u64 out[16];

struct task_struct___mine {
	int pid;
} PAI;

typedef struct task_struct *task_ptr_t;

SEC("raw_tp/sys_exit")
int type_ids(void *ctx)
{
	OUT(0, bpf_core_type_id_local(struct task_struct));
	OUT(1, bpf_core_type_id_kernel(struct task_struct));
	OUT(2, bpf_core_type_id_kernel(struct task_struct___mine));
	OUT(3, bpf_core_type_id_kernel(pid_t));
	OUT(4, bpf_core_type_id_local(task_ptr_t));
	OUT(5, bpf_core_type_id_kernel(union bpf_attr));
	OUT(6, bpf_core_type_id_kernel(enum bpf_map_type));
	return 0;
}
