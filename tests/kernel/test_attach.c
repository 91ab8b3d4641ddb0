// SPDX-License-Identifier: BSD-2-Clause
/*
 * Attaching on the real kernel (tests/progs/attach.bpf.c): each kind is
 * attached by its SEC() name, the test triggers the hook, the program's
 * counter moves; after destroy the counter stays and the kernel holds
 * nothing more than before (program, map and link ids, fds, tracefs
 * kprobe/uprobe events). Needs root.
 *
 * Run under BAREBPF_NO=... the same tests take the fallback paths (the
 * ioctl instead of perf links, ...); each test asserts the mechanism the
 * kernel's features (as forced) call for.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/magic.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"

#define OBJ	 "build/progs/attach.bpf.o"
#define PIN_DIR	 "/sys/fs/bpf/bbpf_test_attach"
#define PIN_LINK PIN_DIR "_link"

enum { TP, RAW_TP, TP_BTF, UPROBE, URETPROBE, KPROBE, KRETPROBE, KSYSCALL, FENTRY, FEXIT };

struct fix {
	struct bbpf_obj *obj;
	struct kstate before;
};

/* Opens and loads attach.bpf.o with only @only, filtering on this process. Returns the load's result. */
static int try_load_only(const char *only, struct bbpf_obj **out)
{
	const char *list[1] = { only };
	struct bbpf_obj *obj = NULL;
	__u32 tgid = (__u32)getpid();
	long nr = SYS_getppid;
	int err;

	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "tgid", &tgid, sizeof(tgid)), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "nr_getppid", &nr, sizeof(nr)), 0);
	assert_int_equal(bbpf_obj_select_progs(obj, list, 1, NULL, 0), 0);
	err = bbpf_obj_load(obj, ktest_load_opts());
	*out = obj;
	return err;
}

static struct bbpf_obj *load_only(const char *only)
{
	struct bbpf_obj *obj = NULL;

	assert_int_equal(try_load_only(only, &obj), 0);
	return obj;
}

/* The first of the syscall's entry symbols that kallsyms lists, or "". */
static const char *native_getppid(void)
{
	static const char *const names[] = { "__x64_sys_getppid", "__arm64_sys_getppid",
					     "sys_getppid" };
	static char found[256];
	char line[512], name[256];
	size_t i;
	FILE *f;

	found[0] = '\0';
	f = fopen("/proc/kallsyms", "re");
	while (f && !found[0] && fgets(line, sizeof(line), f))
		for (i = 0; i < 3; i++)
			if (sscanf(line, "%*s %*s %255s", name) == 1 && !strcmp(name, names[i]))
				snprintf(found, sizeof(found), "%s", name);
	if (f)
		fclose(f);
	return found;
}

static bool has_kprobe_events(void)
{
	return !access("/sys/kernel/tracing/kprobe_events", F_OK) ||
	       !access("/sys/kernel/debug/tracing/kprobe_events", F_OK);
}

static bool has_kprobes(void)
{
	return bbpf_feature_probe(BBPF_FEAT_KPROBE_PMU) == 1 || has_kprobe_events();
}

static const struct bbpf_prog *prog(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_prog(obj, name);

	assert_true(i >= 0);
	return bbpf_obj_prog(obj, (size_t)i);
}

static __u64 hits(const struct bbpf_obj *obj, int i)
{
	int idx = bbpf_obj_find_map(obj, ".bss");
	__u64 v[16];
	__u32 zero = 0;

	assert_true(idx >= 0);
	assert_int_equal(
		bbpf_sys_map_lookup_elem(bbpf_map_fd(bbpf_obj_map(obj, (size_t)idx)), &zero, v, 0),
		0);
	return v[i];
}

static void getppid_n(int n)
{
	while (n-- > 0)
		syscall(SYS_getppid);
}

