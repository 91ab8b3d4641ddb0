/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf objects: a compiled BPF ELF object (.bpf.o) read into a
 * description of its programs, maps and externs.
 *
 * Opening is pure: it makes no syscall and depends on nothing but the bytes,
 * so the same file gives the same struct bbpf_obj on any machine (it can be
 * fuzzed and unit-tested anywhere). Everything that depends on the running
 * kernel (CO-RE, extern values, creating maps, loading programs) comes later.
 *
 *   struct bbpf_obj *obj;
 *   int err = bbpf_obj_open_file("prog.bpf.o", NULL, &obj);
 *   for (size_t i = 0; !err && i < bbpf_obj_prog_cnt(obj); i++)
 *           printf("%s\n", bbpf_prog_name(bbpf_obj_prog(obj, i)));
 *   bbpf_obj_close(obj);
 *
 * Every pointer a getter returns is borrowed from the object: valid until
 * bbpf_obj_close(). Indexes (of programs, functions, maps, externs) are
 * stable for the life of the object.
 */
#ifndef BAREBPF_OBJ_H
#define BAREBPF_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

#include <barebpf/ns.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bbpf_obj;
struct bbpf_prog;
struct bbpf_map;
struct bbpf_btf;
struct bbpf_btf_ext;

/* ------------------------------------------------------------------ */
/* Opening and closing                                                 */
/* ------------------------------------------------------------------ */

struct bbpf_obj_open_opts {
	size_t sz; /* sizeof(struct bbpf_obj_open_opts): fields past it read as zero */
	/*
	 * The object's name (first 15 characters kept). It prefixes the kernel
	 * names of global data maps ("<name>.bss"). Default: the file name up
	 * to its first '.', or "" for bbpf_obj_open_mem().
	 */
	const char *object_name;
	/* Skip unknown fields of BTF-defined maps instead of failing. */
	bool relaxed_maps;
	/*
	 * bbpf_obj_open_mem() only: use @data in place instead of a copy. It
	 * must be writable and stay as it is until bbpf_obj_close(). For a
	 * caller that made the bytes itself (an embedded object it inflated)
	 * and would otherwise only free them after the copy.
	 */
	bool borrow_data;
};

/*
 * bbpf_obj_open_file() reads the BPF ELF object at @path and describes it;
 * bbpf_obj_open_mem() does the same with @sz bytes at @data, which are
 * copied (@data may be released when it returns; see borrow_data). @opts may
 * be NULL.
 *
 * The object must be ELFCLASS64, EM_BPF, relocatable and in the host's byte
 * order (a bpfeb object on x86 is refused with "built for big-endian"), and
 * have a "license" section. Programs whose section name is not a known
 * convention are kept with an error of their own (bbpf_prog_err()) so that
 * the others can still be used. *@out (release it with bbpf_obj_close()) is
 * written only on success. Every rejection is logged once, naming the
 * section, symbol or relocation at fault.
 *
 * Returns 0, -EINVAL for a malformed object, -EOPNOTSUPP for valid content we
 * do not handle, -E2BIG past a limit, -ENOMEM, or -errno from open/read.
 */
BBPF_API int bbpf_obj_open_file(const char *path, const struct bbpf_obj_open_opts *opts,
				struct bbpf_obj **out);
BBPF_API int bbpf_obj_open_mem(const void *data, size_t sz, const struct bbpf_obj_open_opts *opts,
			       struct bbpf_obj **out);

/* bbpf_obj_close() releases @obj and everything it owns. NULL is a no-op. */
BBPF_API void bbpf_obj_close(struct bbpf_obj *obj);

/* The object's name (see bbpf_obj_open_opts.object_name). */
BBPF_API const char *bbpf_obj_name(const struct bbpf_obj *obj);
/* The "license" section's string (what the kernel checks GPL-only helpers against). */
BBPF_API const char *bbpf_obj_license(const struct bbpf_obj *obj);
/* The "version" section's value (LINUX_VERSION_CODE for old kprobes), 0 without one. */
BBPF_API uint32_t bbpf_obj_kern_version(const struct bbpf_obj *obj);
/* The object's .BTF and .BTF.ext, or NULL when it has none. */
BBPF_API const struct bbpf_btf *bbpf_obj_btf(const struct bbpf_obj *obj);
BBPF_API const struct bbpf_btf_ext *bbpf_obj_btf_ext(const struct bbpf_obj *obj);

/* ------------------------------------------------------------------ */
/* Functions: every STT_FUNC of an executable section                  */
/* ------------------------------------------------------------------ */

