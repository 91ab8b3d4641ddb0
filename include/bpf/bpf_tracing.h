/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */
/*
 * bpf_tracing.h: function arguments and return values from the saved
 * registers of kprobes and uprobes, and typed argument lists for kprobe,
 * kretprobe, syscall, uprobe and BTF-typed (tp_btf, fentry, ...) programs,
 * under libbpf's names.
 *
 * The register layout depends on the architecture the program will run on,
 * which the BPF target cannot know: compile with -D__TARGET_ARCH_x86 or
 * -D__TARGET_ARCH_arm64.
 *
 * Two views of struct pt_regs exist. With vmlinux.h (it defines
 * __VMLINUX_H__) or __KERNEL__, it is the kernel's own; otherwise the UAPI
 * one (x86: <asm/ptrace.h> with rdi, rsi, ...; arm64: struct user_pt_regs).
 */
#ifndef BBPF_BPF_TRACING_H
#define BBPF_BPF_TRACING_H

#include "bpf_helpers.h"
#include "bpf_core_read.h"

#if defined(__TARGET_ARCH_x86) || (!defined(__TARGET_ARCH_arm64) && defined(__x86_64__))
#define bpf_target_x86
#define bpf_target_defined
#elif defined(__TARGET_ARCH_arm64) || defined(__aarch64__)
#define bpf_target_arm64
#define bpf_target_defined
#endif

#if defined(bpf_target_x86)

/*
 * x86-64: arguments in rdi, rsi, rdx, rcx, r8, r9, the 7th and later on the
 * stack. Syscalls pass the 4th in r10, since the syscall instruction
 * clobbers rcx. "RET" is where the return address is at function entry: the
 * stack pointer.
 */
#if defined(__KERNEL__) || defined(__VMLINUX_H__)
#define __PT_PARM1_REG di
#define __PT_PARM2_REG si
#define __PT_PARM3_REG dx
#define __PT_PARM4_REG cx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_RET_REG   sp
#define __PT_FP_REG    bp
#define __PT_RC_REG    ax
#define __PT_SP_REG    sp
#define __PT_IP_REG    ip
#else
#define __PT_PARM1_REG rdi
#define __PT_PARM2_REG rsi
#define __PT_PARM3_REG rdx
#define __PT_PARM4_REG rcx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_RET_REG   rsp
#define __PT_FP_REG    rbp
#define __PT_RC_REG    rax
#define __PT_SP_REG    rsp
#define __PT_IP_REG    rip
#endif
#define __PT_PARM1_SYSCALL_REG __PT_PARM1_REG
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#define __PT_PARM4_SYSCALL_REG r10
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG
#define ___BBPF_NO_PARM7       "x86-64 passes the 7th and 8th arguments on the stack"

#elif defined(bpf_target_arm64)

/*
 * arm64: arguments in x0-x7. User space only sees struct user_pt_regs, the
 * head of the kernel's pt_regs. A syscall's return value overwrites x0, so
 * its first argument is read from orig_x0, which only the kernel's pt_regs
 * has: that one read always goes through CO-RE, against the kernel's type.
 */
struct pt_regs___arm64 {
	unsigned long orig_x0;
};

#define __PT_REGS_CAST(x)      ((const struct user_pt_regs *)(x))
#define __PT_PARM1_REG	       regs[0]
#define __PT_PARM2_REG	       regs[1]
#define __PT_PARM3_REG	       regs[2]
#define __PT_PARM4_REG	       regs[3]
#define __PT_PARM5_REG	       regs[4]
#define __PT_PARM6_REG	       regs[5]
#define __PT_PARM7_REG	       regs[6]
#define __PT_PARM8_REG	       regs[7]
#define __PT_RET_REG	       regs[30] /* the link register */
#define __PT_FP_REG	       regs[29] /* with CONFIG_FRAME_POINTER */
#define __PT_RC_REG	       regs[0]
#define __PT_SP_REG	       sp
#define __PT_IP_REG	       pc
#define __PT_PARM1_SYSCALL_REG orig_x0
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG
#define PT_REGS_PARM1_CORE_SYSCALL(x) \
	BPF_CORE_READ((const struct pt_regs___arm64 *)(x), __PT_PARM1_SYSCALL_REG)
