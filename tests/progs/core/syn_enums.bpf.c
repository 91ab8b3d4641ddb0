// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Enumerators: exists and value, with renumbered, missing, unsigned and 64-bit targets. */
#include "core_test.h"

__u64 out[32];

enum core_reloc_enum {
	CRE_ZERO,
	CRE_ONE,
	CRE_TWO = 2,
	CRE_BIG = 0x7fffffff,
	CRE_NEG = -5,
};

enum core_reloc_uenum {
	CRU_A = 1,
	CRU_HIGH = 0x80000001u,
};

/* A flavor of the same enum: its enumerators carry the flavor too. */
enum core_reloc_enum___fl {
	CRE_TWO___fl = 2,
	CRE_GONE___fl = 42,
};

struct core_reloc_enum_holder {
	enum core_reloc_enum e;
	enum core_reloc_uenum u;
} PAI;

SEC("raw_tp/sys_enter")
int enums(void *ctx)
{
	struct core_reloc_enum_holder *h = (void *)bpf_get_current_task();

	OUT(0, bpf_core_enum_value_exists(enum core_reloc_enum, CRE_ONE));
	OUT(1, bpf_core_enum_value(enum core_reloc_enum, CRE_ONE));
	OUT(2, bpf_core_enum_value(enum core_reloc_enum, CRE_TWO));
	OUT(3, bpf_core_enum_value(enum core_reloc_enum, CRE_BIG));
	OUT(4, bpf_core_enum_value(enum core_reloc_enum, CRE_NEG));
	OUT(5, bpf_core_enum_value_exists(enum core_reloc_enum, CRE_NEG));
	OUT(6, bpf_core_enum_value(enum core_reloc_uenum, CRU_HIGH));
	OUT(7, bpf_core_enum_value_exists(enum core_reloc_uenum, CRU_A));
	OUT(8, bpf_core_enum_value(enum core_reloc_enum___fl, CRE_TWO___fl));
	OUT(9, bpf_core_enum_value_exists(enum core_reloc_enum___fl, CRE_GONE___fl));
	OUT(10, __builtin_preserve_field_info(h->e, BPF_FIELD_SIGNED));
	OUT(11, __builtin_preserve_field_info(h->u, BPF_FIELD_SIGNED));
	OUT(12, BPF_CORE_READ(h, u));
	return 0;
}
