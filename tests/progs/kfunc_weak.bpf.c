// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_load_user.c (issue 10): a __weak __ksym kfunc
 * declared without parameter names and missing from the kernel. Its BTF
 * declaration must be made acceptable (the kernel refuses unnamed kfunc
 * parameters) instead of the object losing all of its BTF; and .rodata,
 * which no instruction reads, is still bound to the program.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bbpf_test_no_such_kfunc(int, void *) __ksym __weak;

const volatile __u32 unread_knob = 7;
__u32 out;

SEC("raw_tp/sys_enter")
int call_weak(void *ctx)
{
	if (bbpf_test_no_such_kfunc)
		out = bbpf_test_no_such_kfunc(1, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
