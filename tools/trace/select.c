// SPDX-License-Identifier: BSD-2-Clause
/* --events and the collector's programs per event (see select.h). */
#include <errno.h>
#include <string.h>

#include "fmt_internal.h"
#include "select.h"

uint32_t trace_all_events(void)
{
	uint32_t mask = 0;
	int i;

	for (i = 1; i < BBPF_EV_TYPE_CNT; i++)
		if (trace_event_name(i))
			mask |= 1u << i;
	return mask;
}

/* The event named by the @len bytes at @word, or -ENOENT. */
static int find_word(const char *word, size_t len)
{
	const char *name;
	int i;

	for (i = 1; i < BBPF_EV_TYPE_CNT; i++) {
		name = trace_event_name(i);
		if (name && strlen(name) == len && !memcmp(name, word, len))
			return i;
	}
	return -ENOENT;
}

int trace_parse_events(const char *list, uint32_t *mask, const char **bad)
{
	const char *p = list, *end;
	uint32_t m = 0;
	size_t len;
	int type;

	while (*p) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 3 && !memcmp(p, "all", 3)) {
			m |= trace_all_events();
		} else {
			type = find_word(p, len);
			if (type < 0 || !len) {
				*bad = p;
				return -EINVAL;
			}
			m |= 1u << type;
		}
		p += len + !!end;
	}
	if (!m) {
		*bad = list;
		return -EINVAL;
	}
	*mask = m;
	return 0;
}

int trace_prog_event(const char *prog_name)
{
	const char *us = strchr(prog_name, '_');

	return us ? find_word(prog_name, us - prog_name) : -ENOENT;
}
