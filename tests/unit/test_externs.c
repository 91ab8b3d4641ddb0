// SPDX-License-Identifier: BSD-2-Clause
/*
 * Extern resolution (loader/externs*.c), all from data: the kconfig and
 * kallsyms parsers on tables of lines, and the resolver on the committed
 * tests/fixtures/obj/externs*.bpf.o against kernel BTF built here
 * (vmlinux + one module) and text given in the test.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <barebpf/obj.h>
#include <barebpf/btf.h>
#include "internal/compiler.h"
#include "../../loader/obj/internal.h"
#include "../../loader/load/externs.h"
#include "../helpers/btf_build.h"
#include "../helpers/fixture.h"
#include "../helpers/log_capture.h"

/* ------------------------------------------------------------------ */
/* kconfig values                                                      */
/* ------------------------------------------------------------------ */

struct kcfg_case {
	const char *val;
	uint32_t type, size;
	bool sgn;
	int err;
	uint64_t want; /* the bytes written, read back as a little number */
};

static const struct kcfg_case kcfg_cases[] = {
	{ "y", BBPF_KCFG_BOOL, 1, false, 0, 1 },
	{ "m", BBPF_KCFG_BOOL, 1, false, 0, 1 },
	{ "n", BBPF_KCFG_BOOL, 1, false, 0, 0 },
	{ "1", BBPF_KCFG_BOOL, 1, false, 0, 1 },
	{ "2", BBPF_KCFG_BOOL, 1, false, -E2BIG, 0 },
	{ "y", BBPF_KCFG_TRISTATE, 4, false, 0, BBPF_TRI_YES },
	{ "m", BBPF_KCFG_TRISTATE, 4, false, 0, BBPF_TRI_MODULE },
	{ "n", BBPF_KCFG_TRISTATE, 4, false, 0, BBPF_TRI_NO },
	{ "5", BBPF_KCFG_TRISTATE, 4, false, -EINVAL, 0 },
	{ "y", BBPF_KCFG_CHAR, 1, false, 0, 'y' },
	{ "m", BBPF_KCFG_CHAR, 1, false, 0, 'm' },
	{ "y", BBPF_KCFG_INT, 4, true, -EINVAL, 0 },
	{ "250", BBPF_KCFG_INT, 4, true, 0, 250 },
	{ "0x1f", BBPF_KCFG_INT, 2, false, 0, 0x1f },
	{ "017", BBPF_KCFG_INT, 4, false, 0, 15 },
	{ "-5", BBPF_KCFG_INT, 4, true, 0, 0xfffffffb },
	{ "-5", BBPF_KCFG_INT, 4, false, -E2BIG, 0 },
	{ "-1", BBPF_KCFG_INT, 8, true, 0, UINT64_MAX },
	{ "65535", BBPF_KCFG_INT, 2, false, 0, 65535 },
	{ "65536", BBPF_KCFG_INT, 2, false, -E2BIG, 0 },
	{ "32767", BBPF_KCFG_INT, 2, true, 0, 32767 },
	{ "32768", BBPF_KCFG_INT, 2, true, -E2BIG, 0 },
	{ "-32768", BBPF_KCFG_INT, 2, true, 0, 0x8000 },
	{ "-32769", BBPF_KCFG_INT, 2, true, -E2BIG, 0 },
	{ "4294967295", BBPF_KCFG_INT, 4, false, 0, 0xffffffff },
	{ "4294967296", BBPF_KCFG_INT, 4, false, -E2BIG, 0 },
	{ "18446744073709551615", BBPF_KCFG_INT, 8, false, 0, UINT64_MAX },
	{ "18446744073709551616", BBPF_KCFG_INT, 8, false, -E2BIG, 0 },
	{ "9223372036854775808", BBPF_KCFG_INT, 8, true, -E2BIG, 0 },
	{ "123456789012345678901234567890123", BBPF_KCFG_INT, 8, false, -E2BIG, 0 },
	{ "12abc", BBPF_KCFG_INT, 4, false, -EINVAL, 0 },
	{ "", BBPF_KCFG_INT, 4, false, -EINVAL, 0 },
	{ "+3", BBPF_KCFG_INT, 4, false, -EINVAL, 0 },
	{ "200", BBPF_KCFG_CHAR, 1, false, 0, 200 },
	{ "300", BBPF_KCFG_CHAR, 1, false, -E2BIG, 0 },
	{ "\"str\"", BBPF_KCFG_INT, 4, false, -EINVAL, 0 },
	{ "\"unterminated", BBPF_KCFG_CHAR_ARR, 8, false, -EINVAL, 0 },
	{ "7", BBPF_KCFG_CHAR_ARR, 8, false, -EINVAL, 0 },
	{ "y", BBPF_KCFG_CHAR_ARR, 8, false, -EINVAL, 0 },
};

