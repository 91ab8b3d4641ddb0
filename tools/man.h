/* SPDX-License-Identifier: BSD-2-Clause */
/* barebpf(8): the man page, made from the texts `--help` prints. */
#ifndef BBPF_TOOLS_MAN_H
#define BBPF_TOOLS_MAN_H

struct cmd;

/*
 * man_print() writes barebpf(8) in roff to stdout: @synopsis and @options (the
 * global ones, as the overview prints them), then for each command of @cmds
 * and each of its subcommands a section with its summary and its usage text,
 * verbatim. Returns the exit code (0).
 */
int man_print(const struct cmd *cmds, const char *synopsis, const char *options,
	      const char *version);

#endif
