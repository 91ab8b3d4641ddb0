/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network, cgroup and other non-tracing attach kinds, one file each:
 * xdp.c (XDP link, netlink IFLA_XDP otherwise), tc.c (tcx link, clsact +
 * cls_bpf through netlink otherwise), cgroup.c (cgroup link, BPF_PROG_ATTACH
 * otherwise), netns.c (sk_lookup, flow_dissector), iter.c (iterators),
 * perf_sample.c (SEC("perf_event") sampling on every CPU). Each is called by
 * bbpf_prog_attach() with the target from the options (an interface, a
 * cgroup) and returns a struct bbpf_link (attach/internal.h).
 */
#ifndef BBPF_LOADER_ATTACH_NET_H
#define BBPF_LOADER_ATTACH_NET_H

#include <net/if.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "attach/internal.h"

int bbpf__attach_xdp(const struct bbpf_prog *prog, const char *target,
		     const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_tc(const struct bbpf_prog *prog, const char *target,
		    const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_cgroup(const struct bbpf_prog *prog, const char *target,
			const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_netns(const struct bbpf_prog *prog, const char *target,
		       const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_iter(const struct bbpf_prog *prog, const char *target,
		      const struct bbpf_attach_opts *opts, struct bbpf_link **out);
int bbpf__attach_perf_sample(const struct bbpf_prog *prog, const char *target,
			     const struct bbpf_attach_opts *opts, struct bbpf_link **out);

/*
 * bbpf__ifindex_find() resolves interface @target (a name, or an index in
 * decimal) in the current network namespace and writes its name to @name.
 * Returns the ifindex, or -ENODEV after logging, for @prog_name and @hook,
 * that there is no such interface.
 */
int bbpf__ifindex_find(const char *target, char name[IF_NAMESIZE], const char *prog_name,
		       const char *hook);

/* bbpf__prog_id() is the kernel's id of program @prog_fd, or -errno. */
int bbpf__prog_id(int prog_fd);

/* What rtnetlink says is attached to an interface's XDP hook (0: nothing). */
struct bbpf__xdp_state {
	__u32 drv_id, skb_id, hw_id;
};

/*
 * bbpf__xdp_state_parse() reads the IFLA_XDP attribute of RTM_NEWLINK
 * message @msg into @st (pure). Returns 0 or -EINVAL for a malformed message.
 */
int bbpf__xdp_state_parse(const struct nlmsghdr *msg, struct bbpf__xdp_state *st);

/*
 * bbpf__xdp_query() asks, on netlink socket @nl_fd, which programs are on
 * interface @ifindex's XDP hook. Returns 0 or -errno (-ENODEV: no such interface).
 */
int bbpf__xdp_query(int nl_fd, int ifindex, struct bbpf__xdp_state *st);

#endif
