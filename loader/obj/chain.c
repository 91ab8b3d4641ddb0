// SPDX-License-Identifier: BSD-2-Clause
/*
 * What an object says about fallback chains and kprobe candidates: BTF decl
 * tags on a program's function ("bbpf.chain=NAME", "bbpf.ksym=SYMBOL", from
 * include/bpf/bbpf_chain.h), and each program's mechanism from its section.
 * Pure: loader/attach/chain.c acts on it, `barebpf obj show` prints it.
 */
#include <errno.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/btf.h>

#include <barebpf/btf.h>
#include <barebpf/chain.h>
#include "internal/compiler.h"
#include "obj/internal.h"

#define TAG_CHAIN "bbpf.chain="
#define TAG_KSYM  "bbpf.ksym="

static const char *const mech_names[BBPF_MECH_CNT] = {
	[BBPF_MECH_AUTO] = "auto",
	[BBPF_MECH_FENTRY] = "fentry",
	[BBPF_MECH_TP_BTF] = "tp_btf",
	[BBPF_MECH_RAW_TP] = "raw_tp",
	[BBPF_MECH_TRACEPOINT] = "tracepoint",
	[BBPF_MECH_KPROBE] = "kprobe",
};

const char *bbpf_mech_str(enum bbpf_mech mech)
{
	return BBPF__NAME(mech_names, (size_t)mech);
}

int bbpf_mech_parse(const char *s)
{
	int i;

	for (i = 0; s && i < BBPF_MECH_CNT; i++)
		if (!strcmp(s, mech_names[i]))
			return i;
	return -EINVAL;
}

enum bbpf_mech bbpf_prog_mech(const struct bbpf_prog *prog)
{
	switch (bbpf_prog_attach_kind(prog)) {
	case BBPF_ATTACH_TRACING:
		return bbpf_prog_expected_attach_type(prog) == BPF_TRACE_RAW_TP ? BBPF_MECH_TP_BTF
										: BBPF_MECH_FENTRY;
	case BBPF_ATTACH_RAW_TP:
		return BBPF_MECH_RAW_TP;
	case BBPF_ATTACH_TRACEPOINT:
		return BBPF_MECH_TRACEPOINT;
	case BBPF_ATTACH_KPROBE:
	case BBPF_ATTACH_KRETPROBE:
	case BBPF_ATTACH_KSYSCALL:
	case BBPF_ATTACH_KRETSYSCALL:
		return BBPF_MECH_KPROBE;
	default:
		return BBPF_MECH_AUTO;
	}
}

/*
 * The value of the @nth decl tag "KEY=VALUE" with @key on @prog's function
 * (the tag's own string, borrowed from the object's BTF), or NULL.
 */
static const char *prog_tag(const struct bbpf_prog *prog, const char *key, size_t nth)
{
	const struct bbpf_btf *btf = prog ? prog->obj->btf : NULL;
	const struct btf_type *t;
	const char *s;
	uint32_t id, n;
	int func;

	if (!btf)
		return NULL;
	func = bbpf_btf_find_by_name_kind(btf, bbpf_prog_name(prog), BTF_KIND_FUNC);
	if (func <= 0)
		return NULL;
	n = bbpf_btf_start_id(btf) + bbpf_btf_type_cnt(btf);
	for (id = (uint32_t)func + 1; id < n; id++) {
		t = bbpf_btf_type_by_id(btf, id);
		if (!t || bbpf_btf_kind(t) != BTF_KIND_DECL_TAG || t->type != (uint32_t)func ||
		    bbpf_btf_decl_tag(t)->component_idx != -1)
			continue;
		s = bbpf_btf_str(btf, t->name_off);
		if (s && !strncmp(s, key, strlen(key)) && s[strlen(key)] && !nth--)
			return s + strlen(key);
	}
	return NULL;
}

int bbpf__obj_collect_chains(struct bbpf_obj *obj)
{
	size_t i;

	for (i = 0; i < obj->prog_cnt; i++)
		obj->progs[i].chain = prog_tag(&obj->progs[i], TAG_CHAIN, 0);
	return 0;
}

const char *bbpf_prog_chain(const struct bbpf_prog *prog)
{
	return prog ? prog->chain : NULL;
}

size_t bbpf_prog_ksym_cnt(const struct bbpf_prog *prog)
{
	size_t n = 0;

	if (!prog || bbpf_prog_mech(prog) != BBPF_MECH_KPROBE)
		return 0;
	while (bbpf_prog_ksym(prog, n))
		n++;
	return n;
}

const char *bbpf_prog_ksym(const struct bbpf_prog *prog, size_t i)
{
	const char *own;

	if (!prog || bbpf_prog_mech(prog) != BBPF_MECH_KPROBE)
		return NULL;
	own = bbpf_prog_attach_target(prog);
	if (*own && !i--)
		return own;
	return prog_tag(prog, TAG_KSYM, i);
}

/* True when an earlier program than @idx is a step of chain @name. */
static bool seen_before(const struct bbpf_obj *obj, size_t idx, const char *name)
{
	const char *c;
	size_t i;

	for (i = 0; i < idx; i++) {
		c = bbpf_prog_chain(&obj->progs[i]);
		if (c && !strcmp(c, name))
			return true;
	}
	return false;
}

/* The name of the @nth chain (by first program), or NULL. */
static const char *nth_chain(const struct bbpf_obj *obj, size_t nth)
{
	const char *c;
	size_t i;

	for (i = 0; obj && i < obj->prog_cnt; i++) {
		c = bbpf_prog_chain(&obj->progs[i]);
		if (c && !seen_before(obj, i, c) && !nth--)
			return c;
	}
	return NULL;
}

size_t bbpf_obj_chain_cnt(const struct bbpf_obj *obj)
{
	size_t n = 0;

	while (nth_chain(obj, n))
		n++;
	return n;
}

const char *bbpf_obj_chain_name(const struct bbpf_obj *obj, size_t idx)
{
	return nth_chain(obj, idx);
}

size_t bbpf_obj_chain_steps(const struct bbpf_obj *obj, const char *name,
			    const struct bbpf_prog **steps, size_t max)
{
	const struct bbpf_prog *p;
	const char *c;
	size_t i, n = 0;
	int m;

	if (!obj || !name)
		return 0;
	/* Cheapest first; steps of other kinds (BBPF_MECH_AUTO: uprobes, ...) last. */
	for (m = 1; m <= BBPF_MECH_CNT; m++) {
		for (i = 0; i < obj->prog_cnt; i++) {
			p = &obj->progs[i];
			c = bbpf_prog_chain(p);
			if (!c || strcmp(c, name) || (int)bbpf_prog_mech(p) != m % BBPF_MECH_CNT)
				continue;
			if (n < max)
				steps[n] = p;
			n++;
		}
	}
	return n;
}
