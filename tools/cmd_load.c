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
 * kernel objects go away when the command exits, which it says (the ids
 * printed are then gone). -v prints the whole verifier log of a failing
 * program and the loader's debug messages. --json (-j) prints one document:
 *	{"object":"x.o","pin_dir":"DIR"|null,"kept":true|false,
 *	 "progs":[{"name":..,"type":..,"id":N}],"maps":[{"name":..,"type":..,"id":N}]}
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
#include <sys/stat.h>
#include <linux/bpf.h>

#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "args.h"
#include "btf_pack.h"
#include "cmds.h"
#include "json.h"

/* The repeatable options, in command-line order; each array holds up to argc entries. */
enum { OPT_SET, OPT_ONLY, OPT_SKIP, OPT_MAP, OPT_CNT };

const char load_usage[] =
	"Usage: barebpf load OBJ [--btf PATH] [--btf-dir DIR] [--pin-dir DIR]\n"
	"                    [--set VAR=VALUE]... [--only PROG]... [--skip PROG]...\n"
	"                    [--map NAME.max_entries=N|NAME.value_size=N]... [-v] [--json]\n"
	"  loads every program and map of OBJ and prints one line for each with its id.\n"
	"  Without --pin-dir they are unloaded when barebpf exits (the ids are then gone);\n"
	"  --pin-dir DIR (on bpffs) keeps them: maps at DIR/maps/NAME, programs at\n"
	"  DIR/progs/NAME.\n"
	"  --btf PATH       target BTF for CO-RE (default: the kernel's); --btf-dir DIR: a\n"
	"                   btfhub tree (DIR/<distro>/<version>/<arch>/<release>.btf)\n"
	"  --btf-pack       target BTF for uname -r from the BTF pack this binary carries\n"
	"                   (make static BTF_PACK=DIR), for kernels that ship none\n"
	"  --set VAR=VALUE  initial value of a .data/.rodata variable (obj show lists them)\n"
	"  --only/--skip    load only / not the named programs (function names)\n"
	"  --map            size a map the object leaves to user space\n"
	"  -v               the whole verifier log of a failing program, and debug messages\n";

struct load_args {
	const char *obj;
	const char *pin_dir;
	bool json;
	bool btf_pack; /* --btf-pack */
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
		if (!opt_value("load", argc, argv,
			       opt >= 0			 ? opt_forms[opt]
			       : !strcmp(*argv, "--btf") ? "PATH"
							 : "DIR"))
			return -EXIT_USAGE;
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
		cli_set_verbose();
		a->opts.log_all = true;
	} else if (is_json_flag(*argv)) {
		a->json = true;
	} else if (!strcmp(*argv, "--btf-pack")) {
		a->btf_pack = true;
	} else if (!a->obj && **argv != '-') {
		a->obj = *argv;
	} else {
		p_usage("load: unexpected argument '%s'", *argv);
		return -EXIT_USAGE;
	}
	return 1;
}

/* @path of option @opt must exist, and be a directory or not as @dir says. */
static int check_path(const char *opt, const char *path, bool dir)
{
	struct stat st;

	if (!path)
		return EXIT_OK;
	if (stat(path, &st)) {
		p_err("load: %s %s: %s", opt, path, bbpf_strerror(-errno));
		return EXIT_FAIL;
	}
	if (!S_ISDIR(st.st_mode) != !dir) {
		p_err("load: %s %s: %s", opt, path, dir ? "not a directory" : "is a directory");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* --btf must be a file and --btf-dir a directory, whether or not the object needs them. */
static int check_paths(const struct load_args *a)
{
	return check_path("--btf", a->opts.btf_path, false)
		       ?: check_path("--btf-dir", a->opts.btf_dir, true);
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
			"[--map NAME.max_entries=N|NAME.value_size=N]... [-v] [--json])");
		return EXIT_USAGE;
	}
	return check_paths(a)
		       ?: (btf_pack_use(&a->opts.btf_path, a->opts.btf_dir, a->btf_pack) ? EXIT_FAIL
											 : EXIT_OK);
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
		p_fail("%s: %s: %s", a->obj, what, bbpf_strerror(err));
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

/* One line of the text form, or one element of the JSON form's list. */
static void print_one(const char *what, const char *name, const char *type, unsigned int id,
		      bool json, size_t *n)
{
	bool first = true;

	if (!json) {
		printf("%s %s %s id %u\n", what, name, type ? type : "?", id);
		return;
	}
	printf("%s{", (*n)++ ? "," : "");
	json_kv_str("name", name, &first);
	json_kv_str("type", type ? type : "?", &first);
	json_kv_u64("id", id, &first);
	putchar('}');
}

static void print_loaded(const struct bbpf_obj *obj, const struct load_args *a)
{
	const struct bbpf_prog *p;
	const struct bbpf_map *m;
	bool first = true;
	size_t i, n = 0;

	if (a->json) {
		putchar('{');
		json_kv_str("object", a->obj, &first);
		a->pin_dir ? json_kv_str("pin_dir", a->pin_dir, &first)
			   : json_kv_null("pin_dir", &first);
		json_kv_bool("kept", a->pin_dir, &first);
		json_key("progs", &first);
		putchar('[');
	}
	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++) {
		p = bbpf_obj_prog(obj, i);
		if (bbpf_prog_fd(p) >= 0)
			print_one("prog", bbpf_prog_name(p), bbpf_prog_type_str(bbpf_prog_type(p)),
				  prog_id(bbpf_prog_fd(p)), a->json, &n);
	}
	if (a->json) {
		printf("],\"maps\":[");
		n = 0;
	}
	for (i = 0; i < bbpf_obj_map_cnt(obj); i++) {
		m = bbpf_obj_map(obj, i);
		print_one("map", bbpf_map_name(m), bbpf_map_type_str(bbpf_map_def(m)->type),
			  map_id(bbpf_map_fd(m)), a->json, &n);
	}
	if (a->json)
		printf("]}\n");
}

static int load_and_pin(struct bbpf_obj *obj, const struct load_args *a)
{
	int err;

	err = bbpf_obj_load(obj, &a->opts);
	if (!err && a->pin_dir)
		err = bbpf_obj_pin_all(obj, a->pin_dir);
	if (err) {
		p_fail("%s: load failed: %s", a->obj, bbpf_strerror(err));
		return EXIT_FAIL;
	}
	print_loaded(obj, a);
	if (!a->pin_dir)
		p_info("barebpf: loaded; unloaded again as barebpf exits (the ids above are then gone): use --pin-dir DIR to keep them");
	return EXIT_OK;
}

int do_load(int argc, char **argv)
{
	struct load_args a = { .opts = { .sz = sizeof(a.opts) }, .json = cli.json };
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
