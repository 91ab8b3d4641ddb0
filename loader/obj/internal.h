/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The object model the open phase builds (loader/obj/: obj.c, sec_def.c,
 * progs.c, maps.c, relo.c), shared with the load phase (loader/load/).
 * Nothing here makes a syscall.
 *
 *   struct bbpf_obj
 *     secs[]     one per ELF section: its name and what it holds
 *     funcs[]    one per STT_FUNC of an executable section, instructions copied,
 *                with the relocations of its instructions (struct bbpf_relo)
 *     progs[]    the functions that are programs, each with its link layout:
 *                itself, then every subprogram it reaches, in libbpf's order
 *     maps[]     legacy `maps`, BTF-defined `.maps`, global data, `.kconfig`
 *     externs[]  `.kconfig` / `.ksyms`, in the order libbpf lays them out
 */
#ifndef BBPF_LOADER_OBJ_INTERNAL_H
#define BBPF_LOADER_OBJ_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gelf.h>

#include <barebpf/btf.h>
#include <barebpf/obj.h>
#include "elf/elf.h"

#define BBPF__INSN_SZ	  8  /* sizeof(struct bpf_insn) */
#define BBPF__OBJ_NAME_SZ 16 /* BPF_OBJ_NAME_LEN: 15 characters and a NUL */

/* ------------------------------------------------------------------ */
/* sec_def.c: SEC() name -> program type, attach type, kind, flags     */
/* ------------------------------------------------------------------ */

/*
 * One row of the section table. @sec is matched as libbpf does:
 *   "xdp"       exactly SEC("xdp");
 *   "kprobe+"   SEC("kprobe") or SEC("kprobe/<anything>");
 *   "tcx/"      (none today) any SEC("tcx/<anything>").
 */
struct bbpf__sec_def {
	const char *sec;
	uint32_t prog_type;   /* enum bpf_prog_type */
	uint32_t attach_type; /* enum bpf_attach_type, expected at load */
	uint32_t flags;	      /* BBPF_SEC_* */
	uint32_t kind;	      /* enum bbpf_attach_kind */
};

/* bbpf__sec_def_find() returns the first row matching @sec_name, or NULL. */
const struct bbpf__sec_def *bbpf__sec_def_find(const char *sec_name);
/*
 * bbpf__sec_def_closest() writes to @buf the known section name nearest
 * (by edit distance) to @sec_name, an unknown one, and returns the distance.
 */
size_t bbpf__sec_def_closest(const char *sec_name, char *buf, size_t sz);
/* The whole table (tests walk it): *@cnt receives its size. */
const struct bbpf__sec_def *bbpf__sec_defs(size_t *cnt);

/* ------------------------------------------------------------------ */
/* The object model                                                    */
/* ------------------------------------------------------------------ */

enum bbpf__sec_kind {
	BBPF__SEC_OTHER,       /* ignored: debug info, strings, unknown data */
	BBPF__SEC_CODE,	       /* executable: programs, or subprograms in .text */
	BBPF__SEC_DATA,	       /* .data, .data.*          -> array map */
	BBPF__SEC_RODATA,      /* .rodata, .rodata.*      -> array map, read-only */
	BBPF__SEC_BSS,	       /* .bss, .bss.*            -> array map, zeros */
	BBPF__SEC_MAPS,	       /* .maps: BTF-defined map definitions */
	BBPF__SEC_LEGACY_MAPS, /* maps: struct bpf_map_def array */
	BBPF__SEC_REL,	       /* SHT_REL for code or .maps */
};

struct bbpf__sec {
	char *name;
	uint32_t kind;	 /* enum bbpf__sec_kind */
	uint32_t type;	 /* sh_type */
	uint64_t size;	 /* sh_size */
	uint32_t info;	 /* SHT_REL: the section it relocates */
	int map;	 /* the map it backs (global data), or -1 */
	uint32_t btf_id; /* its DATASEC in the object's BTF, 0 if none */
};

/* One STT_FUNC of an executable section. desc is what bbpf_obj_func() shows. */
struct bbpf__func {
	struct bbpf_func desc;
	char *name;
	uint32_t sec; /* ELF section index */
	struct bpf_insn *insns;
	struct bbpf_relo *relos; /* insn is relative to the function; sorted */
	size_t relo_cnt, relo_cap;
};

