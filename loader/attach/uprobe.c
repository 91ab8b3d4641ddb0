// SPDX-License-Identifier: BSD-2-Clause
/*
 * uprobes and uretprobes [sys]: "uprobe/PATH:FUNC[+OFF]" (or opts->target
 * of that form; FUNC may be empty for a raw file offset "PATH:+0x1234").
 *
 *   PATH   absolute or relative to the cwd when it has a '/'; else a library
 *          name ("libc.so.6") found through /etc/ld.so.cache (names.c parses
 *          it) and then the usual directories
 *   FUNC   -> file offset from the file's .symtab/.dynsym (loader/elf/), so
 *          PIE executables and shared libraries need no load address
 *   event  perf_event_open(type = uprobe PMU, config1 = path, config2 =
 *          offset, retprobe bit and ref_ctr_offset in config), pid =
 *          opts->pid or every process; then the program on it (perf_event.c)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "internal/err.h"
#include "internal/log.h"
#include "internal/opts.h"
#include "elf/read.h"
#include "attach/internal.h"

#if defined(__x86_64__)
#define LDC_ARCH  BBPF__LDC_X86_64
#define MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define LDC_ARCH  BBPF__LDC_AARCH64
#define MULTIARCH "aarch64-linux-gnu"
#else
#define LDC_ARCH  0
#define MULTIARCH ""
#endif

static int ldcache_lookup(const char *name, char *out, size_t out_sz)
{
	struct stat st;
	void *buf;
	ssize_t n;
	int fd, err;

	fd = open("/etc/ld.so.cache", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bbpf__neg_errno();
	if (fstat(fd, &st) || st.st_size <= 0 || st.st_size > (64 << 20)) {
		close(fd);
		return -EINVAL;
	}
	buf = malloc((size_t)st.st_size);
	n = buf ? read(fd, buf, (size_t)st.st_size) : -1;
	close(fd);
	err = n == st.st_size ? bbpf__ldcache_find(buf, (size_t)n, name, LDC_ARCH, out, out_sz)
			      : -EIO;
	free(buf);
	return err;
}

int bbpf__lib_resolve(const char *name, char *out, size_t out_sz)
{
	static const char *const dirs[] = {
		"/lib/" MULTIARCH, "/usr/lib/" MULTIARCH, "/lib64", "/usr/lib64", "/lib", "/usr/lib"
	};
	size_t i;

	if (strchr(name, '/')) {
		if ((size_t)snprintf(out, out_sz, "%s", name) >= out_sz)
			return -E2BIG;
		return access(out, R_OK) ? bbpf__neg_errno() : 0;
	}
	if (!ldcache_lookup(name, out, out_sz) && !access(out, R_OK))
		return 0;
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		if ((size_t)snprintf(out, out_sz, "%s/%s", dirs[i], name) >= out_sz)
			continue;
		if (!access(out, R_OK))
			return 0;
	}
	return -ENOENT;
}

/* The uprobe PMU's event on @path at @off. */
static int uprobe_open(bool ret, const char *path, uint64_t off,
		       const struct bbpf_attach_opts *opts)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .sample_period = 1 };
	uint64_t ref = OPTS_GET(opts, ref_ctr_off, 0);
	pid_t pid = OPTS_GET(opts, pid, 0);
	int type, shift, err, ref_shift = 32;
	char buf[64];

	err = bbpf__pmu_type("uprobe", &type, &shift);
	if (err)
		return err == -ENOENT ? -EOPNOTSUPP : err;
	if (ret && shift < 0)
		return -EOPNOTSUPP;
	if (ref) {
		if (bbpf__read_line("/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset",
				    buf, sizeof(buf)))
			return -EOPNOTSUPP; /* the kernel has no USDT semaphores (before 4.20) */
		ref_shift = bbpf__pmu_format_shift(buf);
		if (ref_shift < 0)
			return -EOPNOTSUPP;
	}
	attr.type = (__u32)type;
	attr.config = (ret ? 1ULL << shift : 0) | ref << ref_shift;
	attr.config1 = (__u64)(uintptr_t)path; /* uprobe_path */
	attr.config2 = off;		       /* probe_offset */
	return bbpf_sys_perf_event_open(&attr, pid > 0 ? pid : -1, pid > 0 ? -1 : 0, -1, 0);
}

/* Splits "PATH:FUNC[+OFF]" at its last ':'. Returns 0 or -EINVAL. */
static int split_target(const char *target, char *path, size_t path_sz, char *func, size_t func_sz,
			uint64_t *off)
{
	const char *colon = strrchr(target, ':');
	size_t len = colon ? (size_t)(colon - target) : 0;

	if (!len || len >= path_sz)
		return -EINVAL;
	memcpy(path, target, len);
	path[len] = '\0';
	return bbpf__parse_func_off(colon + 1, func, func_sz, off);
}

int bbpf__uprobe_split(const char *target, char *path, size_t path_sz, char *func, size_t func_sz,
		       uint64_t *off)
{
	return split_target(target, path, path_sz, func, func_sz, off);
}

static int fail(const struct bbpf_prog *prog, bool ret, const char *target, const char *how,
		int err)
{
	return bbpf__attach_fail(bbpf_prog_name(prog), ret ? "uretprobe" : "uprobe", target, how,
				 err);
}

int bbpf__attach_uprobe(const struct bbpf_prog *prog, const char *target,
			const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	bool ret = bbpf_prog_attach_kind(prog) == BBPF_ATTACH_URETPROBE;

	char name[256], path[512], func[256], desc[800];
	uint64_t off, sym_off;
	int err;

	if (split_target(target, name, sizeof(name), func, sizeof(func), &off)) {
		pr_warn("prog '%s': uprobe target '%s' is not PATH:FUNC[+OFFSET]\n",
			bbpf_prog_name(prog), target);
		return -EINVAL;
	}
	err = bbpf__lib_resolve(name, path, sizeof(path));
	if (err)
		return fail(prog, ret, target, "finding the binary", err);
	err = bbpf__elf_sym_offset(path, func, &sym_off);
	if (err)
		return fail(prog, ret, target, "symbol lookup", err);
	snprintf(desc, sizeof(desc), "%s:%s%s", path, func, off ? "+" : "");
	if (off)
		snprintf(desc + strlen(desc), sizeof(desc) - strlen(desc), "0x%llx",
			 (unsigned long long)off);
	return bbpf__uprobe_attach_off(prog, ret, path, sym_off + off, desc, opts, out);
}

int bbpf__uprobe_attach_off(const struct bbpf_prog *prog, bool ret, const char *path, uint64_t off,
			    const char *desc, const struct bbpf_attach_opts *opts,
			    struct bbpf_link **out)
{
	enum bbpf_link_how how = BBPF_LINK_PERF;
	int fd;

	fd = uprobe_open(ret, path, off, opts);
	if (fd < 0)
		return fail(prog, ret, desc, "uprobe PMU", fd);
	fd = bbpf__link_perf(bbpf_prog_fd(prog), fd, OPTS_GET(opts, cookie, 0),
			     ret ? "uretprobe" : "uprobe", desc, out, &how);
	if (fd < 0)
		return fail(prog, ret, desc, bbpf_link_how_str(how), fd);
	return 0;
}
