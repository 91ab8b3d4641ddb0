// SPDX-License-Identifier: BSD-2-Clause
/*
 * bbpf_obj_load() on the real kernel: every test program and fixture object
 * loads (or fails for the reason this kernel gives), programs run with
 * BPF_PROG_TEST_RUN and their globals are read back, CO-RE reads the real
 * task_struct, a verifier refusal prints its log, a failed load leaves no fd
 * and no kernel object, and pinning round-trips. Needs root.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "../helpers/fixture.h"
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"

#define BPFFS_MAGIC 0xcafe4a11UL

/* Skips the running test, saying which kernel feature is missing. */
#define skip_msg(fmt, ...)                                              \
	do {                                                            \
		print_message("[ SKIP     ] " fmt "\n", ##__VA_ARGS__); \
		skip();                                                 \
	} while (0)

#define KV(a, b) ((a)*256 + (b))
#define KV_STATE KV(5, 14) /* task_struct.state became __state (core_task.bpf.c) */
#define KV_LOOP	 KV(5, 17) /* bpf_loop(), callbacks by address (progs.bpf.c) */
#define KV_KF62	 KV(6, 2)  /* kfuncs bpf_rcu_read_lock, bpf_rdonly_cast */
#define KV_ARGT	 KV(6, 8)  /* bpf_iter_num (6.4) and __arg_* tags (6.8): iter_loops.bpf.c */

/*
 * Every object and what loading it gives on a kernel like the host
 * (docs/KERNELS.md); before kernel @since it gives @old instead (the verifier
 * refuses what that kernel lacks, as it would from libbpf).
 */
static const struct {
	const char *path;
	int err; /* expected bbpf_obj_load() result */
	int since, old;
	const char *ksym; /* a typed data ksym: without it in kallsyms, -ENOENT */
} objs[] = {
	{ "build/progs/core_bits.bpf.o", 0 },
	{ "build/progs/core_task.bpf.o", 0, KV_STATE, -EINVAL }, /* field_size(__state): poisoned */
	{ "build/progs/load_core.bpf.o", 0 },
	{ "build/progs/load_slots.bpf.o", 0 },
	{ "build/progs/sys_retval.bpf.o", 0 },
	{ "build/progs/sys_ringbuf.bpf.o", 0 },
	{ "build/progs/load_bad.bpf.o", -EACCES }, /* the verifier refuses it */
	/*
	 * pt_regs by architecture: build/progs holds objects built for the
	 * machine the test runs on (the qemu matrix gives its arm64 guests
	 * build/progs-arm64 there), so these load on x86_64 and arm64 alike.
	 */
	{ "build/progs/kprobe_regs.bpf.o", 0 },
	/* kfunc bpf_rdonly_cast (bpf_core_cast(), 6.2) is called unconditionally */
	{ "build/progs/newer_macros.bpf.o", 0, KV_KF62, -EINVAL },
	{ "build/progs/ringbuf_writer.bpf.o", 0, KV(5, 13), -EINVAL }, /* bpf_snprintf() */
	{ "build/progs/load_externs.bpf.o", 0 },
	{ "tests/fixtures/obj/progs.bpf.o", 0, KV_LOOP, -EINVAL },
	{ "tests/fixtures/obj/progs-c19.bpf.o", 0, KV_LOOP, -EINVAL },
	{ "tests/fixtures/obj/legacy.bpf.o", 0 },
	{ "tests/fixtures/obj/legacy-c19.bpf.o", 0 },
	{ "tests/fixtures/obj/maps.bpf.o", -EINVAL },	  /* hash map with map_extra */
	{ "tests/fixtures/obj/maps-c19.bpf.o", -EINVAL }, /* ditto */
	/*
	 * kfunc bpf_rcu_read_lock (6.2): before it, a non-weak extern not
	 * found. The typed ksym bpf_prog_active needs its address in kallsyms
	 * (CONFIG_KALLSYMS_ALL): without it the verifier says ENOENT.
	 */
	{ "tests/fixtures/obj/externs.bpf.o", 0, KV_KF62, -ESRCH, "bpf_prog_active" },
	{ "tests/fixtures/obj/externs-c19.bpf.o", 0, KV_KF62, -ESRCH, "bpf_prog_active" },
};

/* The running kernel's version as KV(major, minor). */
static int kver(void)
{
	struct utsname u;
	int a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &a, &b) != 2)
		return 0;
	return KV(a, b);
}

