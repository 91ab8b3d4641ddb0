// SPDX-License-Identifier: BSD-2-Clause
/*
 * Numbers written as text, as --set values and kernel config values are:
 * decimal, 0x hex, 0 octal, a leading '-'. Pure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "obj/internal.h"

int bbpf__num_parse(const char *val, size_t len, uint64_t *v, bool *neg)
{
	char buf[32], *end;

	if (!len || len >= sizeof(buf))
		return len ? -E2BIG : -EINVAL;
	memcpy(buf, val, len);
	buf[len] = '\0';
	if (buf[0] == '+' || buf[0] == ' ' || buf[0] == '\t')
		return -EINVAL;
	*neg = buf[0] == '-';
	errno = 0;
	*v = *neg ? (uint64_t)strtoll(buf, &end, 0) : strtoull(buf, &end, 0);
	if (*end || end == buf)
		return -EINVAL;
	return errno == ERANGE ? -E2BIG : 0;
}

bool bbpf__num_fits(uint64_t v, bool neg, uint32_t size, bool sgn)
{
	uint32_t bits = size * 8;

	if (!sgn)
		return !neg && (bits >= 64 || !(v >> bits));
	if (bits >= 64)
		return neg == !!(v >> 63);
	return v + (1ULL << (bits - 1)) < (1ULL << bits);
}
