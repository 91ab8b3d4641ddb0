// SPDX-License-Identifier: BSD-2-Clause
/*
 * The glibc-only symbols Debian's libbpf.a calls beyond those of libelf.a and
 * libz.a (tools/static/musl_compat.c has those): fortified string and stdio
 * functions, and fcntl64. Only the bench's static libbpf references link it.
 * The checks are kept: one that fails aborts, as glibc's __chk_fail does.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/static/musl_compat.h"

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dstlen);
char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen);
int __sprintf_chk(char *s, int flag, size_t slen, const char *fmt, ...);
char *__strcat_chk(char *dst, const char *src, size_t dstlen);
char *__strcpy_chk(char *dst, const char *src, size_t dstlen);
int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap);
int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap);
int fcntl64(int fd, int cmd, ...);

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dstlen)
{
	if (dstlen < len)
		bbpf__chk_fail();
	return memcpy(dst, src, len);
}

char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen)
{
	if (resolved && resolvedlen < PATH_MAX)
		bbpf__chk_fail();
	return realpath(path, resolved);
}

int __sprintf_chk(char *s, int flag, size_t slen, const char *fmt, ...)
{
	va_list ap;
	int ret;

	(void)flag;
	if (!slen)
		bbpf__chk_fail();
	va_start(ap, fmt);
	ret = vsnprintf(s, slen, fmt, ap);
	va_end(ap);
	if (ret >= 0 && (size_t)ret >= slen)
		bbpf__chk_fail();
	return ret;
}

char *__strcat_chk(char *dst, const char *src, size_t dstlen)
{
	size_t dl = strlen(dst), sl = strlen(src);

	if (dstlen <= dl || dstlen - dl <= sl)
		bbpf__chk_fail();
	memcpy(dst + dl, src, sl + 1);
	return dst;
}

char *__strcpy_chk(char *dst, const char *src, size_t dstlen)
{
	size_t len = strlen(src);

	if (dstlen <= len)
		bbpf__chk_fail();
	return memcpy(dst, src, len + 1);
}

int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	return vdprintf(fd, fmt, ap);
}

int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	return vfprintf(f, fmt, ap);
}

/* glibc's 64-bit-offset name; on 64-bit targets it is fcntl. */
int fcntl64(int fd, int cmd, ...)
{
	unsigned long arg;
	va_list ap;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return fcntl(fd, cmd, arg);
}
