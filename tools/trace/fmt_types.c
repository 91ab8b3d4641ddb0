// SPDX-License-Identifier: BSD-2-Clause
/*
 * Per-event details: the table's last column and the event's own JSON
 * members. Field names are part of the CLI contract (README, "barebpf
 * trace"): add new ones, never rename.
 */
#include <errno.h>
#include <string.h>

#include <barebpf/ns.h>

#include "fmt_internal.h"

/* ---- shared pieces ---- */

/* " ENOENT" or " error 123" for a negative result. */
static void text_result(struct tout *o, int res)
{
	const char *name = bbpf_errno_name(res);

	out_char(o, ' ');
	if (name) {
		out_str(o, name);
		return;
	}
	out_str(o, "error ");
	out_s64(o, -(int64_t)res);
}

static void json_result(struct tout *o, int res)
{
	const char *name = res < 0 ? bbpf_errno_name(res) : NULL;

	out_kv_s64(o, "result", res);
	if (name)
		out_kv_str(o, "error", name, strlen(name));
}

static void out_signal_name(struct tout *o, int sig)
{
	const char *name = trace_signal_name(sig);

	if (name) {
		out_str(o, name);
		return;
	}
	out_str(o, "signal ");
	out_s64(o, sig);
}

/* Nanoseconds as seconds with 3 decimals: "1.234s". */
static void out_secs(struct tout *o, uint64_t ns)
{
	uint64_t ms = ns / 1000000;

	out_u64(o, ms / 1000);
	out_char(o, '.');
	out_char(o, '0' + ms / 100 % 10);
	out_char(o, '0' + ms / 10 % 10);
	out_char(o, '0' + ms % 10);
	out_char(o, 's');
}

/* ---- exec ---- */

static int exec_check(const struct rec *r)
{
	const struct bbpf_ev_exec *x = &r->u.exec;

	return (size_t)x->filename_len + x->args_len > r->tail_len ? -EINVAL : 0;
}

/* The next argument of [*p, end): it ends at a NUL or at @end (a cut one). */
static size_t next_arg(const char **p, const char *end, const char **arg)
{
	const char *nul = memchr(*p, 0, end - *p);
	size_t n = nul ? (size_t)(nul - *p) : (size_t)(end - *p);

	*arg = *p;
	*p += nul ? n + 1 : n;
	return n;
}

static void exec_text(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_exec *x = &r->u.exec;
	const char *p = r->tail + x->filename_len, *end = p + x->args_len, *arg;
	size_t n;
	int i;

	out_text_str(o, r->tail, x->filename_len);
	for (i = 0; p < end; i++) {
		n = next_arg(&p, end, &arg);
		if (!i)
			continue; /* argv[0]: the filename says it */
		out_char(o, ' ');
		out_text_str(o, arg, n);
	}
	if (x->result < 0)
		text_result(o, x->result);
}

static void exec_json(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_exec *x = &r->u.exec;
	const char *p = r->tail + x->filename_len, *end = p + x->args_len, *arg;
	size_t n;
	int i;

	out_kv_str(o, "filename", r->tail, x->filename_len);
	out_key(o, "args");
	out_char(o, '[');
	for (i = 0; p < end; i++) {
		n = next_arg(&p, end, &arg);
		if (i)
			out_char(o, ',');
		out_json_str(o, arg, n);
	}
	out_char(o, ']');
	json_result(o, x->result);
	out_kv_u64(o, "old_pid", x->old_pid);
}

/* ---- exit, fork ---- */

static void exit_text(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_exit *x = &r->u.exit;

	if (x->signal) {
		out_str(o, "killed by ");
		out_signal_name(o, x->signal);
		if (r->h.flags & BBPF_EVF_CORE_DUMP)
			out_str(o, " (core dumped)");
	} else {
		out_str(o, "code ");
		out_s64(o, x->exit_code);
	}
	out_str(o, " after ");
	out_secs(o, x->lifetime_ns);
}

static void exit_json(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_exit *x = &r->u.exit;
	const char *name = trace_signal_name(x->signal);

	if (x->signal) {
		out_key(o, "exit_code");
		out_str(o, "null");
	} else {
		out_kv_s64(o, "exit_code", x->exit_code);
	}
	out_kv_s64(o, "signal", x->signal);
	if (name)
		out_kv_str(o, "signal_name", name, strlen(name));
	out_kv_bool(o, "core_dumped", r->h.flags & BBPF_EVF_CORE_DUMP);
	out_kv_u64(o, "lifetime_ns", x->lifetime_ns);
}

static void fork_text(struct tout *o, const struct rec *r)
{
	out_str(o, "child ");
	out_u64(o, r->u.fork.child_pid);
}

