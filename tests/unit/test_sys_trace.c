// SPDX-License-Identifier: BSD-2-Clause
/*
 * --syscalls' decoder (loader/sys/trace*.c): each call's fields by name, as
 * text and as JSON, results and errnos in words, and the steps calls are
 * printed under. No kernel: attrs are filled here as the wrappers fill them.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sys/mman.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <barebpf/sys.h>
#include "internal/compiler.h"
#include "../../loader/sys/trace.h"
#include "../helpers/log_capture.h"

static void out_init(struct bbpf__sc_out *o, bool json)
{
	memset(o, 0, sizeof(*o));
	o->json = json;
}

static void test_map_create(void **state)
{
	struct bbpf__sc_out o;
	union bpf_attr a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_RINGBUF;
	strcpy(a.map_name, "events");
	a.max_entries = 8 << 20;
	a.map_flags = BPF_F_MMAPABLE | BPF_F_RDONLY_PROG | (1U << 30);
	out_init(&o, false);
	bbpf__sc_bpf_attr(&o, BPF_MAP_CREATE, &a, sizeof(a));
	assert_string_equal(o.buf, " {map_type=RINGBUF, map_name=\"events\", key_size=0, "
				   "value_size=0, max_entries=8388608, "
				   "map_flags=RDONLY_PROG|MMAPABLE|0x40000000}");
	out_init(&o, true);
	bbpf__sc_bpf_attr(&o, BPF_MAP_CREATE, &a, sizeof(a));
	assert_string_equal(o.buf, ",\"args\":{\"map_type\":\"RINGBUF\",\"map_name\":\"events\","
				   "\"key_size\":0,\"value_size\":0,\"max_entries\":8388608,"
				   "\"map_flags\":\"RDONLY_PROG|MMAPABLE|0x40000000\"}");
}

static void test_prog_load(void **state)
{
	static const char license[] = "GPL";
	struct bbpf__sc_out o;
	union bpf_attr a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_TRACING;
	strcpy(a.prog_name, "on_exec");
	a.insn_cnt = 42;
	a.license = (unsigned long)license;
	a.expected_attach_type = BPF_TRACE_FENTRY;
	a.prog_flags = BPF_F_SLEEPABLE;
	a.attach_btf_id = 1234;
	a.log_level = 1;
	a.log_size = 65536;
	out_init(&o, false);
	bbpf__sc_bpf_attr(&o, BPF_PROG_LOAD, &a, sizeof(a));
	assert_string_equal(o.buf, " {prog_type=TRACING, prog_name=\"on_exec\", insn_cnt=42, "
				   "license=\"GPL\", expected_attach_type=TRACE_FENTRY, "
				   "prog_flags=SLEEPABLE, attach_btf_id=1234, log_level=1, "
				   "log_size=65536}");
}

/* Only the bytes the kernel was given are decoded: a short size hides the rest. */
static void test_attr_size(void **state)
{
	struct bbpf__sc_out o;
	union bpf_attr a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_HASH;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 16;
	out_init(&o, false);
	bbpf__sc_bpf_attr(&o, BPF_MAP_CREATE, &a, offsetof(union bpf_attr, max_entries));
	assert_non_null(strstr(o.buf, "value_size=8, max_entries=0"));
}

static void test_other_cmds(void **state)
{
	static const char path[] = "/sys/fs/bpf/x\"y";
	struct bbpf__sc_out o;
	union bpf_attr a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.map_fd = 5;
	a.flags = BPF_NOEXIST | BPF_F_LOCK;
	out_init(&o, false);
	bbpf__sc_bpf_attr(&o, BPF_MAP_UPDATE_ELEM, &a, sizeof(a));
	assert_string_equal(o.buf, " {map_fd=5, flags=NOEXIST|F_LOCK}");

	memset(&a, 0, sizeof(a));
	a.pathname = (unsigned long)path;
	a.bpf_fd = 7;
	out_init(&o, true);
	bbpf__sc_bpf_attr(&o, BPF_OBJ_PIN, &a, sizeof(a));
	assert_string_equal(o.buf, ",\"args\":{\"pathname\":\"/sys/fs/bpf/x\\\"y\",\"bpf_fd\":7}");

	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = 6;
	a.link_create.target_fd = (__u32)-1;
	a.link_create.attach_type = BPF_CGROUP_INET_INGRESS;
	a.link_create.flags = BPF_F_ALLOW_MULTI;
	out_init(&o, false);
	bbpf__sc_bpf_attr(&o, BPF_LINK_CREATE, &a, sizeof(a));
	assert_string_equal(o.buf, " {prog_fd=6, target_fd=-1, attach_type=CGROUP_INET_INGRESS, "
				   "flags=ALLOW_MULTI}");
	assert_true(bbpf__sc_bpf_returns_fd(BPF_LINK_CREATE));
	assert_false(bbpf__sc_bpf_returns_fd(BPF_MAP_UPDATE_ELEM));
}

