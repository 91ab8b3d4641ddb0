// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Members of anonymous structs and unions, at one and two levels. */
#include "core_test.h"

__u64 out[16];

struct core_reloc_anon {
	int x;
	union {
		int u1;
		struct {
			short s1, s2;
		};
	};
	struct {
		long y;
		union {
			char c1;
			long long c2;
		};
	} named;
} PAI;

SEC("tp_btf/sys_enter")
int anon(__u64 *ctx)
{
	struct core_reloc_anon *a = (void *)ctx[0];

	OUT(0, a->u1);
	OUT(1, a->s2);
	OUT(2, a->named.c2);
	OUT(3, a->named.y);
	OUT(4, BPF_CORE_READ(a, s1));
	OUT(5, bpf_core_field_exists(a->named.c1));
	return 0;
}