static void test_kconfig_encode(void **state)
{
	size_t i;

	(void)state;
	log_capture_start(BBPF_WARN);
	for (i = 0; i < ARRAY_SIZE(kcfg_cases); i++) {
		const struct kcfg_case *c = &kcfg_cases[i];
		uint64_t got = 0;
		int err;

		log_msgs[0] = '\0';
		err = bbpf__kconfig_encode("CONFIG_T", c->val, strlen(c->val), c->type, c->size,
					   c->sgn, &got);
		if (err != c->err || (!err && got != c->want))
			fail_msg("case %zu '%s': err %d (want %d), value 0x%llx (want 0x%llx)", i,
				 c->val, err, c->err, (unsigned long long)got,
				 (unsigned long long)c->want);
		if (err && !strstr(log_msgs, "CONFIG_T"))
			fail_msg("case %zu '%s': the message does not name the extern: %s", i,
				 c->val, log_msgs);
	}
	log_capture_stop();
}

static void test_kconfig_strings(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(bbpf__kconfig_encode("C", "\"abc\"", 5, BBPF_KCFG_CHAR_ARR, 8, false, buf),
			 0);
	assert_memory_equal(buf, "abc\0\0\0\0\0", 8);
	assert_int_equal(bbpf__kconfig_encode("C", "\"\"", 2, BBPF_KCFG_CHAR_ARR, 8, false, buf),
			 0);
	assert_memory_equal(buf, "\0\0\0\0\0\0\0\0", 8);
	/* Too long: cut to fit with its NUL, as libbpf does (with a warning). */
	log_capture_start(BBPF_WARN);
	assert_int_equal(
		bbpf__kconfig_encode("C", "\"0123456789\"", 12, BBPF_KCFG_CHAR_ARR, 8, false, buf),
		0);
	log_capture_stop();
	assert_memory_equal(buf, "0123456\0", 8);
	assert_non_null(strstr(log_msgs, "cut"));
}

static const char config_text[] = "#\n"
				  "# Automatically generated file; DO NOT EDIT.\n"
				  "CONFIG_BPF=y\n"
				  "CONFIG_BPF_SYSCALL=y\n"
				  "CONFIG_BPF_LSM=m\n"
				  "# CONFIG_KASAN is not set\n"
				  "CONFIG_HZ=250\r\n"
				  "CONFIG_LOCALVERSION=\"-test\"\n"
				  "CONFIG_MASK=0x1f\n"
				  "garbage line without equals\n"
				  "CONFIG_EMPTY=\n"
				  "CONFIG_LAST=n";

static void test_kconfig_find(void **state)
{
	static const struct {
		const char *name, *val;
	} cases[] = {
		{ "CONFIG_BPF", "y" },	   { "CONFIG_BPF_SYSCALL", "y" },
		{ "CONFIG_BPF_LSM", "m" }, { "CONFIG_KASAN", "n" },
		{ "CONFIG_HZ", "250" },	   { "CONFIG_LOCALVERSION", "\"-test\"" },
		{ "CONFIG_MASK", "0x1f" }, { "CONFIG_EMPTY", "" },
		{ "CONFIG_LAST", "n" },
	};
	const char *val;
	size_t i, len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(bbpf__kconfig_find(config_text, strlen(config_text), cases[i].name,
						    &val, &len),
				 0);
		if (len != strlen(cases[i].val) || memcmp(val, cases[i].val, len))
			fail_msg("%s: '%.*s'", cases[i].name, (int)len, val);
	}
	assert_int_equal(
		bbpf__kconfig_find(config_text, strlen(config_text), "CONFIG_BP", &val, &len),
		-ENOENT);
	assert_int_equal(
		bbpf__kconfig_find(config_text, strlen(config_text), "CONFIG_NOPE", &val, &len),
		-ENOENT);
	assert_int_equal(bbpf__kconfig_find("", 0, "CONFIG_BPF", &val, &len), -ENOENT);
}

