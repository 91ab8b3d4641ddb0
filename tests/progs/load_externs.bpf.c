// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_load.c: __kconfig externs resolved at load and read
 * by a raw_tp program run with BPF_PROG_TEST_RUN. It copies them to .bss,
 * where the test compares them with uname and the kernel config. Returns 0,
 * or the __LINE__ of the check that failed.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig;
extern int CONFIG_NOT_THERE __kconfig __weak;
extern enum libbpf_tristate CONFIG_BPF_NOT_THERE_EITHER __kconfig __weak;
extern _Bool LINUX_HAS_BPF_COOKIE __kconfig;
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;

__u32 kernel_version, bpf_syscall, not_there, tristate_not_there, has_cookie, has_wrapper;

SEC("raw_tp/sys_enter")
int read_kconfig(void *ctx)
{
	kernel_version = LINUX_KERNEL_VERSION;
	bpf_syscall = CONFIG_BPF_SYSCALL;
	not_there = CONFIG_NOT_THERE;
	tristate_not_there = CONFIG_BPF_NOT_THERE_EITHER;
	has_cookie = LINUX_HAS_BPF_COOKIE;
	has_wrapper = LINUX_HAS_SYSCALL_WRAPPER;
	if (!CONFIG_BPF_SYSCALL)
		return __LINE__;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