/* The perf-based mechanism the (possibly forced) features call for. */
static enum bbpf_link_how perf_how(void)
{
	return bbpf_feature_probe(BBPF_FEAT_PERF_LINK) == 1 &&
			       bbpf_feature_probe(BBPF_FEAT_BPF_LINK) == 1
		       ? BBPF_LINK_PERF
		       : BBPF_LINK_PERF_IOCTL;
}

static int setup(void **state)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	kstate_settle(&f.before);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	bbpf_obj_close(f->obj);
	f->obj = NULL;
	assert_true(kstate_wait_same(&f->before));
	return 0;
}

static void test_tracepoint(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *link = NULL;
	__u64 n;

	f->obj = load_only("on_tp");
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_tp"), NULL, &link), 0);
	assert_int_equal(bbpf_link_how(link), perf_how());
	assert_string_equal(bbpf_link_hook(link), "tracepoint");
	assert_string_equal(bbpf_link_target(link), "syscalls/sys_enter_getppid");
	assert_true(bbpf_link_fd(link) > 2);
	getppid_n(7);
	assert_int_equal(hits(f->obj, TP), 7);
	assert_int_equal(bbpf_link_destroy(link), 0);
	n = hits(f->obj, TP);
	getppid_n(3);
	assert_int_equal(hits(f->obj, TP), n); /* detached: no more counts */
}

static void test_detach_idempotent(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *link = NULL;

	f->obj = load_only("on_tp");
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_tp"), NULL, &link), 0);
	assert_int_equal(bbpf_link_detach(link), 0);
	assert_int_equal(bbpf_link_detach(link), 0);
	assert_int_equal(bbpf_link_fd(link), -ENOENT);
	getppid_n(2);
	assert_int_equal(hits(f->obj, TP), 0);
	assert_int_equal(bbpf_link_pin(link, PIN_LINK), -ENOENT);
	assert_int_equal(bbpf_link_destroy(link), 0);
	assert_int_equal(bbpf_link_destroy(NULL), 0);
	assert_int_equal(bbpf_link_fd(NULL), -ENOENT);
}

/*
 * bbpf_links_destroy(): many links (and NULL slots) detached at once, every
 * slot cleared. Raw tracepoint links: 5.11+ takes one program several times
 * there (kernels before register it once per program: EEXIST; a perf
 * tracepoint refuses it twice everywhere).
 */
static void test_links_destroy(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *links[9] = { NULL };
	size_t i, n;
	int err = 0;

	f->obj = load_only("on_raw_tp");
	for (n = 0; n < 8 && !err; n++) {
		err = bbpf_prog_attach(prog(f->obj, "on_raw_tp"), NULL, &links[n]);
		assert_true(!err || (n > 0 && err == -EEXIST));
	}
	n -= !!err;
	getppid_n(2);
	assert_int_equal(hits(f->obj, RAW_TP), 2 * n); /* each link runs the program */
	assert_int_equal(bbpf_links_destroy(links, 9), 0);
	for (i = 0; i < 9; i++)
		assert_null(links[i]);
	getppid_n(3);
	assert_int_equal(hits(f->obj, RAW_TP), 2 * n); /* all detached; teardown: nothing left */
	assert_int_equal(bbpf_links_destroy(NULL, 3), 0);
}