/*
 * A function as the ELF object holds it: a program (global, in its own
 * SEC()), or a subprogram (in .text, or static in a program's section).
 */
struct bbpf_func {
	const char *name;
	const char *sec_name;
	uint32_t sec_insn_off; /* its first instruction within its ELF section */
	uint32_t insn_cnt;
	int32_t prog;	     /* index of the program it is, or -1 for a subprogram */
	int32_t btf_linkage; /* BTF_FUNC_STATIC or BTF_FUNC_GLOBAL; -1 without a BTF FUNC */
	uint32_t btf_id;     /* its FUNC in the object's BTF, 0 if none */
	bool global;	     /* STB_GLOBAL or STB_WEAK */
	bool hidden;	     /* STV_HIDDEN/INTERNAL: to be verified as a static function */
};

/* Number of functions: programs and subprograms, by ELF section, then offset. */
BBPF_API size_t bbpf_obj_func_cnt(const struct bbpf_obj *obj);
/* Function @idx, or NULL when out of range. */
BBPF_API const struct bbpf_func *bbpf_obj_func(const struct bbpf_obj *obj, size_t idx);
/*
 * The instructions of function @idx as in the ELF file, except that loads of
 * a function's address are marked BPF_PSEUDO_FUNC; *@cnt receives their
 * number. NULL (and 0) when out of range. A .BTF.ext record at byte
 * insn_off of section S belongs to the function of sec_name S whose
 * [sec_insn_off, sec_insn_off + insn_cnt) holds insn_off / 8.
 */
BBPF_API const struct bpf_insn *bbpf_obj_func_insns(const struct bbpf_obj *obj, size_t idx,
						    size_t *cnt);

/* ------------------------------------------------------------------ */
/* Programs                                                            */
/* ------------------------------------------------------------------ */

/* How a program gets attached, decided by its section name. */
enum bbpf_attach_kind {
	BBPF_ATTACH_NONE,	     /* not by section name (sk_skb, lwt_*, syscall, ...) */
	BBPF_ATTACH_KPROBE,	     /* kprobe/FUNC[+OFF] */
	BBPF_ATTACH_KRETPROBE,	     /* kretprobe/FUNC */
	BBPF_ATTACH_KSYSCALL,	     /* ksyscall/NAME: the arch's syscall wrapper */
	BBPF_ATTACH_KRETSYSCALL,     /* kretsyscall/NAME */
	BBPF_ATTACH_KPROBE_MULTI,    /* kprobe.multi/PATTERN */
	BBPF_ATTACH_KRETPROBE_MULTI, /* kretprobe.multi/PATTERN */
	BBPF_ATTACH_KPROBE_SESSION,  /* kprobe.session/PATTERN */
	BBPF_ATTACH_UPROBE,	     /* uprobe/PATH:FUNC[+OFF] */
	BBPF_ATTACH_URETPROBE,	     /* uretprobe/PATH:FUNC */
	BBPF_ATTACH_UPROBE_MULTI,    /* uprobe.multi/PATH:PATTERN */
	BBPF_ATTACH_URETPROBE_MULTI, /* uretprobe.multi/PATH:PATTERN */
	BBPF_ATTACH_UPROBE_SESSION,  /* uprobe.session/PATH:PATTERN */
	BBPF_ATTACH_USDT,	     /* usdt/PATH:PROVIDER:NAME */
	BBPF_ATTACH_TRACEPOINT,	     /* tp/CATEGORY/NAME, tracepoint/... */
	BBPF_ATTACH_RAW_TP,	     /* raw_tp/NAME, raw_tracepoint/..., .w variants */
	BBPF_ATTACH_TRACING,	     /* fentry, fexit, fmod_ret, tp_btf: a BTF id */
	BBPF_ATTACH_FREPLACE,	     /* freplace/FUNC: a function of another program */
	BBPF_ATTACH_LSM,	     /* lsm/HOOK */
	BBPF_ATTACH_ITER,	     /* iter/NAME */
	BBPF_ATTACH_XDP,	     /* xdp: a network device */
	BBPF_ATTACH_TCX,	     /* tcx/ingress|egress, tc/ingress|egress */
	BBPF_ATTACH_TC,		     /* tc, classifier, action: netlink (legacy) */
	BBPF_ATTACH_NETKIT,	     /* netkit/primary|peer */
	BBPF_ATTACH_CGROUP,	     /* cgroup_skb/..., cgroup/..., sockops, lsm_cgroup */
	BBPF_ATTACH_SOCKMAP,	     /* sk_skb/stream_*, sk_msg: a sockmap/sockhash */
	BBPF_ATTACH_NETNS,	     /* flow_dissector, sk_lookup */
	BBPF_ATTACH_SOCKET,	     /* socket, sk_reuseport: setsockopt() */
	BBPF_ATTACH_PERF_EVENT,	     /* perf_event: a perf event fd */
	BBPF_ATTACH_NETFILTER,	     /* netfilter: a hook given at attach time */
	BBPF_ATTACH_STRUCT_OPS,	     /* struct_ops/NAME: through a struct_ops map */
	BBPF_ATTACH_LIRC,	     /* lirc_mode2: a lirc device */
	BBPF_ATTACH_KIND_CNT,
};

