// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Field sizes, offsets and signedness of kernel fields of many types. */
#include "core_test.h"

__u64 out[32];

SEC("raw_tp/sys_enter")
int field_info(void *ctx)
{
	struct task_struct *t = 0;
	struct file *f = 0;

	OUT(0, bpf_core_field_size(t->pid));
	OUT(1, bpf_core_field_size(t->start_time));
	OUT(2, bpf_core_field_size(t->comm));
	OUT(3, bpf_core_field_size(t->mm));
	OUT(4, bpf_core_field_offset(t->mm));
	OUT(5, __builtin_preserve_field_info(t->pid, BPF_FIELD_SIGNED));
	OUT(6, __builtin_preserve_field_info(t->flags, BPF_FIELD_SIGNED));
	OUT(7, __builtin_preserve_field_info(t->prio, BPF_FIELD_SIGNED));
	OUT(8, bpf_core_field_size(f->f_mode));
	OUT(9, __builtin_preserve_field_info(f->f_mode, BPF_FIELD_SIGNED));
	OUT(10, bpf_core_field_offset(f->f_path.dentry));
	OUT(11, bpf_core_field_size(t->se));
	OUT(12, __builtin_preserve_field_info(t->comm[0], BPF_FIELD_SIGNED));
	return 0;
}