struct bbpf_prog {
	const struct bbpf_obj *obj;
	uint32_t func;	    /* its entry: obj->funcs index */
	char *sec_name;	    /* without a leading '?' */
	const char *target; /* in sec_name: what follows the first '/', "" if nothing */
	const struct bbpf__sec_def *def; /* NULL: the section name is unknown */
	int err;			 /* 0, or why it cannot be loaded */
	bool autoload;			 /* false for SEC("?...") */
	uint32_t *layout;		 /* [2 * func_cnt]: func index, first insn when linked */
	size_t func_cnt;
	size_t insn_cnt;	 /* linked: itself and its subprograms */
	struct bbpf_relo *relos; /* insn is relative to the linked program */
	size_t relo_cnt;
	const char *chain; /* its "bbpf.chain=" tag's value (in obj->btf), or NULL */
};

struct bbpf_map {
	const struct bbpf_obj *obj;    /* set by bbpf_obj_load(); NULL before */
	char *name;		       /* symbol, or ELF section name for global data */
	char kname[BBPF__OBJ_NAME_SZ]; /* what the kernel is told */
	uint32_t kind;		       /* enum bbpf_map_kind */
	struct bbpf_map_def def;
	struct bbpf_map_def inner; /* template of the inner maps (has_inner) */
	bool has_inner;
	bool has_values;     /* BTF definition ends with __array(values, ...) */
	uint32_t values_off; /* byte offset of 'values' in the definition */
	uint32_t sec;	     /* ELF section of its definition or data */
	uint32_t sec_off;    /* its offset there */
	uint32_t sec_sz;     /* bytes of definition (symbol size) or data */
	void *data;	     /* initial image of global data; NULL: zeros */
	struct bbpf_map_slot *slots;
	size_t slot_cnt, slot_cap;
};

struct bbpf__ext {
	struct bbpf_extern desc;
	uint32_t sym; /* its ELF symbol */
};

struct bbpf_obj {
	char name[BBPF__OBJ_NAME_SZ];
	char license[128];
	bool has_license;
	uint32_t kern_version;
	bool relaxed_maps;
	struct bbpf_btf *btf;
	struct bbpf_btf_ext *btf_ext;
	struct bbpf__sec *secs;
	size_t sec_cnt;
	int text_sec; /* .text, or -1 */
	struct bbpf__func *funcs;
	size_t func_cnt, func_cap;
	struct bbpf_prog *progs;
	size_t prog_cnt;
	struct bbpf_map *maps;
	size_t map_cnt, map_cap;
	struct bbpf__ext *exts;
	size_t ext_cnt;
	struct bbpf__elf elf;	 /* open only while the object is being opened */
	struct bbpf__load *load; /* kernel objects while loaded, else NULL */
	long load_failed;	 /* the program the last load failed on, or -1 (load.c) */
};

/*
 * What bbpf_obj_load() made in the kernel (load.c). Each fd is owned here,
 * -1 when absent; bbpf__obj_unload() closes them all.
 */
struct bbpf__load {
	int btf_fd;
	int *prog_fds;	    /* [prog_cnt] */
	uint32_t *prog_eat; /* [prog_cnt]: the expected_attach_type each was loaded with */
	char **prog_mod;    /* [prog_cnt]: the module whose BTF holds its attach target, or NULL */
	int *map_fds;	    /* [map_cnt] */
	char **pinned;	    /* [map_cnt]: pin path this load created (unlinked on failure) */
	bool events_perf;   /* ring buffers made perf event arrays (load/events_switch.c) */
	void *kcfg;	    /* the .kconfig map's value the externs resolved to (owned) */
	void **mmaps;	    /* [map_cnt]: global data mapped shared (load/data_mmap.c), or NULL */
	/* A staged load's context (load/load.c), kept for bbpf_obj_load_rest(); NULL: none pending */
	struct bbpf__load_ctx *rest;
};

/* Where a variable of .data/.rodata lives (obj/opts.c). */
struct bbpf__var_loc {
	struct bbpf_map *map;
	uint32_t type; /* the VAR's type */
	uint32_t off, size;
};

/* bbpf__var_find_in_map() finds variable @name in @map's DATASEC, silently. 0 or -ENOENT. */
int bbpf__var_find_in_map(const struct bbpf_obj *obj, struct bbpf_map *map, const char *name,
			  struct bbpf__var_loc *loc);

/* ---- obj.c ---- */
/* bbpf__obj_add_map() appends a zeroed map; *@idx receives its index. */
int bbpf__obj_add_map(struct bbpf_obj *obj, const char *name, uint32_t *idx);

