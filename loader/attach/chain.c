// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fallback chains [sys]: of the programs an object tags BBPF_CHAIN("name")
 * (loader/obj/chain.c reads the tags), load and attach one per chain.
 *
 * Each chain has a cursor on its steps, cheapest mechanism first. A step is
 * passed over without loading anything when the kernel lacks its mechanism
 * (the feature probes: fentry, tp_btf, raw_tp; kprobes: the PMU or tracefs
 * kprobe_events) or its target (no such tracepoint; no kprobe candidate in
 * kallsyms, or only blacklisted ones). Then the object is loaded with only
 * the current step of each chain autoloaded. A step the kernel refuses
 * (bbpf_obj_load_failed_prog()) or that fails to attach moves its chain's
 * cursor on, and the object is loaded again: the maps are made anew, which
 * is harmless as nothing has run yet. Each skipped step leaves a reason,
 * "fentry: EPERM, refused by the kernel", for the one line per chain.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/chain.h>
#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include "internal/log.h"
#include "internal/opts.h"
#include "kernel/internal.h"
#include "attach/internal.h"

struct chain {
	const char *name;
	const struct bbpf_prog **steps;
	size_t cnt, cur;      /* cur == cnt: no step left */
	enum bbpf_mech force; /* the mechanism its steps are limited to, or AUTO */
	char ksym[256];	      /* the kprobe candidate chosen for the current step */
	char why[1024];	      /* reasons of the steps passed over */
	struct bbpf_link *link;
};

struct bbpf_chains {
	struct chain *c;
	size_t cnt;
};

/* Appends "MECH: ERRNAME, WORDS" to @c's reasons. */
static void note(struct chain *c, const struct bbpf_prog *p, int err, const char *words)
{
	size_t w = strlen(c->why);
	const char *en = bbpf_errno_name(err);

	snprintf(c->why + w, sizeof(c->why) - w, "%s%s: %s%s%s", w ? "; " : "",
		 bbpf_mech_str(bbpf_prog_mech(p)), en ? en : "", en ? ", " : "", words);
}

/* A feature the step needs: 0 when the kernel has it, else the probe's -errno (or -EPERM). */
static int need_feature(enum bbpf_feature f, const char **words)
{
	int why;

	if (bbpf_feature_probe(f) == 1)
		return 0;
	why = bbpf__feature_why(f);
	*words = !why		  ? "switched off by BAREBPF_NO"
		 : why == -ENOENT ? "not in the kernel's BTF (or no kernel BTF)"
				  : "refused by the kernel";
	return why ? -abs(why) : -EOPNOTSUPP;
}

/*
 * Whether tracepoint "category/name" @target exists: 0, -ENOENT, -EACCES
 * (tracefs is there but this process may not read it), -ENODEV (no tracefs).
 */
static int have_tracepoint(const char *target)
{
	const char *root, *slash = strchr(target, '/');
	char cat[256];
	int err;

	root = bbpf__tracefs_root_err(&err);
	if (!root)
		return err == -EACCES ? err : -ENODEV;
	if (!slash || (size_t)(slash - target) >= sizeof(cat))
		return -EINVAL;
	snprintf(cat, sizeof(cat), "%.*s", (int)(slash - target), target);
	if (!bbpf__tracefs_name_ok(cat) || !bbpf__tracefs_name_ok(slash + 1))
		return -EINVAL;
	err = bbpf__tracefs_read_id(root, cat, slash + 1);
	return err == -EACCES || err == -EPERM ? -EACCES : err < 0 ? -ENOENT : 0;
}

/* Kprobes of any kind here: the PMU, or tracefs kprobe_events. */
static bool have_kprobes(void)
{
	const char *root;

	if (bbpf_feature_probe(BBPF_FEAT_KPROBE_PMU) == 1)
		return true;
	root = bbpf__tracefs_root();
	return root && bbpf__tracefs_has(root, "kprobe_events");
}

