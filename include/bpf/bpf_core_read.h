/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */
/*
 * bpf_core_read.h: CO-RE ("compile once, run everywhere") reads and queries,
 * under libbpf's names.
 *
 * Clang records, for each marked access, a relocation in .BTF.ext: the local
 * BTF type, an access string ("0:2:1" = first element, member 2, member 1)
 * and a kind. The loader (barebpf's btf/core_relo.c) finds the same type in
 * the target kernel's BTF and patches the instruction's offset or constant.
 * Four clang builtins produce them; their second argument picks the kind:
 *
 *	__builtin_preserve_field_info(expr, kind)	field: offset, size, exists, ...
 *	__builtin_btf_type_id(*(type *)0, kind)		BTF id, local or in the kernel
 *	__builtin_preserve_type_info(*(type *)0, kind)	type: exists, size, matches
 *	__builtin_preserve_enum_value(*(type *)val, kind) enumerator: exists, value
 *
 * __builtin_preserve_access_index(&p->a.b) records the access itself; types
 * from vmlinux.h have it applied to every member access.
 */
#ifndef BBPF_BPF_CORE_READ_H
#define BBPF_BPF_CORE_READ_H

#include "bpf_helpers.h"

/* The kind arguments; names as in libbpf, values fixed by clang. */
enum bpf_field_info_kind {
	BPF_FIELD_BYTE_OFFSET = 0,
	BPF_FIELD_BYTE_SIZE = 1,
	BPF_FIELD_EXISTS = 2,
	BPF_FIELD_SIGNED = 3,
	BPF_FIELD_LSHIFT_U64 = 4,
	BPF_FIELD_RSHIFT_U64 = 5,
};

enum bpf_type_id_kind {
	BPF_TYPE_ID_LOCAL = 0,
	BPF_TYPE_ID_TARGET = 1,
};

enum bpf_type_info_kind {
	BPF_TYPE_EXISTS = 0,
	BPF_TYPE_SIZE = 1,
	BPF_TYPE_MATCHES = 2, /* clang 15+ */
};

enum bpf_enum_value_kind {
	BPF_ENUMVAL_EXISTS = 0,
	BPF_ENUMVAL_VALUE = 1,
};

#define ___bbpf_field(s, field, kind) __builtin_preserve_field_info((s)->field, BPF_FIELD_##kind)

/*
 * Bitfields. The four relocations describe how to get the field out of the
 * integer that holds it in the target kernel:
 *
 *	load BYTE_SIZE bytes at BYTE_OFFSET into a u64, shift left by LSHIFT_U64
 *	(dropping the bits above the field), then right by RSHIFT_U64, arithmetic
 *	if SIGNED (dropping the bits below and extending the sign).
 *
 * The left shift counts from the low-order byte of the u64, so on big endian
 * the load goes into its last BYTE_SIZE bytes.
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ___bbpf_bitfield_dst(v, s, field) ((void *)(v))
#else
#define ___bbpf_bitfield_dst(v, s, field) ((void *)(v) + (8 - ___bbpf_field(s, field, BYTE_SIZE)))
#endif

#define ___bbpf_bitfield_shift(v, s, field)                                        \
	do {                                                                       \
		v <<= ___bbpf_field(s, field, LSHIFT_U64);                         \
		if (___bbpf_field(s, field, SIGNED))                               \
			v = ((long long)v) >> ___bbpf_field(s, field, RSHIFT_U64); \
		else                                                               \
			v = v >> ___bbpf_field(s, field, RSHIFT_U64);              \
	} while (0)

/* BPF_CORE_READ_BITFIELD_PROBED(s, field): the value as u64, through bpf_probe_read_kernel(). */
#define BPF_CORE_READ_BITFIELD_PROBED(s, field)                                                \
	({                                                                                     \
		unsigned long long ___bbpf_v = 0;                                              \
		bpf_probe_read_kernel(___bbpf_bitfield_dst(&___bbpf_v, s, field),              \
				      ___bbpf_field(s, field, BYTE_SIZE),                      \
				      (const void *)s + ___bbpf_field(s, field, BYTE_OFFSET)); \
		___bbpf_bitfield_shift(___bbpf_v, s, field);                                   \
		___bbpf_v;                                                                     \
	})

