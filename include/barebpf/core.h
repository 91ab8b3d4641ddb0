/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf CO-RE: relocate BPF instructions against a target kernel's BTF.
 *
 * Clang records, for every access a BPF program marks as relocatable, a
 * record in .BTF.ext (struct bbpf_btf_core_relo): the instruction, a local
 * "root" type, an access string ("0:1:2") and a kind (enum
 * bpf_core_relo_kind: byte_off, field_exists, type_size, enumval_value...).
 * Applying one is three pure steps, none of which touches the kernel:
 *
 *   candidates   bbpf_core_cands_find(): the target types whose essential
 *                name (flavor "___x" dropped) and kind equal the local
 *                type's; vmlinux first, modules only when vmlinux has none;
 *                cached per local type id for the whole object.
 *   calculation  bbpf_core_calc(): local spec + candidates -> the value the
 *                instruction holds (orig) and the one it should hold (new),
 *                or "poison" when nothing matched.
 *   patching     bbpf_core_patch(): writes new into one instruction (ALU
 *                imm, LDX/ST/STX off and size, ld_imm64 both halves), or
 *                turns it into a call to helper 0xbad2310 when poisoned.
 *
 * The rules (which fields and types are compatible, when several
 * candidates are ambiguous) are the kernel's and libbpf's: an object
 * relocates the same here as with libbpf. bbpf_obj_core_relocate() at the
 * end walks an opened object (obj.h) as bbpf_obj_load() does, for
 * `barebpf core explain`.
 */
#ifndef BAREBPF_CORE_H
#define BAREBPF_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

#include <barebpf/ns.h>
#include <barebpf/btf.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Number of relocation kinds (enum bpf_core_relo_kind 0..12, type_matches last). */
#define BBPF_CORE_KIND_CNT 13

/* The helper id a poisoned instruction calls: the verifier reports "invalid func unknown#195896080". */
#define BBPF_CORE_POISON_IMM 0xbad2310

/*
 * bbpf_core_kind_str() names relocation kind @kind as the CLI contract does
 * ("byte_off", "type_matches", ...). Returns a static string, "unknown" if
 * @kind is out of range.
 */
BBPF_API const char *bbpf_core_kind_str(uint32_t kind);

/* ------------------------------------------------------------------ */
/* Candidates                                                          */
/* ------------------------------------------------------------------ */

/* One candidate: type @id of target @btf. */
struct bbpf_core_cand {
	const struct bbpf_btf *btf;
	uint32_t id;
};

/*
 * The candidates of one local type. bbpf_core_calc() narrows the list to
 * the candidates that matched (when at least one did), so that later
 * relocations of the same type only consider those: libbpf does the same
 * and the results depend on it when a name is ambiguous.
 */
struct bbpf_core_cands {
	struct bbpf_core_cand *cands;
	uint32_t cnt;
};

/*
 * The target BTFs, searched in order: @btfs[0] is vmlinux, the rest are
 * module BTFs split on top of it. @names (may be NULL) label them in logs.
 */
struct bbpf_core_targets {
	const struct bbpf_btf *const *btfs;
	const char *const *names;
	uint32_t cnt;
};

/* A cache of candidate lists, one per local type id (one cache per object). */
struct bbpf_core_cache;

/*
 * bbpf_core_cache_new() makes an empty cache for relocations of object BTF
 * @local against @targets. Both are borrowed and must outlive the cache
 * (the targets array itself is copied). *@out is written only on success.
 * Returns 0, -EINVAL (no target), -ENOMEM.
 */
BBPF_API int bbpf_core_cache_new(const struct bbpf_btf *local,
				 const struct bbpf_core_targets *targets,
				 struct bbpf_core_cache **out);

/* bbpf_core_cache_free() releases @cache and every list in it. NULL is a no-op. */
BBPF_API void bbpf_core_cache_free(struct bbpf_core_cache *cache);

/*
 * bbpf_core_cands_find() returns in *@out the candidates of local type
 * @local_id: every type of vmlinux of the same kind (enum and enum64 count
 * as one kind) whose essential name equals the local one's; the module BTFs
 * are searched only when vmlinux has none (their own types only). The list
 * is computed on first use and is owned by the cache. An empty list is a
 * valid answer.
 * Returns 0, -EINVAL (bad id, or an anonymous type: it has no name to look
 * for), -ENOMEM.
 */
BBPF_API int bbpf_core_cands_find(struct bbpf_core_cache *cache, uint32_t local_id,
				  struct bbpf_core_cands **out);

/* ------------------------------------------------------------------ */
/* Calculation                                                         */
/* ------------------------------------------------------------------ */

