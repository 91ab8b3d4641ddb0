// SPDX-License-Identifier: BSD-2-Clause
/*
 * One collector record -> one line: validation, the common columns or JSON
 * members, then the event's own details (fmt_types.c).
 *
 * Records come from a ring buffer (8-byte aligned) or a perf buffer (4-byte
 * aligned after its size word), so header and payload are copied into
 * aligned locals before use; variable tails are read as bytes, within the
 * lengths checked here.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "fmt_internal.h"

_Static_assert(BBPF_EV_TYPE_CNT <= TRACE_TYPE_SLOTS, "fmt.h: TRACE_TYPE_SLOTS");

/* Column starts of the table. */
enum { COL_EVENT = 13, COL_PID = 21, COL_PPID = 29, COL_COMM = 37, COL_DETAIL = 54 };

const char *trace_fmt_table_head(void)
{
	return "TIME         EVENT   PID     PPID    COMM             DETAILS\n";
}

/* Checks the header and the type's own lengths; fills @r. */
static int parse_rec(const void *data, size_t sz, struct rec *r)
{
	const struct type_fmt *t;

	if (!data || sz < sizeof(r->h))
		return -EINVAL;
	memcpy(&r->h, data, sizeof(r->h));
	if (r->h.version != BBPF_EV_VERSION || r->h.len > sz - sizeof(r->h))
		return -EINVAL;
	t = trace__type_fmt(r->h.type);
	if (!t || r->h.len < t->min_len)
		return -EINVAL;
	r->t = t;
	r->tail = (const char *)data + sizeof(r->h) + t->min_len;
	r->tail_len = r->h.len - t->min_len;
	memset(&r->u, 0, sizeof(r->u));
	memcpy(&r->u, (const char *)data + sizeof(r->h), t->min_len);
	return t->check ? t->check(r) : 0;
}

/* HH:MM:SS.mmm of a record time, the seconds computed once per second. */
static void out_time(struct trace_fmt *f, struct tout *o, uint64_t ts)
{
	int64_t ns = (int64_t)ts + f->wall_offset_ns;
	int64_t sec = ns / 1000000000;
	unsigned int ms = (ns % 1000000000) / 1000000;
	struct tm tm;
	time_t t;

	if (sec != f->cached_sec || !f->cached_hms[0]) {
		t = sec;
		if (f->utc ? !gmtime_r(&t, &tm) : !localtime_r(&t, &tm))
			memset(&tm, 0, sizeof(tm));
		strftime(f->cached_hms, sizeof(f->cached_hms), "%H:%M:%S", &tm);
		f->cached_sec = sec;
	}
	out_str(o, f->cached_hms);
	out_char(o, '.');
	out_char(o, '0' + ms / 100);
	out_char(o, '0' + ms / 10 % 10);
	out_char(o, '0' + ms % 10);
}

static void text_line(struct trace_fmt *f, struct tout *o, const struct rec *r)
{
	const char *line = o->p;

	out_time(f, o, r->h.ts);
	out_pad(o, line, COL_EVENT);
	out_str(o, r->t->name);
	out_pad(o, line, COL_PID);
	out_u64(o, r->h.pid);
	out_pad(o, line, COL_PPID);
	out_u64(o, r->h.ppid);
	out_pad(o, line, COL_COMM);
	out_text_str(o, r->h.comm, sizeof(r->h.comm));
	out_pad(o, line, COL_DETAIL);
	r->t->text(o, r);
	if (r->h.flags & BBPF_EVF_TRUNCATED)
		out_str(o, " [truncated]");
}

static void json_line(struct tout *o, const struct rec *r)
{
	out_str(o, "{\"type\":\"");
	out_str(o, r->t->name);
	out_char(o, '"');
	out_kv_u64(o, "ts", r->h.ts);
	out_kv_u64(o, "pid", r->h.pid);
	out_kv_u64(o, "tid", r->h.tid);
	out_kv_u64(o, "ppid", r->h.ppid);
	out_kv_u64(o, "uid", r->h.uid);
	out_kv_u64(o, "gid", r->h.gid);
	out_kv_str(o, "comm", r->h.comm, sizeof(r->h.comm));
	out_kv_u64(o, "cpu", r->h.cpu);
	out_kv_u64(o, "cgroup_id", r->h.cgroup_id);
	out_kv_u64(o, "pidns_level", r->h.pidns_level);
	r->t->json(o, r);
	if (r->h.flags & BBPF_EVF_TRUNCATED)
		out_kv_bool(o, "truncated", true);
	out_char(o, '}');
}

int trace_fmt_record(struct trace_fmt *f, const void *data, size_t sz, char *buf, size_t cap)
{
	struct tout o;
	struct rec r;
	int err;

	err = parse_rec(data, sz, &r);
	if (err)
		return err;
	out_init(&o, buf, cap);
	if (f->json)
		json_line(&o, &r);
	else
		text_line(f, &o, &r);
	out_char(&o, '\n');
	if (o.full)
		return -ENOSPC;
	*o.p = 0;
	if (r.h.type < TRACE_TYPE_SLOTS)
		f->counts[r.h.type]++;
	return o.p - buf;
}