/*
 * BPF_CORE_READ_BITFIELD(s, field): the same with a direct load, for programs
 * whose pointers the verifier lets them dereference (tp_btf, fentry, ...).
 * The asm makes the offset-adjusted pointer opaque, so the compiler computes
 * it once instead of folding the offset into each of the four loads. There is
 * no default case: after relocation the size is a constant 1, 2, 4 or 8 and
 * the verifier only walks that branch.
 */
#define BPF_CORE_READ_BITFIELD(s, field)                                                        \
	({                                                                                      \
		const void *___bbpf_p = (const void *)s + ___bbpf_field(s, field, BYTE_OFFSET); \
		unsigned long long ___bbpf_v;                                                   \
                                                                                                \
		asm volatile("" : "+r"(___bbpf_p));                                             \
		switch (___bbpf_field(s, field, BYTE_SIZE)) {                                   \
		case 1:                                                                         \
			___bbpf_v = *(const unsigned char *)___bbpf_p;                          \
			break;                                                                  \
		case 2:                                                                         \
			___bbpf_v = *(const unsigned short *)___bbpf_p;                         \
			break;                                                                  \
		case 4:                                                                         \
			___bbpf_v = *(const unsigned int *)___bbpf_p;                           \
			break;                                                                  \
		case 8:                                                                         \
			___bbpf_v = *(const unsigned long long *)___bbpf_p;                     \
			break;                                                                  \
		}                                                                               \
		___bbpf_bitfield_shift(___bbpf_v, s, field);                                    \
		___bbpf_v;                                                                      \
	})

/* A field named as p->f (one argument) or as (type, f) (two arguments). */
#define ___bbpf_field_ref1(field)	(field)
#define ___bbpf_field_ref2(type, field) (((typeof(type) *)0)->field)
#define ___bbpf_field_ref(...)		___bbpf_by_n(___bbpf_field_ref, __VA_ARGS__)(__VA_ARGS__)

/* 1 if the field exists in the target kernel, else 0. */
#define bpf_core_field_exists(field...) \
	__builtin_preserve_field_info(___bbpf_field_ref(field), BPF_FIELD_EXISTS)
/* The field's size in bytes in the target kernel. */
#define bpf_core_field_size(field...) \
	__builtin_preserve_field_info(___bbpf_field_ref(field), BPF_FIELD_BYTE_SIZE)
/* The field's offset in bytes in the target kernel. */
#define bpf_core_field_offset(field...) \
	__builtin_preserve_field_info(___bbpf_field_ref(field), BPF_FIELD_BYTE_OFFSET)

/* The type's id in the program's own BTF (always known). */
#define bpf_core_type_id_local(type) __builtin_btf_type_id(*(typeof(type) *)0, BPF_TYPE_ID_LOCAL)
/* The matching type's id in the kernel's BTF, 0 if there is none. */
#define bpf_core_type_id_kernel(type) __builtin_btf_type_id(*(typeof(type) *)0, BPF_TYPE_ID_TARGET)
/* 1 if a compatible type (struct, union, enum, typedef) exists in the kernel. */
#define bpf_core_type_exists(type) __builtin_preserve_type_info(*(typeof(type) *)0, BPF_TYPE_EXISTS)
/*
 * 1 if the kernel's type matches the local one field by field. Clang 14's
 * backend aborts on this kind, hence a plain error there.
 */
#if __clang_major__ >= 15
#define bpf_core_type_matches(type) \
	__builtin_preserve_type_info(*(typeof(type) *)0, BPF_TYPE_MATCHES)
#else
#define bpf_core_type_matches(type) \
	___bbpf_build_error("bpf_core_type_matches() needs clang 15 or later")
#endif
/* The type's size in the kernel, 0 if it does not exist. */
#define bpf_core_type_size(type) __builtin_preserve_type_info(*(typeof(type) *)0, BPF_TYPE_SIZE)

