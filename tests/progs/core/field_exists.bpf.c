// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Fields that come and go between kernels, behind field_exists checks, with
 * flavors for the older layouts: task_struct.state became __state in 5.14.
 */
#include "core_test.h"

__u64 out[16];

struct task_struct___pre514 {
	long state;
} PAI;

struct task_struct___has_loginuid {
	kuid_t loginuid;
} PAI;

struct sock___old {
	int sk_gso_max_segs;
	unsigned int sk_gso_max_size;
} PAI;

SEC("raw_tp/sched_switch")
int state_of(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct task_struct___pre514 *old = (void *)t;

	if (bpf_core_field_exists(t->__state))
		OUT(0, BPF_CORE_READ(t, __state));
	else if (bpf_core_field_exists(old->state))
		OUT(0, BPF_CORE_READ(old, state));
	OUT(1, bpf_core_field_exists(((struct task_struct___has_loginuid *)t)->loginuid));
	OUT(2, bpf_core_field_exists(t->pid));
	return 0;
}

SEC("raw_tp/net_dev_xmit")
int sock_fields(void *ctx)
{
	struct sock___old *sk = (void *)bpf_get_current_task();

	OUT(3, bpf_core_field_exists(sk->sk_gso_max_segs));
	OUT(4, BPF_CORE_READ(sk, sk_gso_max_size));
	return 0;
}
