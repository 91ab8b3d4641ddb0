// SPDX-License-Identifier: BSD-2-Clause
/*
 * The kernel BTF type a fentry/fexit/fmod_ret/lsm/tp_btf/iter program names
 * (its attach_btf_id) [pure]: libbpf's prefixes (btf_trace_<tp> typedefs,
 * bpf_lsm_<hook>, bpf_iter_<target>), looked up in vmlinux first and then
 * in each module's BTF. A module's BTF is split on vmlinux's, so its ids
 * continue vmlinux's and a lookup in it also sees vmlinux: only ids at or
 * past vmlinux's count are the module's own. "MODULE:FUNC" (libbpf's form,
 * SEC("fentry/nf_conntrack:nf_confirm")) looks in that module only. A
 * module target is loaded with its module's BTF object fd as
 * attach_btf_obj_fd (load.c opens it by name, loader/kernel/btf_fd.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/btf.h>

#include <barebpf/btf.h>
#include <barebpf/kbtf.h>
#include <barebpf/obj.h>
#include "internal/log.h"
#include "internal/uapi_compat.h"
#include "load/internal.h"

int bbpf__attach_btf_lookup(const struct bbpf_kbtf_set *set, const char *module, const char *name,
			    int kind, uint32_t *mod)
{
	const struct bbpf_btf *const *btfs = set ? bbpf_kbtf_set_btfs(set) : NULL;
	const char *const *names = set ? bbpf_kbtf_set_names(set) : NULL;
	uint32_t k, cnt = set ? bbpf_kbtf_set_cnt(set) : 0, own;
	int id;

	*mod = 0;
	if (!cnt)
		return -ENOENT;
	if (!module) {
		id = bbpf_btf_find_by_name_kind(btfs[0], name, kind);
		if (id >= 0)
			return id;
	}
	own = bbpf_btf_type_cnt(btfs[0]);
	for (k = 1; k < cnt; k++) {
		if (module && strcmp(names[k], module))
			continue;
		id = bbpf_btf_find_by_name_kind(btfs[k], name, kind);
		if (id >= 0 && (uint32_t)id >= own) {
			*mod = k;
			return id;
		}
	}
	return -ENOENT;
}

int bbpf__find_attach_btf_id(const struct bbpf_prog *prog, const struct bbpf_kbtf_set *set,
			     uint32_t *mod)
{
	static const struct {
		uint32_t type;
		const char *prefix;
		int kind;
	} rules[] = {
		{ BPF_TRACE_RAW_TP, "btf_trace_", BTF_KIND_TYPEDEF },
		{ BPF_LSM_MAC, "bpf_lsm_", BTF_KIND_FUNC },
		{ BPF_LSM_CGROUP, "bpf_lsm_", BTF_KIND_FUNC },
		{ BPF_TRACE_ITER, "bpf_iter_", BTF_KIND_FUNC },
	};
	const char *prefix = "", *target = bbpf_prog_attach_target(prog), *colon;
	char name[256], module[64] = "";
	int kind = BTF_KIND_FUNC, id;
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].type == bbpf_prog_expected_attach_type(prog)) {
			prefix = rules[i].prefix;
			kind = rules[i].kind;
		}
	colon = strchr(target, ':');
	if (colon && (size_t)(colon - target) < sizeof(module)) {
		snprintf(module, sizeof(module), "%.*s", (int)(colon - target), target);
		target = colon + 1;
	}
	snprintf(name, sizeof(name), "%s%s", prefix, target);
	id = bbpf__attach_btf_lookup(set, module[0] ? module : NULL, name, kind, mod);
	if (id < 0 && module[0])
		pr_warn("prog '%s': attach target '%s' not found in the BTF of module '%s' (not "
			"loaded, or no BTF)\n",
			bbpf_prog_name(prog), name, module);
	else if (id < 0)
		pr_warn("prog '%s': attach target '%s' not found in the kernel's BTF (vmlinux nor "
			"any module's)\n",
			bbpf_prog_name(prog), name);
	return id;
}
