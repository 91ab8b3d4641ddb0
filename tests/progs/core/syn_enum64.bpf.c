// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * 64-bit enumerators (ENUM64 in BTF from clang 15; clang 14 describes them
 * as a 64-bit ENUM): values are loaded with ld_imm64, patched (or
 * poisoned) in both halves.
 */
#include "core_test.h"

__u64 out[16];

enum core_reloc_e64 {
	CR64_SMALL = 3,
	CR64_HIGH = 0x1ffffffffULL,
	CR64_TOP = 0xffffffff00000000ULL,
};

enum core_reloc_e64s {
	CR64S_NEG = -0x100000000LL,
	CR64S_POS = 0x100000000LL,
};

SEC("raw_tp/sys_enter")
int enum64(void *ctx)
{
	OUT(0, bpf_core_enum_value(enum core_reloc_e64, CR64_SMALL));
	OUT(1, bpf_core_enum_value(enum core_reloc_e64, CR64_HIGH));
	OUT(2, bpf_core_enum_value(enum core_reloc_e64, CR64_TOP));
	OUT(3, bpf_core_enum_value_exists(enum core_reloc_e64, CR64_TOP));
	OUT(4, bpf_core_enum_value(enum core_reloc_e64s, CR64S_NEG));
	OUT(5, bpf_core_enum_value(enum core_reloc_e64s, CR64S_POS));
	OUT(6, bpf_core_type_size(enum core_reloc_e64));
	return 0;
}
