// SPDX-License-Identifier: BSD-2-Clause
/*
 * `barebpf trace` formatting (tools/trace/) on synthetic collector records:
 * each event type as a table line and as JSON, exactly; every truncation and
 * inconsistent length refused with -EINVAL; random records never read out
 * of bounds (the suite runs under ASan); records at perf-buffer alignment.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../bpf/collector.h"
#include <barebpf/ns.h>

#include "../../tools/trace/fmt.h"
#include "../../tools/trace/select.h"

/* 2026-12-02 01:02:03.456 UTC when ts = 1 s since boot. */
#define WALL_OFF (1764637323456000000LL - 1000000000LL)

struct recbuf {
	union {
		uint64_t align;
		uint8_t b[4096];
	};
	size_t len;
};

static void rec_start(struct recbuf *r, uint16_t type, const char *comm)
{
	struct bbpf_ev_hdr h = {
		.ts = 1000000000ull, .cgroup_id = 4242, .pid = 100, .tid = 101, .ppid = 1,
		.uid = 1000, .gid = 1001, .cpu = 3, .type = type, .version = BBPF_EV_VERSION,
	};

	memset(r, 0, sizeof(*r));
	memcpy(h.comm, comm, strnlen(comm, sizeof(h.comm)));
	memcpy(r->b, &h, sizeof(h));
	r->len = sizeof(h);
}

static void rec_add(struct recbuf *r, const void *p, size_t n)
{
	memcpy(r->b + r->len, p, n);
	r->len += n;
	((struct bbpf_ev_hdr *)r->b)->len = r->len - sizeof(struct bbpf_ev_hdr);
}

static struct bbpf_ev_hdr *hdr(struct recbuf *r)
{
	return (struct bbpf_ev_hdr *)r->b;
}

static char line[TRACE_LINE_MAX];

static const char *fmt(struct recbuf *r, bool json)
{
	struct trace_fmt f = { .json = json, .wall_offset_ns = WALL_OFF, .utc = true };
	int n = trace_fmt_record(&f, r->b, r->len, line, sizeof(line));

	assert_true(n > 0);
	assert_int_equal(n, strlen(line));
	assert_int_equal(line[n - 1], '\n');
	line[n - 1] = 0;
	return line;
}

#define HEAD_JSON                                                                            \
	"\"ts\":1000000000,\"pid\":100,\"tid\":101,\"ppid\":1,\"uid\":1000,\"gid\":1001,"  \
	"\"comm\":\"%s\",\"cpu\":3,\"cgroup_id\":4242,\"pidns_level\":0"

static void assert_json(struct recbuf *r, const char *type, const char *comm, const char *rest)
{
	char want[TRACE_LINE_MAX];

	snprintf(want, sizeof(want), "{\"type\":\"%s\"," HEAD_JSON "%s}", type, comm, rest);
	assert_string_equal(fmt(r, true), want);
}

static void make_exec(struct recbuf *r, int result)
{
	struct bbpf_ev_exec x = { .result = result, .old_pid = 101 };
	static const char fn[] = "/usr/bin/printf";
	static const char args[] = "printf\0--marker=a\"b\0x y";

	rec_start(r, BBPF_EV_EXEC, "printf");
	x.filename_len = sizeof(fn);
	x.args_len = sizeof(args);
	rec_add(r, &x, sizeof(x));
	rec_add(r, fn, sizeof(fn));
	rec_add(r, args, sizeof(args));
}

static void test_exec(void **state)
{
	struct recbuf r;

	(void)state;
	make_exec(&r, 0);
	assert_string_equal(fmt(&r, false), "01:02:03.456 exec    100     1       printf           "
					   "/usr/bin/printf --marker=a\"b x y");
	assert_json(&r, "exec", "printf",
		    ",\"filename\":\"/usr/bin/printf\",\"args\":[\"printf\",\"--marker=a\\\"b\","
		    "\"x y\"],\"result\":0,\"old_pid\":101");
	make_exec(&r, -ENOENT);
	assert_non_null(strstr(fmt(&r, false), "x y ENOENT"));
	assert_non_null(strstr(fmt(&r, true), "\"result\":-2,\"error\":\"ENOENT\""));
}

