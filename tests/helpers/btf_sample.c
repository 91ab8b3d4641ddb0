// SPDX-License-Identifier: BSD-2-Clause
#include "btf_sample.h"

void btf_sample_build(struct btfb *b)
{
	btfb_init(b);
	btfb_int(b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_float(b, "double", 8);
	btfb_struct(b, "s", 16, 2);
	btfb_member(b, "a", SAMPLE_INT, 0);
	btfb_member(b, "d", SAMPLE_FLOAT, 64);
	btfb_enum(b, "e", 4, 2, true);
	btfb_enumval(b, "A", -1);
	btfb_enumval(b, "B", 1);
	btfb_enum64(b, "e64", 8, 2, false);
	btfb_enum64val(b, "BIG", 1ULL << 40);
	btfb_enum64val(b, "ONE", 1);
	btfb_ref(b, BTF_KIND_TYPE_TAG, "user", SAMPLE_INT);
	btfb_ref(b, BTF_KIND_PTR, NULL, SAMPLE_TYPE_TAG);
	btfb_proto(b, SAMPLE_INT, 2);
	btfb_param(b, "x", SAMPLE_INT);
	btfb_param(b, "p", SAMPLE_TAG_PTR);
	btfb_func(b, "gfunc", SAMPLE_PROTO, BTF_FUNC_GLOBAL);
	btfb_func(b, "sfunc", SAMPLE_PROTO, BTF_FUNC_STATIC);
	btfb_var(b, "counter", SAMPLE_INT, BTF_VAR_GLOBAL_ALLOCATED);
	btfb_var(b, "ratio", SAMPLE_FLOAT, BTF_VAR_STATIC);
	btfb_datasec(b, ".data", 16, 2);
	btfb_secinfo(b, SAMPLE_VAR_I, 0, 4);
	btfb_secinfo(b, SAMPLE_VAR_D, 8, 8);
	btfb_decl_tag(b, "tag", SAMPLE_STRUCT, 0);
	btfb_decl_tag(b, "kfunc", SAMPLE_FUNC_G, -1);
	btfb_ref(b, BTF_KIND_TYPEDEF, "s_t", SAMPLE_STRUCT);
	btfb_array(b, SAMPLE_INT, SAMPLE_INT, 4);
	btfb_proto(b, SAMPLE_INT, 2);
	btfb_param(b, "x", SAMPLE_INT);
	btfb_param(b, NULL, SAMPLE_TAG_PTR);
	btfb_ref(b, BTF_KIND_PTR, NULL, SAMPLE_PROTO_ANON);
	btfb_struct(b, "ops", 8, 1);
	btfb_member(b, "cb", SAMPLE_PROTO_PTR, 0);
}
