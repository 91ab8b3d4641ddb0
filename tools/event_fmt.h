/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Printing event records (`barebpf run`): a hex dump, or field by field from
 * the object's BTF (integers, enums by name, char arrays as strings, nested
 * structs, unions and arrays), as text or as one JSON object per line:
 *   {"map":"events","cpu":1,"size":24,"data":{"pid":12,"comm":"sh"}}
 * A ring buffer record has no CPU: "cpu":-1 (text: no cpu=). A perf buffer
 * record of a known type loses the padding the perf buffer added to it, so
 * both buffers give the same size and bytes (a hex dump keeps the padding:
 * nothing says where the record ended).
 */
#ifndef BBPF_TOOLS_EVENT_FMT_H
#define BBPF_TOOLS_EVENT_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct bbpf_btf;

struct event_fmt {
	const struct bbpf_btf *btf;
	uint32_t type_id; /* 0: hex dump */
	bool json;
};

/*
 * event_fmt_init() picks the record type: the struct named @type_name
 * (NULL: the object's one struct named "event", if it has exactly one; else
 * hex). Returns 0, or -ENOENT (said on stderr) for a @type_name not in @btf.
 */
int event_fmt_init(struct event_fmt *f, const struct bbpf_btf *btf, const char *type_name,
		   bool json);

/* event_fmt_print() prints one record as one line. Never reads past @size bytes. */
void event_fmt_print(FILE *out, const struct event_fmt *f, const char *map, int cpu,
		     const void *data, size_t size);

#endif
