// SPDX-License-Identifier: BSD-2-Clause
/*
 * test_matrix_probe: the matrix's own check of each booted kernel, and of the
 * path a test binary takes through tests/matrix/init.c. Static, libc only,
 * raw bpf(2): it needs nothing of barebpf, so it proves the guest side before
 * the kernel tests exist as static binaries, and stays as the matrix's sanity
 * check after. It prints what cmocka prints, and "matrix-fact: key=value"
 * lines for the kernel × feature table (tests/matrix/RESULTS.md).
 *
 * In the nobtf run (BAREBPF_MATRIX_RUN=nobtf) it checks the other side of the
 * mechanism: /sys/kernel/btf/vmlinux reads empty and $BAREBPF_BTF is BTF.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BPF_FS_MAGIC 0xcafe4a11
#define SYSFS_BTF    "/sys/kernel/btf/vmlinux"

static int nobtf;
static char why[512];

static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return -1;
}

static void fact(const char *key, const char *fmt, ...)
{
	char val[256];
	va_list ap;

	if (nobtf)
		return;
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	printf("matrix-fact: %s=%s\n", key, val);
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* Reads a whole file; returns its size or -1. */
static long slurp(const char *path, char **data)
{
	size_t cap = 1 << 16, len = 0;
	ssize_t n;
	char *p;
	int fd = open(path, O_RDONLY);

	*data = NULL;
	if (fd < 0)
		return -1;
	for (;;) {
		p = realloc(*data, cap);
		if (!p)
			break;
		*data = p;
		n = read(fd, *data + len, cap - len);
		if (n <= 0)
			break;
		len += n;
		if (len == cap)
			cap *= 2;
	}
	close(fd);
	return len;
}

static int is_btf(const char *p, long len)
{
	return len >= 24 && (unsigned char)p[0] == 0x9f && (unsigned char)p[1] == 0xeb;
}

static int t_btf_source(void)
{
	const char *file = getenv("BAREBPF_BTF");
	char *p = NULL;
	long n;

	int ok;

	if (!nobtf) {
		n = slurp(SYSFS_BTF, &p);
		ok = is_btf(p, n);
		free(p);
		if (n < 0)
			return fail("%s: %s", SYSFS_BTF, strerror(errno));
		if (!ok)
			return fail("%s does not start with the BTF magic", SYSFS_BTF);
		fact("btf_bytes", "%ld", n);
		return 0;
	}
	n = slurp(SYSFS_BTF, &p);
	free(p);
	if (n > 0)
		return fail("%s still reads %ld bytes in the nobtf run", SYSFS_BTF, n);
	if (!file)
		return fail("BAREBPF_BTF is not set in the nobtf run");
	n = slurp(file, &p);
	ok = is_btf(p, n);
	free(p);
	if (!ok)
		return fail("BAREBPF_BTF=%s is no BTF (%ld bytes)", file, n);
	return 0;
}

/* The host extracted /btf/vmlinux.btf from the image without booting it. */
static int t_btf_extracted_equals_sysfs(void)
{
	char *a, *b;
	long na, nb;
	int same;

	if (nobtf || access("/btf/vmlinux.btf", R_OK))
		return 1;
	na = slurp(SYSFS_BTF, &a);
	nb = slurp("/btf/vmlinux.btf", &b);
	same = na > 0 && na == nb && !memcmp(a, b, na);
	free(a);
	free(b);
	if (!same)
		return fail("extracted BTF (%ld bytes) differs from %s (%ld bytes)", nb, SYSFS_BTF,
			    na);
	return 0;
}

static int map_create(int type, int key, int value, int entries)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = key;
	a.value_size = value;
	a.max_entries = entries;
	return sys_bpf(BPF_MAP_CREATE, &a);
}

static int t_array_map(void)
{
	unsigned long long val = 42, out = 0;
	unsigned key = 1;
	union bpf_attr a;
	int fd;

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4);
	if (fd < 0)
		return fail("BPF_MAP_CREATE array: %s", strerror(errno));
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (unsigned long)&key;
	a.value = (unsigned long)&val;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &a))
		return fail("BPF_MAP_UPDATE_ELEM: %s", strerror(errno));
	a.value = (unsigned long)&out;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a))
		return fail("BPF_MAP_LOOKUP_ELEM: %s", strerror(errno));
	close(fd);
	if (out != 42)
		return fail("lookup read %llu, wrote 42", out);
	return 0;
}

/*
 * A 256 KiB ring buffer: above 5.10's default 64 KiB RLIMIT_MEMLOCK, so it says
 * whether this kernel still charges BPF memory to memlock (before 5.11).
 */