/* Whether /proc/kallsyms lists @name (data symbols need CONFIG_KALLSYMS_ALL). */
static bool has_kallsym(const char *name)
{
	char line[512], sym[256];
	bool found = false;
	FILE *f = fopen("/proc/kallsyms", "r");

	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %255s", sym) == 1 && !strcmp(sym, name);
	if (f)
		fclose(f);
	return found;
}

/* What loading objs[@i] gives on this kernel. */
static int expected(size_t i, int kv)
{
	if (kv < objs[i].since)
		return objs[i].old;
	if (objs[i].ksym && !has_kallsym(objs[i].ksym))
		return -ENOENT;
	return objs[i].err;
}

/* Pins by name go here, removed after each object (see drop_pins()). */
static char pin_root[128];

/*
 * A program of an unknown section (progs.bpf.c's "odd") fails the load while
 * it is selected (issue 10): checked first, then it is left out so that
 * the other programs are tested.
 */
static int deselect_unknown(const char *path, struct bbpf_obj *obj)
{
	struct bbpf_obj *again = NULL;
	size_t i, n = 0;

	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++) {
		if (!bbpf_prog_err(bbpf_obj_prog(obj, i)))
			continue;
		if (!n++) {
			assert_int_equal(bbpf_obj_open_file(path, NULL, &again), 0);
			assert_int_equal(bbpf_obj_load(again, NULL), -EOPNOTSUPP);
			bbpf_obj_close(again);
		}
		assert_int_equal(bbpf_prog_set_autoload(bbpf_obj_prog_mut(obj, i), false), 0);
	}
	return 0;
}

static int load_path(const char *path, struct bbpf_obj **obj)
{
	struct bbpf_obj_load_opts lo = { .sz = sizeof(lo), .pin_root = pin_root };
	int err = bbpf_obj_open_file(path, NULL, obj);

	assert_int_equal(err, 0);
	return deselect_unknown(path, *obj) ?: bbpf_obj_load(*obj, &lo);
}

/* rm -r of a bpffs directory, without a shell (the matrix's initramfs has none). */
static void rm_tree(const char *dir, bool keep_dir)
{
	char path[512];
	struct dirent *d;
	DIR *dp = opendir(dir);

	if (!dp)
		return;
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (d->d_type == DT_DIR)
			rm_tree(path, false);
		else
			unlink(path);
	}
	closedir(dp);
	if (!keep_dir)
		rmdir(dir);
}

static void drop_pins(void)
{
	rm_tree(pin_root, true);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(pin_root, sizeof(pin_root), "/sys/fs/bpf/bbpf_test_pins_%d", getpid());
	if (ktest_mount("bpf", "/sys/fs/bpf", BPFFS_MAGIC) || mkdir(pin_root, 0700))
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(pin_root);
}

/* Each object: the expected result; loaded programs and maps have fds; close frees all. */
static void test_load_all(void **state)
{
	struct kstate before;
	struct bbpf_obj *obj;
	int err, want, kv = kver();
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		kstate_settle(&before);
		want = expected(i, kv);
		err = load_path(objs[i].path, &obj);
		if (err != want)
			fail_msg("%s: load gave %d, expected %d", objs[i].path, err, want);
		for (j = 0; !err && j < bbpf_obj_map_cnt(obj); j++)
			assert_true(bbpf_map_fd(bbpf_obj_map(obj, j)) > 2);
		for (j = 0; !err && j < bbpf_obj_prog_cnt(obj); j++)
			if (bbpf_prog_autoload(bbpf_obj_prog(obj, j)) &&
			    !bbpf_prog_err(bbpf_obj_prog(obj, j)))
				assert_true(bbpf_prog_fd(bbpf_obj_prog(obj, j)) > 2);
		if (err) /* a failed load leaves nothing, even before close */
			assert_int_equal(fd_count(), before.fds);
		bbpf_obj_close(obj);
		drop_pins();
		assert_true(kstate_wait_same(&before));
	}
}

static void lookup0(const struct bbpf_obj *obj, const char *map, void *val)
{
	int idx = bbpf_obj_find_map(obj, map);
	__u32 zero = 0;

	assert_true(idx >= 0);
	assert_int_equal(
		bbpf_sys_map_lookup_elem(bbpf_map_fd(bbpf_obj_map(obj, idx)), &zero, val, 0), 0);
}

