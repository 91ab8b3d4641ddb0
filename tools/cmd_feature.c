// SPDX-License-Identifier: BSD-2-Clause
/* barebpf feature probe [--json]: what the running kernel offers barebpf. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <barebpf/features.h>
#include "args.h"
#include "cmds.h"

/* "yes", "no", "no (forced)" or "?" (the probe could not run). */
static const char *answer_text(int ret, int forced)
{
	if (forced > 0)
		return "no (forced)";
	return ret < 0 ? "?" : ret ? "yes" : "no";
}

static const char *answer_json(int ret)
{
	return ret < 0 ? "null" : ret ? "true" : "false";
}

/* JSON: ,"forced":["ringbuf",...] after the answers. */
static void print_forced_json(void)
{
	int i, n = 0;

	printf(",\"forced\":[");
	for (i = 0; i < BBPF_FEAT_CNT; i++)
		if (bbpf_feature_forced(i) > 0)
			printf("%s\"%s\"", n++ ? "," : "", bbpf_feature_name(i));
	printf("]");
}

static int print_probes(struct utsname *uts)
{
	int i, ret, failed = 0, first_err = 0;

	if (cli.json)
		printf("{\"kernel\":\"%s\",\"arch\":\"%s\"", uts->release, uts->machine);
	else
		printf("kernel %s (%s)\n", uts->release, uts->machine);
	for (i = 0; i < BBPF_FEAT_CNT; i++) {
		ret = bbpf_feature_probe(i);
		if (ret < 0 && !failed++)
			first_err = ret;
		if (cli.json)
			printf(",\"%s\":%s", bbpf_feature_name(i), answer_json(ret));
		else
			printf("  %-18s %-11s %s\n", bbpf_feature_name(i),
			       answer_text(ret, bbpf_feature_forced(i)), bbpf_feature_desc(i));
	}
	if (cli.json) {
		print_forced_json();
		printf("}\n");
	}
	/* A '?' is not an answer: the report is incomplete, say so and why. */
	if (failed) {
		p_err("%d of %d features could not be probed: %s%s", failed, BBPF_FEAT_CNT,
		      bbpf_strerror(first_err),
		      first_err == -EPERM ? " (needs CAP_BPF, or root)" : "");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int do_probe(int argc, char **argv)
{
	struct utsname uts;

	for (; argc > 0; NEXT_ARG()) {
		if (!strcmp(argv[0], "--json")) {
			cli.json = true;
			continue;
		}
		p_usage("feature probe: unknown argument '%s'", argv[0]);
		return EXIT_USAGE;
	}
	/* A misspelt BAREBPF_NO has been reported (with the known names): stop. */
	if (bbpf_feature_forced(0) < 0)
		return EXIT_FAIL;
	uname(&uts);
	return print_probes(&uts);
}

int do_feature(int argc, char **argv)
{
	static const struct cmd cmds[] = {
		{ "probe", do_probe, "probe the running kernel's BPF features" },
		{ 0 },
	};

	return cmd_select(cmds, argc, argv, "feature command");
}
