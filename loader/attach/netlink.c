// SPDX-License-Identifier: BSD-2-Clause
/*
 * One netlink request and its replies. The socket comes from loader/sys/;
 * what the bytes mean is netlink_msg.c's. Replies to other requests (an
 * earlier talk on the same socket that stopped early) are recognised by
 * their sequence number and skipped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/netlink.h>

#include <barebpf/sys.h>
#include "attach/netlink.h"

/* A dump reply datagram is at most a page or two; 32 KiB holds any the kernel sends us. */
#define RECV_BUF_SZ (32 * 1024)

int bbpf__nl_open(void)
{
	return bbpf_sys_netlink_open(NETLINK_ROUTE);
}

static __u32 next_seq(void)
{
	static __u32 seq;

	if (!seq)
		seq = (__u32)time(NULL);
	return __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED);
}

/* Handles one reply message. Returns 1 when the talk is over, 0 to go on, or -errno. */
static int on_msg(const struct nlmsghdr *m, __u32 seq, bbpf__nl_msg_cb cb, void *ctx, char *text)
{
	int err;

	if (m->nlmsg_seq != seq)
		return 0;
	switch (m->nlmsg_type) {
	case NLMSG_ERROR:
		err = bbpf__nl_ack_parse(m, text, text ? BBPF__NL_TEXT_MAX : 0);
		return err ? err : 1;
	case NLMSG_DONE: /* end of a dump; may carry the dump's error */
		if (m->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
			memcpy(&err, NLMSG_DATA(m), sizeof(err));
			if (err < 0)
				return err;
		}
		return 1;
	case NLMSG_NOOP:
		return 0;
	case NLMSG_OVERRUN:
		return -EIO;
	}
	if (!cb)
		return 0;
	err = cb(m, ctx);
	return err < 0 ? err : 0;
}

static int recv_replies(int fd, char *buf, __u32 seq, bbpf__nl_msg_cb cb, void *ctx, char *text)
{
	const struct nlmsghdr *m;
	const void *p;
	size_t left;
	int n, err;

	for (;;) {
		n = bbpf_sys_netlink_recv(fd, buf, RECV_BUF_SZ);
		if (n < 0)
			return n;
		if (n == 0)
			return -EIO;
		p = buf;
		left = (size_t)n;
		while ((err = bbpf__nl_msg_next(&p, &left, &m)) > 0) {
			err = on_msg(m, seq, cb, ctx, text);
			if (err)
				return err < 0 ? err : 0;
		}
		if (err < 0)
			return err;
	}
}

int bbpf__nl_talk(int fd, struct bbpf__nl_req *req, bbpf__nl_msg_cb cb, void *ctx, char *text)
{
	char *buf;
	int err;

	if (text)
		text[0] = '\0';
	if (req->err)
		return req->err;
	req->hdr.nlmsg_seq = next_seq();
	err = bbpf_sys_netlink_send(fd, bbpf__nl_req_bytes(req), req->hdr.nlmsg_len);
	if (err)
		return err;
	buf = malloc(RECV_BUF_SZ);
	if (!buf)
		return -ENOMEM;
	err = recv_replies(fd, buf, req->hdr.nlmsg_seq, cb, ctx, text);
	free(buf);
	return err;
}