/* Can @c's current step be tried without loading it? 0, or -errno after noting why not. */
static int precheck(struct chain *c)
{
	const struct bbpf_prog *p = c->steps[c->cur];
	const char *words = "", *target = bbpf_prog_attach_target(p);
	char why[600];
	int err = 0;

	c->ksym[0] = '\0';
	switch (bbpf_prog_mech(p)) {
	case BBPF_MECH_FENTRY:
		err = need_feature(BBPF_FEAT_FENTRY, &words);
		break;
	case BBPF_MECH_TP_BTF:
		err = need_feature(BBPF_FEAT_TP_BTF, &words);
		break;
	case BBPF_MECH_RAW_TP:
		err = need_feature(BBPF_FEAT_RAW_TP, &words);
		break;
	case BBPF_MECH_TRACEPOINT:
		err = have_tracepoint(target);
		if (err == -EACCES)
			words = "tracefs may not be read by this process";
		else if (err == -ENODEV)
			words = "no tracefs: not mounted, and mounting it failed";
		else if (err) {
			snprintf(why, sizeof(why), "no tracepoint %s", target);
			words = why;
		}
		break;
	case BBPF_MECH_KPROBE:
		if (!have_kprobes()) {
			err = -EOPNOTSUPP, words = "no kprobes in this kernel";
			break;
		}
		if (bbpf_prog_ksym_cnt(p) < 1 || bbpf_prog_attach_kind(p) == BBPF_ATTACH_KSYSCALL ||
		    bbpf_prog_attach_kind(p) == BBPF_ATTACH_KRETSYSCALL)
			break; /* attach finds the syscall's entry, or says what is missing */
		err = bbpf__kprobe_pick(p, c->ksym, sizeof(c->ksym), why, sizeof(why));
		words = why;
		break;
	default:
		break;
	}
	if (err)
		note(c, p, err, words);
	return err;
}

/* Moves @c's cursor to the first step from cur on that c->force allows and passes precheck(). */
static void advance(struct chain *c)
{
	for (; c->cur < c->cnt; c->cur++) {
		if (c->force != BBPF_MECH_AUTO && bbpf_prog_mech(c->steps[c->cur]) != c->force)
			continue;
		if (!precheck(c))
			return;
	}
}

void bbpf_chains_free(struct bbpf_chains *ch)
{
	struct bbpf_link **links;
	size_t i;

	if (!ch)
		return;
	links = calloc(ch->cnt + 1, sizeof(*links));
	for (i = 0; links && i < ch->cnt; i++) {
		links[i] = ch->c[i].link;
		ch->c[i].link = NULL;
	}
	bbpf_links_destroy(links, ch->cnt); /* the grace periods overlap */
	free(links);
	for (i = 0; i < ch->cnt; i++) {
		bbpf_link_destroy(ch->c[i].link);
		free(ch->c[i].steps);
	}
	free(ch->c);
	free(ch);
}

/*
 * Keeps the steps of @c whose autoload is on (the caller switched the
 * others off) and sets the mechanism they are limited to: @force, or, when
 * @or_auto and no step has @force, none.
 */
static void keep_steps(struct chain *c, enum bbpf_mech force, bool or_auto)
{
	size_t i, n = 0;
	bool has = false;

	for (i = 0; i < c->cnt; i++) {
		if (!bbpf_prog_autoload(c->steps[i]))
			continue;
		has |= bbpf_prog_mech(c->steps[i]) == force;
		c->steps[n++] = c->steps[i];
	}
	c->cnt = n;
	c->force = has || !or_auto ? force : BBPF_MECH_AUTO;
}

/* The chains of @obj with a step left to try; -ENOMEM. */
static int collect(const struct bbpf_obj *obj, const struct bbpf_chain_opts *opts,
		   struct bbpf_chains **out)
{
	struct bbpf_chains *ch = calloc(1, sizeof(*ch));
	size_t i, cnt = bbpf_obj_chain_cnt(obj);
	struct chain *c;