#define PT_REGS_PARM1_SYSCALL(x) PT_REGS_PARM1_CORE_SYSCALL(x)

#endif

#if defined(bpf_target_defined)

struct pt_regs;

#ifndef __PT_REGS_CAST
#define __PT_REGS_CAST(x) (x)
#endif

/* Arguments, return value and registers of a probed function. */
#define PT_REGS_PARM1(x) (__PT_REGS_CAST(x)->__PT_PARM1_REG)
#define PT_REGS_PARM2(x) (__PT_REGS_CAST(x)->__PT_PARM2_REG)
#define PT_REGS_PARM3(x) (__PT_REGS_CAST(x)->__PT_PARM3_REG)
#define PT_REGS_PARM4(x) (__PT_REGS_CAST(x)->__PT_PARM4_REG)
#define PT_REGS_PARM5(x) (__PT_REGS_CAST(x)->__PT_PARM5_REG)
#define PT_REGS_PARM6(x) (__PT_REGS_CAST(x)->__PT_PARM6_REG)
#define PT_REGS_RET(x)	 (__PT_REGS_CAST(x)->__PT_RET_REG)
#define PT_REGS_FP(x)	 (__PT_REGS_CAST(x)->__PT_FP_REG)
#define PT_REGS_RC(x)	 (__PT_REGS_CAST(x)->__PT_RC_REG)
#define PT_REGS_SP(x)	 (__PT_REGS_CAST(x)->__PT_SP_REG)
#define PT_REGS_IP(x)	 (__PT_REGS_CAST(x)->__PT_IP_REG)

/* The same through bpf_probe_read_kernel() and CO-RE, for a pt_regs in memory. */
#define PT_REGS_PARM1_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM1_REG)
#define PT_REGS_PARM2_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM2_REG)
#define PT_REGS_PARM3_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM3_REG)
#define PT_REGS_PARM4_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM4_REG)
#define PT_REGS_PARM5_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM5_REG)
#define PT_REGS_PARM6_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM6_REG)
#define PT_REGS_RET_CORE(x)   BPF_CORE_READ(__PT_REGS_CAST(x), __PT_RET_REG)
#define PT_REGS_FP_CORE(x)    BPF_CORE_READ(__PT_REGS_CAST(x), __PT_FP_REG)
#define PT_REGS_RC_CORE(x)    BPF_CORE_READ(__PT_REGS_CAST(x), __PT_RC_REG)
#define PT_REGS_SP_CORE(x)    BPF_CORE_READ(__PT_REGS_CAST(x), __PT_SP_REG)
#define PT_REGS_IP_CORE(x)    BPF_CORE_READ(__PT_REGS_CAST(x), __PT_IP_REG)

#ifdef ___BBPF_NO_PARM7
#define PT_REGS_PARM7(x)      ___bbpf_build_error(___BBPF_NO_PARM7)
#define PT_REGS_PARM8(x)      ___bbpf_build_error(___BBPF_NO_PARM7)
#define PT_REGS_PARM7_CORE(x) ___bbpf_build_error(___BBPF_NO_PARM7)
#define PT_REGS_PARM8_CORE(x) ___bbpf_build_error(___BBPF_NO_PARM7)
#else
#define PT_REGS_PARM7(x)      (__PT_REGS_CAST(x)->__PT_PARM7_REG)
#define PT_REGS_PARM8(x)      (__PT_REGS_CAST(x)->__PT_PARM8_REG)
#define PT_REGS_PARM7_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM7_REG)
#define PT_REGS_PARM8_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM8_REG)
#endif