/* The last argument cut at the bound, without its NUL. */
static void test_exec_cut_args(void **state)
{
	struct bbpf_ev_exec x = { .filename_len = 3, .args_len = 6 };
	struct recbuf r;

	(void)state;
	rec_start(&r, BBPF_EV_EXEC, "sh");
	hdr(&r)->flags = BBPF_EVF_TRUNCATED;
	rec_add(&r, &x, sizeof(x));
	rec_add(&r, "/a", 3);
	rec_add(&r, "sh\0abc", 6);
	assert_non_null(strstr(fmt(&r, false), "/a abc [truncated]"));
	assert_non_null(strstr(fmt(&r, true), "\"args\":[\"sh\",\"abc\"],\"result\":0,"
					      "\"old_pid\":0,\"truncated\":true}"));
}

static void test_exit(void **state)
{
	struct bbpf_ev_exit x = { .exit_code = 7, .lifetime_ns = 1234567890 };
	struct recbuf r;

	(void)state;
	rec_start(&r, BBPF_EV_EXIT, "sh");
	rec_add(&r, &x, sizeof(x));
	assert_non_null(strstr(fmt(&r, false), " sh               code 7 after 1.234s"));
	assert_json(&r, "exit", "sh",
		    ",\"exit_code\":7,\"signal\":0,\"core_dumped\":false,\"lifetime_ns\":1234567890");

	x = (struct bbpf_ev_exit){ .exit_code = -1, .signal = 11, .lifetime_ns = 5000000 };
	rec_start(&r, BBPF_EV_EXIT, "crash");
	hdr(&r)->flags = BBPF_EVF_CORE_DUMP;
	rec_add(&r, &x, sizeof(x));
	assert_non_null(strstr(fmt(&r, false), "killed by SIGSEGV (core dumped) after 0.005s"));
	assert_json(&r, "exit", "crash",
		    ",\"exit_code\":null,\"signal\":11,\"signal_name\":\"SIGSEGV\","
		    "\"core_dumped\":true,\"lifetime_ns\":5000000");
}

static void test_fork_oom(void **state)
{
	struct bbpf_ev_fork fk = { .child_pid = 555 };
	struct bbpf_ev_oom oom = { .victim_pid = 77, .victim_uid = 0, .total_vm_kb = 1024,
				   .anon_rss_kb = 900, .file_rss_kb = 10, .shmem_rss_kb = 2,
				   .oom_score_adj = -100, .victim_comm = "hog" };
	struct recbuf r;

	(void)state;
	rec_start(&r, BBPF_EV_FORK, "bash");
	rec_add(&r, &fk, sizeof(fk));
	assert_non_null(strstr(fmt(&r, false), "bash             child 555"));
	assert_json(&r, "fork", "bash", ",\"child_pid\":555");

	rec_start(&r, BBPF_EV_OOM, "alloc");
	rec_add(&r, &oom, sizeof(oom));
	assert_non_null(strstr(fmt(&r, false), "killed 77 (hog) total-vm 1024 kB, anon-rss 900 kB, "
					       "file-rss 10 kB, shmem-rss 2 kB"));
	assert_json(&r, "oom", "alloc",
		    ",\"victim_pid\":77,\"victim_comm\":\"hog\",\"victim_uid\":0,"
		    "\"total_vm_kb\":1024,\"anon_rss_kb\":900,\"file_rss_kb\":10,"
		    "\"shmem_rss_kb\":2,\"oom_score_adj\":-100");
	/* Kernels before 6.8: the victim's pid only. */
	hdr(&r)->flags = BBPF_EVF_NO_DETAIL;
	assert_json(&r, "oom", "alloc", ",\"victim_pid\":77");
}

