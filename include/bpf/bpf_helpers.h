/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */
/*
 * bpf_helpers.h: what every BPF C program needs, written for barebpf under the
 * names libbpf made common (SEC, __uint, __type, bpf_printk, ...), so that a
 * program written for libbpf compiles unchanged.
 *
 * Include vmlinux.h or <linux/types.h> first: the helper declarations use
 * __u32, __u64 and friends.
 */
#ifndef BBPF_BPF_HELPERS_H
#define BBPF_BPF_HELPERS_H

#include "bpf_helper_defs.h"

/* Argument counting and pasting, shared by the other headers: 0 to 12 args. */
#define ___bbpf_pick13(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, n, ...) n
#define ___bbpf_nargs(...) \
	___bbpf_pick13(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)

#define ___bbpf_cat(a, b)    a##b
#define ___bbpf_cat2(a, b)   ___bbpf_cat(a, b)
#define ___bbpf_by_n(m, ...) ___bbpf_cat2(m, ___bbpf_nargs(__VA_ARGS__))

/* An expression that stops the build with the string @msg where it is used. */
#define ___bbpf_pragma(x)	 _Pragma(#x)
#define ___bbpf_build_error(msg) ({ ___bbpf_pragma(GCC error msg) 0l; })

/*
 * Map definitions. A map is a global struct in SEC(".maps"); a loader never
 * looks at its (zero) contents but at the BTF of its members:
 *
 *	__uint(max_entries, 64)	  int (*max_entries)[64]	   a number: the array length
 *	__type(key, __u32)	  typeof(__u32) *key		   a type: the pointee
 *	__array(values, struct x) typeof(struct x) *values[]	   inner map or program type
 *	__ulong(map_extra, v)	  enum { <unique> = v } map_extra  a 64-bit number: the enumerator
 */
#define __uint(name, val)  int(*name)[val]
#define __type(name, val)  typeof(val) *name
#define __array(name, val) typeof(val) *name[]
#define __ulong(name, val) enum { ___bbpf_cat2(___bbpf_ulong_, __COUNTER__) = (val) } name

/*
 * SEC() places a program, map or variable in a named ELF section; the section
 * name is what tells the loader the program type. "used" keeps unreferenced
 * objects; clang warns that the attribute is ignored on externs (as in
 * "extern ... SEC(".maps")"), hence the pragmas. GCC cannot take _Pragma in
 * a macro argument position, so it gets the plain attribute.
 */
// clang-format off
#if defined(__GNUC__) && !defined(__clang__)
#define SEC(name) __attribute__((section(name), used))
#else
#define SEC(name)							\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wignored-attributes\"")	\
	__attribute__((section(name), used))				\
	_Pragma("GCC diagnostic pop")
#endif
// clang-format on

/* <linux/stddef.h> defines it without the attribute: BPF needs real inlining. */
#undef __always_inline
#define __always_inline inline __attribute__((always_inline))
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
/*
 * A global (non-static) function is verified once, on its own, from its
 * types; __hidden keeps it out of the object's exported symbols.
 */
#define __hidden __attribute__((visibility("hidden")))

/* Externs the loader resolves: CONFIG_* values and kernel symbols / kfuncs. */
#define __kconfig __attribute__((section(".kconfig")))
#define __ksym	  __attribute__((section(".ksyms")))

/* BTF type tags the verifier reads on pointers stored in map values. */
#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))
#define __kptr		 __attribute__((btf_type_tag("kptr")))
#define __percpu_kptr	 __attribute__((btf_type_tag("percpu_kptr")))

/* Values of the map attribute "pinning" and of tristate CONFIG_* externs. */
enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	LIBBPF_PIN_BY_NAME, /* at <pin root>/<map name> */
};

enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

/* vmlinux.h programs cannot include libc or kernel headers for these. */
#ifndef NULL
#define NULL ((void *)0)
#endif

/* The kernel's version code; the third part saturates at 255 like the kernel's. */
#ifndef KERNEL_VERSION
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#endif

#ifndef offsetof
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif

#ifndef container_of
#define container_of(ptr, type, member)                                   \
	({                                                                \
		void *___bbpf_p = (void *)(ptr);                          \
		((type *)(___bbpf_p - __builtin_offsetof(type, member))); \
	})
#endif

/* Compiler barriers: for all memory, or for one variable's value. */
#ifndef barrier
#define barrier() asm volatile("" ::: "memory")
#endif

