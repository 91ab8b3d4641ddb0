/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Keeping what the library prints, for tests that assert on messages. Each
 * message is appended to log_msgs behind "W:", "I:", "D:" or "S:" (its level).
 */
#ifndef BBPF_TEST_LOG_CAPTURE_H
#define BBPF_TEST_LOG_CAPTURE_H

#include <barebpf/ns.h>

extern char log_msgs[16384];

/*
 * log_capture_start() clears log_msgs and keeps every message up to level
 * @max (BBPF_WARN: warnings only) until log_capture_stop(), which puts the
 * previous print hook back. Starting again while capturing just clears.
 */
void log_capture_start(enum bbpf_print_level max);
void log_capture_stop(void);

#endif