/*
 * Syscall arguments, from the pt_regs the syscall entry saved (see
 * PT_REGS_SYSCALL_REGS). Both architectures have at most six.
 */
#ifndef PT_REGS_PARM1_SYSCALL
#define PT_REGS_PARM1_SYSCALL(x)      (__PT_REGS_CAST(x)->__PT_PARM1_SYSCALL_REG)
#define PT_REGS_PARM1_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM1_SYSCALL_REG)
#endif
#define PT_REGS_PARM2_SYSCALL(x)      (__PT_REGS_CAST(x)->__PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM2_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM3_SYSCALL(x)      (__PT_REGS_CAST(x)->__PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM3_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM4_SYSCALL(x)      (__PT_REGS_CAST(x)->__PT_PARM4_SYSCALL_REG)
#define PT_REGS_PARM4_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM4_SYSCALL_REG)
#define PT_REGS_PARM5_SYSCALL(x)      (__PT_REGS_CAST(x)->__PT_PARM5_SYSCALL_REG)
#define PT_REGS_PARM5_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM5_SYSCALL_REG)
#define PT_REGS_PARM6_SYSCALL(x)      (__PT_REGS_CAST(x)->__PT_PARM6_SYSCALL_REG)
#define PT_REGS_PARM6_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM6_SYSCALL_REG)

/*
 * With CONFIG_ARCH_HAS_SYSCALL_WRAPPER (x86-64 and arm64 have it), the
 * syscall function's only argument is the user's saved pt_regs: this gives
 * that pointer, for the _SYSCALL macros above (with _CORE: it is kernel memory).
 */
#define PT_REGS_SYSCALL_REGS(ctx) ((struct pt_regs *)PT_REGS_PARM1(ctx))

/*
 * The return address of the probed function: at entry it is at the stack
 * pointer; in a kretprobe, one word above the frame pointer.
 */
#define BPF_KPROBE_READ_RET_IP(ip, ctx) \
	({ bpf_probe_read_kernel(&(ip), sizeof(ip), (void *)PT_REGS_RET(ctx)); })
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx) \
	({ bpf_probe_read_kernel(&(ip), sizeof(ip), (void *)(PT_REGS_FP(ctx) + sizeof(ip))); })

#else /* !bpf_target_defined */

#define ___BBPF_NO_TARGET		   "define __TARGET_ARCH_x86 or __TARGET_ARCH_arm64 to use pt_regs"
#define PT_REGS_PARM1(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM2(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM3(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM4(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM5(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM6(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM7(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM8(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_RET(x)			   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_FP(x)			   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_RC(x)			   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_SP(x)			   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_IP(x)			   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM1_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM2_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM3_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM4_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM5_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM6_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM7_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM8_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_RET_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_FP_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_RC_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_SP_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_IP_CORE(x)		   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM1_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM2_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM3_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM4_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM5_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM6_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM1_CORE_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM2_CORE_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM3_CORE_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM4_CORE_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM5_CORE_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_PARM6_CORE_SYSCALL(x)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define PT_REGS_SYSCALL_REGS(ctx)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define BPF_KPROBE_READ_RET_IP(ip, ctx)	   ___bbpf_build_error(___BBPF_NO_TARGET)
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx) ___bbpf_build_error(___BBPF_NO_TARGET)

#endif /* bpf_target_defined */

/*
 * Typed arguments. Each macro below turns
 *
 *	int BPF_KPROBE(name, struct file *f, int flags) { body }
 *
 * into the real program, name(ctx), which calls an always-inlined function
 * taking (ctx, f, flags) whose body is the user's. The argument values are
 * listed by the ___bbpf_*_list<N> macros: ctx, then one per argument, each
 * passed as void * and converted to the declared type by the call, hence the
 * ignored -Wint-conversion for integer arguments.
 */
