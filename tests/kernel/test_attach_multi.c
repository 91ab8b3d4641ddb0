// SPDX-License-Identifier: BSD-2-Clause
/*
 * The multi-probe kinds on the real kernel (tests/progs/attach_multi.bpf.c):
 * kprobe.multi, kretprobe.multi, kprobe.session, uprobe.multi and
 * uretprobe.multi. Each test triggers the hooks (getppid(), calls of this
 * binary's own functions), reads the program's counter, destroys the link,
 * and checks that the counter stays and the kernel holds nothing more than
 * before. The multi links and their fallback (one probe per symbol, the
 * program loaded as a plain kprobe/uprobe) both run: each *_forced test
 * forces the feature off (as BAREBPF_NO does) before the load. On a kernel
 * with no kprobes at all (this host) the kprobe cases check the refusal.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "../helpers/cli_child.h"
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"
#include "../helpers/netprog.h"

#define OBJ "build/progs/attach_multi.bpf.o"

enum { KMULTI, KRETMULTI, KSESSION, UMULTI, URETMULTI };

struct fix {
	struct bbpf_obj *obj;
	struct kstate before;
};

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
	bbpf_feature_force_off(BBPF_FEAT_KPROBE_MULTI, false);
	bbpf_feature_force_off(BBPF_FEAT_UPROBE_MULTI, false);
	assert_true(kstate_wait_same(&f->before));
	return 0;
}

/* Opens and loads the object with only @name; -errno of the load. */
static int load_only(struct fix *f, const char *name)
{
	const char *list[1] = { name };
	__u32 tgid = (__u32)getpid();

	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &f->obj), 0);
	assert_int_equal(bbpf_obj_set_var(f->obj, "tgid", &tgid, sizeof(tgid)), 0);
	assert_int_equal(bbpf_obj_select_progs(f->obj, list, 1, NULL, 0), 0);
	return bbpf_obj_load(f->obj, NULL);
}

#define prog netprog_prog /* the program of that name; hits[i] of .bss */
#define hits netprog_hits

static bool has_kprobes(void)
{
	return bbpf_feature_probe(BBPF_FEAT_KPROBE_PMU) == 1 ||
	       !access("/sys/kernel/tracing/kprobe_events", F_OK) ||
	       !access("/sys/kernel/debug/tracing/kprobe_events", F_OK);
}

static void getppid_n(int n)
{
	while (n-- > 0)
		syscall(SYS_getppid);
}

/* kprobe.multi / kretprobe.multi: the multi link, or (forced, or no FPROBE) one kprobe each. */
static void kmulti_case(struct fix *f, const char *name, int idx, bool forced)
{
	struct bbpf_link *link = NULL;
	bool multi;
	int err;

	if (forced)
		assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_KPROBE_MULTI, true), 0);
	multi = bbpf_feature_probe(BBPF_FEAT_KPROBE_MULTI) == 1;
	assert_int_equal(load_only(f, name), 0);
	if (!multi && !has_kprobes()) {
		ktest_capture_start();
		err = bbpf_prog_attach(prog(f->obj, name), NULL, &link);
		ktest_capture_stop();
		assert_int_equal(err, -EOPNOTSUPP);
		assert_null(link);
		assert_non_null(strstr(ktest_msgs, "__task_pid_nr_ns"));
		print_message("%s: no multi link and no kprobes here: the refusal was checked\n",
			      name);
		return;
	}
	assert_int_equal(bbpf_prog_attach(prog(f->obj, name), NULL, &link), 0);
	if (multi)
		assert_int_equal(bbpf_link_how(link), BBPF_LINK_BPF);
	else
		assert_int_not_equal(bbpf_link_how(link), BBPF_LINK_BPF);
	assert_string_equal(bbpf_link_target(link), "__task_pid_nr_n?");
	print_message("%s: %s (%s)\n", name, bbpf_link_how_str(bbpf_link_how(link)),
		      multi ? "multi link" : "one kprobe per function");
	getppid_n(5);
	assert_true(hits(f->obj, idx) >= 5);
	assert_int_equal(bbpf_link_destroy(link), 0);
	err = (int)hits(f->obj, idx);
	getppid_n(3);
	assert_int_equal(hits(f->obj, idx), (__u64)err);
}

