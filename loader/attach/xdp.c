// SPDX-License-Identifier: BSD-2-Clause
/*
 * XDP [sys]: a program on an interface's receive path. Two ways:
 *
 *   XDP link (5.9+):  BPF_LINK_CREATE(prog, ifindex, BPF_XDP, mode flags);
 *                     detach: close the link.
 *   netlink (older):  RTM_SETLINK { IFLA_XDP { IFLA_XDP_FD = prog,
 *                     IFLA_XDP_FLAGS = mode | UPDATE_IF_NOEXIST } };
 *                     detach: RTM_SETLINK with IFLA_XDP_FD = -1 in the mode
 *                     our program is in, only if it is still ours.
 *
 * Modes: skb (generic, any device), drv (the driver's native hook), hw
 * (offloaded to the NIC); no flag lets the kernel choose (drv where the
 * driver has it). An XDP link never replaces a program already attached;
 * the netlink way does when asked (opts->xdp_replace), else it refuses.
 * BAREBPF_NO=xdp_link (or bpf_link) takes the netlink way on any kernel.
 *
 * The netlink socket is kept in the link (aux_fd): it stays in the network
 * namespace the program was attached in, so the detach reaches the same
 * device even if the process has moved since.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <barebpf/features.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/log.h"
#include "internal/opts.h"
#include "attach/net.h"
#include "attach/netlink.h"

#define MODES (XDP_FLAGS_SKB_MODE | XDP_FLAGS_DRV_MODE | XDP_FLAGS_HW_MODE)

struct xdp_priv {
	int ifindex;
	__u32 prog_id;
};

static const char *mode_str(__u32 flags)
{
	switch (flags & MODES) {
	case XDP_FLAGS_SKB_MODE:
		return " (skb mode)";
	case XDP_FLAGS_DRV_MODE:
		return " (drv mode)";
	case XDP_FLAGS_HW_MODE:
		return " (hw mode)";
	}
	return "";
}

int bbpf__xdp_state_parse(const struct nlmsghdr *msg, struct bbpf__xdp_state *st)
{
	const struct nlattr *tb[IFLA_MAX + 1], *xtb[IFLA_XDP_MAX + 1];
	const void *attrs;
	size_t len;

	memset(st, 0, sizeof(*st));
	if (msg->nlmsg_type != RTM_NEWLINK ||
	    !bbpf__nl_msg_attrs(msg, sizeof(struct ifinfomsg), &attrs, &len) ||
	    bbpf__nl_attrs_parse(attrs, len, tb, IFLA_MAX))
		return -EINVAL;
	if (!tb[IFLA_XDP])
		return 0;
	if (bbpf__nl_attrs_parse(bbpf__nl_attr_data(tb[IFLA_XDP]), bbpf__nl_attr_len(tb[IFLA_XDP]),
				 xtb, IFLA_XDP_MAX))
		return -EINVAL;
	bbpf__nl_attr_u32(xtb[IFLA_XDP_DRV_PROG_ID], &st->drv_id);
	bbpf__nl_attr_u32(xtb[IFLA_XDP_SKB_PROG_ID], &st->skb_id);
	bbpf__nl_attr_u32(xtb[IFLA_XDP_HW_PROG_ID], &st->hw_id);
	return 0;
}

static int on_link_msg(const struct nlmsghdr *msg, void *ctx)
{
	return bbpf__xdp_state_parse(msg, ctx);
}

int bbpf__xdp_query(int nl_fd, int ifindex, struct bbpf__xdp_state *st)
{
	struct bbpf__nl_req req;
	struct ifinfomsg *ifi;

	memset(st, 0, sizeof(*st));
	bbpf__nl_req_init(&req, RTM_GETLINK, 0);
	ifi = bbpf__nl_req_hdr(&req, sizeof(*ifi));
	if (ifi) {
		ifi->ifi_family = AF_UNSPEC;
		ifi->ifi_index = ifindex;
	}
	return bbpf__nl_talk(nl_fd, &req, on_link_msg, st, NULL);
}

/* RTM_SETLINK { IFLA_XDP { FD, FLAGS } }: attach @prog_fd, or detach with -1. */
static int xdp_setlink(int nl_fd, int ifindex, int prog_fd, __u32 flags, char *text)
{
	struct bbpf__nl_req req;
	struct ifinfomsg *ifi;
	size_t nest;

	bbpf__nl_req_init(&req, RTM_SETLINK, 0);
	ifi = bbpf__nl_req_hdr(&req, sizeof(*ifi));
	if (ifi) {
		ifi->ifi_family = AF_UNSPEC;
		ifi->ifi_index = ifindex;
	}
	nest = bbpf__nl_nest_start(&req, IFLA_XDP);
	bbpf__nl_attr_put_u32(&req, IFLA_XDP_FD, (__u32)prog_fd);
	if (flags)
		bbpf__nl_attr_put_u32(&req, IFLA_XDP_FLAGS, flags);
	bbpf__nl_nest_end(&req, nest);
	return bbpf__nl_talk(nl_fd, &req, NULL, NULL, text);
}

