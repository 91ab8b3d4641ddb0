// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_pin.c and tests/cli.sh (issue 10): a program whose
 * SEC() has a typo next to a good one. Loading it fails, naming the
 * section and the nearest known one, until it is left out (--skip/--only).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("raw_tp/sys_enter")
int good(void *ctx)
{
	return 0;
}

SEC("tracepont/syscalls/sys_enter_getpid")
int typo(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
