// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_attach_module.c: an XDP program calling kfuncs a
 * kernel module registers (nf_conntrack's bpf_xdp_ct_lookup and
 * bpf_ct_release, in its BTF, not vmlinux's): the loader must find them in
 * the module's BTF and name that BTF through the program's fd_array. Run with
 * BPF_PROG_TEST_RUN on a TCP/IPv4 packet the test crafts: the lookup of its
 * tuple finds no connection (NULL, opts.error -ENOENT).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* nf_conntrack's struct bpf_ct_opts as 6.1 has it (12 bytes; later kernels take this size too). */
struct bpf_ct_opts___mod {
	__s32 netns_id;
	__s32 error;
	__u8 l4proto;
	__u8 dir;
	__u8 reserved[2];
};

/*
 * Opaque here. A complete struct, not a forward declaration: libbpf (1.1)
 * finds a kfunc incompatible when a pointer parameter's target differs in
 * kind from the kernel's (FWD here, STRUCT there).
 */
struct nf_conn {
	int opaque;
};

extern struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *ctx, struct bpf_sock_tuple *tuple,
					 __u32 tuple__sz, struct bpf_ct_opts___mod *opts,
					 __u32 opts__sz) __ksym;
extern void bpf_ct_release(struct nf_conn *ct) __ksym;

/* What the test reads back (the only .bss variable). */
struct {
	__u64 runs, found;
	__s64 error;	    /* opts.error after the lookup */
	__u32 saddr, daddr; /* the tuple looked up, network order */
	__u16 sport, dport;
} out;

SEC("xdp")
int ct_lookup(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp = (void *)(ip + 1);
	struct bpf_ct_opts___mod opts;
	struct bpf_sock_tuple tup = {};
	struct nf_conn *ct;

	/* Field by field: an initializer would be copied from a .rodata of its own. */
	__builtin_memset(&opts, 0, sizeof(opts));
	opts.netns_id = -1; /* BPF_F_CURRENT_NETNS */
	opts.l4proto = IPPROTO_TCP;

	if ((void *)(tcp + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 ||
	    ip->protocol != IPPROTO_TCP)
		return XDP_ABORTED;
	tup.ipv4.saddr = ip->saddr;
	tup.ipv4.daddr = ip->daddr;
	tup.ipv4.sport = tcp->source;
	tup.ipv4.dport = tcp->dest;
	ct = bpf_xdp_ct_lookup(ctx, &tup, sizeof(tup.ipv4), &opts, sizeof(opts));
	out.runs++;
	out.error = opts.error;
	out.saddr = tup.ipv4.saddr;
	out.daddr = tup.ipv4.daddr;
	out.sport = tup.ipv4.sport;
	out.dport = tup.ipv4.dport;
	if (ct) {
		out.found++;
		bpf_ct_release(ct);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