/* Run: CO-RE reads of the calling task, subprograms, .data/.rodata/.bss read back. */
static void test_run_core_globals(void **state)
{
	struct {
		__u32 pid, tgid, magic, pad;
		__u64 twice;
	} bss;
	struct bbpf_sys_prog_test_run_opts o = { .sz = sizeof(o) };
	__u64 ctx[6] = { 0 };
	struct bbpf_obj *obj;
	__u32 runs, magic;

	(void)state;
	assert_int_equal(load_path("build/progs/load_core.bpf.o", &obj), 0);
	o.ctx_in = ctx;
	o.ctx_size_in = sizeof(ctx);
	assert_int_equal(bbpf_sys_prog_test_run(bbpf_prog_fd(bbpf_obj_prog(obj, 0)), &o), 0);
	assert_int_equal(o.retval, 0); /* else: the failing check's line */
	lookup0(obj, ".bss", &bss);
	lookup0(obj, ".data", &runs);
	lookup0(obj, ".rodata", &magic);
	assert_int_equal(bss.pid, syscall(SYS_gettid));
	assert_int_equal(bss.tgid, getpid());
	assert_int_equal(bss.twice, 2ULL * getpid());
	assert_int_equal(bss.magic, 0x5eed);
	assert_int_equal(magic, 0x5eed);
	assert_int_equal(runs, 8);
	bbpf_obj_close(obj);
}

/* Open-coded loops and argument tags (include/bpf/bpf_helpers.h) run as written. */
static void test_run_iter_loops(void **state)
{
	struct {
		int sum, reps, each, tagged;
	} bss;
	struct bbpf_sys_prog_test_run_opts o = { .sz = sizeof(o) };
	char pkt[64] = { 0 };
	struct bbpf_obj *obj;

	(void)state;
	if (kver() < KV_ARGT)
		skip_msg("bpf_iter_num (6.4) and arg:nonnull (6.8) are newer than this kernel");
	assert_int_equal(load_path("build/progs/iter_loops.bpf.o", &obj), 0);
	o.data_in = pkt;
	o.data_size_in = sizeof(pkt);
	assert_int_equal(bbpf_sys_prog_test_run(bbpf_prog_fd(bbpf_obj_prog(obj, 0)), &o), 0);
	assert_int_equal(o.retval, 2); /* XDP_PASS */
	lookup0(obj, ".bss", &bss);
	assert_int_equal(bss.sum, 45);	   /* bpf_for(i, 0, 10) */
	assert_int_equal(bss.reps, 7);	   /* bpf_repeat(7) */
	assert_int_equal(bss.each, 1 + 2 + 3); /* bpf_for_each(num, p, 1, 4) */
	assert_int_equal(bss.tagged, 6 * 1000 + (int)sizeof(pkt));
	bbpf_obj_close(obj);
}