/* Facts about a section convention (bbpf_prog_sec_flags()); libbpf's SEC_* cookie. */
/* A kernel may refuse the expected attach type: load again without it. */
#define BBPF_SEC_EXP_ATTACH_OPT (1u << 0)
/* Attached with BPF_PROG_ATTACH or a link, to the expected attach type. */
#define BBPF_SEC_ATTACHABLE (1u << 1)
/* Load needs the attach_btf_id of bbpf_prog_attach_target(). */
#define BBPF_SEC_ATTACH_BTF (1u << 2)
/* Loaded with BPF_F_SLEEPABLE (the ".s" variants). */
#define BBPF_SEC_SLEEPABLE (1u << 3)
/* Loaded with BPF_F_XDP_HAS_FRAGS. */
#define BBPF_SEC_XDP_FRAGS (1u << 4)
/* usdt: may load as uprobe.multi where the kernel has it. */
#define BBPF_SEC_USDT (1u << 5)

/* Number of programs (subprograms are not programs). */
BBPF_API size_t bbpf_obj_prog_cnt(const struct bbpf_obj *obj);
/* Program @idx (in section, then offset order), or NULL when out of range. */
BBPF_API const struct bbpf_prog *bbpf_obj_prog(const struct bbpf_obj *obj, size_t idx);
/* bbpf_obj_find_prog() looks a program up by function name. Returns its index or -ENOENT. */
BBPF_API int bbpf_obj_find_prog(const struct bbpf_obj *obj, const char *name);

/* The program's function name: what the kernel is told, and what --only/--skip match. */
BBPF_API const char *bbpf_prog_name(const struct bbpf_prog *prog);
/* Its ELF section name, without the '?' of SEC("?...") */
BBPF_API const char *bbpf_prog_sec_name(const struct bbpf_prog *prog);
/*
 * bbpf_prog_err() is 0 when the program can be loaded as far as the object
 * tells, or why not: -EOPNOTSUPP when its section name is no known
 * convention (it is then of type BPF_PROG_TYPE_UNSPEC).
 */
BBPF_API int bbpf_prog_err(const struct bbpf_prog *prog);
/* False for SEC("?...") programs, which are loaded only when asked for. */
BBPF_API bool bbpf_prog_autoload(const struct bbpf_prog *prog);
/*
 * What the section name says: program type, expected attach type for
 * BPF_PROG_LOAD (0 when none), and how it is attached. An unknown section
 * gives BPF_PROG_TYPE_UNSPEC, 0 and BBPF_ATTACH_NONE.
 */
BBPF_API enum bpf_prog_type bbpf_prog_type(const struct bbpf_prog *prog);
BBPF_API enum bpf_attach_type bbpf_prog_expected_attach_type(const struct bbpf_prog *prog);
BBPF_API enum bbpf_attach_kind bbpf_prog_attach_kind(const struct bbpf_prog *prog);
/* BBPF_SEC_* of its section convention (0 for an unknown section). */
BBPF_API uint32_t bbpf_prog_sec_flags(const struct bbpf_prog *prog);
/* prog_flags for BPF_PROG_LOAD: BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS. */
BBPF_API uint32_t bbpf_prog_load_flags(const struct bbpf_prog *prog);
/*
 * What the section name says to attach to: the text after its first '/'
 * ("do_sys_open" for "kprobe/do_sys_open", "syscalls/sys_enter_openat" for
 * "tp/syscalls/sys_enter_openat"); "" when there is none.
 */
BBPF_API const char *bbpf_prog_attach_target(const struct bbpf_prog *prog);

/* The program's own instructions as in the ELF file; *@cnt receives their number. */
BBPF_API const struct bpf_insn *bbpf_prog_insns(const struct bbpf_prog *prog, size_t *cnt);

