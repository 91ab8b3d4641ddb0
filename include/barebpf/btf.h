/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barebpf BTF: parse, validate and query BPF Type Format data.
 *
 * A struct bbpf_btf holds one BTF blob (header, type section, string
 * section) and an index of where each type starts. Type ids are global:
 * id 0 is void, a base BTF has ids 1..n, a split BTF (module BTF) continues
 * at its base's next free id and can refer to the base's types and strings.
 *
 * Types are the kernel's UAPI layouts (struct btf_type and the records that
 * follow it, <linux/btf.h>); the static inline accessors below read them.
 * Every pointer a getter returns is borrowed: valid until the bbpf_btf it
 * came from is freed.
 *
 * Thread safety: a parsed bbpf_btf may be read from many threads, except
 * that by-name lookups build name indexes on demand (do the lookups before
 * sharing it, or serialise them; see bbpf_btf_name_iter_init_kinds()).
 */
#ifndef BAREBPF_BTF_H
#define BAREBPF_BTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/btf.h>

#include <barebpf/ns.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bbpf_btf;

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

/*
 * bbpf_btf_parse() parses and validates raw BTF (what a .BTF section or
 * /sys/kernel/btf/<name> holds) of @sz bytes at @data. The bytes are copied:
 * @data may be released when this returns.
 *
 * @base: NULL for base BTF; for split BTF (a module's) the BTF it extends.
 *        The new BTF borrows @base, which must outlive it.
 * @out:  receives the new BTF, to release with bbpf_btf_free(); written only
 *        on success.
 *
 * Accepts both byte orders (a big-endian blob is converted to host order;
 * bbpf_btf_is_swapped() tells) and headers longer than today's, provided
 * the bytes we do not know are zero. Every rejection is logged once through
 * the print hook with what is wrong and where (type id, byte offset).
 *
 * Returns 0, -EINVAL for malformed BTF, -ELOOP for a reference loop,
 * -E2BIG for sizes past the format's limits, -ENOMEM.
 */
BBPF_API int bbpf_btf_parse(const void *data, size_t sz, const struct bbpf_btf *base,
			    struct bbpf_btf **out);

/*
 * bbpf_btf_parse_view() is bbpf_btf_parse() without the copy: the new BTF
 * borrows @data, which must stay valid and unchanged until bbpf_btf_free()
 * (meant for a mapped /sys/kernel/btf/vmlinux). When @data is not in host
 * byte order or not 4-byte aligned it is copied after all.
 * Returns as bbpf_btf_parse().
 */
BBPF_API int bbpf_btf_parse_view(const void *data, size_t sz, const struct bbpf_btf *base,
				 struct bbpf_btf **out);

/* bbpf_btf_free() releases @btf and what it owns (not its base). NULL is a no-op. */
BBPF_API void bbpf_btf_free(struct bbpf_btf *btf);

/* ------------------------------------------------------------------ */
/* Whole-BTF facts                                                     */
/* ------------------------------------------------------------------ */

/* One past the last valid type id, counting the base's types (libbpf's btf__type_cnt()). */
BBPF_API uint32_t bbpf_btf_type_cnt(const struct bbpf_btf *btf);

/* The first id this BTF defines: 1 for base BTF, the base's type count for split BTF. */
BBPF_API uint32_t bbpf_btf_start_id(const struct bbpf_btf *btf);

/* The base of split @btf, or NULL. */
BBPF_API const struct bbpf_btf *bbpf_btf_base(const struct bbpf_btf *btf);

/* True when the input was in the other byte order (e.g. a bpfeb object on x86). */
BBPF_API bool bbpf_btf_is_swapped(const struct bbpf_btf *btf);

/*
 * bbpf_btf_raw() gives the blob this BTF was parsed from, in host byte order
 * (after any swap): *@sz receives its size. Borrowed.
 */
BBPF_API const void *bbpf_btf_raw(const struct bbpf_btf *btf, size_t *sz);

/* ------------------------------------------------------------------ */
/* Types and strings by id / offset                                    */
/* ------------------------------------------------------------------ */

