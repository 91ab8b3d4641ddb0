// SPDX-License-Identifier: BSD-2-Clause
/*
 * The print hook. It lives in the bottom layer (btf/) so that every layer
 * above can log through it.
 */
#include <stdbool.h>
#include <stdio.h>

#include <barebpf/ns.h>
#include "internal/log.h"

static int print_stderr(enum bbpf_print_level level, const char *fmt, va_list ap)
{
	if (level > BBPF_WARN && level != BBPF_SYSCALL)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static bbpf_print_fn print_hook = print_stderr;
static enum bbpf_print_level max_level = BBPF_DEBUG; /* bbpf_set_print_level() */
static __thread int quiet_debug; /* bbpf__print_quiet_debug(): this thread's debug lines held */

void bbpf__print_quiet_debug(bool quiet)
{
	quiet_debug += quiet ? 1 : -1;
}

bbpf_print_fn bbpf_set_print(bbpf_print_fn fn)
{
	bbpf_print_fn old = print_hook;

	print_hook = fn;
	return old;
}

enum bbpf_print_level bbpf_set_print_level(enum bbpf_print_level max)
{
	enum bbpf_print_level old = max_level;

	max_level = max;
	return old;
}

/* Above the level set, and debug while this thread is quiet: not even formatted. */
static bool dropped(enum bbpf_print_level level)
{
	return (level != BBPF_SYSCALL && level > max_level) || (level == BBPF_DEBUG && quiet_debug);
}

int bbpf__print_enabled(enum bbpf_print_level level)
{
	if (dropped(level))
		return 0;
	return print_hook &&
	       (print_hook != print_stderr || level <= BBPF_WARN || level == BBPF_SYSCALL);
}

void bbpf__print(enum bbpf_print_level level, const char *fmt, ...)
{
	bbpf_print_fn hook = print_hook;
	va_list ap;

	if (!hook || dropped(level))
		return;
	va_start(ap, fmt);
	hook(level, fmt, ap);
	va_end(ap);
}
