// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf: the command-line front end. One file per noun (cmd_*.c); this file
 * owns the command table, global flags and the print hook.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/ns.h>
#include <barebpf/sys.h>
#include "args.h"
#include "cmds.h"
#include "man.h"

#ifndef BAREBPF_VERSION
#define BAREBPF_VERSION "0.1.0"
#endif

bool opt_value(const char *cmd, int argc, char **argv, const char *form)
{
	if (argc >= 2)
		return true;
	p_usage("%s: %s needs a value: %s %s", cmd, argv[0], argv[0], form);
	return false;
}

/*
 * Library messages: warnings always, the rest with -v. A warning that is not
 * marked "warning:" reports a failure: counted, so that the command does not
 * report it a second time (p_fail()).
 */
static int print_cli(enum bbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == BBPF_WARN && !strstr(fmt, "warning: "))
		cli.lib_errors++;
	if (level > BBPF_WARN && level != BBPF_SYSCALL && !cli.verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void cli_set_verbose(void)
{
	cli.verbose = true;
	bbpf_set_print_level(BBPF_DEBUG);
}

void cmd_usage(const struct cmd *c)
{
	const struct cmd *s;

	if (c->usage)
		fputs(c->usage, stdout);
	for (s = c->sub; s && s->name; s++)
		if (s->usage)
			fputs(s->usage, stdout);
}

/* --help/-h where cmd_select() honours it: right after the word, or anywhere for a leaf. */
static bool asks_help(const struct cmd *c, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (is_help_flag(argv[i]))
			return true;
		if (c->sub)
			break;
	}
	return false;
}

static const struct cmd *find_cmd(const struct cmd *cmds, const char *word, const char *what)
{
	const struct cmd *found = NULL;
	const struct cmd *c;

	for (c = cmds; c->name; c++) {
		if (!strcmp(word, c->name))
			return c;
		if (!is_prefix(word, c->name))
			continue;
		if (found) {
			p_usage("'%s' is ambiguous: %s or %s", word, found->name, c->name);
			return NULL;
		}
		found = c;
	}
	if (!found)
		p_usage("unknown %s '%s'", what, word);
	return found;
}

int cmd_select(const struct cmd *cmds, int argc, char **argv, const char *what)
{
	const struct cmd *c;

	if (argc < 1) {
		p_usage("missing %s", what);
		return EXIT_USAGE;
	}
	c = find_cmd(cmds, argv[0], what);
	if (!c)
		return EXIT_USAGE;
	if (asks_help(c, argc, argv)) {
		cmd_usage(c);
		return EXIT_OK;
	}
	return c->fn(argc - 1, argv + 1);
}

static int do_help(int argc, char **argv);

static const char version_usage[] = "Usage: barebpf version [--json]   (also: barebpf --version)\n";
static const char help_usage[] = "Usage: barebpf help [COMMAND [SUBCOMMAND]] [--man]\n"
				 "  without a command: every command; with one: its usage\n"
				 "  (the same as COMMAND --help)\n"
				 "  --man  all of it as the barebpf(8) man page (roff), which\n"
				 "         make install installs\n";
static const char global_synopsis[] = "[-v] [-j|--json] [--syscalls] [--version]";
/* The global options, for the overview and the man page (getopt's table is in main()). */
static const char global_usage[] =
	"  -v, --verbose  print debug messages (paths taken, verifier logs)\n"
	"  -j, --json     JSON instead of text, for every command that prints data\n"
	"                 (also accepted after the command)\n"
	"  --syscalls     every system call barebpf makes, decoded on stderr under the\n"
	"                 loader step that made it (JSON lines with --json)\n"
	"  -h, --help     this overview (COMMAND --help: a command's usage)\n"
	"  -V, --version  print the version\n";

