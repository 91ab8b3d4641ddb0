// SPDX-License-Identifier: BSD-2-Clause
#include <stdio.h>
#include <string.h>

#include "log_capture.h"

char log_msgs[16384];
static enum bbpf_print_level max_level;
static bbpf_print_fn saved_hook;
static int capturing;

static int capture(enum bbpf_print_level level, const char *fmt, va_list ap)
{
	size_t len = strlen(log_msgs);

	if (level > max_level || len >= sizeof(log_msgs) - 3)
		return 0;
	snprintf(log_msgs + len, sizeof(log_msgs) - len, "%c:", "WIDS"[level]);
	len += 2;
	return vsnprintf(log_msgs + len, sizeof(log_msgs) - len, fmt, ap);
}

void log_capture_start(enum bbpf_print_level max)
{
	bbpf_print_fn prev;

	log_msgs[0] = 0;
	max_level = max;
	prev = bbpf_set_print(capture);
	if (!capturing)
		saved_hook = prev;
	capturing = 1;
}

void log_capture_stop(void)
{
	if (capturing)
		bbpf_set_print(saved_hook);
	capturing = 0;
}
