// SPDX-License-Identifier: BSD-2-Clause
/*
 * Netlink messages as bytes (pure: no socket here; see netlink.h for the
 * layout). Requests are built into a fixed buffer and fail softly: a part
 * that does not fit sets req->err and is dropped, so a caller builds the
 * whole request and checks once. Replies are walked with every length
 * checked against the bytes actually received.
 */
#include <errno.h>
#include <string.h>
#include <linux/netlink.h>

#include "attach/netlink.h"

void bbpf__nl_req_init(struct bbpf__nl_req *req, __u16 type, __u16 flags)
{
	memset(req, 0, sizeof(*req));
	req->hdr.nlmsg_len = NLMSG_HDRLEN;
	req->hdr.nlmsg_type = type;
	req->hdr.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
}

/* Reserves @len bytes (zeroed, padded to 4) at the end; NULL and req->err when full. */
static char *req_grow(struct bbpf__nl_req *req, size_t len)
{
	size_t off = NLMSG_ALIGN(req->hdr.nlmsg_len) - NLMSG_HDRLEN; /* into req->data */
	char *p;

	if (req->err || off > sizeof(req->data) || len > sizeof(req->data) - off ||
	    NLMSG_ALIGN(len) > sizeof(req->data) - off) {
		req->err = -E2BIG;
		return NULL;
	}
	p = req->data + off;
	memset(p, 0, NLMSG_ALIGN(len));
	req->hdr.nlmsg_len = (__u32)(NLMSG_HDRLEN + off + NLMSG_ALIGN(len));
	return p;
}

void *bbpf__nl_req_hdr(struct bbpf__nl_req *req, size_t len)
{
	return req_grow(req, len);
}

void bbpf__nl_attr_put(struct bbpf__nl_req *req, __u16 type, const void *data, size_t len)
{
	struct nlattr hdr = { .nla_len = (__u16)(NLA_HDRLEN + len), .nla_type = type };
	char *a;

	if (len > 0xffff - NLA_HDRLEN) {
		req->err = -E2BIG;
		return;
	}
	a = req_grow(req, NLA_HDRLEN + len);
	if (!a)
		return;
	memcpy(a, &hdr, sizeof(hdr));
	if (len)
		memcpy(a + NLA_HDRLEN, data, len);
}

void bbpf__nl_attr_put_u32(struct bbpf__nl_req *req, __u16 type, __u32 value)
{
	bbpf__nl_attr_put(req, type, &value, sizeof(value));
}

void bbpf__nl_attr_put_str(struct bbpf__nl_req *req, __u16 type, const char *s)
{
	bbpf__nl_attr_put(req, type, s, strlen(s) + 1);
}

size_t bbpf__nl_nest_start(struct bbpf__nl_req *req, __u16 type)
{
	struct nlattr hdr = { .nla_len = NLA_HDRLEN, .nla_type = type | NLA_F_NESTED };
	char *a = req_grow(req, NLA_HDRLEN);

	if (!a)
		return 0;
	memcpy(a, &hdr, sizeof(hdr));
	return (size_t)(a - req->data) + NLMSG_HDRLEN;
}

void bbpf__nl_nest_end(struct bbpf__nl_req *req, size_t nest)
{
	struct nlattr *a;
	size_t len;

	if (req->err || !nest)
		return;
	a = (struct nlattr *)(req->data + nest - NLMSG_HDRLEN);
	len = req->hdr.nlmsg_len - nest;
	if (len > 0xffff) {
		req->err = -E2BIG;
		return;
	}
	a->nla_len = (__u16)len;
}

int bbpf__nl_msg_next(const void **p, size_t *left, const struct nlmsghdr **msg)
{
	const struct nlmsghdr *m = *p;
	size_t step;

	if (*left == 0)
		return 0;
	if (*left < NLMSG_HDRLEN || m->nlmsg_len < NLMSG_HDRLEN || m->nlmsg_len > *left)
		return -EINVAL;
	step = NLMSG_ALIGN(m->nlmsg_len);
	if (step > *left) /* the last message may be unpadded */
		step = *left;
	*msg = m;
	*p = (const char *)*p + step;
	*left -= step;
	return 1;
}

const void *bbpf__nl_msg_attrs(const struct nlmsghdr *msg, size_t hdr_len, const void **attrs,
			       size_t *len)
{
	size_t payload = msg->nlmsg_len - NLMSG_HDRLEN;

	if (payload < hdr_len)
		return NULL;
	*attrs = (const char *)NLMSG_DATA(msg) + NLMSG_ALIGN(hdr_len);
	*len = payload > NLMSG_ALIGN(hdr_len) ? payload - NLMSG_ALIGN(hdr_len) : 0;
	return NLMSG_DATA(msg);
}

int bbpf__nl_attrs_parse(const void *data, size_t len, const struct nlattr **tb, unsigned int max)
{
	const char *p = data;
	unsigned int type;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t step = NLA_ALIGN(a->nla_len);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return -EINVAL;
		type = a->nla_type & NLA_TYPE_MASK;
		if (type <= max)
			tb[type] = a;
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return len ? -EINVAL : 0;
}

const void *bbpf__nl_attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

size_t bbpf__nl_attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

int bbpf__nl_attr_u32(const struct nlattr *a, __u32 *out)
{
	if (!a || bbpf__nl_attr_len(a) < sizeof(__u32))
		return -EINVAL;
	memcpy(out, bbpf__nl_attr_data(a), sizeof(*out));
	return 0;
}

/* Copies a string attribute into @text, which is always NUL-terminated. */
static void copy_text(const struct nlattr *a, char *text, size_t text_sz)
{
	size_t n = bbpf__nl_attr_len(a);

	if (n >= text_sz)
		n = text_sz - 1;
	memcpy(text, bbpf__nl_attr_data(a), n);
	text[n] = '\0';
	n = strnlen(text, n + 1);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' ')) /* some drivers end with "\n" */
		text[--n] = '\0';
}

/*
 * NLMSG_ERROR: struct nlmsgerr {int error; struct nlmsghdr msg}, then the
 * rest of the request we sent unless NLM_F_CAPPED, then, with
 * NLM_F_ACK_TLVS, attributes such as NLMSGERR_ATTR_MSG (the kernel's words).
 */
int bbpf__nl_ack_parse(const struct nlmsghdr *msg, char *text, size_t text_sz)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MSG + 1];
	const struct nlmsgerr *e;
	size_t payload, off;

	if (text && text_sz)
		text[0] = '\0';
	payload = msg->nlmsg_len - NLMSG_HDRLEN;
	if (payload < sizeof(*e))
		return -EINVAL;
	e = NLMSG_DATA(msg);
	if (e->error > 0) /* the kernel sends 0 or -errno */
		return -EINVAL;
	if (!(msg->nlmsg_flags & NLM_F_ACK_TLVS) || !text || !text_sz)
		return e->error;
	off = sizeof(*e);
	if (!(msg->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return e->error;
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	if (off >= payload)
		return e->error;
	if (!bbpf__nl_attrs_parse((const char *)e + off, payload - off, tb, NLMSGERR_ATTR_MSG) &&
	    tb[NLMSGERR_ATTR_MSG])
		copy_text(tb[NLMSGERR_ATTR_MSG], text, text_sz);
	return e->error;
}
