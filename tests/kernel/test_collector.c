// SPDX-License-Identifier: BSD-2-Clause
/*
 * The unified collector (bpf/collector.bpf.c) on the real kernel, opened
 * from the copy embedded in the binary as `barebpf trace` opens it: every
 * program verifies (of each fallback chain, the step this kernel takes:
 * tests/kernel/test_trace.c runs every step the kernel has); the programs
 * of unselected events stay unloaded; the
 * knobs and the ring buffer size are taken before load. Runs in the qemu
 * matrix too (5.10 ... newest, x86_64 and arm64), which is what proves the
 * CO-RE reads and the feature guards portable. Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/chain.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "../helpers/fixture.h"
#include "collector.skel.h" /* build/gen/<arch>/, mk/collector.mk */

/* Every event and the program-name prefix that selects it. */
static const char *const events[] = {
	"exec_",   "exit_",    "fork_",	  "oom_",    "connect_",
	"accept_", "fadvise_", "memory_", "signal_", "open_",
};

static struct bbpf_obj *open_collector(void)
{
	struct bbpf_obj *obj = NULL;
	const void *bytes;
	size_t sz = 0;

	bytes = collector__elf_bytes(&sz); /* the bytes the CLI's skeleton embeds */
	assert_int_equal(bbpf_obj_open_mem(bytes, sz, NULL, &obj), 0);
	return obj;
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* One program per name, each of an event's prefix: the user-space table relies on it. */
static void test_names_match_events(void **state)
{
	struct bbpf_obj *obj = open_collector();
	size_t i, j, hits;

	(void)state;
	assert_true(bbpf_obj_prog_cnt(obj) >= sizeof(events) / sizeof(events[0]));
	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++) {
		const char *name = bbpf_prog_name(bbpf_obj_prog(obj, i));

		for (hits = 0, j = 0; j < sizeof(events) / sizeof(events[0]); j++)
			hits += has_prefix(name, events[j]);
		if (hits != 1)
			fail_msg("program '%s' belongs to %zu events", name, hits);
	}
	bbpf_obj_close(obj);
}

/* Every program that is no chain step, and one step per chain (attached): loaded. */
static void test_loads_everything(void **state)
{
	static const char *const chains[] = { "exec", "exit", "fork", "fadvise" };
	int fds = fd_count(), idx, steps = 0;
	struct bbpf_chains *ch = NULL;
	struct bbpf_obj *obj;
	size_t i;

	(void)state;
	obj = open_collector();
	assert_int_equal(bbpf_obj_chain_cnt(obj), 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(bbpf_obj_chain_name(obj, i), chains[i]);
	assert_int_equal(bbpf_obj_load_chains(obj, NULL, &ch), 0);
	assert_int_equal(bbpf_chains_cnt(ch), 4);
	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++) {
		const struct bbpf_prog *p = bbpf_obj_prog(obj, i);

		if (bbpf_prog_chain(p)) {
			steps += bbpf_prog_fd(p) >= 0;
			continue;
		}
		if (bbpf_prog_fd(p) < 0)
			fail_msg("program '%s' not loaded: %d", bbpf_prog_name(p), bbpf_prog_fd(p));
	}
	assert_int_equal(steps, 4);
	for (i = 0; i < 4; i++)
		assert_non_null(bbpf_chains_link(ch, i));
	bbpf_chains_free(ch);
	idx = bbpf_obj_find_map(obj, "events");
	assert_true(idx >= 0);
	assert_int_equal(bbpf_map_def(bbpf_obj_map(obj, idx))->max_entries, 8 << 20);
	bbpf_obj_close(obj);
	assert_int_equal(fd_count(), fds);
}

/* --events exec,connect: only their programs load; knobs and a smaller ring are taken. */
static void test_selected_events(void **state)
{
	const char *only[32];
	size_t i, n = 0;
	struct bbpf_obj *obj;
	__u32 pid = getpid();
	bool yes = true;
	int idx;

	(void)state;
	obj = open_collector();
	for (i = 0; i < bbpf_obj_prog_cnt(obj) && n < 32; i++) {
		const char *name = bbpf_prog_name(bbpf_obj_prog(obj, i));

		if (has_prefix(name, "exec_") || has_prefix(name, "connect_"))
			only[n++] = name;
	}
	assert_int_equal(bbpf_obj_select_progs(obj, only, n, NULL, 0), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "filter_pid", &pid, sizeof(pid)), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "containers_only", &yes, sizeof(yes)), 0);
	assert_int_equal(bbpf_obj_set_var_str(obj, "filter_comm", "bash"), 0);
	idx = bbpf_obj_find_map(obj, "events");
	assert_int_equal(bbpf_map_set_max_entries(bbpf_obj_map_mut(obj, idx), 1 << 20), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	for (i = 0; i < bbpf_obj_prog_cnt(obj); i++) {
		const struct bbpf_prog *p = bbpf_obj_prog(obj, i);
		bool want = has_prefix(bbpf_prog_name(p), "exec_") ||
			    has_prefix(bbpf_prog_name(p), "connect_");

		assert_int_equal(bbpf_prog_fd(p) >= 0, want);
	}
	assert_int_equal(bbpf_map_def(bbpf_obj_map(obj, idx))->max_entries, 1 << 20);
	bbpf_obj_close(obj);
}

/* Programs, maps and BTF objects in the kernel. */
static int kernel_objs(void)
{
	int (*next[])(__u32, __u32 *) = { bbpf_sys_prog_get_next_id, bbpf_sys_map_get_next_id,
					  bbpf_sys_btf_get_next_id };
	__u32 id;
	int i, n = 0;

	for (i = 0; i < 3; i++)
		for (id = 0; !next[i](id, &id);)
			n++;
	return n;
}

static int objs_before;

static int group_setup(void **state)
{
	(void)state;
	objs_before = kernel_objs();
	return 0;
}

/*
 * The kernel frees programs and maps from deferred work after the last fd
 * closes: slow on an emulated CPU. Wait for it (10 s at most), so that
 * nothing of ours is left and the next test's "before" is true.
 */
static int group_teardown(void **state)
{
	int tries;

	(void)state;
	for (tries = 0; tries < 1000 && kernel_objs() != objs_before; tries++)
		usleep(10000);
	if (kernel_objs() != objs_before) {
		print_error("kernel objects: %d before, %d after\n", objs_before, kernel_objs());
		return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_match_events),
		cmocka_unit_test(test_loads_everything),
		cmocka_unit_test(test_selected_events),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
