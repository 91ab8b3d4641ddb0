// SPDX-License-Identifier: BSD-2-Clause
/*
 * BTF from files (btf/btf_file.c): raw, gzip and ELF files (the last
 * through the loader's ELF reader), the mapper callback, module BTF, the target lookup
 * order.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "../helpers/log_capture.h"

#include <barebpf/btf.h>
#include <barebpf/kbtf.h>
#include "../helpers/btf_build.h"
#include "../helpers/fixture.h"

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	log_msgs[0] = '\0';
	log_capture_start(BBPF_INFO);
	strcpy(tmpdir, "/tmp/bbpf-btf-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd);
}

static void *small_blob(size_t *sz, bool swap)
{
	struct btfb b;
	void *blob;

	btfb_init(&b);
	btfb_int(&b, "int", 4, BTF_INT_SIGNED, 32);
	btfb_struct(&b, "s", 4, 1);
	btfb_member(&b, "a", 1, 0);
	blob = btfb_blob_ex(&b, 0, swap, sz);
	btfb_free(&b);
	return blob;
}

/* Writes @sz bytes to tmpdir/@name (creating directories), gzip-compressed if @gz. */
static const char *put(const char *name, const void *data, size_t sz, bool gz)
{
	static char path[256];
	char cmd[320];
	gzFile g;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	snprintf(cmd, sizeof(cmd), "mkdir -p $(dirname %s)", path);
	assert_int_equal(system(cmd), 0);
	if (gz) {
		g = gzopen(path, "wb");
		assert_non_null(g);
		assert_int_equal(gzwrite(g, data, sz), (int)sz);
		gzclose(g);
		return path;
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, sz, f), sz);
	fclose(f);
	return path;
}

/* ELF input: through the loader's ELF reader (loader/elf/), read, not mapped. */
static struct bbpf_btf_open_opts *elf_opts(void)
{
	static struct bbpf_btf_open_opts o;

	bbpf_kbtf_open_opts(&o, BBPF_KBTF_MAP_NEVER);
	return &o;
}

static void test_raw_and_gzip(void **state)
{
	struct bbpf_btf *btf;
	void *blob, *obj;
	size_t sz, obj_sz;

	(void)state;
	blob = small_blob(&sz, false);
	assert_int_equal(bbpf_btf_open(put("raw.btf", blob, sz, false), NULL, NULL, &btf), 0);
	assert_int_equal(bbpf_btf_find_by_name_kind(btf, "s", BTF_KIND_STRUCT), 2);
	bbpf_btf_free(btf);
	assert_int_equal(bbpf_btf_open(put("x.btf.gz", blob, sz, true), NULL, NULL, &btf), 0);
	assert_int_equal(bbpf_btf_type_cnt(btf), 3);
	bbpf_btf_free(btf);
	/* A gzip'd ELF works too. */
	assert_int_equal(slurp(fixture_path("btf/kinds-el.o"), &obj, &obj_sz), 0);
	assert_int_equal(bbpf_btf_open(put("o.gz", obj, obj_sz, true), NULL, elf_opts(), &btf), 0);
	assert_true(bbpf_btf_find_by_name_kind(btf, "nested", BTF_KIND_STRUCT) > 0);
	bbpf_btf_free(btf);
	/* Corrupt gzip, missing file, garbage. */
	((uint8_t *)blob)[0] = 0x1f;
	((uint8_t *)blob)[1] = 0x8b;
	assert_int_equal(bbpf_btf_open(put("bad.gz", blob, sz, false), NULL, NULL, &btf), -EINVAL);
	assert_int_equal(bbpf_btf_open("/nonexistent/btf", NULL, NULL, &btf), -ENOENT);
	assert_non_null(strstr(log_msgs, "cannot open /nonexistent/btf"));
	assert_int_equal(bbpf_btf_open(put("empty", "", 0, false), NULL, NULL, &btf), -EINVAL);
	free(obj);
	free(blob);
}