/*
 * bbpf_btf_type_by_id() returns type @id (from this BTF or its base), or
 * NULL when @id >= bbpf_btf_type_cnt(). Id 0 gives a static all-zero type
 * (kind UNKN: void).
 */
BBPF_API const struct btf_type *bbpf_btf_type_by_id(const struct bbpf_btf *btf, uint32_t id);

/*
 * bbpf_btf_str() returns the NUL-terminated string at offset @off of the
 * string section (split BTF: the base's strings come first), or NULL when
 * @off is out of range. Offset 0 is "".
 */
BBPF_API const char *bbpf_btf_str(const struct bbpf_btf *btf, uint32_t off);

/* bbpf_btf_name() returns the name of type @id ("" if anonymous, NULL if @id is invalid). */
BBPF_API const char *bbpf_btf_name(const struct bbpf_btf *btf, uint32_t id);

/* ------------------------------------------------------------------ */
/* Lookup by name                                                      */
/* ------------------------------------------------------------------ */

/*
 * bbpf_btf_find_by_name_kind() returns the lowest id of a type named @name
 * of kind @kind (BTF_KIND_*, or -1 for any kind), searching the base first.
 * Lookups build name indexes on demand (see bbpf_btf_name_iter_init_kinds()).
 * Returns the id (> 0), -ENOENT, or -ENOMEM when an index cannot be built.
 */
BBPF_API int bbpf_btf_find_by_name_kind(const struct bbpf_btf *btf, const char *name, int kind);

/*
 * bbpf_btf_scan_find() looks for a type of kind @kind named one of @names
 * (@cnt of them, the first preferred) in raw base BTF of native byte order,
 * by one walk over the type section: no parse, no index, no allocation.
 * For one or two ids from the kernel's BTF, where a parse costs far more.
 * References are not validated. Returns the id, -ENOENT, or -EINVAL
 * (malformed @data).
 */
BBPF_API int bbpf_btf_scan_find(const void *data, size_t sz, const char *const *names, size_t cnt,
				int kind);

/*
 * bbpf_btf_essential_name_len() is the length of @name without its flavor:
 * "task_struct___v2" -> 11 ("task_struct"). The flavor starts at the last
 * "___" with a non-'_' character on both sides; names without one are whole.
 */
BBPF_API size_t bbpf_btf_essential_name_len(const char *name);

/*
 * Iterates over every type (in this BTF and its base, base first, ids
 * ascending) whose essential name is the first @len bytes of @name, e.g.
 * the CO-RE candidates of a local "task_struct___v2" (pass its essential
 * length). A stack struct: no cleanup needed.
 *
 *	struct bbpf_btf_name_iter it;
 *	int id;
 *
 *	bbpf_btf_name_iter_init(&it, btf, name, len);
 *	while ((id = bbpf_btf_name_iter_next(&it)) > 0)
 *		...
 */
/* The name index has a table for FUNC names, one for DECL_TAG names, one for the rest. */
#define BBPF_BTF_NAME_TABLES 3
/* Matches a first lookup keeps when it scans instead of using a table (more: it builds one). */
#define BBPF_BTF_NAME_SCAN_MAX 8

struct bbpf_btf_name_iter {
	const struct bbpf_btf *btf; /* BTF being walked (the base first, then the split) */
	const struct bbpf_btf *top; /* BTF the walk was started on */
	const char *name;
	size_t len;
	uint32_t hash;
	uint32_t kinds; /* mask of 1 << BTF_KIND_* to return; 0: every kind */
	/* Per index table: the next slot to probe (UINT32_MAX when done), the next match (0: none). */
	uint32_t pos[BBPF_BTF_NAME_TABLES];
	uint32_t peek[BBPF_BTF_NAME_TABLES];
	/* A scan's matches (ids, ascending), when the walk scanned instead of using the tables. */
	uint32_t found[BBPF_BTF_NAME_SCAN_MAX];
	uint32_t nr_found, next_found;
	bool scanned;
	int err; /* -ENOMEM if an index could not be built */
};

