/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Prototypes for the glibc-only symbols of musl_compat.c. These names belong
 * to glibc's ABI; they are declared here so that -Werror builds see a prototype.
 */
#ifndef BBPF_MUSL_COMPAT_H
#define BBPF_MUSL_COMPAT_H

#include <stdarg.h>
#include <stddef.h>

/* Reports a failed fortify check and aborts (glibc's __chk_fail). */
void bbpf__chk_fail(void) __attribute__((noreturn));

int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *fmt, va_list ap);
int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *fmt, ...);
void *rawmemchr(const void *s, int c);

#endif