static void test_kernel_version(void **state)
{
	uint32_t code = 0;

	(void)state;
	assert_int_equal(bbpf__kernel_version_parse("6.1.0-18-amd64", &code), 0);
	assert_int_equal(code, (6 << 16) | (1 << 8));
	assert_int_equal(bbpf__kernel_version_parse("5.10.209", &code), 0);
	assert_int_equal(code, (5 << 16) | (10 << 8) | 209);
	assert_int_equal(bbpf__kernel_version_parse("4.19.300", &code), 0);
	assert_int_equal(code, (4 << 16) | (19 << 8) | 255);
	assert_int_equal(bbpf__kernel_version_parse("6.12", &code), 0);
	assert_int_equal(code, (6 << 16) | (12 << 8));
	log_capture_start(BBPF_WARN);
	assert_int_equal(bbpf__kernel_version_parse("linux", &code), -EINVAL);
	assert_int_equal(bbpf__kernel_version_parse(NULL, &code), -EINVAL);
	log_capture_stop();
}

/* ------------------------------------------------------------------ */
/* kallsyms                                                            */
/* ------------------------------------------------------------------ */

static const char kallsyms_text[] = "ffffffff81000000 T _stext\n"
				    "ffffffff81234560 T bpf_prog_put\n"
				    "ffffffff81234500 t __bpf_prog_put\n"
				    "ffffffff81234600 T bpf_prog_put_noref\n"
				    "ffffffff82000000 D bpf_prog_active\n"
				    "ffffffff81001000 T __x64_sys_bpf\n"
				    "ffffffff81002000 t dup\n"
				    "ffffffff81003000 t dup\n"
				    "ffffffff81004000 t same\n"
				    "ffffffff81004000 t same\n"
				    "ffffffffc0a01000 t nft_hook\t[nf_tables]\n"
				    "ffffffffc0a02000 T last_one";

static void test_kallsyms(void **state)
{
	const size_t sz = strlen(kallsyms_text);
	uint64_t a = 0;

	(void)state;
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "bpf_prog_put", &a), 0);
	assert_true(a == 0xffffffff81234560ULL);
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "_stext", &a), 0);
	assert_true(a == 0xffffffff81000000ULL);
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "nft_hook", &a), 0);
	assert_true(a == 0xffffffffc0a01000ULL);
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "last_one", &a), 0);
	assert_true(a == 0xffffffffc0a02000ULL);
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "same", &a), 0);
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "bpf_prog", &a), -ENOENT);
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "nf_tables", &a), -ENOENT);
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "T", &a), -ENOENT);
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "", &a), -ENOENT);
	log_capture_start(BBPF_WARN);
	assert_int_equal(bbpf__kallsyms_find(kallsyms_text, sz, "dup", &a), -EINVAL);
	assert_non_null(strstr(log_msgs, "ambiguous"));
	assert_int_equal(bbpf__kallsyms_find("0000000000000000 T hidden\n", 26, "hidden", &a),
			 -EPERM);
	assert_non_null(strstr(log_msgs, "kptr_restrict"));
	log_capture_stop();
	assert_true(bbpf__kallsyms_has_syscall_wrapper(kallsyms_text, sz));
	assert_false(bbpf__kallsyms_has_syscall_wrapper("ffffffff81000000 T sys_bpf\n", 27));
	assert_true(bbpf__kallsyms_has_syscall_wrapper("ffff800080001000 T __arm64_sys_bpf\n", 35));
}

