// SPDX-License-Identifier: BSD-2-Clause
/*
 * tc on the real kernel, on the veth pair of tests/helpers/netns.h: the
 * classifier (SEC("tc") and SEC("tcx/ingress")) counts the UDP datagrams
 * sent from the peer, through a tcx link and, forced with the feature
 * switch, through a clsact qdisc and a cls_bpf filter. The clsact qdisc is
 * removed on detach only when we made it and nobody's filter is left on it.
 * Afterwards the device has no filter and the kernel holds nothing more
 * than before. Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include "attach/netlink.h"
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"
#include "../helpers/netns.h"
#include "../helpers/netprog.h"

#define PORT 7002

#define ns netns_test

struct qd_find {
	int ifindex, found;
};

static int on_qdisc(const struct nlmsghdr *m, void *ctx)
{
	const struct nlattr *tb[TCA_MAX + 1];
	struct qd_find *q = ctx;
	const struct tcmsg *t;
	const void *attrs;
	size_t len;

	t = bbpf__nl_msg_attrs(m, sizeof(*t), &attrs, &len);
	if (!t || t->tcm_ifindex != q->ifindex || bbpf__nl_attrs_parse(attrs, len, tb, TCA_MAX))
		return 0;
	if (tb[TCA_KIND] && !strcmp(bbpf__nl_attr_data(tb[TCA_KIND]), "clsact"))
		q->found = 1;
	return 0;
}

static int qdisc_req(__u16 type, __u16 flags, struct qd_find *q)
{
	struct bbpf__nl_req req;
	struct tcmsg *t;
	int fd = bbpf__nl_open(), err;

	assert_true(fd >= 0);
	bbpf__nl_req_init(&req, type, flags);
	t = bbpf__nl_req_hdr(&req, sizeof(*t));
	t->tcm_ifindex = ns.ifindex;
	t->tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
	t->tcm_parent = TC_H_CLSACT;
	if (type != RTM_GETQDISC)
		bbpf__nl_attr_put_str(&req, TCA_KIND, "clsact");
	err = bbpf__nl_talk(fd, &req, q ? on_qdisc : NULL, q, NULL);
	close(fd);
	return err;
}

static bool has_clsact(void)
{
	struct qd_find q = { .ifindex = ns.ifindex };

	assert_int_equal(qdisc_req(RTM_GETQDISC, NLM_F_DUMP, &q), 0);
	return q.found;
}

static int teardown(void **state)
{
	struct netfix *f = *state;

	bbpf_obj_close(f->obj);
	f->obj = NULL;
	if (!netns_test_err)
		assert_false(has_clsact());
	return netfix_teardown(state);
}

/* @prog on veth0 ingress counts exactly the datagrams sent; after destroy no more. */
static void count_on(struct netfix *f, const char *prog, int hit, enum bbpf_link_how how)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "veth0" };
	struct bbpf_link *link = NULL;
	int rx = netns_udp_rx(PORT);

	assert_true(rx >= 0);
	f->obj = netprog_load(prog, PORT);
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, prog), &o, &link), 0);
	assert_int_equal(bbpf_link_how(link), how);
	assert_string_equal(bbpf_link_hook(link), "tc");
	assert_string_equal(bbpf_link_target(link), "veth0 ingress");
	assert_int_equal(has_clsact(), how == BBPF_LINK_NETLINK);
	assert_int_equal(netns_udp_send(&ns, PORT, 5), 0);
	assert_int_equal(netns_udp_drain(rx), 5);
	assert_int_equal(netprog_hits(f->obj, hit), 5);
	assert_int_equal(bbpf_link_destroy(link), 0);
	assert_false(has_clsact()); /* we made it, we removed it */
	assert_int_equal(netns_udp_send(&ns, PORT, 3), 0);
	assert_int_equal(netns_udp_drain(rx), 3);
	assert_int_equal(netprog_hits(f->obj, hit), 5);
	close(rx);
}

