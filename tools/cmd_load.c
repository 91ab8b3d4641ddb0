// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf load OBJ [--btf PATH] [--btf-dir DIR] [--pin-dir DIR] [-v]
 *
 * Loads every program and map of OBJ and prints one line for each:
 *	prog <name> <type> id <id>
 *	map <name> <type> id <id>
 * With --pin-dir DIR, pins maps at DIR/maps/<name> and programs at
 * DIR/progs/<name> and returns (the pins keep them alive); without it the
 * kernel objects go away when the command exits. -v prints the whole
 * verifier log of a failing program and the loader's debug messages.
 * --set, --only, --skip and --map are part of the contract but not
 * implemented yet: they fail with a message saying so.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "args.h"
#include "cmds.h"

struct load_args {
	const char *obj;
	const char *pin_dir;
	struct bbpf_obj_load_opts opts;
};

static const char *const not_yet[] = { "--set", "--only", "--skip", "--map" };

static int parse_args(int argc, char **argv, struct load_args *a)
{
	size_t i;

	for (; argc > 0; NEXT_ARG()) {
		for (i = 0; i < sizeof(not_yet) / sizeof(not_yet[0]); i++)
			if (!strcmp(*argv, not_yet[i])) {
				p_err("load: %s is not supported yet", *argv);
				return EXIT_FAIL;
			}
		if (!strcmp(*argv, "-v") || !strcmp(*argv, "--verbose")) {
			cli.verbose = a->opts.log_all = true;
		} else if (!strcmp(*argv, "--btf") || !strcmp(*argv, "--btf-dir") ||
			   !strcmp(*argv, "--pin-dir")) {
			if (argc < 2) {
				p_usage("load: %s needs an argument", *argv);
				return EXIT_USAGE;
			}
			if (!strcmp(*argv, "--btf"))
				a->opts.btf_path = argv[1];
			else if (!strcmp(*argv, "--btf-dir"))
				a->opts.btf_dir = argv[1];
			else
				a->pin_dir = argv[1];
			NEXT_ARG();
		} else if (!a->obj && **argv != '-') {
			a->obj = *argv;
		} else {
			p_usage("load: unexpected argument '%s'", *argv);
			return EXIT_USAGE;
		}
	}
	if (!a->obj) {
		p_usage("load: which object? (load OBJ [--btf PATH] [--pin-dir DIR] [-v])");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static unsigned int prog_id(int fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bbpf_sys_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static unsigned int map_id(int fd)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bbpf_sys_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static void print_loaded(const struct bbpf_obj *obj)
{
	const struct bbpf_prog *p;
	const struct bbpf_map *m;
	const char *t;
	size_t i;

	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++) {
		p = bbpf_obj_prog(obj, i);
		if (bbpf_prog_fd(p) < 0)
			continue;
		t = bbpf_prog_type_str(bbpf_prog_type(p));
		printf("prog %s %s id %u\n", bbpf_prog_name(p), t ? t : "?",
		       prog_id(bbpf_prog_fd(p)));
	}
	for (i = 0; i < bbpf_obj_map_cnt(obj); i++) {
		m = bbpf_obj_map(obj, i);
		t = bbpf_map_type_str(bbpf_map_def(m)->type);
		printf("map %s %s id %u\n", bbpf_map_name(m), t ? t : "?", map_id(bbpf_map_fd(m)));
	}
}

int do_load(int argc, char **argv)
{
	struct load_args a = { .opts = { .sz = sizeof(a.opts) } };
	struct bbpf_obj *obj = NULL;
	int err;

	err = parse_args(argc, argv, &a);
	if (err)
		return err;
	err = bbpf_obj_open_file(a.obj, NULL, &obj);
	if (err)
		return EXIT_FAIL; /* the library said what is wrong with it */
	err = bbpf_obj_load(obj, &a.opts);
	if (!err && a.pin_dir)
		err = bbpf_obj_pin_all(obj, a.pin_dir);
	if (err)
		p_err("%s: load failed: %s", a.obj, bbpf_strerror(err));
	else
		print_loaded(obj);
	bbpf_obj_close(obj);
	return err ? EXIT_FAIL : EXIT_OK;
}