static void test_connect_accept(void **state)
{
	struct bbpf_ev_sock s = { .family = 2, .sport = 40000, .dport = 8080,
				  .latency_ns = 52000, .saddr = { 127, 0, 0, 1 },
				  .daddr = { 10, 1, 2, 3 } };
	struct recbuf r;

	(void)state;
	rec_start(&r, BBPF_EV_CONNECT, "curl");
	rec_add(&r, &s, sizeof(s));
	assert_non_null(strstr(fmt(&r, false), "127.0.0.1:40000 -> 10.1.2.3:8080 ok 0.052 ms"));
	assert_json(&r, "connect", "curl",
		    ",\"result\":0,\"family\":\"inet\",\"saddr\":\"127.0.0.1\","
		    "\"daddr\":\"10.1.2.3\",\"sport\":40000,\"dport\":8080,\"latency_ns\":52000");

	memset(s.saddr, 0, 16);
	memset(s.daddr, 0, 16);
	s.saddr[15] = 1;
	s.daddr[0] = 0xfe, s.daddr[1] = 0x80, s.daddr[15] = 0x2a;
	s.family = 10;
	s.result = -ECONNREFUSED;
	rec_start(&r, BBPF_EV_CONNECT, "curl");
	hdr(&r)->flags = BBPF_EVF_IPV6;
	rec_add(&r, &s, sizeof(s));
	assert_non_null(strstr(fmt(&r, false), "[::1]:40000 -> [fe80::2a]:8080 ECONNREFUSED after"));
	assert_non_null(strstr(fmt(&r, true), "\"result\":-111,\"error\":\"ECONNREFUSED\","
					      "\"family\":\"inet6\",\"saddr\":\"::1\","
					      "\"daddr\":\"fe80::2a\""));

	s.result = 0;
	rec_start(&r, BBPF_EV_ACCEPT, "nginx");
	hdr(&r)->flags = BBPF_EVF_IPV6;
	rec_add(&r, &s, sizeof(s));
	assert_non_null(strstr(fmt(&r, false), "[::1]:40000 <- [fe80::2a]:8080"));
	assert_json(&r, "accept", "nginx",
		    ",\"result\":0,\"family\":\"inet6\",\"saddr\":\"::1\",\"daddr\":\"fe80::2a\","
		    "\"sport\":40000,\"dport\":8080");
	/* A failed accept has no addresses. */
	memset(&s, 0, sizeof(s));
	s.result = -EMFILE;
	rec_start(&r, BBPF_EV_ACCEPT, "nginx");
	rec_add(&r, &s, sizeof(s));
	assert_non_null(strstr(fmt(&r, false), "failed EMFILE"));
	assert_json(&r, "accept", "nginx", ",\"result\":-24,\"error\":\"EMFILE\"");
}

static void test_fadvise_memory(void **state)
{
	struct bbpf_ev_fadvise fa = { .fd = 3, .advice = 4, .offset = 4096, .len = -1 };
	struct bbpf_ev_memory m = { .pages = 4096, .rss_pages = 30000, .page_size_shift = 12 };
	struct recbuf r;

	(void)state;
	rec_start(&r, BBPF_EV_FADVISE, "dd");
	rec_add(&r, &fa, sizeof(fa));
	assert_non_null(strstr(fmt(&r, false), "fd 3 offset 4096 len -1 DONTNEED"));
	assert_json(&r, "fadvise", "dd",
		    ",\"fd\":3,\"offset\":4096,\"len\":-1,\"advice\":4,\"advice_name\":\"DONTNEED\"");

	rec_start(&r, BBPF_EV_MEMORY, "java");
	rec_add(&r, &m, sizeof(m));
	assert_non_null(strstr(fmt(&r, false), "+16.0 MiB allocated, rss 117.1 MiB"));
	assert_json(&r, "memory", "java",
		    ",\"pages\":4096,\"bytes\":16777216,\"rss_pages\":30000,\"rss_bytes\":122880000");
}

static void test_signal_open(void **state)
{
	struct bbpf_ev_signal sg = { .sig = 9, .target_pid = 4321, .target_comm = "sleep" };
	struct bbpf_ev_open op = { .result = -EACCES, .flags = 0x80000, .filename_len = 12 };
	struct recbuf r;

	(void)state;
	rec_start(&r, BBPF_EV_SIGNAL, "kill");
	rec_add(&r, &sg, sizeof(sg));
	assert_non_null(strstr(fmt(&r, false), "SIGKILL -> 4321 (sleep)"));
	assert_json(&r, "signal", "kill",
		    ",\"signal\":9,\"signal_name\":\"SIGKILL\",\"target_pid\":4321,"
		    "\"target_comm\":\"sleep\",\"code\":0,\"delivery\":0");

	rec_start(&r, BBPF_EV_OPEN, "cat");
	rec_add(&r, &op, sizeof(op));
	rec_add(&r, "/etc/shadow", 12);
	assert_non_null(strstr(fmt(&r, false), "/etc/shadow EACCES flags 0x80000"));
	assert_json(&r, "open", "cat",
		    ",\"filename\":\"/etc/shadow\",\"result\":-13,\"error\":\"EACCES\","
		    "\"flags\":524288");
}

