// SPDX-License-Identifier: BSD-2-Clause
/* A whole file into memory (file_read.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "file_read.h"

int file_read(const char *path, unsigned char **out, size_t *sz)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *nb;
	size_t n = 0, cap = 0, got;

	int err;

	if (!f) {
		err = -errno;
		p_err("%s: %s", path, strerror(-err));
		return err;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				p_err("%s: out of memory", path);
				return -ENOMEM;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	if (ferror(f)) {
		p_err("%s: reading: %s", path, strerror(errno ?: EIO));
		free(buf);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	*out = buf;
	*sz = n;
	return 0;
}
