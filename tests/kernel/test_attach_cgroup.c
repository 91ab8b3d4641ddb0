// SPDX-License-Identifier: BSD-2-Clause
/*
 * cgroup programs on the real kernel: a test cgroup v2 directory is made, a
 * child process moves into it and sends UDP datagrams (cgroup_skb/egress
 * counts them) or connects a UDP socket (cgroup/connect4 sees it), through
 * a cgroup link and, forced with the feature switch, through
 * BPF_PROG_ATTACH. Processes outside the cgroup are not seen. Afterwards the
 * cgroup has no program (BPF_PROG_QUERY through bpftool is not needed: the
 * kernel's ids are compared) and is removed. Needs root.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mntent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"
#include "../helpers/netns.h"
#include "../helpers/netprog.h"

#define PORT 7003

static char root[PATH_MAX], cg[PATH_MAX + 64], cg_rel[64];

static int find_root(void)
{
	FILE *f = setmntent("/proc/self/mounts", "re");
	struct mntent *m;

	if (!f)
		return -ENOENT;
	while ((m = getmntent(f)))
		if (!strcmp(m->mnt_type, "cgroup2")) {
			snprintf(root, sizeof(root), "%s", m->mnt_dir);
			break;
		}
	endmntent(f);
	return root[0] ? 0 : -ENOENT;
}

/* A private network namespace with lo up (the qemu guests leave the host's lo down). */
static int group_setup(void **state)
{
	netns_group_setup_lo(state);
	if (find_root())
		return 0;
	snprintf(cg_rel, sizeof(cg_rel), "bbpf_test_cg_%d", (int)getpid());
	snprintf(cg, sizeof(cg), "%s/%s", root, cg_rel);
	if (mkdir(cg, 0755))
		cg[0] = '\0';
	return 0;
}

static int group_teardown(void **state)
{
	if (cg[0])
		rmdir(cg);
	return netns_group_teardown(state);
}

#define need_cgroup()                                                           \
	do {                                                                    \
		if (!cg[0]) {                                                   \
			print_message("[ SKIP     ] no cgroup2 file system\n"); \
			skip();                                                 \
		}                                                               \
	} while (0)

/* In a child (moved into the test cgroup when @inside): @n UDP sends, or one connect. */
static void run_child(bool inside, int n, bool connect_only)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	char path[PATH_MAX + 96], pid[16];
	int fd, st, i;
	pid_t c = fork();

	assert_true(c >= 0);
	if (c == 0) {
		if (inside) {
			snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
			snprintf(pid, sizeof(pid), "%d", (int)getpid());
			fd = open(path, O_WRONLY);
			if (fd < 0 || write(fd, pid, strlen(pid)) < 0)
				_exit(2);
			close(fd);
		}
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (connect_only)
			_exit(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ? 3 : 0);
		for (i = 0; i < n; i++)
			sendto(fd, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa));
		_exit(0);
	}
	assert_int_equal(waitpid(c, &st, 0), c);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void egress_via(struct netfix *f, enum bbpf_link_how how, const char *target)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = target };
	struct bbpf_link *link = NULL;
	char want[PATH_MAX + 128];

	f->obj = netprog_load("cg_egress", PORT);
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "cg_egress"), &o, &link), 0);
	assert_int_equal(bbpf_link_how(link), how);
	assert_string_equal(bbpf_link_hook(link), "cgroup");
	snprintf(want, sizeof(want), "%s (cgroup_inet_egress)", cg);
	assert_string_equal(bbpf_link_target(link), want);
	run_child(true, 6, false);
	run_child(false, 4, false); /* outside the cgroup: not seen */
	assert_int_equal(netprog_hits(f->obj, H_CG_EGRESS), 6);
	assert_int_equal(bbpf_link_destroy(link), 0);
	run_child(true, 2, false);
	assert_int_equal(netprog_hits(f->obj, H_CG_EGRESS), 6);
}

static void test_cgroup_link(void **state)
{
	need_cgroup();
	NETNS_NEED();
	if (bbpf_feature_probe(BBPF_FEAT_BPF_LINK) != 1)
		skip();
	egress_via(*state, BBPF_LINK_BPF, cg);
}

static void test_cgroup_prog_attach(void **state)
{
	need_cgroup();
	NETNS_NEED();
	bbpf_feature_force_off(BBPF_FEAT_BPF_LINK, true);
	egress_via(*state, BBPF_LINK_PROG_ATTACH, cg_rel); /* relative: under the cgroup2 mount */
}

static void connect_via(struct netfix *f, bool prog_attach)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = cg };
	struct bbpf_link *link = NULL;

	if (prog_attach)
		bbpf_feature_force_off(BBPF_FEAT_BPF_LINK, true);
	f->obj = netprog_load("cg_connect4", PORT);
	assert_int_equal(bbpf_prog_attach(netprog_prog(f->obj, "cg_connect4"), &o, &link), 0);
	run_child(true, 0, true);
	run_child(false, 0, true);
	assert_int_equal(netprog_hits(f->obj, H_CG_CONNECT4), 1);
	assert_int_equal(bbpf_link_destroy(link), 0);
	run_child(true, 0, true);
	assert_int_equal(netprog_hits(f->obj, H_CG_CONNECT4), 1);
}

static void test_cgroup_connect4(void **state)
{
	need_cgroup();
	NETNS_NEED();
	connect_via(*state, false);
}

static void test_cgroup_connect4_prog_attach(void **state)
{
	need_cgroup();
	NETNS_NEED();
	connect_via(*state, true);
}

/* No such cgroup, not a cgroup, no target: clear errors, nothing attached. */
static void test_cgroup_bad(void **state)
{
	struct netfix *f = *state;
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "/nonexistent/cg" };
	struct bbpf_link *link = NULL;
	const struct bbpf_prog *p;

	need_cgroup();
	f->obj = netprog_load("cg_egress", PORT);
	p = netprog_prog(f->obj, "cg_egress");
	ktest_capture_start();
	assert_int_equal(bbpf_prog_attach(p, &o, &link), -ENOENT);
	o.target = "/tmp";
	assert_int_equal(bbpf_prog_attach(p, &o, &link), -EINVAL);
	assert_int_equal(bbpf_prog_attach(p, NULL, &link), -EINVAL);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "cgroup /nonexistent/cg: No such file or directory"));
	assert_non_null(strstr(ktest_msgs, "/tmp is not a cgroup v2 directory"));
	assert_non_null(strstr(ktest_msgs, "needs a cgroup to attach to"));
	assert_null(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cgroup_link, netfix_setup, netfix_teardown),
		cmocka_unit_test_setup_teardown(test_cgroup_prog_attach, netfix_setup,
						netfix_teardown),
		cmocka_unit_test_setup_teardown(test_cgroup_connect4, netfix_setup,
						netfix_teardown),
		cmocka_unit_test_setup_teardown(test_cgroup_connect4_prog_attach, netfix_setup,
						netfix_teardown),
		cmocka_unit_test_setup_teardown(test_cgroup_bad, netfix_setup, netfix_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
