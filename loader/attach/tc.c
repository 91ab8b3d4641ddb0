// SPDX-License-Identifier: BSD-2-Clause
/*
 * tc [sys]: a classifier on an interface's ingress or egress. Two ways:
 *
 *   tcx link (6.6+):  BPF_LINK_CREATE(prog, ifindex, BPF_TCX_INGRESS|EGRESS);
 *                     detach: close the link.
 *   clsact (older):   RTM_NEWQDISC clsact (only when the device has none),
 *                     RTM_NEWTFILTER "bpf" direct-action on ffff:fff2
 *                     (ingress) or ffff:fff3 (egress), echoed back so we learn
 *                     the handle and priority the kernel chose;
 *                     detach: RTM_DELTFILTER of exactly that filter, then
 *                     RTM_DELQDISC if this process made the clsact qdisc and
 *                     no filter is left on it (someone else's filters keep it).
 *
 * SEC("tc/ingress"), SEC("tcx/egress") say the direction; SEC("tc") and
 * SEC("classifier") do not: ingress, or egress with opts->tc_egress. The
 * return codes agree (TC_ACT_OK = TCX_PASS, TC_ACT_SHOT = TCX_DROP,
 * TC_ACT_UNSPEC = TCX_NEXT), so one program runs either way.
 * BAREBPF_NO=tcx (or bpf_link) takes the clsact way on any kernel.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include <barebpf/features.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/log.h"
#include "internal/opts.h"
#include "internal/uapi_compat.h"
#include "attach/net.h"
#include "attach/netlink.h"

#define HOOK_INGRESS TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)
#define HOOK_EGRESS  TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS)
#define MAX_OWNED    64

struct tc_priv {
	int ifindex;
	__u32 parent, handle, prio;
};

/*
 * Interfaces on which this process created the clsact qdisc, so that the
 * last of our filters to go takes it along. By ifindex: a process that
 * attaches in several network namespaces at once may leave a qdisc behind.
 */
static struct {
	pthread_mutex_t lock;
	int ifindex[MAX_OWNED];
} owned = { PTHREAD_MUTEX_INITIALIZER };

static bool owned_take(int ifindex, bool remove)
{
	bool found = false;
	int i;

	pthread_mutex_lock(&owned.lock);
	for (i = 0; i < MAX_OWNED && !found; i++) {
		found = owned.ifindex[i] == ifindex;
		if (found && remove)
			owned.ifindex[i] = 0;
	}
	pthread_mutex_unlock(&owned.lock);
	return found;
}

static void owned_add(int ifindex)
{
	int i;

	pthread_mutex_lock(&owned.lock);
	for (i = 0; i < MAX_OWNED && owned.ifindex[i]; i++)
		;
	if (i < MAX_OWNED)
		owned.ifindex[i] = ifindex;
	pthread_mutex_unlock(&owned.lock);
}

static struct tcmsg *tc_req(struct bbpf__nl_req *req, __u16 type, __u16 flags, int ifindex)
{
	struct tcmsg *t;

	bbpf__nl_req_init(req, type, flags);
	t = bbpf__nl_req_hdr(req, sizeof(*t));
	if (t) {
		t->tcm_family = AF_UNSPEC;
		t->tcm_ifindex = ifindex;
	}
	return t;
}

static int qdisc_change(int nl_fd, int ifindex, __u16 type, __u16 flags, char *text)
{
	struct bbpf__nl_req req;
	struct tcmsg *t = tc_req(&req, type, flags, ifindex);

	if (t) {
		t->tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
		t->tcm_parent = TC_H_CLSACT;
	}
	bbpf__nl_attr_put_str(&req, TCA_KIND, "clsact");
	return bbpf__nl_talk(nl_fd, &req, NULL, NULL, text);
}

static int count_msg(const struct nlmsghdr *msg, void *ctx)
{
	(void)msg;
	++*(int *)ctx;
	return 0;
}

