/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the [sys] load files: load.c (the pipeline), load_maps.c, load_prog.c. */
#ifndef BBPF_LOADER_LOAD_H
#define BBPF_LOADER_LOAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

#include <barebpf/sys.h>
#include "obj/internal.h"

struct bbpf_kfeat;
struct bbpf_kbtf_set;
struct bbpf__extern_vals;
struct bbpf__vlog_ctx;

/* func_info (8-byte) or line_info (16-byte) records laid onto a linked program. */
struct bbpf__ext_buf {
	void *recs;
	size_t cnt;
	size_t cap; /* records allocated (bbpf__grow()) */
};

/* core.c: the one CO-RE walker (explain is bbpf_obj_core_relocate()). */
struct bbpf_core_targets;
struct bbpf_core_walk_cbs;
/*
 * bbpf__core_walk() applies every CO-RE record of @obj to @code (one copy
 * of each function's instructions, indexed like obj->funcs), or only those
 * of the functions @want marks (NULL: all), reporting each through @cbs
 * (may be NULL). With @text every report carries its words (info->local,
 * spec, each candidate's spec: explain); without, only those of relocations
 * that are not OK do (a load: formatting them all cost ~1 ms). Returns the
 * number of failed relocations, the callback's non-zero value, or -errno.
 */
int bbpf__core_walk(const struct bbpf_obj *obj, const struct bbpf_core_targets *targets,
		    struct bpf_insn *const *code, const bool *want,
		    const struct bbpf_core_walk_cbs *cbs, bool text);
/* Copies of every function's instructions ([func_cnt]); freed with bbpf__func_code_free(). */
int bbpf__func_code_copy(const struct bbpf_obj *obj, struct bpf_insn ***out);
void bbpf__func_code_free(struct bpf_insn **code, size_t cnt);

/* One BPF_PROG_LOAD, as bbpf__prog_load_req() makes it. */
struct bbpf__prog_req {
	uint32_t type;
	const char *name;
	const char *license;
	const struct bpf_insn *insns;
	size_t cnt;
	const struct bbpf_sys_prog_load_opts *opts;
	bool exp_opt; /* the expected attach type may be dropped on refusal */
	bool log_all; /* print the whole verifier log, not its tail */
	/*
	 * When the verifier stops at a poisoned call (linked instruction @insn,
	 * helper id @imm), says which relocation or extern made it (false:
	 * none). May be NULL.
	 */
	const struct bbpf_prog *prog;
	bool (*why_poisoned)(void *ctx, const struct bbpf_prog *prog, size_t insn, int32_t imm,
			     char *buf, size_t sz);
	void *ctx;
	const struct bbpf__vlog_ctx
		*vlog; /* annotates the verifier log (load/vlog.h); may be NULL */
};

/*
 * load_maps.c: every map not made yet (pins reused or made under @pin_root),
 * or those of them @want marks (a staged load: load/stage.c); then slots
 * after progs, for the maps and programs made so far.
 */
int bbpf__load_maps(struct bbpf_obj *obj, const char *pin_root, const struct bbpf_kfeat *kf,
		    const bool *want);
int bbpf__load_slots(struct bbpf_obj *obj);
/* data_mmap.c: map every mmapable global data map into memory; undone by bbpf__unload_mmap(). */
int bbpf__load_mmap(struct bbpf_obj *obj, const struct bbpf_kfeat *kf);
void bbpf__unload_mmap(struct bbpf_obj *obj);
void bbpf__unmap_one(struct bbpf_obj *obj, size_t i); /* map @i's, if mapped */

/*
 * events_switch.c (include/bpf/bbpf_output.h): whether this load turns ring
 * buffers into perf event arrays (@buffer: enum bbpf_buffer); the definition
 * that the kernel gets for map @m; a copy of @m's initial image with the
 * switch variable 0 (*@copy NULL when @m needs none; the caller frees it).
 */
bool bbpf__events_to_perf(const struct bbpf_obj *obj, const struct bbpf_kfeat *kf, int buffer);
int bbpf__events_adjust_def(const struct bbpf_map *m, struct bbpf_map_def *d);
int bbpf__events_image(const struct bbpf_map *m, void **copy);

