// SPDX-License-Identifier: BSD-2-Clause
/*
 * Iterators [sys]: SEC("iter/task"), SEC("iter/bpf_map") ... The program was
 * loaded against its iterator's BTF; attaching makes a link
 * (BPF_LINK_CREATE, BPF_TRACE_ITER), and every bbpf_iter_open() on it makes
 * a new reader (BPF_ITER_CREATE): read() runs the program over the objects
 * and returns what it printed with bpf_seq_printf(). No fallback: iterators
 * exist only as links (5.8+).
 */
#include <errno.h>
#include <string.h>

#include <barebpf/features.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/log.h"
#include "attach/net.h"

int bbpf__attach_iter(const struct bbpf_prog *prog, const char *target,
		      const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	const char *name = bbpf_prog_name(prog);
	struct bbpf_link *l = NULL;
	int err;

	(void)opts;
	target = bbpf_prog_attach_target(prog); /* the iterator is fixed at load */
	if (bbpf_feature_probe(BBPF_FEAT_BPF_LINK) != 1) {
		pr_warn("prog '%s': iterators exist only as bpf_link (5.8+), which this kernel "
			"lacks\n",
			name);
		return -EOPNOTSUPP;
	}
	err = bbpf__link_new(BBPF_LINK_BPF, "iter", &l, "%s", target);
	if (!err)
		err = l->fd = bbpf_sys_link_create(bbpf_prog_fd(prog), 0, BPF_TRACE_ITER, NULL);
	if (err < 0) {
		bbpf_link_destroy(l);
		return bbpf__attach_fail(name, "iter", target, "an iterator link", err);
	}
	*out = l;
	return 0;
}

int bbpf_iter_open(const struct bbpf_link *link)
{
	int fd;

	if (!link || link->detached || link->fd < 0 || strcmp(link->hook, "iter"))
		return -EINVAL;
	fd = bbpf_sys_iter_create(link->fd);
	if (fd < 0)
		pr_warn("iter %s: cannot open a reader: %s\n", bbpf_link_target(link),
			bbpf_strerror(fd));
	return fd;
}