/* The module a symbol belongs to ("[nf_tables]"), for the loader's "no BTF" message. */
static void test_kallsyms_module(void **state)
{
	const char *cut = "ffffffffc0a01000 t cut\t[mod";
	const size_t sz = strlen(kallsyms_text);
	char mod[64] = "";

	(void)state;
	assert_int_equal(bbpf__kallsyms_module(kallsyms_text, sz, "nft_hook", mod, sizeof(mod)), 0);
	assert_string_equal(mod, "nf_tables");
	assert_int_equal(bbpf__kallsyms_module(kallsyms_text, sz, "nft_hook", mod, 4), 0);
	assert_string_equal(mod, "nf_"); /* cut to the buffer */
	assert_int_equal(bbpf__kallsyms_module(kallsyms_text, sz, "bpf_prog_put", mod, sizeof(mod)),
			 -ENOENT); /* vmlinux's */
	assert_int_equal(bbpf__kallsyms_module(kallsyms_text, sz, "last_one", mod, sizeof(mod)),
			 -ENOENT);
	assert_int_equal(bbpf__kallsyms_module(kallsyms_text, sz, "nft", mod, sizeof(mod)),
			 -ENOENT);
	assert_int_equal(bbpf__kallsyms_module(kallsyms_text, sz, "nf_tables", mod, sizeof(mod)),
			 -ENOENT);
	assert_int_equal(bbpf__kallsyms_module(cut, strlen(cut), "cut", mod, sizeof(mod)),
			 -ENOENT); /* no closing bracket */
}

/* Every prefix of the texts, in exact-size buffers: ASan sees any read past the end. */
static void test_truncated_texts(void **state)
{
	const char *texts[] = { config_text, kallsyms_text };
	const char *val;
	size_t t, n, len;
	char *buf, mod[64];
	uint64_t a;

	(void)state;
	log_capture_start(BBPF_WARN);
	for (t = 0; t < ARRAY_SIZE(texts); t++) {
		for (n = 0; n <= strlen(texts[t]); n++) {
			buf = malloc(n ?: 1);
			memcpy(buf, texts[t], n);
			bbpf__kconfig_find(buf, n, "CONFIG_LAST", &val, &len);
			bbpf__kconfig_find(buf, n, "CONFIG_KASAN", &val, &len);
			bbpf__kallsyms_find(buf, n, "last_one", &a);
			bbpf__kallsyms_find(buf, n, "nft_hook", &a);
			bbpf__kallsyms_module(buf, n, "nft_hook", mod, sizeof(mod));
			bbpf__kallsyms_has_syscall_wrapper(buf, n);
			free(buf);
		}
	}
	log_capture_stop();
}

/* ------------------------------------------------------------------ */
/* The resolver on externs.bpf.o                                       */
/* ------------------------------------------------------------------ */

/*
 * Kernel BTF: vmlinux has int bpf_prog_active and void bpf_rcu_read_lock(void);
 * the module has void bpf_rcu_read_unlock(void).
 */
struct kbtf {
	struct bbpf_btf *vm, *mod;
	const struct bbpf_btf *mods[1];
};

static struct bbpf_btf *parse_b(struct btfb *b, const struct bbpf_btf *base)
{
	struct bbpf_btf *btf = NULL;
	size_t sz;
	void *blob = btfb_blob(b, &sz);

	assert_int_equal(bbpf_btf_parse(blob, sz, base, &btf), 0);
	free(blob);
	btfb_free(b);
	return btf;
}

/* @var_sz: the size of bpf_prog_active's int (4 matches the object). */
static void kbtf_build(struct kbtf *k, uint32_t var_sz, uint16_t unlock_params)
{
	struct btfb b, m;
	uint32_t i, p;

	btfb_init(&b);
	i = btfb_int(&b, var_sz == 4 ? "int" : "long", var_sz, BTF_INT_SIGNED, var_sz * 8);
	btfb_var(&b, "bpf_prog_active", i, BTF_VAR_GLOBAL_ALLOCATED);
	p = btfb_proto(&b, 0, 0);
	btfb_func(&b, "bpf_rcu_read_lock", p, BTF_FUNC_GLOBAL);
	btfb_func(&b, "bpf_get_current_pid", p, BTF_FUNC_GLOBAL);
	p = b.strs_len;
	k->vm = parse_b(&b, NULL);
	btfb_init_split(&m, bbpf_btf_type_cnt(k->vm), p);
	p = btfb_proto(&m, 0, unlock_params);
	for (i = 0; i < unlock_params; i++)
		btfb_param(&m, "x", 1);
	btfb_func(&m, "bpf_rcu_read_unlock", p, BTF_FUNC_GLOBAL);
	k->mod = parse_b(&m, k->vm);
	k->mods[0] = k->mod;
}

