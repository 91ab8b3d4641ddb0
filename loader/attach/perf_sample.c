// SPDX-License-Identifier: BSD-2-Clause
/*
 * SEC("perf_event") [sys]: a program run on every sample of a perf event
 * opened on each online CPU, for all processes. The event is CPU cycles
 * (hardware) unless the target says "cpu-clock"; where there is no PMU
 * (virtual machines, feature perf_hw) it falls back to the cpu-clock
 * software event, and says so. Each CPU's event is attached the way
 * bbpf__link_perf() chooses (perf link, or the ioctl before 5.15); the
 * returned link owns them all and detaches them together.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/features.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/log.h"
#include "internal/opts.h"
#include "attach/net.h"

#define DEFAULT_FREQ 99

struct sample_priv {
	int cnt;
	struct bbpf_link *cpu[]; /* one per online CPU */
};

static int sample_detach(struct bbpf_link *link)
{
	struct sample_priv *p = link->priv;
	int i, err = 0, e;

	for (i = 0; p && i < p->cnt; i++) {
		e = bbpf_link_destroy(p->cpu[i]);
		p->cpu[i] = NULL;
		err = err ?: e;
	}
	return err;
}

static void sample_free(void *priv)
{
	struct sample_priv *p = priv;
	int i;

	for (i = 0; p && i < p->cnt; i++)
		if (p->cpu[i]) {
			bbpf_link_disconnect(p->cpu[i]); /* a disconnected parent leaves them too */
			bbpf_link_destroy(p->cpu[i]);
		}
	free(p);
}

static const struct bbpf__link_ops sample_ops = { .detach = sample_detach,
						  .free_priv = sample_free };

/* The online CPUs ("0-3,6") as a bitmap of @max bits. Returns the count or -errno. */
static int online_cpus(bool *on, int max)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");
	int a, b, n = 0, i;
	char sep;

	if (!f)
		return -errno;
	while (fscanf(f, "%d", &a) == 1) {
		b = a;
		sep = (char)fgetc(f);
		if (sep == '-' && fscanf(f, "%d", &b) == 1)
			sep = (char)fgetc(f);
		for (i = a; i <= b && i < max; i++)
			n += !on[i], on[i] = true;
		if (sep != ',')
			break;
	}
	fclose(f);
	return n ? n : -EINVAL;
}

/*
 * The kernel refuses (EINVAL) a frequency above kernel.perf_event_max_sample_rate,
 * which it lowers by itself when sampling interrupts run long (a slow or emulated
 * machine): @freq is lowered to it, said, as perf record does.
 */
static __u64 allowed_freq(__u64 freq)
{
	unsigned long long max = 0;
	FILE *f = fopen("/proc/sys/kernel/perf_event_max_sample_rate", "re");

	if (f) {
		if (fscanf(f, "%llu", &max) != 1)
			max = 0;
		fclose(f);
	}
	if (!max || freq <= max)
		return freq;
	pr_info("perf_event: %llu Hz is above kernel.perf_event_max_sample_rate: sampling at "
		"%llu Hz\n",
		(unsigned long long)freq, max);
	return max;
}

static int open_event(bool hw, __u64 freq, int cpu)
{
	struct perf_event_attr attr = {
		.type = hw ? PERF_TYPE_HARDWARE : PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = hw ? PERF_COUNT_HW_CPU_CYCLES : PERF_COUNT_SW_CPU_CLOCK,
		.sample_freq = freq,
		.freq = 1,
	};

	return bbpf_sys_perf_event_open(&attr, -1, cpu, -1, 0);
}

/* Opens and attaches one event per online CPU into @p. */
static int attach_cpus(struct sample_priv *p, const bool *on, int max, bool *hw, __u64 freq,
		       int prog_fd, enum bbpf_link_how *how)
{
	int cpu, fd, err;

	for (cpu = 0; cpu < max; cpu++) {
		if (!on[cpu])
			continue;
		fd = open_event(*hw, freq, cpu);
		if (fd < 0 && *hw && !p->cnt && fd != -EACCES && fd != -EPERM) {
			pr_info("perf_event: no hardware PMU for CPU cycles here (%s; a virtual "
				"machine?): sampling cpu-clock instead\n",
				bbpf_strerror(fd));
			*hw = false;
			fd = open_event(false, freq, cpu);
		}
		if (fd < 0)
			return fd;
		err = bbpf__link_perf(prog_fd, fd, 0, "perf_event", "", &p->cpu[p->cnt], how);
		if (err)
			return err;
		p->cnt++;
	}
	return 0;
}

int bbpf__attach_perf_sample(const struct bbpf_prog *prog, const char *target,
			     const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	const char *name = bbpf_prog_name(prog);
	__u64 freq = OPTS_GET(opts, sample_freq, 0) ?: DEFAULT_FREQ;
	enum bbpf_link_how how = BBPF_LINK_PERF;
	bool on[1024] = { false }, hw;
	struct bbpf_link *l = NULL;
	struct sample_priv *p;
	int n, err;

	if (target && *target && strcmp(target, "cycles") && strcmp(target, "cpu-clock")) {
		pr_warn("prog '%s': perf_event '%s': give \"cycles\" (hardware, the default) or "
			"\"cpu-clock\"\n",
			name, target);
		return -EINVAL;
	}
	hw = !target || strcmp(target, "cpu-clock");
	freq = allowed_freq(freq);
	if (hw && bbpf_feature_probe(BBPF_FEAT_PERF_HW) != 1) {
		pr_info("perf_event: no hardware PMU here (a virtual machine?): sampling cpu-clock "
			"instead\n");
		hw = false;
	}
	n = online_cpus(on, (int)(sizeof(on) / sizeof(on[0])));
	if (n < 0)
		return bbpf__attach_fail(name, "perf_event", "online CPUs", "sysfs", n);
	p = calloc(1, sizeof(*p) + (size_t)n * sizeof(p->cpu[0]));
	err = p ? bbpf__link_new(BBPF_LINK_PERF, "perf_event", &l, "%s on %d CPUs at %llu Hz",
				 "cpu-clock", n, (unsigned long long)freq)
		: -ENOMEM;
	if (err) {
		free(p);
		return err;
	}
	l->priv = p;
	l->ops = &sample_ops;
	err = attach_cpus(p, on, (int)(sizeof(on) / sizeof(on[0])), &hw, freq, bbpf_prog_fd(prog),
			  &how);
	l->how = how;
	if (!err && hw) { /* the target said cpu-clock before we knew */
		free(l->target);
		err = asprintf(&l->target, "cycles on %d CPUs at %llu Hz", n,
			       (unsigned long long)freq) < 0
			      ? -ENOMEM
			      : 0;
		if (err)
			l->target = NULL;
	}
	if (err) {
		bbpf_link_destroy(l);
		return bbpf__attach_fail(name, "perf_event", hw ? "cycles" : "cpu-clock",
					 bbpf_link_how_str(how), err);
	}
	*out = l;
	return 0;
}