/* ---- obj_progs.c ---- */
/* License and kernel version sections. */
int bbpf__obj_collect_meta(struct bbpf_obj *obj);
/* Every STT_FUNC of every executable section, checked and copied. */
int bbpf__obj_collect_funcs(struct bbpf_obj *obj);
/* Programs from the functions: section table lookup, per-program errors. */
int bbpf__obj_init_progs(struct bbpf_obj *obj);
/* The function that starts at instruction @off of section @sec, or -ENOENT. */
int bbpf__obj_find_func(const struct bbpf_obj *obj, uint32_t sec, uint64_t off);

/* ---- obj_maps.c ---- */
/* .kconfig / .ksyms externs with their BTF; kconfig layout. */
int bbpf__obj_collect_externs(struct bbpf_obj *obj);
/* Legacy maps, BTF-defined maps, global data, .kconfig. */
int bbpf__obj_collect_maps(struct bbpf_obj *obj);
/* The map defined at byte @off of section @sec (legacy or BTF), or -ENOENT. */
int bbpf__obj_find_map_at(const struct bbpf_obj *obj, uint32_t sec, uint64_t off);
/* Kernel name of a global data map, libbpf's rule; written to @buf (16 bytes). */
void bbpf__map_kernel_name(const char *obj_name, const char *sec_name, char *buf);

/* ---- btf_fixup.c ---- */
/*
 * bbpf__btf_fixup() makes the object's BTF loadable (DATASEC sizes and
 * variable offsets, .kconfig layout, hidden functions static), in place.
 * Runs at open while the ELF symbols are available. Returns 0 or -EINVAL.
 */
int bbpf__btf_fixup(struct bbpf_obj *obj);

/* ---- load.c ---- */
/* bbpf__obj_unload() closes every fd bbpf_obj_load() made; safe when none. */
void bbpf__obj_unload(struct bbpf_obj *obj);

/* ---- opts.c ---- */
/*
 * bbpf__obj_check_secs() reports every program of an unknown section (with
 * the nearest known name). Returns -EOPNOTSUPP when one of them is still
 * selected to load, else 0.
 */
int bbpf__obj_check_secs(const struct bbpf_obj *obj);

/* ---- chain.c ---- */
/*
 * bbpf__obj_collect_chains() reads each program's fallback chain tag once,
 * at open: bbpf_prog_chain() is asked often (for every pair of programs when
 * chains are listed), and each lookup walks the object's BTF.
 */
int bbpf__obj_collect_chains(struct bbpf_obj *obj);

/* ---- obj_relo.c ---- */
/* .rel<code> -> per-instruction records; .rel.maps -> initial slots. */
int bbpf__obj_collect_relos(struct bbpf_obj *obj);
/* Each program's reachable subprograms, layout and linked relocations. */
int bbpf__obj_link_progs(struct bbpf_obj *obj);
/*
 * bbpf__prog_link() is bbpf_prog_link_insns() from @code (one array per
 * function, indexed like obj->funcs: the load's CO-RE-patched copies), or
 * from the functions as opened when @code is NULL.
 */
int bbpf__prog_link(const struct bbpf_prog *prog, struct bpf_insn *const *code,
		    struct bpf_insn **insns, size_t *cnt);

/* ------------------------------------------------------------------ */
/* Externs and options (externs*.c, obj_opts*.c); more in externs.h     */
/* ------------------------------------------------------------------ */

/*
 * bbpf__var_encode() writes text @value into @dst (@size bytes) as BTF type
 * @type_id reads it (obj_opts_parse.c); @name is for messages. Returns 0,
 * -EINVAL, -E2BIG, -EOPNOTSUPP (see bbpf_obj_set_var_str()).
 */
int bbpf__var_encode(const struct bbpf_btf *btf, uint32_t type_id, const char *name,
		     const char *value, void *dst, uint32_t size);

/*
 * bbpf__num_parse() (num.c) reads @len bytes at @val as a C integer (decimal,
 * 0x, 0 octal, a leading '-': *@neg). Returns 0, -EINVAL (not a number),
 * -E2BIG (past 64 bits). No log. bbpf__num_fits() says whether it fits @size
 * bytes, signed or not.
 */
int bbpf__num_parse(const char *val, size_t len, uint64_t *v, bool *neg);
bool bbpf__num_fits(uint64_t v, bool neg, uint32_t size, bool sgn);

#endif
