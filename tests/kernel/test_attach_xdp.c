// SPDX-License-Identifier: BSD-2-Clause
/*
 * XDP on the real kernel, on a veth pair between two network namespaces the
 * test makes (tests/helpers/netns.h): UDP datagrams sent from the peer are
 * counted by xdp_count, or dropped by xdp_drop (the receiving socket then
 * gets nothing), through an XDP link and, forced with the feature switch,
 * through netlink; modes, replace semantics, refusals. After each test rtnetlink
 * shows no program on the device and the kernel holds nothing more than
 * before (program, map and link ids, fds). Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include "attach/net.h"
#include "attach/netlink.h"
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"
#include "../helpers/netns.h"
#include "../helpers/netprog.h"

#define PORT 7001

#define ns netns_test

static struct bbpf__xdp_state xdp_state(void)
{
	struct bbpf__xdp_state st;
	int fd = bbpf__nl_open();

	assert_true(fd >= 0);
	assert_int_equal(bbpf__xdp_query(fd, ns.ifindex, &st), 0);
	close(fd);
	return st;
}

static void assert_no_xdp(void)
{
	struct bbpf__xdp_state st = xdp_state();

	assert_int_equal(st.drv_id + st.skb_id + st.hw_id, 0);
}

static int prog_id(const struct bbpf_obj *obj, const char *name)
{
	return bbpf__prog_id(bbpf_prog_fd(netprog_prog(obj, name)));
}

static int teardown(void **state)
{
	struct netfix *f = *state;

	bbpf_obj_close(f->obj);
	bbpf_obj_close(f->obj2);
	f->obj = f->obj2 = NULL;
	if (!netns_test_err)
		assert_no_xdp();
	return netfix_teardown(state);
}

static struct bbpf_attach_opts on_veth0(__u32 flags)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "veth0", .xdp_flags = flags };

	return o;
}

/* xdp_count on veth0 sees exactly the datagrams sent, which still arrive; then no more. */
static void count_on(struct netfix *f, __u32 flags, enum bbpf_link_how how, const char *target)
{
	struct bbpf_attach_opts o = on_veth0(flags);
	struct bbpf_link *link = NULL;
	int rx = netns_udp_rx(PORT);

	assert_true(rx >= 0);
	f->obj = netprog_load("xdp_count", PORT);
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "xdp_count"), &o, &link), 0);
	assert_int_equal(bbpf_link_how(link), how);
	assert_string_equal(bbpf_link_hook(link), "xdp");
	assert_string_equal(bbpf_link_target(link), target);
	assert_int_equal(netns_udp_send(&ns, PORT, 5), 0);
	assert_int_equal(netns_udp_drain(rx), 5);
	assert_int_equal(netprog_hits(f->obj, H_XDP), 5);
	assert_int_equal(bbpf_link_destroy(link), 0);
	assert_no_xdp();
	assert_int_equal(netns_udp_send(&ns, PORT, 3), 0);
	assert_int_equal(netns_udp_drain(rx), 3);
	assert_int_equal(netprog_hits(f->obj, H_XDP), 5);
	close(rx);
}

static void test_xdp_link(void **state)
{
	NETNS_NEED();
	if (bbpf_feature_probe(BBPF_FEAT_XDP_LINK) != 1)
		skip();
	count_on(*state, 0, BBPF_LINK_BPF, "veth0");
}

static void test_xdp_link_skb(void **state)
{
	NETNS_NEED();
	if (bbpf_feature_probe(BBPF_FEAT_XDP_LINK) != 1)
		skip();
	count_on(*state, XDP_FLAGS_SKB_MODE, BBPF_LINK_BPF, "veth0 (skb mode)");
}

static void test_xdp_netlink(void **state)
{
	NETNS_NEED();
	bbpf_feature_force_off(BBPF_FEAT_XDP_LINK, true);
	count_on(*state, 0, BBPF_LINK_NETLINK, "veth0");
}

static void test_xdp_netlink_skb(void **state)
{
	NETNS_NEED();
	bbpf_feature_force_off(BBPF_FEAT_XDP_LINK, true);
	count_on(*state, XDP_FLAGS_SKB_MODE, BBPF_LINK_NETLINK, "veth0 (skb mode)");
}

/* Drops: the socket gets nothing while xdp_drop is attached, everything after. */
static void drop_via(struct netfix *f, bool netlink)
{
	struct bbpf_attach_opts o = on_veth0(0);
	struct bbpf_link *link = NULL;
	int rx = netns_udp_rx(PORT);

	assert_true(rx >= 0);
	bbpf_feature_force_off(BBPF_FEAT_XDP_LINK, netlink);
	f->obj = netprog_load("xdp_drop", PORT);
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "xdp_drop"), &o, &link), 0);
	assert_int_equal(xdp_state().drv_id, prog_id(f->obj, "xdp_drop")); /* veth: native */
	assert_int_equal(netns_udp_send(&ns, PORT, 4), 0);
	assert_int_equal(netns_udp_drain(rx), 0);
	assert_int_equal(netprog_hits(f->obj, H_XDP_DROP), 4);
	assert_int_equal(bbpf_link_destroy(link), 0);
	assert_int_equal(netns_udp_send(&ns, PORT, 2), 0);
	assert_int_equal(netns_udp_drain(rx), 2);
	close(rx);
}