/*
 * bbpf_btf_name_iter_init_kinds() starts a walk that returns only types of
 * the kinds in @kinds, a mask of 1 << BTF_KIND_* (0: every kind).
 *
 * The name index has three tables: one for FUNC names, one for DECL_TAG
 * names, one for every other kind (in vmlinux, 56k of the 71k names are
 * FUNCs, and CO-RE never looks for one; 200 DECL_TAGs share the name
 * "bpf_kfunc"), so a walk for, say, STRUCT | UNION never hashes a
 * function's name. The first walk that needs a table does not build it: it
 * scans the types of the wanted kinds once and compares names (cheaper
 * than hashing them all, for a BTF asked one question); the next walk that
 * needs it builds it. Neither changes an answer, but both write to @btf:
 * do the lookups a BTF needs before sharing it between threads, or
 * serialise them. Returns 0 or -ENOMEM (an index could not be built).
 */
BBPF_API int bbpf_btf_name_iter_init_kinds(struct bbpf_btf_name_iter *it,
					   const struct bbpf_btf *btf, const char *name, size_t len,
					   uint32_t kinds);

/* bbpf_btf_name_iter_init() is bbpf_btf_name_iter_init_kinds() for every kind. */
BBPF_API int bbpf_btf_name_iter_init(struct bbpf_btf_name_iter *it, const struct bbpf_btf *btf,
				     const char *name, size_t len);

/* bbpf_btf_name_iter_next() returns the next matching id, 0 at the end, or -ENOMEM. */
BBPF_API int bbpf_btf_name_iter_next(struct bbpf_btf_name_iter *it);

/* ------------------------------------------------------------------ */
/* Type questions                                                      */
/* ------------------------------------------------------------------ */

/*
 * bbpf_btf_skip_mods() follows const/volatile/restrict/type_tag from @id;
 * bbpf_btf_resolve() also follows typedefs. Both return the id reached
 * (possibly 0, void), or -EINVAL for an invalid id. Loops are rejected at
 * parse time, so these terminate.
 */
BBPF_API int bbpf_btf_skip_mods(const struct bbpf_btf *btf, uint32_t id);
BBPF_API int bbpf_btf_resolve(const struct bbpf_btf *btf, uint32_t id);

/*
 * bbpf_btf_size() returns the size in bytes of type @id, following
 * modifiers, typedefs and arrays (a pointer is 8 bytes, or 4 in BTF whose
 * "long" is 4 bytes). Returns the size (>= 0), -EINVAL for types without a
 * size (void, func, fwd, func_proto, decl_tag), -E2BIG past INT_MAX or
 * past 32 levels of nesting.
 */
BBPF_API int bbpf_btf_size(const struct bbpf_btf *btf, uint32_t id);

/*
 * bbpf_btf_align() returns the natural alignment of type @id: that of its
 * largest scalar, 1 for packed structs (a member at a misaligned offset).
 * Returns the alignment (> 0), -EINVAL or -E2BIG as bbpf_btf_size().
 */
BBPF_API int bbpf_btf_align(const struct bbpf_btf *btf, uint32_t id);

/* Where a member lives, by bbpf_btf_find_member(). */
struct bbpf_btf_field {
	uint32_t type_id;     /* the member's type */
	uint32_t bit_offset;  /* from the start of the outermost struct */
	uint32_t bitfield_sz; /* 0 unless a bitfield */
	int idx;	      /* member index within its own (innermost) struct/union */
};

/*
 * bbpf_btf_find_member() looks for member @name in struct/union @id (after
 * modifiers and typedefs), descending into anonymous struct/union members as
 * C does. Fills *@field on success.
 * Returns 0, -ENOENT if there is no such member, -EINVAL if @id is not a
 * struct or union.
 */
BBPF_API int bbpf_btf_find_member(const struct bbpf_btf *btf, uint32_t id, const char *name,
				  struct bbpf_btf_field *field);

/*
 * bbpf_btf_find_enum_value() looks up enumerator @name in ENUM or ENUM64
 * type @id (after modifiers and typedefs) and stores its value in *@val
 * (sign-extended when the enum is signed). Returns the enumerator's index,
 * -ENOENT, or -EINVAL if @id is not an enum.
 */
