// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_attach_module.c: tp_btf on a tracepoint a kernel
 * module defines: virtio_transport_alloc_pkt, of vsock's
 * vmw_vsock_virtio_transport_common (its btf_trace_ typedef is in that
 * module's BTF, not vmlinux's), loaded with that BTF as attach_btf_obj_fd.
 * The test connects a vsock socket to VMADDR_CID_LOCAL (the loopback
 * transport): the connect's REQUEST packet fires it. The program counts the
 * calls of the test's process and keeps the first one's arguments (the first
 * seven, which every kernel since 4.10 passes in this order; later ones
 * differ).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

const volatile __u32 tgid = 0; /* the test's pid */
/* What the test reads back (the only .bss variable). */
struct {
	__u64 calls;
	__u32 src_cid, src_port, dst_cid, dst_port, len;
	__u16 type, op;
} out;

SEC("tp_btf/virtio_transport_alloc_pkt")
int BPF_PROG(on_alloc_pkt, __u32 src_cid, __u32 src_port, __u32 dst_cid, __u32 dst_port, __u32 len,
	     __u16 type, __u16 op)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) != tgid)
		return 0;
	if (__sync_fetch_and_add(&out.calls, 1))
		return 0;
	out.src_cid = src_cid;
	out.src_port = src_port;
	out.dst_cid = dst_cid;
	out.dst_port = dst_port;
	out.len = len;
	out.type = type;
	out.op = op;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
