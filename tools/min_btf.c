// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf gen min-btf OBJ... (--btf PATH | --btf-dir DIR) --out DIR
 *
 * For each target BTF, the smallest BTF on which the objects' CO-RE
 * relocations decide as on the full one: every object is relocated against
 * the target and each matching candidate's access path is kept
 * (bbpf_btf_min_*, btf/btf_min.c); the kept types are written to
 * OUT/<the same path below DIR>, gzip'ed when the input was (.btf.gz), else
 * .btf (a vmlinux ELF file gives <name>.btf). With --btf PATH: OUT/<name of
 * PATH>. Kept per relocation kind:
 *   field kinds          the access path in the target
 *   enumval kinds        the enum and that enumerator
 *   type_exists/size/id  the type's shell (its size)
 *   type_matches         the whole type, recursively
 * Relocations that match nothing keep nothing: they miss on the minimal BTF
 * as on the full one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <barebpf/btf.h>
#include <barebpf/btf_write.h>
#include <barebpf/core.h>
#include <barebpf/kbtf.h>
#include <barebpf/obj.h>
#include "args.h"
#include "btf_dir.h"
#include "min_btf.h"

struct gen {
	struct bbpf_btf_min *m;
	int err; /* the first error of a keep call */
};

static void on_match(void *ctx, const struct bbpf_core_cand *cand, uint32_t kind,
		     const uint32_t *raw, int raw_len)
{
	struct gen *g = ctx;
	int err;

	/* The kinds are numbered: fields 0-5, then types, enum values 10-11, type_matches 12. */
	if (kind <= BPF_CORE_FIELD_RSHIFT_U64)
		err = bbpf_btf_min_add_access(g->m, cand->id, raw, raw_len);
	else if (kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE)
		err = raw_len ? bbpf_btf_min_add_enumval(g->m, cand->id, raw[raw_len - 1])
			      : -EINVAL;
	else
		err = bbpf_btf_min_add_type(g->m, cand->id, kind == BPF_CORE_TYPE_MATCHES);
	if (err && !g->err)
		g->err = err;
}

/* mkdir -p of @path's parent folders. */
static int make_parents(char *path)
{
	char *p;
	int err = 0;

	for (p = strchr(path + 1, '/'); p && !err; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			err = -errno;
		*p = '/';
	}
	return err;
}

/*
 * A .btf.gz as gzip with stored (uncompressed) deflate blocks: any gunzip
 * reads it, and no compressor is needed (the static CLI links none:
 * tools/static/no_deflate.c). Minimal BTFs are a few KB: packing them in a
 * binary compresses them once more anyway (mk/btf_pack.mk).
 */