BBPF_API int bbpf_btf_find_enum_value(const struct bbpf_btf *btf, uint32_t id, const char *name,
				      int64_t *val);

/*
 * bbpf_btf_func_proto() returns the FUNC_PROTO id of FUNC @id (or @id
 * itself when it is a FUNC_PROTO, also through a pointer or typedef).
 * Returns the id or -EINVAL.
 */
BBPF_API int bbpf_btf_func_proto(const struct bbpf_btf *btf, uint32_t id);

/* ------------------------------------------------------------------ */
/* Static inline accessors over the UAPI layouts                       */
/* ------------------------------------------------------------------ */

static inline uint16_t bbpf_btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline uint16_t bbpf_btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static inline bool bbpf_btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info);
}

/* Name of a kind as bpftool prints it ("STRUCT", "FUNC_PROTO"); "unknown" if out of range. */
BBPF_API const char *bbpf_btf_kind_str(uint16_t kind);

static inline bool bbpf_btf_is_int(const struct btf_type *t)
{
	return bbpf_btf_kind(t) == BTF_KIND_INT;
}

static inline bool bbpf_btf_is_ptr(const struct btf_type *t)
{
	return bbpf_btf_kind(t) == BTF_KIND_PTR;
}

static inline bool bbpf_btf_is_array(const struct btf_type *t)
{
	return bbpf_btf_kind(t) == BTF_KIND_ARRAY;
}

static inline bool bbpf_btf_is_composite(const struct btf_type *t)
{
	uint16_t kind = bbpf_btf_kind(t);

	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION;
}

static inline bool bbpf_btf_is_any_enum(const struct btf_type *t)
{
	uint16_t kind = bbpf_btf_kind(t);

	return kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64;
}

/* const, volatile, restrict and type_tag: the kinds that qualify but do not name a type. */
static inline bool bbpf_btf_is_mod(const struct btf_type *t)
{
	uint16_t kind = bbpf_btf_kind(t);

	return kind == BTF_KIND_CONST || kind == BTF_KIND_VOLATILE || kind == BTF_KIND_RESTRICT ||
	       kind == BTF_KIND_TYPE_TAG;
}

static inline bool bbpf_btf_is_func(const struct btf_type *t)
{
	return bbpf_btf_kind(t) == BTF_KIND_FUNC;
}

static inline bool bbpf_btf_is_func_proto(const struct btf_type *t)
{
	return bbpf_btf_kind(t) == BTF_KIND_FUNC_PROTO;
}

/* INT: the encoding word after the type. */
static inline uint32_t bbpf_btf_int_word(const struct btf_type *t)
{
	return *(const uint32_t *)(t + 1);
}

static inline uint8_t bbpf_btf_int_encoding(const struct btf_type *t)
{
	return BTF_INT_ENCODING(bbpf_btf_int_word(t));
}

static inline uint8_t bbpf_btf_int_offset(const struct btf_type *t)
{
	return BTF_INT_OFFSET(bbpf_btf_int_word(t));
}

static inline uint8_t bbpf_btf_int_bits(const struct btf_type *t)
{
	return BTF_INT_BITS(bbpf_btf_int_word(t));
}

static inline const struct btf_array *bbpf_btf_array(const struct btf_type *t)
{
	return (const struct btf_array *)(t + 1);
}

/* STRUCT / UNION members: bbpf_btf_vlen() of them. */
static inline const struct btf_member *bbpf_btf_members(const struct btf_type *t)
{
	return (const struct btf_member *)(t + 1);
}

/* Bit offset of member @i: with kind_flag the low 24 bits hold it, the high 8 the bitfield size. */
static inline uint32_t bbpf_btf_member_bit_offset(const struct btf_type *t, uint32_t i)
{
	uint32_t off = bbpf_btf_members(t)[i].offset;

	return bbpf_btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(off) : off;
}

