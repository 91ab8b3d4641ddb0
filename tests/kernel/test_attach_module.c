// SPDX-License-Identifier: BSD-2-Clause
/*
 * Attaching to a kernel module's function (tests/progs/attach_module.bpf.c),
 * in the qemu matrix's guests: the test loads the kernel's own veth.ko
 * (/lib/modules/veth.ko, tests/matrix/fetch.sh keeps it), then
 *   - fentry and fexit on veth_open, found by name in veth's BTF and loaded
 *     with it as attach_btf_obj_fd; making a veth pair and setting both ends
 *     up calls it twice;
 *   - the fentry program reads dev -> veth_priv -> peer (address, name), with
 *     struct veth_priv relocated against the module's BTF (vmlinux has no
 *     such type), and holds &veth_open (an untyped __ksym from kallsyms);
 *   - `barebpf run` names the module in its line: fentry veth:veth_open;
 *   - after detach and delete_module the kernel holds nothing more than
 *     before (program, map, link and BTF ids: the module's BTF goes too).
 * Where the module has no BTF (Debian 5.10: no CONFIG_DEBUG_INFO_BTF_MODULES)
 * the load must fail, naming the function and the module without BTF.
 * Skips where there is no /lib/modules/veth.ko (the host: no modules).
 *
 * No tp_btf case: veth (like every small module without dependencies in
 * Debian's packages) defines no tracepoint. No kfunc case: veth registers
 * no kfuncs, and module BTF has no VARs but per-CPU ones (veth has none).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <barebpf/link.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "../helpers/cli_child.h"
#include "../helpers/kmod.h"
#include "../helpers/kstate.h"
#include "../helpers/ktest.h"
#include "../helpers/netns.h"

#define OBJ	"build/progs/attach_module.bpf.o"
#define MODULE	"veth"
#define KO_PATH "/lib/modules/veth.ko"

struct fix {
	struct kstate before; /* before the module was loaded */
	bool loaded;	      /* by this test: unloaded at the end */
};

static const char *skip_why;
static struct fix fix;

static bool has_module_btf(void)
{
	return !access("/sys/kernel/btf/" MODULE, F_OK);
}

/*
 * Module BTF is split on the kernel's own vmlinux BTF: the matrix's nobtf
 * run hides /sys/kernel/btf/vmlinux (an empty file over it), and a kernel
 * without vmlinux BTF has no module BTF either, so that run has none to use.
 */
static bool sysfs_vmlinux_btf(void)
{
	struct stat st;

	return !stat("/sys/kernel/btf/vmlinux", &st) && st.st_size > 0;
}

/* Skips unless module targets can be attached here. */
#define NEED_MODULE_BTF()                                                                   \
	do {                                                                                \
		if (!has_module_btf() || !sysfs_vmlinux_btf()) {                            \
			print_message("[ SKIP     ] %s\n",                                    \
				      !has_module_btf()                                     \
					      ? "no /sys/kernel/btf/" MODULE ": no module BTF " \
						"(test_no_module_btf checks the error)"     \
					      : "/sys/kernel/btf/vmlinux hidden (the nobtf "    \
						"run): module BTF is split on it");         \
			skip();                                                             \
		}                                                                           \
	} while (0)

#define NEED_MODULE()                                                    \
	do {                                                             \
		if (skip_why) {                                          \
			print_message("[ SKIP     ] %s\n", skip_why);    \
			skip();                                          \
		}                                                        \
	} while (0)

static int group_setup(void **state)
{
	static char why[256];
	int err;

	(void)state;
	if (access(KO_PATH, R_OK)) {
		skip_why = "no " KO_PATH ": only the qemu matrix's guests carry a module "
			   "(tests/matrix/fetch.sh keeps their kernel's veth.ko)";
		return 0;
	}
	if (kmod_loaded(MODULE)) {
		skip_why = MODULE " is loaded already (not by this test): left alone";
		return 0;
	}
	kstate_settle(&fix.before);
	err = kmod_load(KO_PATH);
	if (err) {
		snprintf(why, sizeof(why), "finit_module(%s): %s", KO_PATH, strerror(-err));
		skip_why = why;
		return 0;
	}
	fix.loaded = true;
	return 0;
}

/* The module goes, and with it everything the tests made. */
static int group_teardown(void **state)
{
	int err;

	(void)state;
	if (!fix.loaded)
		return 0;
	err = kmod_unload(MODULE);
	if (err) {
		fprintf(stderr, "delete_module(%s): %s\n", MODULE, strerror(-err));
		return -1;
	}
	if (kmod_loaded(MODULE) || has_module_btf()) {
		fprintf(stderr, "%s still there after delete_module\n", MODULE);
		return -1;
	}
	return kstate_wait_same(&fix.before) ? 0 : -1;
}

static const struct bbpf_prog *prog(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_prog(obj, name);

	assert_true(i >= 0);
	return bbpf_obj_prog(obj, (size_t)i);
}

/* attach_module.bpf.c's `out`, its .bss. */
struct out {
	__u64 entered, exited, open_addr;
	__s64 last_ret;
	__u64 dev[2], peer[2];
	char dev_name[2][16], peer_name[2][16];
};

static struct out read_out(const struct bbpf_obj *obj)
{
	int idx = bbpf_obj_find_map(obj, ".bss");
	struct out o;
	__u32 zero = 0;

