// SPDX-License-Identifier: BSD-2-Clause
/*
 * A link made of links [sys]: one program on several hooks that the user
 * asked for as one (ksyscall on the native and the 32-bit compat entry,
 * kprobe.multi without the kernel's multi link: one kprobe per symbol).
 * Detach detaches each; the group's fd is its first member's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/link.h>
#include "attach/internal.h"

struct group {
	size_t cnt;
	struct bbpf_link *links[];
};

static int group_detach(struct bbpf_link *link)
{
	struct group *g = link->priv;
	size_t i;
	int err = 0, e;

	link->fd = -1; /* borrowed from links[0] */
	for (i = 0; g && i < g->cnt; i++) {
		e = bbpf_link_detach(g->links[i]);
		err = err ?: e;
	}
	return err;
}

static void group_free(void *priv)
{
	struct group *g = priv;
	size_t i;

	for (i = 0; g && i < g->cnt; i++) {
		bbpf_link_disconnect(g->links[i]); /* detached already, or on purpose not */
		bbpf_link_destroy(g->links[i]);
	}
	free(g);
}

static const struct bbpf__link_ops group_ops = { .detach = group_detach, .free_priv = group_free };

int bbpf__link_group(struct bbpf_link **links, size_t cnt, const char *hook, const char *target,
		     struct bbpf_link **out)
{
	struct group *g;
	struct bbpf_link *l = NULL;
	size_t i;
	int err;

	if (cnt == 1) { /* the link itself, described as the caller asked */
		char *t = strdup(target);

		if (!t) {
			bbpf_link_destroy(links[0]);
			return -ENOMEM;
		}
		free(links[0]->target);
		links[0]->target = t;
		snprintf(links[0]->hook, sizeof(links[0]->hook), "%s", hook);
		*out = links[0];
		return 0;
	}
	g = calloc(1, sizeof(*g) + cnt * sizeof(g->links[0]));
	err = g ? bbpf__link_new(links[0]->how, hook, &l, "%s", target) : -ENOMEM;
	if (err) {
		free(g);
		for (i = 0; i < cnt; i++)
			bbpf_link_destroy(links[i]);
		return err;
	}
	g->cnt = cnt;
	for (i = 0; i < cnt; i++)
		g->links[i] = links[i];
	l->priv = g;
	l->ops = &group_ops;
	l->fd = links[0]->fd;
	*out = l;
	return 0;
}