/* Quotes, backslashes, controls and bytes >= 0x80 always give valid JSON and plain text. */
static void test_escaping(void **state)
{
	struct bbpf_ev_fork fk = { .child_pid = 1 };
	struct recbuf r;

	(void)state;
	rec_start(&r, BBPF_EV_FORK, "a\"b\\c\n\x01\xff");
	rec_add(&r, &fk, sizeof(fk));
	assert_non_null(strstr(fmt(&r, true), "\"comm\":\"a\\\"b\\\\c\\n\\u0001\\u00ff\""));
	assert_non_null(strstr(fmt(&r, false), " a\"b\\x5cc\\x0a\\x01\\xff "));
}

static int try_fmt(const void *p, size_t n, bool json)
{
	struct trace_fmt f = { .json = json, .utc = true };

	return trace_fmt_record(&f, p, n, line, sizeof(line));
}

/* Every prefix of every sample record, in a buffer of exactly that size. */
static void test_truncations(void **state)
{
	struct recbuf r;
	size_t n;
	uint8_t *copy;

	(void)state;
	make_exec(&r, 0);
	for (n = 0; n < r.len; n++) {
		copy = malloc(n ? n : 1);
		memcpy(copy, r.b, n);
		assert_int_equal(try_fmt(copy, n, false), -EINVAL);
		assert_int_equal(try_fmt(copy, n, true), -EINVAL);
		free(copy);
	}
	assert_true(try_fmt(r.b, r.len, true) > 0);
	/* A header that claims less than the type's fixed payload. */
	hdr(&r)->len = sizeof(struct bbpf_ev_exec) - 1;
	assert_int_equal(try_fmt(r.b, r.len, true), -EINVAL);
	/* Lengths of the tail past the record. */
	make_exec(&r, 0);
	((struct bbpf_ev_exec *)(r.b + sizeof(struct bbpf_ev_hdr)))->args_len += 1;
	assert_int_equal(try_fmt(r.b, r.len, true), -EINVAL);
	/* Unknown type, unknown version, NULL. */
	make_exec(&r, 0);
	hdr(&r)->type = BBPF_EV_TYPE_CNT;
	assert_int_equal(try_fmt(r.b, r.len, true), -EINVAL);
	hdr(&r)->type = 0;
	assert_int_equal(try_fmt(r.b, r.len, true), -EINVAL);
	make_exec(&r, 0);
	hdr(&r)->version = 2;
	assert_int_equal(try_fmt(r.b, r.len, false), -EINVAL);
	assert_int_equal(try_fmt(NULL, 100, false), -EINVAL);
}

/* Padding after the payload (perf buffer samples are rounded up) is ignored. */
static void test_perf_alignment(void **state)
{
	struct recbuf r;
	uint8_t *raw;
	char want[TRACE_LINE_MAX];

	(void)state;
	make_exec(&r, 0);
	strcpy(want, fmt(&r, true));
	raw = malloc(r.len + 12);
	memcpy(raw + 4, r.b, r.len); /* 4-byte aligned, as after a perf sample's size */
	memset(raw + 4 + r.len, 0xee, 8);
	assert_true(try_fmt(raw + 4, r.len + 8, true) > 0);
	line[strlen(line) - 1] = 0;
	assert_string_equal(line, want);
	free(raw);
}

static void test_small_buffer(void **state)
{
	struct trace_fmt f = { .json = true };
	struct recbuf r;
	char small[40];

	(void)state;
	make_exec(&r, 0);
	assert_int_equal(trace_fmt_record(&f, r.b, r.len, small, sizeof(small)), -ENOSPC);
	assert_int_equal(trace_fmt_record(&f, r.b, r.len, small, 0), -ENOSPC);
	/* Only lines written count. */
	assert_int_equal(f.counts[BBPF_EV_EXEC], 0);
	assert_true(trace_fmt_record(&f, r.b, r.len, line, sizeof(line)) > 0);
	assert_int_equal(f.counts[BBPF_EV_EXEC], 1);
}

