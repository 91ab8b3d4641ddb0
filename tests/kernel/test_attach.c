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
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
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

/* Opens and loads attach.bpf.o with only @only, filtering on this process. */
static struct bbpf_obj *load_only(const char *only)
{
	const char *list[1] = { only };
	struct bbpf_obj *obj = NULL;
	__u32 tgid = (__u32)getpid();
	long nr = SYS_getppid;

	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "tgid", &tgid, sizeof(tgid)), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "nr_getppid", &nr, sizeof(nr)), 0);
	assert_int_equal(bbpf_obj_select_progs(obj, list, 1, NULL, 0), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	return obj;
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
	assert_int_equal(bbpf_sys_map_lookup_elem(bbpf_map_fd(bbpf_obj_map(obj, (size_t)idx)),
						  &zero, v, 0),
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
			       bbpf_feature_probe(BBPF_FEAT_BPF_LINK) == 1 ?
		       BBPF_LINK_PERF :
		       BBPF_LINK_PERF_IOCTL;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tracepoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detach_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pin_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_pinned_not_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tracepoint_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_loaded, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
