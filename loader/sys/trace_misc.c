// SPDX-License-Identifier: BSD-2-Clause
/*
 * What the other calls ask, in words (pure): perf_event_open's attr, the perf
 * ioctls, mmap's protection and flags, and rtnetlink messages by type.
 */
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "internal/compiler.h"
#include "sys/trace.h"

static const char *const perf_types[] = {
	[PERF_TYPE_HARDWARE] = "HARDWARE",
	[PERF_TYPE_SOFTWARE] = "SOFTWARE",
	[PERF_TYPE_TRACEPOINT] = "TRACEPOINT",
	[PERF_TYPE_HW_CACHE] = "HW_CACHE",
	[PERF_TYPE_RAW] = "RAW",
	[PERF_TYPE_BREAKPOINT] = "BREAKPOINT",
};

static const char *const sw_configs[] = {
	[PERF_COUNT_SW_CPU_CLOCK] = "CPU_CLOCK",
	[PERF_COUNT_SW_TASK_CLOCK] = "TASK_CLOCK",
	[PERF_COUNT_SW_PAGE_FAULTS] = "PAGE_FAULTS",
	[PERF_COUNT_SW_CONTEXT_SWITCHES] = "CONTEXT_SWITCHES",
	[PERF_COUNT_SW_CPU_MIGRATIONS] = "CPU_MIGRATIONS",
	[PERF_COUNT_SW_PAGE_FAULTS_MIN] = "PAGE_FAULTS_MIN",
	[PERF_COUNT_SW_PAGE_FAULTS_MAJ] = "PAGE_FAULTS_MAJ",
	[PERF_COUNT_SW_ALIGNMENT_FAULTS] = "ALIGNMENT_FAULTS",
	[PERF_COUNT_SW_EMULATION_FAULTS] = "EMULATION_FAULTS",
	[PERF_COUNT_SW_DUMMY] = "DUMMY",
	[PERF_COUNT_SW_BPF_OUTPUT] = "BPF_OUTPUT",
};

static const struct bbpf__sc_flag open_flags[] = {
	{ PERF_FLAG_FD_NO_GROUP, "FD_NO_GROUP" },
	{ PERF_FLAG_FD_OUTPUT, "FD_OUTPUT" },
	{ PERF_FLAG_PID_CGROUP, "PID_CGROUP" },
	{ PERF_FLAG_FD_CLOEXEC, "FD_CLOEXEC" },
};

void bbpf__sc_perf_attr(struct bbpf__sc_out *o, const struct perf_event_attr *a, pid_t pid, int cpu,
			int group_fd, unsigned long flags)
{
	bbpf__sc_open(o);
	if (a->type < ARRAY_SIZE(perf_types))
		bbpf__sc_name(o, "type", perf_types[a->type]);
	else
		bbpf__sc_u64(o, "type", a->type); /* a dynamic PMU: kprobe, uprobe */
	if (a->type == PERF_TYPE_SOFTWARE && a->config < ARRAY_SIZE(sw_configs) &&
	    sw_configs[a->config])
		bbpf__sc_name(o, "config", sw_configs[a->config]);
	else
		bbpf__sc_u64(o, "config", a->config);
	/* The only dynamic PMUs the loader opens (kprobe, uprobe) take a name or path in config1. */
	if (a->type >= PERF_TYPE_MAX && a->config1)
		bbpf__sc_str(o, "name", (const char *)(unsigned long)a->config1, 4096);
	if (a->type >= PERF_TYPE_MAX && a->config2)
		bbpf__sc_hex(o, "offset", a->config2);
	if (a->sample_type)
		bbpf__sc_hex(o, "sample_type", a->sample_type);
	if (a->sample_period)
		bbpf__sc_u64(o, a->freq ? "sample_freq" : "sample_period", a->sample_period);
	if (a->wakeup_events)
		bbpf__sc_u64(o, a->watermark ? "wakeup_watermark" : "wakeup_events",
			     a->wakeup_events);
	bbpf__sc_s64(o, "pid", pid);
	bbpf__sc_s64(o, "cpu", cpu);
	if (group_fd >= 0)
		bbpf__sc_s64(o, "group_fd", group_fd);
	bbpf__sc_flags(o, "flags", flags, open_flags, ARRAY_SIZE(open_flags));
	bbpf__sc_close(o);
}

const char *bbpf__sc_ioctl_name(unsigned long request)
{
	if (request == PERF_EVENT_IOC_ENABLE)
		return "PERF_EVENT_IOC_ENABLE";
	if (request == PERF_EVENT_IOC_DISABLE)
		return "PERF_EVENT_IOC_DISABLE";
	if (request == PERF_EVENT_IOC_SET_BPF)
		return "PERF_EVENT_IOC_SET_BPF";
	return NULL;
}