/* 1 if the enumerator exists in the kernel's version of the enum. */
#define bpf_core_enum_value_exists(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BPF_ENUMVAL_EXISTS)
/* The enumerator's value in the kernel (0 if it does not exist). */
#define bpf_core_enum_value(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BPF_ENUMVAL_VALUE)

/*
 * bpf_core_cast(ptr, type): @ptr as a pointer to the kernel's @type, which
 * the verifier then lets the program read directly (kfunc bpf_rdonly_cast,
 * 6.2+).
 */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id)
	__attribute__((section(".ksyms"), weak));
#define bpf_core_cast(ptr, type) \
	((typeof(type) *)bpf_rdonly_cast((ptr), bpf_core_type_id_kernel(type)))

/*
 * Relocated reads of one field: dst, size, &p->field. The _str forms stop at
 * the string's end and return its length (with the NUL) or an error.
 */
#define bpf_core_read(dst, sz, src) \
	bpf_probe_read_kernel(dst, sz, (const void *)__builtin_preserve_access_index(src))
#define bpf_core_read_user(dst, sz, src) \
	bpf_probe_read_user(dst, sz, (const void *)__builtin_preserve_access_index(src))
#define bpf_core_read_str(dst, sz, src) \
	bpf_probe_read_kernel_str(dst, sz, (const void *)__builtin_preserve_access_index(src))
#define bpf_core_read_user_str(dst, sz, src) \
	bpf_probe_read_user_str(dst, sz, (const void *)__builtin_preserve_access_index(src))

/*
 * Pointer chains. BPF_CORE_READ(s, a, b.c, d) reads s->a->b.c->d with one
 * helper call per arrow, each carrying its own relocation:
 *
 *	const void *__t;
 *	read(&__t, sizeof(__t), &((typeof(s))s)->a);
 *	read(&__t, sizeof(__t), &((typeof(s->a))__t)->b.c);
 *	read(&__r, sizeof(__r), &((typeof(s->a->b.c))__t)->d);
 *
 * typeof() is never evaluated, so s->a->... there costs nothing. Up to ten
 * accessors; an accessor may hold dots and subscripts (f_path.dentry, a[2]).
 */
#define ___bbpf_rd(fn, dst, type, src, acc) fn((void *)(dst), sizeof(*(dst)), &((type)(src))->acc)

#define ___bbpf_arrow1(s, a)				 s->a
#define ___bbpf_arrow2(s, a, b)				 s->a->b
#define ___bbpf_arrow3(s, a, b, c)			 s->a->b->c
#define ___bbpf_arrow4(s, a, b, c, d)			 s->a->b->c->d
#define ___bbpf_arrow5(s, a, b, c, d, e)		 s->a->b->c->d->e
#define ___bbpf_arrow6(s, a, b, c, d, e, f)		 s->a->b->c->d->e->f
#define ___bbpf_arrow7(s, a, b, c, d, e, f, g)		 s->a->b->c->d->e->f->g
#define ___bbpf_arrow8(s, a, b, c, d, e, f, g, h)	 s->a->b->c->d->e->f->g->h
#define ___bbpf_arrow9(s, a, b, c, d, e, f, g, h, i)	 s->a->b->c->d->e->f->g->h->i
#define ___bbpf_arrow10(s, a, b, c, d, e, f, g, h, i, j) s->a->b->c->d->e->f->g->h->i->j
/* The type of s->a->...: what BPF_CORE_READ() returns. */
#define ___bbpf_chain_type(s, ...) typeof(___bbpf_by_n(___bbpf_arrow, __VA_ARGS__)(s, __VA_ARGS__))

/* ___bbpf_ptrsN: leaves s->a1->...->aN in __t, reading each pointer with fnp. */
#define ___bbpf_ptrs1(fnp, s, a) \
	const void *__t;         \
	___bbpf_rd(fnp, &__t, typeof(s), s, a);
