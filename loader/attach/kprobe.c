// SPDX-License-Identifier: BSD-2-Clause
/*
 * kprobes and kretprobes [sys], two ways:
 *
 *   kprobe PMU (4.17+): perf_event_open(type = /sys/bus/event_source/devices/
 *     kprobe/type, config1 = symbol, config2 = offset, the retprobe bit of
 *     format/retprobe in config) -> the program on it (perf_event.c)
 *   tracefs (older, or BAREBPF_NO=kprobe_pmu, or a kretprobe maxactive):
 *     "p:bbpf/<event> SYM+OFF" or "rN:bbpf/<event> SYM" appended to
 *     kprobe_events, its id from events/bbpf/<event>/id, a tracepoint perf
 *     event on it, the program on that; detach closes the fds and writes
 *     "-:bbpf/<event>". Event names carry our pid (names.c), so a later run
 *     removes the events of a barebpf that died without detaching (SIGKILL):
 *     kprobe_reclaim(), once per process, before the first legacy kprobe.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <barebpf/chain.h>
#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/err.h"
#include "internal/log.h"
#include "internal/opts.h"
#include "attach/internal.h"

#define KPROBE_PMU "/sys/bus/event_source/devices/kprobe"
#define GROUP	   "bbpf"

int bbpf__pmu_type(const char *pmu, int *type, int *ret_shift)
{
	char path[128], buf[64];
	int err;

	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type", pmu);
	err = bbpf__read_line(path, buf, sizeof(buf));
	if (err)
		return err;
	*type = atoi(buf);
	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/format/retprobe", pmu);
	err = bbpf__read_line(path, buf, sizeof(buf));
	*ret_shift = err ? -1 : bbpf__pmu_format_shift(buf);
	return 0;
}

static int pmu_open(bool ret, const char *func, uint64_t off)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .sample_period = 1 };
	int type, shift, err;

	err = bbpf__pmu_type("kprobe", &type, &shift);
	if (err)
		return err;
	if (ret && shift < 0)
		return -EOPNOTSUPP;
	attr.type = (__u32)type;
	attr.config = ret ? 1ULL << shift : 0;
	attr.config1 = (__u64)(uintptr_t)func; /* kprobe_func */
	attr.config2 = off;		       /* probe_offset */
	return bbpf_sys_perf_event_open(&attr, -1, 0, -1, 0);
}

/* Appends @line to tracefs file @name. Returns 0 or -errno. */
static int tracefs_write(const char *root, const char *name, const char *line)
{
	char path[128];
	size_t len = strlen(line);
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return bbpf__neg_errno();
	if (write(fd, line, len) != (ssize_t)len)
		err = bbpf__neg_errno();
	close(fd);
	return err;
}

static int remove_event(const char *root, const char *ev)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "-:%s/%s\n", GROUP, ev);
	return tracefs_write(root, "kprobe_events", cmd);
}

static bool pid_alive(int pid)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d", pid);
	return access(path, F_OK) == 0;
}

int bbpf_kprobe_reclaim(void)
{
	char path[128], line[512], group[64], event[128];
	const char *root = bbpf__tracefs_root();
	int pid, n = 0;
	FILE *f;

	if (!root)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/kprobe_events", root);
	f = fopen(path, "re");
	if (!f)
		return bbpf__neg_errno();
	while (fgets(line, sizeof(line), f)) {
		pid = bbpf__kprobe_event_pid(line, group, sizeof(group), event, sizeof(event));
		if (pid <= 0 || strcmp(group, GROUP) || pid == getpid() || pid_alive(pid))
			continue;
		n += remove_event(root, event) == 0;
	}
	fclose(f);
	if (n)
		pr_info("removed %d stale tracefs kprobe event(s) left by barebpf processes that "
			"are gone\n",
			n);
	return n;
}

/* The stale events are removed once per process, before our first legacy kprobe. */
static void kprobe_reclaim(void)
{
	static bool done;

	if (!done)
		bbpf_kprobe_reclaim();
	done = true;
}

static int tracefs_detach(struct bbpf_link *link)
{
	const char *root = bbpf__tracefs_root();

	if (link->aux_fd < 0 && link->fd >= 0) /* ioctl: the perf event is link->fd */
		bbpf_sys_perf_event_disable(link->fd);
	if (link->fd >= 0)
		close(link->fd);
	if (link->aux_fd >= 0)
		close(link->aux_fd);
	link->fd = link->aux_fd = -1;
	if (!root || !link->priv)
		return -ENOENT;
	return remove_event(root, link->priv);
}

static const struct bbpf__link_ops tracefs_ops = { .detach = tracefs_detach };