/* A pinned link outlives its process's handle; reopened, it can be detached. */
static void test_pin_reopen(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *link = NULL, *again = NULL;

	assert_int_equal(ktest_mount("bpf", "/sys/fs/bpf", BPF_FS_MAGIC), 0);
	unlink(PIN_LINK);
	f->obj = load_only("on_tp");
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_tp"), NULL, &link), 0);
	if (bbpf_link_how(link) == BBPF_LINK_PERF_IOCTL) {
		assert_int_equal(bbpf_link_pin(link, PIN_LINK), -EOPNOTSUPP);
		assert_int_equal(bbpf_link_destroy(link), 0);
		return;
	}
	assert_int_equal(bbpf_link_pin(link, PIN_LINK), 0);
	assert_string_equal(bbpf_link_pin_path(link), PIN_LINK);
	assert_int_equal(bbpf_link_pin(link, PIN_LINK), -EBUSY);
	bbpf_link_disconnect(link);
	assert_int_equal(bbpf_link_destroy(link), 0); /* the pin keeps it attached */
	getppid_n(4);
	assert_int_equal(hits(f->obj, TP), 4);
	assert_int_equal(bbpf_link_open_pinned(PIN_LINK, &again), 0);
	assert_int_equal(bbpf_link_how(again), BBPF_LINK_PINNED);
	assert_int_equal(bbpf_link_destroy(again), 0); /* detaches, removes the pin */
	assert_int_equal(access(PIN_LINK, F_OK), -1);
	getppid_n(4);
	assert_int_equal(hits(f->obj, TP), 4);
	assert_int_equal(bbpf_link_open_pinned(PIN_LINK, &again), -ENOENT);
}

static void test_open_pinned_not_link(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *l = NULL;
	int fd;

	assert_int_equal(ktest_mount("bpf", "/sys/fs/bpf", BPF_FS_MAGIC), 0);
	unlink(PIN_DIR "_map");
	fd = ktest_counter_map();
	assert_true(fd > 2);
	assert_int_equal(bbpf_sys_obj_pin(fd, PIN_DIR "_map"), 0);
	close(fd);
	assert_int_equal(bbpf_link_open_pinned(PIN_DIR "_map", &l), -EINVAL);
	assert_null(l);
	unlink(PIN_DIR "_map");
	(void)f;
}

static void test_tracepoint_missing(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *link = NULL;

	f->obj = load_only("on_tp_nosuch");
	ktest_capture_start();
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_tp_nosuch"), NULL, &link), -ENOENT);
	ktest_capture_stop();
	assert_null(link);
	assert_non_null(strstr(ktest_msgs, "prog 'on_tp_nosuch'"));
	assert_non_null(strstr(ktest_msgs, "nosuch_category/nosuch_event"));
}

static void test_not_loaded(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *link = NULL;

	f->obj = load_only("on_tp");
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_raw_tp"), NULL, &link), -ENOENT);
	assert_null(link);
}

static void test_raw_tp(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *link = NULL;

	f->obj = load_only("on_raw_tp");
	if (bbpf_feature_probe(BBPF_FEAT_RAW_TP) != 1) {
		assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_raw_tp"), NULL, &link),
				 -EOPNOTSUPP);
		print_message("raw_tp: refused as the kernel (or BAREBPF_NO) says: no raw_tp\n");
		return;
	}
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_raw_tp"), NULL, &link), 0);
	assert_int_equal(bbpf_link_how(link), BBPF_LINK_RAW_TP);
	assert_string_equal(bbpf_link_target(link), "sys_enter");
	getppid_n(5);
	assert_int_equal(hits(f->obj, RAW_TP), 5);
	assert_int_equal(bbpf_link_destroy(link), 0);
	getppid_n(5);
	assert_int_equal(hits(f->obj, RAW_TP), 5);
}

static void test_tp_btf(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *link = NULL;

	if (bbpf_feature_probe(BBPF_FEAT_KERNEL_BTF) != 1) {
		print_message("skipped: tp_btf needs kernel BTF, this kernel has none\n");
		return;
	}
	f->obj = load_only("on_tp_btf");
	if (bbpf_feature_probe(BBPF_FEAT_TP_BTF) != 1) {
		assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_tp_btf"), NULL, &link),
				 -EOPNOTSUPP);
		print_message("tp_btf: refused as the kernel (or BAREBPF_NO) says: no tp_btf\n");
		return;
	}
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_tp_btf"), NULL, &link), 0);
	assert_string_equal(bbpf_link_hook(link), "tp_btf");
	getppid_n(6);
	assert_int_equal(hits(f->obj, TP_BTF), 6);
	assert_int_equal(bbpf_link_destroy(link), 0);
}