/* The number of filters on hook @parent of @ifindex (a dump; each tp and filter counts). */
static int filter_cnt(int nl_fd, int ifindex, __u32 parent)
{
	struct bbpf__nl_req req;
	struct tcmsg *t = tc_req(&req, RTM_GETTFILTER, NLM_F_DUMP, ifindex);
	int n = 0, err;

	if (t)
		t->tcm_parent = parent;
	err = bbpf__nl_talk(nl_fd, &req, count_msg, &n, NULL);
	return err ? err : n;
}

/* Deletes the clsact qdisc of @ifindex if this process made it and it holds no filter. */
static int qdisc_release(int nl_fd, int ifindex)
{
	int in, eg, err;

	if (!owned_take(ifindex, false))
		return 0;
	in = filter_cnt(nl_fd, ifindex, HOOK_INGRESS);
	eg = filter_cnt(nl_fd, ifindex, HOOK_EGRESS);
	if (in < 0 || eg < 0)
		return in < 0 ? in : eg;
	if (in + eg)
		return 0; /* someone's filters are on it: it stays */
	owned_take(ifindex, true);
	err = qdisc_change(nl_fd, ifindex, RTM_DELQDISC, 0, NULL);
	return err == -ENOENT || err == -EINVAL ? 0 : err; /* already gone */
}

/* The echo of our new filter: the handle and priority the kernel gave it. */
static int on_filter_echo(const struct nlmsghdr *msg, void *ctx)
{
	struct tc_priv *p = ctx;
	const struct tcmsg *t;
	const void *attrs;
	size_t len;

	if (msg->nlmsg_type != RTM_NEWTFILTER)
		return 0;
	t = bbpf__nl_msg_attrs(msg, sizeof(*t), &attrs, &len);
	if (!t)
		return -EINVAL;
	p->handle = t->tcm_handle;
	p->prio = TC_H_MAJ(t->tcm_info) >> 16;
	return 0;
}

