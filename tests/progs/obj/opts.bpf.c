// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Fixture of the options before load and of the extern resolver
 * (tests/unit/test_obj_opts.c, test_externs.c):
 *
 *   .rodata   several variables (offsets from their symbols): bool, enum,
 *             char array, s8, u32 x2, a struct (which --set refuses)
 *   .data     a u16
 *   __kconfig LINUX_HAS_BPF_COOKIE, LINUX_HAS_SYSCALL_WRAPPER, a weak s16
 *             and a weak u64
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum mode { MODE_OFF, MODE_FAST = 5, MODE_SLOW = 300 };

struct cfg {
	int a, b;
};

extern _Bool LINUX_HAS_BPF_COOKIE __kconfig;
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;
extern short CONFIG_OFFSET __kconfig __weak;
extern unsigned long long CONFIG_BIG __kconfig __weak;

const volatile _Bool verbose = 0;
const volatile enum mode mode = MODE_FAST;
const volatile char ifname[16] = "lo";
const volatile __s8 tiny = -1;
const volatile __u32 pair_a = 1;
const volatile __u32 pair_b = 2;
const volatile struct cfg cfg = { 1, 2 };
volatile __u16 port = 80;

SEC("xdp")
int opts_prog(struct xdp_md *ctx)
{
	if (!verbose || mode != MODE_SLOW || ifname[0] != 'l')
		return XDP_DROP;
	if (LINUX_HAS_BPF_COOKIE && LINUX_HAS_SYSCALL_WRAPPER)
		port += CONFIG_OFFSET + CONFIG_BIG;
	return tiny + pair_a + pair_b + cfg.a + port;
}

char LICENSE[] SEC("license") = "GPL";