	if (!ch)
		return -ENOMEM;
	ch->c = calloc(cnt + 1, sizeof(*ch->c));
	for (i = 0; ch->c && i < cnt; i++) {
		c = &ch->c[ch->cnt];
		c->name = bbpf_obj_chain_name(obj, i);
		c->cnt = bbpf_obj_chain_steps(obj, c->name, NULL, 0);
		c->steps = calloc(c->cnt + 1, sizeof(*c->steps));
		if (!c->steps)
			break;
		bbpf_obj_chain_steps(obj, c->name, c->steps, c->cnt);
		keep_steps(c, OPTS_GET(opts, force, BBPF_MECH_AUTO),
			   OPTS_GET(opts, or_auto, false));
		if (c->cnt)
			ch->cnt++;
		else
			free(c->steps), c->steps = NULL; /* every step switched off: left out */
	}
	if (!ch->c || i < cnt) {
		bbpf_chains_free(ch);
		return -ENOMEM;
	}
	*out = ch;
	return 0;
}

/* Autoload on for each chain's current step, off for every other step. */
static int select_steps(struct bbpf_obj *obj, struct bbpf_chains *ch)
{
	struct bbpf_prog *p;
	size_t i, s;
	int err = 0;

	for (i = 0; i < ch->cnt && !err; i++)
		for (s = 0; s < ch->c[i].cnt && !err; s++) {
			p = bbpf_obj_prog_mut(obj, (size_t)bbpf_obj_find_prog(
							   obj, bbpf_prog_name(ch->c[i].steps[s])));
			err = bbpf_prog_set_autoload(p, s == ch->c[i].cur);
		}
	return err;
}

/* The chain whose current step is @p, or NULL. */
static struct chain *owner(struct bbpf_chains *ch, const struct bbpf_prog *p)
{
	size_t i;

	for (i = 0; p && i < ch->cnt; i++)
		if (ch->c[i].cur < ch->c[i].cnt && ch->c[i].steps[ch->c[i].cur] == p)
			return &ch->c[i];
	return NULL;
}

/* Attaches each chain's current step; one that fails moves on. Returns true when all held. */
static bool attach_steps(struct bbpf_chains *ch)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o) };
	const struct bbpf_prog *p;
	bool all = true;
	struct chain *c;
	size_t i;
	int err;

	for (i = 0; i < ch->cnt; i++) {
		c = &ch->c[i];
		p = c->steps[c->cur];
		o.target = c->ksym[0] ? c->ksym : NULL;
		err = bbpf_prog_attach(p, &o, &c->link);
		if (!err)
			continue;
		c->link = NULL;
		note(c, p, err, "attach failed");
		c->cur++;
		advance(c);
		all = false;
	}
	return all;
}

static void detach_steps(struct bbpf_chains *ch)
{
	size_t i;

	for (i = 0; i < ch->cnt; i++) {
		bbpf_link_destroy(ch->c[i].link);
		ch->c[i].link = NULL;
	}
}

/* A chain with no step left: logged. Returns -ENOENT for a forced mechanism it lacks, else -ESRCH. */
static int exhausted(const struct bbpf_chains *ch)
{
	const struct chain *c;
	enum bbpf_mech force;
	size_t i, s;

	for (i = 0; i < ch->cnt; i++) {
		c = &ch->c[i];
		force = c->force;
		if (c->cur < c->cnt)
			continue;
		for (s = 0; force != BBPF_MECH_AUTO && s < c->cnt; s++)
			if (bbpf_prog_mech(c->steps[s]) == force)
				break;
		if (force != BBPF_MECH_AUTO && s == c->cnt) {
			pr_warn("chain '%s': no %s step\n", c->name, bbpf_mech_str(force));
			return -ENOENT;
		}
		pr_warn("chain '%s': no step could be loaded and attached (%s)\n", c->name, c->why);
		return -ESRCH;
	}
	return 0;
}

/*
 * The load options: the caller's, with .rest_later only the current steps
 * first (@names has room for one per chain).
 */
