// SPDX-License-Identifier: BSD-2-Clause
/*
 * Verifier logs annotated with what the loader knows of each instruction
 * (pure; see vlog.h): the function the instruction came from (subprograms
 * are appended, so the kernel's indices do not match the ELF's), its source
 * line, and the CO-RE relocation that patched it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>
#include "internal/mem.h"
#include "obj/internal.h"
#include "load/internal.h"
#include "load/vlog.h"

/* "[9] struct task_struct.pid (0:92 @ offset 1264)" -> "struct task_struct.pid" */
static void spec_short(const char *spec, char *buf, size_t sz)
{
	const char *s = spec, *paren;
	int len;

	if (s[0] == '[' && strstr(s, "] "))
		s = strstr(s, "] ") + 2;
	paren = strstr(s, " (");
	len = paren ? (int)(paren - s) : (int)strlen(s);
	snprintf(buf, sz, "%.*s", len, s);
}

/* A note's why: a poisoned relocation's words and the engine's reason. */
#define WHY_SZ 720

/* A poisoned relocation in words, with the guard that would have kept it out. */
static void poison_words(const struct bbpf_core_relo_info *in, const char *spec, char *buf,
			 size_t sz)
{
	uint32_t kind = in->relo->kind;
	size_t n = strlen(in->local);
	const char *member = strncmp(spec, in->local, n) || spec[n] != '.' ? "" : spec + n + 1;
	const char *flavor = strstr(in->local, "___");
	int tlen = flavor ? (int)(flavor - in->local) : (int)n; /* "struct x___v2" is "struct x" */

	if (kind <= BPF_CORE_FIELD_RSHIFT_U64)
		snprintf(buf, sz,
			 "%.*s has no member %s on this kernel: guard the access with "
			 "bpf_core_field_exists()",
			 tlen, in->local, *member ? member : spec);
	else if (kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE)
		snprintf(buf, sz,
			 "enum value %s does not exist on this kernel: guard it with "
			 "bpf_core_enum_value_exists()",
			 spec);
	else
		snprintf(buf, sz,
			 "%.*s does not exist on this kernel: guard it with bpf_core_type_exists()",
			 tlen, in->local);
	if (in->why[0] && strlen(buf) + 4 < sz)
		snprintf(buf + strlen(buf), sz - strlen(buf), " (%s)", in->why);
}

int bbpf__relo_note_add(struct bbpf__relo_notes *n, const struct bbpf_core_relo_info *in)
{
	struct bbpf__relo_note *r;
	char spec[128];
	int err;

	if (in->result == BBPF_CORE_RES_ERROR || in->func < 0)
		return 0;
	err = bbpf__grow((void **)&n->v, &n->cap, sizeof(*n->v), n->cnt + 1);
	if (err)
		return err;
	r = &n->v[n->cnt++];
	r->func = (uint32_t)in->func;
	r->insn = in->insn_idx;
	r->poisoned = in->result == BBPF_CORE_RES_POISONED;
	r->relo = in->relo;
	r->new_val = in->new_val;
	r->why = NULL;
	if (r->poisoned) { /* rare: the words are kept only for these */
		r->why = malloc(WHY_SZ);
		if (!r->why) {
			n->cnt--;
			return -ENOMEM;
		}
		spec_short(in->spec, spec, sizeof(spec));
		poison_words(in, spec, r->why, WHY_SZ);
	}
	return 0;
}

void bbpf__relo_notes_free(struct bbpf__relo_notes *n)
{
	size_t i;

	for (i = 0; i < n->cnt; i++)
		free(n->v[i].why);
	free(n->v);
	n->v = NULL;
	n->cnt = n->cap = 0;
}