#define ___bbpf_ptrs2(fnp, s, a, b) \
	___bbpf_ptrs1(fnp, s, a) ___bbpf_rd(fnp, &__t, typeof(s->a), __t, b);
#define ___bbpf_ptrs3(fnp, s, a, b, c) \
	___bbpf_ptrs2(fnp, s, a, b) ___bbpf_rd(fnp, &__t, typeof(s->a->b), __t, c);
#define ___bbpf_ptrs4(fnp, s, a, b, c, d) \
	___bbpf_ptrs3(fnp, s, a, b, c) ___bbpf_rd(fnp, &__t, typeof(s->a->b->c), __t, d);
#define ___bbpf_ptrs5(fnp, s, a, b, c, d, e) \
	___bbpf_ptrs4(fnp, s, a, b, c, d) ___bbpf_rd(fnp, &__t, typeof(s->a->b->c->d), __t, e);
#define ___bbpf_ptrs6(fnp, s, a, b, c, d, e, f) \
	___bbpf_ptrs5(fnp, s, a, b, c, d, e)    \
		___bbpf_rd(fnp, &__t, typeof(s->a->b->c->d->e), __t, f);
#define ___bbpf_ptrs7(fnp, s, a, b, c, d, e, f, g) \
	___bbpf_ptrs6(fnp, s, a, b, c, d, e, f)    \
		___bbpf_rd(fnp, &__t, typeof(s->a->b->c->d->e->f), __t, g);
#define ___bbpf_ptrs8(fnp, s, a, b, c, d, e, f, g, h) \
	___bbpf_ptrs7(fnp, s, a, b, c, d, e, f, g)    \
		___bbpf_rd(fnp, &__t, typeof(s->a->b->c->d->e->f->g), __t, h);
#define ___bbpf_ptrs9(fnp, s, a, b, c, d, e, f, g, h, i) \
	___bbpf_ptrs8(fnp, s, a, b, c, d, e, f, g, h)    \
		___bbpf_rd(fnp, &__t, typeof(s->a->b->c->d->e->f->g->h), __t, i);

/* ___bbpf_readN: the whole chain, the last field read into dst with fn. */
#define ___bbpf_read1(fn, fnp, dst, s, a) ___bbpf_rd(fn, dst, typeof(s), s, a);
#define ___bbpf_read2(fn, fnp, dst, s, a, b) \
	___bbpf_ptrs1(fnp, s, a) ___bbpf_rd(fn, dst, typeof(s->a), __t, b);
#define ___bbpf_read3(fn, fnp, dst, s, a, b, c) \
	___bbpf_ptrs2(fnp, s, a, b) ___bbpf_rd(fn, dst, typeof(s->a->b), __t, c);
#define ___bbpf_read4(fn, fnp, dst, s, a, b, c, d) \
	___bbpf_ptrs3(fnp, s, a, b, c) ___bbpf_rd(fn, dst, typeof(s->a->b->c), __t, d);
#define ___bbpf_read5(fn, fnp, dst, s, a, b, c, d, e) \
	___bbpf_ptrs4(fnp, s, a, b, c, d) ___bbpf_rd(fn, dst, typeof(s->a->b->c->d), __t, e);
#define ___bbpf_read6(fn, fnp, dst, s, a, b, c, d, e, f) \
	___bbpf_ptrs5(fnp, s, a, b, c, d, e) ___bbpf_rd(fn, dst, typeof(s->a->b->c->d->e), __t, f);
#define ___bbpf_read7(fn, fnp, dst, s, a, b, c, d, e, f, g) \
	___bbpf_ptrs6(fnp, s, a, b, c, d, e, f)             \
		___bbpf_rd(fn, dst, typeof(s->a->b->c->d->e->f), __t, g);
#define ___bbpf_read8(fn, fnp, dst, s, a, b, c, d, e, f, g, h) \
	___bbpf_ptrs7(fnp, s, a, b, c, d, e, f, g)             \
		___bbpf_rd(fn, dst, typeof(s->a->b->c->d->e->f->g), __t, h);
