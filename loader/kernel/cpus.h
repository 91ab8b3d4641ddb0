/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CPU lists of sysfs (/sys/devices/system/cpu/possible, online): "0-3",
 * "0,2-5", "0". The parser is pure; the readers go to sysfs once.
 */
#ifndef BBPF_LOADER_KERNEL_CPUS_H
#define BBPF_LOADER_KERNEL_CPUS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * bbpf__cpu_list_parse() reads a CPU list (ranges "a-b" and single ids,
 * comma-separated, an optional trailing newline). With @mask non-NULL it
 * sets mask[id] for each listed id below @mask_sz. Returns the number of
 * CPU ids the list spans (the highest id + 1: a per-CPU array indexed by
 * CPU id needs that many slots), or -EINVAL for anything else (empty, a
 * descending range, ids past 1 << 20).
 */
int bbpf__cpu_list_parse(const char *s, bool *mask, size_t mask_sz);

/*
 * bbpf__cpus_possible() is bbpf__cpu_list_parse() of
 * /sys/devices/system/cpu/possible, read once and cached. Returns the
 * count, or -errno (logged) when the file cannot be read or parsed.
 */
int bbpf__cpus_possible(void);

#endif
