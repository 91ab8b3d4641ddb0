// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_attach_module.c: fentry and fexit on a function of
 * a kernel module (veth_open, called when a veth device goes up), found in
 * the module's BTF. The fentry program also reads through a type only the
 * module's BTF has (struct veth_priv, CO-RE-relocated against it) and holds
 * the address of a module symbol (an untyped __ksym, from kallsyms).
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/*
 * veth's private part of a net_device (drivers/net/veth.c). `peer` is its
 * first field there; here it is not, so a load that skipped the relocation
 * would read 64 bytes too far and the test's checks (each end's peer is the
 * other end, by address and by name) would fail.
 * The ___mod suffix keeps it apart from a vmlinux.h made on a kernel with
 * veth built in.
 */
struct veth_priv___mod {
	char shifted[64];
	struct net_device *peer;
} __attribute__((preserve_access_index));

extern const void veth_open __ksym;

const volatile __u32 tgid = 0; /* the test's pid */
/* What the test reads back (the only .bss variable: its layout is the test's struct out). */
struct {
	__u64 entered, exited; /* calls of this process */
	__u64 open_addr;       /* &veth_open */
	__s64 last_ret;	       /* veth_open's, at fexit */
	/* Per call (two: both ends go up): the device and its peer as read through veth_priv. */
	__u64 dev[2], peer[2];
	char dev_name[2][16], peer_name[2][16];
} out;

static __always_inline bool ours(void)
{
	return (__u32)(bpf_get_current_pid_tgid() >> 32) == tgid;
}

SEC("fentry/veth_open")
int BPF_PROG(on_veth_open, struct net_device *dev)
{
	struct veth_priv___mod *priv;
	struct net_device *peer = NULL;
	__u64 n;

	if (!ours())
		return 0;
	n = __sync_fetch_and_add(&out.entered, 1);
	out.open_addr = (__u64)&veth_open;
	if (n >= 2)
		return 0;
	/* netdev_priv(): right after struct net_device, 32-byte aligned. */
	priv = (void *)((unsigned long)dev + ((bpf_core_type_size(struct net_device) + 31) & ~31UL));
	bpf_core_read(&peer, sizeof(peer), &priv->peer);
	out.dev[n] = (__u64)dev;
	out.peer[n] = (__u64)peer;
	BPF_CORE_READ_STR_INTO(&out.dev_name[n], dev, name);
	if (peer)
		BPF_CORE_READ_STR_INTO(&out.peer_name[n], peer, name);
	return 0;
}

SEC("fexit/veth_open")
int BPF_PROG(on_veth_open_ret, struct net_device *dev, int ret)
{
	if (ours()) {
		__sync_fetch_and_add(&out.exited, 1);
		out.last_ret = ret;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