static void kbtf_free(struct kbtf *k)
{
	bbpf_btf_free(k->mod);
	bbpf_btf_free(k->vm);
}

static struct bbpf_obj *open_externs(int c19)
{
	struct bbpf_obj *obj = NULL;

	assert_int_equal(bbpf_obj_open_file(
				 fixture_path(c19 ? "obj/externs-c19.bpf.o" : "obj/externs.bpf.o"),
				 NULL, &obj),
			 0);
	return obj;
}

static const struct bbpf_extern *ext_of(const struct bbpf_obj *obj, const char *name, size_t *idx)
{
	size_t i;

	for (i = 0; i < bbpf_obj_extern_cnt(obj); i++) {
		if (!strcmp(bbpf_obj_extern(obj, i)->name, name)) {
			*idx = i;
			return bbpf_obj_extern(obj, i);
		}
	}
	fail_msg("no extern %s", name);
	return NULL;
}

static uint64_t kcfg_u(const struct bbpf__extern_vals *v, const struct bbpf_extern *x)
{
	uint64_t u = 0;

	memcpy(&u, (char *)v->kcfg + x->kcfg_off, x->kcfg_size > 8 ? 8 : x->kcfg_size);
	return u;
}

static void env_full(struct bbpf__extern_env *env, struct kbtf *k)
{
	memset(env, 0, sizeof(*env));
	env->kconfig = config_text;
	env->kconfig_sz = strlen(config_text);
	env->kallsyms = kallsyms_text;
	env->kallsyms_sz = strlen(kallsyms_text);
	env->release = "6.1.0-18-amd64";
	env->has_syscall_wrapper = -1;
	env->vmlinux = k->vm;
	env->mods = k->mods;
	env->mod_cnt = 1;
}

static void test_resolve_all(void **state)
{
	struct bbpf__extern_vals *v = NULL;
	struct bbpf__extern_env env;
	struct bbpf_obj *obj;
	void *image = NULL;
	struct kbtf k;
	size_t i;
	int c;

	(void)state;
	kbtf_build(&k, 4, 0);
	for (c = 0; c < 2; c++) {
		obj = open_externs(c);
		env_full(&env, &k);
		assert_int_equal(bbpf__externs_resolve(obj, &env, &v), 0);
		assert_int_equal(v->cnt, 9);
		assert_int_equal(kcfg_u(v, ext_of(obj, "LINUX_KERNEL_VERSION", &i)), 0x060100);
		assert_int_equal(kcfg_u(v, ext_of(obj, "CONFIG_HZ", &i)), 250);
		assert_int_equal(kcfg_u(v, ext_of(obj, "CONFIG_BPF_SYSCALL", &i)), 1);
		assert_int_equal(kcfg_u(v, ext_of(obj, "CONFIG_BPF_LSM", &i)), BBPF_TRI_MODULE);
		assert_memory_equal((char *)v->kcfg +
					    ext_of(obj, "CONFIG_LOCALVERSION", &i)->kcfg_off,
				    "-test\0", 6);
		ext_of(obj, "bpf_prog_active", &i);
		assert_true(v->res[i].resolved && v->res[i].btf_id == 2 && v->res[i].btf_obj == 0);
		ext_of(obj, "init_task", &i); /* typeless, weak, not in kallsyms */
		assert_true(!v->res[i].resolved && v->res[i].addr == 0);
		ext_of(obj, "bpf_rcu_read_lock", &i);
		assert_true(v->res[i].resolved && v->res[i].btf_id == 4 && !v->res[i].btf_obj);
		ext_of(obj, "bpf_rcu_read_unlock", &i); /* in the module */
		assert_true(v->res[i].resolved && v->res[i].btf_id == 7 && v->res[i].btf_obj == 1);
		assert_int_equal(v->mods_used, 1);
		/* The image goes to the load; the opened map keeps no data. */
		i = bbpf_obj_find_map(obj, ".kconfig");
		assert_int_equal(bbpf__externs_fill_kconfig(obj, v, &image), 0);
		assert_null(v->kcfg);
		assert_null(bbpf_map_init_data(bbpf_obj_map(obj, i)));
		assert_memory_equal((const char *)image +
					    ext_of(obj, "CONFIG_LOCALVERSION", &i)->kcfg_off,
				    "-test", 6);
		free(image);
		image = NULL;
		bbpf__extern_vals_free(v);
		bbpf_obj_close(obj);
	}
	kbtf_free(&k);
}

