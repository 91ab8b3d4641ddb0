/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A verifier log a person can read (vlog.c, pure): the kernel speaks in
 * instruction indices of the linked program; each instruction line it quotes
 * gets the function it came from, its source file:line (line_info) and the
 * CO-RE relocation that patched it, and a poisoned relocation is said in
 * words.
 */
#ifndef BBPF_LOADER_LOAD_VLOG_H
#define BBPF_LOADER_LOAD_VLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bbpf_obj;
struct bbpf_prog;
struct bbpf_core_relo_info;
struct bbpf_btf_core_relo;
struct bbpf__ext_buf;

/*
 * One CO-RE relocation as applied at load, by function and instruction. Its
 * words ("CO-RE byte_off: struct task_struct.pid -> 1264") are made from the
 * record only when a verifier log quotes the instruction.
 */
struct bbpf__relo_note {
	uint32_t func, insn; /* obj->funcs index, instruction in that function */
	bool poisoned;
	const struct bbpf_btf_core_relo *relo; /* the record, in the object's .BTF.ext */
	uint64_t new_val;
	char *why; /* poisoned: in words, with the guard to use, then the engine's reason */
};

struct bbpf__relo_notes {
	struct bbpf__relo_note *v;
	size_t cnt, cap;
};

/* Keeps relocation @in (every result but ERROR). Returns 0 or -ENOMEM. */
int bbpf__relo_note_add(struct bbpf__relo_notes *n, const struct bbpf_core_relo_info *in);
void bbpf__relo_notes_free(struct bbpf__relo_notes *n);
/* @note in words ("CO-RE byte_off: struct task_struct.pid -> 1264") into @buf. */
void bbpf__relo_note_words(const struct bbpf_obj *obj, const struct bbpf__relo_note *note,
			   char *buf, size_t sz);

/* What the annotator knows of the program the kernel refused. */
struct bbpf__vlog_ctx {
	const struct bbpf_obj *obj;
	const struct bbpf_prog *prog;
	const struct bbpf__ext_buf *li; /* line_info laid onto the linked program, or NULL */
	const struct bbpf__relo_notes *notes;
};

/*
 * bbpf__vlog_describe() writes what is known of linked instruction @insn to
 * @buf: "read_task+13 load_core.bpf.c:35", then "; CO-RE ..." when a
 * relocation patched it. Returns the relocation note, if any.
 */
const struct bbpf__relo_note *bbpf__vlog_describe(const struct bbpf__vlog_ctx *c, size_t insn,
						  char *buf, size_t sz);

/*
 * bbpf__vlog_annotate() returns a malloc'd copy of verifier log @log in which
 * every instruction line ("12: (61) r2 = *(u32 *)(r10 -4)...") ends with
 * "  // <description>"; *@last gets the index of the last instruction line (the
 * one the verifier stopped at), or -1. NULL on -ENOMEM.
 */
char *bbpf__vlog_annotate(const struct bbpf__vlog_ctx *c, const char *log, long *last);

#endif