/* Random records of every type: any result, but no read past the end (ASan). */
static void test_random_records(void **state)
{
	uint32_t seed = 12345;
	int i, ok = 0;
	size_t n, j;
	uint8_t *p;

	(void)state;
	for (i = 0; i < 20000; i++) {
		n = sizeof(struct bbpf_ev_hdr) + (seed % 700);
		p = malloc(n);
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			p[j] = seed >> 16;
		}
		((struct bbpf_ev_hdr *)p)->version = BBPF_EV_VERSION;
		((struct bbpf_ev_hdr *)p)->type = i % (BBPF_EV_TYPE_CNT + 1);
		((struct bbpf_ev_hdr *)p)->len = (seed >> 8) % (n - sizeof(struct bbpf_ev_hdr) + 8);
		ok += try_fmt(p, n, i & 1) > 0;
		free(p);
	}
	assert_true(ok > 1000); /* most types' fixed payloads fit: those print */
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(trace_event_find("exec"), BBPF_EV_EXEC);
	assert_int_equal(trace_event_find("open"), BBPF_EV_OPEN);
	assert_int_equal(trace_event_find("nope"), -ENOENT);
	assert_string_equal(trace_event_name(BBPF_EV_CONNECT), "connect");
	assert_null(trace_event_name(0));
	assert_null(trace_event_name(999));
	assert_string_equal(trace_signal_name(15), "SIGTERM");
	assert_null(trace_signal_name(64));
	assert_string_equal(bbpf_errno_name(-ETIMEDOUT), "ETIMEDOUT");
	assert_null(bbpf_errno_name(4000));
	assert_string_equal(trace_advice_name(2), "SEQUENTIAL");
	assert_null(trace_advice_name(6));
	assert_non_null(strstr(trace_fmt_table_head(), "DETAILS"));
}

/* --events LIST, and the program-name convention of the collector. */
static void test_select(void **state)
{
	const char *bad = NULL;
	uint32_t mask = 0;

	(void)state;
	assert_int_equal(trace_parse_events("exec,connect", &mask, &bad), 0);
	assert_int_equal(mask, 1u << BBPF_EV_EXEC | 1u << BBPF_EV_CONNECT);
	assert_int_equal(trace_parse_events("all", &mask, &bad), 0);
	assert_int_equal(mask, trace_all_events());
	assert_int_equal(__builtin_popcount(mask), BBPF_EV_TYPE_CNT - 1);
	assert_int_equal(trace_parse_events("exec,bogus,exit", &mask, &bad), -EINVAL);
	assert_string_equal(bad, "bogus,exit");
	assert_int_equal(trace_parse_events("exec,,exit", &mask, &bad), -EINVAL);
	assert_int_equal(trace_parse_events("", &mask, &bad), -EINVAL);
	assert_int_equal(trace_parse_events("exe", &mask, &bad), -EINVAL);
	assert_int_equal(trace_prog_event("connect_state"), BBPF_EV_CONNECT);
	assert_int_equal(trace_prog_event("exec_exit_at"), BBPF_EV_EXEC);
	assert_int_equal(trace_prog_event("exit_sched"), BBPF_EV_EXIT);
	assert_int_equal(trace_prog_event("execsnoop"), -ENOENT);
	assert_int_equal(trace_prog_event("nope_x"), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exec),	       cmocka_unit_test(test_exec_cut_args),
		cmocka_unit_test(test_exit),	       cmocka_unit_test(test_fork_oom),
		cmocka_unit_test(test_connect_accept), cmocka_unit_test(test_fadvise_memory),
		cmocka_unit_test(test_signal_open),    cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_truncations),    cmocka_unit_test(test_perf_alignment),
		cmocka_unit_test(test_small_buffer),   cmocka_unit_test(test_random_records),
		cmocka_unit_test(test_names),	       cmocka_unit_test(test_select),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
