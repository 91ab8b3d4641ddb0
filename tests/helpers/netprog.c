// SPDX-License-Identifier: BSD-2-Clause
/* Loading tests/progs/attach_net.bpf.c and reading its counters (netprog.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/sys.h>
#include "netprog.h"

struct bbpf_obj *netprog_load(const char *prog, uint16_t port)
{
	const char *list[1] = { prog };
	struct bbpf_obj *obj = NULL;
	__u32 tgid = (__u32)getpid();

	assert_int_equal(bbpf_obj_open_file(NETPROG_OBJ, NULL, &obj), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "tgid", &tgid, sizeof(tgid)), 0);
	assert_int_equal(bbpf_obj_set_var(obj, "port", &port, sizeof(port)), 0);
	assert_int_equal(bbpf_obj_select_progs(obj, list, 1, NULL, 0), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	return obj;
}

const struct bbpf_prog *netprog_prog(const struct bbpf_obj *obj, const char *name)
{
	int i = bbpf_obj_find_prog(obj, name);

	assert_true(i >= 0);
	return bbpf_obj_prog(obj, (size_t)i);
}

uint64_t netprog_hits(const struct bbpf_obj *obj, int i)
{
	int idx = bbpf_obj_find_map(obj, ".bss");
	__u64 v[16];
	__u32 zero = 0;

	assert_true(idx >= 0);
	assert_int_equal(
		bbpf_sys_map_lookup_elem(bbpf_map_fd(bbpf_obj_map(obj, (size_t)idx)), &zero, v, 0),
		0);
	return v[i];
}

int netfix_setup(void **state)
{
	static struct netfix f;
	int i;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < BBPF_FEAT_CNT; i++)
		f.forced[i] = bbpf_feature_forced(i) == 1;
	kstate_settle(&f.before);
	*state = &f;
	return 0;
}

int netfix_teardown(void **state)
{
	struct netfix *f = *state;
	int i;

	for (i = 0; i < BBPF_FEAT_CNT; i++)
		bbpf_feature_force_off(i, f->forced[i]);
	bbpf_obj_close(f->obj);
	bbpf_obj_close(f->obj2);
	f->obj = f->obj2 = NULL;
	assert_true(kstate_wait_same(&f->before));
	return 0;
}
