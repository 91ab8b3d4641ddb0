// SPDX-License-Identifier: BSD-2-Clause
/*
 * The record stream of `barebpf run` (tools/run_events.c and event_fmt.c,
 * compiled in here) on the real kernel: tests/progs/events_writer.bpf.c
 * writes records to its ring buffer, its perf event array and its switched
 * map; the stream prints every one (hex, JSON), then the count per map.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include <barebpf/features.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>
#include "../helpers/prog_elf.h"
#include "../../tools/event_fmt.c"
#include "../../tools/run_events.c"

static char out[1 << 20];

/* Loads tests/progs/@name.bpf.o, has it write @n records to @outs, streams for 1 s into out[]. */
static void stream_once(const char *name, uint32_t outs, int n, const struct run_events_opts *o,
			int buffer)
{
	struct bbpf_obj_load_opts lo = { .sz = sizeof(lo), .buffer = buffer };
	volatile sig_atomic_t stop = 0;
	struct run_events *r;
	struct bbpf_obj *obj;
	uint32_t k, v;
	int prog, link, ctl, saved, fd, i;
	FILE *f;

	char path[64];

	snprintf(path, sizeof(path), "%s.bpf.o", name);
	assert_int_equal(bbpf_obj_open_file(test_prog_path(path), NULL, &obj), 0);
	assert_int_equal(bbpf_obj_load(obj, &lo), 0);
	prog = bbpf_prog_fd(bbpf_obj_prog(obj, bbpf_obj_find_prog(obj, name)));
	ctl = bbpf_map_fd(bbpf_obj_map(obj, bbpf_obj_find_map(obj, "ctl")));
	for (k = 0; k < 3; k++) {
		v = k == 0 ? outs : k == 1 ? (uint32_t)getpid() : SYS_getppid;
		assert_int_equal(bbpf_sys_map_update_elem(ctl, &k, &v, 0), 0);
	}
	link = bbpf_sys_raw_tracepoint_open("sys_enter", prog);
	assert_true(link >= 0);
	assert_int_equal(run_events_open(obj, o, &r), 0); /* before: perf drops unread */
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	fflush(stdout);
	saved = dup(1);
	f = tmpfile();
	fd = fileno(f);
	dup2(fd, 1);
	assert_int_equal(run_events_stream(r, &stop), 0);
	run_events_close(r);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	memset(out, 0, sizeof(out));
	rewind(f);
	assert_true(fread(out, 1, sizeof(out) - 1, f) > 0);
	fclose(f);
	close(link);
	bbpf_obj_close(obj);
}

static int count(const char *s)
{
	const char *p = out;
	int n = 0;

	while ((p = strstr(p, s))) {
		n++;
		p++;
	}
	return n;
}

/* A ring buffer and a perf buffer, no record type: hex dumps. */
static void test_hex(void **state)
{
	struct run_events_opts o = { .duration = 1 };

	(void)state;
	stream_once("events_writer", 1 | 2, 10, &o, BBPF_BUFFER_AUTO);
	assert_int_equal(count("rb size="), 10);
	assert_non_null(strstr(out, "rb size=8: 00 00 00 00 08 00 00 00\n"));
	assert_int_equal(count("pb cpu="), 10);
	assert_non_null(strstr(out, " size=12: 00 00 00 00 08 00 00 00 00 00 00 00\n"));
	assert_non_null(strstr(out, "map rb: 10 records, 0 lost\n"));
	assert_non_null(strstr(out, "map pb: 10 records, 0 lost\n"));
}

/* The object's one struct event: fields; JSON; through the ring buffer and switched to perf. */
static void test_fields_json(void **state)
{
	struct run_events_opts o = { .duration = 1, .json = true };
	struct run_events_opts t = { .duration = 1 };

	(void)state;
	stream_once("events_switch", 4, 5, &t, BBPF_BUFFER_AUTO);
	assert_non_null(strstr(out, "events size=8: {seq=0 size=8}\n"));
	assert_non_null(strstr(out, "map events: 5 records, 0 lost\n"));
	stream_once("events_switch", 4, 5, &o, BBPF_BUFFER_PERF);
	assert_int_equal(count("{\"map\":\"events\",\"cpu\":"), 5);
	assert_null(strstr(out, "{\"map\":\"events\",\"cpu\":-1"));
	assert_non_null(strstr(out, ",\"size\":8,\"data\":{\"seq\":0,\"size\":8}}\n"));
	assert_non_null(strstr(out, "{\"map\":\"events\",\"records\":5,\"lost\":0}\n"));
}

static void test_bad_type(void **state)
{
	struct run_events_opts o = { .duration = 1, .event_type = "no_such_struct" };
	struct run_events *r = NULL;
	struct bbpf_obj *obj;

	(void)state;
	assert_int_equal(bbpf_obj_open_file(test_prog_path("events_writer.bpf.o"), NULL, &obj), 0);
	assert_int_equal(bbpf_obj_load(obj, NULL), 0);
	assert_int_equal(run_events_open(obj, &o, &r), -ENOENT);
	assert_null(r);
	bbpf_obj_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_fields_json),
		cmocka_unit_test(test_bad_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