static void test_kprobe_multi(void **state)
{
	kmulti_case(*state, "on_kmulti", KMULTI, false);
}

static void test_kprobe_multi_forced(void **state)
{
	kmulti_case(*state, "on_kmulti", KMULTI, true);
}

static void test_kretprobe_multi(void **state)
{
	kmulti_case(*state, "on_kretmulti", KRETMULTI, false);
}

static void test_kretprobe_multi_forced(void **state)
{
	kmulti_case(*state, "on_kretmulti", KRETMULTI, true);
}

/* A pattern that matches no function: ENOENT, named, nothing attached. */
static void test_kprobe_multi_missing(void **state)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .target = "bbpf_no_such_function_*" };
	struct bbpf_link *link = NULL;
	struct fix *f = *state;

	assert_int_equal(load_only(f, "on_kmulti"), 0);
	ktest_capture_start();
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_kmulti"), &o, &link), -ENOENT);
	ktest_capture_stop();
	assert_null(link);
	assert_non_null(strstr(ktest_msgs, "bbpf_no_such_function_*"));
}

/* kprobe.session: entry and return each count; no fallback where the kernel lacks it. */
static void test_kprobe_session(void **state)
{
	struct bbpf_link *link = NULL;
	struct fix *f = *state;
	int err;

	err = load_only(f, "on_ksession");
	if (bbpf_feature_probe(BBPF_FEAT_KPROBE_SESSION) != 1) {
		if (!err) {
			ktest_capture_start();
			err = bbpf_prog_attach(prog(f->obj, "on_ksession"), NULL, &link);
			ktest_capture_stop();
			assert_int_equal(err, -EOPNOTSUPP);
			assert_non_null(strstr(ktest_msgs, "kprobe.session"));
		}
		print_message("kprobe.session: not in this kernel; the refusal was checked\n");
		return;
	}
	assert_int_equal(err, 0);
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_ksession"), NULL, &link), 0);
	assert_int_equal(bbpf_link_how(link), BBPF_LINK_BPF);
	getppid_n(5);
	assert_true(hits(f->obj, KSESSION) >= 10);
	assert_int_equal(bbpf_link_destroy(link), 0);
}

/* Three functions of this binary that only the uprobe.multi tests call. */
__attribute__((noinline, used)) int bbpf_test_umulti_a(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}

__attribute__((noinline, used)) int bbpf_test_umulti_b(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 2;
}

__attribute__((noinline, used)) int bbpf_test_umulti_c(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 3;
}

/* 1 + 2 + 3 calls: six hits for a probe on all three. */
static void call_abc(void)
{
	int i;

	bbpf_test_umulti_a(0);
	for (i = 0; i < 2; i++)
		bbpf_test_umulti_b(i);
	for (i = 0; i < 3; i++)
		bbpf_test_umulti_c(i);
}

static void exe_target(char *buf, size_t sz, const char *pat)
{
	char exe[512];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	assert_true(n > 0);
	exe[n] = '\0';
	snprintf(buf, sz, "%s:%s", exe, pat);
}

static void umulti_case(struct fix *f, const char *name, int idx, bool forced, pid_t pid)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o), .pid = pid };
	struct bbpf_link *link = NULL;
	char target[600];
	bool multi;

	if (forced)
		assert_int_equal(bbpf_feature_force_off(BBPF_FEAT_UPROBE_MULTI, true), 0);
	multi = bbpf_feature_probe(BBPF_FEAT_UPROBE_MULTI) == 1;
	exe_target(target, sizeof(target), "bbpf_test_umulti_*");
	o.target = target;
	assert_int_equal(load_only(f, name), 0);
	assert_int_equal(bbpf_prog_attach(prog(f->obj, name), &o, &link), 0);
	assert_int_equal(bbpf_link_how(link), multi ? BBPF_LINK_BPF
						    : (bbpf_feature_probe(BBPF_FEAT_PERF_LINK) == 1
							       ? BBPF_LINK_PERF
							       : BBPF_LINK_PERF_IOCTL));
	assert_string_equal(bbpf_link_target(link), target);
	print_message("%s: %s (%s)\n", name, bbpf_link_how_str(bbpf_link_how(link)),
		      multi ? "multi link" : "one uprobe per function");
	call_abc();
	assert_int_equal(hits(f->obj, idx), 6);
	assert_int_equal(bbpf_link_destroy(link), 0);
	call_abc();
	assert_int_equal(hits(f->obj, idx), 6);
}

