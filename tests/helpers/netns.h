/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A private network for the network attach tests, built with our own
 * netlink layer (no `ip` binary needed, so it also runs in the qemu guests):
 * the test process moves into a new network namespace A and makes a second
 * one, B; a veth pair joins them:
 *
 *   A: veth0 10.77.0.1/24  <---->  B: veth1 10.77.0.2/24
 *
 * Packets sent from B to 10.77.0.1 arrive on veth0, where the programs
 * under test are attached. netns_teardown() returns to the original
 * namespace; closing A and B destroys them and the pair with them, so
 * nothing outlives the test, even a crashed one.
 */
#ifndef BBPF_TEST_NETNS_H
#define BBPF_TEST_NETNS_H

#include <stdint.h>

#define NETNS_ADDR_A 0x0a4d0001u /* 10.77.0.1, host order */
#define NETNS_ADDR_B 0x0a4d0002u

struct netns {
	int orig, a, b; /* namespace fds */
	int ifindex;	/* veth0 in A */
};

/*
 * netns_setup() builds the network above and leaves the process in A.
 * Returns 0, -EOPNOTSUPP when the kernel has no veth (a module we cannot
 * load in the guests), or -errno.
 */
int netns_setup(struct netns *ns);

/*
 * netns_setup_lo() moves the process into a new network namespace A with
 * only "lo", up (enough for traffic to 127.0.0.1). Returns 0 or -errno.
 */
int netns_setup_lo(struct netns *ns);

/* netns_teardown() goes back to the original namespace and drops A and B. */
void netns_teardown(struct netns *ns);

/* netns_udp_rx() binds a non-blocking UDP socket to 10.77.0.1:@port in A. Returns the fd or -errno. */
int netns_udp_rx(uint16_t port);

/* netns_udp_send() sends @count datagrams from B to 10.77.0.1:@port. Returns 0 or -errno. */
int netns_udp_send(const struct netns *ns, uint16_t port, int count);

/* netns_udp_drain() waits briefly and counts the datagrams waiting on @fd. */
int netns_udp_drain(int fd);

/*
 * For cmocka groups: netns_group_setup() makes the veth network in
 * `netns_test`, netns_group_setup_lo() only a private lo; the error, if any,
 * stays in `netns_test_err` for NETNS_NEED() to skip on, naming it.
 */
extern struct netns netns_test;
extern int netns_test_err;
int netns_group_setup(void **state);
int netns_group_setup_lo(void **state);
int netns_group_teardown(void **state);

#define NETNS_NEED()                                                        \
	do {                                                                \
		if (netns_test_err) {                                       \
			print_message("[ SKIP     ] no test network: %s\n", \
				      strerror(-netns_test_err));           \
			skip();                                             \
		}                                                           \
	} while (0)

#endif
