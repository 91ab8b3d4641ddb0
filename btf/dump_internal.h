/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * State of one bbpf_btf_dump_c() run, shared by btf_dump_c.c (ordering,
 * names, output) and btf_dump_decl.c (C syntax of definitions and
 * declarations). Only those two files include this.
 *
 * Per type id (the base's ids too, for split BTF) one byte of flags:
 *
 *	bits 0-1  order state: NONE, BUSY (on the DFS path), DONE
 *	bits 2-3  emit state:  NONE, BUSY (being emitted), DONE
 *	bit  4    FWD:   a forward declaration (or a typedef used as one) is out
 *	bit  5    REF:   some other type refers to it (anonymous enums that
 *	                 nothing refers to are top-level constants)
 *	bit  6    NAMED: its ___N suffix (dup[]) has been decided
 */
#ifndef BBPF_BTF_DUMP_INTERNAL_H
#define BBPF_BTF_DUMP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <barebpf/btf_dump.h>

enum { ST_NONE, ST_BUSY, ST_DONE };

#define DS_ORDER_MASK 0x03u
#define DS_EMIT_SHIFT 2
#define DS_EMIT_MASK  0x0cu
#define DS_FWD	      0x10u
#define DS_REF	      0x20u
#define DS_NAMED      0x40u

/* How deep the recursive walks may go before the dump gives up (-E2BIG). */
#define DUMP_MAX_DEPTH 512

struct bbpf__dump_name {
	const char *name; /* borrowed from the BTF's strings */
	uint32_t cnt;
};

/* A set of names with a use count each: C's tag and ordinary-identifier namespaces. */
struct bbpf__dump_names {
	struct bbpf__dump_name *slots; /* open addressing */
	size_t cap;		       /* a power of two, or 0 */
	size_t used;
};

/* An identifier to print: a name and its ___N suffix (none when dup <= 1). */
struct bbpf__dump_ident {
	const char *name;
	uint32_t dup;
};

struct bbpf__dump {
	const struct bbpf_btf *btf;
	bbpf_btf_dump_write_fn write;
	void *ctx;
	int err; /* first error; once set, output stops */
	int depth;
	int ptr_sz;
	bool type_tags; /* the BTF has TYPE_TAGs: the header defines __bbpf_type_tag() */

	char *buf; /* output not yet handed to write() */
	size_t len;

	uint32_t nr_ids; /* bbpf_btf_type_cnt() */
	uint8_t *st;	 /* flags, above */
	uint32_t *dup;	 /* name suffix per id, valid with DS_NAMED */
	struct bbpf__dump_names tags, idents;

	uint32_t *queue; /* ids to emit at top level, in order */
	size_t queue_cnt, queue_cap;
	uint32_t *stack; /* declaration chains */
	size_t stack_cnt, stack_cap;
};

/* Output (btf_dump_c.c). Each does nothing once d->err is set. */
void bbpf__dump_out(struct bbpf__dump *d, const char *s);
void bbpf__dump_outf(struct bbpf__dump *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void bbpf__dump_indent(struct bbpf__dump *d, int lvl);
void bbpf__dump_out_ident(struct bbpf__dump *d, struct bbpf__dump_ident id);
void bbpf__dump_fail(struct bbpf__dump *d, int err);

/* Names (btf_dump_c.c): the tag (struct/union/enum) or typedef name of @id, with suffix. */
struct bbpf__dump_ident bbpf__dump_tag_name(struct bbpf__dump *d, uint32_t id);
struct bbpf__dump_ident bbpf__dump_typedef_name(struct bbpf__dump *d, uint32_t id);
/* Counts one more use of enumerator @name and returns it with its suffix. */
struct bbpf__dump_ident bbpf__dump_enumerator(struct bbpf__dump *d, const char *name);

/* C syntax (btf_dump_decl.c). */
void bbpf__dump_struct_def(struct bbpf__dump *d, uint32_t id, const struct btf_type *t, int lvl);
void bbpf__dump_enum_def(struct bbpf__dump *d, uint32_t id, const struct btf_type *t, int lvl);
void bbpf__dump_typedef_def(struct bbpf__dump *d, uint32_t id, const struct btf_type *t);
/* "struct foo" / "union foo" / "enum foo" without a body. */
void bbpf__dump_tag_ref(struct bbpf__dump *d, uint32_t id, const struct btf_type *t);
/* A declaration of @name with type @id: "int (*name)(void)", "char name[16]". */
void bbpf__dump_decl(struct bbpf__dump *d, uint32_t id, struct bbpf__dump_ident name, int lvl);

#endif
