/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rtnetlink for the attach kinds that predate bpf_link (XDP, tc) and for
 * qdiscs. Two halves:
 * - netlink_msg.c, pure: requests built into a fixed buffer (header, family
 *   header, attributes, nests), replies walked message by message, acks and
 *   their extended-ack text read, attributes indexed by type. Unit-tested on
 *   byte buffers.
 * - netlink.c: one request/reply conversation on a socket from loader/sys/.
 *
 * A request in memory, for RTM_SETLINK with a nested IFLA_XDP:
 *
 *   nlmsghdr (16)  ifinfomsg (16)  nlattr IFLA_XDP|NESTED (4)
 *                                     nlattr IFLA_XDP_FD (4) + s32 (4)
 *                                     nlattr IFLA_XDP_FLAGS (4) + u32 (4)
 *
 * Every part starts on a 4-byte boundary (NLMSG_ALIGN/NLA_ALIGN); a nest's
 * nla_len covers everything put between bbpf__nl_nest_start() and _end().
 */
#ifndef BBPF_LOADER_ATTACH_NETLINK_H
#define BBPF_LOADER_ATTACH_NETLINK_H

#include <stddef.h>
#include <linux/netlink.h>
#include <linux/types.h>

/* Our requests are small: a link or qdisc change with a few attributes. */
#define BBPF__NL_REQ_MAX 1024

struct bbpf__nl_req {
	struct nlmsghdr hdr;
	char data[BBPF__NL_REQ_MAX - NLMSG_HDRLEN]; /* what follows the header */
	int err;				    /* sticky: -E2BIG once something did not fit */
};

/* The request as bytes on the wire: hdr.nlmsg_len of them. */
static inline const char *bbpf__nl_req_bytes(const struct bbpf__nl_req *req)
{
	return (const char *)&req->hdr;
}

/* bbpf__nl_req_init() starts request @type (RTM_*) with NLM_F_REQUEST | NLM_F_ACK | @flags. */
void bbpf__nl_req_init(struct bbpf__nl_req *req, __u16 type, __u16 flags);

/*
 * bbpf__nl_req_hdr() appends @len zeroed bytes (the family header: ifinfomsg,
 * tcmsg, ...) and returns them for the caller to fill; NULL when full.
 */
void *bbpf__nl_req_hdr(struct bbpf__nl_req *req, size_t len);

/* bbpf__nl_attr_put*() append one attribute; a full buffer sets req->err. */
void bbpf__nl_attr_put(struct bbpf__nl_req *req, __u16 type, const void *data, size_t len);
void bbpf__nl_attr_put_u32(struct bbpf__nl_req *req, __u16 type, __u32 value);
void bbpf__nl_attr_put_str(struct bbpf__nl_req *req, __u16 type, const char *s);

/*
 * bbpf__nl_nest_start() opens nested attribute @type (NLA_F_NESTED is set)
 * and returns its offset for bbpf__nl_nest_end(), which closes it.
 */
size_t bbpf__nl_nest_start(struct bbpf__nl_req *req, __u16 type);
void bbpf__nl_nest_end(struct bbpf__nl_req *req, size_t nest);

/*
 * bbpf__nl_msg_next() takes the next message off a received datagram:
 * @p and @left are advanced past it. Returns 1 with *@msg set, 0 at the end,
 * -EINVAL when a length field points outside the datagram.
 */
int bbpf__nl_msg_next(const void **p, size_t *left, const struct nlmsghdr **msg);

/*
 * bbpf__nl_ack_parse() reads an NLMSG_ERROR message: 0 for an ack, -errno
 * for a refusal. When the kernel explained itself (extended ack), its words
 * are copied to @text (@text_sz bytes, NUL-terminated; "" when none).
 * Returns the error, or -EINVAL (with @text empty) for a truncated message.
 */
int bbpf__nl_ack_parse(const struct nlmsghdr *msg, char *text, size_t text_sz);

/*
 * bbpf__nl_msg_attrs() finds, in message @msg, the family header of @hdr_len
 * bytes and the attributes after it (*@attrs, *@len).
 * Returns the family header, or NULL when the message is shorter than it.
 */
const void *bbpf__nl_msg_attrs(const struct nlmsghdr *msg, size_t hdr_len, const void **attrs,
			       size_t *len);

/*
 * bbpf__nl_attrs_parse() indexes the attributes in @data/@len by type into
 * @tb[0..@max] (NULL where absent; types above @max are ignored; NLA_F_*
 * bits are masked off). Returns 0 or -EINVAL for a malformed attribute.
 */
int bbpf__nl_attrs_parse(const void *data, size_t len, const struct nlattr **tb, unsigned int max);

/* bbpf__nl_attr_data()/_len(): an attribute's payload and its length. */
const void *bbpf__nl_attr_data(const struct nlattr *a);
size_t bbpf__nl_attr_len(const struct nlattr *a);

/* bbpf__nl_attr_u32() reads a u32 attribute. Returns 0, or -EINVAL when absent or short. */
int bbpf__nl_attr_u32(const struct nlattr *a, __u32 *out);

/* ---- the conversation (netlink.c: uses loader/sys/) ---- */

/* What the kernel said besides the error number (extended ack text, "" when none). */
#define BBPF__NL_TEXT_MAX 256

/* Called for every reply message that is not an ack/done; a negative return stops the talk. */
typedef int (*bbpf__nl_msg_cb)(const struct nlmsghdr *msg, void *ctx);

/*
 * bbpf__nl_talk() sends @req on netlink socket @fd and reads the replies
 * until the ack (or NLMSG_DONE for a dump), calling @cb (may be NULL) for
 * each data message that answers this request. The kernel's explanation of
 * a refusal goes to @text (BBPF__NL_TEXT_MAX bytes; may be NULL).
 * Returns 0, the kernel's -errno, @cb's negative return, or -EINVAL for a
 * malformed reply. Logs nothing: the caller knows what was being done.
 */
int bbpf__nl_talk(int fd, struct bbpf__nl_req *req, bbpf__nl_msg_cb cb, void *ctx, char *text);

/* bbpf__nl_open() opens a NETLINK_ROUTE socket in the current network namespace. Returns the fd or -errno. */
int bbpf__nl_open(void);

#endif