/* What one relocation resolved to, by bbpf_core_calc(). */
struct bbpf_core_res {
	uint64_t orig_val; /* the value the compiler put in the instruction */
	uint64_t new_val;  /* the value for the target */
	uint32_t orig_sz;  /* byte_off of a non-bitfield field: its size locally ... */
	uint32_t new_sz;   /* ... and in the target; both 0 otherwise */
	uint32_t orig_type_id, new_type_id; /* those fields' types */
	bool poison;			    /* nothing matched: the instruction must be poisoned */
	bool validate;	 /* the instruction must hold orig_val (false: not checkable) */
	bool fail_memsz; /* sizes differ and the load cannot be resized safely */
	bool found;	 /* a candidate matched: targ_* are set */
	const struct bbpf_btf *targ_btf;
	uint32_t targ_id;      /* the matched candidate's root type id */
	uint32_t targ_bit_off; /* bit offset of the field in it (field kinds) */
};

/*
 * Called once per candidate by bbpf_core_calc() when given: @spec is the
 * candidate's spec as far as it matched (for the logs: "[1234] struct
 * task_struct.pid (0:58 @ offset 2456)"), @why says what did not match.
 */
typedef void (*bbpf_core_cand_fn)(void *ctx, uint32_t cand_idx, const struct bbpf_core_cand *cand,
				  bool matched, const char *spec, const char *why);

/*
 * Called by bbpf_core_calc() for each candidate that matched, with where the
 * relocation lands in it: @raw (@raw_len entries) is the target's access
 * path, for a field kind the root's array index then one member or element
 * index per level (anonymous members included), for an enum value kind the
 * enumerator's index; empty for the type kinds. @kind is the relocation's.
 * What `gen min-btf` keeps of a target.
 */
typedef void (*bbpf_core_match_fn)(void *ctx, const struct bbpf_core_cand *cand, uint32_t kind,
				   const uint32_t *raw, int raw_len);

struct bbpf_core_calc_opts {
	size_t sz;		   /* sizeof(struct bbpf_core_calc_opts) */
	const char *prog;	   /* program name for log messages (may be NULL) */
	int relo_idx;		   /* relocation number for log messages */
	bbpf_core_cand_fn cand_cb; /* per-candidate verdicts (may be NULL) */
	void *ctx;
	char *why; /* receives the reason a calculation failed (may be NULL) */
	size_t why_sz;
	bbpf_core_match_fn match_cb; /* each matching candidate's access path (may be NULL) */
	/*
	 * cand_cb gets spec "" (its why as ever): for a caller that does not
	 * show specs, formatting one per candidate is most of a load's CO-RE.
	 */
	bool cand_no_spec;
};

/*
 * bbpf_core_calc() resolves relocation @relo of object BTF @local against
 * @cands (from bbpf_core_cands_find(); NULL is allowed for local_type_id,
 * which needs none). Every candidate that matches must give the same
 * result, else the relocation is ambiguous. When none matches, the
 * *_exists and type kinds resolve to 0 and the others to poison.
 * @opts may be NULL. On success writes *@res and narrows @cands (see
 * struct bbpf_core_cands).
 * Returns 0; -EINVAL for a malformed relocation (bad type id, access string
 * past the type) or ambiguous candidates; -EOPNOTSUPP for an anonymous local
 * type or an unknown kind; -E2BIG for a bitfield no 8-byte load can hold.
 * Each error is logged once with the program and relocation.
 */
BBPF_API int bbpf_core_calc(const struct bbpf_btf *local, const struct bbpf_btf_core_relo *relo,
			    struct bbpf_core_cands *cands, const struct bbpf_core_calc_opts *opts,
			    struct bbpf_core_res *res);

/*
 * bbpf_core_spec_str() writes the local spec of @relo into @buf (@sz bytes):
 * "[12] struct task_struct.real_parent (0:95 @ offset 1280)",
 * "[7] enum pid_type::PIDTYPE_TGID = 1", "[3] struct foo". Returns the
 * length it needed (like snprintf) or -EINVAL for a malformed relocation.
 */
BBPF_API int bbpf_core_spec_str(const struct bbpf_btf *local, const struct bbpf_btf_core_relo *relo,
				char *buf, size_t sz);

/* ------------------------------------------------------------------ */
/* Patching                                                            */
/* ------------------------------------------------------------------ */

/*
 * bbpf_core_patch() applies @res to the instruction at @insn, of which
 * @insn_left instructions (it included) remain in the program, so that an
 * ld_imm64 can be checked to have its second half. By class:
 *   ALU/ALU64 (K source)  imm = new_val
 *   LDX/ST/STX            off = new_val; the access size follows the field
 *                         when its size changed (pointers, unsigned ints)
 *   LD_IMM64              imm of both halves = the 64-bit new_val
 * A poisoned result (or an unsafe resize) replaces the instruction, and the
 * second half of an ld_imm64, by `call 0xbad2310`.
 * @prog and @insn_idx only name the instruction in messages.
 * Returns 0; -EINVAL when the instruction does not hold the expected value
 * or is not a form CO-RE relocates; -ERANGE when new_val does not fit.
 */
