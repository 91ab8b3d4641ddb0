// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf gen skeleton FILE.o [--name NAME] > NAME.skel.h
 *
 * A C header that carries the object and gives typed access to it (the
 * generator itself is tools/skel.c): open, load, attach and destroy
 * functions, a handle per map, program and link by name, and the global
 * data as C structs. The object is read once and embedded byte for byte
 * (a gzip'ed one stays gzip'ed: tools/skel_file.c).
 *
 * barebpf gen initramfs [--out FILE] [--as-init|--as-tool] [--binary FILE]
 *
 * A cpio archive holding the static binary as /init (or /barebpf), laid out
 * by tools/initramfs.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <barebpf/obj.h>
#include "args.h"
#include "cmds.h"
#include "cpio.h"
#include "file_read.h"
#include "initramfs.h"
#include "min_btf.h"
#include "skel.h"

static const char skeleton_usage[] =
	"Usage: barebpf gen skeleton FILE.o [--name NAME] > NAME.skel.h\n"
	"  a C header embedding FILE.o: struct NAME with its maps, programs and links\n"
	"  by name and its global data as typed structs (skel->rodata->x = 1 before\n"
	"  load; skel->bss->x reads the mmapped map after), and NAME__open(), __load(),\n"
	"  __attach(), __detach(), __destroy(), __open_and_load(). NAME defaults to the\n"
	"  file name up to its first '.'. Builds as C and C++ against <barebpf/*.h>.\n"
	"  FILE.o.gz (gzip'ed) is embedded gzip'ed: the program then defines\n"
	"  NAME__gunzip(gz, gz_sz, sz), which inflates it at open.\n";

/* The default NAME: the file's base name up to its first '.', as an identifier. */
static void default_name(const char *path, char *name, size_t sz)
{
	const char *base = strrchr(path, '/');
	char buf[128];

	snprintf(buf, sizeof(buf), "%s", base ? base + 1 : path);
	if (strchr(buf + (*buf == '.'), '.'))
		*strchr(buf + (*buf == '.'), '.') = 0;
	skel_ident(buf, name, sz);
}

static int do_skeleton(int argc, char **argv)
{
	const char *path = NULL, *name = NULL;
	char def[128];

	for (; argc > 0; NEXT_ARG()) {
		if (!strcmp(*argv, "--name")) {
			if (!opt_value("gen skeleton", argc, argv, "NAME"))
				return EXIT_USAGE;
			NEXT_ARG();
			name = *argv;
		} else if (**argv == '-' || path) {
			p_usage("gen skeleton: unexpected argument '%s'", *argv);
			return EXIT_USAGE;
		} else {
			path = *argv;
		}
	}
	if (!path) {
		p_usage("gen skeleton: which object? (barebpf gen skeleton FILE.o)");
		return EXIT_USAGE;
	}
	if (!name) {
		default_name(path, def, sizeof(def));
		name = def;
	}
	return skel_write_file(stdout, path, name) ? EXIT_FAIL : EXIT_OK;
}

static int do_min_btf(int argc, char **argv)
{
	const char *btf = NULL, *dir = NULL, *out = NULL, **val;
	char **objs = calloc(argc + 1, sizeof(*objs));
	size_t nobj = 0;
	int ret = EXIT_USAGE;

	if (!objs)
		return EXIT_FAIL;
	for (; argc > 0; NEXT_ARG()) {
		val = !strcmp(*argv, "--btf")	    ? &btf
		      : !strcmp(*argv, "--btf-dir") ? &dir
		      : !strcmp(*argv, "--out")	    ? &out
						    : NULL;
		if (val) {
			if (!opt_value("gen min-btf", argc, argv,
				       !strcmp(*argv, "--btf") ? "PATH" : "DIR"))
				goto out;
			NEXT_ARG();
			*val = *argv;
		} else if (**argv != '-') {
			objs[nobj++] = *argv;
		} else {
			p_usage("gen min-btf: unexpected argument '%s'", *argv);
			goto out;
		}
	}
	if (!nobj || (!btf == !dir) || !out)
		p_usage("gen min-btf: %s (gen min-btf OBJ... --btf PATH|--btf-dir DIR --out DIR)",
			!nobj	       ? "which objects?"
			: !btf == !dir ? "one of --btf PATH or --btf-dir DIR"
				       : "where to? --out DIR");
	else
		ret = gen_min_btf((const char *const *)objs, nobj, btf, dir, out);
out:
	free(objs);
	return ret;
}