/* Bitfield size of member @i, 0 when it is not a bitfield (always 0 without kind_flag). */
static inline uint32_t bbpf_btf_member_bitfield_size(const struct btf_type *t, uint32_t i)
{
	uint32_t off = bbpf_btf_members(t)[i].offset;

	return bbpf_btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(off) : 0;
}

static inline const struct btf_enum *bbpf_btf_enum(const struct btf_type *t)
{
	return (const struct btf_enum *)(t + 1);
}

static inline const struct btf_enum64 *bbpf_btf_enum64(const struct btf_type *t)
{
	return (const struct btf_enum64 *)(t + 1);
}

/* Name offset of enumerator @i of an ENUM or ENUM64. */
static inline uint32_t bbpf_btf_enum_name_off(const struct btf_type *t, uint32_t i)
{
	if (bbpf_btf_kind(t) == BTF_KIND_ENUM64)
		return bbpf_btf_enum64(t)[i].name_off;
	return bbpf_btf_enum(t)[i].name_off;
}

/*
 * Value of enumerator @i of an ENUM or ENUM64 as 64 bits: a signed enum
 * (kind_flag set) sign-extends a 32-bit value, an unsigned one zero-extends.
 */
static inline uint64_t bbpf_btf_enum_value(const struct btf_type *t, uint32_t i)
{
	const struct btf_enum64 *e64;

	if (bbpf_btf_kind(t) == BTF_KIND_ENUM64) {
		e64 = &bbpf_btf_enum64(t)[i];
		return (uint64_t)e64->val_hi32 << 32 | e64->val_lo32;
	}
	if (bbpf_btf_kflag(t))
		return (uint64_t)(int64_t)bbpf_btf_enum(t)[i].val;
	return (uint32_t)bbpf_btf_enum(t)[i].val;
}

/* FUNC_PROTO parameters: bbpf_btf_vlen() of them; a last one with type 0 means "...". */
static inline const struct btf_param *bbpf_btf_params(const struct btf_type *t)
{
	return (const struct btf_param *)(t + 1);
}

/* FUNC linkage (BTF_FUNC_STATIC/GLOBAL/EXTERN) lives in vlen. */
static inline uint16_t bbpf_btf_func_linkage(const struct btf_type *t)
{
	return bbpf_btf_vlen(t);
}

static inline const struct btf_var *bbpf_btf_var(const struct btf_type *t)
{
	return (const struct btf_var *)(t + 1);
}

/* DATASEC entries: bbpf_btf_vlen() of them. */
static inline const struct btf_var_secinfo *bbpf_btf_var_secinfos(const struct btf_type *t)
{
	return (const struct btf_var_secinfo *)(t + 1);
}

static inline const struct btf_decl_tag *bbpf_btf_decl_tag(const struct btf_type *t)
{
	return (const struct btf_decl_tag *)(t + 1);
}

/* ------------------------------------------------------------------ */
/* .BTF.ext                                                            */
/* ------------------------------------------------------------------ */

struct bbpf_btf_ext;

/* The records of .BTF.ext; a newer compiler may append fields (records are then larger). */
struct bbpf_btf_func_info {
	uint32_t insn_off; /* byte offset of the function's first instruction in its section */
	uint32_t type_id;  /* its FUNC */
};

struct bbpf_btf_line_info {
	uint32_t insn_off;
	uint32_t file_name_off; /* string offsets into .BTF */
	uint32_t line_off;
	uint32_t line_col; /* line << 10 | column */
};

struct bbpf_btf_core_relo {
	uint32_t insn_off;
	uint32_t type_id;	 /* local root type */
	uint32_t access_str_off; /* "0:1:2" */
	uint32_t kind;		 /* enum bpf_core_relo_kind */
};

enum bbpf_btf_ext_kind {
	BBPF_BTF_EXT_FUNC_INFO,
	BBPF_BTF_EXT_LINE_INFO,
	BBPF_BTF_EXT_CORE_RELO,
	BBPF_BTF_EXT_KIND_CNT,
};