static void fork_json(struct tout *o, const struct rec *r)
{
	out_kv_u64(o, "child_pid", r->u.fork.child_pid);
}

/* ---- oom ---- */

static void oom_text(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_oom *x = &r->u.oom;

	out_str(o, "killed ");
	out_u64(o, x->victim_pid);
	if (r->h.flags & BBPF_EVF_NO_DETAIL)
		return;
	out_str(o, " (");
	out_text_str(o, x->victim_comm, sizeof(x->victim_comm));
	out_str(o, ") total-vm ");
	out_u64(o, x->total_vm_kb);
	out_str(o, " kB, anon-rss ");
	out_u64(o, x->anon_rss_kb);
	out_str(o, " kB, file-rss ");
	out_u64(o, x->file_rss_kb);
	out_str(o, " kB, shmem-rss ");
	out_u64(o, x->shmem_rss_kb);
	out_str(o, " kB");
}

static void oom_json(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_oom *x = &r->u.oom;

	out_kv_u64(o, "victim_pid", x->victim_pid);
	if (r->h.flags & BBPF_EVF_NO_DETAIL)
		return;
	out_kv_str(o, "victim_comm", x->victim_comm, sizeof(x->victim_comm));
	out_kv_u64(o, "victim_uid", x->victim_uid);
	out_kv_u64(o, "total_vm_kb", x->total_vm_kb);
	out_kv_u64(o, "anon_rss_kb", x->anon_rss_kb);
	out_kv_u64(o, "file_rss_kb", x->file_rss_kb);
	out_kv_u64(o, "shmem_rss_kb", x->shmem_rss_kb);
	out_kv_s64(o, "oom_score_adj", x->oom_score_adj);
}

/* ---- connect, accept ---- */

static void out_endpoint(struct tout *o, bool v6, const uint8_t *addr, unsigned int port)
{
	if (v6)
		out_char(o, '[');
	out_ip(o, v6, addr);
	if (v6)
		out_char(o, ']');
	out_char(o, ':');
	out_u64(o, port);
}

static void sock_text(struct tout *o, const struct rec *r, const char *arrow)
{
	const struct bbpf_ev_sock *x = &r->u.sock;
	bool v6 = r->h.flags & BBPF_EVF_IPV6;

	if (x->result < 0 && !x->family) {
		out_str(o, "failed");
		text_result(o, x->result);
		return;
	}
	out_endpoint(o, v6, x->saddr, x->sport);
	out_str(o, arrow);
	out_endpoint(o, v6, x->daddr, x->dport);
	if (x->result < 0)
		text_result(o, x->result);
}

static void connect_text(struct tout *o, const struct rec *r)
{
	uint64_t us = r->u.sock.latency_ns / 1000;

	sock_text(o, r, " -> ");
	out_str(o, r->u.sock.result < 0 ? " after " : " ok ");
	out_u64(o, us / 1000);
	out_char(o, '.');
	out_char(o, '0' + us / 100 % 10);
	out_char(o, '0' + us / 10 % 10);
	out_char(o, '0' + us % 10);
	out_str(o, " ms");
}

static void accept_text(struct tout *o, const struct rec *r)
{
	sock_text(o, r, " <- ");
}

static void sock_json(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_sock *x = &r->u.sock;
	bool v6 = r->h.flags & BBPF_EVF_IPV6;

	json_result(o, x->result);
	if (!x->family)
		return;
	out_key(o, "family");
	out_str(o, v6 ? "\"inet6\"" : "\"inet\"");
	out_key(o, "saddr");
	out_char(o, '"');
	out_ip(o, v6, x->saddr);
	out_char(o, '"');
	out_key(o, "daddr");
	out_char(o, '"');
	out_ip(o, v6, x->daddr);
	out_char(o, '"');
	out_kv_u64(o, "sport", x->sport);
	out_kv_u64(o, "dport", x->dport);
}

static void connect_json(struct tout *o, const struct rec *r)
{
	sock_json(o, r);
	out_kv_u64(o, "latency_ns", r->u.sock.latency_ns);
}

/* ---- fadvise, memory ---- */

static void fadvise_text(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_fadvise *x = &r->u.fadvise;
	const char *name = trace_advice_name(x->advice);

	out_str(o, "fd ");
	out_s64(o, x->fd);
	out_str(o, " offset ");
	out_s64(o, x->offset);
	out_str(o, " len ");
	out_s64(o, x->len);
	out_char(o, ' ');
	if (name)
		out_str(o, name);
	else
		out_s64(o, x->advice);
}

