// SPDX-License-Identifier: BSD-2-Clause
/*
 * cgroup programs [sys] (cgroup_skb, cgroup/sock*, cgroup/connect4 ...,
 * sockops, cgroup/dev, cgroup/sysctl, lsm_cgroup): the attach type comes
 * from the SEC() name, the cgroup from the caller (a cgroup v2 directory;
 * a relative path is taken under the cgroup2 mount, which on hybrid
 * hierarchies is /sys/fs/cgroup/unified). Two ways:
 *
 *   cgroup link (5.7+):  BPF_LINK_CREATE(prog, cgroup fd, type); detach: close.
 *   BPF_PROG_ATTACH:     with BPF_F_ALLOW_MULTI, so that other programs on
 *                        the same cgroup and hook stay; detach:
 *                        BPF_PROG_DETACH(prog, cgroup, type), which removes
 *                        exactly ours. The link keeps the cgroup fd (aux_fd)
 *                        and a dup of the program fd for it.
 *
 * BAREBPF_NO=bpf_link takes the second way on any kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include <barebpf/features.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/err.h"
#include "internal/log.h"
#include "attach/net.h"

struct cg_priv {
	int prog_fd; /* a dup, for BPF_PROG_DETACH */
	enum bpf_attach_type type;
	bool attached;
};

/* The first cgroup2 mount point, into @dir. Returns 0 or -ENOENT. */
static int cgroup2_root(char *dir, size_t sz)
{
	struct mntent *m;
	FILE *f = setmntent("/proc/self/mounts", "re");
	int err = -ENOENT;

	if (!f)
		return -ENOENT;
	while (err && (m = getmntent(f)))
		if (!strcmp(m->mnt_type, "cgroup2") && strlen(m->mnt_dir) < sz) {
			strcpy(dir, m->mnt_dir);
			err = 0;
		}
	endmntent(f);
	return err;
}

/* Opens cgroup v2 directory @target into *@fd, its full path into @path. Logs why not. */
static int cgroup_open(const char *target, char *path, size_t sz, const char *prog)
{
	char root[PATH_MAX];
	struct statfs st;
	int fd, err;

	if (target[0] == '/') {
		snprintf(path, sz, "%s", target);
	} else {
		if (cgroup2_root(root, sizeof(root))) {
			pr_warn("prog '%s': cgroup '%s': no cgroup2 file system is mounted to find it "
				"in; give an absolute path\n",
				prog, target);
			return -ENOENT;
		}
		snprintf(path, sz, "%s/%s", root, target);
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		err = bbpf__neg_errno();
		pr_warn("prog '%s': cgroup %s: %s\n", prog, path, bbpf_strerror(err));
		return err;
	}
	if (fstatfs(fd, &st) || st.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		pr_warn("prog '%s': %s is not a cgroup v2 directory (cgroup programs attach to "
			"cgroup2 only)\n",
			prog, path);
		return -EINVAL;
	}
	return fd;
}

static int prog_attach_detach(struct bbpf_link *link)
{
	struct cg_priv *p = link->priv;
	int err = p->attached ? bbpf_sys_prog_detach(p->prog_fd, link->aux_fd, p->type) : 0;

	close(p->prog_fd);
	p->prog_fd = -1;
	return err == -ENOENT ? 0 : err; /* already detached by someone */
}

static void cg_free(void *priv)
{
	struct cg_priv *p = priv;

	if (p && p->prog_fd >= 0)
		close(p->prog_fd);
	free(p);
}

static const struct bbpf__link_ops prog_attach_ops = {
	.detach = prog_attach_detach,
	.free_priv = cg_free,
};

static int attach_prog_attach(struct bbpf_link *l, int prog_fd, enum bpf_attach_type type)
{
	struct bbpf_sys_prog_attach_opts o = { .sz = sizeof(o), .flags = BPF_F_ALLOW_MULTI };
	struct cg_priv *p = calloc(1, sizeof(*p));
	int err;

	if (!p)
		return -ENOMEM;
	p->type = type;
	p->prog_fd = fcntl(prog_fd, F_DUPFD_CLOEXEC, 3);
	l->priv = p;
	l->ops = &prog_attach_ops; /* frees p and its fd even if we fail below */
	if (p->prog_fd < 0)
		return bbpf__neg_errno();
	err = bbpf_sys_prog_attach(prog_fd, l->aux_fd, type, &o);
	p->attached = !err;
	return err;
}

int bbpf__attach_cgroup(const struct bbpf_prog *prog, const char *target,
			const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	enum bpf_attach_type type = bbpf_prog_expected_attach_type(prog);
	const char *name = bbpf_prog_name(prog);
	struct bbpf_link *l = NULL;
	char path[PATH_MAX];
	bool use_link;
	int cg, err;

	(void)opts;
	if (!target || !*target) {
		pr_warn("prog '%s': SEC(\"%s\") needs a cgroup to attach to (--cgroup PATH)\n",
			name, bbpf_prog_sec_name(prog));
		return -EINVAL;
	}
	cg = cgroup_open(target, path, sizeof(path), name);
	if (cg < 0)
		return cg;
	use_link = bbpf_feature_probe(BBPF_FEAT_BPF_LINK) == 1;
	err = bbpf__link_new(use_link ? BBPF_LINK_BPF : BBPF_LINK_PROG_ATTACH, "cgroup", &l,
			     "%s (%s)", path, bbpf_attach_type_str(type));
	if (err) {
		close(cg);
		return err;
	}
	if (use_link) {
		err = bbpf_sys_link_create(bbpf_prog_fd(prog), cg, type, NULL);
		l->fd = err;
		close(cg);
	} else {
		l->aux_fd = cg;
		err = attach_prog_attach(l, bbpf_prog_fd(prog), type);
	}
	if (err < 0) {
		bbpf_link_destroy(l);
		return bbpf__attach_fail(name, "cgroup", path,
					 use_link ? "a cgroup link" : "BPF_PROG_ATTACH", err);
	}
	*out = l;
	return 0;
}