static void test_resolve_weak_and_missing(void **state)
{
	static const char cfg_no_syscall[] = "CONFIG_BPF=y\n";
	struct bbpf__extern_vals *v = NULL;
	struct bbpf__extern_env env;
	struct bbpf_obj *obj = open_externs(0);
	struct kbtf k;
	size_t i;

	(void)state;
	kbtf_build(&k, 4, 0);
	/* Weak ones missing: zeros; the non-weak CONFIG_BPF_SYSCALL missing: -ESRCH. */
	env_full(&env, &k);
	env.kconfig = cfg_no_syscall;
	env.kconfig_sz = strlen(cfg_no_syscall);
	log_capture_start(BBPF_WARN);
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), -ESRCH);
	assert_non_null(strstr(log_msgs, "'CONFIG_BPF_SYSCALL': not found in the kernel config"));
	env.kconfig = NULL;
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), -ESRCH);
	assert_non_null(strstr(log_msgs, "no kernel config given"));
	/* No version: LINUX_KERNEL_VERSION is not weak. */
	env_full(&env, &k);
	env.release = NULL;
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), -ESRCH);
	assert_non_null(strstr(log_msgs, "LINUX_KERNEL_VERSION"));
	/* No BTF: the typed ksym is not weak. */
	env_full(&env, &k);
	env.vmlinux = NULL;
	env.mod_cnt = 0;
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), -ESRCH);
	assert_non_null(strstr(
		log_msgs, "'bpf_prog_active': no VAR of that name in vmlinux BTF (none given)"));
	/* Without the module, the weak kfunc stays unresolved and poisons its call. */
	env_full(&env, &k);
	env.version_code = 0x050a00;
	env.mod_cnt = 0;
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), 0);
	log_capture_stop();
	assert_int_equal(kcfg_u(v, ext_of(obj, "LINUX_KERNEL_VERSION", &i)), 0x050a00);
	ext_of(obj, "bpf_rcu_read_unlock", &i);
	assert_false(v->res[i].resolved);
	assert_int_equal(v->mods_used, 0);
	bbpf__extern_vals_free(v);
	bbpf_obj_close(obj);
	kbtf_free(&k);
}

static void test_resolve_type_mismatch(void **state)
{
	struct bbpf__extern_vals *v = NULL;
	struct bbpf__extern_env env;
	struct bbpf_obj *obj = open_externs(1);
	struct kbtf k;

	(void)state;
	log_capture_start(BBPF_WARN);
	kbtf_build(&k, 8, 0); /* bpf_prog_active is a long in this kernel */
	env_full(&env, &k);
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), -EINVAL);
	assert_non_null(strstr(log_msgs, "'bpf_prog_active': declared as int (INT, 4 bytes), "
					 "the kernel's is long (INT, 8 bytes)"));
	kbtf_free(&k);
	kbtf_build(&k, 4, 2); /* the module's kfunc takes 2 parameters */
	env_full(&env, &k);
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), -EINVAL);
	assert_non_null(strstr(log_msgs, "'bpf_rcu_read_unlock': declared with 0 parameters, "
					 "the kernel's has 2"));
	log_capture_stop();
	kbtf_free(&k);
	bbpf_obj_close(obj);
}

/* A typeless ksym found in kallsyms, and the LINUX_HAS_* specials. */
static void test_resolve_typeless_and_specials(void **state)
{
	static const char syms[] = "ffffffff81900000 D init_task\n"
				   "ffffffff81001000 T __arm64_sys_bpf\n";
	struct bbpf__extern_vals *v = NULL;
	struct bbpf__extern_env env;
	struct bbpf_obj *obj = open_externs(0);
	struct kbtf k;
	size_t i;

	(void)state;
	kbtf_build(&k, 4, 0);
	env_full(&env, &k);
	env.kallsyms = syms;
	env.kallsyms_sz = strlen(syms);
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), 0);
	ext_of(obj, "init_task", &i);
	assert_true(v->res[i].resolved && v->res[i].addr == 0xffffffff81900000ULL);
	bbpf__extern_vals_free(v);
	bbpf_obj_close(obj);
	kbtf_free(&k);
}

