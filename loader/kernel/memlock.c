// SPDX-License-Identifier: BSD-2-Clause
/*
 * RLIMIT_MEMLOCK: raised only where the kernel still charges BPF memory
 * against it. Until 5.11 every map, program and ring buffer was charged to
 * the user's locked_vm and refused with EPERM past the limit (docs/KERNELS.md: on
 * 5.10 a ring buffer fails without raising it); since 5.11 the memory cgroup
 * is charged instead and the limit means nothing to bpf().
 *
 * Which one the running kernel does is asked, not guessed from its version:
 * with the soft limit briefly at 0, a one-page map can be created only if
 * memlock is not charged. Lowering the soft limit and restoring it needs no
 * privilege. Everything goes through the sys.c wrappers, so unit tests drive
 * both kernels' behaviour through tests/fakes/fake_sys.c.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <barebpf/sys.h>
#include "internal/log.h"

/* A one-page array: charged one page where memlock is charged, nothing else. */
static int probe_map(void)
{
	int fd;

	fd = bbpf_sys_map_create(BPF_MAP_TYPE_ARRAY, "bbpf_memlock", sizeof(__u32), sizeof(__u64),
				 1, NULL);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* Creates the probe map with the soft limit at 0, then puts @orig back. */
static int probe_at_zero(const struct rlimit *orig)
{
	struct rlimit zero = { 0, orig->rlim_max };
	int err, err2;

	err = bbpf_sys_memlock_set(&zero);
	if (err)
		return err;
	err = probe_map();
	err2 = bbpf_sys_memlock_set(orig);
	if (err2)
		pr_warn("cannot restore RLIMIT_MEMLOCK after probing it: %s\n",
			bbpf_strerror(err2));
	return err;
}

static const char *fmt_limit(rlim_t v, char *buf, size_t sz)
{
	if (v == RLIM_INFINITY)
		return "unlimited";
	snprintf(buf, sz, "%llu KiB", (unsigned long long)v / 1024);
	return buf;
}

/* Raises the limit to unlimited, else (no CAP_SYS_RESOURCE) to the hard limit. */
static int raise_limit(const struct rlimit *orig, struct rlimit *now)
{
	struct rlimit inf = { RLIM_INFINITY, RLIM_INFINITY };
	struct rlimit hard = { orig->rlim_max, orig->rlim_max };
	int err;

	if (!bbpf_sys_memlock_set(&inf)) {
		*now = inf;
		return 0;
	}
	if (orig->rlim_max <= orig->rlim_cur)
		return -EPERM;
	err = bbpf_sys_memlock_set(&hard);
	if (!err)
		*now = hard;
	return err;
}

/*
 * The probe failed with EPERM at limit 0: either memlock is charged or the
 * caller may not create maps at all. Raising the limit tells them apart; it
 * is put back unless it is what made the map possible.
 */
static int raise_and_check(const struct rlimit *orig)
{
	char was[32], is[32];
	struct rlimit now;
	int err;

	if (raise_limit(orig, &now)) {
		err = probe_map();
		if (err)
			return err;
		pr_warn("the kernel charges BPF memory against RLIMIT_MEMLOCK (%s) and it cannot be raised (needs CAP_SYS_RESOURCE): large maps may fail with EPERM\n",
			fmt_limit(orig->rlim_cur, was, sizeof(was)));
		return 0;
	}
	err = probe_map();
	if (err) {
		bbpf_sys_memlock_set(orig);
		return err;
	}
	pr_debug("the kernel charges BPF memory against RLIMIT_MEMLOCK: raised it from %s to %s\n",
		 fmt_limit(orig->rlim_cur, was, sizeof(was)),
		 fmt_limit(now.rlim_cur, is, sizeof(is)));
	return 0;
}

int bbpf_sys_ensure_memlock(void)
{
	struct rlimit orig;
	char buf[32];
	int err;

	err = bbpf_sys_memlock_get(&orig);
	if (err) {
		pr_warn("cannot read RLIMIT_MEMLOCK: %s\n", bbpf_strerror(err));
		return err;
	}
	if (orig.rlim_cur == RLIM_INFINITY) {
		pr_debug("RLIMIT_MEMLOCK is unlimited: nothing to raise\n");
		return 0;
	}
	err = probe_at_zero(&orig);
	if (!err) {
		pr_debug(
			"the kernel does not charge BPF memory against RLIMIT_MEMLOCK: left at %s\n",
			fmt_limit(orig.rlim_cur, buf, sizeof(buf)));
		return 0;
	}
	if (err != -EPERM) {
		pr_warn("cannot probe whether the kernel charges RLIMIT_MEMLOCK: %s\n",
			bbpf_strerror(err));
		return err;
	}
	return raise_and_check(&orig);
}
