// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/attach/netlink_msg.c on byte buffers: requests (family header,
 * attributes, nests, overflow), reply walking, acks with and without the
 * kernel's extended-ack text, attribute indexing; and netlink.c's talk()
 * over the fake socket of tests/fakes/fake_sys.c.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "attach/net.h"
#include "attach/netlink.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct nlattr *attr_at(const struct bbpf__nl_req *req, size_t off)
{
	return (const struct nlattr *)(bbpf__nl_req_bytes(req) + off);
}

static void test_req_layout(void **state)
{
	struct bbpf__nl_req req;
	struct ifinfomsg *ifi;
	size_t nest;

	(void)state;
	bbpf__nl_req_init(&req, RTM_SETLINK, 0);
	ifi = bbpf__nl_req_hdr(&req, sizeof(*ifi));
	assert_non_null(ifi);
	ifi->ifi_index = 7;
	nest = bbpf__nl_nest_start(&req, IFLA_XDP);
	bbpf__nl_attr_put_u32(&req, IFLA_XDP_FD, (__u32)-1);
	bbpf__nl_attr_put_u32(&req, IFLA_XDP_FLAGS, 2);
	bbpf__nl_nest_end(&req, nest);
	bbpf__nl_attr_put_str(&req, IFLA_IFNAME, "veth0"); /* 6 bytes, padded to 8 */
	assert_int_equal(req.err, 0);

	assert_int_equal(req.hdr.nlmsg_type, RTM_SETLINK);
	assert_int_equal(req.hdr.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(nest, 16 + 16);
	assert_int_equal(attr_at(&req, 32)->nla_type, IFLA_XDP | NLA_F_NESTED);
	assert_int_equal(attr_at(&req, 32)->nla_len, 4 + 8 + 8);
	assert_int_equal(attr_at(&req, 36)->nla_type, IFLA_XDP_FD);
	assert_int_equal(attr_at(&req, 36)->nla_len, 8);
	assert_int_equal(*(const __s32 *)(bbpf__nl_req_bytes(&req) + 40), -1);
	assert_int_equal(attr_at(&req, 44)->nla_type, IFLA_XDP_FLAGS);
	assert_int_equal(attr_at(&req, 52)->nla_type, IFLA_IFNAME);
	assert_int_equal(attr_at(&req, 52)->nla_len, 4 + 6);
	assert_string_equal(bbpf__nl_req_bytes(&req) + 56, "veth0");
	assert_int_equal(req.hdr.nlmsg_len, 52 + 12);
	assert_int_equal(bbpf__nl_req_bytes(&req)[62], 0); /* padding is zero */
}

static void test_req_overflow(void **state)
{
	static char big[BBPF__NL_REQ_MAX];
	struct bbpf__nl_req req;
	size_t nest;
	__u32 len;

	(void)state;
	bbpf__nl_req_init(&req, RTM_NEWLINK, 0);
	nest = bbpf__nl_nest_start(&req, 1);
	bbpf__nl_attr_put(&req, 2, big, 100);
	len = req.hdr.nlmsg_len;
	bbpf__nl_attr_put(&req, 3, big, sizeof(big)); /* cannot fit */
	assert_int_equal(req.err, -E2BIG);
	assert_int_equal(req.hdr.nlmsg_len, len); /* nothing half written */
	bbpf__nl_attr_put_u32(&req, 4, 1);	  /* sticky: later puts do nothing */
	assert_int_equal(req.hdr.nlmsg_len, len);
	bbpf__nl_nest_end(&req, nest);
	assert_null(bbpf__nl_req_hdr(&req, 4));

	bbpf__nl_req_init(&req, RTM_NEWLINK, 0);
	bbpf__nl_attr_put(&req, 2, big, 0x10000); /* longer than nla_len can say */
	assert_int_equal(req.err, -E2BIG);
}

/* Appends a message of @type/@flags/@seq with @payload to @buf at *@off. */
static void put_msg(char *buf, size_t *off, __u16 type, __u16 flags, __u32 seq, const void *payload,
		    size_t len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(buf + *off);

	memset(h, 0, NLMSG_SPACE(len));
	h->nlmsg_len = NLMSG_LENGTH(len);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	memcpy(NLMSG_DATA(h), payload, len);
	*off += NLMSG_SPACE(len);
}

static void test_msg_next(void **state)
{
	char buf[256] __attribute__((aligned(4)));
	const struct nlmsghdr *m;
	const void *p = buf;
	size_t off = 0, left;
	int v = 5;

	(void)state;
	put_msg(buf, &off, RTM_NEWLINK, 0, 1, "abc", 3); /* 19 bytes, padded to 20 */
	put_msg(buf, &off, NLMSG_DONE, 0, 1, &v, sizeof(v));
	left = off;
	assert_int_equal(bbpf__nl_msg_next(&p, &left, &m), 1);
	assert_int_equal(m->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(left, off - 20);
	assert_int_equal(bbpf__nl_msg_next(&p, &left, &m), 1);
	assert_int_equal(m->nlmsg_type, NLMSG_DONE);
	assert_int_equal(bbpf__nl_msg_next(&p, &left, &m), 0);

	/* A length past the datagram, shorter than a header, or a partial header. */
	p = buf;
	left = 19 + 4;
	((struct nlmsghdr *)buf)->nlmsg_len = 200;
	assert_int_equal(bbpf__nl_msg_next(&p, &left, &m), -EINVAL);
	((struct nlmsghdr *)buf)->nlmsg_len = 8;
	assert_int_equal(bbpf__nl_msg_next(&p, &left, &m), -EINVAL);
	left = 10;
	assert_int_equal(bbpf__nl_msg_next(&p, &left, &m), -EINVAL);
}

/* Builds an NLMSG_ERROR for @error answering a 24-byte request, with @msg as extended-ack text. */
static size_t make_ack(char *buf, int error, const char *text, int capped)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	struct nlattr *a;

	memset(buf, 0, 512);
	h->nlmsg_type = NLMSG_ERROR;
	e->error = error;
	e->msg.nlmsg_len = 24; /* the request: header + 8 bytes of payload */
	e->msg.nlmsg_type = RTM_SETLINK;
	if (!capped)
		off += 8; /* the request's payload echoed */
	else
		h->nlmsg_flags |= NLM_F_CAPPED;
	if (text) {
		h->nlmsg_flags |= NLM_F_ACK_TLVS;
		a = (struct nlattr *)(buf + off);
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = (__u16)(NLA_HDRLEN + strlen(text) + 1);
		strcpy((char *)a + NLA_HDRLEN, text);
		off += NLA_ALIGN(a->nla_len);
	}
	h->nlmsg_len = (__u32)off;
	return off;
}

static void test_ack_parse(void **state)
{
	char buf[512] __attribute__((aligned(4))), text[BBPF__NL_TEXT_MAX], small[8];
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;

	(void)state;
	make_ack(buf, 0, NULL, 1);
	assert_int_equal(bbpf__nl_ack_parse(h, text, sizeof(text)), 0);
	assert_string_equal(text, "");

	make_ack(buf, -EPERM, NULL, 0);
	assert_int_equal(bbpf__nl_ack_parse(h, text, sizeof(text)), -EPERM);
	assert_string_equal(text, "");

	make_ack(buf, -EBUSY, "XDP program already attached.", 0);
	assert_int_equal(bbpf__nl_ack_parse(h, text, sizeof(text)), -EBUSY);
	assert_string_equal(text, "XDP program already attached.");

	make_ack(buf, -EOPNOTSUPP, "Driver does not support XDP in native mode\n", 1);
	assert_int_equal(bbpf__nl_ack_parse(h, text, sizeof(text)), -EOPNOTSUPP);
	assert_string_equal(text, "Driver does not support XDP in native mode");

	make_ack(buf, -EINVAL, "a long explanation", 1);
	assert_int_equal(bbpf__nl_ack_parse(h, small, sizeof(small)), -EINVAL);
	assert_string_equal(small, "a long"); /* cut to 7 bytes, trailing space trimmed */
	assert_int_equal(bbpf__nl_ack_parse(h, NULL, 0), -EINVAL);

	/* Truncated: shorter than struct nlmsgerr; a positive error is not the kernel's. */
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_HDRLEN + 4;
	assert_int_equal(bbpf__nl_ack_parse(h, text, sizeof(text)), -EINVAL);
	make_ack(buf, 3, NULL, 1);
	assert_int_equal(bbpf__nl_ack_parse(h, text, sizeof(text)), -EINVAL);

	/* A text attribute whose length runs past the message is ignored. */
	make_ack(buf, -ENODEV, "gone", 1);
	((struct nlattr *)(buf + NLMSG_HDRLEN + sizeof(struct nlmsgerr)))->nla_len = 200;
	assert_int_equal(bbpf__nl_ack_parse(h, text, sizeof(text)), -ENODEV);
	assert_string_equal(text, "");
}

static void test_attrs_parse(void **state)
{
	struct bbpf__nl_req req;
	const struct nlattr *tb[IFLA_XDP_MAX + 1];
	const void *attrs;
	const struct ifinfomsg *ifi;
	size_t len;
	__u32 v;

	(void)state;
	bbpf__nl_req_init(&req, RTM_NEWLINK, 0);
	bbpf__nl_req_hdr(&req, sizeof(struct ifinfomsg));
	bbpf__nl_attr_put_u32(&req, IFLA_XDP_ATTACHED, 1);
	bbpf__nl_attr_put_u32(&req, IFLA_XDP_PROG_ID, 10);
	bbpf__nl_attr_put_u32(&req, IFLA_XDP_PROG_ID, 11); /* the last one wins */
	bbpf__nl_attr_put_u32(&req, 200, 1);		   /* above max: ignored */
	bbpf__nl_attr_put(&req, IFLA_XDP_FLAGS, "ab", 2);  /* too short for a u32 */
	ifi = bbpf__nl_msg_attrs(&req.hdr, sizeof(*ifi), &attrs, &len);
	assert_non_null(ifi);
	assert_int_equal(bbpf__nl_attrs_parse(attrs, len, tb, IFLA_XDP_MAX), 0);
	assert_non_null(tb[IFLA_XDP_ATTACHED]);
	assert_null(tb[IFLA_XDP_FD]);
	assert_int_equal(bbpf__nl_attr_u32(tb[IFLA_XDP_PROG_ID], &v), 0);
	assert_int_equal(v, 11);
	assert_int_equal(bbpf__nl_attr_u32(tb[IFLA_XDP_FLAGS], &v), -EINVAL);
	assert_int_equal(bbpf__nl_attr_u32(tb[IFLA_XDP_FD], &v), -EINVAL);

	/* Malformed: nla_len past the end, shorter than its header, trailing bytes. */
	((struct nlattr *)attrs)->nla_len = (__u16)(len + 4);
	assert_int_equal(bbpf__nl_attrs_parse(attrs, len, tb, IFLA_XDP_MAX), -EINVAL);
	((struct nlattr *)attrs)->nla_len = 2;
	assert_int_equal(bbpf__nl_attrs_parse(attrs, len, tb, IFLA_XDP_MAX), -EINVAL);
	((struct nlattr *)attrs)->nla_len = 8;
	assert_int_equal(bbpf__nl_attrs_parse(attrs, 8 + 3, tb, IFLA_XDP_MAX), -EINVAL);
	/* A message shorter than its family header. */
	assert_null(bbpf__nl_msg_attrs(&req.hdr, req.hdr.nlmsg_len, &attrs, &len));
}

static int count_cb(const struct nlmsghdr *m, void *ctx)
{
	(void)m;
	return ++*(int *)ctx;
}

static int stop_cb(const struct nlmsghdr *m, void *ctx)
{
	(void)m, (void)ctx;
	return -ECANCELED;
}

/* A dump: two answers and a message of another request in one datagram, then DONE. */
static void test_talk_dump(void **state)
{
	static char d1[256] __attribute__((aligned(4))), d2[64] __attribute__((aligned(4)));
	struct bbpf__nl_req req;
	char text[BBPF__NL_TEXT_MAX];
	size_t n1 = 0, n2 = 0;
	int calls = 0, zero = 0;

	(void)state;
	put_msg(d1, &n1, RTM_NEWLINK, NLM_F_MULTI, 0, "a", 1);
	put_msg(d1, &n1, RTM_NEWLINK, NLM_F_MULTI, 12345, "x", 1); /* not ours */
	put_msg(d1, &n1, RTM_NEWLINK, NLM_F_MULTI, 0, "b", 1);
	put_msg(d2, &n2, NLMSG_DONE, NLM_F_MULTI, 0, &zero, sizeof(zero));
	bbpf__nl_req_init(&req, RTM_GETLINK, NLM_F_DUMP);
	expect_value(bbpf_sys_netlink_send, fd, 9);
	will_return(bbpf_sys_netlink_send, 0);
	expect_value_count(bbpf_sys_netlink_recv, fd, 9, 2);
	will_return(bbpf_sys_netlink_recv, 0);
	will_return(bbpf_sys_netlink_recv, d1);
	will_return(bbpf_sys_netlink_recv, n1);
	will_return(bbpf_sys_netlink_recv, 0);
	will_return(bbpf_sys_netlink_recv, d2);
	will_return(bbpf_sys_netlink_recv, n2);
	assert_int_equal(bbpf__nl_talk(9, &req, count_cb, &calls, text), 0);
	assert_int_equal(calls, 2);
	assert_int_not_equal(req.hdr.nlmsg_seq, 0);
}

/* A refusal with the kernel's words; a callback that stops the talk; a cut reply. */
static void test_talk_errors(void **state)
{
	static char ack[512] __attribute__((aligned(4))), data[64] __attribute__((aligned(4)));
	struct bbpf__nl_req req;
	char text[BBPF__NL_TEXT_MAX];
	size_t n = make_ack(ack, -EBUSY, "XDP program already attached", 1), nd = 0;

	(void)state;
	bbpf__nl_req_init(&req, RTM_SETLINK, 0);
	expect_value(bbpf_sys_netlink_send, fd, 4);
	will_return(bbpf_sys_netlink_send, 0);
	expect_value(bbpf_sys_netlink_recv, fd, 4);
	will_return(bbpf_sys_netlink_recv, 0);
	will_return(bbpf_sys_netlink_recv, ack);
	will_return(bbpf_sys_netlink_recv, n);
	assert_int_equal(bbpf__nl_talk(4, &req, NULL, NULL, text), -EBUSY);
	assert_string_equal(text, "XDP program already attached");

	put_msg(data, &nd, RTM_NEWQDISC, 0, 0, "q", 1);
	bbpf__nl_req_init(&req, RTM_GETQDISC, 0);
	expect_value(bbpf_sys_netlink_send, fd, 4);
	will_return(bbpf_sys_netlink_send, 0);
	expect_value(bbpf_sys_netlink_recv, fd, 4);
	will_return(bbpf_sys_netlink_recv, 0);
	will_return(bbpf_sys_netlink_recv, data);
	will_return(bbpf_sys_netlink_recv, nd);
	assert_int_equal(bbpf__nl_talk(4, &req, stop_cb, NULL, NULL), -ECANCELED);

	bbpf__nl_req_init(&req, RTM_GETQDISC, 0);
	expect_value(bbpf_sys_netlink_send, fd, 4);
	will_return(bbpf_sys_netlink_send, 0);
	expect_value(bbpf_sys_netlink_recv, fd, 4);
	will_return(bbpf_sys_netlink_recv, -EMSGSIZE);
	assert_int_equal(bbpf__nl_talk(4, &req, NULL, NULL, text), -EMSGSIZE);

	/* A request that overflowed is never sent. */
	req.err = -E2BIG;
	assert_int_equal(bbpf__nl_talk(4, &req, NULL, NULL, text), -E2BIG);
}

/* xdp.c's reading of RTM_NEWLINK: which program is in which mode. */
static void test_xdp_state_parse(void **state)
{
	struct bbpf__xdp_state st;
	struct bbpf__nl_req req;
	size_t nest;
	__u8 attached = XDP_ATTACHED_MULTI;

	(void)state;
	bbpf__nl_req_init(&req, RTM_NEWLINK, 0);
	bbpf__nl_req_hdr(&req, sizeof(struct ifinfomsg));
	bbpf__nl_attr_put_str(&req, IFLA_IFNAME, "veth0");
	nest = bbpf__nl_nest_start(&req, IFLA_XDP);
	bbpf__nl_attr_put(&req, IFLA_XDP_ATTACHED, &attached, 1);
	bbpf__nl_attr_put_u32(&req, IFLA_XDP_DRV_PROG_ID, 5);
	bbpf__nl_attr_put_u32(&req, IFLA_XDP_SKB_PROG_ID, 7);
	bbpf__nl_nest_end(&req, nest);
	assert_int_equal(bbpf__xdp_state_parse(&req.hdr, &st), 0);
	assert_int_equal(st.drv_id, 5);
	assert_int_equal(st.skb_id, 7);
	assert_int_equal(st.hw_id, 0);

	/* A nest whose inner length runs past it; another message type; no IFLA_XDP. */
	((struct nlattr *)(bbpf__nl_req_bytes(&req) + nest + 4))->nla_len = 200;
	assert_int_equal(bbpf__xdp_state_parse(&req.hdr, &st), -EINVAL);
	req.hdr.nlmsg_type = RTM_NEWADDR;
	assert_int_equal(bbpf__xdp_state_parse(&req.hdr, &st), -EINVAL);
	bbpf__nl_req_init(&req, RTM_NEWLINK, 0);
	bbpf__nl_req_hdr(&req, sizeof(struct ifinfomsg));
	assert_int_equal(bbpf__xdp_state_parse(&req.hdr, &st), 0);
	assert_int_equal(st.drv_id + st.skb_id + st.hw_id, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_req_layout),  cmocka_unit_test(test_req_overflow),
		cmocka_unit_test(test_msg_next),    cmocka_unit_test(test_ack_parse),
		cmocka_unit_test(test_attrs_parse), cmocka_unit_test(test_talk_dump),
		cmocka_unit_test(test_talk_errors), cmocka_unit_test(test_xdp_state_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