static void test_elf_fixtures(void **state)
{
	struct bbpf_btf *el, *eb;
	void *obj;
	size_t sz;
	uint32_t id;

	(void)state;
	/* btf/ reads no ELF itself: without a reader, an ELF file is refused. */
	assert_int_equal(bbpf_btf_open(fixture_path("btf/kinds-el.o"), NULL, NULL, &el),
			 -EOPNOTSUPP);
	assert_int_equal(bbpf_btf_open(fixture_path("btf/kinds-el.o"), NULL, elf_opts(), &el), 0);
	assert_int_equal(bbpf_btf_open(fixture_path("btf/kinds-eb.o"), NULL, elf_opts(), &eb), 0);
	assert_false(bbpf_btf_is_swapped(el));
	assert_true(bbpf_btf_is_swapped(eb));
	assert_int_equal(bbpf_btf_type_cnt(el), bbpf_btf_type_cnt(eb));
	for (id = 1; id < bbpf_btf_type_cnt(el); id++) {
		assert_memory_equal(bbpf_btf_type_by_id(el, id), bbpf_btf_type_by_id(eb, id),
				    sizeof(struct btf_type));
		assert_string_equal(bbpf_btf_name(el, id), bbpf_btf_name(eb, id));
	}
	id = bbpf_btf_find_by_name_kind(el, "nested", BTF_KIND_STRUCT);
	assert_int_equal(bbpf_btf_size(el, id), bbpf_btf_size(eb, id));
	assert_int_equal(bbpf_btf_find_by_name_kind(el, "packed", BTF_KIND_STRUCT) > 0, 1);
	assert_int_equal(bbpf_btf_align(el, bbpf_btf_find_by_name_kind(el, "packed", -1)), 1);
	/* BTF has no alignment attribute: natural alignment only, as libbpf's btf__align_of(). */
	assert_int_equal(bbpf_btf_align(el, bbpf_btf_find_by_name_kind(el, "aligned", -1)), 4);
	bbpf_btf_free(el);
	bbpf_btf_free(eb);
	/* An ELF file cut short, or without .BTF. */
	assert_int_equal(slurp(fixture_path("btf/kinds-el.o"), &obj, &sz), 0);
	assert_int_not_equal(bbpf_btf_open(put("cut.o", obj, sz / 2, false), NULL, elf_opts(), &el),
			     0);
	assert_int_not_equal(bbpf_btf_open(put("cut2.o", obj, 40, false), NULL, elf_opts(), &el),
			     0);
	free(obj);
	assert_int_equal(slurp("/proc/self/exe", &obj, &sz), 0);
	log_msgs[0] = '\0';
	assert_int_equal(bbpf_btf_open(put("exe", obj, sz, false), NULL, elf_opts(), &el), -ENOENT);
	assert_non_null(strstr(log_msgs, "without a .BTF section"));
	free(obj);
}

static int maps, unmaps;

static int fake_map(int fd, size_t sz, const void **data, void *ctx)
{
	void *p = malloc(sz);

	assert_ptr_equal(ctx, &maps);
	assert_int_equal(pread(fd, p, sz, 0), (ssize_t)sz);
	*data = p;
	maps++;
	return 0;
}

static void fake_unmap(const void *data, size_t sz, void *ctx)
{
	(void)sz;
	(void)ctx;
	free((void *)data);
	unmaps++;
}

static void test_mapper(void **state)
{
	struct bbpf_btf_open_opts opts = {
		.sz = sizeof(opts), .map = fake_map, .unmap = fake_unmap, .ctx = &maps
	};
	struct bbpf_btf *btf;
	void *blob;
	size_t sz, raw_sz;

	(void)state;
	blob = small_blob(&sz, false);
	assert_int_equal(bbpf_btf_open(put("m.btf", blob, sz, false), NULL, &opts, &btf), 0);
	assert_int_equal(maps, 1);
	assert_int_equal(unmaps, 0);
	assert_memory_equal(bbpf_btf_raw(btf, &raw_sz), blob, sz);
	bbpf_btf_free(btf);
	assert_int_equal(unmaps, 1); /* the BTF owned the mapping */
	free(blob);
	/* The other byte order is copied and swapped: the mapping goes at once. */
	blob = small_blob(&sz, true);
	assert_int_equal(bbpf_btf_open(put("m-eb.btf", blob, sz, false), NULL, &opts, &btf), 0);
	assert_int_equal(unmaps, 2);
	bbpf_btf_free(btf);
	/* Failing to parse a mapping releases it. */
	((uint8_t *)blob)[sz - 1] = 'x';
	assert_int_equal(bbpf_btf_open(put("m-bad.btf", blob, sz, false), NULL, &opts, &btf),
			 -EINVAL);
	assert_int_equal(maps, unmaps);
	free(blob);
}

static void test_module(void **state)
{
	struct bbpf_btf *base, *mod;
	struct btfb b;
	void *blob;
	size_t sz, base_sz;
	char root[128];

	(void)state;
	blob = small_blob(&base_sz, false);
	put("root/sys/kernel/btf/vmlinux", blob, base_sz, false);
	free(blob);
	snprintf(root, sizeof(root), "%s/root", tmpdir);
	assert_int_equal(bbpf_btf_open_module(root, "vmlinux", NULL, NULL, &base), 0);
	btfb_init_split(&b, 3, 1 + 4 + 2 + 2); /* "", "int", "s", "a" */
	btfb_ref(&b, BTF_KIND_PTR, NULL, 2);
	btfb_ref(&b, BTF_KIND_TYPEDEF, "s_ptr", 3);
	blob = btfb_blob(&b, &sz);
	put("root/sys/kernel/btf/mymod", blob, sz, false);
	assert_int_equal(bbpf_btf_open_module(root, "mymod", base, NULL, &mod), 0);
	assert_int_equal(bbpf_btf_find_by_name_kind(mod, "s_ptr", BTF_KIND_TYPEDEF), 4);
	assert_int_equal(bbpf_btf_resolve(mod, 4), 3);
	assert_int_equal(bbpf_btf_open_module(root, "../x", base, NULL, &mod) < 0, 1);
	bbpf_btf_free(mod);
	bbpf_btf_free(base);
	free(blob);
	btfb_free(&b);
}

