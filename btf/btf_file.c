// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/'s only I/O: BTF from a path. The first bytes say what the file is:
 *
 *   9f eb / eb 9f   raw BTF (/sys/kernel/btf/NAME, btfhub .btf) -> map or read
 *   1f 8b           gzip (.btf.gz)                              -> zlib, then again
 *   7f 'E' 'L' 'F'  ELF (vmlinux, .bpf.o): the caller's ELF reader copies out .BTF
 *                   (opts->elf_sec: the loader's, loader/elf/; btf/ reads no ELF)
 *
 * Mapping: mmap() belongs to loader/sys/ (docs/ARCHITECTURE.md), which btf/ may not
 * include. So btf/ reads with read(2) into one allocation, which the BTF
 * then owns (no second copy), unless the caller passes a mapper
 * (struct bbpf_btf_open_opts): the loader hands in its loader/sys/ mmap wrapper,
 * and the mapping of /sys/kernel/btf/vmlinux costs no memory of ours at all.
 * The layering stays intact and the fast path is one callback away.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "internal/gunzip.h"
#include "internal/log.h"
#include "internal/mem.h"
#include "internal.h"

/* Largest file or decompressed blob we accept: BTF offsets are 32-bit. */
#define MAX_BLOB ((size_t)UINT32_MAX)

struct src {
	const char *path;
	int fd;
	uint64_t size; /* file size */
};

/* pread(2) of exactly @len bytes (the magic). */
static int read_fd_at(const struct src *s, uint64_t off, void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	if (off > s->size || len > s->size - off)
		return -EINVAL;
	while (done < len) {
		n = pread(s->fd, (char *)buf + done, len - done, off + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		done += n;
	}
	return 0;
}

/* Room for @need bytes in *@buf (bbpf__grow()), up to MAX_BLOB. */
static int grow_blob(uint8_t **buf, size_t *cap, size_t need)
{
	int err = bbpf__grow((void **)buf, cap, 1, need);

	return err ?: *cap > MAX_BLOB ? -E2BIG : 0;
}

/* Reads all of @fd into one allocation; @hint is the expected size (0 if unknown). */
static int read_all(int fd, size_t hint, uint8_t **out, size_t *out_sz)
{
	size_t cap = 0, len = 0;
	uint8_t *buf = NULL;
	ssize_t n;
	int err = 0;

	for (;;) {
		if (len == cap) {
			err = grow_blob(&buf, &cap, len ? len + 1 : hint ? hint + 1 : 1 << 16);
			if (err)
				break;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = -errno;
		if (n <= 0)
			break;
		len += n;
	}
	if (err) {
		free(buf);
		return err;
	}
	*out = buf;
	*out_sz = len;
	return 0;
}

static bool is_elf(const uint8_t *p, size_t n)
{
	return n >= 4 && !memcmp(p, "\177ELF", 4);
}

/*
 * .BTF of an ELF file, through the caller's ELF reader: of the file at
 * s->fd, or of the @img_sz bytes at @img (a decompressed image).
 */
static int parse_elf(struct src *s, void *img, size_t img_sz, const struct bbpf_btf *base,
		     const struct bbpf_btf_open_opts *opts, struct bbpf_btf **out)
{
	void *data = NULL;
	size_t len = 0;
	int err;

	if (!opts || opts->sz < offsetofend(struct bbpf_btf_open_opts, elf_sec) || !opts->elf_sec) {
		pr_warn("BTF: %s is an ELF file: open it with an ELF reader (bbpf_kbtf_open_file(), "
			"or bbpf_kbtf_open_opts())\n",
			s->path);
		return -EOPNOTSUPP;
	}
	err = opts->elf_sec(img ? -1 : s->fd, img, img_sz, s->path, ".BTF", &data, &len, opts->ctx);
	if (err == -ENOENT)
		pr_warn("BTF: %s is an ELF file without a .BTF section (built without BTF, or stripped)\n",
			s->path);
	return err ?: bbpf__btf_parse_owned(data, len, base, out);
}

/*
 * Whole-file bytes in @buf (taken): gzip is inflated once, then the result is
 * raw BTF or an ELF image.
 */
static int parse_buf(uint8_t *buf, size_t sz, struct src *s, const struct bbpf_btf *base,
		     const struct bbpf_btf_open_opts *opts, struct bbpf_btf **out)
{
	uint8_t *raw;
	size_t raw_sz;
	int err;

	if (bbpf__is_gzip(buf, sz)) {
		err = bbpf__gunzip(buf, sz, MAX_BLOB, "BTF", &raw, &raw_sz);
		free(buf);
		if (err)
			return err;
		buf = raw;
		sz = raw_sz;
	}
	if (!is_elf(buf, sz))
		return bbpf__btf_parse_owned(buf, sz, base, out);
	err = parse_elf(s, buf, sz, base, opts, out);
	free(buf);
	return err;
}

/* Raw BTF through the caller's mapper. Returns -EAGAIN to fall back to reading. */
static int parse_mapped(struct src *s, const struct bbpf_btf *base,
			const struct bbpf_btf_open_opts *opts, struct bbpf_btf **out)
{
	struct bbpf_btf *btf;
	const void *data;
	int err;

	if (!opts || opts->sz < offsetofend(struct bbpf_btf_open_opts, ctx) || !opts->map ||
	    !opts->unmap || !s->size || opts->map(s->fd, s->size, &data, opts->ctx))
		return -EAGAIN;
	err = bbpf_btf_parse_view(data, s->size, base, &btf);
	if (err || btf->owned) {
		/* Failed, or parse_view copied (other byte order): the mapping is not needed. */
		opts->unmap(data, s->size, opts->ctx);
	} else {
		btf->mapped = data;
		btf->mapped_sz = s->size;
		btf->unmap = opts->unmap;
		btf->unmap_ctx = opts->ctx;
	}
	if (!err)
		*out = btf;
	return err;
}

static int open_fd(struct src *s, const struct bbpf_btf *base,
		   const struct bbpf_btf_open_opts *opts, struct bbpf_btf **out)
{
	uint8_t magic[4] = { 0 }, *buf = NULL;
	size_t sz = 0;
	int err;

	err = s->size >= 4 ? read_fd_at(s, 0, magic, 4) : 0;
	if (err)
		return err;
	if (is_elf(magic, sizeof(magic)))
		return parse_elf(s, NULL, 0, base, opts, out);
	if (!bbpf__is_gzip(magic, sizeof(magic))) {
		err = parse_mapped(s, base, opts, out);
		if (err != -EAGAIN)
			return err;
	}
	err = read_all(s->fd, s->size, &buf, &sz);
	if (err)
		return err;
	return parse_buf(buf, sz, s, base, opts, out);
}

int bbpf_btf_open(const char *path, const struct bbpf_btf *base,
		  const struct bbpf_btf_open_opts *opts, struct bbpf_btf **out)
{
	struct src s = { .path = path };
	struct stat st;
	int err;

	s.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s.fd < 0) {
		err = -errno;
		pr_warn("BTF: cannot open %s: %s\n", path, strerror(-err));
		return err;
	}
	if (fstat(s.fd, &st)) {
		err = -errno;
		close(s.fd);
		return err;
	}
	s.size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	err = open_fd(&s, base, opts, out);
	close(s.fd);
	if (err)
		pr_warn("BTF: cannot use %s: %s\n", path, strerror(-err));
	else
		pr_debug("BTF: %s: %u types\n", path, bbpf_btf_type_cnt(*out) - 1);
	return err;
}

/* ------------------------------------------------------------------ */
/* The target BTF: docs/ARCHITECTURE.md, "Target BTF lookup order"     */
/* ------------------------------------------------------------------ */

/* btfhub names architectures as Go does. */
static const char *btfhub_arch(const char *machine)
{
	static const char *const map[][2] = {
		{ "x86_64", "x86_64" }, { "aarch64", "arm64" },	  { "arm64", "arm64" },
		{ "s390x", "s390x" },	{ "ppc64le", "ppc64le" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++) {
		if (!strcmp(machine, map[i][0]))
			return map[i][1];
	}
	return machine;
}

struct search {
	const struct bbpf_btf_target *t;
	char *path;
	size_t path_sz;
	char tried[1024]; /* what was looked at, for the message when nothing is found */
	size_t tried_len;
	int err;
};

/* Readable and not empty: an empty file (a hidden sysfs BTF, bind-mounted over) is passed over. */
static bool present(const char *path)
{
	struct stat st;

	return !access(path, R_OK) && !stat(path, &st) && st.st_size > 0;
}

/* Adds a line to the list of places looked at, for the message when none is found. */
static void __printf(2, 3) note_tried(struct search *s, const char *fmt, ...)
{
	size_t room = sizeof(s->tried) - s->tried_len;
	va_list ap;
	int n;

	n = snprintf(s->tried + s->tried_len, room, "\n  ");
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < room)
		n += vsnprintf(s->tried + s->tried_len + n, room - n, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < room)
		s->tried_len += n;
	else
		s->tried[s->tried_len] = '\0';
}

/* Formats a candidate into s->path; true when it exists (and is then the answer). */
static bool __printf(3, 4) try_path(struct search *s, const char *what, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s->path, s->path_sz, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= s->path_sz) {
		s->err = -ENAMETOOLONG;
		return false;
	}
	if (present(s->path)) {
		pr_info("BTF: target BTF: %s (%s)\n", s->path, what);
		return true;
	}
	note_tried(s, "%s", s->path);
	return false;
}

/* An explicit choice must exist: falling back to another BTF would hide the mistake. */
static int explicit_path(struct search *s, const char *path, const char *what)
{
	int n = snprintf(s->path, s->path_sz, "%s", path), err;

	if (n < 0 || (size_t)n >= s->path_sz)
		return -ENAMETOOLONG;
	if (access(path, R_OK)) {
		err = -errno;
		pr_warn("BTF: %s names %s, which cannot be read: %s\n", what, path, strerror(-err));
		return err == -EACCES ? err : -ENOENT;
	}
	pr_info("BTF: target BTF: %s (%s)\n", path, what);
	return 0;
}

static bool try_system(struct search *s)
{
	const struct bbpf_btf_target *t = s->t;
	const char *root = t->root ? t->root : "", *r = t->release;

	if (t->skip_sysfs)
		note_tried(s, "%s/sys/kernel/btf/vmlinux (skipped: BAREBPF_NO=kernel_btf)", root);
	else if (try_path(s, "kernel BTF in sysfs", "%s/sys/kernel/btf/vmlinux", root))
		return true;
	if (!r || !*r)
		return false;
	return try_path(s, "vmlinux in /boot", "%s/boot/vmlinux-%s", root, r) ||
	       try_path(s, "vmlinux in /lib/modules", "%s/lib/modules/%s/vmlinux-%s", root, r, r) ||
	       try_path(s, "vmlinux in the kernel build tree", "%s/lib/modules/%s/build/vmlinux",
			root, r) ||
	       try_path(s, "debug vmlinux", "%s/usr/lib/debug/boot/vmlinux-%s", root, r);
}

static bool try_btfhub(struct search *s)
{
	const struct bbpf_btf_target *t = s->t;
	const char *arch;

	if (!t->btf_dir || !*t->btf_dir || !t->release || !t->machine)
		return false;
	if (!t->os_id || !t->os_version) {
		pr_warn("BTF: --btf-dir %s: the OS ID/VERSION_ID are unknown (no os-release), cannot pick a file\n",
			t->btf_dir);
		return false;
	}
	arch = btfhub_arch(t->machine);
	return try_path(s, "btfhub", "%s/%s/%s/%s/%s.btf", t->btf_dir, t->os_id, t->os_version,
			arch, t->release) ||
	       try_path(s, "btfhub, compressed", "%s/%s/%s/%s/%s.btf.gz", t->btf_dir, t->os_id,
			t->os_version, arch, t->release);
}

int bbpf_btf_find_target(const struct bbpf_btf_target *t, char *path, size_t path_sz)
{
	struct search s = { .t = t, .path = path, .path_sz = path_sz };

	if (t->btf_path && *t->btf_path)
		return explicit_path(&s, t->btf_path, "--btf");
	if (t->env_btf && *t->env_btf)
		return explicit_path(&s, t->env_btf, "BAREBPF_BTF");
	if (try_system(&s) || try_btfhub(&s))
		return 0;
	if (s.err)
		return s.err;
	pr_warn("BTF: no BTF for kernel %s found; looked at:%s\n"
		"  This kernel does not expose /sys/kernel/btf/vmlinux (CONFIG_DEBUG_INFO_BTF=n).\n"
		"  Give one with --btf PATH (or BAREBPF_BTF=PATH), or a btfhub tree with --btf-dir DIR\n"
		"  holding DIR/%s/%s/%s/%s.btf (btfhub-archive has files for many distribution kernels).\n",
		t->release ? t->release : "(unknown)", s.tried_len ? s.tried : " (nothing)",
		t->os_id ? t->os_id : "ID", t->os_version ? t->os_version : "VERSION_ID",
		t->machine ? btfhub_arch(t->machine) : "ARCH", t->release ? t->release : "RELEASE");
	return -ENOENT;
}

int bbpf_btf_open_target(const struct bbpf_btf_target *t, const struct bbpf_btf_open_opts *opts,
			 struct bbpf_btf **out)
{
	char path[PATH_MAX];
	int err;

	err = bbpf_btf_find_target(t, path, sizeof(path));
	return err ?: bbpf_btf_open(path, NULL, opts, out);
}

int bbpf_btf_open_module(const char *root, const char *module, const struct bbpf_btf *vmlinux,
			 const struct bbpf_btf_open_opts *opts, struct bbpf_btf **out)
{
	char path[PATH_MAX];
	int n;

	if (!module || !*module || strchr(module, '/'))
		return -EINVAL;
	n = snprintf(path, sizeof(path), "%s/sys/kernel/btf/%s", root ? root : "", module);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	return bbpf_btf_open(path, vmlinux, opts, out);
}

/* Copies @val (up to a newline, quotes dropped) into the buffer at *@pos; returns it. */
static const char *keep(struct bbpf_btf_target *t, size_t *pos, const char *val, size_t len)
{
	char *dst = t->buf + *pos;

	if (len && (val[0] == '"' || val[0] == '\'')) {
		val++;
		len -= len >= 2 && val[len - 2] == val[-1] ? 2 : 1;
	}
	if (*pos + len + 1 > sizeof(t->buf))
		return NULL;
	memcpy(dst, val, len);
	dst[len] = '\0';
	*pos += len + 1;
	return dst;
}

/* os-release: ID= and VERSION_ID= lines. */
static void read_os_release(struct bbpf_btf_target *t, size_t *pos)
{
	char line[256];
	size_t len;
	FILE *f;

	f = fopen("/etc/os-release", "re");
	if (!f)
		f = fopen("/usr/lib/os-release", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		len = strcspn(line, "\n");
		if (!strncmp(line, "ID=", 3))
			t->os_id = keep(t, pos, line + 3, len - 3);
		else if (!strncmp(line, "VERSION_ID=", 11))
			t->os_version = keep(t, pos, line + 11, len - 11);
	}
	fclose(f);
}

int bbpf_btf_target_host(struct bbpf_btf_target *t)
{
	struct utsname u;
	size_t pos = 0;

	if (!uname(&u)) {
		t->release = keep(t, &pos, u.release, strlen(u.release));
		t->machine = keep(t, &pos, u.machine, strlen(u.machine));
	}
	t->env_btf = getenv("BAREBPF_BTF");
	read_os_release(t, &pos);
	return 0;
}
