// SPDX-License-Identifier: BSD-2-Clause
/*
 * Extern resolution against this host: the real kernel config (through
 * loader/kernel/kconfig_kallsyms.c: /proc/config.gz or /boot/config-*), the real
 * /proc/kallsyms, uname's release and /sys/kernel/btf/vmlinux, with the
 * committed tests/fixtures/obj/externs.bpf.o. No program is loaded.
 *
 * What this kernel has decides some answers: data symbols such as init_task
 * are in kallsyms only with CONFIG_KALLSYMS_ALL; the bpf_rcu_read_lock kfunc
 * exists from 6.2 on. The test reads those facts and expects accordingly.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <cmocka.h>

#include <barebpf/btf.h>
#include <barebpf/obj.h>
#include "../../loader/obj/internal.h"
#include "../../loader/load/externs.h"
#include "../helpers/fixture.h"

static char *config, *syms;
static size_t config_sz, syms_sz;

static int setup(void **state)
{
	(void)state;
	if (bbpf__kconfig_read(&config, &config_sz)) {
		fprintf(stderr, "no kernel config: neither /proc/config.gz nor /boot/config-*\n");
		return -1;
	}
	return bbpf__kallsyms_read(&syms, &syms_sz);
}

static int teardown(void **state)
{
	(void)state;
	free(config);
	free(syms);
	return 0;
}

static bool config_is(const char *name, const char *val)
{
	const char *v;
	size_t len;

	return !bbpf__kconfig_find(config, config_sz, name, &v, &len) && len == strlen(val) &&
	       !memcmp(v, val, len);
}

static void test_host_kconfig(void **state)
{
	uint8_t b = 0;
	const char *v;
	size_t len;

	(void)state;
	assert_true(config_sz > 1000);
	assert_int_equal(bbpf__kconfig_find(config, config_sz, "CONFIG_BPF", &v, &len), 0);
	assert_int_equal(bbpf__kconfig_encode("CONFIG_BPF", v, len, BBPF_KCFG_BOOL, 1, false, &b),
			 0);
	assert_int_equal(b, 1);
	assert_true(config_is("CONFIG_BPF_SYSCALL", "y"));
	assert_int_equal(bbpf__kconfig_find(config, config_sz, "CONFIG_NO_SUCH_OPTION_X", &v, &len),
			 -ENOENT);
}

static void test_host_kallsyms(void **state)
{
	struct utsname u;
	uint64_t a = 0;
	int err;

	(void)state;
	assert_int_equal(bbpf__kallsyms_find(syms, syms_sz, "bpf_prog_put", &a), 0);
	assert_true(a != 0);
	/* A data symbol: listed only with CONFIG_KALLSYMS_ALL. */
	err = bbpf__kallsyms_find(syms, syms_sz, "init_task", &a);
	assert_int_equal(err, config_is("CONFIG_KALLSYMS_ALL", "y") ? 0 : -ENOENT);
	assert_int_equal(uname(&u), 0);
	if (!strcmp(u.machine, "x86_64") || !strcmp(u.machine, "aarch64"))
		assert_true(bbpf__kallsyms_has_syscall_wrapper(syms, syms_sz));
}

static bool vmlinux_has(const struct bbpf_btf *vm, const char *name, int kind)
{
	return vm && bbpf_btf_find_by_name_kind(vm, name, kind) > 0;
}

/* externs.bpf.o resolved through bbpf__extern_env_host(), as the loader does. */
static void test_host_resolve(void **state)
{
	struct bbpf__extern_env env = { .has_syscall_wrapper = -1 };
	struct bbpf__extern_vals *v = NULL;
	struct bbpf_btf *vm = NULL;
	struct bbpf_obj *obj = NULL;
	const struct bbpf_extern *x;
	uint32_t code, want_code;
	struct utsname u;
	bool typed_ok;
	size_t i;
	int err;

	(void)state;
	assert_int_equal(uname(&u), 0);
	assert_int_equal(bbpf__kernel_version_parse(u.release, &want_code), 0);
	assert_int_equal(bbpf_obj_open_file(fixture_path("obj/externs.bpf.o"), NULL, &obj), 0);
	assert_int_equal(bbpf__extern_env_host(obj, &env), 0);
	assert_non_null(env.kconfig);
	assert_non_null(env.kallsyms);
	if (bbpf_btf_open("/sys/kernel/btf/vmlinux", NULL, NULL, &vm))
		vm = NULL;
	env.vmlinux = vm;
	typed_ok = vmlinux_has(vm, "bpf_prog_active", BTF_KIND_VAR) &&
		   vmlinux_has(vm, "bpf_rcu_read_lock", BTF_KIND_FUNC);
	err = bbpf__externs_resolve(obj, &env, &v);
	if (!typed_ok) {
		/* Too old for the kfunc (or no BTF): the non-weak ksyms must fail. */
		assert_int_equal(err, -ESRCH);
		goto out;
	}
	assert_int_equal(err, 0);
	for (i = 0; i < bbpf_obj_extern_cnt(obj); i++) {
		x = bbpf_obj_extern(obj, i);
		if (!strcmp(x->name, "LINUX_KERNEL_VERSION")) {
			memcpy(&code, (char *)v->kcfg + x->kcfg_off, 4);
			assert_int_equal(code, want_code);
		} else if (!strcmp(x->name, "CONFIG_BPF_SYSCALL")) {
			assert_int_equal(((uint8_t *)v->kcfg)[x->kcfg_off], 1);
		} else if (!strcmp(x->name, "init_task")) {
			assert_int_equal(v->res[i].resolved, config_is("CONFIG_KALLSYMS_ALL", "y"));
		} else if (!strcmp(x->name, "bpf_prog_active") ||
			   !strcmp(x->name, "bpf_rcu_read_lock")) {
			assert_true(v->res[i].resolved && v->res[i].btf_id > 0);
		}
	}
out:
	bbpf__extern_vals_free(v);
	bbpf__extern_env_release(&env);
	bbpf_btf_free(vm);
	bbpf_obj_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_kconfig),
		cmocka_unit_test(test_host_kallsyms),
		cmocka_unit_test(test_host_resolve),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