/* fentry/fexit on __task_pid_nr_ns: where the kernel refuses, the refusal is checked. */
static void fentry_case(struct fix *f, const char *name, int idx, const char *hook)
{
	struct bbpf_link *link = NULL;
	int err;

	err = try_load_only(name, &f->obj);
	if (bbpf_feature_probe(BBPF_FEAT_FENTRY) != 1) {
		if (!err)
			assert_int_equal(bbpf_prog_attach(prog(f->obj, name), NULL, &link),
					 -EOPNOTSUPP);
		print_message("%s: not attached: this kernel refuses fentry (load: %s)\n", hook,
			      bbpf_strerror(err));
		return;
	}
	assert_int_equal(err, 0);
	assert_int_equal(bbpf_prog_attach(prog(f->obj, name), NULL, &link), 0);
	assert_int_equal(bbpf_link_how(link), BBPF_LINK_RAW_TP);
	assert_string_equal(bbpf_link_hook(link), hook);
	assert_string_equal(bbpf_link_target(link), "__task_pid_nr_ns");
	getppid_n(5);
	assert_true(hits(f->obj, idx) >= 5);
	assert_int_equal(bbpf_link_destroy(link), 0);
}

static void test_fentry(void **state)
{
	fentry_case(*state, "on_fentry", FENTRY, "fentry");
}

static void test_fexit(void **state)
{
	fentry_case(*state, "on_fexit", FEXIT, "fexit");
}

/* The mechanism a kprobe takes here: the PMU unless it is missing (or forced off). */
static enum bbpf_link_how kprobe_how(bool maxactive)
{
	if (bbpf_feature_probe(BBPF_FEAT_KPROBE_PMU) == 1 && !maxactive)
		return perf_how();
	return BBPF_LINK_TRACEFS_KPROBE;
}

static void kprobe_case(struct fix *f, const char *name, int idx, int maxactive)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = native_getppid() };
	struct bbpf_link *link = NULL;

	o.maxactive = maxactive;
	f->obj = load_only(name);
	if (!has_kprobes()) {
		ktest_capture_start();
		assert_int_equal(bbpf_prog_attach(prog(f->obj, name), &o, &link), -EOPNOTSUPP);
		ktest_capture_stop();
		assert_non_null(strstr(ktest_msgs, "kprobe_events"));
		print_message("%s: skipped attaching: this kernel has no kprobes (no kprobe PMU, "
			      "no kprobe_events); the refusal was checked\n",
			      name);
		return;
	}
	assert_true(o.target[0]);
	if (maxactive && !has_kprobe_events()) {
		print_message("%s maxactive: skipped: no tracefs kprobe_events\n", name);
		return;
	}
	assert_int_equal(bbpf_prog_attach(prog(f->obj, name), &o, &link), 0);
	assert_int_equal(bbpf_link_how(link), kprobe_how(maxactive));
	getppid_n(5);
	assert_int_equal(hits(f->obj, idx), 5);
	assert_int_equal(bbpf_link_destroy(link), 0);
	getppid_n(2);
	assert_int_equal(hits(f->obj, idx), 5);
}

static void test_kprobe(void **state)
{
	kprobe_case(*state, "on_kprobe", KPROBE, 0);
}

static void test_kretprobe(void **state)
{
	kprobe_case(*state, "on_kretprobe", KRETPROBE, 0);
}

static void test_kretprobe_maxactive(void **state)
{
	kprobe_case(*state, "on_kretprobe", KRETPROBE, 16);
}

static void test_kprobe_missing(void **state)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "bbpf_no_such_function_xyz" };
	struct fix *f = *state;
	struct bbpf_link *link = NULL;
	int err;

	f->obj = load_only("on_kprobe");
	err = bbpf_prog_attach(prog(f->obj, "on_kprobe"), &o, &link);
	assert_null(link);
	if (!has_kprobes())
		assert_int_equal(err, -EOPNOTSUPP);
	else
		assert_true(err == -ENOENT || err == -EINVAL);
}

