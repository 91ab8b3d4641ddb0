// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Open-coded loops and argument tags (include/bpf/bpf_helpers.h), run by
 * test_load with BPF_PROG_TEST_RUN. Libbpf 1.1 (Debian 12's) has none of
 * them, so `make test-headers` builds this one with our headers alone:
 * headers-test: ours-only
 *
 * No vmlinux.h: older kernels' vmlinux.h (make test-vmlinux-h) have no
 * struct bpf_iter_num, and Debian 12's UAPI headers neither; the kernel
 * matches the kfuncs' argument by this name and size.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_iter_num {
	__u64 __opaque[1];
} __attribute__((aligned(8)));

int sum, reps, each, tagged;

/* Global: verified alone. Without __arg_nonnull, *p would be refused (p may be NULL). */
__noinline int add_one(int *p __arg_nonnull)
{
	return *p + 1;
}

/* With __arg_ctx the verifier takes a void * as the context. */
__noinline int ctx_len(void *ctx __arg_ctx)
{
	struct xdp_md *x = ctx;

	return x->data_end - x->data;
}

SEC("xdp")
int loops(struct xdp_md *ctx)
{
	int i, v = 5, *p;

	/* Before 6.4 the kfuncs are missing: the loops are then dead code. */
	if (bpf_ksym_exists(bpf_iter_num_new)) {
		bpf_for(i, 0, 10)
			sum += i;
		bpf_repeat(7)
			reps++;
		bpf_for_each(num, p, 1, 4)
			each += *p;
	}
	tagged = add_one(&v) * 1000 + ctx_len(ctx);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
