// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For the network, cgroup and perf_event attach tests: each program counts
 * what it sees in `hits` (a .bss array indexed by the enum) when it is the
 * test's traffic (UDP to `port`) or the test's process (`tgid`), both set
 * before load. The xdp_drop and sk_lookup programs also drop that traffic,
 * so a test can see them act, not only count.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

const volatile __u32 tgid = 0;
const volatile __u16 port = 0; /* host order */
__u64 hits[16];

enum { H_XDP, H_XDP_DROP, H_TC, H_TCX, H_CG_EGRESS, H_CG_CONNECT4, H_SK_LOOKUP, H_PERF };

/* True when @ip (with @end after the packet) starts an IPv4 UDP datagram to `port`. */
static __always_inline int is_ours(void *ip, void *end)
{
	struct iphdr *iph = ip;
	struct udphdr *udp;

	if ((void *)(iph + 1) > end || iph->version != 4 || iph->protocol != IPPROTO_UDP)
		return 0;
	udp = (void *)iph + iph->ihl * 4;
	if ((void *)(udp + 1) > end)
		return 0;
	return udp->dest == bpf_htons(port);
}

static __always_inline int eth_ours(void *data, void *end)
{
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return 0;
	return is_ours(eth + 1, end);
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	if (eth_ours((void *)(long)ctx->data, (void *)(long)ctx->data_end))
		__sync_fetch_and_add(&hits[H_XDP], 1);
	return XDP_PASS;
}

SEC("xdp")
int xdp_drop(struct xdp_md *ctx)
{
	if (!eth_ours((void *)(long)ctx->data, (void *)(long)ctx->data_end))
		return XDP_PASS;
	__sync_fetch_and_add(&hits[H_XDP_DROP], 1);
	return XDP_DROP;
}

/* The same classifier under both section names: legacy tc and tcx. */
static __always_inline int tc_count(struct __sk_buff *skb, int i)
{
	if (eth_ours((void *)(long)skb->data, (void *)(long)skb->data_end))
		__sync_fetch_and_add(&hits[i], 1);
	return TC_ACT_OK;
}

SEC("tc")
int tc_ingress(struct __sk_buff *skb)
{
	return tc_count(skb, H_TC);
}

SEC("tcx/ingress")
int tcx_ingress(struct __sk_buff *skb)
{
	return tc_count(skb, H_TCX);
}

/* cgroup_skb sees the packet from its IP header on. */
SEC("cgroup_skb/egress")
int cg_egress(struct __sk_buff *skb)
{
	if (is_ours((void *)(long)skb->data, (void *)(long)skb->data_end))
		__sync_fetch_and_add(&hits[H_CG_EGRESS], 1);
	return 1;
}

SEC("cgroup/connect4")
int cg_connect4(struct bpf_sock_addr *ctx)
{
	if (ctx->user_port == bpf_htons(port))
		__sync_fetch_and_add(&hits[H_CG_CONNECT4], 1);
	return 1;
}

SEC("sk_lookup")
int sk_lookup_drop(struct bpf_sk_lookup *ctx)
{
	if (ctx->protocol != IPPROTO_UDP || ctx->local_port != port)
		return SK_PASS;
	__sync_fetch_and_add(&hits[H_SK_LOOKUP], 1);
	return SK_DROP;
}

SEC("perf_event")
int perf_sample(void *ctx)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == tgid)
		__sync_fetch_and_add(&hits[H_PERF], 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
