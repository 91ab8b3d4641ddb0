/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `barebpf init`'s options, from the kernel command line (barebpf.KEY=VALUE
 * words of /proc/cmdline) or from its own arguments (--KEY VALUE). Pure: text
 * in, struct init_opts out; the strings it keeps point into the caller's text.
 */
#ifndef BBPF_TOOLS_INIT_OPTS_H
#define BBPF_TOOLS_INIT_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum init_out { INIT_OUT_CONSOLE, INIT_OUT_KMSG, INIT_OUT_FILE };

struct init_opts {
	uint32_t mask;	 /* collector events; 0: no tracing (barebpf.events=none) */
	double duration; /* seconds the collector runs; 0: until it is stopped */
	enum init_out out;
	const char *out_path; /* INIT_OUT_FILE: an absolute path */
	bool json;
	const char *root;   /* a directory to switch_root to; NULL: stay */
	const char *then;   /* the real init; NULL: the usual candidates */
	uint64_t max_bytes; /* the log file's size limit (INIT_OUT_FILE) */
	double wait;	    /* seconds PID 1 waits for the collector to attach */
};

#define INIT_DEFAULT_DURATION  60
#define INIT_DEFAULT_MAX_BYTES (16u << 20)
#define INIT_DEFAULT_WAIT      30

void init_opts_default(struct init_opts *o);

/*
 * init_opts_set() applies option @key ("events", "out", ...; '-' and '_' are
 * the same) with value @val (NULL: given without one, which only json takes).
 * Returns 0, or -EINVAL with the reason in @why.
 */
int init_opts_set(struct init_opts *o, const char *key, const char *val, char *why, size_t whysz);

/*
 * init_opts_cmdline() applies every barebpf.KEY=VALUE word of the kernel
 * command line @cmdline, which it splits in place (double quotes around a
 * value are removed, as the kernel does); other words are left alone, and
 * nothing after a lone "--" (the init's own arguments) is read. A bad word
 * does not stop the others: returns the number of bad words, the first one's
 * reason in @why.
 */
int init_opts_cmdline(struct init_opts *o, char *cmdline, char *why, size_t whysz);

/*
 * init_opts_args() applies arguments --KEY VALUE (and --json) from @argv;
 * a lone "--" ends them. Returns the number of arguments used (the rest are
 * the real init's), or -EINVAL with the reason in @why.
 */
int init_opts_args(struct init_opts *o, int argc, char **argv, char *why, size_t whysz);

#endif
