// SPDX-License-Identifier: BSD-2-Clause
/*
 * CPU lists from sysfs. A perf event array left without max_entries gets
 * one slot per possible CPU at load (load/maps.c), as libbpf gives it.
 * libbpf counts the listed CPUs; we take the highest id + 1, which is the
 * same for the contiguous lists kernels print ("0-3") and, for a list with
 * holes ("0,2-5"), still gives CPU 5 its slot (the program writes to the
 * slot of the CPU it runs on).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/ns.h>
#include "internal/log.h"
#include "kernel/cpus.h"

#define CPU_ID_MAX (1 << 20)
#define POSSIBLE   "/sys/devices/system/cpu/possible"

/* One decimal id at *@s; advances *@s. Returns it, or -EINVAL. */
static long parse_id(const char **s)
{
	char *end;
	long v;

	if (**s < '0' || **s > '9')
		return -EINVAL;
	v = strtol(*s, &end, 10);
	*s = end;
	return v < CPU_ID_MAX ? v : -EINVAL;
}

int bbpf__cpu_list_parse(const char *s, bool *mask, size_t mask_sz)
{
	long a, b, top = -1;

	for (;;) {
		a = parse_id(&s);
		b = a;
		if (a >= 0 && *s == '-') {
			s++;
			b = parse_id(&s);
		}
		if (a < 0 || b < a)
			return -EINVAL;
		for (; mask && a <= b && (size_t)a < mask_sz; a++)
			mask[a] = true;
		top = b > top ? b : top;
		if (*s != ',')
			break;
		s++;
	}
	if (*s == '\n')
		s++;
	return *s ? -EINVAL : (int)top + 1;
}

int bbpf__cpus_possible(void)
{
	static int cached;
	char buf[4096];
	FILE *f;
	size_t n;
	int cnt;

	if (cached)
		return cached;
	f = fopen(POSSIBLE, "re");
	if (!f) {
		cnt = -errno;
		pr_warn("reading %s: %s\n", POSSIBLE, bbpf_strerror(cnt));
		return cnt;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	cnt = bbpf__cpu_list_parse(buf, NULL, 0);
	if (cnt < 0)
		pr_warn("%s: not a CPU list: '%s'\n", POSSIBLE, buf);
	else
		cached = cnt;
	return cnt;
}
