// SPDX-License-Identifier: BSD-2-Clause
/*
 * The CLI's messages (args.h: p_err, p_fail, p_usage, p_info) and its common
 * options, apart from main.c so that build tools (gen_skel.c) print alike.
 */
#include <stdarg.h>
#include <stdio.h>

#include "args.h"

struct cli_opts cli;

void p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("barebpf: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void p_fail(const char *fmt, ...)
{
	va_list ap;

	if (cli.lib_errors)
		return;
	va_start(ap, fmt);
	fputs("barebpf: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void p_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("barebpf: usage: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs(" (see 'barebpf help')\n", stderr);
	va_end(ap);
}

void p_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
