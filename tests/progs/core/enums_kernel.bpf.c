// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Enumerators of kernel enums: exists and value, with a flavor for future helpers. */
#include "core_test.h"

__u64 out[16];

enum bpf_func_id___future {
	BPF_FUNC_user_ringbuf_drain___future = 209,
	BPF_FUNC_no_such_helper___future = 9999,
};

enum pid_type___local {
	PIDTYPE_TGID___local = 1,
	PIDTYPE_SID___local = 3,
};

SEC("raw_tp/sys_enter")
int enums(void *ctx)
{
	OUT(0, bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_ringbuf_output));
	OUT(1, bpf_core_enum_value(enum bpf_func_id, BPF_FUNC_ringbuf_output));
	OUT(2, bpf_core_enum_value_exists(enum bpf_func_id___future,
					  BPF_FUNC_user_ringbuf_drain___future));
	OUT(3, bpf_core_enum_value_exists(enum bpf_func_id___future,
					  BPF_FUNC_no_such_helper___future));
	OUT(4, bpf_core_enum_value(enum pid_type___local, PIDTYPE_SID___local));
	OUT(5, bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF));
	OUT(6, bpf_core_enum_value(enum bpf_prog_type, BPF_PROG_TYPE_TRACING));
	if (bpf_core_enum_value_exists(enum bpf_func_id___future, BPF_FUNC_no_such_helper___future))
		OUT(7, bpf_core_enum_value(enum bpf_func_id___future,
					   BPF_FUNC_no_such_helper___future));
	return 0;
}
