/* SPDX-License-Identifier: BSD-2-Clause */
/* Between fmt_record.c (validation, common columns) and fmt_types.c (per event). */
#ifndef BBPF_TOOLS_TRACE_FMT_INTERNAL_H
#define BBPF_TOOLS_TRACE_FMT_INTERNAL_H

#include <stddef.h>

#include "../../bpf/collector.h"
#include "fmt.h"
#include "out.h"

struct type_fmt;

/* A validated record: aligned copies of its header and fixed payload. */
struct rec {
	struct bbpf_ev_hdr h;
	union {
		struct bbpf_ev_exec exec;
		struct bbpf_ev_exit exit;
		struct bbpf_ev_fork fork;
		struct bbpf_ev_oom oom;
		struct bbpf_ev_sock sock;
		struct bbpf_ev_fadvise fadvise;
		struct bbpf_ev_memory memory;
		struct bbpf_ev_signal signal;
		struct bbpf_ev_open open;
	} u;
	const char *tail; /* the bytes after the fixed payload */
	size_t tail_len;  /* checked against the header's len */
	const struct type_fmt *t;
};

struct type_fmt {
	const char *name;
	size_t min_len;			   /* the fixed payload */
	int (*check)(const struct rec *r); /* variable tails: 0 or -EINVAL */
	void (*text)(struct tout *o, const struct rec *r);
	void (*json)(struct tout *o, const struct rec *r);
};

/* The formatter of event type @type, or NULL. */
const struct type_fmt *trace__type_fmt(unsigned int type);

#endif
