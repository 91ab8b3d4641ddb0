// SPDX-License-Identifier: BSD-2-Clause
/*
 * A staged load's plan (bbpf_obj_load_opts.first): which programs load
 * first, and which maps must exist for them. The rest waits for
 * bbpf_obj_load_rest() (load.c), so a program whose events are wanted first
 * is not held up by the verifier's work on the others, nor by the
 * allocation of maps only they use (a preallocated hash of thousands of
 * entries costs milliseconds of kernel time).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal/log.h"
#include "obj/internal.h"
#include "load/internal.h"

int bbpf__stage_first(const struct bbpf_obj *obj, const char *const *names, size_t cnt, bool *first)
{
	const struct bbpf_prog *p;
	size_t i, k;

	for (k = 0; k < cnt; k++) {
		for (i = 0; i < obj->prog_cnt; i++)
			if (names[k] && !strcmp(bbpf_prog_name(&obj->progs[i]), names[k]))
				break;
		p = i < obj->prog_cnt ? &obj->progs[i] : NULL;
		if (!p || !p->autoload || p->err) {
			pr_warn("%s: load first: '%s' is %s\n", obj->name, names[k] ? names[k] : "",
				p ? "not selected for loading" : "no program of the object");
			return -ENOENT;
		}
		first[i] = true;
	}
	return 0;
}

/* Marks in @used the maps program @p references. */
static void mark_used(const struct bbpf_prog *p, size_t map_cnt, bool *used)
{
	size_t r;

	for (r = 0; r < p->relo_cnt; r++)
		if ((p->relos[r].kind == BBPF_RELO_MAP ||
		     p->relos[r].kind == BBPF_RELO_MAP_VALUE) &&
		    p->relos[r].target < map_cnt)
			used[p->relos[r].target] = true;
}

/* .kconfig is filled from the externs, slots point across maps and programs: kept simple. */
static bool all_first(const struct bbpf_obj *obj)
{
	size_t m;

	for (m = 0; m < obj->map_cnt; m++)
		if (obj->maps[m].kind == BBPF_MAP_KCONFIG || obj->maps[m].slot_cnt ||
		    obj->maps[m].has_inner)
			return true;
	return false;
}

void bbpf__stage_maps(const struct bbpf_obj *obj, const bool *first, bool *now)
{
	size_t i, m, n = obj->map_cnt;
	bool *later = calloc(n + 1, sizeof(*later));

	for (m = 0; m < n; m++)
		now[m] = !later || all_first(obj);
	if (!later || all_first(obj)) {
		free(later);
		return; /* everything in the first stage */
	}
	for (i = 0; i < obj->prog_cnt; i++) {
		const struct bbpf_prog *p = &obj->progs[i];

		if (p->autoload && !p->err)
			mark_used(p, n, first[i] ? now : later);
	}
	for (m = 0; m < n; m++)
		now[m] |= !later[m]; /* no later program's: user space may want it now */
	free(later);
}