static void load_opts(const struct bbpf_chains *ch, const struct bbpf_chain_opts *opts,
		      const char **names, struct bbpf_obj_load_opts *lo)
{
	const struct bbpf_obj_load_opts *user = OPTS_GET(opts, load, NULL);
	size_t i;

	memset(lo, 0, sizeof(*lo));
	if (user)
		memcpy(lo, user, user->sz < sizeof(*lo) ? user->sz : sizeof(*lo));
	lo->sz = sizeof(*lo);
	lo->first = NULL;
	lo->first_cnt = 0;
	if (!OPTS_GET(opts, rest_later, false) || !ch->cnt)
		return; /* no chain: nothing to load first */
	for (i = 0; i < ch->cnt; i++)
		names[i] = bbpf_prog_name(ch->c[i].steps[ch->c[i].cur]);
	lo->first = names;
	lo->first_cnt = ch->cnt;
}

/* One round: load with the current steps, attach them. 0 done, -EAGAIN try again, -errno. */
static int try_round(struct bbpf_obj *obj, struct bbpf_chains *ch,
		     const struct bbpf_chain_opts *opts, const char **names)
{
	struct bbpf_obj_load_opts lo;
	struct chain *c;
	int err;

	err = exhausted(ch) ?: select_steps(obj, ch);
	if (!err)
		load_opts(ch, opts, names, &lo);
	err = err ?: bbpf_obj_load(obj, &lo);
	if (err) {
		c = owner(ch, bbpf_obj_load_failed_prog(obj));
		if (!c || err == -EBUSY)
			return err;
		note(c, c->steps[c->cur], err, "refused by the kernel");
		c->cur++;
		advance(c);
		return -EAGAIN;
	}
	if (attach_steps(ch))
		return 0;
	detach_steps(ch);
	bbpf_obj_unload(obj);
	return -EAGAIN;
}

int bbpf_obj_load_chains(struct bbpf_obj *obj, const struct bbpf_chain_opts *opts,
			 struct bbpf_chains **out)
{
	struct bbpf_chains *ch = NULL;
	const char **names;
	size_t i;
	int err;

	if (!obj || !out || !OPTS_VALID(opts, bbpf_chain_opts) ||
	    !OPTS_VALID(OPTS_GET(opts, load, NULL), bbpf_obj_load_opts) ||
	    (unsigned)OPTS_GET(opts, force, 0) >= BBPF_MECH_CNT)
		return -EINVAL;
	err = collect(obj, opts, &ch);
	if (err)
		return err;
	names = calloc(ch->cnt + 1, sizeof(*names));
	if (!names) {
		bbpf_chains_free(ch);
		return -ENOMEM;
	}
	for (i = 0; i < ch->cnt; i++)
		advance(&ch->c[i]);
	do
		err = try_round(obj, ch, opts, names);
	while (err == -EAGAIN);
	free(names);
	if (err) {
		bbpf_chains_free(ch);
		return err;
	}
	for (i = 0; i < ch->cnt; i++)
		pr_info("attached %s via %s %s%s%s%s\n", ch->c[i].name,
			bbpf_link_hook(ch->c[i].link), bbpf_link_target(ch->c[i].link),
			ch->c[i].why[0] ? " (" : "", ch->c[i].why, ch->c[i].why[0] ? ")" : "");
	*out = ch;
	return 0;
}

size_t bbpf_chains_cnt(const struct bbpf_chains *ch)
{
	return ch ? ch->cnt : 0;
}

const char *bbpf_chains_name(const struct bbpf_chains *ch, size_t idx)
{
	return ch && idx < ch->cnt ? ch->c[idx].name : NULL;
}

const struct bbpf_prog *bbpf_chains_prog(const struct bbpf_chains *ch, size_t idx)
{
	return ch && idx < ch->cnt ? ch->c[idx].steps[ch->c[idx].cur] : NULL;
}

struct bbpf_link *bbpf_chains_link(const struct bbpf_chains *ch, size_t idx)
{
	return ch && idx < ch->cnt ? ch->c[idx].link : NULL;
}

const char *bbpf_chains_why(const struct bbpf_chains *ch, size_t idx)
{
	return ch && idx < ch->cnt ? ch->c[idx].why : NULL;
}
