// SPDX-License-Identifier: BSD-2-Clause
/*
 * ksyscall/kretsyscall [sys]: a kprobe on the syscall's real entry symbol,
 * found in kallsyms (names.c: __x64_sys_X, __arm64_sys_X, ..., sys_X), and
 * on its 32-bit compat entry too where the kernel has one
 * (__ia32_compat_sys_X, __ia32_sys_X, __arm64_compat_sys_X): syscall
 * tracepoints and a native-only probe miss 32-bit callers. The links come
 * back as one (group.c). A compat symbol at the native one's address is the
 * same code and is not probed twice.
 *
 * /proc/kallsyms is read once per process and kept (bbpf__kallsyms_get()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/link.h>
#include <barebpf/obj.h>
#include "internal/log.h"
#include "kernel/internal.h"
#include "attach/internal.h"

int bbpf__kallsyms_get(const char **text, size_t *sz)
{
	static char *cache;
	static size_t cache_sz;
	int err;

	if (!cache) {
		err = bbpf__kallsyms_read(&cache, &cache_sz);
		if (err) {
			pr_warn("cannot read /proc/kallsyms: %s\n", bbpf_strerror(err));
			return err;
		}
	}
	*text = cache;
	*sz = cache_sz;
	return 0;
}

int bbpf__attach_ksyscall(const struct bbpf_prog *prog, const char *target,
			  const struct bbpf_attach_opts *opts, struct bbpf_link **out)
{
	bool ret = bbpf_prog_attach_kind(prog) == BBPF_ATTACH_KRETSYSCALL;
	struct bbpf_link *links[2] = { NULL, NULL };
	char native[256], compat[256], both[520];
	uint64_t native_addr = 0, compat_addr = 0;
	const char *text;
	size_t sz, n = 0;
	int err;

	err = bbpf__kallsyms_get(&text, &sz);
	if (err)
		return err;
	err = bbpf__ksyscall_find(text, sz, target, false, native, sizeof(native), &native_addr);
	if (err)
		return bbpf__attach_fail(bbpf_prog_name(prog), ret ? "kretsyscall" : "ksyscall",
					 target, "kallsyms", err);
	err = bbpf__kprobe_attach_fn(prog, ret, native, 0, opts, &links[n]);
	if (err)
		return err;
	n++;
	/*
	 * A compat entry that is an alias of the native one (SYSCALL_DEFINE0 on
	 * x86: __ia32_sys_getppid and __x64_sys_getppid share their code) would
	 * fire twice per call: only a distinct address is probed.
	 */
	if (!bbpf__ksyscall_find(text, sz, target, true, compat, sizeof(compat), &compat_addr) &&
	    strcmp(compat, native) && (compat_addr != native_addr || !native_addr)) {
		err = bbpf__kprobe_attach_fn(prog, ret, compat, 0, opts, &links[n]);
		if (err) {
			bbpf_link_destroy(links[0]);
			return err;
		}
		n++;
	}
	/* "__x64_sys_openat,__ia32_compat_sys_openat" */
	snprintf(both, sizeof(both), "%s%s%s", native, n == 2 ? "," : "", n == 2 ? compat : "");
	return bbpf__link_group(links, n, ret ? "kretsyscall" : "ksyscall", both, out);
}