static void test_results(void **state)
{
	struct bbpf__sc_out o;

	(void)state;
	out_init(&o, false);
	bbpf__sc_result(&o, 5, BBPF__SC_FD, 20000);
	assert_string_equal(o.buf, " = fd 5 (0.020 ms)");
	out_init(&o, false);
	bbpf__sc_result(&o, -EACCES, BBPF__SC_FD, 0);
	assert_string_equal(o.buf, " = -1 EACCES (Permission denied) (0.000 ms)");
	out_init(&o, false);
	bbpf__sc_result(&o, -524, BBPF__SC_NUM, 0);
	assert_non_null(strstr(o.buf, " = -1 ENOTSUPP (Operation not supported by the kernel"));
	out_init(&o, true);
	bbpf__sc_result(&o, -EPERM, BBPF__SC_NUM, 1500000);
	assert_string_equal(o.buf, ",\"ret\":-1,\"errno\":\"EPERM\","
				   "\"error\":\"Operation not permitted\",\"ms\":1.500}");
	out_init(&o, true);
	bbpf__sc_result(&o, 0x7f0000001000L, BBPF__SC_ADDR, 0);
	assert_string_equal(o.buf, ",\"ret\":\"0x7f0000001000\",\"ms\":0.000}");
}

static void test_perf_mmap_ioctl(void **state)
{
	struct perf_event_attr pa;
	struct bbpf__sc_out o;

	(void)state;
	memset(&pa, 0, sizeof(pa));
	pa.type = PERF_TYPE_SOFTWARE;
	pa.config = PERF_COUNT_SW_BPF_OUTPUT;
	pa.sample_type = PERF_SAMPLE_RAW;
	pa.sample_period = 1;
	pa.wakeup_events = 1;
	out_init(&o, false);
	bbpf__sc_perf_attr(&o, &pa, -1, 3, -1, PERF_FLAG_FD_CLOEXEC);
	assert_string_equal(o.buf, " {type=SOFTWARE, config=BPF_OUTPUT, sample_type=0x400, "
				   "sample_period=1, wakeup_events=1, pid=-1, cpu=3, "
				   "flags=FD_CLOEXEC}");
	out_init(&o, false);
	bbpf__sc_mmap_args(&o, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, 9, 0);
	assert_string_equal(o.buf, " {len=4096, prot=READ|WRITE, flags=SHARED, fd=9, off=0}");
	assert_string_equal(bbpf__sc_ioctl_name(PERF_EVENT_IOC_SET_BPF), "PERF_EVENT_IOC_SET_BPF");
	assert_null(bbpf__sc_ioctl_name(0x5401));
}

static void test_netlink(void **state)
{
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} ack = { 0 };
	struct {
		struct nlmsghdr h;
		char pad[16];
	} req = { 0 };
	char two[sizeof(req) + sizeof(ack)];
	struct bbpf__sc_out o;

	(void)state;
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = RTM_NEWTFILTER;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	req.h.nlmsg_seq = 7;
	ack.h.nlmsg_len = sizeof(ack);
	ack.h.nlmsg_type = NLMSG_ERROR;
	ack.h.nlmsg_seq = 7;
	ack.e.error = -EEXIST;
	memcpy(two, &req, sizeof(req));
	memcpy(two + sizeof(req), &ack, sizeof(ack));
	out_init(&o, false);
	bbpf__sc_netlink_msgs(&o, two, sizeof(two));
	assert_string_equal(o.buf, " {type=RTM_NEWTFILTER, flags=REQUEST|ACK|EXCL|CREATE, seq=7, "
				   "len=32} {type=ERROR, flags=0, seq=7, len=36, error=-17}");
	out_init(&o, true);
	bbpf__sc_netlink_msgs(&o, two, sizeof(two));
	assert_non_null(strstr(o.buf, ",\"msgs\":[{\"type\":\"RTM_NEWTFILTER\""));
	assert_non_null(strstr(o.buf, "},{\"type\":\"ERROR\""));
	/* A cut or lying header ends the walk; nothing is read past @len. */
	out_init(&o, false);
	bbpf__sc_netlink_msgs(&o, two, sizeof(req) + 8);
	assert_string_equal(o.buf, " {type=RTM_NEWTFILTER, flags=REQUEST|ACK|EXCL|CREATE, seq=7, "
				   "len=32}");
	req.h.nlmsg_len = 4096;
	out_init(&o, false);
	bbpf__sc_netlink_msgs(&o, &req, sizeof(req));
	assert_string_equal(o.buf, "");
}

