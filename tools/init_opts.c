// SPDX-License-Identifier: BSD-2-Clause
/*
 * `barebpf init`'s options (init_opts.h): one table of keys, read from the
 * kernel command line and from arguments alike. Pure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init_opts.h"
#include "trace/select.h"

#define PREFIX "barebpf."

void init_opts_default(struct init_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mask = trace_all_events();
	o->duration = INIT_DEFAULT_DURATION;
	o->out = INIT_OUT_CONSOLE;
	o->max_bytes = INIT_DEFAULT_MAX_BYTES;
	o->wait = INIT_DEFAULT_WAIT;
}

static int bad(char *why, size_t whysz, const char *fmt, const char *key, const char *val)
{
	snprintf(why, whysz, fmt, key, val ? val : "");
	return -EINVAL;
}

static int set_seconds(double *out, const char *key, const char *val, char *why, size_t whysz)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(val, &end);
	if (errno || !*val || *end || !(v >= 0) || v > 1e9)
		return bad(why, whysz, "%s '%s': expected seconds", key, val);
	*out = v;
	return 0;
}

/* A size in bytes, with an optional K, M or G (powers of 1024). */
static int set_size(uint64_t *out, const char *key, const char *val, char *why, size_t whysz)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	errno = 0;
	v = strtoull(val, &end, 10);
	if (*end && !end[1])
		shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
	if (errno || *val < '0' || *val > '9' || (*end && (!shift || end[1])) || !v ||
	    v > (UINT64_MAX >> shift))
		return bad(why, whysz, "%s '%s': expected bytes above 0 (K, M, G allowed)", key,
			   val);
	*out = (uint64_t)v << shift;
	return 0;
}

static int set_bool(bool *out, const char *key, const char *val, char *why, size_t whysz)
{
	static const char *const yes[] = { "1", "y", "yes", "true", "on", NULL };
	static const char *const no[] = { "0", "n", "no", "false", "off", NULL };
	int i;

	for (i = 0; val && yes[i]; i++)
		if (!strcmp(val, yes[i]) || !strcmp(val, no[i]))
			return *out = !!strcmp(val, no[i]), 0;
	if (!val)
		return *out = true, 0;
	return bad(why, whysz, "%s '%s': expected 1 or 0", key, val);
}

static int set_path(const char **out, const char *key, const char *val, char *why, size_t whysz)
{
	if (*val != '/')
		return bad(why, whysz, "%s '%s': expected an absolute path", key, val);
	*out = val;
	return 0;
}

static int set_out(struct init_opts *o, const char *key, const char *val, char *why, size_t whysz)
{
	if (!strcmp(val, "console") || !strcmp(val, "kmsg")) {
		o->out = *val == 'c' ? INIT_OUT_CONSOLE : INIT_OUT_KMSG;
		o->out_path = NULL;
		return 0;
	}
	if (*val != '/' || val[strlen(val) - 1] == '/')
		return bad(why, whysz, "%s '%s': expected console, kmsg or a file's absolute path",
			   key, val);
	o->out = INIT_OUT_FILE;
	o->out_path = val;
	return 0;
}

static int set_events(uint32_t *mask, const char *key, const char *val, char *why, size_t whysz)
{
	const char *word = val;

	if (!strcmp(val, "none") || !strcmp(val, "off"))
		return *mask = 0, 0;
	if (!trace_parse_events(val, mask, &word))
		return 0;
	snprintf(why, whysz, "%s '%s': unknown event at '%s' (exec exit fork ..., all or none)",
		 key, val, word);
	return -EINVAL;
}

/* @key with '-' read as '_'. */
static bool is_key(const char *key, const char *name)
{
	for (; *key && *name; key++, name++)
		if ((*key == '-' ? '_' : *key) != *name)
			return false;
	return !*key && !*name;
}

int init_opts_set(struct init_opts *o, const char *key, const char *val, char *why, size_t whysz)
{
	if (is_key(key, "json"))
		return set_bool(&o->json, key, val, why, whysz);
	if (!val)
		return bad(why, whysz, "%s needs a value%s", key, "");
	if (is_key(key, "events"))
		return set_events(&o->mask, key, val, why, whysz);
	if (is_key(key, "duration"))
		return set_seconds(&o->duration, key, val, why, whysz);
	if (is_key(key, "wait"))
		return set_seconds(&o->wait, key, val, why, whysz);
	if (is_key(key, "out"))
		return set_out(o, key, val, why, whysz);
	if (is_key(key, "max_bytes"))
		return set_size(&o->max_bytes, key, val, why, whysz);
	if (is_key(key, "root"))
		return set_path(&o->root, key, val, why, whysz);
	if (is_key(key, "then"))
		return set_path(&o->then, key, val, why, whysz);
	return bad(why, whysz,
		   "unknown option '%s'%s (events, duration, out, json, max_bytes, "
		   "root, then, wait)",
		   key, "");
}

/* The next word of *@s, split in place; quotes ("...") group and are removed. */
static char *next_word(char **s)
{
	char *p = *s, *w, *d;
	bool quoted = false;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (!*p)
		return NULL;
	for (w = d = p; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
		if (*p == '"')
			quoted = !quoted;
		else
			*d++ = *p;
	}
	if (*p)
		p++;
	*d = 0;
	*s = p;
	return w;
}

int init_opts_cmdline(struct init_opts *o, char *cmdline, char *why, size_t whysz)
{
	char *word, *eq, one[256];
	int nbad = 0;

	while ((word = next_word(&cmdline)) && strcmp(word, "--")) {
		if (strncmp(word, PREFIX, strlen(PREFIX)))
			continue;
		word += strlen(PREFIX);
		eq = strchr(word, '=');
		if (eq)
			*eq++ = 0;
		if (!init_opts_set(o, word, eq, one, sizeof(one)))
			continue;
		if (!nbad++)
			snprintf(why, whysz, PREFIX "%s", one);
	}
	return nbad;
}

int init_opts_args(struct init_opts *o, int argc, char **argv, char *why, size_t whysz)
{
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *key = argv[i];

		if (!strcmp(key, "--"))
			return i + 1;
		if (strncmp(key, "--", 2) || !key[2])
			return bad(why, whysz,
				   "unexpected argument '%s'%s (options are --KEY VALUE)", key, "");
		key += 2;
		if (is_key(key, "json")) {
			o->json = true;
			continue;
		}
		if (i + 1 >= argc)
			return bad(why, whysz, "--%s needs a value%s", key, "");
		err = init_opts_set(o, key, argv[i + 1], why, whysz);
		if (err)
			return err;
		i++;
	}
	return argc;
}
