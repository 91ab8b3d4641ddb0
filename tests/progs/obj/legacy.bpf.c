// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Fixture of the object loader's open phase (tests/unit/test_obj.c): maps in
 * the legacy "maps" section (struct bpf_map_def, dropped by libbpf 1.0; old
 * objects still use it), and no BTF-defined maps.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def SEC("maps") legacy_hash = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = 4,
	.value_size = 8,
	.max_entries = 16,
};

struct bpf_map_def SEC("maps") legacy_array = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = 4,
	.value_size = 4,
	.max_entries = 2,
	.map_flags = BPF_F_RDONLY_PROG,
};

SEC("socket")
int sock(struct __sk_buff *skb)
{
	__u32 k = skb->len;

	if (bpf_map_lookup_elem(&legacy_hash, &k))
		return 1;
	return bpf_map_lookup_elem(&legacy_array, &k) ? 2 : 0;
}

char LICENSE[] SEC("license") = "GPL";
