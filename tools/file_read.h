/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BBPF_TOOLS_FILE_READ_H
#define BBPF_TOOLS_FILE_READ_H

#include <stddef.h>

/*
 * file_read() reads the whole file at @path into a malloc'd *@out of *@sz
 * bytes. Returns 0, or -errno after saying why on stderr (p_err()).
 */
int file_read(const char *path, unsigned char **out, size_t *sz);

#endif
