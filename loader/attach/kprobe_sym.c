// SPDX-License-Identifier: BSD-2-Clause
/*
 * Which symbol a kprobe probes when the object names several
 * (BBPF_KPROBE_OR() in include/bpf/bbpf_chain.h) [sys]: the first that
 * /proc/kallsyms lists as a function and the kprobe blacklist (debugfs
 * kprobes/blacklist, when debugfs is mounted) does not hold. Functions the
 * compiler inlined or renamed (foo.isra.0) are not in kallsyms under their
 * own name, and the kernel refuses blacklisted ones with EINVAL: both are
 * ruled out before anything is created.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/chain.h>
#include <barebpf/obj.h>
#include "internal/log.h"
#include "internal/mem.h"
#include "attach/internal.h"

#define BLACKLIST "/sys/kernel/debug/kprobes/blacklist"

const char *bbpf__kprobe_blacklist(size_t *sz)
{
	static char *text;
	static size_t len;
	size_t cap = 0, n;
	FILE *f;

	if (text) {
		*sz = len;
		return text;
	}
	f = fopen(BLACKLIST, "re");
	while (f && !bbpf__grow((void **)&text, &cap, 1, len + 65536 + 1)) {
		n = fread(text + len, 1, 65536, f);
		len += n;
		if (n < 65536)
			break;
	}
	if (f)
		fclose(f);
	if (!text) /* unreadable (no debugfs): nothing is ruled out */
		text = calloc(1, 1), len = 0;
	if (!text) {
		*sz = 0;
		return "";
	}
	text[len] = '\0';
	*sz = len;
	return text;
}

int bbpf__kprobe_pick(const struct bbpf_prog *prog, char *out, size_t out_sz, char *why,
		      size_t why_sz)
{
	size_t i, n = bbpf_prog_ksym_cnt(prog), ksz, bsz, w = 0;
	const char *text, *bl, *sym, *no;
	char func[256];
	uint64_t off;
	int err;

	if (why && why_sz)
		*why = '\0';
	if (!n)
		return -EINVAL;
	err = bbpf__kallsyms_get(&text, &ksz);
	if (err)
		return err;
	bl = bbpf__kprobe_blacklist(&bsz);
	for (i = 0; i < n; i++) {
		sym = bbpf_prog_ksym(prog, i);
		if (bbpf__parse_func_off(sym, func, sizeof(func), &off))
			no = "not FUNC or FUNC+OFFSET";
		else if (!bbpf__ksym_is_func(text, ksz, func))
			no = "not in kallsyms";
		else if (bbpf__kprobe_blacklisted(bl, bsz, func))
			no = "on the kprobe blacklist";
		else if ((size_t)snprintf(out, out_sz, "%s", sym) >= out_sz)
			no = "too long";
		else
			return 0;
		if (why && w < why_sz)
			w += (size_t)snprintf(why + w, why_sz - w, "%s%s %s", w ? ", " : "", sym,
					      no);
		pr_debug("prog '%s': kprobe candidate %s: %s\n", bbpf_prog_name(prog), sym, no);
	}
	return -ENOENT;
}
