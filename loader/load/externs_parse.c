// SPDX-License-Identifier: BSD-2-Clause
/*
 * Text parsers behind the extern resolver (pure: text in, values out).
 *
 *   kconfig   "CONFIG_BPF=y"  "CONFIG_HZ=250"  "CONFIG_X=0x1f"  "CONFIG_S=\"str\""
 *             "# CONFIG_KASAN is not set"  (reads as n)
 *   kallsyms  "ffffffff81234560 T bpf_prog_put"
 *             "ffffffffc0a01000 t nf_hook\t[nf_tables]"
 *
 * Values are written as a __kconfig extern of the given type reads them
 * (libbpf's rules): bool y/m -> 1, n -> 0; tristate (enum libbpf_tristate)
 * y -> 1, m -> 2, n -> 0; char y/m/n -> the letter; integers of 1, 2, 4, 8
 * bytes in range of their signedness; char arrays the quoted string (cut to
 * fit, NUL-terminated, as libbpf does).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/obj.h>
#include "internal/compiler.h"
#include "internal/log.h"
#include "load/externs.h"
#include "obj/internal.h"

/* ------------------------------------------------------------------ */
/* kconfig                                                             */
/* ------------------------------------------------------------------ */

/* Line @line (@len bytes, no '\n') sets @name: *@val, *@vlen get the value. */
static bool match_kconfig_line(const char *line, size_t len, const char *name, size_t nlen,
			       const char **val, size_t *vlen)
{
	static const char unset_pfx[] = "# ", unset_sfx[] = " is not set";
	const size_t pl = sizeof(unset_pfx) - 1, sl = sizeof(unset_sfx) - 1;

	while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	if (len > nlen && !memcmp(line, name, nlen) && line[nlen] == '=') {
		*val = line + nlen + 1;
		*vlen = len - nlen - 1;
		return true;
	}
	if (len == pl + nlen + sl && !memcmp(line, unset_pfx, pl) &&
	    !memcmp(line + pl, name, nlen) && !memcmp(line + pl + nlen, unset_sfx, sl)) {
		*val = "n";
		*vlen = 1;
		return true;
	}
	return false;
}

int bbpf__kconfig_find(const char *text, size_t sz, const char *name, const char **val, size_t *len)
{
	const char *p = text, *end = text + sz, *nl;
	size_t nlen = strlen(name);

	while (p && p < end) {
		nl = memchr(p, '\n', end - p);
		if (match_kconfig_line(p, (nl ? nl : end) - p, name, nlen, val, len))
			return 0;
		p = nl ? nl + 1 : NULL;
	}
	return -ENOENT;
}

static void write_uint(void *dst, uint32_t size, uint64_t v)
{
	uint8_t u8 = v;
	uint16_t u16 = v;
	uint32_t u32 = v;

	if (size == 1)
		memcpy(dst, &u8, 1);
	else if (size == 2)
		memcpy(dst, &u16, 2);
	else if (size == 4)
		memcpy(dst, &u32, 4);
	else
		memcpy(dst, &v, 8);
}

static const char *const kcfg_type_names[] = {
	[BBPF_KCFG_NONE] = "none", [BBPF_KCFG_BOOL] = "bool",	[BBPF_KCFG_TRISTATE] = "tristate",
	[BBPF_KCFG_CHAR] = "char", [BBPF_KCFG_INT] = "integer", [BBPF_KCFG_CHAR_ARR] = "char array",
};

static const char *kcfg_type_str(uint32_t t)
{
	return BBPF__NAME(kcfg_type_names, t);
}

static int encode_tri(const char *name, char c, uint32_t type, uint32_t size, void *dst)
{
	switch (type) {
	case BBPF_KCFG_BOOL:
		write_uint(dst, size, c != 'n');
		return 0;
	case BBPF_KCFG_TRISTATE:
		write_uint(dst, size,
			   c == 'y'   ? BBPF_TRI_YES
			   : c == 'm' ? BBPF_TRI_MODULE
				      : BBPF_TRI_NO);
		return 0;
	case BBPF_KCFG_CHAR:
		write_uint(dst, 1, (uint8_t)c);
		return 0;
	}
	pr_warn("extern (kconfig) '%s': value '%c' is a tristate, but the extern is a %s\n", name,
		c, kcfg_type_str(type));
	return -EINVAL;
}

static int encode_str(const char *name, const char *val, size_t len, uint32_t type, uint32_t size,
		      void *dst)
{
	if (len < 2 || val[len - 1] != '"') {
		pr_warn("extern (kconfig) '%s': value %.*s is an unterminated string\n", name,
			(int)len, val);
		return -EINVAL;
	}
	if (type != BBPF_KCFG_CHAR_ARR) {
		pr_warn("extern (kconfig) '%s': value %.*s is a string, but the extern is a %s\n",
			name, (int)len, val, kcfg_type_str(type));
		return -EINVAL;
	}
	len -= 2;
	if (len >= size) {
		pr_warn("extern (kconfig) '%s': string of %zu bytes cut to the extern's %u\n", name,
			len, size - 1);
		len = size - 1;
	}
	memset(dst, 0, size);
	memcpy(dst, val + 1, len);
	return 0;
}

static int parse_num(const char *name, const char *val, size_t len, uint64_t *v, bool *neg)
{
	int err = bbpf__num_parse(val, len, v, neg);

	if (err == -E2BIG)
		pr_warn("extern (kconfig) '%s': value '%.*s' does not fit 64 bits\n", name,
			(int)len, val);
	else if (err)
		pr_warn("extern (kconfig) '%s': value '%.*s' is neither y/m/n, a \"string\" nor a number\n",
			name, (int)len, val);
	return err;
}

