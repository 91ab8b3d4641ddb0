// SPDX-License-Identifier: BSD-2-Clause
/*
 * The automatic switch of include/bpf/bbpf_output.h at load [sys]: an object
 * that has the read-only variable bbpf_use_ringbuf gets its ring buffers as
 * perf event arrays, and the variable 0, when the kernel has no ring buffer
 * (or BAREBPF_NO=ringbuf, or the load option asks for perf buffers). Both
 * changes are made on what is sent to the kernel (the map definition and the
 * .rodata image of this load), never on the opened object.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/obj.h>
#include "internal/kfeat.h"
#include "internal/log.h"
#include "kernel/cpus.h"
#include "load/internal.h"

#define SWITCH_VAR "bbpf_use_ringbuf"

/* The switch variable's place, or -ENOENT when the object has none. */
static int find_switch(const struct bbpf_obj *obj, struct bbpf__var_loc *loc)
{
	size_t i;

	for (i = 0; obj->btf && i < obj->map_cnt; i++)
		if (obj->maps[i].kind == BBPF_MAP_RODATA &&
		    !bbpf__var_find_in_map(obj, &obj->maps[i], SWITCH_VAR, loc))
			return loc->size == 4 && loc->off + 4 <= loc->map->def.value_size ? 0
											  : -EINVAL;
	return -ENOENT;
}

bool bbpf__events_to_perf(const struct bbpf_obj *obj, const struct bbpf_kfeat *kf, int buffer)
{
	struct bbpf__var_loc loc;
	bool perf;

	if (find_switch(obj, &loc))
		return false;
	perf = buffer == BBPF_BUFFER_PERF ||
	       (buffer == BBPF_BUFFER_AUTO && !kf->has[BBPF_FEAT_RINGBUF]);
	pr_debug("%s: events through %s buffers\n", obj->name, perf ? "perf" : "ring");
	return perf;
}

int bbpf__events_adjust_def(const struct bbpf_map *m, struct bbpf_map_def *d)
{
	int cpus;

	if (!m->obj->load->events_perf || d->type != BPF_MAP_TYPE_RINGBUF)
		return 0;
	cpus = bbpf__cpus_possible();
	if (cpus < 0)
		return cpus;
	d->type = BPF_MAP_TYPE_PERF_EVENT_ARRAY;
	d->key_size = d->value_size = 4;
	d->max_entries = (uint32_t)cpus;
	d->map_flags = 0;
	return 0;
}

int bbpf__events_image(const struct bbpf_map *m, void **copy)
{
	struct bbpf__var_loc loc;
	uint32_t zero = 0;

	*copy = NULL;
	if (!m->obj->load->events_perf || m->kind != BBPF_MAP_RODATA || find_switch(m->obj, &loc) ||
	    loc.map != m)
		return 0;
	*copy = calloc(1, m->def.value_size);
	if (!*copy)
		return -ENOMEM;
	if (m->data)
		memcpy(*copy, m->data, m->def.value_size);
	memcpy((char *)*copy + loc.off, &zero, 4);
	return 0;
}
