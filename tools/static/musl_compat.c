// SPDX-License-Identifier: BSD-2-Clause
/*
 * glibc-only symbols for the static musl build. Debian's libelf.a and libz.a
 * are built against glibc with _FORTIFY_SOURCE, so they call the checked
 * variants of a few libc functions, and glibc extensions musl does not have.
 * We link those archives as they are and supply the missing symbols here,
 * keeping the checks: a check that fails aborts, as glibc's __chk_fail does.
 * Only static builds link this file (see mk/static.mk).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "musl_compat.h"

void bbpf__chk_fail(void)
{
	static const char msg[] = "*** buffer overflow detected ***: terminated\n";

	/* write(2), not stdio: the stdio state may be what overflowed. */
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		abort();
	abort();
}

/* zlib's gzlib.c and gzwrite.c. @flag only asks for %n checks: ignored. */
int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *fmt, va_list ap)
{
	(void)flag;
	if (slen < maxlen)
		bbpf__chk_fail();
	return vsnprintf(s, maxlen, fmt, ap);
}

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = __vsnprintf_chk(s, maxlen, flag, slen, fmt, ap);
	va_end(ap);
	return ret;
}

/* libelf's elf_getarsym.c: memchr() without a bound; @c must occur. */
void *rawmemchr(const void *s, int c)
{
	const unsigned char *p = s;

	while (*p != (unsigned char)c)
		p++;
	return (void *)p;
}
