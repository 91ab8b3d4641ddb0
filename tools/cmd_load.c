// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf load OBJ [--btf PATH] [--btf-dir DIR] [--pin-dir DIR]
 *                  [--set VAR=VALUE]... [--only PROG]... [--skip PROG]...
 *                  [--map NAME.max_entries=N|NAME.value_size=N]... [-v]
 *
 * Loads every program and map of OBJ and prints one line for each:
 *	prog <name> <type> id <id>
 *	map <name> <type> id <id>
 * With --pin-dir DIR, pins maps at DIR/maps/<name> and programs at
 * DIR/progs/<name> and returns (the pins keep them alive); without it the
 * kernel objects go away when the command exits. -v prints the whole
 * verifier log of a failing program and the loader's debug messages.
 * Before load: --set writes a .rodata/.data variable by its BTF name (type-
 * and size-checked), --only/--skip choose programs by function name, --map
 * sets a map's max_entries or value_size. A malformed argument is a usage
 * error (exit 2), checked before OBJ is opened; a well-formed one the object
 * refuses (no such variable, program or map; a value that does not fit) is
 * a failure (exit 1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "args.h"
#include "cmds.h"

/* The repeatable options, in command-line order; each array holds up to argc entries. */
enum { OPT_SET, OPT_ONLY, OPT_SKIP, OPT_MAP, OPT_CNT };

struct load_args {
	const char *obj;
	const char *pin_dir;
	struct bbpf_obj_load_opts opts;
	const char **list[OPT_CNT];
	size_t cnt[OPT_CNT];
};

static const char *const opt_names[OPT_CNT] = { "--set", "--only", "--skip", "--map" };
static const char *const opt_forms[OPT_CNT] = {
	"VAR=VALUE", "a program name", "a program name",
	"NAME.max_entries=N or NAME.value_size=N (N < 2^32)"
};

/* --set/--map syntax, checked without the object. Returns 0 or EXIT_USAGE. */
static int check_syntax(int opt, const char *arg)
{
	char name[256];
	const char *val;
	enum bbpf_map_field field;
	uint32_t n;
	int err = 0;

	if (opt == OPT_SET)
		err = bbpf_opt_parse_set(arg, name, sizeof(name), &val);
	else if (opt == OPT_MAP)
		err = bbpf_opt_parse_map(arg, name, sizeof(name), &field, &n);
	else if (!*arg)
		err = -EINVAL;
	if (!err)
		return 0;
	p_usage("load: %s '%s': expected %s", opt_names[opt], arg, opt_forms[opt]);
	return EXIT_USAGE;
}

/* One of the repeatable options at argv[0]: -1 when it is none of them. */
static int find_opt(const char *arg)
{
	int i;

	for (i = 0; i < OPT_CNT; i++)
		if (!strcmp(arg, opt_names[i]))
			return i;
	return -1;
}

static int parse_one(int argc, char **argv, struct load_args *a)
{
	int opt = find_opt(*argv);

	if (opt >= 0 || !strcmp(*argv, "--btf") || !strcmp(*argv, "--btf-dir") ||
	    !strcmp(*argv, "--pin-dir")) {
		if (argc < 2) {
			p_usage("load: %s needs an argument", *argv);
			return -EXIT_USAGE;
		}
		if (opt >= 0) {
			a->list[opt][a->cnt[opt]++] = argv[1];
			return check_syntax(opt, argv[1]) ? -EXIT_USAGE : 2;
		}
		if (!strcmp(*argv, "--btf"))
			a->opts.btf_path = argv[1];
		else if (!strcmp(*argv, "--btf-dir"))
			a->opts.btf_dir = argv[1];
		else
			a->pin_dir = argv[1];
		return 2;
	}
	if (!strcmp(*argv, "-v") || !strcmp(*argv, "--verbose")) {
		cli.verbose = a->opts.log_all = true;
	} else if (!a->obj && **argv != '-') {
		a->obj = *argv;
	} else {
		p_usage("load: unexpected argument '%s'", *argv);
		return -EXIT_USAGE;
	}
	return 1;
}

static int parse_args(int argc, char **argv, struct load_args *a)
{
	int i, used;

	for (i = 0; i < OPT_CNT; i++) {
		a->list[i] = calloc((size_t)argc + 1, sizeof(char *));
		if (!a->list[i]) {
			p_err("load: out of memory");
			return EXIT_FAIL;
		}
	}
	for (; argc > 0; argc -= used, argv += used) {
		used = parse_one(argc, argv, a);
		if (used < 0)
			return -used;
	}
	if (!a->obj) {
		p_usage("load: which object? (load OBJ [--btf PATH] [--btf-dir DIR] [--pin-dir DIR] "
			"[--set VAR=VALUE]... [--only PROG]... [--skip PROG]... "
			"[--map NAME.max_entries=N|NAME.value_size=N]... [-v])");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* --set, --map, --only/--skip on the opened object. Returns 0 or -errno (logged). */
static int apply_opts(struct bbpf_obj *obj, const struct load_args *a)
{
	const char *what = NULL;
	size_t i;
	int err = 0;

	for (i = 0; i < a->cnt[OPT_SET] && !err; i++)
		err = bbpf_obj_apply_set(obj, what = a->list[OPT_SET][i]);
	for (i = 0; i < a->cnt[OPT_MAP] && !err; i++)
		err = bbpf_obj_apply_map(obj, what = a->list[OPT_MAP][i]);
	if (!err && (a->cnt[OPT_ONLY] || a->cnt[OPT_SKIP])) {
		what = "--only/--skip";
		err = bbpf_obj_select_progs(obj, a->list[OPT_ONLY], a->cnt[OPT_ONLY],
					    a->list[OPT_SKIP], a->cnt[OPT_SKIP]);
	}
	if (err)
		p_err("%s: %s: %s", a->obj, what, bbpf_strerror(err));
	return err;
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
		printf("prog %s %s id %u\n", bbpf_prog_name(p), t, prog_id(bbpf_prog_fd(p)));
	}
	for (i = 0; i < bbpf_obj_map_cnt(obj); i++) {
		m = bbpf_obj_map(obj, i);
		t = bbpf_map_type_str(bbpf_map_def(m)->type);
		printf("map %s %s id %u\n", bbpf_map_name(m), t, map_id(bbpf_map_fd(m)));
	}
}

static int load_and_pin(struct bbpf_obj *obj, const struct load_args *a)
{
	int err;

	err = bbpf_obj_load(obj, &a->opts);
	if (!err && a->pin_dir)
		err = bbpf_obj_pin_all(obj, a->pin_dir);
	if (err) {
		p_err("%s: load failed: %s", a->obj, bbpf_strerror(err));
		return EXIT_FAIL;
	}
	print_loaded(obj);
	return EXIT_OK;
}

int do_load(int argc, char **argv)
{
	struct load_args a = { .opts = { .sz = sizeof(a.opts) } };
	struct bbpf_obj *obj = NULL;
	int err;

	size_t i;

	err = parse_args(argc, argv, &a);
	if (!err && bbpf_obj_open_file(a.obj, NULL, &obj))
		err = EXIT_FAIL; /* the library said what is wrong with it */
	if (!err && apply_opts(obj, &a))
		err = EXIT_FAIL;
	if (!err)
		err = load_and_pin(obj, &a);
	bbpf_obj_close(obj);
	for (i = 0; i < OPT_CNT; i++)
		free(a.list[i]);
	return err;
}