/*
 * bbpf_btf_ext_parse() parses and validates .BTF.ext bytes (copied). @btf is
 * the object's .BTF, against which section names and string offsets in
 * records are checked (NULL: not checked). A big-endian blob is converted.
 * *@out (freed with bbpf_btf_ext_free()) is written only on success.
 * Returns 0, -EINVAL for malformed data, -ENOMEM.
 */
BBPF_API int bbpf_btf_ext_parse(const void *data, size_t sz, const struct bbpf_btf *btf,
				struct bbpf_btf_ext **out);

/* bbpf_btf_ext_free() releases @ext; NULL is a no-op. */
BBPF_API void bbpf_btf_ext_free(struct bbpf_btf_ext *ext);

/* Record size of @kind as the file says (>= the struct above), 0 if the section is absent. */
BBPF_API uint32_t bbpf_btf_ext_rec_size(const struct bbpf_btf_ext *ext,
					enum bbpf_btf_ext_kind kind);

/*
 * Iterates over the per-ELF-section blocks of one kind, then over each
 * block's records. Records are returned as pointers to their first fields
 * (cast to the struct for @kind); use them, not pointer arithmetic, since
 * records may be larger than the struct.
 *
 *	struct bbpf_btf_ext_iter it;
 *	const struct bbpf_btf_core_relo *r;
 *
 *	bbpf_btf_ext_iter_init(&it, ext, BBPF_BTF_EXT_CORE_RELO);
 *	while (bbpf_btf_ext_iter_next_sec(&it) > 0)
 *		while ((r = bbpf_btf_ext_iter_next_rec(&it)))
 *			printf("%s: insn %u\n", it.sec_name, r->insn_off / 8);
 */
struct bbpf_btf_ext_iter {
	const struct bbpf_btf_ext *ext;
	const uint8_t *pos, *end; /* the blocks left */
	const uint8_t *rec;	  /* next record of the current block */
	uint32_t rec_size, rec_left;
	uint32_t sec_name_off; /* current block's ELF section name (offset into .BTF strings) */
	const char *sec_name;  /* resolved when the BTF was given, else NULL */
	uint32_t nr_recs;      /* records in the current block */
};

BBPF_API void bbpf_btf_ext_iter_init(struct bbpf_btf_ext_iter *it, const struct bbpf_btf_ext *ext,
				     enum bbpf_btf_ext_kind kind);

/* Moves to the next block: returns 1, or 0 when there are no more. */
BBPF_API int bbpf_btf_ext_iter_next_sec(struct bbpf_btf_ext_iter *it);

/* Returns the current block's next record, or NULL after its last. */
BBPF_API const void *bbpf_btf_ext_iter_next_rec(struct bbpf_btf_ext_iter *it);

/* ------------------------------------------------------------------ */
/* Files and the target BTF                                            */
/* ------------------------------------------------------------------ */

/*
 * A way to map a file read-only instead of reading it (the loader passes
 * its mmap wrapper: btf/ itself makes no such call). @map returns 0 and sets
 * *@data to @sz bytes of @fd, or -errno to make the caller read instead.
 */
typedef int (*bbpf_btf_map_fn)(int fd, size_t sz, const void **data, void *ctx);
typedef void (*bbpf_btf_unmap_fn)(const void *data, size_t sz, void *ctx);
/*
 * A way to read section @name of an ELF file (the loader passes its ELF
 * reader: btf/ reads no ELF itself): of the file open at @fd, or, when
 * @image is not NULL, of the @image_sz bytes there. @what names the file in
 * messages. Returns 0 with *@data (malloc'd, the caller frees it) and *@sz,
 * -ENOENT when there is no such section, or -errno.
 */
typedef int (*bbpf_btf_elf_fn)(int fd, void *image, size_t image_sz, const char *what,
			       const char *name, void **data, size_t *sz, void *ctx);

struct bbpf_btf_open_opts {
	size_t sz; /* sizeof(struct bbpf_btf_open_opts): fields past it are taken as zero */
	bbpf_btf_map_fn map;
	bbpf_btf_unmap_fn unmap;
	void *ctx;		 /* for every callback */
	bbpf_btf_elf_fn elf_sec; /* NULL: ELF files are refused (-EOPNOTSUPP) */
};