#define ___bbpf_prog_list0()  ctx
#define ___bbpf_prog_list1()  ___bbpf_prog_list0(), (void *)ctx[0]
#define ___bbpf_prog_list2()  ___bbpf_prog_list1(), (void *)ctx[1]
#define ___bbpf_prog_list3()  ___bbpf_prog_list2(), (void *)ctx[2]
#define ___bbpf_prog_list4()  ___bbpf_prog_list3(), (void *)ctx[3]
#define ___bbpf_prog_list5()  ___bbpf_prog_list4(), (void *)ctx[4]
#define ___bbpf_prog_list6()  ___bbpf_prog_list5(), (void *)ctx[5]
#define ___bbpf_prog_list7()  ___bbpf_prog_list6(), (void *)ctx[6]
#define ___bbpf_prog_list8()  ___bbpf_prog_list7(), (void *)ctx[7]
#define ___bbpf_prog_list9()  ___bbpf_prog_list8(), (void *)ctx[8]
#define ___bbpf_prog_list10() ___bbpf_prog_list9(), (void *)ctx[9]
#define ___bbpf_prog_list11() ___bbpf_prog_list10(), (void *)ctx[10]
#define ___bbpf_prog_list12() ___bbpf_prog_list11(), (void *)ctx[11]

#define ___bbpf_kprobe_list0() ctx
#define ___bbpf_kprobe_list1() ___bbpf_kprobe_list0(), (void *)PT_REGS_PARM1(ctx)
#define ___bbpf_kprobe_list2() ___bbpf_kprobe_list1(), (void *)PT_REGS_PARM2(ctx)
#define ___bbpf_kprobe_list3() ___bbpf_kprobe_list2(), (void *)PT_REGS_PARM3(ctx)
#define ___bbpf_kprobe_list4() ___bbpf_kprobe_list3(), (void *)PT_REGS_PARM4(ctx)
#define ___bbpf_kprobe_list5() ___bbpf_kprobe_list4(), (void *)PT_REGS_PARM5(ctx)
#define ___bbpf_kprobe_list6() ___bbpf_kprobe_list5(), (void *)PT_REGS_PARM6(ctx)
#define ___bbpf_kprobe_list7() ___bbpf_kprobe_list6(), (void *)PT_REGS_PARM7(ctx)
#define ___bbpf_kprobe_list8() ___bbpf_kprobe_list7(), (void *)PT_REGS_PARM8(ctx)

#define ___bbpf_kretprobe_list0() ctx
#define ___bbpf_kretprobe_list1() ___bbpf_kretprobe_list0(), (void *)PT_REGS_RC(ctx)

/* Syscall arguments read in place (no wrapper: ctx holds them) ... */
#define ___bbpf_sys_list0() ctx
#define ___bbpf_sys_list1() ___bbpf_sys_list0(), (void *)PT_REGS_PARM1_SYSCALL(regs)
#define ___bbpf_sys_list2() ___bbpf_sys_list1(), (void *)PT_REGS_PARM2_SYSCALL(regs)
#define ___bbpf_sys_list3() ___bbpf_sys_list2(), (void *)PT_REGS_PARM3_SYSCALL(regs)
#define ___bbpf_sys_list4() ___bbpf_sys_list3(), (void *)PT_REGS_PARM4_SYSCALL(regs)
#define ___bbpf_sys_list5() ___bbpf_sys_list4(), (void *)PT_REGS_PARM5_SYSCALL(regs)
#define ___bbpf_sys_list6() ___bbpf_sys_list5(), (void *)PT_REGS_PARM6_SYSCALL(regs)