/* The committed base + split pair (tests/fixtures/btf/src/gen_allkinds.c). */
static void test_split_fixture(void **state)
{
	struct bbpf_btf *base, *mod;
	int64_t v;

	(void)state;
	assert_int_equal(bbpf_btf_open(fixture_path("btf/allkinds.btf"), NULL, NULL, &base), 0);
	assert_int_equal(bbpf_btf_open(fixture_path("btf/allkinds-mod.split"), base, NULL, &mod),
			 0);
	assert_int_equal(bbpf_btf_start_id(mod), 25);
	assert_int_equal(bbpf_btf_type_cnt(mod), 29);
	assert_int_equal(bbpf_btf_find_by_name_kind(mod, "int", BTF_KIND_TYPEDEF), 27);
	assert_int_equal(bbpf_btf_find_by_name_kind(mod, "int", -1), 1);
	assert_int_equal(bbpf_btf_size(mod, 25), 24);
	assert_int_equal(bbpf_btf_find_enum_value(mod, 28, "X", &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(bbpf_btf_find_enum_value(base, 5, "MIN", &v), 1);
	assert_true(v < 0);
	/* Without its base, split BTF is refused. */
	assert_int_not_equal(
		bbpf_btf_open(fixture_path("btf/allkinds-mod.split"), NULL, NULL, &mod), 0);
	bbpf_btf_free(mod);
	bbpf_btf_free(base);
}

static void test_target_order(void **state)
{
	struct bbpf_btf_target t = { .release = "6.1.0-9-amd64",
				     .machine = "aarch64",
				     .os_id = "debian",
				     .os_version = "12" };
	char root[128], dir[160], path[256], want[300];
	struct bbpf_btf *btf;
	void *blob;
	size_t sz;

	(void)state;
	snprintf(root, sizeof(root), "%s/troot", tmpdir);
	snprintf(dir, sizeof(dir), "%s/hub", tmpdir);
	t.root = root;
	t.btf_dir = dir;
	blob = small_blob(&sz, false);
	/* Nothing there: an error that says where it looked and what to do. */
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), -ENOENT);
	assert_non_null(strstr(log_msgs, "/boot/vmlinux-6.1.0-9-amd64"));
	assert_non_null(strstr(log_msgs, "debian/12/arm64/6.1.0-9-amd64.btf.gz"));
	assert_non_null(strstr(log_msgs, "--btf PATH"));
	/* btfhub (compressed), then the debug vmlinux wins over it, then /boot over that. */
	put("hub/debian/12/arm64/6.1.0-9-amd64.btf.gz", blob, sz, true);
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), 0);
	assert_non_null(strstr(path, "hub/debian/12/arm64/6.1.0-9-amd64.btf.gz"));
	assert_int_equal(bbpf_btf_open_target(&t, NULL, &btf), 0);
	bbpf_btf_free(btf);
	put("troot/usr/lib/debug/boot/vmlinux-6.1.0-9-amd64", blob, sz, false);
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), 0);
	assert_non_null(strstr(path, "/usr/lib/debug/boot/"));
	put("troot/lib/modules/6.1.0-9-amd64/build/vmlinux", blob, sz, false);
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), 0);
	assert_non_null(strstr(path, "/build/vmlinux"));
	put("troot/lib/modules/6.1.0-9-amd64/vmlinux-6.1.0-9-amd64", blob, sz, false);
	put("troot/boot/vmlinux-6.1.0-9-amd64", blob, sz, false);
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), 0);
	assert_non_null(strstr(path, "troot/boot/vmlinux-"));
	put("troot/sys/kernel/btf/vmlinux", blob, sz, false);
	log_msgs[0] = '\0';
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), 0);
	snprintf(want, sizeof(want), "%s/sys/kernel/btf/vmlinux", root);
	assert_string_equal(path, want);
	assert_non_null(strstr(log_msgs, "kernel BTF in sysfs"));
	/* The environment beats the system; --btf beats the environment; missing ones fail. */
	t.env_btf = want;
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), 0);
	assert_non_null(strstr(log_msgs, "BAREBPF_BTF"));
	t.btf_path = "/nonexistent.btf";
	assert_int_equal(bbpf_btf_find_target(&t, path, sizeof(path)), -ENOENT);
	assert_non_null(strstr(log_msgs, "--btf names /nonexistent.btf"));
	assert_int_equal(bbpf_btf_find_target(&t, path, 4), -ENAMETOOLONG);
	free(blob);
}

static void test_target_host(void **state)
{
	struct bbpf_btf_target t = { 0 };

	(void)state;
	assert_int_equal(bbpf_btf_target_host(&t), 0);
	assert_non_null(t.release);
	assert_non_null(t.machine);
	assert_true(strlen(t.release) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_and_gzip),  cmocka_unit_test(test_elf_fixtures),
		cmocka_unit_test(test_mapper),	      cmocka_unit_test(test_module),
		cmocka_unit_test(test_target_order),  cmocka_unit_test(test_target_host),
		cmocka_unit_test(test_split_fixture),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