/* A line too long for the buffer is cut, never overflowed, and stays a C string. */
static void test_long_line(void **state)
{
	struct bbpf__sc_out o;
	char big[4000];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	out_init(&o, false);
	bbpf__sc_open(&o);
	bbpf__sc_str(&o, "s", big, sizeof(big));
	bbpf__sc_str(&o, "t", big, sizeof(big));
	bbpf__sc_close(&o);
	assert_int_equal(o.len, sizeof(o.buf) - 1);
	assert_int_equal(strlen(o.buf), o.len);
}

/* Steps and calls reach the print hook at BBPF_SYSCALL, indented under their step. */
static void test_steps(void **state)
{
	union bpf_attr a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.map_fd = 3;
	assert_int_equal(bbpf_sys_trace_set(BBPF_SYS_TRACE_TEXT), BBPF_SYS_TRACE_OFF);
	log_capture_start(BBPF_SYSCALL);
	bbpf__sc_step(0, "load object '%s'", "x");
	bbpf__sc_step(1, "load map '%s'", "m");
	bbpf__sc_bpf(BPF_MAP_FREEZE, &a, sizeof(a), 0, 0);
	bbpf__sc_step_end();
	bbpf__sc_bpf(BPF_MAP_FREEZE, &a, sizeof(a), -EBADF, 0);
	log_capture_stop();
	assert_string_equal(log_msgs, "S:load object 'x'\n"
				      "S:  load map 'm'\n"
				      "S:    bpf BPF_MAP_FREEZE {map_fd=3} = 0 (0.000 ms)\n"
				      "S:bpf BPF_MAP_FREEZE {map_fd=3} = -1 EBADF (Bad file "
				      "descriptor) (0.000 ms)\n");

	assert_int_equal(bbpf_sys_trace_set(BBPF_SYS_TRACE_JSON), BBPF_SYS_TRACE_TEXT);
	log_capture_start(BBPF_SYSCALL);
	bbpf__sc_step(1, "load map '%s'", "m\"");
	bbpf__sc_bpf(BPF_MAP_FREEZE, &a, sizeof(a), 0, 0);
	bbpf__sc_step_end();
	log_capture_stop();
	assert_string_equal(log_msgs, "S:{\"type\":\"step\",\"depth\":1,\"step\":\"load map "
				      "'m\\\"'\"}\n"
				      "S:{\"type\":\"call\",\"depth\":2,\"step\":\"load map "
				      "'m\\\"'\",\"call\":\"bpf\",\"cmd\":\"BPF_MAP_FREEZE\","
				      "\"args\":{\"map_fd\":3},\"ret\":0,\"ms\":0.000}\n");

	/* Off: nothing reaches the hook, and bad modes are refused. */
	assert_int_equal(bbpf_sys_trace_set(BBPF_SYS_TRACE_OFF), BBPF_SYS_TRACE_JSON);
	assert_int_equal(bbpf_sys_trace_set(7), -EINVAL);
	log_capture_start(BBPF_SYSCALL);
	bbpf__sc_step(0, "quiet");
	bbpf__sc_bpf(BPF_MAP_FREEZE, &a, sizeof(a), 0, 0);
	log_capture_stop();
	assert_string_equal(log_msgs, "");
	assert_int_equal(bbpf__sc_begin(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_create), cmocka_unit_test(test_prog_load),
		cmocka_unit_test(test_attr_size),  cmocka_unit_test(test_other_cmds),
		cmocka_unit_test(test_results),	   cmocka_unit_test(test_perf_mmap_ioctl),
		cmocka_unit_test(test_netlink),	   cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_steps),
	};

	unsetenv("BAREBPF_SYSCALLS");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