static void fadvise_json(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_fadvise *x = &r->u.fadvise;
	const char *name = trace_advice_name(x->advice);

	out_kv_s64(o, "fd", x->fd);
	out_kv_s64(o, "offset", x->offset);
	out_kv_s64(o, "len", x->len);
	out_kv_s64(o, "advice", x->advice);
	if (name)
		out_kv_str(o, "advice_name", name, strlen(name));
}

static uint64_t page_bytes(const struct bbpf_ev_memory *x, uint64_t pages)
{
	return x->page_size_shift < 32 ? pages << x->page_size_shift : 0;
}

/* Bytes as MiB with one decimal. */
static void out_mib(struct tout *o, uint64_t bytes)
{
	uint64_t tenths = bytes * 10 / (1024 * 1024);

	out_u64(o, tenths / 10);
	out_char(o, '.');
	out_char(o, '0' + tenths % 10);
	out_str(o, " MiB");
}

static void memory_text(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_memory *x = &r->u.memory;

	out_char(o, '+');
	out_mib(o, page_bytes(x, x->pages));
	out_str(o, " allocated, rss ");
	out_mib(o, page_bytes(x, x->rss_pages));
}

static void memory_json(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_memory *x = &r->u.memory;

	out_kv_u64(o, "pages", x->pages);
	out_kv_u64(o, "bytes", page_bytes(x, x->pages));
	out_kv_u64(o, "rss_pages", x->rss_pages);
	out_kv_u64(o, "rss_bytes", page_bytes(x, x->rss_pages));
}

/* ---- signal, open ---- */

static void signal_text(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_signal *x = &r->u.signal;

	out_signal_name(o, x->sig);
	out_str(o, " -> ");
	out_u64(o, x->target_pid);
	out_str(o, " (");
	out_text_str(o, x->target_comm, sizeof(x->target_comm));
	out_char(o, ')');
	if (x->result) {
		out_str(o, " result ");
		out_s64(o, x->result);
	}
}

static void signal_json(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_signal *x = &r->u.signal;
	const char *name = trace_signal_name(x->sig);

	out_kv_s64(o, "signal", x->sig);
	if (name)
		out_kv_str(o, "signal_name", name, strlen(name));
	out_kv_u64(o, "target_pid", x->target_pid);
	out_kv_str(o, "target_comm", x->target_comm, sizeof(x->target_comm));
	out_kv_s64(o, "code", x->code);
	out_kv_s64(o, "delivery", x->result);
}

static int open_check(const struct rec *r)
{
	return r->u.open.filename_len > r->tail_len ? -EINVAL : 0;
}

static void open_text(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_open *x = &r->u.open;

	if (x->filename_len)
		out_text_str(o, r->tail, x->filename_len);
	else
		out_char(o, '?');
	text_result(o, x->result);
	out_str(o, " flags ");
	out_hex(o, (uint32_t)x->flags);
}

static void open_json(struct tout *o, const struct rec *r)
{
	const struct bbpf_ev_open *x = &r->u.open;

	out_kv_str(o, "filename", r->tail, x->filename_len);
	json_result(o, x->result);
	out_kv_s64(o, "flags", x->flags);
}

#define T(ev, name, st, check, text, json) [ev] = { name, sizeof(struct st), check, text, json }

static const struct type_fmt types[BBPF_EV_TYPE_CNT] = {
	T(BBPF_EV_EXEC, "exec", bbpf_ev_exec, exec_check, exec_text, exec_json),
	T(BBPF_EV_EXIT, "exit", bbpf_ev_exit, NULL, exit_text, exit_json),
	T(BBPF_EV_FORK, "fork", bbpf_ev_fork, NULL, fork_text, fork_json),
	T(BBPF_EV_OOM, "oom", bbpf_ev_oom, NULL, oom_text, oom_json),
	T(BBPF_EV_CONNECT, "connect", bbpf_ev_sock, NULL, connect_text, connect_json),
	T(BBPF_EV_ACCEPT, "accept", bbpf_ev_sock, NULL, accept_text, sock_json),
	T(BBPF_EV_FADVISE, "fadvise", bbpf_ev_fadvise, NULL, fadvise_text, fadvise_json),
	T(BBPF_EV_MEMORY, "memory", bbpf_ev_memory, NULL, memory_text, memory_json),
	T(BBPF_EV_SIGNAL, "signal", bbpf_ev_signal, NULL, signal_text, signal_json),
	T(BBPF_EV_OPEN, "open", bbpf_ev_open, open_check, open_text, open_json),
};

const struct type_fmt *trace__type_fmt(unsigned int type)
{
	return type < BBPF_EV_TYPE_CNT && types[type].name ? &types[type] : NULL;
}
