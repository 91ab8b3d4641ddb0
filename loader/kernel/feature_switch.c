// SPDX-License-Identifier: BSD-2-Clause
/*
 * The feature switch: BAREBPF_NO=ringbuf,perf_link makes the probes of those
 * features answer "no", so that every fallback path can be run on a kernel
 * new enough to have them all. It is read once, on the first probe. Names are
 * the ones `barebpf feature probe` prints; '-' may stand for '_'.
 *
 * The parser is pure (a spec and a name table in, a set of flags out); the
 * state and the once-only message live below it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/features.h>
#include "internal/log.h"
#include "kernel/internal.h"

/* True when the @len bytes at @word name @name ('-' and '_' are the same). */
static bool is_name(const char *word, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = word[i] == '-' ? '_' : word[i];

		if (c != name[i])
			return false;
	}
	return name[len] == '\0';
}

static int find_name(const char *word, size_t len, const char *const *names, int cnt)
{
	int i;

	for (i = 0; i < cnt; i++)
		if (names[i] && is_name(word, len, names[i]))
			return i;
	return -ENOENT;
}

int bbpf__feature_switch_parse(const char *spec, const char *const *names, int cnt, bool *off,
			       struct bbpf__feature_bad *bad)
{
	const char *p = spec ? spec : "";
	size_t len;
	int i;

	while (*p) {
		p += strspn(p, ", \t");
		len = strcspn(p, ", \t");
		if (!len)
			break;
		i = find_name(p, len, names, cnt);
		if (i < 0) {
			if (bad) {
				bad->word = p;
				bad->len = len;
			}
			return -EINVAL;
		}
		off[i] = true;
		p += len;
	}
	return 0;
}

/* The names of every feature, in enum order, for the parser. */
static const char *const *feature_names(void)
{
	static const char *names[BBPF_FEAT_CNT];
	int i;

	for (i = 0; i < BBPF_FEAT_CNT; i++)
		names[i] = bbpf_feature_name(i);
	return names;
}

static void warn_bad(const struct bbpf__feature_bad *bad)
{
	char known[1024] = "";
	size_t n = 0;
	int i;

	for (i = 0; i < BBPF_FEAT_CNT && n < sizeof(known); i++)
		n += snprintf(known + n, sizeof(known) - n, "%s%s", i ? ", " : "",
			      bbpf_feature_name(i));
	pr_warn("BAREBPF_NO: unknown feature '%.*s' (known: %s)\n", (int)bad->len, bad->word,
		known);
}

/* 0 not read yet, 1 read and valid, -EINVAL read and naming an unknown feature. */
static int switch_state;
static bool forced_off[BBPF_FEAT_CNT];

static int read_switch(void)
{
	struct bbpf__feature_bad bad;
	bool off[BBPF_FEAT_CNT] = { false };
	int i, err;

	if (switch_state)
		return switch_state < 0 ? switch_state : 0;
	err = bbpf__feature_switch_parse(getenv("BAREBPF_NO"), feature_names(), BBPF_FEAT_CNT, off,
					 &bad);
	if (err) {
		warn_bad(&bad);
		switch_state = err;
		return err;
	}
	for (i = 0; i < BBPF_FEAT_CNT; i++)
		forced_off[i] = forced_off[i] || off[i];
	switch_state = 1;
	return 0;
}

int bbpf_feature_forced(enum bbpf_feature feat)
{
	int err;

	if ((unsigned)feat >= BBPF_FEAT_CNT)
		return -EINVAL;
	err = read_switch();
	return err ?: forced_off[feat];
}

int bbpf_feature_force_off(enum bbpf_feature feat, bool off)
{
	int err;

	if ((unsigned)feat >= BBPF_FEAT_CNT)
		return -EINVAL;
	err = read_switch();
	if (err)
		return err;
	forced_off[feat] = off;
	return 0;
}

int bbpf__feature_switch_check(void)
{
	return read_switch();
}