/*
 * The linked program is the program's instructions followed by each
 * subprogram it reaches (by call or by taking its address), each once, in
 * the order libbpf appends them (depth first, in instruction order).
 * bbpf_prog_func_cnt() counts its functions, the program itself included;
 * bbpf_prog_func() gives function @i (0 is the program) as an index for
 * bbpf_obj_func() and stores where it starts in the linked program in
 * *@insn_off (may be NULL). Returns the index, or -ENOENT past the end.
 */
BBPF_API size_t bbpf_prog_func_cnt(const struct bbpf_prog *prog);
BBPF_API int bbpf_prog_func(const struct bbpf_prog *prog, size_t i, uint32_t *insn_off);
/* Instructions in the linked program. */
BBPF_API size_t bbpf_prog_linked_insn_cnt(const struct bbpf_prog *prog);

/*
 * bbpf_prog_link_insns() builds the linked program: a malloc'd array (the
 * caller frees it) of bbpf_prog_linked_insn_cnt() instructions, with every
 * bpf-to-bpf call and function address (BPF_PSEUDO_CALL, BPF_PSEUDO_FUNC)
 * pointing at its subprogram's copy. Map, data and extern references are
 * left as in the ELF: bbpf_prog_relos() lists them. Pure.
 * Returns 0 or -ENOMEM; *@insns and *@cnt are written only on success.
 */
BBPF_API int bbpf_prog_link_insns(const struct bbpf_prog *prog, struct bpf_insn **insns,
				  size_t *cnt);

enum bbpf_relo_kind {
	BBPF_RELO_MAP,	       /* ld_imm64 of a map: will be BPF_PSEUDO_MAP_FD */
	BBPF_RELO_MAP_VALUE,   /* ld_imm64 into global data: BPF_PSEUDO_MAP_VALUE + off */
	BBPF_RELO_CALL,	       /* bpf-to-bpf call (BPF_PSEUDO_CALL) */
	BBPF_RELO_FUNC,	       /* ld_imm64 of a function's address (BPF_PSEUDO_FUNC) */
	BBPF_RELO_EXTERN_VAR,  /* ld_imm64 of a .kconfig or .ksyms variable */
	BBPF_RELO_EXTERN_FUNC, /* call of a kfunc (.ksyms function) */
	BBPF_RELO_KIND_CNT,
};

/* One instruction that needs something from the loader. */
struct bbpf_relo {
	uint32_t insn;	 /* instruction index (in the linked program for bbpf_prog_relos()) */
	uint32_t kind;	 /* enum bbpf_relo_kind */
	uint32_t target; /* map index (MAP, MAP_VALUE), function index (CALL, FUNC), extern index */
	int32_t off;	 /* MAP_VALUE: byte offset into the map's value; else 0 */
};

/*
 * The relocations of the linked program, by instruction; *@cnt receives
 * their number. CALL and FUNC ones are already applied by
 * bbpf_prog_link_insns(); they are listed so that tools can show them.
 */
BBPF_API const struct bbpf_relo *bbpf_prog_relos(const struct bbpf_prog *prog, size_t *cnt);

/* Name of a relocation kind ("map", "map_value", "call", ...); "unknown" if out of range. */
BBPF_API const char *bbpf_relo_kind_str(uint32_t kind);

/* ------------------------------------------------------------------ */
/* Maps                                                                */
/* ------------------------------------------------------------------ */

enum bbpf_map_kind {
	BBPF_MAP_BTF,	  /* struct { __uint(type, ...); ... } name SEC(".maps") */
	BBPF_MAP_LEGACY,  /* struct bpf_map_def name SEC("maps") (libbpf < 1.0) */
	BBPF_MAP_DATA,	  /* .data, .data.*: initialised globals */
	BBPF_MAP_RODATA,  /* .rodata, .rodata.*: constants, frozen after load */
	BBPF_MAP_BSS,	  /* .bss, .bss.*: zeroed globals */
	BBPF_MAP_KCONFIG, /* .kconfig: values of the __kconfig externs */
	BBPF_MAP_KIND_CNT,
};

/* What BPF_MAP_CREATE will be given, as the object defines it. */
struct bbpf_map_def {
	uint32_t type; /* enum bpf_map_type */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	uint32_t numa_node;
	uint64_t map_extra;
	uint32_t key_type_id;	/* in the object's BTF; 0 when given as a size */
	uint32_t value_type_id; /* ditto; a global data map's DATASEC */
	uint32_t pinning;	/* 0 none, 1 by name (LIBBPF_PIN_BY_NAME) */
};