/* KERNEL_VERSION(a, b, c) of uname's release, c clamped to 255 as the kernel does. */
static __u32 uname_version(void)
{
	unsigned int a = 0, b = 0, c = 0;
	struct utsname u;

	assert_int_equal(uname(&u), 0);
	assert_true(sscanf(u.release, "%u.%u.%u", &a, &b, &c) >= 2);
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

/* __kconfig externs (/proc/config.gz or /boot/config-<release>) as a program reads them. */
static void test_run_kconfig(void **state)
{
	struct {
		__u32 kernel_version, bpf_syscall, not_there, tristate_not_there, has_cookie;
		__u32 has_wrapper;
	} bss;
	struct bbpf_sys_prog_test_run_opts o = { .sz = sizeof(o) };
	__u64 ctx[6] = { 0 };
	struct bbpf_obj *obj;

	(void)state;
	assert_int_equal(load_path("build/progs/load_externs.bpf.o", &obj), 0);
	o.ctx_in = ctx;
	o.ctx_size_in = sizeof(ctx);
	assert_int_equal(bbpf_sys_prog_test_run(bbpf_prog_fd(bbpf_obj_prog(obj, 0)), &o), 0);
	assert_int_equal(o.retval, 0); /* else: the failing check's line */
	lookup0(obj, ".bss", &bss);
	assert_int_equal(bss.kernel_version, uname_version());
	assert_int_equal(bss.bpf_syscall, 1);
	assert_int_equal(bss.not_there, 0);
	assert_int_equal(bss.tristate_not_there, 0);
	assert_int_equal(bss.has_cookie, kver() >= KV(5, 15));
	assert_int_equal(bss.has_wrapper, 1); /* x86 since 4.17, arm64 since 4.19 */
	bbpf_obj_close(obj);
}

/*
 * core_task.bpf.c's task iterator (CO-RE reads of tgid, pid, comm; its
 * attach_btf_id found at load): one line "<tgid> <pid> <comm>" per task;
 * this thread's line must be there with the real values.
 */
static void test_iter_core_task(void **state)
{
	static char out[1 << 20];
	struct bbpf_obj *obj;
	char want[64];
	int link, iter, p;
	ssize_t n, len = 0;

	(void)state;
	if (kver() < KV_STATE)
		skip_msg("core_task.bpf.o reads task_struct.__state (5.14+)");
	assert_int_equal(load_path("build/progs/core_task.bpf.o", &obj), 0);
	p = bbpf_obj_find_prog(obj, "dump_task");
	link = bbpf_sys_link_create(bbpf_prog_fd(bbpf_obj_prog(obj, p)), 0, BPF_TRACE_ITER, NULL);
	assert_true(link > 2);
	iter = bbpf_sys_iter_create(link);
	assert_true(iter > 2);
	while ((n = read(iter, out + len, sizeof(out) - 1 - (size_t)len)) > 0)
		len += n;
	out[len] = '\0';
	close(iter);
	close(link);
	snprintf(want, sizeof(want), "\n%d %ld test_load\n", getpid(), (long)syscall(SYS_gettid));
	assert_non_null(strstr(out, want));
	bbpf_obj_close(obj);
}

/* A verifier refusal: -EACCES, the program named with its log, nothing left behind. */
static void test_verifier_log(void **state)
{
	struct kstate before;
	struct bbpf_obj *obj;
	char path[256];

	(void)state;
	kstate_settle(&before);
	ktest_capture_start();
	assert_int_equal(load_path("build/progs/load_bad.bpf.o", &obj), -EACCES);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "prog 'must_fail'"));
	assert_non_null(strstr(ktest_msgs, "verifier log"));
	assert_non_null(strstr(ktest_msgs, "invalid access to map value"));
	assert_int_equal(bbpf_map_fd(bbpf_obj_map(obj, 0)), -ENOENT);
	ktest_capture_start(); /* a failed load leaves the object as opened: it fails again */
	assert_int_equal(bbpf_obj_load(obj, NULL), -EACCES);
	ktest_capture_stop();
	assert_non_null(strstr(ktest_msgs, "invalid access to map value"));
	snprintf(path, sizeof(path), "%s/bad_pinned", pin_root);
	assert_int_equal(access(path, F_OK), -1); /* the pin it made is gone */
	bbpf_obj_close(obj);
	assert_true(kstate_wait_same(&before));
}

/* Copies of every function's instructions, to compare after load. */
static struct bpf_insn **func_code(const struct bbpf_obj *obj)
{
	struct bpf_insn **code = calloc(bbpf_obj_func_cnt(obj), sizeof(*code));
	const struct bpf_insn *insns;
	size_t i, cnt;

	assert_non_null(code);
	for (i = 0; i < bbpf_obj_func_cnt(obj); i++) {
		insns = bbpf_obj_func_insns(obj, i, &cnt);
		code[i] = malloc(cnt * sizeof(**code));
		assert_non_null(code[i]);
		memcpy(code[i], insns, cnt * sizeof(**code));
	}
	return code;
}

static void assert_code_same(const struct bbpf_obj *obj, struct bpf_insn **code)
{
	const struct bpf_insn *insns;
	size_t i, cnt;

	for (i = 0; i < bbpf_obj_func_cnt(obj); i++) {
		insns = bbpf_obj_func_insns(obj, i, &cnt);
		assert_memory_equal(insns, code[i], cnt * sizeof(*insns));
	}
}

/*
 * Load leaves the opened object as opened (CO-RE works on copies): the
 * instructions read back are the ELF's, and after unload it loads again.
 */
static void test_load_unload_load(void **state)
{
	struct bbpf_obj_load_opts lo = { .sz = sizeof(lo), .pin_root = pin_root };
	const struct bbpf_prog *p;
	struct bpf_insn **code;
	struct bbpf_obj *obj;
	size_t i;
	int fd;

	(void)state;
	assert_int_equal(bbpf_obj_open_file("build/progs/load_core.bpf.o", NULL, &obj), 0);
	code = func_code(obj);
	assert_int_equal(bbpf_obj_load(obj, &lo), 0);
	p = bbpf_obj_prog(obj, (size_t)bbpf_obj_find_prog(obj, "read_task"));
	fd = bbpf_prog_fd(p);
	assert_true(fd > 2);
	assert_code_same(obj, code); /* CO-RE patched the load's copies only */
	assert_int_equal(bbpf_obj_load(obj, &lo), -EBUSY); /* while loaded */
	bbpf_obj_unload(obj);
	assert_int_equal(bbpf_prog_fd(p), -ENOENT);
	assert_int_equal(bbpf_obj_load(obj, &lo), 0);
	assert_true(bbpf_prog_fd(p) > 2);
	assert_code_same(obj, code);
	for (i = 0; i < bbpf_obj_func_cnt(obj); i++)
		free(code[i]);
	free(code);
	bbpf_obj_close(obj);
}