/* Instructions after bbpf__extern_patch(), for each extern relocation. */
static void test_patch(void **state)
{
	struct bbpf__extern_vals *v = NULL;
	const struct bbpf_relo *r;
	struct bbpf__extern_env env;
	struct bbpf_obj *obj = open_externs(0);
	const struct bbpf_extern *x;
	struct bpf_insn *insns, *in;
	size_t cnt, rc, i, n = 0;
	int mod_fds[1] = { 42 };
	struct kbtf k;

	(void)state;
	kbtf_build(&k, 4, 0);
	env_full(&env, &k);
	env.mod_cnt = 0; /* bpf_rcu_read_unlock: poisoned */
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), 0);
	assert_int_equal(bbpf_prog_link_insns(bbpf_obj_prog(obj, 0), &insns, &cnt), 0);
	r = bbpf_prog_relos(bbpf_obj_prog(obj, 0), &rc);
	for (i = 0; i < rc; i++) {
		if (r[i].kind != BBPF_RELO_EXTERN_VAR && r[i].kind != BBPF_RELO_EXTERN_FUNC)
			continue;
		in = &insns[r[i].insn];
		x = bbpf_obj_extern(obj, r[i].target);
		assert_int_equal(bbpf__extern_patch(obj, v, &r[i], in, 7, mod_fds), 0);
		n++;
		if (x->kind == BBPF_EXTERN_KCONFIG) {
			assert_int_equal(in->src_reg, BPF_PSEUDO_MAP_VALUE);
			assert_int_equal(in->imm, 7);
			assert_int_equal(in[1].imm, x->kcfg_off);
		} else if (!strcmp(x->name, "bpf_prog_active")) {
			assert_int_equal(in->src_reg, BPF_PSEUDO_BTF_ID);
			assert_int_equal(in->imm, 2);
			assert_int_equal(in[1].imm, 0);
		} else if (!strcmp(x->name, "init_task")) {
			assert_int_equal(in->src_reg, 0);
			assert_int_equal(in->imm, 0);
			assert_int_equal(in[1].imm, 0);
		} else if (!strcmp(x->name, "bpf_rcu_read_lock")) {
			assert_int_equal(in->src_reg, BPF_PSEUDO_KFUNC_CALL);
			assert_int_equal(in->imm, 4);
			assert_int_equal(in->off, 0);
		} else {
			assert_int_equal(in->src_reg, 0);
			assert_int_equal(in->imm, BBPF__POISON_KFUNC_BASE + (int)r[i].target);
		}
	}
	assert_true(n >= 8);
	/*
	 * bpf_ksym_exists(kfunc), an ld_imm64 of its name: resolved, its BTF id
	 * where the kernel takes it, else 1; unresolved, 0.
	 */
	for (i = 0; i < 4; i++) {
		struct bpf_insn ld[2] = { { .code = BPF_LD | BPF_IMM | BPF_DW, .imm = 9 },
					  { .imm = 9 } };
		struct bbpf_relo lr = { .kind = BBPF_RELO_EXTERN_VAR };

		v->func_ld_btf_id = i & 1;
		ext_of(obj, i & 2 ? "bpf_rcu_read_unlock" : "bpf_rcu_read_lock", &rc);
		lr.target = rc;
		assert_int_equal(bbpf__extern_patch(obj, v, &lr, ld, 7, mod_fds), 0);
		assert_int_equal(ld[0].src_reg, i == 1 ? BPF_PSEUDO_BTF_ID : 0);
		assert_int_equal(ld[0].imm, i == 1 ? 4 : i == 0);
		assert_int_equal(ld[1].imm, 0);
	}
	/* A relocation that is no extern one is refused. */
	log_capture_start(BBPF_WARN);
	assert_int_equal(bbpf__extern_patch(obj, v, &(struct bbpf_relo){ .kind = BBPF_RELO_MAP },
					    insns, 7, NULL),
			 -EINVAL);
	log_capture_stop();
	free(insns);
	bbpf__extern_vals_free(v);
	bbpf_obj_close(obj);
	kbtf_free(&k);
}