static int encode_num(const char *name, const char *val, size_t len, uint32_t type, uint32_t size,
		      bool sgn, void *dst)
{
	bool neg = false;
	uint64_t v;
	int err;

	err = parse_num(name, val, len, &v, &neg);
	if (err)
		return err;
	if (type != BBPF_KCFG_INT && type != BBPF_KCFG_CHAR && type != BBPF_KCFG_BOOL) {
		pr_warn("extern (kconfig) '%s': value '%.*s' is a number, but the extern is a %s\n",
			name, (int)len, val, kcfg_type_str(type));
		return -EINVAL;
	}
	if (type == BBPF_KCFG_BOOL ? v > 1 : !bbpf__num_fits(v, neg, size, sgn)) {
		pr_warn("extern (kconfig) '%s': value '%.*s' is out of range of a %s%u-byte %s\n",
			name, (int)len, val, sgn ? "signed " : "", size, kcfg_type_str(type));
		return -E2BIG;
	}
	write_uint(dst, size, v);
	return 0;
}

int bbpf__kconfig_encode(const char *name, const char *val, size_t len, uint32_t kcfg_type,
			 uint32_t size, bool sgn, void *dst)
{
	if (len == 1 && (val[0] == 'y' || val[0] == 'm' || val[0] == 'n'))
		return encode_tri(name, val[0], kcfg_type, size, dst);
	if (len && val[0] == '"')
		return encode_str(name, val, len, kcfg_type, size, dst);
	return encode_num(name, val, len, kcfg_type, size, sgn, dst);
}

int bbpf__kernel_version_parse(const char *release, uint32_t *code)
{
	unsigned int a = 0, b = 0, c = 0;

	if (!release || sscanf(release, "%u.%u.%u", &a, &b, &c) < 2 || a > 255 || b > 255) {
		pr_warn("kernel release '%s' is not of the form a.b[.c]\n", release ?: "(none)");
		return -EINVAL;
	}
	*code = (a << 16) | (b << 8) | (c > 255 ? 255 : c);
	return 0;
}

/* ------------------------------------------------------------------ */
/* kallsyms                                                            */
/* ------------------------------------------------------------------ */

/*
 * The fast path: memmem() for the name, then check that the hit is a whole
 * name field (after "addr type ", before '\t', '\n' or the end) and read the
 * address at the start of that line.
 */
static bool kallsyms_hit(const char *text, const char *end, const char *hit, size_t nlen,
			 uint64_t *addr)
{
	const char *line = hit, *after = hit + nlen;
	char *e;

	if (after < end && *after != '\n' && *after != '\t' && *after != ' ')
		return false;
	if (hit - text < 4 || hit[-1] != ' ' || hit[-3] != ' ')
		return false;
	while (line > text && line[-1] != '\n')
		line--;
	if (hit - 3 <= line)
		return false;
	*addr = strtoull(line, &e, 16);
	return e == hit - 3;
}

int bbpf__kallsyms_find(const char *text, size_t sz, const char *name, uint64_t *addr)
{
	const char *end = text + sz, *p = text, *hit;
	size_t nlen = strlen(name);
	uint64_t a, found = 0;
	bool any = false;

	while (nlen && p < end && (hit = memmem(p, end - p, name, nlen))) {
		p = hit + nlen;
		if (!kallsyms_hit(text, end, hit, nlen, &a))
			continue;
		if (any && a != found) {
			pr_warn("kallsyms: '%s' is at 0x%llx and at 0x%llx: ambiguous\n", name,
				(unsigned long long)found, (unsigned long long)a);
			return -EINVAL;
		}
		found = a;
		any = true;
	}
	if (!any)
		return -ENOENT;
	if (!found) {
		pr_warn("kallsyms: '%s' shows address 0: addresses are hidden (kptr_restrict; needs root/CAP_SYSLOG)\n",
			name);
		return -EPERM;
	}
	*addr = found;
	return 0;
}

int bbpf__kallsyms_module(const char *text, size_t sz, const char *name, char *mod, size_t mod_sz)
{
	const char *end = text + sz, *p = text, *hit, *close;
	size_t nlen = strlen(name);
	uint64_t a;

	while (nlen && p < end && (hit = memmem(p, end - p, name, nlen))) {
		p = hit + nlen;
		if (!kallsyms_hit(text, end, hit, nlen, &a) || end - p < 3 || memcmp(p, "\t[", 2))
			continue;
		close = memchr(p + 2, ']', end - p - 2);
		if (!close || memchr(p + 2, '\n', close - p - 2))
			continue;
		snprintf(mod, mod_sz, "%.*s", (int)(close - p - 2), p + 2);
		return 0;
	}
	return -ENOENT;
}

bool bbpf__kallsyms_has_syscall_wrapper(const char *text, size_t sz)
{
	/* libbpf's arch_specific_syscall_pfx(), all of them: text says which arch. */
	static const char *const names[] = {
		"__x64_sys_bpf",     "__ia32_sys_bpf",	    "__arm64_sys_bpf",
		"__s390x_sys_bpf",   "__riscv_sys_bpf",	    "__arm_sys_bpf",
		"__powerpc_sys_bpf", "__loongarch_sys_bpf", "__mips_sys_bpf",
	};
	uint64_t addr;
	size_t i;

	for (i = 0; text && i < sizeof(names) / sizeof(*names); i++)
		if (bbpf__kallsyms_find(text, sz, names[i], &addr) != -ENOENT)
			return true;
	return false;
}