BBPF_API int bbpf_core_patch(struct bpf_insn *insn, size_t insn_left,
			     const struct bbpf_core_res *res, const char *prog, uint32_t insn_idx);

/* ------------------------------------------------------------------ */
/* Objects: every relocation of an opened object, as load applies it    */
/* ------------------------------------------------------------------ */

struct bbpf_obj;

/* Outcome of one relocation. */
enum bbpf_core_result {
	BBPF_CORE_RES_OK,	/* patched with a value from the target */
	BBPF_CORE_RES_POISONED, /* nothing matched: the instruction now calls 0xbad2310 */
	BBPF_CORE_RES_MISSING,	/* nothing matched: an exists/type query patched to 0 */
	BBPF_CORE_RES_ERROR,	/* the relocation cannot be applied; a loader fails here */
};

/* One relocation as the walk applied it. Pointers are borrowed for the callback. */
struct bbpf_core_relo_info {
	const char *sec;   /* ELF section of the code */
	const char *prog;  /* ELF function symbol containing the instruction */
	int func;	   /* that function's index (bbpf_obj_func()), -1 if none holds it */
	uint32_t relo_idx; /* index of the record within its section's block */
	uint32_t insn_idx; /* instruction index from the function's start */
	const struct bbpf_btf_core_relo *relo;
	const char *access; /* the access string */
	char local[128];    /* "struct task_struct" */
	char spec[256];	    /* the local spec (bbpf_core_spec_str()) */
	int err;	    /* 0, or the error of calc/patch */
	char why[160];	    /* why it failed or was poisoned ("" if ok) */
	enum bbpf_core_result result;
	struct bbpf_core_res res;	     /* valid unless result is ERROR */
	uint64_t old_val, new_val;	     /* the instruction's value before and after */
	struct bpf_insn old_insn, new_insn;  /* the instruction before and after */
	const struct bbpf_core_cands *cands; /* candidates left after this relocation (or NULL) */
	uint32_t cands_before;		     /* how many were considered */
};

/*
 * Called for each relocation; @cand is called first for each candidate it
 * considered (may be NULL). A non-zero return from @relo stops the walk.
 * @match (may be NULL) gets each matching candidate's access path.
 * @func (may be NULL), when the walk is over, is called once per function of
 * the object (bbpf_obj_func() index) with its @cnt relocated instructions,
 * borrowed for the call: what bbpf_core_poison_reach() reads.
 */
struct bbpf_core_walk_cbs {
	int (*relo)(void *ctx, const struct bbpf_core_relo_info *info);
	bbpf_core_cand_fn cand;
	void *ctx;
	int (*func)(void *ctx, int func, const struct bpf_insn *insns, size_t cnt);
	bbpf_core_match_fn match; /* as bbpf_core_calc_opts.match_cb (may be NULL) */
};

/*
 * bbpf_obj_core_relocate() applies every CO-RE relocation of opened object
 * @obj, in .BTF.ext order, against @targets (vmlinux first, then module BTF
 * split on it), reporting each through @cbs (may be NULL). It is the walk
 * bbpf_obj_load() makes, run on scratch copies of the functions: @obj is
 * not changed. A relocation that fails is reported (result ERROR) and the
 * walk goes on. Returns the number of relocations that failed (>= 0), the
 * callback's non-zero value, -ENOENT when @obj has no .BTF, or -ENOMEM /
 * -EINVAL (malformed records).
 */
BBPF_API int bbpf_obj_core_relocate(const struct bbpf_obj *obj,
				    const struct bbpf_core_targets *targets,
				    const struct bbpf_core_walk_cbs *cbs);

/*
 * bbpf_core_poison_reach() tells whether a poisoned instruction (a call to
 * BBPF_CORE_POISON_IMM) of one relocated function, @cnt instructions at
 * @insns, can run: the question the verifier answers when it loads the
 * program. Constants are followed through registers and 8-byte stack slots,
 * ALU operations on them folded, and a conditional jump on known values
 * takes only its decided side, so an access guarded by a false
 * field_exists / type_exists / enumval_exists check is unreachable. Unknown
 * values make both sides reachable (the answer errs towards "reachable").
 * Calls to subprograms are not followed: check each function on its own.
 * Pure. Returns 1 (and the first poisoned instruction found in *@at, which
 * may be NULL) when one is reachable, 0 when none is, -EINVAL when a jump
 * leaves the function or an ld_imm64 is cut, -ENOMEM.
 */
BBPF_API int bbpf_core_poison_reach(const struct bpf_insn *insns, size_t cnt, uint32_t *at);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_CORE_H */
