// SPDX-License-Identifier: BSD-2-Clause
/*
 * `gen skeleton`'s file side (skel.h): the object read whole and opened, then
 * handed to skel_write(). Shared by cmd_gen.c and the build's generator
 * (gen_skel.c), which cannot be the CLI: the CLI includes its output.
 */
#include <errno.h>
#include <stdlib.h>

#include <barebpf/ns.h>
#include <barebpf/obj.h>
#include "args.h"
#include "file_read.h"
#include "gunzip.h"
#include "skel.h"

/* The object a .gz holds, opened from its inflated bytes; 0 or -errno (said). */
static int open_gz(const char *path, const unsigned char *gz, size_t sz,
		   const struct bbpf_obj_open_opts *opts, struct bbpf_obj **obj)
{
	size_t raw_sz = gzip_raw_size(gz, sz);
	unsigned char *raw = NULL;
	int err;

	err = gunzip_mem(gz, sz, raw_sz, &raw);
	if (err) {
		p_err("%s: gzip'ed, but does not inflate: %s", path, bbpf_strerror(err));
		return err;
	}
	err = bbpf_obj_open_mem(raw, raw_sz, opts, obj); /* copied: @raw can go */
	free(raw);
	if (err)
		p_fail("%s: not a BPF object barebpf can open: %s", path, bbpf_strerror(err));
	return err;
}

int skel_write_file(FILE *out, const char *path, const char *name)
{
	struct bbpf_obj_open_opts opts = { .sz = sizeof(opts), .object_name = name };
	struct bbpf_obj *obj = NULL;
	unsigned char *bytes = NULL;
	char why[256] = "";
	size_t sz = 0;
	bool gz;
	int err;

	err = file_read(path, &bytes, &sz); /* embedded as read: gzip'ed stays gzip'ed */
	if (err)
		return err;
	gz = is_gzip(bytes, sz);
	if (gz) {
		err = open_gz(path, bytes, sz, &opts, &obj);
	} else {
		/* From the file, for messages that name it. */
		err = bbpf_obj_open_file(path, &opts, &obj);
		if (err)
			p_fail("%s: not a BPF object barebpf can open: %s", path,
			       bbpf_strerror(err));
	}
	if (!err) {
		err = skel_write(out, obj, bytes, sz, gz ? gzip_raw_size(bytes, sz) : 0, name, why,
				 sizeof(why));
		if (err)
			p_err("gen skeleton %s: %s", path, why);
	}
	bbpf_obj_close(obj);
	free(bytes);
	return err;
}
