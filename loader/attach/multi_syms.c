// SPDX-License-Identifier: BSD-2-Clause
/*
 * Which kernel functions a kprobe.multi pattern names [pure]: the functions
 * of a list (tracefs available_filter_functions, "name" or "name [module]"
 * per line; or /proc/kallsyms, "addr t name [module]") whose name matches a
 * shell glob, minus the kprobe blacklist, minus module functions (their
 * names may repeat across modules, and the kernel's multi link resolves
 * names in vmlinux), each name once, sorted. The list is what the kernel
 * can trace: available_filter_functions is what fprobe (the multi link)
 * accepts, kallsyms the fallback where tracefs cannot be read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal/mem.h"
#include "attach/internal.h"

/* The function name of one list line into @name; false for a line to skip. */
static bool line_func(const char *p, const char *eol, bool kallsyms, char *name, size_t sz)
{
	const char *s = p, *e;
	int field;

	if (kallsyms) { /* "addr type name [module]": a function of vmlinux only */
		for (field = 0; field < 2; field++) {
			s += strcspn(s, " \t\n");
			s += strspn(s, " \t");
			if (s >= eol)
				return false;
		}
		if (s[-2] != 't' && s[-2] != 'T')
			return false;
	}
	e = s + strcspn(s, " \t\n");
	if (e > eol)
		e = eol;
	if (e == s || (size_t)(e - s) >= sz || memchr(e, '[', (size_t)(eol - e)))
		return false; /* empty, too long, or a module's */
	memcpy(name, s, (size_t)(e - s));
	name[e - s] = '\0';
	/* Entries ftrace lost track of show as __ftrace_invalid_address___NNN. */
	return strncmp(name, "__ftrace_invalid_address__", 26) != 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void bbpf__multi_syms_free(char **syms, size_t cnt)
{
	size_t i;

	for (i = 0; syms && i < cnt; i++)
		free(syms[i]);
	free(syms);
}

/* Sorts @syms and drops repeated names (static functions of the same name). */
static size_t sort_unique(char **syms, size_t cnt)
{
	size_t i, n = 0;

	qsort(syms, cnt, sizeof(*syms), cmp_str);
	for (i = 0; i < cnt; i++) {
		if (n && !strcmp(syms[n - 1], syms[i])) {
			free(syms[i]);
			continue;
		}
		syms[n++] = syms[i];
	}
	return n;
}

int bbpf__multi_syms(const char *text, size_t sz, bool kallsyms, const char *pat, const char *bl,
		     size_t bl_sz, char ***out, size_t *cnt)
{
	const char *p = text, *end = text + sz, *eol;
	char name[256], **syms = NULL;
	size_t n = 0, cap = 0;
	int err = 0;

	for (; p < end && !err; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (!line_func(p, eol, kallsyms, name, sizeof(name)) ||
		    !bbpf__glob_match(pat, name) || bbpf__kprobe_blacklisted(bl, bl_sz, name))
			continue;
		err = bbpf__grow((void **)&syms, &cap, sizeof(*syms), n + 1);
		if (!err && !(syms[n] = strdup(name)))
			err = -ENOMEM;
		n += !err;
	}
	if (err) {
		bbpf__multi_syms_free(syms, n);
		return err;
	}
	*cnt = n ? sort_unique(syms, n) : 0;
	*out = syms;
	return n ? 0 : -ENOENT;
}
