// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_load.c: one fentry program. Kernels without
 * trampolines (or that forbid them, as the test host does) refuse it with
 * no verifier log; the loader must say that the kernel refused this
 * program type and how to leave it out.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u32 hits;

SEC("fentry/do_nanosleep")
int BPF_PROG(on_nanosleep)
{
	hits++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
