// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fallback chains on the real kernel (loader/attach/chain.c), with
 * tests/progs/chain_fadvise.bpf.c: fentry -> tracepoint (x86-64 name) ->
 * tracepoint (arm64 name) -> kprobe on symbol variants, each step counting
 * fadvise64 calls into its own variable.
 *
 * - auto lands on fentry where the kernel allows trampolines (Debian 6.1+
 *   amd64 under qemu: asserted there), else on the tracepoint this
 *   architecture has (this host: fentry is refused with EPERM, which the
 *   reasons say); only the chosen step's program is loaded (its fd, and
 *   the names of every program in the kernel), and it counts the calls the
 *   test makes;
 * - each forced mechanism lands there and counts, or fails with -ESRCH and
 *   nothing left where the kernel lacks it (fentry and kprobe on this host);
 *   a mechanism the chain has no step of is -ENOENT;
 * - steps that fail late (refused at load, failing to attach) make it load
 *   the object again with the next step;
 * - `barebpf run --attach tracepoint` and `--attach kprobe|fentry`: the line
 *   per chain, exit 0, or exit 1 with a message; nothing left behind.
 * Needs root.
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
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/chain.h>
#include <barebpf/features.h>
#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "../helpers/cli_child.h"
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"
#include "../helpers/log_capture.h"

#define OBJ	  "build/progs/chain_fadvise.bpf.o"
#define RETRY_OBJ "build/progs/chain_retry.bpf.o"

static const char *const step_names[] = { "ch_fentry", "ch_tp", "ch_tp64", "ch_kprobe" };
static const char *const counters[] = { "fentry_hits", "tp_hits", "tp64_hits", "kprobe_hits" };

/* Calls fadvise64 @n times. */
static void fadvise_n(int n)
{
	int fd = open("/proc/self/exe", O_RDONLY), i;

	assert_true(fd >= 0);
	for (i = 0; i < n; i++)
		posix_fadvise(fd, 0, 0, POSIX_FADV_NORMAL);
	close(fd);
}

/* The .bss counters of the loaded object. */
static void read_counts(const struct bbpf_obj *obj, unsigned long long v[4])
{
	int m = bbpf_obj_find_map(obj, ".bss");
	__u32 zero = 0;

	assert_true(m >= 0);
	memset(v, 0, 4 * sizeof(v[0]));
	assert_int_equal(
		bbpf_sys_map_lookup_elem(bbpf_map_fd(bbpf_obj_map(obj, (size_t)m)), &zero, v, 0),
		0);
}

/* How many programs named @name the kernel has loaded now. */
static int kernel_progs_named(const char *name)
{
	struct bpf_prog_info info;
	__u32 id = 0, len;
	int fd, n = 0;

	while (!bbpf_sys_prog_get_next_id(id, &id)) {
		fd = bbpf_sys_prog_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!bbpf_sys_obj_get_info_by_fd(fd, &info, &len) && !strcmp(info.name, name))
			n++;
		close(fd);
	}
	return n;
}

/* Index of @p in step_names. */
static int step_of(const struct bbpf_prog *p)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (!strcmp(bbpf_prog_name(p), step_names[i]))
			return (int)i;
	fail_msg("unexpected step %s", bbpf_prog_name(p));
	return -1;
}

/*
 * Loads the chain with @force; on success checks that only the chosen step
 * is loaded and that it (alone) counts. Returns the chosen step or -errno.
 */
static int load_and_count(enum bbpf_mech force, char *why, size_t why_sz)
{
	struct bbpf_chain_opts o = { .sz = sizeof(o), .force = force, .load = ktest_load_opts() };
	struct bbpf_chains *ch = NULL;
	struct bbpf_obj *obj = NULL;
	struct kstate before;
	unsigned long long v[4];
	int err, chosen, i;

	kstate_settle(&before);
	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	err = bbpf_obj_load_chains(obj, &o, &ch);
	if (err) {
		assert_null(ch);
		for (i = 0; i < 4; i++)
			assert_true(bbpf_prog_fd(bbpf_obj_prog(obj, (size_t)i)) < 0);
		bbpf_obj_close(obj);
		assert_true(kstate_wait_same(&before));
		return err;
	}
	assert_int_equal(bbpf_chains_cnt(ch), 1);
	assert_string_equal(bbpf_chains_name(ch, 0), "fadvise");
	/* "reasons -> target" */
	snprintf(why, why_sz, "%s -> %s", bbpf_chains_why(ch, 0),
		 bbpf_link_target(bbpf_chains_link(ch, 0)));
	chosen = step_of(bbpf_chains_prog(ch, 0));
	for (i = 0; i < 4; i++) {
		const struct bbpf_prog *p =
			bbpf_obj_prog(obj, (size_t)bbpf_obj_find_prog(obj, step_names[i]));

		assert_int_equal(bbpf_prog_fd(p) >= 0, i == chosen);
		assert_int_equal(kernel_progs_named(step_names[i]), i == chosen);
	}
	fadvise_n(20);
	read_counts(obj, v);
	for (i = 0; i < 4; i++) {
		if (i == chosen && v[i] < 20)
			fail_msg("%s counted %llu of 20 fadvise calls", counters[i], v[i]);
		if (i != chosen)
			assert_int_equal(v[i], 0);
	}
	bbpf_chains_free(ch);
	bbpf_obj_close(obj);
	assert_true(kstate_wait_same(&before));
	return chosen;
}