static int filter_add(int nl_fd, struct tc_priv *p, int prog_fd, const char *name, char *text)
{
	struct bbpf__nl_req req;
	struct tcmsg *t =
		tc_req(&req, RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, p->ifindex);
	size_t opts;

	if (t) {
		t->tcm_parent = p->parent;
		t->tcm_info = TC_H_MAKE(0, htons(ETH_P_ALL)); /* priority 0: the kernel picks */
	}
	bbpf__nl_attr_put_str(&req, TCA_KIND, "bpf");
	opts = bbpf__nl_nest_start(&req, TCA_OPTIONS);
	bbpf__nl_attr_put_u32(&req, TCA_BPF_FD, (__u32)prog_fd);
	bbpf__nl_attr_put_str(&req, TCA_BPF_NAME, name);
	bbpf__nl_attr_put_u32(&req, TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
	bbpf__nl_nest_end(&req, opts);
	return bbpf__nl_talk(nl_fd, &req, on_filter_echo, p, text);
}

static int filter_del(int nl_fd, const struct tc_priv *p)
{
	struct bbpf__nl_req req;
	struct tcmsg *t = tc_req(&req, RTM_DELTFILTER, 0, p->ifindex);

	if (t) {
		t->tcm_parent = p->parent;
		t->tcm_handle = p->handle;
		t->tcm_info = TC_H_MAKE(p->prio << 16, htons(ETH_P_ALL));
	}
	bbpf__nl_attr_put_str(&req, TCA_KIND, "bpf");
	return bbpf__nl_talk(nl_fd, &req, NULL, NULL, NULL);
}

static int clsact_detach(struct bbpf_link *link)
{
	const struct tc_priv *p = link->priv;
	int err = filter_del(link->aux_fd, p);

	if (err == -ENOENT || err == -ENODEV || err == -EINVAL)
		err = 0; /* removed by someone else, or the device is gone */
	return err ?: qdisc_release(link->aux_fd, p->ifindex);
}

static const struct bbpf__link_ops clsact_ops = { .detach = clsact_detach };

static int attach_clsact(struct bbpf_link *l, const struct bbpf_prog *prog, struct tc_priv *p)
{
	char text[BBPF__NL_TEXT_MAX];
	int err;

	l->aux_fd = bbpf__nl_open();
	if (l->aux_fd < 0)
		return l->aux_fd;
	err = qdisc_change(l->aux_fd, p->ifindex, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, text);
	if (!err)
		owned_add(p->ifindex);
	else if (err != -EEXIST)
		goto fail;
	err = filter_add(l->aux_fd, p, bbpf_prog_fd(prog), bbpf_prog_name(prog), text);
	if (!err && !p->handle)
		err = -EPROTO; /* no echo: we could not remove it later */
	if (!err) {
		l->ops = &clsact_ops;
		return 0;
	}
	qdisc_release(l->aux_fd, p->ifindex);
fail:
	if (*text)
		pr_warn("prog '%s': tc %s: the kernel says: %s\n", bbpf_prog_name(prog), l->target,
			text);
	return err;
}

static int attach_tcx(struct bbpf_link *l, int prog_fd, int ifindex, bool egress)
{
	int fd = bbpf_sys_link_create(prog_fd, ifindex, egress ? BPF_TCX_EGRESS : BPF_TCX_INGRESS,
				      NULL);

	if (fd < 0)
		return fd;
	l->fd = fd;
	return 0;
}

/* The direction: from the section (tc/ingress, tcx/egress ...) or, for SEC("tc"), the options. */
static bool is_egress(const struct bbpf_prog *prog, const struct bbpf_attach_opts *opts)
{
	if (bbpf_prog_attach_kind(prog) == BBPF_ATTACH_TCX)
		return bbpf_prog_expected_attach_type(prog) == BPF_TCX_EGRESS;
	return OPTS_GET(opts, tc_egress, false);
}

int bbpf__attach_tc(const struct bbpf_prog *prog, const char *target,
		    const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	const char *name = bbpf_prog_name(prog);
	bool egress = is_egress(prog, opts), use_tcx;
	char ifname[IF_NAMESIZE];
	struct bbpf_link *l = NULL;
	struct tc_priv *p;
	int ifindex, err;

	if (bbpf_prog_type(prog) != BPF_PROG_TYPE_SCHED_CLS) {
		pr_warn("prog '%s': SEC(\"%s\"): only classifiers (sched_cls) are attached to tc "
			"hooks; actions go into a filter's action list\n",
			name, bbpf_prog_sec_name(prog));
		return -EOPNOTSUPP;
	}
	ifindex = bbpf__ifindex_find(target, ifname, name, "tc");
	if (ifindex < 0)
		return ifindex;
	use_tcx = bbpf_feature_probe(BBPF_FEAT_TCX) == 1 &&
		  bbpf_feature_probe(BBPF_FEAT_BPF_LINK) == 1;
	err = bbpf__link_new(use_tcx ? BBPF_LINK_BPF : BBPF_LINK_NETLINK, "tc", &l, "%s %s", ifname,
			     egress ? "egress" : "ingress");
	if (err)
		return err;
	if (use_tcx) {
		err = attach_tcx(l, bbpf_prog_fd(prog), ifindex, egress);
	} else {
		p = calloc(1, sizeof(*p));
		err = p ? 0 : -ENOMEM;
		l->priv = p;
		if (p) {
			p->ifindex = ifindex;
			p->parent = egress ? HOOK_EGRESS : HOOK_INGRESS;
			err = attach_clsact(l, prog, p);
		}
	}
	if (err) {
		bbpf_link_destroy(l);
		return bbpf__attach_fail(name, "tc", target,
					 use_tcx ? "a tcx link" : "clsact + netlink", err);
	}
	*out = l;
	return 0;
}