/* Removes our program from the hook, in the mode it is in, if it is still there. */
static int netlink_detach(struct bbpf_link *link)
{
	const struct xdp_priv *p = link->priv;
	struct bbpf__xdp_state st;
	char text[BBPF__NL_TEXT_MAX];
	__u32 mode;
	int err;

	err = bbpf__xdp_query(link->aux_fd, p->ifindex, &st);
	if (err == -ENODEV)
		return 0; /* the interface is gone, and its programs with it */
	if (err)
		return err;
	if (st.drv_id == p->prog_id)
		mode = XDP_FLAGS_DRV_MODE;
	else if (st.skb_id == p->prog_id)
		mode = XDP_FLAGS_SKB_MODE;
	else if (st.hw_id == p->prog_id)
		mode = XDP_FLAGS_HW_MODE;
	else {
		pr_debug("xdp %s: our program (id %u) is no longer there: left as it is\n",
			 bbpf_link_target(link), p->prog_id);
		return 0;
	}
	err = xdp_setlink(link->aux_fd, p->ifindex, -1, mode, text);
	if (err && *text)
		pr_warn("xdp %s: detaching: %s\n", bbpf_link_target(link), text);
	return err;
}

static const struct bbpf__link_ops netlink_ops = { .detach = netlink_detach };

static int attach_netlink(struct bbpf_link *l, int prog_fd, int ifindex, __u32 flags, bool replace,
			  const char *prog_name)
{
	char text[BBPF__NL_TEXT_MAX];
	struct xdp_priv *p;
	int err, id;

	id = bbpf__prog_id(prog_fd);
	if (id < 0)
		return id;
	l->aux_fd = bbpf__nl_open();
	if (l->aux_fd < 0)
		return l->aux_fd;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->ifindex = ifindex;
	p->prog_id = (__u32)id;
	l->priv = p;
	err = xdp_setlink(l->aux_fd, ifindex, prog_fd,
			  flags | (replace ? 0 : XDP_FLAGS_UPDATE_IF_NOEXIST), text);
	if (err && *text)
		pr_warn("prog '%s': xdp %s: the kernel says: %s\n", prog_name, l->target, text);
	if (err == -EBUSY && !replace)
		pr_warn("prog '%s': xdp %s: another program is attached; ask to replace it "
			"(xdp_replace) or detach it first\n",
			prog_name, l->target);
	if (!err)
		l->ops = &netlink_ops;
	return err;
}

static int attach_link(struct bbpf_link *l, int prog_fd, int ifindex, __u32 flags)
{
	struct bbpf_sys_link_create_opts o = { .sz = sizeof(o), .flags = flags };
	int fd = bbpf_sys_link_create(prog_fd, ifindex, BPF_XDP, &o);

	if (fd < 0)
		return fd;
	l->fd = fd;
	return 0;
}

int bbpf__attach_xdp(const struct bbpf_prog *prog, const char *target,
		     const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	const char *name = bbpf_prog_name(prog);
	__u32 flags = OPTS_GET(opts, xdp_flags, 0);
	bool replace = OPTS_GET(opts, xdp_replace, false);
	char ifname[IF_NAMESIZE];
	struct bbpf_link *l = NULL;
	bool use_link;
	int ifindex, err;

	if (flags & ~MODES || __builtin_popcount(flags) > 1) {
		pr_warn("prog '%s': xdp flags 0x%x: give at most one of skb, drv and hw mode\n",
			name, flags);
		return -EINVAL;
	}
	ifindex = bbpf__ifindex_find(target, ifname, name, "xdp");
	if (ifindex < 0)
		return ifindex;
	use_link = !replace && bbpf_feature_probe(BBPF_FEAT_XDP_LINK) == 1 &&
		   bbpf_feature_probe(BBPF_FEAT_BPF_LINK) == 1;
	err = bbpf__link_new(use_link ? BBPF_LINK_BPF : BBPF_LINK_NETLINK, "xdp", &l, "%s%s",
			     ifname, mode_str(flags));
	if (err)
		return err;
	if (use_link)
		err = attach_link(l, bbpf_prog_fd(prog), ifindex, flags);
	else
		err = attach_netlink(l, bbpf_prog_fd(prog), ifindex, flags, replace, name);
	if (err) {
		bbpf_link_destroy(l); /* nothing attached: only the fds and memory go */
		return bbpf__attach_fail(name, "xdp", ifname, use_link ? "an XDP link" : "netlink",
					 err);
	}
	*out = l;
	return 0;
}