#define ___bbpf_read9(fn, fnp, dst, s, a, b, c, d, e, f, g, h, i) \
	___bbpf_ptrs8(fnp, s, a, b, c, d, e, f, g, h)             \
		___bbpf_rd(fn, dst, typeof(s->a->b->c->d->e->f->g->h), __t, i);
#define ___bbpf_read10(fn, fnp, dst, s, a, b, c, d, e, f, g, h, i, j) \
	___bbpf_ptrs9(fnp, s, a, b, c, d, e, f, g, h, i)              \
		___bbpf_rd(fn, dst, typeof(s->a->b->c->d->e->f->g->h->i), __t, j);

/* A statement expression whose value is the last read's return value. */
#define ___bbpf_read(fn, fnp, dst, s, ...) \
	({ ___bbpf_by_n(___bbpf_read, __VA_ARGS__)(fn, fnp, dst, s, __VA_ARGS__) })

/* Into caller storage; the value is the last helper's return (0 or -errno). */
#define BPF_CORE_READ_INTO(dst, src, a, ...) \
	___bbpf_read(bpf_core_read, bpf_core_read, dst, (src), a, ##__VA_ARGS__)
#define BPF_CORE_READ_USER_INTO(dst, src, a, ...) \
	___bbpf_read(bpf_core_read_user, bpf_core_read_user, dst, (src), a, ##__VA_ARGS__)
/* The last field is a string: its length with the NUL, or -errno. */
#define BPF_CORE_READ_STR_INTO(dst, src, a, ...) \
	___bbpf_read(bpf_core_read_str, bpf_core_read, dst, (src), a, ##__VA_ARGS__)
#define BPF_CORE_READ_USER_STR_INTO(dst, src, a, ...) \
	___bbpf_read(bpf_core_read_user_str, bpf_core_read_user, dst, (src), a, ##__VA_ARGS__)

/*
 * The BPF_PROBE_READ* forms do the same walk with no relocation: for types
 * that are not the kernel's (a user-space struct, say). The _USER forms read
 * user memory; the types involved are still kernel types for the CO-RE ones.
 */
#define BPF_PROBE_READ_INTO(dst, src, a, ...) \
	___bbpf_read(bpf_probe_read_kernel, bpf_probe_read_kernel, dst, (src), a, ##__VA_ARGS__)
#define BPF_PROBE_READ_USER_INTO(dst, src, a, ...) \
	___bbpf_read(bpf_probe_read_user, bpf_probe_read_user, dst, (src), a, ##__VA_ARGS__)
#define BPF_PROBE_READ_STR_INTO(dst, src, a, ...) \
	___bbpf_read(bpf_probe_read_kernel_str, bpf_probe_read_kernel, dst, (src), a, ##__VA_ARGS__)
#define BPF_PROBE_READ_USER_STR_INTO(dst, src, a, ...) \
	___bbpf_read(bpf_probe_read_user_str, bpf_probe_read_user, dst, (src), a, ##__VA_ARGS__)

/* The value of s->a->...; a read that fails leaves it zero-filled by the helper. */
#define ___bbpf_read_value(into, src, a, ...)                    \
	({                                                       \
		___bbpf_chain_type((src), a, ##__VA_ARGS__) __r; \
		into(&__r, (src), a, ##__VA_ARGS__);             \
		__r;                                             \
	})

#define BPF_CORE_READ(src, a, ...) ___bbpf_read_value(BPF_CORE_READ_INTO, src, a, ##__VA_ARGS__)
#define BPF_CORE_READ_USER(src, a, ...) \
	___bbpf_read_value(BPF_CORE_READ_USER_INTO, src, a, ##__VA_ARGS__)
#define BPF_PROBE_READ(src, a, ...) ___bbpf_read_value(BPF_PROBE_READ_INTO, src, a, ##__VA_ARGS__)
#define BPF_PROBE_READ_USER(src, a, ...) \
	___bbpf_read_value(BPF_PROBE_READ_USER_INTO, src, a, ##__VA_ARGS__)

#endif /* BBPF_BPF_CORE_READ_H */