/* Under qemu, in the run with sysfs BTF, on amd64 6.1 and later: fentry must work. */
static bool fentry_required(void)
{
	struct utsname u;
	int maj = 0, min = 0;

	if (!getenv("BAREBPF_MATRIX") || getenv("BAREBPF_NO") || uname(&u) ||
	    strcmp(getenv("BAREBPF_MATRIX_RUN") ?: "", "sysfs"))
		return false;
	sscanf(u.release, "%d.%d", &maj, &min);
	return !strcmp(u.machine, "x86_64") && (maj > 6 || (maj == 6 && min >= 1));
}

static int arch_tp(void)
{
	struct utsname u;

	assert_int_equal(uname(&u), 0);
	return !strcmp(u.machine, "x86_64") ? 1 : 2;
}

static void test_auto(void **state)
{
	bool fentry = bbpf_feature_probe(BBPF_FEAT_FENTRY) == 1;
	char why[1024];
	int chosen;

	(void)state;
	chosen = load_and_count(BBPF_MECH_AUTO, why, sizeof(why));
	print_message("auto: %s (%s)\n", step_names[chosen], why);
	printf("matrix-fact: chain_auto=%s\n", step_names[chosen] + 3);
	if (fentry_required())
		assert_true(fentry);
	assert_int_equal(chosen, fentry ? 0 : arch_tp());
	if (!fentry)
		assert_non_null(strstr(why, "fentry: "));
	if (chosen == 2) /* arm64: the x86-64 tracepoint was passed over */
		assert_non_null(strstr(why, "no tracepoint syscalls/sys_enter_fadvise64"));
}

static void test_forced(void **state)
{
	bool fentry = bbpf_feature_probe(BBPF_FEAT_FENTRY) == 1;
	bool kprobes = bbpf_feature_probe(BBPF_FEAT_KPROBE_PMU) == 1 ||
		       !access("/sys/kernel/tracing/kprobe_events", F_OK) ||
		       !access("/sys/kernel/debug/tracing/kprobe_events", F_OK);
	char why[1024];
	int r;

	(void)state;
	assert_int_equal(load_and_count(BBPF_MECH_TRACEPOINT, why, sizeof(why)), arch_tp());
	r = load_and_count(BBPF_MECH_FENTRY, why, sizeof(why));
	assert_int_equal(r, fentry ? 0 : -ESRCH);
	r = load_and_count(BBPF_MECH_KPROBE, why, sizeof(why));
	print_message("kprobe: %s\n", r < 0 ? bbpf_strerror(r) : why);
	if (getenv("BAREBPF_MATRIX")) /* every Debian kernel has kprobes */
		assert_true(kprobes);
	assert_int_equal(r, kprobes ? 3 : -ESRCH);
	if (kprobes) /* the section's symbol does not exist: a BBPF_KPROBE_OR() one was used */
		assert_true(strstr(why, "-> ksys_fadvise64_64") || strstr(why, "-> __x64_sys_") ||
			    strstr(why, "-> __arm64_sys_") || strstr(why, "-> __do_sys_"));
	assert_int_equal(load_and_count(BBPF_MECH_RAW_TP, why, sizeof(why)), -ENOENT);
}

/*
 * Steps the caller switched off are not tried (the tracepoint is taken with
 * no word about fentry); a chain with every step off is left out, nothing
 * of it loaded; .or_auto: a forced mechanism the chain lacks means auto.
 */
static void test_switched_off(void **state)
{
	struct bbpf_chain_opts o = { .sz = sizeof(o) };
	struct bbpf_chains *ch = NULL;
	struct bbpf_obj *obj = NULL;
	struct kstate before;
	size_t i;

	(void)state;
	kstate_settle(&before);
	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_prog_set_autoload(bbpf_obj_prog_mut(obj, 0), false),
			 0); /* ch_fentry */
	assert_int_equal(bbpf_prog_set_autoload(bbpf_obj_prog_mut(obj, 3), false),
			 0);	    /* ch_kprobe */
	o.force = BBPF_MECH_RAW_TP; /* no such step: as auto */
	o.or_auto = true;
	assert_int_equal(bbpf_obj_load_chains(obj, &o, &ch), 0);
	assert_int_equal(bbpf_chains_cnt(ch), 1);
	assert_int_equal(step_of(bbpf_chains_prog(ch, 0)), arch_tp());
	assert_null(strstr(bbpf_chains_why(ch, 0), "fentry"));
	bbpf_chains_free(ch);
	bbpf_obj_close(obj);
	assert_true(kstate_wait_same(&before));

	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(bbpf_prog_set_autoload(bbpf_obj_prog_mut(obj, i), false), 0);
	assert_int_equal(bbpf_obj_load_chains(obj, NULL, &ch), 0);
	assert_int_equal(bbpf_chains_cnt(ch), 0);
	for (i = 0; i < 4; i++)
		assert_true(bbpf_prog_fd(bbpf_obj_prog(obj, i)) < 0);
	bbpf_chains_free(ch);
	bbpf_obj_close(obj);
	assert_true(kstate_wait_same(&before));
}

