// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * For tests/kernel/test_load.c: a program the verifier must refuse (it reads
 * past the end of a map value), so that the load fails with the verifier's
 * log, after its maps were created and one pinned by name: nothing may stay
 * behind, not even the pin.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} small SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bad_pinned SEC(".maps");

SEC("socket")
int must_fail(void *ctx)
{
	__u32 key = 0, *v = bpf_map_lookup_elem(&small, &key);

	if (!v || !bpf_map_lookup_elem(&bad_pinned, &key))
		return 0;
	return *(volatile __u64 *)(v + 8); /* out of bounds on purpose */
}

char LICENSE[] SEC("license") = "GPL";
