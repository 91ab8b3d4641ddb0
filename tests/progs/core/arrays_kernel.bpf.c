// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* Arrays in kernel types: fixed (comm, subsys[]), and a flexible array with a rename. */
#include "core_test.h"

__u64 out[16];

struct cgroup___v5 {
	int level;
	u64 ancestor_ids[];
} PAI;

struct cgroup___v6 {
	int level;
	struct cgroup *ancestors[];
} PAI;

SEC("raw_tp/cgroup_mkdir")
int arrays(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct cgroup *cg = BPF_CORE_READ(t, cgroups, subsys[0], cgroup);

	OUT(0, BPF_CORE_READ(t, comm[3]));
	OUT(1, BPF_CORE_READ(t, cgroups, subsys[2], flags));
	OUT(2, BPF_CORE_READ(cg, kn, id));
	if (bpf_core_field_exists(((struct cgroup___v5 *)cg)->ancestor_ids))
		OUT(3, BPF_CORE_READ((struct cgroup___v5 *)cg, ancestor_ids[1]));
	if (bpf_core_field_exists(((struct cgroup___v6 *)cg)->ancestors))
		OUT(4, BPF_CORE_READ((struct cgroup___v6 *)cg, ancestors[2], level));
	OUT(5, bpf_core_field_size(t->comm));
	OUT(6, bpf_core_field_offset(t->comm[7]));
	return 0;
}