static void test_cli(void **state)
{
	const char *cli = cli_path();
	bool fentry = bbpf_feature_probe(BBPF_FEAT_FENTRY) == 1;
	const char *modes[] = { "tracepoint", "fentry", "kprobe", "raw_tp" };
	struct kstate before;
	char out[8192], want[128];
	size_t i;
	int rc;

	(void)state;
	if (!cli) {
		print_message("[ SKIP     ] %s not built\n", CLI_BUILD);
		return;
	}
	for (i = 0; i < 4; i++) {
		const char *args[] = { cli,	 "run",	       OBJ, "--attach",
				       modes[i], "--duration", "0", NULL };

		kstate_settle(&before);
		rc = cli_run(args, out, sizeof(out));
		print_message("--attach %s: rc %d\n%s", modes[i], rc, out);
		if (i == 0 || (i == 1 && fentry)) {
			assert_int_equal(rc, 0);
			snprintf(want, sizeof(want), "attached fadvise via %s ",
				 i == 0 ? "tracepoint" : "fentry");
			assert_non_null(strstr(out, want));
		} else if (i == 3) {
			assert_int_equal(rc, 1);
			assert_non_null(strstr(out, "no raw_tp step"));
		} else if (rc) {
			assert_int_equal(rc, 1);
			assert_non_null(strstr(out, "could not be attached with --attach"));
		}
		assert_true(kstate_wait_same(&before));
	}
	{
		const char *args[] = { cli, "run", OBJ, "--duration", "0", NULL };

		kstate_settle(&before);
		rc = cli_run(args, out, sizeof(out));
		assert_int_equal(rc, 0);
		if (!fentry) /* the reason is on the line */
			assert_non_null(strstr(out, "(fentry: "));
		assert_true(kstate_wait_same(&before));
	}
}

/* Steps that fail at load and at attach: the object is loaded again for the next. */
static void test_retry(void **state)
{
	struct bbpf_chain_opts o = { .sz = sizeof(o) };
	struct bbpf_chains *ch = NULL;
	struct bbpf_obj *obj = NULL;
	struct kstate before;
	unsigned long long v = 0;
	__u32 zero = 0;
	const char *why;
	int i, m;

	(void)state;
	if (bbpf_feature_probe(BBPF_FEAT_TP_BTF) != 1 ||
	    bbpf_feature_probe(BBPF_FEAT_RAW_TP) != 1) {
		print_message("[ SKIP     ] no tp_btf or raw_tp attach here\n");
		return;
	}
	kstate_settle_long(&before); /* the probes' programs, just closed, are freed after RCU */
	assert_int_equal(bbpf_obj_open_file(RETRY_OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_load_chains(obj, &o, &ch), 0);
	why = bbpf_chains_why(ch, 0);
	print_message("retry: %s (%s)\n", bbpf_prog_name(bbpf_chains_prog(ch, 0)), why);
	assert_string_equal(bbpf_prog_name(bbpf_chains_prog(ch, 0)), "rt_tp");
	assert_non_null(strstr(why, "tp_btf: "));
	assert_non_null(strstr(why, "refused by the kernel; raw_tp: ENOENT, attach failed"));
	assert_true(bbpf_prog_fd(bbpf_obj_prog(obj, 0)) < 0);
	assert_true(bbpf_prog_fd(bbpf_obj_prog(obj, 1)) < 0);
	assert_true(bbpf_prog_fd(bbpf_obj_prog(obj, 3)) >= 0); /* no chain: loaded */
	for (i = 0; i < 10; i++)
		getppid();
	m = bbpf_obj_find_map(obj, ".bss");
	assert_true(m >= 0);
	assert_int_equal(
		bbpf_sys_map_lookup_elem(bbpf_map_fd(bbpf_obj_map(obj, (size_t)m)), &zero, &v, 0),
		0);
	assert_true(v >= 10);
	bbpf_chains_free(ch);
	bbpf_obj_close(obj);
	assert_true(kstate_wait_same(&before));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auto),  cmocka_unit_test(test_forced),
		cmocka_unit_test(test_retry), cmocka_unit_test(test_switched_off),
		cmocka_unit_test(test_cli),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
