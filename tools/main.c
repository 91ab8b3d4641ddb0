// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf: the command-line front end. One file per noun (cmd_*.c); this file
 * owns the command table, global flags and the print hook.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>

#include <barebpf/ns.h>
#include "args.h"
#include "cmds.h"

#ifndef BAREBPF_VERSION
#define BAREBPF_VERSION "0.1.0"
#endif

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

/* Library messages: warnings always, the rest with -v. */
static int print_cli(enum bbpf_print_level level, const char *fmt, va_list ap)
{
	if (level > BBPF_WARN && !cli.verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int cmd_select(const struct cmd *cmds, int argc, char **argv, const char *what)
{
	const struct cmd *found = NULL;
	const struct cmd *c;

	if (argc < 1) {
		p_usage("missing %s", what);
		return EXIT_USAGE;
	}
	for (c = cmds; c->name; c++) {
		if (!strcmp(argv[0], c->name))
			return c->fn(argc - 1, argv + 1);
		if (!is_prefix(argv[0], c->name))
			continue;
		if (found) {
			p_usage("'%s' is ambiguous: %s or %s", argv[0], found->name, c->name);
			return EXIT_USAGE;
		}
		found = c;
	}
	if (!found) {
		p_usage("unknown %s '%s'", what, argv[0]);
		return EXIT_USAGE;
	}
	return found->fn(argc - 1, argv + 1);
}

static int do_help(int argc, char **argv);

static const struct cmd cmds[] = {
	{ "help", do_help, "show this help" },
	{ "version", do_version, "print the version" },
	{ "feature", do_feature, "feature probe [--json]: what the running kernel offers" },
	{ "btf", do_btf, "dump BTF (a file, an object's .BTF, or the kernel's)" },
	{ "obj", do_obj, "obj show FILE.o [--json]: programs, maps, externs of a BPF object" },
	{ "load", do_load,
	  "load OBJ [--btf PATH] [--btf-dir DIR] [--pin-dir DIR] [--set VAR=VALUE]... "
	  "[--only PROG]... [--skip PROG]... [--map NAME.max_entries=N|NAME.value_size=N]... "
	  "[-v]: into the kernel" },
	{ "core", do_core, "core explain OBJ [--btf PATH] [--json]: CO-RE relocations" },
	{ 0 },
};

static int do_help(int argc __attribute__((unused)), char **argv __attribute__((unused)))
{
	const struct cmd *c;

	printf("Usage: barebpf [-v] [-j] COMMAND [ARGS]\n\n"
	       "  -v, --verbose  print debug messages (paths taken, verifier logs)\n"
	       "  -j, --json     JSON output where a command supports it\n\n"
	       "Commands (any unique prefix works):\n");
	for (c = cmds; c->name; c++)
		printf("  %-10s %s\n", c->name, c->help);
	return EXIT_OK;
}

int do_version(int argc __attribute__((unused)), char **argv __attribute__((unused)))
{
	printf("barebpf %s\n", BAREBPF_VERSION);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int opt;

	/* '+': stop at the first non-option, the command parses its own flags. */
	while ((opt = getopt_long(argc, argv, "+vjh", opts, NULL)) != -1) {
		switch (opt) {
		case 'v':
			cli.verbose = true;
			break;
		case 'j':
			cli.json = true;
			break;
		case 'h':
			return do_help(0, NULL);
		default:
			return EXIT_USAGE;
		}
	}
	bbpf_set_print(print_cli);
	return cmd_select(cmds, argc - optind, argv + optind, "command");
}
