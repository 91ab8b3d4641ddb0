// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* bpf_core_type_matches (clang 15+) on synthetic types; type_exists for clang 14. */
#include "core_test.h"

__u64 out[16];

struct core_reloc_tm_fwd;

enum core_reloc_tm_e { TM_A, TM_B };

struct core_reloc_tm_s {
	int a;
	unsigned long b;
	struct core_reloc_tm_fwd *p;
	int arr[3];
	enum core_reloc_tm_e e;
	union {
		int ua;
		char uc;
	};
} PAI;

union core_reloc_tm_u {
	int i;
	struct core_reloc_tm_s *s;
} PAI;

typedef struct core_reloc_tm_s core_reloc_tm_t;
typedef int (*core_reloc_tm_fn)(struct core_reloc_tm_s *, int);

SEC("raw_tp/sys_enter")
int matches(void *ctx)
{
#if __clang_major__ >= 15
	OUT(0, bpf_core_type_matches(struct core_reloc_tm_s));
	OUT(1, bpf_core_type_matches(union core_reloc_tm_u));
	OUT(2, bpf_core_type_matches(enum core_reloc_tm_e));
	OUT(3, bpf_core_type_matches(core_reloc_tm_t));
	OUT(4, bpf_core_type_matches(core_reloc_tm_fn));
#endif
	OUT(5, bpf_core_type_exists(struct core_reloc_tm_s));
	OUT(6, bpf_core_type_size(core_reloc_tm_t));
	return 0;
}
