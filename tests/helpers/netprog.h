/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/progs/attach_net.bpf.c for the network, cgroup and perf_event attach
 * tests: load it with one program, and read its counters.
 */
#ifndef BBPF_TEST_NETPROG_H
#define BBPF_TEST_NETPROG_H

#include <stdbool.h>
#include <stdint.h>

#include <barebpf/features.h>
#include <barebpf/obj.h>
#include "kstate.h"

#define NETPROG_OBJ "build/progs/attach_net.bpf.o"

/* Indexes of hits[] in attach_net.bpf.c. */
enum { H_XDP, H_XDP_DROP, H_TC, H_TCX, H_CG_EGRESS, H_CG_CONNECT4, H_SK_LOOKUP, H_PERF };

/* netprog_load() opens and loads only program @prog, counting UDP to @port and this process. */
struct bbpf_obj *netprog_load(const char *prog, uint16_t port);

/* netprog_prog() is program @name of @obj (asserts it exists). */
const struct bbpf_prog *netprog_prog(const struct bbpf_obj *obj, const char *name);

/* netprog_hits() reads hits[@i]. */
uint64_t netprog_hits(const struct bbpf_obj *obj, int i);

/*
 * The fixture of each attach test: up to two objects, the kernel's state
 * before the test, and which features were forced off (BAREBPF_NO) before
 * the test forced more. netfix_setup() is a cmocka setup; netfix_teardown()
 * closes the objects, restores the forced features and asserts the kernel
 * is back to where it was.
 */
struct netfix {
	struct bbpf_obj *obj, *obj2;
	struct kstate before;
	bool forced[BBPF_FEAT_CNT];
};

int netfix_setup(void **state);
int netfix_teardown(void **state);

#endif
