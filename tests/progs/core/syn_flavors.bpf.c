// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Flavors: two local definitions of one type (___v1, ___v2) for two
 * layouts; the program asks which one the target has. The target variants
 * carry flavors too, and a name with a misplaced "___" keeps it.
 */
#include "core_test.h"

__u64 out[16];

struct core_reloc_flav___v1 {
	int old_field;
	int common;
} PAI;

struct core_reloc_flav___v2 {
	long new_field;
	int common;
} PAI;

/* "___" right before the end is no flavor separator: the name is whole. */
struct core_reloc_flav___ {
	int common;
} PAI;

/* Two separators: only the last one starts the flavor. */
struct core_reloc_flav___a___b {
	int common;
} PAI;

SEC("raw_tp/sys_enter")
int flavors(void *ctx)
{
	void *p = (void *)bpf_get_current_task();
	struct core_reloc_flav___v1 *v1 = p;
	struct core_reloc_flav___v2 *v2 = p;

	if (bpf_core_field_exists(v1->old_field))
		OUT(0, BPF_CORE_READ(v1, old_field));
	if (bpf_core_field_exists(v2->new_field))
		OUT(1, BPF_CORE_READ(v2, new_field));
	OUT(2, BPF_CORE_READ(v1, common));
	OUT(3, BPF_CORE_READ(v2, common));
	OUT(4, bpf_core_type_exists(struct core_reloc_flav___));
	OUT(5, BPF_CORE_READ((struct core_reloc_flav___a___b *)p, common));
	return 0;
}
