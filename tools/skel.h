/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The skeleton generator behind `barebpf gen skeleton` (tools/skel.c): pure,
 * it reads an opened object and writes a C header; no kernel, no files.
 */
#ifndef BBPF_TOOLS_SKEL_H
#define BBPF_TOOLS_SKEL_H

#include <stddef.h>
#include <stdio.h>

struct bbpf_obj;

/*
 * skel_write() writes to @out the skeleton of @obj, opened from the @sz
 * bytes at @bytes (embedded as they are), named @name (a C identifier).
 * @raw_sz 0: @bytes are the object; else they are the object gzip'ed, which
 * is @raw_sz bytes inflated: the header then declares NAME__gunzip(), which
 * the program that includes it defines (the static CLI: its collector).
 * Returns 0, or -EINVAL with a reason in @why (@why_sz bytes): @name is no
 * identifier, two maps or programs give the same C name, a write failed.
 */
int skel_write(FILE *out, const struct bbpf_obj *obj, const void *bytes, size_t sz, size_t raw_sz,
	       const char *name, char *why, size_t why_sz);

/*
 * skel_write_file() writes to @out the skeleton named @name of the object
 * file at @path, plain or gzip'ed (then embedded gzip'ed: skel_write()).
 * Returns 0 or -errno, having said why on stderr (tools/skel_file.c).
 */
int skel_write_file(FILE *out, const char *path, const char *name);

/* skel_ident() makes @in a C identifier in @out: ".data.x-y" gives "data_x_y". */
void skel_ident(const char *in, char *out, size_t out_sz);

#endif