	assert_true(idx >= 0);
	assert_int_equal(bbpf_sys_map_lookup_elem(bbpf_map_fd(bbpf_obj_map(obj, (size_t)idx)),
						  &zero, &o, 0),
			 0);
	return o;
}

/* veth_open's address in kallsyms, where it is listed as veth's ("[veth]"). */
static unsigned long long kallsyms_addr(const char *sym)
{
	char line[512], name[256], mod[64];
	unsigned long long addr = 0, a;
	FILE *f = fopen("/proc/kallsyms", "re");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %*s %255s [%63[^]]]", &a, name, mod) == 3 &&
		    !strcmp(name, sym) && !strcmp(mod, MODULE))
			addr = a;
	if (f)
		fclose(f);
	return addr;
}

static int load(struct bbpf_obj **out)
{
	__u32 tgid = (__u32)getpid();
	struct bbpf_obj *obj = NULL;

	assert_int_equal(bbpf_obj_open_file(OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "tgid", &tgid, sizeof(tgid)), 0);
	*out = obj;
	return bbpf_obj_load(obj, ktest_load_opts());
}

static void test_fentry_fexit(void **state)
{
	struct bbpf_link *in = NULL, *ret = NULL;
	struct bbpf_obj *obj;
	struct netns ns;
	struct out o;
	int i;

	(void)state;
	NEED_MODULE();
	NEED_MODULE_BTF();
	assert_int_equal(load(&obj), 0);
	assert_int_equal(bbpf_prog_attach(prog(obj, "on_veth_open"), NULL, &in), 0);
	assert_int_equal(bbpf_prog_attach(prog(obj, "on_veth_open_ret"), NULL, &ret), 0);
	assert_string_equal(bbpf_link_hook(in), "fentry");
	assert_string_equal(bbpf_link_target(in), MODULE ":veth_open");
	assert_string_equal(bbpf_link_hook(ret), "fexit");
	assert_string_equal(bbpf_link_target(ret), MODULE ":veth_open");

	assert_int_equal(netns_setup(&ns), 0); /* veth1 up, then veth0 up */
	o = read_out(obj);
	netns_teardown(&ns);
	assert_int_equal(o.entered, 2);
	assert_int_equal(o.exited, 2);
	assert_int_equal(o.last_ret, 0);
	/* Through struct veth_priv (the module's type): each end's peer is the other end. */
	for (i = 0; i < 2; i++)
		print_message("veth_open #%d: %s at 0x%llx, its peer %s at 0x%llx\n", i,
			      o.dev_name[i], (unsigned long long)o.dev[i], o.peer_name[i],
			      (unsigned long long)o.peer[i]);
	assert_string_equal(o.dev_name[0], "veth1"); /* netns.c sets veth1 up first */
	assert_string_equal(o.peer_name[0], "veth0");
	assert_string_equal(o.dev_name[1], "veth0");
	assert_string_equal(o.peer_name[1], "veth1");
	assert_true(o.dev[0] && o.dev[1] && o.dev[0] != o.dev[1]);
	assert_true(o.peer[0] == o.dev[1] && o.peer[1] == o.dev[0]);
	/* The __ksym: kallsyms' address of veth's veth_open. */
	assert_true(o.open_addr != 0);
	assert_int_equal(o.open_addr, kallsyms_addr("veth_open"));

	assert_int_equal(bbpf_link_destroy(in), 0);
	assert_int_equal(bbpf_link_destroy(ret), 0);
	assert_int_equal(netns_setup(&ns), 0); /* detached: not counted */
	netns_teardown(&ns);
	assert_int_equal(read_out(obj).entered, 2);
	bbpf_obj_close(obj);
}

/* `barebpf run` names the module of its fentry/fexit targets. */
static void test_run_names_module(void **state)
{
	const char *cli = cli_path();
	char out[8192];
	int st;

	(void)state;
	NEED_MODULE();
	NEED_MODULE_BTF();
	if (!cli) {
		print_message("[ SKIP     ] no barebpf CLI\n");
		skip();
	}
	{
		const char *args[] = { cli, "run", OBJ, "--duration", "1", NULL };

		st = cli_run(args, out, sizeof(out));
	}
	print_message("%s", out);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "on_veth_open -> fentry " MODULE ":veth_open ("));
	assert_non_null(strstr(out, "on_veth_open_ret -> fexit " MODULE ":veth_open ("));
}

/* The warnings of @msgs, one line each (the debug lines are too many for the console). */
static void print_warnings(const char *msgs)
{
	const char *p = msgs, *nl;

	for (; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (!strncmp(p, "W:", 2))
			print_message("%.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
	}
}

/* Without module BTF the load fails and says which function and why. */
static void test_no_module_btf(void **state)
{
	struct bbpf_obj *obj;
	int err;

	(void)state;
	NEED_MODULE();
	if (has_module_btf()) {
		print_message("[ SKIP     ] the kernel has module BTF (test_fentry_fexit attaches)\n");
		skip();
	}
	ktest_capture_start();
	err = load(&obj);
	ktest_capture_stop();
	print_message("load: %s\n", bbpf_strerror(err));
	print_warnings(ktest_msgs);
	assert_int_equal(err, -ENOENT);
	assert_non_null(strstr(ktest_msgs, "'veth_open'"));
	assert_non_null(strstr(ktest_msgs, "module " MODULE " (kallsyms) has no BTF"));
	bbpf_obj_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fentry_fexit),
		cmocka_unit_test(test_run_names_module),
		cmocka_unit_test(test_no_module_btf),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
