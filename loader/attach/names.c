// SPDX-License-Identifier: BSD-2-Clause
/*
 * The pure half of attaching: text in, answers out, no I/O (unit-tested
 * in tests/unit/test_attach_names.c).
 *
 *   "func+0x10"                      -> func, offset 16
 *   glob "vfs_*"                     -> matches "vfs_read"
 *   /proc/kallsyms text              -> is "ksys_fadvise64_64" a function?
 *   syscall "fadvise64" + kallsyms   -> "__x64_sys_fadvise64" (and the compat entry)
 *   (pid 1234, "do_sys_open", 0, 3)  -> tracefs event "bbpf_1234_do_sys_open_0_3"
 *   "p:bbpf_1234/ev do_sys_open"     -> pid 1234 (for reclaiming stale events)
 *   PMU format "config:32-63"        -> shift 32
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/internal.h"

int bbpf__parse_func_off(const char *target, char *func, size_t func_sz, uint64_t *off)
{
	const char *plus = strchr(target, '+');
	size_t len = plus ? (size_t)(plus - target) : strlen(target);
	char *end;

	*off = 0;
	if (!len || len >= func_sz)
		return -EINVAL;
	memcpy(func, target, len);
	func[len] = '\0';
	if (!plus)
		return 0;
	errno = 0;
	*off = strtoull(plus + 1, &end, 0);
	if (errno || end == plus + 1 || *end || plus[1] == '-')
		return -EINVAL;
	return 0;
}

bool bbpf__glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s) {
		if (*pat == '*') {
			star = pat++;
			retry = s;
		} else if (*pat == '?' || *pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++retry;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

void bbpf__ksym_iter_init(struct bbpf__ksym_iter *it, const char *text, size_t sz)
{
	memset(it, 0, sizeof(*it));
	it->p = text;
	it->end = text + sz;
}

/* One "addr type name [module]" line into @it; false for a malformed one. */
static bool parse_line(struct bbpf__ksym_iter *it, const char *line, size_t len)
{
	const char *p = line, *end = line + len, *name;
	char *num_end;
	size_t n;

	it->addr = strtoull(p, &num_end, 16);
	p = num_end;
	if (p >= end || *p != ' ' || p + 3 > end)
		return false;
	it->type = p[1];
	name = p + 3;
	n = strcspn(name, " \t\n");
	if (name + n > end)
		n = (size_t)(end - name);
	if (!n || n >= sizeof(it->name))
		return false;
	memcpy(it->name, name, n);
	it->name[n] = '\0';
	it->module = name + n < end && name[n] == '\t';
	return true;
}

bool bbpf__ksym_next(struct bbpf__ksym_iter *it)
{
	while (it->p < it->end) {
		const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
		const char *line = it->p;
		size_t len = nl ? (size_t)(nl - line) : (size_t)(it->end - line);

		it->p = nl ? nl + 1 : it->end;
		if (parse_line(it, line, len))
			return true;
	}
	return false;
}

bool bbpf__ksym_is_func(const char *text, size_t sz, const char *name)
{
	return bbpf__ksym_func_addr(text, sz, name, NULL);
}

bool bbpf__ksym_func_addr(const char *text, size_t sz, const char *name, uint64_t *addr)
{
	struct bbpf__ksym_iter it;

	bbpf__ksym_iter_init(&it, text, sz);
	while (bbpf__ksym_next(&it)) {
		if ((it.type == 't' || it.type == 'T') && !strcmp(it.name, name)) {
			if (addr)
				*addr = it.addr;
			return true;
		}
	}
	return false;
}

/*
 * The entry symbols a syscall may have, most specific first: the arch's
 * pt_regs wrappers (4.17+), then the SYSCALL_DEFINE inner names.
 */
static const char *const native_prefixes[] = {
	"__x64_sys_", "__arm64_sys_", "__s390x_sys_", "__riscv_sys_", "__se_sys_", "sys_",
};
static const char *const compat_prefixes[] = {
	"__ia32_compat_sys_",
	"__ia32_sys_",
	"__arm64_compat_sys_",
};

int bbpf__ksyscall_find(const char *text, size_t sz, const char *syscall, bool compat, char *out,
			size_t out_sz, uint64_t *addr)
{
	const char *const *pre = compat ? compat_prefixes : native_prefixes;
	size_t i, cnt = compat ? ARRAY_SIZE(compat_prefixes) : ARRAY_SIZE(native_prefixes);

	for (i = 0; i < cnt; i++) {
		if ((size_t)snprintf(out, out_sz, "%s%s", pre[i], syscall) >= out_sz)
			return -E2BIG;
		if (bbpf__ksym_func_addr(text, sz, out, addr))
			return 0;
	}
	out[0] = '\0';
	return -ENOENT;
}

int bbpf__kprobe_event_name(char *buf, size_t sz, int pid, const char *func, uint64_t off,
			    unsigned int seq)
{
	char tail[48];
	size_t room, i, n;

	n = (size_t)snprintf(tail, sizeof(tail), "_%llx_%u", (unsigned long long)off, seq);
	if (sz < 64 + 1)
		return -E2BIG;
	room = (size_t)snprintf(buf, sz, "bbpf_%d_", pid);
	/* The kernel takes [A-Za-z0-9_] and at most 63 characters. */
	for (i = 0; func[i] && room + n < 63; i++)
		buf[room++] = isalnum((unsigned char)func[i]) ? func[i] : '_';
	memcpy(buf + room, tail, n + 1);
	return 0;
}