static void test_xdp_drop_link(void **state)
{
	NETNS_NEED();
	if (bbpf_feature_probe(BBPF_FEAT_XDP_LINK) != 1)
		skip();
	drop_via(*state, false);
}

static void test_xdp_drop_netlink(void **state)
{
	NETNS_NEED();
	drop_via(*state, true);
}

/*
 * Netlink: a second program is refused (-EBUSY) unless asked to replace; a
 * link over a netlink program is refused too; destroying a link whose
 * program was replaced leaves the newcomer alone.
 */
static void test_xdp_replace(void **state)
{
	struct netfix *f = *state;
	struct bbpf_attach_opts o = on_veth0(0);
	struct bbpf_link *a = NULL, *b = NULL;

	NETNS_NEED();
	f->obj = netprog_load("xdp_count", PORT);
	f->obj2 = netprog_load("xdp_drop", PORT);
	bbpf_feature_force_off(BBPF_FEAT_XDP_LINK, true);
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "xdp_count"), &o, &a), 0);
	ktest_capture_start();
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj2, "xdp_drop"), &o, &b), -EBUSY);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "prog 'xdp_drop'"));
	assert_non_null(strstr(ktest_msgs, "xdp_replace"));
	assert_null(b);
	if (bbpf_feature_probe(BBPF_FEAT_BPF_LINK) == 1) {
		bbpf_feature_force_off(BBPF_FEAT_XDP_LINK, false);
		if (bbpf_feature_probe(BBPF_FEAT_XDP_LINK) == 1)
			assert_int_equal(
				bbpf_prog_attach(netprog_prog(f->obj2, "xdp_drop"), &o, &b),
				-EBUSY);
	}
	o.xdp_replace = true;
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj2, "xdp_drop"), &o, &b), 0);
	assert_int_equal(bbpf_link_how(b), BBPF_LINK_NETLINK);
	assert_int_equal(xdp_state().drv_id, prog_id(f->obj2, "xdp_drop"));
	assert_int_equal(bbpf_link_destroy(a), 0); /* not ours any more: left alone */
	assert_int_equal(xdp_state().drv_id, prog_id(f->obj2, "xdp_drop"));
	assert_int_equal(bbpf_link_destroy(b), 0);
	assert_no_xdp();
}

/* Bad input: no such interface, mode flags, a mode the device lacks; nothing stays. */
static void test_xdp_bad(void **state)
{
	struct netfix *f = *state;
	struct bbpf_attach_opts o = on_veth0(0);
	const struct bbpf_prog *p;
	struct bbpf_link *link = NULL, *link2 = NULL;

	NETNS_NEED();
	f->obj = netprog_load("xdp_count", PORT);
	p = netprog_prog(f->obj, "xdp_count");
	ktest_capture_start();
	o.target = "nosuchif0";
	assert_int_equal(bbpf_prog_attach(p, &o, &link), -ENODEV);
	assert_non_null(strstr(ktest_msgs, "nosuchif0: no such network interface"));
	o.target = "";
	assert_int_equal(bbpf_prog_attach(p, &o, &link), -EINVAL);
	assert_non_null(strstr(ktest_msgs, "needs a network interface"));
	o.target = "veth0";
	o.xdp_flags = XDP_FLAGS_SKB_MODE | XDP_FLAGS_DRV_MODE;
	assert_int_equal(bbpf_prog_attach(p, &o, &link), -EINVAL);
	o.xdp_flags = XDP_FLAGS_HW_MODE; /* veth cannot offload */
	assert_true(bbpf_prog_attach(p, &o, &link) < 0);
	bbpf_feature_force_off(BBPF_FEAT_XDP_LINK, true);
	assert_true(bbpf_prog_attach(p, &o, &link) < 0);
	assert_null(link);
	assert_no_xdp();

	/* Native and generic at once: the kernel refuses and says why, in words. */
	o.xdp_flags = XDP_FLAGS_SKB_MODE;
	assert_int_equal(bbpf_prog_attach(p, &o, &link), 0);
	o.xdp_flags = XDP_FLAGS_DRV_MODE;
	assert_true(bbpf_prog_attach(p, &o, &link2) < 0);
	ktest_capture_stop();
	assert_non_null(
		strstr(ktest_msgs, "prog 'xdp_count': xdp veth0 (drv mode): the kernel says: "));
	assert_null(link2);
	assert_int_equal(xdp_state().skb_id, prog_id(f->obj, "xdp_count"));
	assert_int_equal(bbpf_link_destroy(link), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_xdp_link, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdp_link_skb, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdp_netlink, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdp_netlink_skb, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdp_drop_link, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdp_drop_netlink, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdp_replace, netfix_setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdp_bad, netfix_setup, teardown),
	};

	return cmocka_run_group_tests(tests, netns_group_setup, netns_group_teardown);
}