void bbpf__sc_mmap_args(struct bbpf__sc_out *o, size_t len, int prot, int flags, int fd, off_t off)
{
	static const struct bbpf__sc_flag prots[] = { { PROT_READ, "READ" },
						      { PROT_WRITE, "WRITE" },
						      { PROT_EXEC, "EXEC" } };
	static const struct bbpf__sc_flag mflags[] = {
		{ MAP_SHARED, "SHARED" },     { MAP_PRIVATE, "PRIVATE" },
		{ MAP_FIXED, "FIXED" },	      { MAP_ANONYMOUS, "ANONYMOUS" },
		{ MAP_POPULATE, "POPULATE" },
	};

	bbpf__sc_open(o);
	bbpf__sc_u64(o, "len", len);
	bbpf__sc_flags(o, "prot", (unsigned int)prot, prots, ARRAY_SIZE(prots));
	bbpf__sc_flags(o, "flags", (unsigned int)flags, mflags, ARRAY_SIZE(mflags));
	bbpf__sc_s64(o, "fd", fd);
	bbpf__sc_u64(o, "off", (uint64_t)off);
	bbpf__sc_close(o);
}

static const char *nl_type(uint16_t type)
{
	switch (type) {
	case NLMSG_NOOP:
		return "NOOP";
	case NLMSG_ERROR:
		return "ERROR";
	case NLMSG_DONE:
		return "DONE";
	case RTM_NEWLINK:
		return "RTM_NEWLINK";
	case RTM_DELLINK:
		return "RTM_DELLINK";
	case RTM_GETLINK:
		return "RTM_GETLINK";
	case RTM_SETLINK:
		return "RTM_SETLINK";
	case RTM_NEWQDISC:
		return "RTM_NEWQDISC";
	case RTM_DELQDISC:
		return "RTM_DELQDISC";
	case RTM_GETQDISC:
		return "RTM_GETQDISC";
	case RTM_NEWTFILTER:
		return "RTM_NEWTFILTER";
	case RTM_DELTFILTER:
		return "RTM_DELTFILTER";
	case RTM_GETTFILTER:
		return "RTM_GETTFILTER";
	}
	return NULL;
}

static void nl_flags(struct bbpf__sc_out *o, const struct nlmsghdr *h)
{
	static const struct bbpf__sc_flag common[] = {
		{ NLM_F_REQUEST, "REQUEST" },
		{ NLM_F_MULTI, "MULTI" },
		{ NLM_F_ACK, "ACK" },
		{ NLM_F_ECHO, "ECHO" },
		{ NLM_F_DUMP_INTR, "DUMP_INTR" },
	};
	static const struct bbpf__sc_flag news[] = {
		{ NLM_F_REPLACE, "REPLACE" },
		{ NLM_F_EXCL, "EXCL" },
		{ NLM_F_CREATE, "CREATE" },
		{ NLM_F_APPEND, "APPEND" },
	};
	static const struct bbpf__sc_flag gets[] = {
		{ NLM_F_DUMP, "DUMP" },
		{ NLM_F_ROOT, "ROOT" },
		{ NLM_F_MATCH, "MATCH" },
	};
	struct bbpf__sc_flag all[ARRAY_SIZE(common) + ARRAY_SIZE(news)];
	bool get = h->nlmsg_type >= RTM_BASE && (h->nlmsg_type & 3) == 2;
	bool is_new = h->nlmsg_type >= RTM_BASE && (h->nlmsg_type & 3) == 0;
	size_t n = ARRAY_SIZE(common);

	memcpy(all, common, sizeof(common));
	if (get) {
		memcpy(all + n, gets, sizeof(gets));
		n += ARRAY_SIZE(gets);
	} else if (is_new) {
		memcpy(all + n, news, sizeof(news));
		n += ARRAY_SIZE(news);
	}
	bbpf__sc_flags(o, "flags", h->nlmsg_flags, all, n);
}

void bbpf__sc_netlink_msgs(struct bbpf__sc_out *o, const void *buf, size_t len)
{
	const char *p = buf;
	const struct nlmsghdr *h;
	const struct nlmsgerr *e;
	const char *name;
	size_t step;
	int n = 0;

	if (o->json)
		bbpf__sc_raw(o, ",\"msgs\":[");
	while (len >= sizeof(*h)) {
		h = (const struct nlmsghdr *)p;
		if (h->nlmsg_len < sizeof(*h) || h->nlmsg_len > len)
			break;
		bbpf__sc_raw(o, o->json ? "%s{" : " {", n++ ? "," : "");
		o->nfields = 0;
		name = nl_type(h->nlmsg_type);
		if (name)
			bbpf__sc_name(o, "type", name);
		else
			bbpf__sc_u64(o, "type", h->nlmsg_type);
		nl_flags(o, h);
		bbpf__sc_u64(o, "seq", h->nlmsg_seq);
		bbpf__sc_u64(o, "len", h->nlmsg_len);
		if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e))) {
			e = NLMSG_DATA(h);
			bbpf__sc_s64(o, "error", e->error);
		}
		bbpf__sc_close(o);
		step = NLMSG_ALIGN(h->nlmsg_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	if (o->json)
		bbpf__sc_raw(o, "]");
}
