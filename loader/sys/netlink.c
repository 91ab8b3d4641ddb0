// SPDX-License-Identifier: BSD-2-Clause
/*
 * Netlink sockets: the kernel's rtnetlink is how XDP and tc programs were
 * attached before bpf_link, and how qdiscs are made. This file only opens,
 * sends and receives; messages are built and parsed by pure code
 * (loader/attach/netlink_msg.c), which is unit-tested on byte buffers.
 *
 * A netlink socket belongs to the network namespace it was opened in, for
 * its whole life: keep it to talk to that namespace later (a detach after
 * the process has moved elsewhere still reaches the right device).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <barebpf/sys.h>
#include "internal/err.h"
#include "internal/log.h"
#include "sys/internal.h"
#include "sys/trace.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* Asks for extended acks (the kernel's reason in words, 4.12+) and capped acks; both optional. */
static void set_ack_opts(int fd)
{
	int one = 1;

	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)))
		pr_debug("netlink: no extended acks on this kernel: %s\n",
			 bbpf_strerror(bbpf__neg_errno()));
	if (setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)))
		pr_debug("netlink: no capped acks on this kernel: %s\n",
			 bbpf_strerror(bbpf__neg_errno()));
}

int bbpf_sys_netlink_open(int protocol)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint64_t t0 = bbpf__sc_begin();
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
	fd = fd < 0 ? bbpf__neg_errno() : fd;
	bbpf__sc_socket(protocol, fd, t0);
	if (fd < 0)
		return fd;
	fd = bbpf__sys_good_fd(fd);
	if (fd < 0)
		return fd;
	set_ack_opts(fd);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = bbpf__neg_errno();
		close(fd);
		return err;
	}
	return fd;
}

int bbpf_sys_netlink_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK }; /* nl_pid 0: the kernel */
	uint64_t t0 = bbpf__sc_begin();
	ssize_t n;
	int err;

	do
		n = sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa));
	while (n < 0 && errno == EINTR);
	err = n < 0 ? bbpf__neg_errno() : n == (ssize_t)len ? 0 : -EIO;
	bbpf__sc_netlink("netlink send", fd, buf, len, err, t0);
	return err;
}

int bbpf_sys_netlink_recv(int fd, void *buf, size_t len)
{
	uint64_t t0 = bbpf__sc_begin();
	ssize_t n;

	/* MSG_TRUNC makes recv() return the datagram's real length: a cut reply is an error. */
	do
		n = recv(fd, buf, len, MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	n = n < 0 ? bbpf__neg_errno() : n;
	bbpf__sc_netlink("netlink recv", fd, buf, n > 0 && (size_t)n <= len ? (size_t)n : 0, n, t0);
	if (n < 0)
		return (int)n;
	if ((size_t)n > len) {
		pr_warn("netlink: a %zd-byte reply does not fit the %zu-byte buffer\n", n, len);
		return -EMSGSIZE;
	}
	return (int)n;
}
