// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* struct sock_common is made of anonymous unions and structs: members found through them. */
#include "core_test.h"

__u64 out[16];

SEC("raw_tp/inet_sock_set_state")
int sock_anon(void *ctx)
{
	struct sock *sk = (void *)bpf_get_current_task();

	OUT(0, BPF_CORE_READ(sk, __sk_common.skc_family));
	OUT(1, BPF_CORE_READ(sk, __sk_common.skc_dport));
	OUT(2, BPF_CORE_READ(sk, __sk_common.skc_num));
	OUT(3, BPF_CORE_READ(sk, __sk_common.skc_daddr));
	OUT(4, BPF_CORE_READ(sk, __sk_common.skc_v6_daddr.in6_u.u6_addr32[3]));
	OUT(5, BPF_CORE_READ(sk, sk_protocol));
	OUT(6, bpf_core_field_size(sk->sk_protocol));
	OUT(7, bpf_core_field_offset(sk->__sk_common.skc_state));
	return 0;
}