/* An initial element of a map-in-map or program array (__array(values, ...) = { ... }). */
struct bbpf_map_slot {
	uint32_t key;	 /* the array index */
	bool is_prog;	 /* target is a program (PROG_ARRAY), else a map */
	uint32_t target; /* program or map index */
};

/* Number of maps: legacy, BTF-defined, global data, .kconfig, in that order. */
BBPF_API size_t bbpf_obj_map_cnt(const struct bbpf_obj *obj);
/* Map @idx, or NULL when out of range. */
BBPF_API const struct bbpf_map *bbpf_obj_map(const struct bbpf_obj *obj, size_t idx);
/*
 * bbpf_obj_find_map() looks a map up by name: its symbol ("events"), a global
 * data map's section (".rodata", ".data.custom"), or its kernel name
 * ("myobj.bss"). Returns its index or -ENOENT.
 */
BBPF_API int bbpf_obj_find_map(const struct bbpf_obj *obj, const char *name);

/* The map's name: its symbol, or the ELF section of global data (".bss"). */
BBPF_API const char *bbpf_map_name(const struct bbpf_map *map);
/*
 * The name the kernel gets: the symbol cut to 15 characters, or for global
 * data libbpf's rule: "<object name cut>.bss", ".data.custom" cut to 15.
 */
BBPF_API const char *bbpf_map_kernel_name(const struct bbpf_map *map);
/* Where the map comes from (enum bbpf_map_kind). */
BBPF_API enum bbpf_map_kind bbpf_map_kind(const struct bbpf_map *map);
/* Its definition: what BPF_MAP_CREATE will be given before any load-time change. */
BBPF_API const struct bbpf_map_def *bbpf_map_def(const struct bbpf_map *map);
/* The template of a map-in-map's inner maps (__array(values, struct ...)), or NULL. */
BBPF_API const struct bbpf_map_def *bbpf_map_inner_def(const struct bbpf_map *map);
/*
 * The initial value of a global data map (value_size bytes) or NULL when it
 * starts as zeros (.bss, .kconfig, every other kind).
 */
BBPF_API const void *bbpf_map_init_data(const struct bbpf_map *map);
/* Initial slots of a map-in-map or program array, by key; *@cnt receives their number. */
BBPF_API const struct bbpf_map_slot *bbpf_map_slots(const struct bbpf_map *map, size_t *cnt);

/*
 * bbpf_map_data() gives the memory of a global data map's value (.data,
 * .rodata, .bss and their .data.NAME-style variants), its size in *@sz
 * (may be NULL). This is what generated skeletons expose as skel->bss.
 * - Before bbpf_obj_load() (and after unload): the object's own image of
 *   the initial value, writable; the map is created with what is written
 *   there (as bbpf_obj_set_var() does, without names). Owned by @map.
 * - While loaded: the kernel map itself, mmapped shared by bbpf_obj_load()
 *   for maps created BPF_F_MMAPABLE (those holding a global variable that
 *   is not static or hidden): reads see what programs store, writes to
 *   .data/.bss reach them; .rodata is frozen and mapped read-only (a write
 *   faults). Unmapped by bbpf_obj_unload()/bbpf_obj_close().
 * The pointer changes at load and unload: take it again after either.
 * NULL for other map kinds, when a .bss image cannot be allocated, and
 * while loaded for a map that is not mmapable (only static variables, or a
 * kernel before 5.5: read it with bbpf_sys_map_lookup_elem() at key 0).
 */
BBPF_API void *bbpf_map_data(struct bbpf_map *map, size_t *sz);

/* "hash", "array", "ringbuf", ... as bpftool names map types; "unknown" if unknown. */
BBPF_API const char *bbpf_map_type_str(uint32_t type);
/* "btf", "legacy", "data", "rodata", "bss", "kconfig"; "unknown" if out of range. */
BBPF_API const char *bbpf_map_kind_str(uint32_t kind);

/* ------------------------------------------------------------------ */
/* Externs: recorded at open, resolved at load                         */
/* ------------------------------------------------------------------ */

enum bbpf_extern_kind {
	BBPF_EXTERN_KCONFIG, /* extern ... __kconfig: CONFIG_*, LINUX_KERNEL_VERSION, ... */
	BBPF_EXTERN_KSYM,    /* extern ... __ksym: kernel variable or kfunc */
};

