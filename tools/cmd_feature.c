// SPDX-License-Identifier: BSD-2-Clause
/* barebpf feature probe [--json]: what the running kernel offers barebpf. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <barebpf/features.h>
#include "args.h"
#include "cmds.h"
#include "json.h"

/* "yes", "no", "no (forced)" or "?" (the probe could not run). */
static const char *answer_text(int ret, int forced)
{
	if (forced > 0)
		return "no (forced)";
	return ret < 0 ? "?" : ret ? "yes" : "no";
}

/* JSON: "name":true|false|null (the probe could not run). */
static void answer_json(int i, int ret, bool *first)
{
	if (ret < 0)
		json_kv_null(bbpf_feature_name(i), first);
	else
		json_kv_bool(bbpf_feature_name(i), ret, first);
}

/* JSON: ,"forced":["ringbuf",...] after the answers. */
static void print_forced_json(bool *first)
{
	int i, n = 0;

	json_key("forced", first);
	putchar('[');
	for (i = 0; i < BBPF_FEAT_CNT; i++) {
		if (bbpf_feature_forced(i) <= 0)
			continue;
		if (n++)
			putchar(',');
		json_str(bbpf_feature_name(i));
	}
	putchar(']');
}

static int print_probes(struct utsname *uts)
{
	int i, ret, failed = 0, first_err = 0;
	bool first = true;

	if (cli.json) {
		putchar('{');
		json_kv_str("kernel", uts->release, &first);
		json_kv_str("arch", uts->machine, &first);
	} else {
		printf("kernel %s (%s)\n", uts->release, uts->machine);
	}
	for (i = 0; i < BBPF_FEAT_CNT; i++) {
		ret = bbpf_feature_probe(i);
		if (ret < 0 && !failed++)
			first_err = ret;
		if (cli.json)
			answer_json(i, ret, &first);
		else
			printf("  %-18s %-11s %s\n", bbpf_feature_name(i),
			       answer_text(ret, bbpf_feature_forced(i)), bbpf_feature_desc(i));
	}
	if (cli.json) {
		print_forced_json(&first);
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
		if (is_json_flag(argv[0])) {
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

const struct cmd feature_cmds[] = {
	{ "probe", do_probe, "probe the running kernel's BPF features",
	  "Usage: barebpf feature probe [--json]\n"
	  "  one line per feature barebpf uses: yes, no, no (forced: BAREBPF_NO=feat,...),\n"
	  "  or ? when the probe got no answer (then the exit status is 1 and the reason\n"
	  "  is printed)\n" },
	{ 0 },
};

int do_feature(int argc, char **argv)
{
	return cmd_select(feature_cmds, argc, argv, "feature command");
}
