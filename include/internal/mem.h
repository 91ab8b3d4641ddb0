/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Growing arrays: the one way arrays and buffers grow (CONTRIBUTING.md,
 * "Ownership"), with overflow checks so that a hostile count in an input file
 * cannot wrap a size. `make lint` allows realloc() nowhere else in btf/ and loader/.
 */
#ifndef BBPF_INTERNAL_MEM_H
#define BBPF_INTERNAL_MEM_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * bbpf__grow() makes room for at least @need elements of @elem_sz bytes in
 * *@data, which holds *@cap elements. The capacity at least doubles (8 at
 * first), or becomes @need when that is more, so a first call with a known
 * size allocates exactly that. New room is zeroed. On failure *@data and
 * *@cap are unchanged. Returns 0, -E2BIG when the size overflows, or -ENOMEM.
 */
static inline int bbpf__grow(void **data, size_t *cap, size_t elem_sz, size_t need)
{
	size_t new_cap, old_bytes, new_bytes;
	void *p;

	if (need <= *cap)
		return 0;
	if (*cap > SIZE_MAX / 2)
		return -E2BIG;
	new_cap = *cap ? *cap * 2 : 8;
	if (new_cap < need)
		new_cap = need;
	if (__builtin_mul_overflow(new_cap, elem_sz, &new_bytes))
		return -E2BIG;
	p = realloc(*data, new_bytes);
	if (!p)
		return -ENOMEM;
	old_bytes = *cap * elem_sz;
	__builtin_memset((char *)p + old_bytes, 0, new_bytes - old_bytes);
	*data = p;
	*cap = new_cap;
	return 0;
}

#endif
