/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Event formatting for `barebpf trace`: collector records (bpf/collector.h)
 * in, one text line out, either an aligned table row or one JSON object.
 *
 * Pure: no I/O, no kernel. A record is validated before a byte of its
 * payload is read: a short, oversized or inconsistent record is refused
 * with -EINVAL (the caller counts it), never read past its end.
 *
 *   struct trace_fmt f = { .json = true, .wall_offset_ns = off };
 *   char line[TRACE_LINE_MAX];
 *   int n = trace_fmt_record(&f, data, size, line, sizeof(line));
 *   if (n > 0) fwrite(line, 1, n, stdout);
 */
#ifndef BBPF_TOOLS_TRACE_FMT_H
#define BBPF_TOOLS_TRACE_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for the longest line any record can give (escaped strings included). */
#define TRACE_LINE_MAX 8192

/* Room for every event type number (enum bbpf_ev_type). */
#define TRACE_TYPE_SLOTS 16

struct trace_fmt {
	bool json;
	/* CLOCK_REALTIME - CLOCK_MONOTONIC, to print record times as wall clock. */
	int64_t wall_offset_ns;
	/* Table times in UTC instead of local time (tests). */
	bool utc;
	/* Records formatted, by event type. */
	uint64_t counts[TRACE_TYPE_SLOTS];
	/* Cache of the last second printed (local time is costly to compute). */
	int64_t cached_sec;
	char cached_hms[16];
};

/*
 * trace_fmt_record() writes the line for the @sz-byte record at @data into
 * @buf (@cap bytes, at least TRACE_LINE_MAX), newline included, NUL-terminated.
 * Counts the record in @f->counts. Returns the line's length; -EINVAL for a record that is short, oversized,
 * of an unknown version or inconsistent with its own lengths; -ENOSPC if
 * @cap is too small.
 */
int trace_fmt_record(struct trace_fmt *f, const void *data, size_t sz, char *buf, size_t cap);

/* The table's column titles, newline included (text mode only). */
const char *trace_fmt_table_head(void);

/* The event type's name ("exec", "connect", ...) or NULL when unknown. */
const char *trace_event_name(unsigned int type);
/* The type whose name is @name, or -ENOENT. */
int trace_event_find(const char *name);

/* "SIGKILL", "DONTNEED": names for numbers; NULL when unknown. */
const char *trace_signal_name(int sig);
const char *trace_advice_name(int advice);

#endif
