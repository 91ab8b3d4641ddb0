// SPDX-License-Identifier: BSD-2-Clause
/* The trace output buffer (see sink.h). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sink.h"

int trace_sink_flush(struct trace_sink *s)
{
	size_t off = 0;
	ssize_t n;

	while (off < s->len && !s->err) {
		n = write(s->fd, s->buf + off, s->len - off);
		if (n > 0)
			off += n;
		else if (n < 0 && errno != EINTR)
			s->err = -errno;
	}
	s->len = 0; /* after an error the lines are dropped: nobody reads them */
	return s->err;
}

char *trace_sink_room(struct trace_sink *s, size_t need)
{
	if (sizeof(s->buf) - s->len < need)
		trace_sink_flush(s);
	return s->buf + s->len;
}

void trace_sink_commit(struct trace_sink *s, size_t n)
{
	s->len += n;
}

void trace_sink_str(struct trace_sink *s, const char *str)
{
	size_t n = strlen(str);
	char *p = trace_sink_room(s, n);

	if (n <= sizeof(s->buf) - s->len) {
		memcpy(p, str, n);
		trace_sink_commit(s, n);
	}
}