/* Type of a __kconfig extern, from its BTF (libbpf's rules). */
enum bbpf_kcfg_type {
	BBPF_KCFG_NONE, /* not a kconfig extern */
	BBPF_KCFG_BOOL,
	BBPF_KCFG_TRISTATE, /* enum libbpf_tristate */
	BBPF_KCFG_CHAR,
	BBPF_KCFG_INT,	    /* 2, 4 or 8 bytes, kcfg_signed */
	BBPF_KCFG_CHAR_ARR, /* a string */
};

struct bbpf_extern {
	const char *name;
	uint32_t kind;	  /* enum bbpf_extern_kind */
	bool weak;	  /* __weak: may stay unresolved (reads 0) */
	bool is_func;	  /* a kfunc (a BTF FUNC in .ksyms) */
	uint32_t btf_id;  /* its VAR or FUNC in the object's BTF */
	uint32_t type_id; /* VAR: its type past modifiers, 0 for a typeless ksym; FUNC: its proto */
	uint32_t kcfg_type; /* enum bbpf_kcfg_type */
	uint32_t kcfg_size;
	uint32_t kcfg_align;
	uint32_t kcfg_off; /* where its value lives in the .kconfig map */
	bool kcfg_signed;
};

/* Number of externs (undefined symbols the loader resolves). */
BBPF_API size_t bbpf_obj_extern_cnt(const struct bbpf_obj *obj);
/* Extern @idx (kconfig ones first), or NULL when out of range. */
BBPF_API const struct bbpf_extern *bbpf_obj_extern(const struct bbpf_obj *obj, size_t idx);

/* ------------------------------------------------------------------ */
/* Loading: the kernel side                                            */
/* ------------------------------------------------------------------ */

/* Where records of include/bpf/bbpf_output.h go (bbpf_obj_load_opts.buffer). */
enum bbpf_buffer {
	BBPF_BUFFER_AUTO,    /* a ring buffer where the kernel has one, else a perf buffer */
	BBPF_BUFFER_RINGBUF, /* a ring buffer (the load fails on a kernel without) */
	BBPF_BUFFER_PERF,    /* a perf buffer, whatever the kernel has */
};

struct bbpf_obj_load_opts {
	size_t sz; /* sizeof(struct bbpf_obj_load_opts): fields past it read as zero */
	/* Target BTF for CO-RE and attach ids (docs/ARCHITECTURE.md's lookup order); NULL: search. */
	const char *btf_path;
	const char *btf_dir; /* a btfhub tree */
	/* Where maps with pinning by name live; NULL: /sys/fs/bpf. */
	const char *pin_root;
	/* Print the whole verifier log of a failing program, not its tail. */
	bool log_all;
	/*
	 * For objects built with include/bpf/bbpf_output.h: enum bbpf_buffer.
	 * With perf buffers, each ring buffer map is created as a perf event
	 * array (one slot per possible CPU); the event reader follows.
	 */
	int buffer;
	/*
	 * A staged load: when not NULL, bbpf_obj_load() loads only the
	 * @first_cnt programs named here (each one must be selected) and the
	 * maps they reference, plus the maps no other selected program does;
	 * the other selected programs and the maps only they use wait for
	 * bbpf_obj_load_rest(). What the load found (target BTF, CO-RE'd code,
	 * externs) is kept for that until then, or until bbpf_obj_unload().
	 * For a tool whose first events should not wait for the verifier's
	 * work on every other program. Objects with .kconfig, map-in-map or
	 * program-array slots make all their maps in the first stage.
	 */
	const char *const *first;
	size_t first_cnt;
};

/*
 * bbpf_obj_load() creates everything @obj describes in the running kernel:
 * raises RLIMIT_MEMLOCK where the kernel charges it; applies CO-RE (target
 * BTF found as docs/ARCHITECTURE.md says) to each function; sanitizes and loads the
 * object's BTF (when the kernel refuses it, the load goes on without it,
 * with a warning); creates the maps (BTF key/value ids, inner maps, pins by
 * name reusing a compatible pin under pin_root, initial data, .rodata
 * frozen); loads every program that is autoloaded and has no bbpf_prog_err()
 * with its func_info/line_info, kern_version, expected attach type and
 * attach_btf_id; then fills map-in-map and program-array slots.
 * Kernel names are libbpf's (programs: function name cut to 15; maps:
 * bbpf_map_kernel_name()). A failing program is reported with its verifier
 * log. On any failure everything this call made is closed again (pins it
 * made are removed): the kernel is as before. @opts may be NULL.
 * The opened object is not changed: CO-RE, map and extern references are
 * applied to copies, so bbpf_obj_func_insns() and bbpf_map_init_data() stay
 * as in the ELF file, and after bbpf_obj_unload() (or a failed load) the
 * same object can be loaded again, against another target BTF if need be.
 * Returns 0; -EBUSY while @obj is loaded; -ESRCH for a non-weak extern the
 * kernel lacks; -ENOENT without a needed target BTF; else the failing
 * step's -errno (the verifier's -EACCES/-EINVAL, -EPERM).
 */
