// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/vlog.sh: programs the verifier refuses, each for its own reason,
 * loaded one at a time (--only). The line the verifier stops at carries a
 * "REJECT:" comment: the annotated log must name that file:line and the
 * function (a subprogram is appended after the program, so the kernel's
 * instruction index is not the ELF's).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

SEC("socket")
int null_value(void *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&vals, &key);

	return *v; /* REJECT: null_value */
}

SEC("socket")
int stack_oob(void *ctx)
{
	__u64 r;

	asm volatile("%0 = *(u64 *)(r10 - 520)" : "=r"(r)); /* REJECT: stack_oob */
	return r;
}

SEC("socket")
int endless(void *ctx)
{
	for (;;) /* REJECT: endless */
		asm volatile("");
	return 0;
}

static __attribute__((noinline)) int deref(__u64 *v)
{
	return v ? *(v + 1) : 0; /* REJECT: in_subprog */
}

SEC("socket")
int in_subprog(void *ctx)
{
	__u32 key = 0;

	return deref(bpf_map_lookup_elem(&vals, &key)) + 1;
}

char LICENSE[] SEC("license") = "GPL";
