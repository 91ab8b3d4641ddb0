/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An object-like BTF with every kind the sanitizer rewrites (and some it
 * keeps), for the unit and kernel tests of btf/btf_sanitize.c. The ids are
 * fixed: SAMPLE_* below.
 */
#ifndef BBPF_TEST_BTF_SAMPLE_H
#define BBPF_TEST_BTF_SAMPLE_H

#include "btf_build.h"

enum {
	SAMPLE_INT = 1,	   /* int */
	SAMPLE_FLOAT,	   /* double, 8 bytes */
	SAMPLE_STRUCT,	   /* struct s { int a; double d; } */
	SAMPLE_ENUM,	   /* enum e (signed) { A = -1, B = 1 } */
	SAMPLE_ENUM64,	   /* enum e64 { BIG = 1 << 40, ONE = 1 } */
	SAMPLE_TYPE_TAG,   /* int __tag("user") */
	SAMPLE_TAG_PTR,	   /* pointer to it */
	SAMPLE_PROTO,	   /* int (int x, int __user *p): the functions' (the kernel wants names) */
	SAMPLE_FUNC_G,	   /* global gfunc */
	SAMPLE_FUNC_S,	   /* static sfunc */
	SAMPLE_VAR_I,	   /* global int counter */
	SAMPLE_VAR_D,	   /* static double ratio */
	SAMPLE_DATASEC,	   /* .data: counter at 0, ratio at 8, size 16 */
	SAMPLE_DECL_TAG_M, /* "tag" on struct s, member 0 */
	SAMPLE_DECL_TAG_F, /* "kfunc" on gfunc */
	SAMPLE_TYPEDEF,	   /* typedef struct s s_t */
	SAMPLE_ARRAY,	   /* int[4] */
	SAMPLE_PROTO_ANON, /* int (int x, int __user *): the second parameter unnamed */
	SAMPLE_PROTO_PTR,  /* pointer to it */
	SAMPLE_OPS,	   /* struct ops { int (*cb)(int x, int __user *); } */
	SAMPLE_CNT,	   /* one past the last id */
};

/* Fills @b (initialised here) with the sample types. */
void btf_sample_build(struct btfb *b);

#endif