/*
 * barrier_var(v): the compiler must assume that v changed here. It pins the
 * value in a register as computed so far, which stops rewrites the verifier
 * cannot follow (a 32-bit bound check moved after a 64-bit use, ...).
 */
#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

/* The BPF backend has no trap: a reachable __bpf_unreachable() fails the build. */
#ifndef __bpf_unreachable
#define __bpf_unreachable() __builtin_trap()
#endif

/*
 * Tail call with a constant slot. The kernel patches such calls into direct
 * jumps only if r2 (map) and r3 (slot) reach the call with one known value, so
 * the three argument registers are loaded right before the call, in asm.
 * Helper 12 is bpf_tail_call; r0-r5 are clobbered as by any call.
 */
#if defined(__clang__) && defined(__bpf__)
static __always_inline void bpf_tail_call_static(void *ctx, const void *map, const __u32 slot)
{
	if (!__builtin_constant_p(slot))
		__bpf_unreachable();
	asm volatile("r1 = %[ctx]\n\t"
		     "r2 = %[map]\n\t"
		     "r3 = %[slot]\n\t"
		     "call 12"
		     :
		     : [ctx] "r"(ctx), [map] "r"(map), [slot] "i"(slot)
		     : "r0", "r1", "r2", "r3", "r4", "r5");
}
#endif

/*
 * bpf_ksym_exists(sym): whether a __weak __ksym extern was found in the
 * running kernel. On a strong extern the answer would be constant.
 */