BBPF_API int bbpf_obj_load(struct bbpf_obj *obj, const struct bbpf_obj_load_opts *opts);

/*
 * bbpf_obj_load_rest() loads what a staged bbpf_obj_load() (.first) left:
 * the maps not made yet, then the other selected programs (slots filled,
 * global data mapped), as bbpf_obj_load() would have. Until it returns,
 * bbpf_map_fd()/bbpf_prog_fd() of what waits answer -ENOENT. It may run on
 * another thread while the first stage's programs are attached and its
 * maps read (bbpf_map_fd(), event readers), as long as nothing else uses
 * or changes @obj meanwhile. On failure, what this call made is closed
 * again (bbpf_obj_load_failed_prog() names a refused program) and the
 * first stage stays loaded; there is nothing left to load either way.
 * Returns 0 (also when nothing waits); -EINVAL when @obj is not loaded;
 * else as bbpf_obj_load().
 */
BBPF_API int bbpf_obj_load_rest(struct bbpf_obj *obj);

/*
 * bbpf_obj_unload() closes everything bbpf_obj_load() made (pins stay: they
 * are the user's), leaving @obj as opened. No-op when not loaded or NULL.
 */
BBPF_API void bbpf_obj_unload(struct bbpf_obj *obj);

/*
 * The program the last bbpf_obj_load() of @obj failed on (the kernel or
 * the loader refused it), or NULL when that load succeeded or failed on
 * something else (maps, BTF, externs). For callers that try alternatives.
 */
BBPF_API const struct bbpf_prog *bbpf_obj_load_failed_prog(const struct bbpf_obj *obj);

/* The program's / map's fd after bbpf_obj_load() (owned by @obj), or -ENOENT. */
BBPF_API int bbpf_prog_fd(const struct bbpf_prog *prog);
BBPF_API int bbpf_map_fd(const struct bbpf_map *map);

/*
 * bbpf_prog_pin() / bbpf_map_pin() pin a loaded program or map at @path in
 * bpffs. bbpf_obj_pin_all() pins every loaded map at DIR/maps/<name> (its
 * full name in the object, bbpf_map_name(); global data maps by
 * bbpf_map_kernel_name(); '.' becomes '_') and every loaded program at
 * DIR/progs/<name>, making DIR and those directories (DIR/links/ is left
 * to links). DIR, or its parent when DIR does not exist, must be on a BPF
 * filesystem; this is checked first. On failure every directory and pin it
 * made is removed again, and the cause is logged with the path.
 * Returns 0, -ENOENT when not loaded or DIR's parent is missing, -EINVAL
 * when DIR is not on bpffs, -ENOTDIR, or the kernel's -errno (-EEXIST, ...).
 */
BBPF_API int bbpf_prog_pin(const struct bbpf_prog *prog, const char *path);
BBPF_API int bbpf_map_pin(const struct bbpf_map *map, const char *path);
BBPF_API int bbpf_obj_pin_all(const struct bbpf_obj *obj, const char *dir);

/* ------------------------------------------------------------------ */
/* Names of kernel enums, as bpftool prints them                       */
/* ------------------------------------------------------------------ */

/* "kprobe", "xdp", "sched_cls", ...; "unknown" if unknown. */
BBPF_API const char *bbpf_prog_type_str(uint32_t type);
/* "trace_fentry", "cgroup_inet_ingress", ...; "unknown" if unknown. */
BBPF_API const char *bbpf_attach_type_str(uint32_t type);
/* "kprobe", "tracing", "cgroup", ... (enum bbpf_attach_kind); "unknown" if out of range. */
BBPF_API const char *bbpf_attach_kind_str(uint32_t kind);

/* ------------------------------------------------------------------ */
/* Options before load (loader/obj/opts.c): --only/--skip/--map/--set */
/* ------------------------------------------------------------------ */

