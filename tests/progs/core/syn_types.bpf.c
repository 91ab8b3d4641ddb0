// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Type relocations on every kind of named type: ids (local, target), exists, size. */
#include "core_test.h"

__u64 out[32];

struct core_reloc_tid_s {
	int a;
	long b;
} PAI;

union core_reloc_tid_u {
	int a;
	char c[12];
} PAI;

enum core_reloc_tid_e { TID_A, TID_B };

typedef int core_reloc_tid_int_t;
typedef struct core_reloc_tid_s *core_reloc_tid_ptr_t;
typedef int (*core_reloc_tid_fn_t)(int, char *);
typedef int core_reloc_tid_arr_t[4];

#define TYPE_RELOS(i, T)                          \
	do {                                      \
		OUT(i, bpf_core_type_id_local(T));     \
		OUT(i + 1, bpf_core_type_id_kernel(T)); \
		OUT(i + 2, bpf_core_type_exists(T));   \
		OUT(i + 3, bpf_core_type_size(T));     \
	} while (0)

SEC("raw_tp/sys_enter")
int types(void *ctx)
{
	TYPE_RELOS(0, struct core_reloc_tid_s);
	TYPE_RELOS(4, union core_reloc_tid_u);
	TYPE_RELOS(8, enum core_reloc_tid_e);
	TYPE_RELOS(12, core_reloc_tid_int_t);
	TYPE_RELOS(16, core_reloc_tid_ptr_t);
	TYPE_RELOS(20, core_reloc_tid_arr_t);
	OUT(24, bpf_core_type_exists(core_reloc_tid_fn_t));
	OUT(25, bpf_core_type_id_kernel(core_reloc_tid_fn_t));
	return 0;
}