/* opts.bpf.o: the LINUX_HAS_* specials and integer widths. */
static void test_resolve_specials(void **state)
{
	static const char cfg[] = "CONFIG_OFFSET=-3\nCONFIG_BIG=0xffffffffffffffff\n";
	struct bbpf__extern_vals *v = NULL;
	struct bbpf__extern_env env = { 0 };
	struct bbpf_obj *obj = NULL;
	size_t i;

	(void)state;
	assert_int_equal(bbpf_obj_open_file(fixture_path("obj/opts.bpf.o"), NULL, &obj), 0);
	env.kconfig = cfg;
	env.kconfig_sz = strlen(cfg);
	env.has_bpf_cookie = 1;
	env.has_syscall_wrapper = -1;
	env.kallsyms = kallsyms_text;
	env.kallsyms_sz = strlen(kallsyms_text);
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), 0);
	assert_int_equal(kcfg_u(v, ext_of(obj, "LINUX_HAS_BPF_COOKIE", &i)), 1);
	assert_int_equal(kcfg_u(v, ext_of(obj, "LINUX_HAS_SYSCALL_WRAPPER", &i)), 1);
	assert_int_equal(kcfg_u(v, ext_of(obj, "CONFIG_OFFSET", &i)), 0xfffd);
	assert_true(kcfg_u(v, ext_of(obj, "CONFIG_BIG", &i)) == UINT64_MAX);
	bbpf__extern_vals_free(v);
	/* Given as data, the feature bits win; without kallsyms the wrapper is unknown. */
	env.has_bpf_cookie = 0;
	env.has_syscall_wrapper = 0;
	env.kconfig = NULL;
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), 0);
	assert_int_equal(kcfg_u(v, ext_of(obj, "LINUX_HAS_BPF_COOKIE", &i)), 0);
	assert_int_equal(kcfg_u(v, ext_of(obj, "LINUX_HAS_SYSCALL_WRAPPER", &i)), 0);
	assert_int_equal(kcfg_u(v, ext_of(obj, "CONFIG_OFFSET", &i)), 0); /* weak */
	bbpf__extern_vals_free(v);
	env.has_syscall_wrapper = -1;
	env.kallsyms = NULL;
	log_capture_start(BBPF_WARN);
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), -ESRCH);
	assert_non_null(strstr(
		log_msgs,
		"'LINUX_HAS_SYSCALL_WRAPPER': not found in no feature bit nor kallsyms given"));
	log_capture_stop();
	bbpf_obj_close(obj);
}

/* An object without externs resolves to nothing. */
static void test_resolve_none(void **state)
{
	struct bbpf__extern_vals *v = NULL;
	struct bbpf__extern_env env = { 0 };
	struct bbpf_obj *obj = NULL;

	(void)state;
	assert_int_equal(bbpf_obj_open_file(fixture_path("obj/maps.bpf.o"), NULL, &obj), 0);
	assert_int_equal(bbpf__externs_resolve(obj, &env, &v), 0);
	assert_int_equal(v->cnt, 0);
	assert_null(v->kcfg);
	bbpf__extern_vals_free(v);
	bbpf_obj_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kconfig_encode),
		cmocka_unit_test(test_kconfig_strings),
		cmocka_unit_test(test_kconfig_find),
		cmocka_unit_test(test_kernel_version),
		cmocka_unit_test(test_kallsyms),
		cmocka_unit_test(test_kallsyms_module),
		cmocka_unit_test(test_truncated_texts),
		cmocka_unit_test(test_resolve_all),
		cmocka_unit_test(test_resolve_weak_and_missing),
		cmocka_unit_test(test_resolve_type_mismatch),
		cmocka_unit_test(test_resolve_typeless_and_specials),
		cmocka_unit_test(test_patch),
		cmocka_unit_test(test_resolve_specials),
		cmocka_unit_test(test_resolve_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