static void test_ksyscall(void **state)
{
	struct fix *f = *state;
	struct bbpf_link *link = NULL;
	int err;

	f->obj = load_only("on_ksyscall");
	err = bbpf_prog_attach(prog(f->obj, "on_ksyscall"), NULL, &link);
	if (!has_kprobes()) {
		assert_int_equal(err, -EOPNOTSUPP);
		print_message("ksyscall: skipped attaching: no kprobes in this kernel\n");
		return;
	}
	assert_int_equal(err, 0);
	assert_string_equal(bbpf_link_hook(link), "ksyscall");
	assert_non_null(strstr(bbpf_link_target(link), native_getppid()));
	print_message("ksyscall getppid -> %s\n", bbpf_link_target(link));
	getppid_n(5);
	assert_int_equal(hits(f->obj, KSYSCALL), 5);
	assert_int_equal(bbpf_link_destroy(link), 0);
}

/*
 * ksyscall on a syscall with arguments (openat): on x86-64 with 32-bit
 * emulation the compat entry is a function of its own, attached too (a
 * 32-bit caller would go through it). Native calls count once, not twice.
 */
static void test_ksyscall_compat(void **state)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "openat" };
	struct fix *f = *state;
	struct bbpf_link *link = NULL;
	const char *t;
	__u64 base;
	int err, i;

	f->obj = load_only("on_ksyscall");
	err = bbpf_prog_attach(prog(f->obj, "on_ksyscall"), &o, &link);
	if (!has_kprobes()) {
		assert_int_equal(err, -EOPNOTSUPP);
		print_message("ksyscall openat: skipped attaching: no kprobes in this kernel\n");
		return;
	}
	assert_int_equal(err, 0);
	t = bbpf_link_target(link);
	print_message("ksyscall openat -> %s\n", t);
	printf("matrix-fact: ksyscall_openat=%s\n", t);
	if (getenv("BAREBPF_MATRIX") && !strcmp(native_getppid(), "__x64_sys_getppid"))
		assert_non_null(strstr(t, ",__ia32_")); /* Debian amd64: IA32_EMULATION=y */
	/* From here: attaching the compat entry opened sysfs files after the native one counted. */
	base = hits(f->obj, KSYSCALL);
	for (i = 0; i < 5; i++) /* openat itself: musl's open() is the open syscall on x86-64 */
		close((int)syscall(SYS_openat, AT_FDCWD, "/proc/self/exe", O_RDONLY));
	assert_int_equal(hits(f->obj, KSYSCALL) - base, 5);
	assert_int_equal(bbpf_link_destroy(link), 0);
}

/* A stale event of a dead barebpf process is removed; a live one's is kept. */
static void test_kprobe_reclaim(void **state)
{
	char line[256], path[96];
	const char *sym = native_getppid();
	pid_t child;
	FILE *fp;
	int fd;

	(void)state;
	if (!has_kprobe_events() || !sym[0]) {
		assert_true(bbpf_kprobe_reclaim() < 0 || !sym[0]);
		print_message("skipped: no tracefs kprobe_events in this kernel\n");
		return;
	}
	child = fork();
	if (!child)
		_exit(0);
	waitpid(child, NULL, 0); /* a pid that no longer runs */
	snprintf(line, sizeof(line), "p:bbpf/bbpf_%d_stale_0_0 %s\n", (int)child, sym);
	fd = open("/sys/kernel/tracing/kprobe_events", O_WRONLY | O_APPEND);
	if (fd < 0)
		fd = open("/sys/kernel/debug/tracing/kprobe_events", O_WRONLY | O_APPEND);
	if (fd < 0) {
		print_message("skipped: kprobe_events cannot be opened for writing here: %s\n",
			      strerror(errno));
		return;
	}
	assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
	close(fd);
	snprintf(path, sizeof(path), "%s/kprobe_events",
		 access("/sys/kernel/tracing/kprobe_events", F_OK) ? "/sys/kernel/debug/tracing"
								   : "/sys/kernel/tracing");
	assert_true(bbpf_kprobe_reclaim() >= 1); /* others' stale events may go too */
	fp = fopen(path, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp))
		assert_null(strstr(line, "_stale_"));
	fclose(fp);
}

