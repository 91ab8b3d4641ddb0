/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Argument helpers for the CLI (bpftool's idioms): commands consume argv with
 * NEXT_ARG(), check option values with opt_value(), and match words by prefix.
 * Exit codes: 0 success, 1 failure, 2 usage error.
 */
#ifndef BBPF_TOOLS_ARGS_H
#define BBPF_TOOLS_ARGS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Options common to every command, set by main() (and by a command's own -v, -j). */
struct cli_opts {
	bool verbose;
	bool json;
	/*
	 * Errors the library has logged: when a command fails after the library
	 * said why, the command adds no line of its own (one message per failure).
	 */
	unsigned int lib_errors;
};
extern struct cli_opts cli;

/* -v, from main() or a command's own: the library's debug and info messages too. */
void cli_set_verbose(void);

/* "-j" or "--json": every command that prints data takes it, anywhere in its arguments. */
static inline bool is_json_flag(const char *arg)
{
	return !strcmp(arg, "-j") || !strcmp(arg, "--json");
}

/* "-h" or "--help". */
static inline bool is_help_flag(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

#define NEXT_ARG()      \
	({              \
		argc--; \
		argv++; \
	})
#define GET_ARG()        \
	({               \
		argc--;  \
		*argv++; \
	})

/* True when @arg is a non-empty prefix of @word ("ex" matches "explain"). */
static inline bool is_prefix(const char *arg, const char *word)
{
	return *arg && !strncmp(arg, word, strlen(arg));
}

void p_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* p_fail() is p_err() unless the library already logged an error since the command began. */
void p_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void p_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void p_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * opt_value() checks that option @argv[0] of command @cmd has a value after
 * it; else it says so (naming @form, what the value looks like) and returns
 * false: the caller exits with EXIT_USAGE.
 */
bool opt_value(const char *cmd, int argc, char **argv, const char *form);

/*
 * A command: a word, the function that runs it on the words after it, a
 * one-line summary and its usage (printed by `barebpf help WORD...` and by
 * `--help`/`-h` after it). A command with subcommands has @sub (its @fn
 * then just selects among them).
 */
struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
	const char *usage;
	const struct cmd *sub;
};

/*
 * cmd_select() runs the command of @cmds whose name @argv[0] is a prefix of
 * (exactly one must match). "--help" or "-h" right after the word (or
 * anywhere after a command without subcommands) prints its usage instead.
 * Returns the command's exit code, or EXIT_USAGE.
 */
int cmd_select(const struct cmd *cmds, int argc, char **argv, const char *what);

/* cmd_usage() prints the usage of @c (of each of its subcommands) to stdout. */
void cmd_usage(const struct cmd *c);

#endif