/* ... or through the wrapper's pointer to the saved user registers. */
#define ___bbpf_syswrap_list0() ctx
#define ___bbpf_syswrap_list1() ___bbpf_syswrap_list0(), (void *)PT_REGS_PARM1_CORE_SYSCALL(regs)
#define ___bbpf_syswrap_list2() ___bbpf_syswrap_list1(), (void *)PT_REGS_PARM2_CORE_SYSCALL(regs)
#define ___bbpf_syswrap_list3() ___bbpf_syswrap_list2(), (void *)PT_REGS_PARM3_CORE_SYSCALL(regs)
#define ___bbpf_syswrap_list4() ___bbpf_syswrap_list3(), (void *)PT_REGS_PARM4_CORE_SYSCALL(regs)
#define ___bbpf_syswrap_list5() ___bbpf_syswrap_list4(), (void *)PT_REGS_PARM5_CORE_SYSCALL(regs)
#define ___bbpf_syswrap_list6() ___bbpf_syswrap_list5(), (void *)PT_REGS_PARM6_CORE_SYSCALL(regs)

/* The call's parens stay outside ___bbpf_by_n(), so the lists may use it again. */
#define ___bbpf_list(kind, args...) ___bbpf_by_n(___bbpf_##kind##_list, ##args)()

// clang-format off
#define ___bbpf_int_conv_off						\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")
#define ___bbpf_int_conv_on _Pragma("GCC diagnostic pop")

/* Declares name(ctx_decl), defines it to return the body's value, opens the body. */
#define ___bbpf_wrap(name, ctx_decl, kind, args...)				\
	name(ctx_decl);								\
	static __always_inline typeof(name(0)) ___bbpf_##name(ctx_decl, ##args); \
	typeof(name(0)) name(ctx_decl)						\
	{									\
		___bbpf_int_conv_off						\
		return ___bbpf_##name(___bbpf_list(kind, ##args));		\
		___bbpf_int_conv_on						\
	}									\
	static __always_inline typeof(name(0)) ___bbpf_##name(ctx_decl, ##args)
// clang-format on

/* BTF-typed programs (tp_btf, fentry, fexit, lsm, ...): ctx is a u64 array. */
#define BPF_PROG(name, args...) ___bbpf_wrap(name, unsigned long long *ctx, prog, ##args)

/* kprobe/uprobe: up to 8 arguments on arm64, 6 on x86-64. */
#define BPF_KPROBE(name, args...) ___bbpf_wrap(name, struct pt_regs *ctx, kprobe, ##args)
/* kretprobe/uretprobe: optionally the return value. */
#define BPF_KRETPROBE(name, args...) ___bbpf_wrap(name, struct pt_regs *ctx, kretprobe, ##args)
#define BPF_UPROBE(name, args...)    BPF_KPROBE(name, ##args)
#define BPF_URETPROBE(name, args...) BPF_KRETPROBE(name, ##args)

/*
 * ksyscall: a kprobe on a syscall's function, with the syscall's arguments
 * whichever way the kernel passes them: behind the wrapper's pt_regs pointer
 * (LINUX_HAS_SYSCALL_WRAPPER, a kconfig extern the loader provides) or
 * directly. Special calling conventions (old mmap, clone variants,
 * socketcall, compat) are not handled.
 */
// clang-format off
#define BPF_KSYSCALL(name, args...)						\
	name(struct pt_regs *ctx);						\
	extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;			\
	static __always_inline typeof(name(0))					\
	___bbpf_##name(struct pt_regs *ctx, ##args);				\
	typeof(name(0)) name(struct pt_regs *ctx)				\
	{									\
		struct pt_regs *regs = LINUX_HAS_SYSCALL_WRAPPER		\
				       ? (struct pt_regs *)PT_REGS_PARM1(ctx)	\
				       : ctx;					\
										\
		(void)regs; /* unused without arguments */			\
		___bbpf_int_conv_off						\
		if (LINUX_HAS_SYSCALL_WRAPPER)					\
			return ___bbpf_##name(___bbpf_list(syswrap, ##args));	\
		return ___bbpf_##name(___bbpf_list(sys, ##args));		\
		___bbpf_int_conv_on						\
	}									\
	static __always_inline typeof(name(0))					\
	___bbpf_##name(struct pt_regs *ctx, ##args)
// clang-format on
#define BPF_KPROBE_SYSCALL BPF_KSYSCALL

#endif /* BBPF_BPF_TRACING_H */
