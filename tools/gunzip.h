/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Inflating a gzip blob into memory, for what the CLI carries gzip'ed (the
 * BTF pack, the static build's collector) and for `gen skeleton` of a .gz.
 */
#ifndef BBPF_TOOLS_GUNZIP_H
#define BBPF_TOOLS_GUNZIP_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the @sz bytes at @p start like a gzip stream (1f 8b). */
bool is_gzip(const void *p, size_t sz);

/*
 * The size the gzip stream of @sz bytes at @gz says it inflates to (its
 * trailer's ISIZE: exact below 4 GiB), or 0 when it is too short to say.
 */
size_t gzip_raw_size(const void *gz, size_t sz);

/*
 * gunzip_mem() inflates the gzip stream of @gz_sz bytes at @gz, which must
 * give exactly @raw_sz bytes, into a malloc'd buffer *@out (written only on
 * success). Returns 0, -ENOMEM, or -EINVAL (corrupt, truncated, another size).
 */
int gunzip_mem(const void *gz, size_t gz_sz, size_t raw_sz, unsigned char **out);

#endif
