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
	struct bbpf__ksym_iter it;

	bbpf__ksym_iter_init(&it, text, sz);
	while (bbpf__ksym_next(&it))
		if ((it.type == 't' || it.type == 'T') && !strcmp(it.name, name))
			return true;
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
			size_t out_sz)
{
	const char *const *pre = compat ? compat_prefixes : native_prefixes;
	size_t i, cnt = compat ? ARRAY_SIZE(compat_prefixes) : ARRAY_SIZE(native_prefixes);

	for (i = 0; i < cnt; i++) {
		if ((size_t)snprintf(out, out_sz, "%s%s", pre[i], syscall) >= out_sz)
			return -E2BIG;
		if (bbpf__ksym_is_func(text, sz, out))
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