/* Makes the event; returns the perf fd on it, the event name in @ev. */
static int legacy_open(const char *root, bool ret, const char *func, uint64_t off, int maxactive,
		       char *ev, size_t ev_sz)
{
	static unsigned int seq;
	char cmd[400], mx[16] = "";
	int id, err;

	kprobe_reclaim();
	err = bbpf__kprobe_event_name(ev, ev_sz, getpid(), func, off,
				      __atomic_fetch_add(&seq, 1, __ATOMIC_RELAXED));
	if (err)
		return err;
	if (ret && maxactive > 0)
		snprintf(mx, sizeof(mx), "%d", maxactive);
	if (ret)
		snprintf(cmd, sizeof(cmd), "r%s:%s/%s %s\n", mx, GROUP, ev, func);
	else
		snprintf(cmd, sizeof(cmd), "p:%s/%s %s+%llu\n", GROUP, ev, func,
			 (unsigned long long)off);
	err = tracefs_write(root, "kprobe_events", cmd);
	if (err)
		return err == -EINVAL ? -ENOENT
				      : err; /* the kernel says EINVAL for no such symbol */
	id = bbpf__tracefs_read_id(root, GROUP, ev);
	if (id >= 0) {
		struct perf_event_attr attr = { .type = PERF_TYPE_TRACEPOINT,
						.size = sizeof(attr),
						.config = (__u64)id,
						.sample_period = 1 };

		err = bbpf_sys_perf_event_open(&attr, -1, 0, -1, 0);
		if (err >= 0)
			return err;
	} else {
		err = id;
	}
	remove_event(root, ev);
	return err;
}

static int attach_legacy(const struct bbpf_prog *prog, bool ret, const char *func, uint64_t off,
			 const struct bbpf_attach_opts *opts, const char *target,
			 struct bbpf_link **out)
{
	const char *hook = ret ? "kretprobe" : "kprobe", *root = bbpf__tracefs_root();
	enum bbpf_link_how how;
	char ev[72];
	int fd, err;

	if (!root || !bbpf__tracefs_has(root, "kprobe_events"))
		return bbpf__attach_fail(bbpf_prog_name(prog), hook, target,
					 "tracefs kprobe_events", -EOPNOTSUPP);
	fd = legacy_open(root, ret, func, off, OPTS_GET(opts, maxactive, 0), ev, sizeof(ev));
	if (fd < 0)
		return bbpf__attach_fail(bbpf_prog_name(prog), hook, target,
					 "tracefs kprobe_events", fd);
	err = bbpf__link_perf(bbpf_prog_fd(prog), fd, OPTS_GET(opts, cookie, 0), hook, target, out,
			      &how);
	if (!err) {
		(*out)->priv = strdup(ev);
		(*out)->ops = &tracefs_ops;
		(*out)->how = BBPF_LINK_TRACEFS_KPROBE;
		if ((*out)->priv)
			return 0;
		bbpf_link_destroy(*out);
		err = -ENOMEM;
	}
	remove_event(root, ev);
	return bbpf__attach_fail(bbpf_prog_name(prog), hook, target, bbpf_link_how_str(how), err);
}

int bbpf__kprobe_attach_fn(const struct bbpf_prog *prog, bool ret, const char *func, uint64_t off,
			   const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	const char *hook = ret ? "kretprobe" : "kprobe";
	enum bbpf_link_how how = BBPF_LINK_PERF;
	char target[300];
	int fd;

	snprintf(target, sizeof(target), off ? "%s+0x%llx" : "%s", func, (unsigned long long)off);
	if (ret && off)
		return bbpf__attach_fail(bbpf_prog_name(prog), hook, target, "kprobe", -EINVAL);
	if (bbpf_feature_probe(BBPF_FEAT_KPROBE_PMU) != 1 || (ret && OPTS_GET(opts, maxactive, 0)))
		return attach_legacy(prog, ret, func, off, opts, target, out);
	fd = pmu_open(ret, func, off);
	if (fd < 0)
		return bbpf__attach_fail(bbpf_prog_name(prog), hook, target, "kprobe PMU", fd);
	fd = bbpf__link_perf(bbpf_prog_fd(prog), fd, OPTS_GET(opts, cookie, 0), hook, target, out,
			     &how);
	if (fd < 0)
		return bbpf__attach_fail(bbpf_prog_name(prog), hook, target,
					 how == BBPF_LINK_PERF ? "kprobe PMU + perf_link"
							       : "kprobe PMU + ioctl",
					 fd);
	return 0;
}

int bbpf__attach_kprobe(const struct bbpf_prog *prog, const char *target,
			const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	bool ret = bbpf_prog_attach_kind(prog) == BBPF_ATTACH_KRETPROBE;
	char func[256], picked[256], why[512];
	uint64_t off;
	int err;

	/* Several candidates (BBPF_KPROBE_OR()) and no target from the caller: the first usable. */
	if (!OPTS_GET(opts, target, NULL) && bbpf_prog_ksym_cnt(prog) > 1) {
		err = bbpf__kprobe_pick(prog, picked, sizeof(picked), why, sizeof(why));
		if (err) {
			pr_warn("prog '%s': no kprobe candidate usable here: %s\n",
				bbpf_prog_name(prog), why);
			return err;
		}
		target = picked;
	}
	if (bbpf__parse_func_off(target, func, sizeof(func), &off)) {
		pr_warn("prog '%s': kprobe target '%s' is not FUNC or FUNC+OFFSET\n",
			bbpf_prog_name(prog), target);
		return -EINVAL;
	}
	return bbpf__kprobe_attach_fn(prog, ret, func, off, opts, out);
}