static const struct cmd cmds[] = {
	{ "help", do_help, "show this help, or a command's: help load", help_usage },
	{ "version", do_version, "print the version", version_usage },
	{ "feature", do_feature, "what the running kernel offers barebpf", NULL, feature_cmds },
	{ "btf", do_btf, "dump or search BTF (a file, an object's .BTF, or the kernel's)", NULL,
	  btf_cmds },
	{ "obj", do_obj, "programs, maps, globals and externs of a BPF object", NULL, obj_cmds },
	{ "load", do_load, "load an object's programs and maps into the kernel", load_usage },
	{ "run", do_run, "load, attach every program, wait, detach", run_usage },
	{ "trace", do_trace, "what the processes on this machine do (the unified collector)",
	  trace_usage },
	{ "init", do_init, "PID 1 of an initramfs: trace the boot, hand over to the real init",
	  init_usage },
	{ "core", do_core, "explain an object's CO-RE relocations against a BTF", NULL, core_cmds },
	{ "gen", do_gen, "generate: a C skeleton embedding an object, an initramfs", NULL,
	  gen_cmds },
	{ 0 },
};

/* True when @word is a command or a prefix of one, as cmd_select() reads it. */
static bool is_command(const char *word)
{
	const struct cmd *c;

	for (c = cmds; c->name; c++)
		if (is_prefix(word, c->name))
			return true;
	return false;
}

static void print_overview(void)
{
	const struct cmd *c, *s;

	printf("Usage: barebpf %s COMMAND [ARGS]\n\n%s\n", global_synopsis, global_usage);
	printf("Commands (any unique prefix works; COMMAND --help or help COMMAND for more):\n");
	for (c = cmds; c->name; c++) {
		printf("  %-10s %s\n", c->name, c->help);
		for (s = c->sub; s && s->name; s++)
			printf("    %-12s %s\n", s->name, s->help);
	}
	printf("\nExit status: 0 success, 1 failure (the message says what and why), 2 usage error.\n");
}

static int do_help(int argc, char **argv)
{
	const struct cmd *c, *s;

	if (!argc) {
		print_overview();
		return EXIT_OK;
	}
	if (argc == 1 && !strcmp(argv[0], "--man"))
		return man_print(cmds, global_synopsis, global_usage, BAREBPF_VERSION);
	c = find_cmd(cmds, argv[0], "command");
	if (!c)
		return EXIT_USAGE;
	if (argc > 1 && c->sub) {
		s = find_cmd(c->sub, argv[1], "subcommand");
		if (!s)
			return EXIT_USAGE;
		c = s;
	}
	cmd_usage(c);
	return EXIT_OK;
}

int do_version(int argc, char **argv)
{
	bool json = cli.json;

	for (; argc > 0; NEXT_ARG()) {
		if (!is_json_flag(*argv)) {
			p_usage("version: unexpected argument '%s'", *argv);
			return EXIT_USAGE;
		}
		json = true;
	}
	if (json)
		printf("{\"version\":\"%s\"}\n", BAREBPF_VERSION);
	else
		printf("barebpf %s\n", BAREBPF_VERSION);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "syscalls", no_argument, NULL, 'S' }, /* loader/sys/trace.c */
		{ 0 },
	};
	bool syscalls = false;
	int opt, i;

	if (init_wanted(argc, argv, is_command)) {
		bbpf_set_print(print_cli);
		/* init has no -v: print_cli() would drop the rest. */
		bbpf_set_print_level(BBPF_WARN);
		return init_main(argc, argv);
	}
	/* '+': stop at the first non-option, the command parses its own flags. */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+vjhV", opts, NULL)) != -1) {
		switch (opt) {
		case 'v':
			cli_set_verbose();
			break;
		case 'j':
			cli.json = true;
			break;
		case 'h':
			return do_help(0, NULL);
		case 'V':
			return do_version(0, NULL);
		case 'S':
			syscalls = true;
			break;
		default:
			p_usage("unknown option '%s'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	bbpf_set_print(print_cli);
	/* Without -v, what print_cli() drops is not even made (a command's -v raises it). */
	if (!cli.verbose)
		bbpf_set_print_level(BBPF_WARN);
	/* --json may follow the command; the library must know before its first call. */
	for (i = optind; syscalls && i < argc && !cli.json; i++)
		cli.json = is_json_flag(argv[i]);
	if (syscalls)
		bbpf_sys_trace_set(cli.json ? BBPF_SYS_TRACE_JSON : BBPF_SYS_TRACE_TEXT);
	if (optind == argc) {
		print_overview();
		return EXIT_USAGE;
	}
	return cmd_select(cmds, argc - optind, argv + optind, "command");
}