static void test_uprobe_multi(void **state)
{
	umulti_case(*state, "on_umulti", UMULTI, false, 0);
}

static void test_uprobe_multi_forced(void **state)
{
	umulti_case(*state, "on_umulti", UMULTI, true, 0);
}

static void test_uretprobe_multi(void **state)
{
	umulti_case(*state, "on_uretmulti", URETMULTI, false, 0);
}

static void test_uretprobe_multi_forced(void **state)
{
	umulti_case(*state, "on_uretmulti", URETMULTI, true, 0);
}

static void test_uprobe_multi_pid(void **state)
{
	umulti_case(*state, "on_umulti", UMULTI, false, getpid());
}

static void test_uprobe_multi_missing(void **state)
{
	struct bbpf_attach_opts o = { .sz = sizeof(o) };
	struct bbpf_link *link = NULL;
	struct fix *f = *state;
	char nomatch[600];
	static const char *bad[] = { "no_colon_here", "/nonexistent/bin:f*" };
	static const int errs[] = { -EINVAL, -ENOENT };
	size_t i;

	assert_int_equal(load_only(f, "on_umulti"), 0);
	exe_target(nomatch, sizeof(nomatch), "bbpf_no_such_symbol_*");
	o.target = nomatch;
	ktest_capture_start();
	assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_umulti"), &o, &link), -ENOENT);
	ktest_capture_stop();
	assert_null(link);
	assert_non_null(strstr(ktest_msgs, "bbpf_no_such_symbol_*"));
	for (i = 0; i < 2; i++) {
		o.target = bad[i];
		ktest_capture_start();
		assert_int_equal(bbpf_prog_attach(prog(f->obj, "on_umulti"), &o, &link), errs[i]);
		ktest_capture_stop();
		assert_null(link);
		assert_non_null(strstr(ktest_msgs, "on_umulti"));
	}
}

/* `barebpf run` on uprobe.multi sections: one line per program with its mechanism; exit 0; clean. */
static void run_cli(const char *no, const char *how)
{
	const char *cli = cli_path();
	char cmd[512], out[4096] = "";
	size_t len = 0, n;
	FILE *p;
	int rc;

	if (!cli) {
		print_message("run: skipped: the CLI is not built\n");
		return;
	}
	snprintf(cmd, sizeof(cmd),
		 "BAREBPF_NO=%s %s run build/progs/run_multi.bpf.o --duration 0.2 2>&1", no, cli);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (len < sizeof(out) - 1 && (n = fread(out + len, 1, sizeof(out) - 1 - len, p)) > 0)
		len += n;
	out[len] = '\0';
	rc = pclose(p);
	if (rc && !strcmp(cli, "/bin/barebpf") && strstr(out, "matching function symbols")) {
		print_message("run: skipped: the guest's CLI is stripped (no main to probe)\n");
		return;
	}
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "program(s) attached"));
	snprintf(cmd, sizeof(cmd), "run_umulti -> uprobe.multi /proc/self/exe:mai? (%s)", how);
	assert_non_null(strstr(out, cmd));
	snprintf(cmd, sizeof(cmd), "run_uretmulti -> uretprobe.multi /proc/self/exe:mai? (%s)",
		 how);
	assert_non_null(strstr(out, cmd));
}

static void test_run_cli(void **state)
{
	(void)state;
	if (bbpf_feature_probe(BBPF_FEAT_UPROBE_MULTI) == 1)
		run_cli("", "bpf_link");
	run_cli("uprobe_multi",
		bbpf_feature_probe(BBPF_FEAT_PERF_LINK) == 1 ? "perf_link" : "perf_ioctl");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kprobe_multi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kprobe_multi_forced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kretprobe_multi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kretprobe_multi_forced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kprobe_multi_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kprobe_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uprobe_multi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uprobe_multi_forced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uretprobe_multi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uretprobe_multi_forced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uprobe_multi_pid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uprobe_multi_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_cli, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
