// SPDX-License-Identifier: BSD-2-Clause
/*
 * Network namespace programs [sys]: sk_lookup (5.9) and flow_dissector
 * (links 5.8). The target is a network namespace file (default: this
 * process's, /proc/self/ns/net; another one: /proc/PID/ns/net or a file
 * under /run/netns). BPF_LINK_CREATE(prog, netns fd, type); detach: close.
 * sk_lookup exists only as a link; a flow dissector could be attached
 * with BPF_PROG_ATTACH to the caller's namespace on older kernels, which we
 * leave out: both need bpf_link here.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <barebpf/features.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/err.h"
#include "internal/log.h"
#include "attach/net.h"

int bbpf__attach_netns(const struct bbpf_prog *prog, const char *target,
		       const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	enum bpf_attach_type type = bbpf_prog_expected_attach_type(prog);
	const char *name = bbpf_prog_name(prog), *hook = bbpf_attach_type_str(type);
	struct bbpf_link *l = NULL;
	int ns, err;

	(void)opts;
	if (!target || !*target)
		target = "/proc/self/ns/net";
	ns = open(target, O_RDONLY | O_CLOEXEC);
	if (ns < 0) {
		err = bbpf__neg_errno();
		pr_warn("prog '%s': network namespace %s: %s\n", name, target, bbpf_strerror(err));
		return err;
	}
	if (bbpf_feature_probe(BBPF_FEAT_BPF_LINK) != 1) {
		close(ns);
		pr_warn("prog '%s': %s programs attach only through bpf_link (5.8+), which this "
			"kernel lacks\n",
			name, hook);
		return -EOPNOTSUPP;
	}
	err = bbpf__link_new(BBPF_LINK_BPF, hook, &l, "%s", target);
	if (!err)
		err = l->fd = bbpf_sys_link_create(bbpf_prog_fd(prog), ns, type, NULL);
	close(ns);
	if (err < 0) {
		bbpf_link_destroy(l);
		return bbpf__attach_fail(name, hook, target, "a netns link", err);
	}
	*out = l;
	return 0;
}