static bool put_gz_stored(FILE *fp, const unsigned char *p, size_t sz)
{
	static const unsigned char hdr[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	unsigned long crc = crc32(0L, p, (unsigned int)sz);
	unsigned char b[8];
	size_t n, done = 0;
	bool ok = fwrite(hdr, 1, sizeof(hdr), fp) == sizeof(hdr);

	do { /* blocks of at most 65535 bytes: BFINAL, LEN, ~LEN, bytes */
		n = sz - done > 65535 ? 65535 : sz - done;
		b[0] = done + n == sz;
		b[1] = n & 0xff, b[2] = n >> 8, b[3] = ~n & 0xff, b[4] = (~n >> 8) & 0xff;
		ok = ok && fwrite(b, 1, 5, fp) == 5 && fwrite(p + done, 1, n, fp) == n;
		done += n;
	} while (done < sz);
	for (n = 0; n < 4; n++) {
		b[n] = crc >> (8 * n) & 0xff;
		b[4 + n] = (sz & 0xffffffffu) >> (8 * n) & 0xff;
	}
	return ok && fwrite(b, 1, 8, fp) == 8;
}

static int write_all(const char *path, const void *data, size_t sz, bool gz)
{
	FILE *fp = fopen(path, "wbe");
	bool ok;

	if (!fp)
		return -errno;
	ok = gz ? put_gz_stored(fp, data, sz) : fwrite(data, 1, sz, fp) == sz;
	return !fclose(fp) && ok ? 0 : -EIO;
}

/* OUT/<rel> with .btf or .btf.gz; vmlinux ELF files become <rel>.btf. */
static char *out_path(const char *out, const char *rel, bool *gz)
{
	size_t n = strlen(rel);
	char *p;

	*gz = n > 7 && !strcmp(rel + n - 7, ".btf.gz");
	if (*gz || (n > 4 && !strcmp(rel + n - 4, ".btf")))
		return asprintf(&p, "%s/%s", out, rel) < 0 ? NULL : p;
	return asprintf(&p, "%s/%s.btf", out, rel) < 0 ? NULL : p;
}

/* One target: relocate every object against it, write what the relocations kept. */
static int gen_one(struct bbpf_obj **objs, size_t nobj, const char *in, const char *rel,
		   const char *out, size_t *in_sz, size_t *out_sz)
{
	struct bbpf_btf *btf = NULL;
	struct gen g = { 0 };
	struct bbpf_core_walk_cbs cbs = { .match = on_match, .ctx = &g };
	struct bbpf_core_targets ct = { NULL, &in, 1 };
	void *data = NULL;
	char *path = NULL;
	bool gz;
	size_t i;
	int err;

	err = bbpf_kbtf_open_file(in, NULL, &btf);
	if (err)
		return err; /* the library said why */
	bbpf_btf_raw(btf, in_sz);
	err = bbpf_btf_min_new(btf, &g.m);
	ct.btfs = (const struct bbpf_btf *const *)&btf;
	for (i = 0; !err && i < nobj; i++) {
		err = bbpf_obj_core_relocate(objs[i], &ct, &cbs);
		err = err == -ENOENT || err > 0
			      ? 0
			      : err; /* no .BTF; failed relocations keep nothing */
	}
	err = err ?: g.err ?: bbpf_btf_min_write(g.m, &data, out_sz);
	path = err ? NULL : out_path(out, rel, &gz);
	if (!err && !path)
		err = -ENOMEM;
	err = err ?: make_parents(path) ?: write_all(path, data, *out_sz, gz);
	if (err)
		p_err("gen min-btf: %s: %s%s%s", in, path ? "cannot write " : "", path ? path : "",
		      bbpf_strerror(err));
	else
		printf("%s -> %s: %zu -> %zu bytes\n", in, path, *in_sz, *out_sz);
	free(path);
	free(data);
	bbpf_btf_min_free(g.m);
	bbpf_btf_free(btf);
	return err;
}

int gen_min_btf(const char *const *paths, size_t nobj, const char *btf, const char *dir,
		const char *out)
{
	struct bbpf_obj **objs = calloc(nobj, sizeof(*objs));
	struct btf_dir d = { 0 };
	size_t i, in_sz = 0, out_sz = 0, tin = 0, tout = 0, bad = 0;
	const char *base;
	int err = objs ? 0 : -ENOMEM;

	for (i = 0; !err && i < nobj; i++)
		err = bbpf_obj_open_file(paths[i], NULL, &objs[i]); /* says why */
	if (!err && dir)
		err = btf_dir_list(dir, &d); /* says why */
	if (!err && mkdir(out, 0755) && errno != EEXIST) {
		err = -errno;
		p_err("gen min-btf: cannot create %s: %s", out, bbpf_strerror(err));
	}
	if (!err && btf) {
		base = strrchr(btf, '/') ? strrchr(btf, '/') + 1 : btf;
		bad += !!gen_one(objs, nobj, btf, base, out, &tin, &tout);
	}
	for (i = 0; !err && i < d.cnt; i++) {
		if (gen_one(objs, nobj, d.ents[i].path, d.ents[i].rel, out, &in_sz, &out_sz)) {
			bad++;
			continue;
		}
		tin += in_sz;
		tout += out_sz;
	}
	if (!err && d.cnt)
		printf("%zu kernel%s: %zu -> %zu bytes%s\n", d.cnt, d.cnt == 1 ? "" : "s", tin,
		       tout, bad ? " (some failed)" : "");
	btf_dir_free(&d);
	for (i = 0; objs && i < nobj; i++)
		bbpf_obj_close(objs[i]);
	free(objs);
	return err || bad ? EXIT_FAIL : EXIT_OK;
}