/*
 * bbpf_btf_open() reads the BTF in file @path: raw BTF (as in /sys/kernel/btf),
 * gzip-compressed BTF (.btf.gz), or an ELF file (vmlinux, a .bpf.o) whose
 * .BTF section is used, read by @opts->elf_sec (bbpf_kbtf_open_opts() gives
 * the loader's ELF reader). Raw files are mapped when @opts gives a mapper
 * and the file allows it, else read with read(2) into one allocation.
 * @base, @out: as bbpf_btf_parse(). @opts may be NULL.
 * Returns 0, -errno from open/read, -ENOENT when an ELF file has no .BTF,
 * -EOPNOTSUPP for an ELF file without an @opts->elf_sec, or
 * bbpf_btf_parse()'s errors.
 */
BBPF_API int bbpf_btf_open(const char *path, const struct bbpf_btf *base,
			   const struct bbpf_btf_open_opts *opts, struct bbpf_btf **out);

/*
 * Inputs of the target-BTF search, each NULL/empty when absent, so the
 * search is testable with any tree (@root prefixes every absolute path).
 * bbpf_btf_target_host() fills the ones a host knows (uname, env, os-release).
 */
struct bbpf_btf_target {
	const char *btf_path;	/* --btf PATH or the API option */
	const char *env_btf;	/* $BAREBPF_BTF */
	const char *btf_dir;	/* --btf-dir: a btfhub tree */
	const char *release;	/* uname -r */
	const char *machine;	/* uname -m (x86_64, aarch64, ...) */
	const char *os_id;	/* os-release ID (debian, ubuntu, ...) */
	const char *os_version; /* os-release VERSION_ID (12, 22.04, ...) */
	const char *root;	/* prefix for the fixed system paths; NULL: "/" */
	bool skip_sysfs; /* look past sysfs BTF, as a kernel without it (BAREBPF_NO=kernel_btf) */
	char buf[512];	 /* storage bbpf_btf_target_host() points into */
};

/*
 * bbpf_btf_target_host() fills release, machine, env_btf, os_id and
 * os_version of @t from the running host, leaving the others. Returns 0.
 */
BBPF_API int bbpf_btf_target_host(struct bbpf_btf_target *t);

/*
 * bbpf_btf_find_target() walks the lookup order (docs/ARCHITECTURE.md): btf_path,
 * env_btf, /sys/kernel/btf/vmlinux (unless skip_sysfs), /boot/vmlinux-R,
 * /lib/modules/R/vmlinux-R, /lib/modules/R/build/vmlinux,
 * /usr/lib/debug/boot/vmlinux-R, then btf_dir/ID/VERSION_ID/ARCH/R.btf(.gz),
 * and copies the first readable path into @path (@path_sz bytes).
 * An explicit btf_path or env_btf that is missing is an error, not skipped.
 * Logs the source used (info); when nothing is found, logs where it looked
 * and what to do. Returns 0, -ENOENT, or -ENAMETOOLONG.
 */
BBPF_API int bbpf_btf_find_target(const struct bbpf_btf_target *t, char *path, size_t path_sz);

/*
 * bbpf_btf_open_target() finds the target BTF as bbpf_btf_find_target()
 * and opens it with bbpf_btf_open(). Returns as those two.
 */
BBPF_API int bbpf_btf_open_target(const struct bbpf_btf_target *t,
				  const struct bbpf_btf_open_opts *opts, struct bbpf_btf **out);

/*
 * bbpf_btf_open_module() opens /sys/kernel/btf/@module (under @root when
 * not NULL) as split BTF on top of @vmlinux. Returns as bbpf_btf_open().
 */
BBPF_API int bbpf_btf_open_module(const char *root, const char *module,
				  const struct bbpf_btf *vmlinux,
				  const struct bbpf_btf_open_opts *opts, struct bbpf_btf **out);

#ifdef __cplusplus
}
#endif

#endif /* BAREBPF_BTF_H */
