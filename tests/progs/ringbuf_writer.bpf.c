// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * An XDP program that writes one ring buffer record per packet, built on the
 * UAPI headers instead of vmlinux.h. It also carries the map definition forms
 * (__uint, __type, __array, pinning), read-only configuration, kconfig and
 * ksym externs, global and static subprograms, bpf_endian.h and the printk /
 * snprintf macros. BPF_PROG_TEST_RUN can run it: it always returns XDP_PASS.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct pkt_event {
	__u64 ts;
	__u32 len;
	__u16 proto;
	__u16 is_ipv4;
	__be32 magic;
	__be16 port;
	__u16 pad;
	__be64 stamp;
	__u64 ts_back;
	__u32 kernel_version;
	__u8 dst[ETH_ALEN];
	char msg[26];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} counters SEC(".maps");

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner },
};

/* Program arrays take no BTF key type: the key is given by size. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__array(values, int(struct xdp_md *));
} jump SEC(".maps");

/* Set by the loader before load; the verifier then prunes what they disable. */
const volatile __u32 sample_every = 1;
const volatile __u8 debug;

extern __u32 LINUX_KERNEL_VERSION __kconfig;
extern __u32 CONFIG_HZ __kconfig __weak;
extern const void bpf_prog_active __ksym __weak;

/* A global function: verified once, on its own, from its types. */
__hidden int eth_proto(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if (data + sizeof(*eth) > end)
		return -1;
	return bpf_ntohs(eth->h_proto);
}

static __noinline __u64 count(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &slot);

	if (!c)
		return 0;
	*c += 1;
	return *c;
}

SEC("xdp")
int xdp_writer(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct pkt_event *e;
	__u32 len = end - data;
	int proto = eth_proto(ctx);

	if (proto < 0 || (void *)(eth + 1) > end)
		return XDP_PASS;
	if (count(0) % (sample_every ?: 1))
		return XDP_PASS;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(1);
		return XDP_PASS;
	}
	barrier_var(len);
	e->ts = bpf_ktime_get_ns();
	e->len = len;
	e->proto = proto;
	e->is_ipv4 = eth->h_proto == bpf_htons(ETH_P_IP);
	e->magic = bpf_htonl(0xbbf00d01);
	e->port = bpf_htons(0x1f90);
	e->stamp = bpf_cpu_to_be64(0x0102030405060708ULL);
	e->ts_back =
		bpf_be64_to_cpu(bpf_cpu_to_be64(e->ts)) + bpf_ntohs(e->port) + bpf_ntohl(e->magic);
	e->kernel_version = LINUX_KERNEL_VERSION;
	__builtin_memcpy(e->dst, eth->h_dest, ETH_ALEN);
	BPF_SNPRINTF(e->msg, sizeof(e->msg), "len=%u proto=%x", len, proto);
	bpf_ringbuf_submit(e, 0);

	if (debug) {
		bpf_printk("xdp: debug on");
		bpf_printk("xdp: len %u", len);
		bpf_printk("xdp: %u %x %u %u", len, proto, CONFIG_HZ, bpf_ntohl(bpf_htonl(len)));
		bpf_printk("xdp: prog_active at %p", &bpf_prog_active);
	}
	if (debug > 1)
		bpf_tail_call_static(ctx, &jump, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
