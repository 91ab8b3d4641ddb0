/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf fallback chains: programs of one object that are alternative ways
 * to observe one thing (include/bpf/bbpf_chain.h declares them in the BPF
 * source with BBPF_CHAIN("name")), of which exactly one is loaded and
 * attached.
 *
 *   struct bbpf_chain_opts o = { .sz = sizeof(o) };   // .force: one mechanism
 *   struct bbpf_chains *ch;
 *   err = bbpf_obj_load_chains(obj, &o, &ch);         // loads obj, attaches chains
 *   ... attach the other programs (bbpf_prog_chain() == NULL) ...
 *   bbpf_chains_free(ch);                             // detaches the chains
 *   bbpf_obj_close(obj);
 *
 * The steps of a chain are tried from the cheapest mechanism (fentry, tp_btf,
 * raw_tp, tracepoint, kprobe); a step whose mechanism the kernel lacks, or
 * whose target it does not have, is skipped without loading anything; the
 * first remaining step is loaded with the object and kept when it loads and
 * attaches. Programs of the other steps are never loaded (autoload off).
 * A step whose autoload the caller switched off before (bbpf_prog_set_autoload(),
 * bbpf_obj_select_progs()) is not tried; a chain with every step off is left
 * out: nothing of it is loaded, and bbpf_chains_*() do not list it.
 */
#ifndef BAREBPF_CHAIN_H
#define BAREBPF_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <barebpf/link.h>
#include <barebpf/ns.h>
#include <barebpf/obj.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Mechanisms, cheapest first: the order a chain tries its steps in. */
enum bbpf_mech {
	BBPF_MECH_AUTO,	      /* as a choice: the cheapest that works; as a program's: none */
	BBPF_MECH_FENTRY,     /* fentry, fexit, fmod_ret (BPF trampolines) */
	BBPF_MECH_TP_BTF,     /* BTF-typed raw tracepoints */
	BBPF_MECH_RAW_TP,     /* raw tracepoints */
	BBPF_MECH_TRACEPOINT, /* tracefs tracepoints */
	BBPF_MECH_KPROBE,     /* kprobe, kretprobe, ksyscall, kretsyscall */
	BBPF_MECH_CNT,
};

/* "auto", "fentry", "tp_btf", "raw_tp", "tracepoint", "kprobe"; "unknown" past the end. */
BBPF_API const char *bbpf_mech_str(enum bbpf_mech mech);
/* The mechanism named @s (bbpf_mech_str()'s names), or -EINVAL. */
BBPF_API int bbpf_mech_parse(const char *s);

/* The mechanism of @prog's section, BBPF_MECH_AUTO for kinds that are none of them. */
BBPF_API enum bbpf_mech bbpf_prog_mech(const struct bbpf_prog *prog);

/* The chain @prog is a step of (its "bbpf.chain=NAME" tag), or NULL. Borrowed from the object. */
BBPF_API const char *bbpf_prog_chain(const struct bbpf_prog *prog);

/*
 * A kprobe's candidate symbols: the section's own target first (when it
 * has one), then each BBPF_KPROBE_OR() in the order of the source.
 * bbpf_prog_ksym() returns candidate @i (borrowed), NULL past the end.
 */
BBPF_API size_t bbpf_prog_ksym_cnt(const struct bbpf_prog *prog);
BBPF_API const char *bbpf_prog_ksym(const struct bbpf_prog *prog, size_t i);

/* The chains @obj declares, in the order of their first program. */
BBPF_API size_t bbpf_obj_chain_cnt(const struct bbpf_obj *obj);
BBPF_API const char *bbpf_obj_chain_name(const struct bbpf_obj *obj, size_t idx);
/*
 * bbpf_obj_chain_steps() writes up to @max programs of chain @name into
 * @steps, cheapest mechanism first (the order they are tried in), and
 * returns how many the chain has (0: no such chain). Pure.
 */
BBPF_API size_t bbpf_obj_chain_steps(const struct bbpf_obj *obj, const char *name,
				     const struct bbpf_prog **steps, size_t max);

struct bbpf_chain_opts {
	size_t sz; /* sizeof(struct bbpf_chain_opts): fields past it read as zero */
	/* Try only the steps of this mechanism (BBPF_MECH_AUTO: all, cheapest first). */
	enum bbpf_mech force;
	/* For bbpf_obj_load() (NULL: defaults). */
	const struct bbpf_obj_load_opts *load;
	/*
	 * With .force: a chain that has no step of that mechanism tries all of
	 * its steps as with BBPF_MECH_AUTO, instead of failing with -ENOENT.
	 */
	bool or_auto;
	/*
	 * A staged load (bbpf_obj_load_opts.first): only the chains' steps
	 * and the maps they use are loaded, then attached; the other selected
	 * programs wait for bbpf_obj_load_rest(), so the chains' events flow
	 * before the verifier has seen the rest. The load's own .first is
	 * ignored.
	 */
	bool rest_later;
};

/* What bbpf_obj_load_chains() chose: one attached step per chain. */
struct bbpf_chains;

/*
 * bbpf_obj_load_chains() loads @obj (every autoloaded program that is no
 * chain step, and one step per chain) and attaches the chosen step of each
 * chain. It logs one line per chain: "attached NAME via MECH TARGET
 * (MECH: why skipped, ...)". An object without chains is simply loaded.
 * When a chain has no step that works (or none of the forced mechanism),
 * nothing is left loaded or attached and the error says why each step
 * failed. A load failure of a program that is no chain step is returned as
 * bbpf_obj_load() returns it (with .rest_later, by bbpf_obj_load_rest()).
 * *@out (release with bbpf_chains_free(), before bbpf_obj_close()) is
 * written only on success. Returns 0, -ENOENT (a chain has no step of the
 * forced mechanism), -ESRCH (no step of a chain worked), -EBUSY (already
 * loaded), or bbpf_obj_load()'s -errno.
 */
BBPF_API int bbpf_obj_load_chains(struct bbpf_obj *obj, const struct bbpf_chain_opts *opts,
				  struct bbpf_chains **out);

BBPF_API size_t bbpf_chains_cnt(const struct bbpf_chains *ch);
/* Chain @idx's name, the step it kept, its link; NULL past the end. */
BBPF_API const char *bbpf_chains_name(const struct bbpf_chains *ch, size_t idx);
BBPF_API const struct bbpf_prog *bbpf_chains_prog(const struct bbpf_chains *ch, size_t idx);
BBPF_API struct bbpf_link *bbpf_chains_link(const struct bbpf_chains *ch, size_t idx);
/* Why the cheaper steps were not kept: "fentry: EPERM, refused by the kernel" ("" if none). */
BBPF_API const char *bbpf_chains_why(const struct bbpf_chains *ch, size_t idx);

/* Detaches every chain's link and frees @ch (the object stays loaded). NULL is a no-op. */
BBPF_API void bbpf_chains_free(struct bbpf_chains *ch);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_CHAIN_H */
