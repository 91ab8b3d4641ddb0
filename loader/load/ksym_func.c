// SPDX-License-Identifier: BSD-2-Clause
/*
 * bpf_ksym_exists(kfunc) [sys]: a program that loads a __weak kfunc's name
 * as a value (ld_imm64). libbpf writes the kfunc's BTF id there, which the
 * kernel turns into its address from 6.4 on; an older kernel refuses the
 * whole program, even where the check can never run. So the first load
 * that needs it asks the kernel once, with a four-instruction program
 * holding such an id; where it is refused, the loader writes 1 for a
 * resolved kfunc instead (externs.c), which the check reads the same.
 */
#include <unistd.h>

#include <barebpf/sys.h>
#include "internal/compiler.h"
#include "obj/internal.h"
#include "load/externs.h"
#include "load/internal.h"

/* The first resolved vmlinux kfunc a program loads as a value, or NULL. */
static const struct bbpf__extern_res *func_loaded(const struct bbpf_obj *obj,
						  const struct bbpf__extern_vals *v)
{
	const struct bbpf_relo *r;
	size_t i, k;

	for (i = 0; i < obj->prog_cnt; i++) {
		for (k = 0; k < obj->progs[i].relo_cnt; k++) {
			r = &obj->progs[i].relos[k];
			if (r->kind == BBPF_RELO_EXTERN_VAR && r->target < v->cnt &&
			    obj->exts[r->target].desc.is_func && v->res[r->target].resolved &&
			    !v->res[r->target].btf_obj)
				return &v->res[r->target];
		}
	}
	return NULL;
}

/* Does the kernel take kfunc @btf_id (of vmlinux) in ld_imm64? Asked once. */
static bool kernel_takes(uint32_t btf_id)
{
	static int answer = -1;
	const struct bpf_insn insns[] = {
		{ .code = BPF_LD | BPF_IMM | BPF_DW,
		  .dst_reg = BPF_REG_0,
		  .src_reg = BPF_PSEUDO_BTF_ID,
		  .imm = (int32_t)btf_id },
		{ 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd;

	if (answer < 0) {
		fd = bbpf_sys_prog_load(BPF_PROG_TYPE_TRACEPOINT, "bbpf_probe", "GPL", insns,
					ARRAY_SIZE(insns), NULL);
		answer = fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	return answer;
}

void bbpf__ksym_func_decide(const struct bbpf_obj *obj, struct bbpf__extern_vals *v)
{
	const struct bbpf__extern_res *res = func_loaded(obj, v);

	v->func_ld_btf_id = res && kernel_takes(res->btf_id);
}
