// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target for the pure open path: bbpf_obj_open_mem() on arbitrary
 * bytes, then everything a loader would read from the object (every program
 * linked, every getter). Must never crash, hang or leak; seeds are the
 * committed fixtures (make fuzz-obj).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <barebpf/obj.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk_prog(const struct bbpf_prog *p)
{
	struct bpf_insn *insns;
	size_t i, cnt;

	if (bbpf_prog_link_insns(p, &insns, &cnt) == 0)
		free(insns);
	for (i = 0; i < bbpf_prog_func_cnt(p); i++)
		bbpf_prog_func(p, i, NULL);
	bbpf_prog_relos(p, &cnt);
	bbpf_prog_insns(p, &cnt);
	bbpf_prog_load_flags(p);
}

static void walk_map(const struct bbpf_map *m)
{
	size_t cnt;

	bbpf_map_def(m);
	bbpf_map_inner_def(m);
	bbpf_map_init_data(m);
	bbpf_map_slots(m, &cnt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	struct bbpf_obj *obj;
	size_t i;

	if (!quiet) {
		bbpf_set_print(NULL);
		quiet = 1;
	}
	if (bbpf_obj_open_mem(data, size, NULL, &obj))
		return 0;
	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++)
		walk_prog(bbpf_obj_prog(obj, i));
	for (i = 0; i < bbpf_obj_map_cnt(obj); i++)
		walk_map(bbpf_obj_map(obj, i));
	for (i = 0; i < bbpf_obj_extern_cnt(obj); i++)
		bbpf_obj_extern(obj, i);
	bbpf_obj_close(obj);
	return 0;
}
