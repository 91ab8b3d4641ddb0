/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where trace lines go: one large buffer, written to an fd with write() when
 * it is nearly full or when the reader has drained the buffer it reads. At a
 * storm's rates stdio's small buffer (1 KiB in musl) cost a write() every few
 * lines, and each syscall is the most expensive thing a line does.
 */
#ifndef BBPF_TOOLS_TRACE_SINK_H
#define BBPF_TOOLS_TRACE_SINK_H

#include <stddef.h>

#define TRACE_SINK_CAP (256 * 1024)

struct trace_sink {
	int fd;
	size_t len;
	int err; /* the first write error (-EPIPE: the reader of the fd is gone) */
	char buf[TRACE_SINK_CAP];
};

/* Room for at least @need bytes at the end of the buffer (flushing first when short). */
char *trace_sink_room(struct trace_sink *s, size_t need);
/* @n bytes written at what trace_sink_room() gave are kept. */
void trace_sink_commit(struct trace_sink *s, size_t n);
void trace_sink_str(struct trace_sink *s, const char *str);
/* Writes everything buffered; 0 or the first error (-errno). */
int trace_sink_flush(struct trace_sink *s);

#endif
