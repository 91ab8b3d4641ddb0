// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* bpf_core_type_matches (clang 15+): the local definition must fit the kernel's. */
#include "core_test.h"

__u64 out[16];

struct list_head___ok {
	struct list_head *next, *prev;
} PAI;

struct list_head___wrong {
	int next;
} PAI;

struct callback_head___ok {
	struct callback_head *next;
	void (*func)(struct callback_head *);
} PAI;

enum pid_type___subset {
	PIDTYPE_PID___subset,
	PIDTYPE_TGID___subset,
};

enum pid_type___extra {
	PIDTYPE_NOT_THERE___extra,
};

typedef int pid_t___alias;

SEC("raw_tp/sys_exit")
int type_matches(void *ctx)
{
#if __clang_major__ >= 15
	OUT(0, bpf_core_type_matches(struct list_head___ok));
	OUT(1, bpf_core_type_matches(struct list_head___wrong));
	OUT(2, bpf_core_type_matches(struct callback_head___ok));
	OUT(3, bpf_core_type_matches(enum pid_type___subset));
	OUT(4, bpf_core_type_matches(enum pid_type___extra));
	OUT(5, bpf_core_type_matches(pid_t___alias));
	OUT(6, bpf_core_type_matches(struct task_struct));
#endif
	OUT(7, bpf_core_type_exists(struct list_head___wrong));
	return 0;
}