/* The uprobe target in this binary: global, not inlined, kept by the linker. */
__attribute__((noinline, used)) int bbpf_test_uprobe_fn(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}

static void call_fn(int n)
{
	while (n-- > 0)
		bbpf_test_uprobe_fn(n);
}

static void uprobe_case(struct fix *f, const char *name, int idx, pid_t pid)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .pid = pid };
	char exe[512], target[600];
	struct bbpf_link *link = NULL;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	assert_true(n > 0);
	exe[n] = '\0';
	snprintf(target, sizeof(target), "%s:bbpf_test_uprobe_fn", exe);
	o.target = target;
	f->obj = load_only(name);
	assert_int_equal(bbpf_prog_attach(prog(f->obj, name), &o, &link), 0);
	assert_int_equal(bbpf_link_how(link), perf_how());
	assert_string_equal(bbpf_link_target(link), target);
	call_fn(9);
	assert_int_equal(hits(f->obj, idx), 9);
	assert_int_equal(bbpf_link_destroy(link), 0);
	call_fn(3);
	assert_int_equal(hits(f->obj, idx), 9);
}

static void test_uprobe(void **state)
{
	uprobe_case(*state, "on_uprobe", UPROBE, 0);
}

static void test_uretprobe(void **state)
{
	uprobe_case(*state, "on_uretprobe", URETPROBE, 0);
}

static void test_uprobe_pid(void **state)
{
	uprobe_case(*state, "on_uprobe", UPROBE, getpid());
}

/* libc named without a path: found through /etc/ld.so.cache. */
static void test_uprobe_libc(void **state)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "libc.so.6:getppid" };
	struct fix *f = *state;
	struct bbpf_link *link = NULL;
	int err, i;

	f->obj = load_only("on_uprobe");
	err = bbpf_prog_attach(prog(f->obj, "on_uprobe"), &o, &link);
	if (err == -ENOENT && access("/etc/ld.so.cache", F_OK)) {
		print_message("skipped: no libc.so.6 here (a static initramfs)\n");
		return;
	}
	assert_int_equal(err, 0);
	assert_non_null(strstr(bbpf_link_target(link), "/libc.so.6:getppid"));
	for (i = 0; i < 4; i++)
		getppid(); /* through libc this time */
	assert_true(hits(f->obj, UPROBE) >= 4);
	assert_int_equal(bbpf_link_destroy(link), 0);
}

static void test_uprobe_missing(void **state)
{
	static const struct {
		const char *target;
		int err;
	} cases[] = {
		{ "/nonexistent/binary:main", -ENOENT },
		{ "libbbpf_nosuch.so.9:f", -ENOENT },
		{ "/proc/self/exe:bbpf_no_such_symbol", -ENOENT },
		{ "no_colon_here", -EINVAL },
	};
	struct bbpf_attach_opts o = { .sz = sizeof(o) };
	struct fix *f = *state;
	struct bbpf_link *link = NULL;
	size_t i;

	f->obj = load_only("on_uprobe");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		o.target = cases[i].target;
		ktest_capture_start();
		assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_uprobe"), &o, &link),
				 cases[i].err);
		ktest_capture_stop();
		assert_null(link);
		assert_non_null(strstr(ktest_msgs, "on_uprobe"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tracepoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detach_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_destroy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pin_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_pinned_not_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tracepoint_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_loaded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_tp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tp_btf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fentry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fexit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kprobe_reclaim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kprobe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kretprobe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kretprobe_maxactive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kprobe_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ksyscall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ksyscall_compat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uprobe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uretprobe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uprobe_pid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uprobe_libc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uprobe_missing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