/* Loads only program @name of @obj; the library's warnings in log_msgs. */
static int load_one(struct bbpf_obj *obj, const char *name)
{
	struct bbpf_obj_load_opts lo = { .sz = sizeof(lo), .pin_root = pin_root };
	int err;

	assert_int_equal(bbpf_obj_select_progs(obj, &name, 1, NULL, 0), 0);
	log_capture_start(BBPF_WARN);
	err = bbpf_obj_load(obj, &lo);
	ktest_capture_stop();
	bbpf_obj_unload(obj);
	return err;
}

/*
 * A poisoned CO-RE read the verifier reaches is named as `core explain`
 * names it; one in a branch CO-RE made dead is not blamed for another
 * refusal.
 */
static void test_poison_named(void **state)
{
	struct bbpf_obj *obj;

	(void)state;
	assert_int_equal(bbpf_obj_open_file("build/progs/load_poison.bpf.o", NULL, &obj), 0);
	assert_int_equal(load_one(obj, "reached"), -EINVAL);
	assert_non_null(strstr(ktest_msgs, "the verifier reached it"));
	assert_non_null(strstr(ktest_msgs, "struct task_struct___nope.no_such_field"));
	assert_non_null(strstr(ktest_msgs, "no member no_such_field in struct task_struct"));
	assert_int_equal(load_one(obj, "guarded"), -EACCES);
	assert_non_null(strstr(ktest_msgs, "invalid access to map value"));
	assert_non_null(strstr(ktest_msgs, "-- end of log --")); /* all warnings were kept */
	assert_null(strstr(ktest_msgs, "was poisoned"));
	assert_int_equal(load_one(obj, "fine"), 0);
	bbpf_obj_close(obj);
}

/* A program the kernel refuses without a log: the type is named, and --skip suggested. */
static void test_refused_no_log(void **state)
{
	struct bbpf_obj *obj;
	int err;

	(void)state;
	assert_int_equal(bbpf_obj_open_file("build/progs/load_fentry.bpf.o", NULL, &obj), 0);
	err = load_one(obj, "on_nanosleep");
	bbpf_obj_close(obj);
	if (!err)
		skip_msg("this kernel loads fentry programs");
	/* The refusal without a log is EPERM (this host); 5.10 arm64, with no
	 * trampolines, refuses earlier and differently. */
	if (err != -EPERM || strstr(ktest_msgs, "-- verifier log"))
		skip_msg("this kernel refuses fentry otherwise (with a log, or not EPERM)");
	assert_non_null(strstr(ktest_msgs, "without a verifier log"));
	assert_non_null(strstr(ktest_msgs, "--skip on_nanosleep"));
}

/* log_all prints the whole log: its first line and the refusal (it printed nothing once). */
static void test_verifier_log_all(void **state)
{
	struct bbpf_obj_load_opts lo = { .sz = sizeof(lo), .pin_root = pin_root, .log_all = true };
	struct bbpf_obj *obj;
	const char *start;

	(void)state;
	assert_int_equal(bbpf_obj_open_file("build/progs/load_bad.bpf.o", NULL, &obj), 0);
	ktest_capture_start();
	assert_int_equal(bbpf_obj_load(obj, &lo), -EACCES);
	ktest_capture_stop();
	start = strstr(ktest_msgs, "-- verifier log --\n");
	assert_non_null(start);
	/* Instruction 0's line: "0: R1=ctx() R10=fp0" on new kernels, "0: (bf) ..." on 5.10. */
	assert_non_null(strstr(start, "\n0: "));
	assert_non_null(strstr(start, "invalid access to map value"));
	assert_null(strstr(ktest_msgs, "verifier log (tail)"));
	bbpf_obj_close(obj);
}

