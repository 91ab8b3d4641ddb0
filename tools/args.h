/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Argument helpers for the CLI (bpftool's idioms): commands consume argv with
 * NEXT_ARG(), check counts with REQ_ARGS(), and match words by prefix.
 * Exit codes: 0 success, 1 failure, 2 usage error.
 */
#ifndef BBPF_TOOLS_ARGS_H
#define BBPF_TOOLS_ARGS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Options common to every command, set by main(). */
struct cli_opts {
	bool verbose;
	bool json;
};
extern struct cli_opts cli;

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
#define REQ_ARGS(cnt)                                                                       \
	({                                                                                  \
		int _cnt = (cnt);                                                           \
		bool _ok = argc >= _cnt;                                                    \
		if (!_ok)                                                                   \
			p_usage("'%s' needs at least %d more argument(s)", argv[-1], _cnt); \
		_ok;                                                                        \
	})

/* True when @arg is a non-empty prefix of @word ("ex" matches "explain"). */
static inline bool is_prefix(const char *arg, const char *word)
{
	return *arg && !strncmp(arg, word, strlen(arg));
}

void p_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void p_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void p_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A command: a word and the function that runs it on the words after it. */
struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

/*
 * cmd_select() runs the command of @cmds whose name @argv[0] is a prefix of
 * (exactly one must match). Returns the command's exit code, or EXIT_USAGE.
 */
int cmd_select(const struct cmd *cmds, int argc, char **argv, const char *what);

#endif