/*
 * load_prog.c: map, global data and extern references; @ext (NULL: the
 * object has no externs) and @mod_fds (module BTF fds, NULL: none) as
 * bbpf__extern_patch() takes them.
 */
int bbpf__patch_insns(const struct bbpf_obj *obj, const struct bbpf_prog *prog,
		      struct bpf_insn *insns, const int *map_fds,
		      const struct bbpf__extern_vals *ext, const int *mod_fds);
int bbpf__collect_ext_info(const struct bbpf_obj *obj, const struct bbpf_prog *prog,
			   struct bbpf__ext_buf *fi, struct bbpf__ext_buf *li);
/*
 * bbpf__find_attach_btf_id() finds the kernel BTF type a BBPF_SEC_ATTACH_BTF
 * program names (attach_btf.c): in vmlinux (@set's first BTF), then in each
 * module's own types; "MODULE:NAME" looks in that module only. *@mod is 0
 * for vmlinux, else the module's index in @set (its BTF object fd is then
 * the load's attach_btf_obj_fd). Returns the type id or -ENOENT (logged).
 */
int bbpf__find_attach_btf_id(const struct bbpf_prog *prog, const struct bbpf_kbtf_set *set,
			     uint32_t *mod);
/* The lookup itself, pure: @name (prefixed) of @kind in @set, module @module or any. */
int bbpf__attach_btf_lookup(const struct bbpf_kbtf_set *set, const char *module, const char *name,
			    int kind, uint32_t *mod);
/* Returns the program fd, or -errno after printing why (verifier log). */
int bbpf__prog_load_req(const struct bbpf__prog_req *rq);
/*
 * The same in two halves: the load (safe on any thread; prints nothing),
 * and, for a refusal, why (the load again with a verifier log, printed).
 */
int bbpf__prog_load_try(const struct bbpf__prog_req *rq);
void bbpf__prog_load_explain(const struct bbpf__prog_req *rq, int err);

/*
 * ahead.c: the object's BTF and the maps of this stage (@now, NULL: all)
 * but .kconfig, made on a thread while the caller opens the target BTF and
 * applies CO-RE. bbpf__ahead_join() waits for it and, when @go_on, makes
 * what it left (all of it without a thread, in the usual order); returns
 * the first error of either, or 0.
 */
struct bbpf__ahead {
	struct bbpf_obj *obj;
	const struct bbpf_kfeat *kf;
	const char *pin_root;
	const bool *now;
	bool *want; /* [map_cnt]: the thread's maps */
	pthread_t th;
	bool running;
	bool btf_tried;
	int err;
};
void bbpf__ahead_start(struct bbpf__ahead *a, struct bbpf_obj *obj, const struct bbpf_kfeat *kf,
		       const char *pin_root, const bool *now);
int bbpf__ahead_join(struct bbpf__ahead *a, bool go_on);

/* ksym_func.c: sets @v->func_ld_btf_id (externs.h) for @obj's bpf_ksym_exists() of kfuncs. */
void bbpf__ksym_func_decide(const struct bbpf_obj *obj, struct bbpf__extern_vals *v);

/* par.c: @fn(@ctx, i) for each i below @n, on up to a few threads (the caller's among them). */
void bbpf__par_each(size_t n, void (*fn)(void *ctx, size_t i), void *ctx);

/*
 * stage.c: a staged load's first stage. bbpf__stage_first() marks in
 * @first[prog_cnt] the programs named in @names (each one selected:
 * autoloaded, no bbpf_prog_err(); else -ENOENT, said). bbpf__stage_maps()
 * marks in @now[map_cnt] the maps the first stage makes: those its programs
 * reference, those no later program does (user space's), and all of them
 * when the object has .kconfig or slots. Returns 0 or -errno.
 */
int bbpf__stage_first(const struct bbpf_obj *obj, const char *const *names, size_t cnt,
		      bool *first);
void bbpf__stage_maps(const struct bbpf_obj *obj, const bool *first, bool *now);

#endif