int bbpf__kprobe_event_pid(const char *line, char *group, size_t group_sz, char *event,
			   size_t event_sz)
{
	const char *colon = strchr(line, ':'), *slash, *sp;
	size_t glen, elen;
	int pid;

	if (!colon)
		return -EINVAL;
	slash = strchr(colon, '/');
	if (!slash)
		return -EINVAL;
	sp = slash + strcspn(slash, " \t\n");
	glen = (size_t)(slash - colon - 1);
	elen = (size_t)(sp - slash - 1);
	if (glen >= group_sz || elen >= event_sz || !elen)
		return -EINVAL;
	memcpy(group, colon + 1, glen);
	group[glen] = '\0';
	memcpy(event, slash + 1, elen);
	event[elen] = '\0';
	if (strncmp(event, "bbpf_", 5) || sscanf(event + 5, "%d_", &pid) != 1 || pid <= 0)
		return -ENOENT;
	return pid;
}

int bbpf__pmu_format_shift(const char *text)
{
	int lo, hi;

	if (sscanf(text, "config:%d-%d", &lo, &hi) == 2 || sscanf(text, "config:%d", &lo) == 1)
		return lo >= 0 && lo < 64 ? lo : -EINVAL;
	return -EINVAL;
}

/*
 * /etc/ld.so.cache, glibc's format "glibc-ld.so.cache1.1" (alone, or after
 * the old "ld.so-1.7.0" table, at the next 8-byte boundary):
 *
 *   header  48 bytes: magic[17] version[3] nlibs u32 len_strings u32 flags u8
 *           pad[3] extension_offset u32 unused[3] u32
 *   entries nlibs x 24 bytes: flags i32, key u32, value u32, osversion u32,
 *           hwcap u64; key (the soname) and value (the path) are string
 *           offsets from the header's first byte
 *
 * An entry's flags say its ABI: 0x0003 libc6 ELF, | 0x0300 x86-64, | 0x0a00
 * aarch64 (the arch byte is what tells a 32-bit library from ours).
 */
#define LDC_OLD	    "ld.so-1.7.0"
#define LDC_NEW	    "glibc-ld.so.cache1.1"
#define LDC_HDR	    48
#define LDC_ENT	    24
#define LDC_OLD_HDR 16
#define LDC_OLD_ENT 12

static uint32_t rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* The new-format header's offset in @data, or -EINVAL. */
static long ldcache_new_off(const unsigned char *d, size_t sz)
{
	size_t off;

	if (sz >= LDC_HDR && !memcmp(d, LDC_NEW, strlen(LDC_NEW)))
		return 0;
	if (sz < LDC_OLD_HDR || memcmp(d, LDC_OLD, strlen(LDC_OLD)))
		return -EINVAL;
	off = LDC_OLD_HDR + (size_t)rd32(d + 12) * LDC_OLD_ENT;
	off = (off + 7) & ~(size_t)7;
	if (off > sz || sz - off < LDC_HDR || memcmp(d + off, LDC_NEW, strlen(LDC_NEW)))
		return -EINVAL;
	return (long)off;
}

/* The NUL-terminated string at @off of the @sz bytes at @base, or NULL. */
static const char *ldcache_str(const unsigned char *base, size_t sz, uint32_t off)
{
	if (off >= sz || !memchr(base + off, '\0', sz - off))
		return NULL;
	return (const char *)base + off;
}

int bbpf__ldcache_find(const void *data, size_t sz, const char *name, uint32_t arch_flags,
		       char *out, size_t out_sz)
{
	const unsigned char *d = data, *hdr, *e;
	const char *key, *val;
	long off = ldcache_new_off(d, sz);
	size_t i, n, room;
	int32_t fl;

	if (off < 0)
		return -EINVAL;
	hdr = d + off;
	room = sz - (size_t)off;
	n = rd32(hdr + 20);
	if (n > (room - LDC_HDR) / LDC_ENT)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		e = hdr + LDC_HDR + i * LDC_ENT;
		fl = (int32_t)rd32(e);
		key = ldcache_str(hdr, room, rd32(e + 4));
		val = ldcache_str(hdr, room, rd32(e + 8));
		if (!key || !val || strcmp(key, name) || (fl & 0xff) != 3 ||
		    (uint32_t)(fl & 0xff00) != arch_flags)
			continue;
		if ((size_t)snprintf(out, out_sz, "%s", val) >= out_sz)
			return -E2BIG;
		return 0;
	}
	return -ENOENT;
}

bool bbpf__kprobe_blacklisted(const char *text, size_t sz, const char *name)
{
	const char *p = text, *end = text + sz, *eol, *s;
	size_t len = strlen(name);

	for (; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		/* "0xSTART-0xEND\tSYMBOL" or "0xSTART-0xEND\tSYMBOL [module]" */
		s = memchr(p, '\t', (size_t)(eol - p));
		if (!s)
			s = memchr(p, ' ', (size_t)(eol - p));
		if (!s)
			continue;
		while (s < eol && (*s == '\t' || *s == ' '))
			s++;
		if ((size_t)(eol - s) >= len && !memcmp(s, name, len) &&
		    (s + len == eol || s[len] == ' ' || s[len] == '\t'))
			return true;
	}
	return false;
}
