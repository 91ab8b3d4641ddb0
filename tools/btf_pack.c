// SPDX-License-Identifier: BSD-2-Clause
/*
 * The embedded BTF pack (btf_pack.h): inflated on first use, searched by
 * kernel release, the chosen BTF handed to the loader as a file path (a
 * memfd: nothing is written to disk, which an initramfs may not have).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <barebpf/btf.h>
#include <barebpf/kbtf.h>
#include <barebpf/ns.h>
#include "args.h"
#include "btf_pack.h"
#include "gunzip.h"

/* build/gen/btf_pack.c: the gzip'ed pack (empty without BTF_PACK) and its size inflated. */
extern const unsigned char bbpf_btf_packz[];
extern const unsigned long bbpf_btf_packz_sz;
extern const unsigned long bbpf_btf_packz_raw_sz;

#define MAGIC "BBPFBTF1"

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The entry of @release: its data and size; lists the names in @names when absent. */
static int find(const unsigned char *p, size_t sz, const char *release, const unsigned char **data,
		uint32_t *data_len, char *names, size_t names_sz)
{
	size_t off = sizeof(MAGIC) - 1, used = 0;
	uint32_t nl, dl;

	if (sz < off || memcmp(p, MAGIC, off))
		return -EINVAL;
	while (off < sz) {
		if (sz - off < 8)
			return -EINVAL;
		nl = le32(p + off);
		dl = le32(p + off + 4);
		off += 8;
		if (nl > sz - off || dl > sz - off - nl)
			return -EINVAL;
		if (nl == strlen(release) && !memcmp(p + off, release, nl)) {
			*data = p + off + nl;
			*data_len = dl;
			return 0;
		}
		if (used + nl + 3 < names_sz) {
			used += snprintf(names + used, names_sz - used, "%s%.*s", used ? ", " : "",
					 (int)nl, (const char *)p + off);
		}
		off += nl + dl;
	}
	return -ENOENT;
}

static int to_memfd(const unsigned char *data, uint32_t len, char *path, size_t sz)
{
	int fd = memfd_create("barebpf-btf", MFD_CLOEXEC), err;
	size_t done = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	while (done < len) {
		n = write(fd, data + done, len - done);
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			close(fd);
			return err;
		}
		done += n;
	}
	snprintf(path, sz, "/proc/self/fd/%d", fd); /* open until exit: the loader reads it later */
	return 0;
}

int btf_pack_open(const char *release, char *path, size_t sz)
{
	const unsigned char *data = NULL;
	unsigned char *pack = NULL;
	struct utsname u;
	char names[512] = "";
	uint32_t len = 0;
	int err;

	if (!bbpf_btf_packz_sz) {
		p_err("this barebpf carries no BTF pack (build it with make static BTF_PACK=DIR)");
		return -ENODATA;
	}
	if (!release) {
		if (uname(&u))
			return -errno;
		release = u.release;
	}
	err = gunzip_mem(bbpf_btf_packz, bbpf_btf_packz_sz, bbpf_btf_packz_raw_sz, &pack);
	err = err ?: find(pack, bbpf_btf_packz_raw_sz, release, &data, &len, names, sizeof(names));
	err = err ?: to_memfd(data, len, path, sz);
	if (err == -ENOENT)
		p_err("the embedded BTF pack has no kernel %s (it has: %s)", release, names);
	else if (err)
		p_err("the embedded BTF pack cannot be used: %s", bbpf_strerror(err));
	else
		p_info("btf: kernel %s from the embedded BTF pack (%u bytes)", release, len);
	free(pack);
	return err;
}

/* Whether the target lookup finds a BTF on this host (quietly: no pack is no error). */
static bool host_has_btf(void)
{
	struct bbpf_btf_target t = { 0 };
	bbpf_print_fn old = bbpf_set_print(NULL);
	char path[512];
	int err;

	bbpf_kbtf_target_host(&t);
	err = bbpf_btf_find_target(&t, path, sizeof(path));
	bbpf_set_print(old);
	return !err;
}

int btf_pack_use(const char **btf_path, const char *btf_dir, bool forced)
{
	static char path[64]; /* the memfd's path, for the whole run */
	const char *env = getenv("BAREBPF_BTF");
	int err;

	if (*btf_path || btf_dir)
		return 0;
	/* BAREBPF_BTF names the BTF as --btf does: a wrong one is an error, not the pack's cue. */
	if (!forced && (!bbpf_btf_packz_sz || (env && *env) || host_has_btf()))
		return 0;
	err = btf_pack_open(NULL, path, sizeof(path));
	if (!err)
		*btf_path = path;
	return err;
}
