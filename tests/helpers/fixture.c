// SPDX-License-Identifier: BSD-2-Clause
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

const char *fixture_path(const char *name)
{
	static char buf[4096];
	const char *root = getenv("BBPF_FIXTURES");

	snprintf(buf, sizeof(buf), "%s/%s", root ? root : "tests/fixtures", name);
	return buf;
}

int slurp(const char *path, void **data, size_t *size)
{
	size_t cap = 1 << 16, len = 0, n;
	char *buf = NULL, *p;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		return -errno;
	for (;;) {
		p = realloc(buf, cap);
		if (!p) {
			free(buf);
			fclose(f);
			return -ENOMEM;
		}
		buf = p;
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len < cap)
			break;
		cap *= 2;
	}
	fclose(f);
	*data = buf;
	*size = len;
	return 0;
}

int fd_count(void)
{
	struct dirent *de;
	int cnt = 0;
	DIR *d;

	d = opendir("/proc/self/fd");
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			cnt++;
	closedir(d);
	return cnt - 1; /* the directory's own fd */
}