void bbpf__relo_note_words(const struct bbpf_obj *obj, const struct bbpf__relo_note *note,
			   char *buf, size_t sz)
{
	char full[256], spec[128];

	if (!obj->btf || bbpf_core_spec_str(obj->btf, note->relo, full, sizeof(full)) < 0)
		snprintf(full, sizeof(full), "[%u]", note->relo->type_id);
	spec_short(full, spec, sizeof(spec));
	if (note->poisoned)
		snprintf(buf, sz, "CO-RE %s: %s: poisoned", bbpf_core_kind_str(note->relo->kind),
			 spec);
	else
		snprintf(buf, sz, "CO-RE %s: %s -> %llu", bbpf_core_kind_str(note->relo->kind),
			 spec, (unsigned long long)note->new_val);
}

/* The line_info record in force at @insn (the last one at or before it), or NULL. */
static const uint32_t *line_at(const struct bbpf__ext_buf *li, size_t insn)
{
	const uint32_t *best = NULL, *r;
	size_t i;

	for (i = 0; li && i < li->cnt; i++) {
		r = (const uint32_t *)((const char *)li->recs + i * 16);
		if (r[0] <= insn && (!best || r[0] >= best[0]) && r[3] >> 10)
			best = r;
	}
	return best;
}

const struct bbpf__relo_note *bbpf__vlog_describe(const struct bbpf__vlog_ctx *c, size_t insn,
						  char *buf, size_t sz)
{
	const struct bbpf_prog *p = c->prog;
	const struct bbpf__relo_note *note = NULL;
	const char *file = NULL, *slash;
	const uint32_t *line;
	uint32_t fi = 0, at = 0;
	size_t i, k, n;

	buf[0] = '\0';
	for (i = 0; i < p->func_cnt; i++) {
		if (insn >= p->layout[2 * i + 1] &&
		    insn - p->layout[2 * i + 1] < c->obj->funcs[p->layout[2 * i]].desc.insn_cnt) {
			fi = p->layout[2 * i];
			at = p->layout[2 * i + 1];
			break;
		}
	}
	if (i == p->func_cnt)
		return NULL;
	n = (size_t)snprintf(buf, sz, "%s+%zu", c->obj->funcs[fi].name, insn - at);
	line = line_at(c->li, insn);
	if (line && c->obj->btf)
		file = bbpf_btf_str(c->obj->btf, line[1]);
	slash = file ? strrchr(file, '/') : NULL;
	if (file && n < sz)
		n += (size_t)snprintf(buf + n, sz - n, " %s:%u", slash ? slash + 1 : file,
				      line[3] >> 10);
	for (k = 0; c->notes && k < c->notes->cnt && !note; k++)
		if (c->notes->v[k].func == fi && c->notes->v[k].insn == insn - at)
			note = &c->notes->v[k];
	if (note && n + 2 < sz) {
		memcpy(buf + n, "; ", 3);
		bbpf__relo_note_words(c->obj, note, buf + n + 2, sz - n - 2);
	}
	return note;
}

/* "123: (" at the start of @line: an instruction the verifier quotes. */
static bool insn_line(const char *line, long *idx)
{
	char *end;

	if (!isdigit((unsigned char)line[0]))
		return false;
	*idx = strtol(line, &end, 10);
	return end[0] == ':' && end[1] == ' ' && end[2] == '(';
}

char *bbpf__vlog_annotate(const struct bbpf__vlog_ctx *c, const char *log, long *last)
{
	size_t len = 0, cap = 0, ll;
	const char *p = log, *nl;
	char *out = NULL, desc[400];
	long idx;

	*last = -1;
	while (*p) {
		nl = strchr(p, '\n');
		ll = nl ? (size_t)(nl - p) : strlen(p);
		desc[0] = '\0';
		if (insn_line(p, &idx) && idx >= 0) {
			*last = idx;
			bbpf__vlog_describe(c, (size_t)idx, desc, sizeof(desc));
		}
		if (bbpf__grow((void **)&out, &cap, 1, len + ll + strlen(desc) + 8)) {
			free(out);
			return NULL;
		}
		memcpy(out + len, p, ll);
		len += ll;
		if (desc[0])
			len += (size_t)sprintf(out + len, "  // %s", desc);
		out[len++] = '\n';
		out[len] = '\0';
		p += ll + (nl ? 1 : 0);
	}
	if (!out)
		out = calloc(1, 1);
	return out;
}