/* Pins: DIR/maps/<name>, DIR/progs/<name>; the pinned objects are the loaded ones. */
static void test_pin_roundtrip(void **state)
{
	struct bpf_prog_info a, b;
	struct bbpf_obj *obj;
	char dir[128], path[256];
	__u32 len = sizeof(a);
	int fd, fd2;

	(void)state;
	assert_int_equal(ktest_mount("bpf", "/sys/fs/bpf", BPFFS_MAGIC), 0);
	snprintf(dir, sizeof(dir), "/sys/fs/bpf/bbpf_test_load_%d", getpid());
	assert_int_equal(load_path("build/progs/load_slots.bpf.o", &obj), 0);
	assert_int_equal(bbpf_obj_pin_all(obj, dir), 0);
	snprintf(path, sizeof(path), "%s/progs/entry", dir);
	fd = bbpf_sys_obj_get(path, 0);
	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(fd, &a, &len), 0);
	len = sizeof(b);
	fd2 = bbpf_prog_fd(bbpf_obj_prog(obj, bbpf_obj_find_prog(obj, "entry")));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(fd2, &b, &len), 0);
	assert_int_equal(a.id, b.id);
	close(fd);
	snprintf(path, sizeof(path), "%s/maps/outer", dir);
	fd = bbpf_sys_obj_get(path, 0);
	assert_true(fd >= 0);
	close(fd);
	bbpf_obj_close(obj);
	drop_pins(); /* its map pinned by name */
	rm_tree(dir, false);
	assert_int_equal(access(dir, F_OK), -1);
}

/*
 * Slots: a map-in-map slot and a prog-array slot filled at load (the program
 * writes through the inner map and tail-calls). Pinning by name: a second
 * load reuses the first's pinned map.
 */
static void test_slots_and_pin_reuse(void **state)
{
	struct bbpf_obj_load_opts lo = { .sz = sizeof(lo) };
	struct bbpf_sys_prog_test_run_opts o = { .sz = sizeof(o) };
	struct bpf_map_info a, b;
	struct bbpf_obj *obj, *obj2;
	char pkt[64] = { 0 }, root[128];
	__u32 len = sizeof(a), zero = 0;
	__u64 v = 0;
	int p, m;

	(void)state;
	assert_int_equal(ktest_mount("bpf", "/sys/fs/bpf", BPFFS_MAGIC), 0);
	snprintf(root, sizeof(root), "/sys/fs/bpf/bbpf_test_root_%d", getpid());
	assert_int_equal(mkdir(root, 0700), 0);
	lo.pin_root = root;
	assert_int_equal(bbpf_obj_open_file("build/progs/load_slots.bpf.o", NULL, &obj), 0);
	assert_int_equal(bbpf_obj_load(obj, &lo), 0);
	p = bbpf_obj_find_prog(obj, "entry");
	o.data_in = pkt;
	o.data_size_in = sizeof(pkt);
	assert_int_equal(bbpf_sys_prog_test_run(bbpf_prog_fd(bbpf_obj_prog(obj, p)), &o), 0);
	assert_int_equal(o.retval, 42);
	m = bbpf_obj_find_map(obj, "inner");
	assert_int_equal(bbpf_sys_map_lookup_elem(bbpf_map_fd(bbpf_obj_map(obj, m)), &zero, &v, 0),
			 0);
	assert_int_equal(v, 77);

	assert_int_equal(bbpf_obj_open_file("build/progs/load_slots.bpf.o", NULL, &obj2), 0);
	assert_int_equal(bbpf_obj_load(obj2, &lo), 0);
	m = bbpf_obj_find_map(obj, "shared");
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(bbpf_map_fd(bbpf_obj_map(obj, m)), &a, &len),
			 0);
	len = sizeof(b);
	assert_int_equal(bbpf_sys_obj_get_info_by_fd(bbpf_map_fd(bbpf_obj_map(obj2, m)), &b, &len),
			 0);
	assert_int_equal(a.id, b.id);
	bbpf_obj_close(obj2);
	bbpf_obj_close(obj);
	rm_tree(root, false);
	assert_int_equal(access(root, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_all),
		cmocka_unit_test(test_run_core_globals),
		cmocka_unit_test(test_run_iter_loops),
		cmocka_unit_test(test_iter_core_task),
		cmocka_unit_test(test_verifier_log),
		cmocka_unit_test(test_verifier_log_all),
		cmocka_unit_test(test_load_unload_load),
		cmocka_unit_test(test_poison_named),
		cmocka_unit_test(test_refused_no_log),
		cmocka_unit_test(test_run_kconfig),
		cmocka_unit_test(test_pin_roundtrip),
		cmocka_unit_test(test_slots_and_pin_reuse),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
