// SPDX-License-Identifier: BSD-2-Clause
/* The private network of netns.h, made through loader/attach/netlink.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "attach/netlink.h"
#include "netns.h"

static int open_ns(void)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int enter(int fd)
{
	return setns(fd, CLONE_NEWNET) ? -errno : 0;
}

/* Runs one request on a fresh socket of the current namespace. */
static int talk(struct bbpf__nl_req *req)
{
	int fd = bbpf__nl_open(), err;

	if (fd < 0)
		return fd;
	err = bbpf__nl_talk(fd, req, NULL, NULL, NULL);
	close(fd);
	return err;
}

static int make_veth(int peer_ns)
{
	struct bbpf__nl_req req;
	size_t info, data, peer;

	bbpf__nl_req_init(&req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	bbpf__nl_req_hdr(&req, sizeof(struct ifinfomsg));
	bbpf__nl_attr_put_str(&req, IFLA_IFNAME, "veth0");
	info = bbpf__nl_nest_start(&req, IFLA_LINKINFO);
	bbpf__nl_attr_put_str(&req, IFLA_INFO_KIND, "veth");
	data = bbpf__nl_nest_start(&req, IFLA_INFO_DATA);
	peer = bbpf__nl_nest_start(&req, VETH_INFO_PEER);
	bbpf__nl_req_hdr(&req, sizeof(struct ifinfomsg)); /* the peer's own ifinfomsg */
	bbpf__nl_attr_put_str(&req, IFLA_IFNAME, "veth1");
	bbpf__nl_attr_put_u32(&req, IFLA_NET_NS_FD, (__u32)peer_ns);
	bbpf__nl_nest_end(&req, peer);
	bbpf__nl_nest_end(&req, data);
	bbpf__nl_nest_end(&req, info);
	return talk(&req);
}

static int set_up(int ifindex)
{
	struct bbpf__nl_req req;
	struct ifinfomsg *ifi;

	bbpf__nl_req_init(&req, RTM_NEWLINK, 0);
	ifi = bbpf__nl_req_hdr(&req, sizeof(*ifi));
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return talk(&req);
}

static int add_addr(int ifindex, uint32_t addr)
{
	struct bbpf__nl_req req;
	struct ifaddrmsg *ifa;
	uint32_t be = htonl(addr);

	bbpf__nl_req_init(&req, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
	ifa = bbpf__nl_req_hdr(&req, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 24;
	ifa->ifa_index = (__u32)ifindex;
	bbpf__nl_attr_put(&req, IFA_LOCAL, &be, sizeof(be));
	bbpf__nl_attr_put(&req, IFA_ADDRESS, &be, sizeof(be));
	return talk(&req);
}

/* Address and up for @name in the current namespace (lo too). */
static int configure(const char *name, uint32_t addr)
{
	int idx = (int)if_nametoindex(name), err;

	if (!idx)
		return -errno;
	err = add_addr(idx, addr);
	err = err ?: set_up(idx);
	err = err ?: set_up((int)if_nametoindex("lo"));
	return err ?: idx;
}

static int build(struct netns *ns)
{
	int err;

	if (unshare(CLONE_NEWNET))
		return -errno;
	ns->a = open_ns();
	if (ns->a < 0)
		return ns->a;
	if (unshare(CLONE_NEWNET))
		return -errno;
	ns->b = open_ns();
	if (ns->b < 0)
		return ns->b;
	err = enter(ns->a);
	err = err ?: make_veth(ns->b);
	if (err)
		return err == -EINVAL || err == -ENOENT ? -EOPNOTSUPP : err; /* no veth kind */
	err = enter(ns->b);
	err = err ?: configure("veth1", NETNS_ADDR_B);
	if (err < 0)
		return err;
	err = enter(ns->a);
	err = err ?: configure("veth0", NETNS_ADDR_A);
	if (err < 0)
		return err;
	ns->ifindex = err;
	return 0;
}

int netns_setup(struct netns *ns)
{
	int err;

	ns->a = ns->b = -1;
	ns->orig = open_ns();
	if (ns->orig < 0)
		return ns->orig;
	err = build(ns);
	if (err)
		netns_teardown(ns);
	return err;
}

int netns_setup_lo(struct netns *ns)
{
	int err;

	ns->a = ns->b = -1;
	ns->orig = open_ns();
	if (ns->orig < 0)
		return ns->orig;
	err = unshare(CLONE_NEWNET) ? -errno : 0;
	if (!err)
		ns->a = open_ns();
	err = err ?: ns->a < 0 ? ns->a : 0;
	err = err ?: set_up((int)if_nametoindex("lo"));
	if (err)
		netns_teardown(ns);
	return err;
}

void netns_teardown(struct netns *ns)
{
	if (ns->orig >= 0) {
		enter(ns->orig);
		close(ns->orig);
	}
	if (ns->a >= 0)
		close(ns->a);
	if (ns->b >= 0)
		close(ns->b);
	ns->orig = ns->a = ns->b = -1;
}

static int udp_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	return fd < 0 ? -errno : fd;
}

int netns_udp_rx(uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = udp_socket();

	if (fd < 0)
		return fd;
	sa.sin_addr.s_addr = htonl(NETNS_ADDR_A);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -errno;
	}
	return fd;
}

int netns_udp_send(const struct netns *ns, uint16_t port, int count)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd, err = enter(ns->b), i;

	if (err)
		return err;
	fd = udp_socket(); /* a socket stays in the namespace it was made in */
	err = enter(ns->a);
	if (fd < 0 || err)
		return fd < 0 ? fd : err;
	sa.sin_addr.s_addr = htonl(NETNS_ADDR_A);
	for (i = 0; i < count && !err; i++) {
		if (sendto(fd, "bbpf", 4, 0, (struct sockaddr *)&sa, sizeof(sa)) != 4)
			err = -errno;
		usleep(1000);
	}
	close(fd);
	return err;
}

int netns_udp_drain(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[64];
	int n = 0;

	while (poll(&p, 1, 200) == 1)
		while (recv(fd, buf, sizeof(buf), 0) >= 0)
			n++;
	return n;
}

struct netns netns_test = { .orig = -1, .a = -1, .b = -1 };
int netns_test_err;

int netns_group_setup(void **state)
{
	(void)state;
	netns_test_err = netns_setup(&netns_test);
	return 0;
}

int netns_group_setup_lo(void **state)
{
	(void)state;
	netns_test_err = netns_setup_lo(&netns_test);
	return 0;
}

int netns_group_teardown(void **state)
{
	(void)state;
	netns_teardown(&netns_test);
	return 0;
}