static int t_ringbuf_memlock(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	int fd;

	fd = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, 256 * 1024);
	if (fd >= 0) {
		fact("memlock", "not-needed");
		close(fd);
		return 0;
	}
	if (errno != EPERM)
		return fail("BPF_MAP_CREATE ringbuf: %s", strerror(errno));
	if (setrlimit(RLIMIT_MEMLOCK, &rl))
		return fail("ringbuf: EPERM, and raising RLIMIT_MEMLOCK failed: %s",
			    strerror(errno));
	fd = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, 256 * 1024);
	if (fd < 0)
		return fail("BPF_MAP_CREATE ringbuf with memlock raised: %s", strerror(errno));
	fact("memlock", "needed");
	close(fd);
	return 0;
}

/* r0 = 7; exit, as a socket filter, run by BPF_PROG_TEST_RUN. */
static int t_prog_test_run(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 7 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static char log[4096];
	unsigned char pkt[64] = { 0 };
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)insns;
	a.insn_cnt = 2;
	a.license = (unsigned long)"GPL";
	a.log_buf = (unsigned long)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0)
		return fail("BPF_PROG_LOAD: %s; log: %.200s", strerror(errno), log);
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = (unsigned long)pkt;
	a.test.data_size_in = sizeof(pkt);
	a.test.repeat = 1;
	if (sys_bpf(BPF_PROG_TEST_RUN, &a))
		return fail("BPF_PROG_TEST_RUN: %s", strerror(errno));
	close(fd);
	if (a.test.retval != 7)
		return fail("program returned %u, expected 7", a.test.retval);
	return 0;
}

static int t_filesystems(void)
{
	struct statfs sf;

	if (statfs("/sys/fs/bpf", &sf) || (unsigned long)sf.f_type != BPF_FS_MAGIC)
		return fail("/sys/fs/bpf is not a mounted bpffs");
	if (access("/sys/kernel/tracing/events", F_OK) &&
	    access("/sys/kernel/debug/tracing/events", F_OK))
		return fail("no tracefs events directory");
	return 0;
}

static const char *read_word(const char *path, char *buf, size_t sz)
{
	FILE *f = fopen(path, "r");

	if (!f || !fgets(buf, sz, f)) {
		if (f)
			fclose(f);
		return "none";
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

/* Facts only: which PMUs exist (their type numbers differ per kernel), JIT. */
static int t_facts(void)
{
	char buf[64];

	fact("kprobe_pmu", "%s",
	     read_word("/sys/bus/event_source/devices/kprobe/type", buf, sizeof(buf)));
	fact("uprobe_pmu", "%s",
	     read_word("/sys/bus/event_source/devices/uprobe/type", buf, sizeof(buf)));
	fact("jit", "%s", read_word("/proc/sys/net/core/bpf_jit_enable", buf, sizeof(buf)));
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
} tests[] = {
	{ "btf_source", t_btf_source },
	{ "btf_extracted_equals_sysfs", t_btf_extracted_equals_sysfs },
	{ "array_map", t_array_map },
	{ "ringbuf_memlock", t_ringbuf_memlock },
	{ "prog_test_run", t_prog_test_run },
	{ "filesystems", t_filesystems },
	{ "facts", t_facts },
};

#define N_TESTS (sizeof(tests) / sizeof(tests[0]))

int main(void)
{
	unsigned i, passed = 0, nfailed = 0, nskipped = 0;
	const char *failed[N_TESTS], *skipped[N_TESTS];
	const char *run = getenv("BAREBPF_MATRIX_RUN");
	int r;

	nobtf = run && !strcmp(run, "nobtf");
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("[==========] Running %zu test(s).\n", N_TESTS);
	for (i = 0; i < N_TESTS; i++) {
		printf("[ RUN      ] %s\n", tests[i].name);
		why[0] = 0;
		r = tests[i].fn();
		if (r == 0) {
			printf("[       OK ] %s\n", tests[i].name);
			passed++;
		} else if (r > 0) {
			printf("[  SKIPPED ] %s\n", tests[i].name);
			skipped[nskipped++] = tests[i].name;
		} else {
			printf("%s\n[  FAILED  ] %s\n", why, tests[i].name);
			failed[nfailed++] = tests[i].name;
		}
	}
	printf("[==========] %zu test(s) run.\n", N_TESTS);
	printf("[  PASSED  ] %u test(s).\n", passed);
	if (nskipped) {
		printf("[  SKIPPED ] %u test(s), listed below:\n", nskipped);
		for (i = 0; i < nskipped; i++)
			printf("[  SKIPPED ] %s\n", skipped[i]);
	}
	if (nfailed) {
		printf("[  FAILED  ] %u test(s), listed below:\n", nfailed);
		for (i = 0; i < nfailed; i++)
			printf("[  FAILED  ] %s\n", failed[i]);
	}
	return nfailed;
}
