// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Fixture of the object loader's open phase (tests/unit/test_obj.c): every
 * map definition form and every kind of global data.
 *
 *   by_type    key/value given as types
 *   by_size    key_size/value_size, map_flags, numa_node, pinning
 *   bloom      map_extra as __uint
 *   wide       map_extra as __ulong (64 bits)
 *   outer      array of maps: inner map template, initial slots 0 and 2
 *   jumps      program array with initial slot 1 -> tail_one
 *   .data .rodata .bss .data.custom .rodata.custom .rodata.str1.1 and a
 *   section name longer than the kernel's 15 characters
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct key_t {
	__u32 a;
	__u16 b;
};

struct val_t {
	__u64 x[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct key_t);
	__type(value, struct val_t);
} by_type SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(key_size, 4);
	__uint(value_size, 16);
	__uint(max_entries, 128);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(numa_node, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} by_size SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(value_size, 8);
	__uint(max_entries, 64);
	__uint(map_extra, 3);
} bloom SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
	__ulong(map_extra, 0x123400000005ULL);
} wide SEC(".maps");

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [2] = &inner_b },
};

int tail_one(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__uint(key_size, sizeof(__u32));
	__array(values, int(struct xdp_md *));
} jumps SEC(".maps") = {
	.values = { [1] = (void *)&tail_one },
};

int zeroed;					      /* .bss */
__u64 counter = 1;				      /* .data */
const volatile __u32 answer = 42;		      /* .rodata */
int custom SEC(".data.custom") = 5;		      /* .data.custom */
const volatile int knob SEC(".rodata.custom") = 9;    /* .rodata.custom */
int long_named SEC(".data.a_very_long_section_name") = 1;
static int hidden_state;			      /* .bss, static */

SEC("xdp")
int tail_one(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int entry(struct xdp_md *ctx)
{
	struct key_t k = { .a = answer };
	char buf[4] = "abc";
	__u32 i = 0;

	if (bpf_map_lookup_elem(&by_type, &k) || bpf_map_lookup_elem(&by_size, &i) ||
	    bpf_map_lookup_elem(&outer, &i) || bpf_map_lookup_elem(&wide, &i))
		zeroed++;
	if (!bpf_strncmp(buf, sizeof(buf), "abd"))
		hidden_state++;
	counter += custom + knob + long_named + hidden_state;
	bpf_tail_call(ctx, &jumps, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