#define bpf_ksym_exists(sym)                                                          \
	({                                                                            \
		_Static_assert(!__builtin_constant_p(!!sym), #sym " must be __weak"); \
		!!sym;                                                                \
	})

/*
 * Open-coded loops (Linux 6.4+). The kernel's iterator kfuncs hand out one
 * element per call, and the verifier checks the loop body once per state
 * instead of unrolling it, so the bounds need not be constants.
 *
 *   bpf_for(i, start, end)             i = start, ..., end - 1 (ints)
 *   bpf_repeat(n)                      the body n times
 *   bpf_for_each(type, cur, args...)   cur = each element of bpf_iter_<type>
 *                                      (num, task, css, ...), made by
 *                                      bpf_iter_<type>_new(&it, args...)
 *
 * Each loop keeps its iterator on the stack. Its cleanup attribute calls
 * bpf_iter_<type>_destroy() however the loop is left (end, break, return),
 * as the verifier demands. The struct bpf_iter_<type> comes from vmlinux.h.
 * clang emits no BTF for a function named only in a cleanup attribute, so
 * the initializer also names _destroy once: the loader can then resolve it.
 */
struct bpf_iter_num;
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

#define ___bbpf_iter_start(type, ...)                                                          \
	struct bpf_iter_##type ___bbpf_it                                                      \
		__attribute__((aligned(8), cleanup(bpf_iter_##type##_destroy))),               \
		*___bbpf_once __attribute__((unused)) =                                        \
			(bpf_iter_##type##_new(&___bbpf_it, ##__VA_ARGS__),                    \
			 (void)bpf_iter_##type##_destroy, (void *)0)

#ifndef bpf_for_each
#define bpf_for_each(type, cur, ...) \
	for (___bbpf_iter_start(type, ##__VA_ARGS__); ((cur) = bpf_iter_##type##_next(&___bbpf_it));)
#endif

/* The range check on i tells the verifier its bounds, for array indexing. */
#ifndef bpf_for
#define bpf_for(i, start, end)                                                        \
	for (___bbpf_iter_start(num, (start), (end)); ({                              \
		     int *___bbpf_v = bpf_iter_num_next(&___bbpf_it);                 \
		     ___bbpf_v && ((i) = *___bbpf_v, (i) >= (start) && (i) < (end)); \
	     });)
#endif

#ifndef bpf_repeat
#define bpf_repeat(n) for (___bbpf_iter_start(num, 0, (n)); bpf_iter_num_next(&___bbpf_it);)
#endif

/*
 * Tags on the arguments of global functions, which the verifier checks on
 * their own, knowing of an argument only its BTF type (Linux 6.8+; arena 6.9):
 *   __arg_ctx       the program's context, whatever the declared type
 *   __arg_nonnull   a pointer the caller guarantees is not NULL
 *   __arg_nullable  a pointer that may be NULL (must be checked)
 *   __arg_trusted   a trusted kernel pointer (kptr rules)
 *   __arg_arena     a pointer into a BPF arena
 */
#define __arg_ctx      __attribute__((btf_decl_tag("arg:ctx")))
#define __arg_nonnull  __attribute__((btf_decl_tag("arg:nonnull")))
#define __arg_nullable __attribute__((btf_decl_tag("arg:nullable")))
#define __arg_trusted  __attribute__((btf_decl_tag("arg:trusted")))
#define __arg_arena    __attribute__((btf_decl_tag("arg:arena")))

/*
 * Formatted output. Most helpers take the arguments as an array of u64
 * (bpf_trace_vprintk, bpf_snprintf, bpf_seq_printf); these macros build it
 * from a plain argument list.
 * Formats live in .rodata unless BPF_NO_GLOBAL_DATA (old kernels), where
 * bpf_printk() keeps its format on the stack.
 */
// clang-format off
#define ___bbpf_arg0(a, i)
#define ___bbpf_arg1(a, i, x)		a[i] = (unsigned long long)(x)
#define ___bbpf_arg2(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg1(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg3(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg2(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg4(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg3(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg5(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg4(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg6(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg5(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg7(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg6(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg8(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg7(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg9(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg8(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg10(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg9(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg11(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg10(a, i + 1, __VA_ARGS__)
#define ___bbpf_arg12(a, i, x, ...)	___bbpf_arg1(a, i, x); ___bbpf_arg11(a, i + 1, __VA_ARGS__)
// clang-format on

/* unsigned long long a[n] = { args as u64 }, as statements; the caller adds the last ';'. */
#define ___bbpf_u64_array(a, ...)                         \
	unsigned long long a[___bbpf_nargs(__VA_ARGS__)]; \
	___bbpf_by_n(___bbpf_arg, __VA_ARGS__)(a, 0, ##__VA_ARGS__)

#define BPF_SEQ_PRINTF(seq, fmt, args...)                                        \
	({                                                                       \
		static const char ___bbpf_fmt[] = fmt;                           \
		___bbpf_u64_array(___bbpf_a, ##args);                            \
		bpf_seq_printf(seq, ___bbpf_fmt, sizeof(___bbpf_fmt), ___bbpf_a, \
			       sizeof(___bbpf_a));                               \
	})

#define BPF_SNPRINTF(out, out_size, fmt, args...)                                       \
	({                                                                              \
		static const char ___bbpf_fmt[] = fmt;                                  \
		___bbpf_u64_array(___bbpf_a, ##args);                                   \
		bpf_snprintf(out, out_size, ___bbpf_fmt, ___bbpf_a, sizeof(___bbpf_a)); \
	})

/* bpf_trace_vprintk (5.16+) takes any number of arguments. */
#define __bpf_vprintk(fmt, args...)                                                                \
	({                                                                                         \
		static const char ___bbpf_fmt[] = fmt;                                             \
		___bbpf_u64_array(___bbpf_a, ##args);                                              \
		bpf_trace_vprintk(___bbpf_fmt, sizeof(___bbpf_fmt), ___bbpf_a, sizeof(___bbpf_a)); \
	})

#ifdef BPF_NO_GLOBAL_DATA
#define ___BBPF_FMT_STORAGE
#else
#define ___BBPF_FMT_STORAGE static const
#endif

/* Up to three arguments fit bpf_trace_printk(), which every kernel has. */
#define __bpf_printk(fmt, ...)                                                     \
	({                                                                         \
		___BBPF_FMT_STORAGE char ___bbpf_fmt[] = fmt;                      \
		bpf_trace_printk(___bbpf_fmt, sizeof(___bbpf_fmt), ##__VA_ARGS__); \
	})

#define ___bbpf_printk0	 __bpf_printk
#define ___bbpf_printk1	 __bpf_printk
#define ___bbpf_printk2	 __bpf_printk
#define ___bbpf_printk3	 __bpf_printk
#define ___bbpf_printk4	 __bpf_vprintk
#define ___bbpf_printk5	 __bpf_vprintk
#define ___bbpf_printk6	 __bpf_vprintk
#define ___bbpf_printk7	 __bpf_vprintk
#define ___bbpf_printk8	 __bpf_vprintk
#define ___bbpf_printk9	 __bpf_vprintk
#define ___bbpf_printk10 __bpf_vprintk
#define ___bbpf_printk11 __bpf_vprintk
#define ___bbpf_printk12 __bpf_vprintk

/* bpf_printk("fmt", args...): to /sys/kernel/tracing/trace_pipe. */
#define bpf_printk(fmt, args...) ___bbpf_by_n(___bbpf_printk, ##args)(fmt, ##args)

#endif /* BBPF_BPF_HELPERS_H */