/*
 * Mutable handles for the setters below: program / map @idx, or NULL when
 * out of range. Borrowed from @obj like the const getters.
 */
BBPF_API struct bbpf_prog *bbpf_obj_prog_mut(struct bbpf_obj *obj, size_t idx);
BBPF_API struct bbpf_map *bbpf_obj_map_mut(struct bbpf_obj *obj, size_t idx);

/*
 * bbpf_prog_set_autoload() says whether bbpf_obj_load() loads @prog.
 * Returns 0, -EBUSY while loaded, or bbpf_prog_err() when asked to load a
 * program that cannot be (an unknown section).
 */
BBPF_API int bbpf_prog_set_autoload(struct bbpf_prog *prog, bool autoload);
/*
 * bbpf_obj_select_progs() applies --only/--skip: with @only_cnt > 0 only
 * the programs named in @only load (SEC("?...") ones too), else each keeps
 * its autoload; those named in @skip do not load. Names are function names.
 * Returns 0, -ENOENT for a name that is no program (nothing changed), or
 * bbpf_prog_set_autoload()'s error.
 */
BBPF_API int bbpf_obj_select_progs(struct bbpf_obj *obj, const char *const *only, size_t only_cnt,
				   const char *const *skip, size_t skip_cnt);

/*
 * bbpf_map_set_max_entries() / bbpf_map_set_value_size() change what
 * BPF_MAP_CREATE will get (bbpf_map_def() shows it). Only before load
 * (bbpf_obj_apply_map() checks; these have no object to ask).
 * Returns 0 or -EINVAL: global data (one entry, sized by its section), 0
 * entries, a ring buffer size that is no power of 2 >= 4096, a value the
 * kernel sizes (prog/map arrays, perf event arrays, ring buffers), or a
 * value given as a BTF type (__type(value, ...)).
 */
BBPF_API int bbpf_map_set_max_entries(struct bbpf_map *map, uint32_t n);
BBPF_API int bbpf_map_set_value_size(struct bbpf_map *map, uint32_t sz);

/*
 * bbpf_obj_set_var() writes @sz bytes (exactly the variable's size) as the
 * initial value of global variable @name, found by its BTF name in .data,
 * .rodata, .data.* or .rodata.*. bbpf_obj_set_var_str() parses @value as
 * the variable's type reads it: integers (decimal, 0x, octal, -N; range
 * checked), _Bool (true/false, y/n, 1/0), enums (an enumerator's name or a
 * number), char arrays (a string that fits with its NUL).
 * Returns 0, -ENOENT (no such variable), -EOPNOTSUPP (in .bss, or a type we
 * cannot parse), -EINVAL (wrong size, not a value of the type), -E2BIG (out
 * of range, string too long), -EBUSY while loaded, -ENOMEM.
 */
BBPF_API int bbpf_obj_set_var(struct bbpf_obj *obj, const char *name, const void *data, size_t sz);
BBPF_API int bbpf_obj_set_var_str(struct bbpf_obj *obj, const char *name, const char *value);

enum bbpf_map_field {
	BBPF_MAP_FIELD_MAX_ENTRIES = 1,
	BBPF_MAP_FIELD_VALUE_SIZE,
};

/*
 * CLI forms, parsed without touching an object. bbpf_opt_parse_set() splits
 * "VAR=VALUE" (name copied to @name, *@value points into @arg);
 * bbpf_opt_parse_map() splits "NAME.max_entries=N" / "NAME.value_size=N"
 * (the field is after the last '.' before '=', so ".data.x.value_size=8"
 * names map ".data.x"). Returns 0, -EINVAL (malformed), -E2BIG (name longer
 * than @name_sz - 1, N past 32 bits).
 */
BBPF_API int bbpf_opt_parse_set(const char *arg, char *name, size_t name_sz, const char **value);
BBPF_API int bbpf_opt_parse_map(const char *arg, char *name, size_t name_sz,
				enum bbpf_map_field *field, uint32_t *value);
/*
 * bbpf_obj_apply_set() / bbpf_obj_apply_map(): parse one --set / --map
 * argument and apply it to @obj (map looked up by bbpf_obj_find_map()).
 * Return the parser's or setter's error, -ENOENT for an unknown map, -EBUSY
 * while loaded. Every error is logged once with the argument.
 */
BBPF_API int bbpf_obj_apply_set(struct bbpf_obj *obj, const char *arg);
BBPF_API int bbpf_obj_apply_map(struct bbpf_obj *obj, const char *arg);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_OBJ_H */