static void test_tcx(void **state)
{
	NETNS_NEED();
	if (bbpf_feature_probe(BBPF_FEAT_TCX) != 1)
		skip();
	count_on(*state, "tc_ingress", H_TC, BBPF_LINK_BPF);
	bbpf_obj_close(((struct netfix *)*state)->obj);
	count_on(*state, "tcx_ingress", H_TCX, BBPF_LINK_BPF);
}

static void test_clsact(void **state)
{
	NETNS_NEED();
	bbpf_feature_force_off(BBPF_FEAT_TCX, true);
	count_on(*state, "tc_ingress", H_TC, BBPF_LINK_NETLINK);
}

static void test_clsact_tcx_section(void **state)
{
	NETNS_NEED();
	bbpf_feature_force_off(BBPF_FEAT_TCX, true);
	count_on(*state, "tcx_ingress", H_TCX, BBPF_LINK_NETLINK);
}

/* A clsact qdisc that was there before stays after our filter goes. */
static void test_clsact_not_ours(void **state)
{
	struct netfix *f = *state;
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "veth0" };
	struct bbpf_link *link = NULL;

	NETNS_NEED();
	bbpf_feature_force_off(BBPF_FEAT_TCX, true);
	assert_int_equal(qdisc_req(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, NULL), 0);
	f->obj = netprog_load("tc_ingress", PORT);
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "tc_ingress"), &o, &link), 0);
	assert_int_equal(bbpf_link_destroy(link), 0);
	assert_true(has_clsact());
	assert_int_equal(qdisc_req(RTM_DELQDISC, 0, NULL), 0);
}

/* Two of our filters share the qdisc we made: it goes with the last of them. */
static void test_clsact_shared(void **state)
{
	struct netfix *f = *state;
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "veth0" };
	struct bbpf_link *in = NULL, *eg = NULL;
	const struct bbpf_prog *p;

	NETNS_NEED();
	bbpf_feature_force_off(BBPF_FEAT_TCX, true);
	f->obj = netprog_load("tc_ingress", PORT);
	p = netprog_prog(f->obj, "tc_ingress");
	assert_int_equal(bbpf_prog_attach(p, &o, &in), 0);
	o.tc_egress = true;
	assert_int_equal(bbpf_prog_attach(p, &o, &eg), 0);
	assert_string_equal(bbpf_link_target(eg), "veth0 egress");
	assert_int_equal(bbpf_link_destroy(in), 0);
	assert_true(has_clsact());
	assert_int_equal(bbpf_link_destroy(eg), 0);
	assert_false(has_clsact());
}

static void test_tc_bad(void **state)
{
	struct netfix *f = *state;
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "nosuchif0" };
	struct bbpf_link *link = NULL;
	const struct bbpf_prog *p;

	NETNS_NEED();
	f->obj = netprog_load("tc_ingress", PORT);
	p = netprog_prog(f->obj, "tc_ingress");
	ktest_capture_start();
	assert_int_equal(bbpf_prog_attach(p, &o, &link), -ENODEV);
	bbpf_feature_force_off(BBPF_FEAT_TCX, true);
	assert_int_equal(bbpf_prog_attach(p, &o, &link), -ENODEV);
	assert_int_equal(bbpf_prog_attach(p, NULL, &link), -EINVAL);
	bbpf_obj_close(f->obj);
	f->obj = netprog_load("tcx_ingress", PORT); /* "ingress" is a direction, not a device */
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "tcx_ingress"), NULL, &link),
			 -EINVAL);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "nosuchif0: no such network interface"));
	assert_non_null(strstr(ktest_msgs, "needs a network interface"));
	assert_null(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tcx, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_clsact, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_clsact_tcx_section, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_clsact_not_ours, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_clsact_shared, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_tc_bad, netfix_setup, teardown),
	};

	return cmocka_run_group_tests(tests, netns_group_setup, netns_group_teardown);
}