const struct cmd gen_cmds[] = {
	{ "skeleton", do_skeleton, "a C header embedding an object, with typed access to it",
	  skeleton_usage },
	{ "initramfs", do_gen_initramfs, "a cpio archive with this static binary as /init",
	  gen_initramfs_usage },
	{ "min-btf", do_min_btf, "per kernel, the smallest BTF the objects' CO-RE relocations need",
	  "Usage: barebpf gen min-btf OBJ... (--btf PATH | --btf-dir DIR) --out DIR\n"
	  "  for each target BTF (PATH, or every BTF under DIR: a btfhub tree or a folder of\n"
	  "  .btf, .btf.gz and vmlinux files), the smallest BTF on which every CO-RE\n"
	  "  relocation of the objects decides as on the full one: the types, members and\n"
	  "  enum values they touch. Written to DIR's layout under --out, .btf.gz when the\n"
	  "  input was, else .btf; one line per target with both sizes. Give it to\n"
	  "  load/run/trace with --btf or --btf-dir on kernels that ship no BTF.\n" },
	{ 0 },
};

int do_gen(int argc, char **argv)
{
	return cmd_select(gen_cmds, argc, argv, "gen command");
}

/* ---- gen initramfs ---- */

const char gen_initramfs_usage[] =
	"Usage: barebpf gen initramfs [--out FILE] [--as-init|--as-tool] [--binary FILE]\n"
	"  a newc cpio archive (gzip it or not: the kernel takes both) holding this\n"
	"  static binary (or --binary FILE) as /init with the directories it mounts on\n"
	"  and /dev/console (--as-init, the default: boot it as the initramfs, see\n"
	"  `barebpf init`), or as /barebpf alone (--as-tool: to append to an existing\n"
	"  initramfs, the kernel reads concatenated archives; boot with rdinit=/barebpf).\n"
	"  Written to --out FILE, or to stdout when that is not a terminal.\n";

static int write_archive(const char *out, const struct cpio *c)
{
	FILE *f = out ? fopen(out, "wbe") : stdout;
	int err;

	if (!f) {
		p_err("gen initramfs: %s: %s", out, strerror(errno));
		return EXIT_FAIL;
	}
	err = fwrite(c->buf, 1, c->len, f) != c->len;
	err |= out ? fclose(f) != 0 : fflush(f) != 0;
	if (err)
		p_err("gen initramfs: writing %s: %s", out ? out : "stdout", strerror(errno));
	return err ? EXIT_FAIL : EXIT_OK;
}

static int gen_initramfs(const char *bin_path, const char *out, bool as_init)
{
	struct cpio c = { 0 };
	unsigned char *bin = NULL;
	size_t sz = 0;
	int err, ret = EXIT_FAIL;

	if (file_read(bin_path, &bin, &sz))
		; /* said why */
	else if ((err = initramfs_archive(&c, bin, sz, as_init)))
		p_err("gen initramfs: %s: %s", bin_path,
		      err == -ENOEXEC ? "not a static ELF executable (a dynamic one cannot run "
					"in an initramfs: use the static build, make static-build)"
				      : bbpf_strerror(err));
	else
		ret = write_archive(out, &c);
	cpio_free(&c);
	free(bin);
	return ret;
}

int do_gen_initramfs(int argc, char **argv)
{
	const char *out = NULL, *bin = "/proc/self/exe";
	bool as_init = true;

	for (; argc > 0; NEXT_ARG()) {
		if (!strcmp(*argv, "--as-init") || !strcmp(*argv, "--as-tool")) {
			as_init = !strcmp(*argv, "--as-init");
		} else if (!strcmp(*argv, "--out") || !strcmp(*argv, "--binary")) {
			if (!opt_value("gen initramfs", argc, argv, "FILE"))
				return EXIT_USAGE;
			*(!strcmp(*argv, "--out") ? &out : &bin) = argv[1];
			NEXT_ARG();
		} else {
			p_usage("gen initramfs: unexpected argument '%s'", *argv);
			return EXIT_USAGE;
		}
	}
	if (!out && isatty(STDOUT_FILENO)) {
		p_usage("gen initramfs: stdout is a terminal: --out FILE, or redirect it");
		return EXIT_USAGE;
	}
	return gen_initramfs(bin, out, as_init);
}
