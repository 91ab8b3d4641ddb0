/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */
/*
 * bpf_endian.h: network/host byte order for BPF programs, under libbpf's
 * names (bpf_htons, bpf_ntohl, bpf_cpu_to_be64, ...).
 *
 * Byte order is that of the BPF target (bpfel or bpfeb), not of the machine
 * running clang. A constant argument is swapped with shifts and masks, so the
 * result stays an integer constant expression (case labels, initializers);
 * anything else uses __builtin_bswap*, one BPF_END instruction.
 */
#ifndef BBPF_BPF_ENDIAN_H
#define BBPF_BPF_ENDIAN_H

#define ___bbpf_swab16(x) ((__u16)((((__u16)(x)&0x00ffU) << 8) | (((__u16)(x)&0xff00U) >> 8)))

#define ___bbpf_swab32(x)                                                               \
	((__u32)((((__u32)(x)&0x000000ffUL) << 24) | (((__u32)(x)&0x0000ff00UL) << 8) | \
		 (((__u32)(x)&0x00ff0000UL) >> 8) | (((__u32)(x)&0xff000000UL) >> 24)))

#define ___bbpf_swab64(x)                                     \
	((__u64)((((__u64)(x)&0x00000000000000ffULL) << 56) | \
		 (((__u64)(x)&0x000000000000ff00ULL) << 40) | \
		 (((__u64)(x)&0x0000000000ff0000ULL) << 24) | \
		 (((__u64)(x)&0x00000000ff000000ULL) << 8) |  \
		 (((__u64)(x)&0x000000ff00000000ULL) >> 8) |  \
		 (((__u64)(x)&0x0000ff0000000000ULL) >> 24) | \
		 (((__u64)(x)&0x00ff000000000000ULL) >> 40) | \
		 (((__u64)(x)&0xff00000000000000ULL) >> 56)))

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ___bbpf_be16(x)	      __builtin_bswap16(x)
#define ___bbpf_be32(x)	      __builtin_bswap32(x)
#define ___bbpf_be64(x)	      __builtin_bswap64(x)
#define ___bbpf_const_be16(x) ___bbpf_swab16(x)
#define ___bbpf_const_be32(x) ___bbpf_swab32(x)
#define ___bbpf_const_be64(x) ___bbpf_swab64(x)
#elif __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define ___bbpf_be16(x)	      (x)
#define ___bbpf_be32(x)	      (x)
#define ___bbpf_be64(x)	      (x)
#define ___bbpf_const_be16(x) (x)
#define ___bbpf_const_be32(x) (x)
#define ___bbpf_const_be64(x) (x)
#else
#error "bpf_endian.h: the compiler defines no usable __BYTE_ORDER__"
#endif

/* Each conversion is its own inverse; the names say which way the data goes. */
#define __bpf_htons(x)		      ___bbpf_be16(x)
#define __bpf_ntohs(x)		      ___bbpf_be16(x)
#define __bpf_htonl(x)		      ___bbpf_be32(x)
#define __bpf_ntohl(x)		      ___bbpf_be32(x)
#define __bpf_cpu_to_be64(x)	      ___bbpf_be64(x)
#define __bpf_be64_to_cpu(x)	      ___bbpf_be64(x)
#define __bpf_constant_htons(x)	      ___bbpf_const_be16(x)
#define __bpf_constant_ntohs(x)	      ___bbpf_const_be16(x)
#define __bpf_constant_htonl(x)	      ___bbpf_const_be32(x)
#define __bpf_constant_ntohl(x)	      ___bbpf_const_be32(x)
#define __bpf_constant_cpu_to_be64(x) ___bbpf_const_be64(x)
#define __bpf_constant_be64_to_cpu(x) ___bbpf_const_be64(x)

#define ___bbpf_endian(x, c, v) (__builtin_constant_p(x) ? c(x) : v(x))

#define bpf_htons(x)	   ___bbpf_endian(x, __bpf_constant_htons, __bpf_htons)
#define bpf_ntohs(x)	   ___bbpf_endian(x, __bpf_constant_ntohs, __bpf_ntohs)
#define bpf_htonl(x)	   ___bbpf_endian(x, __bpf_constant_htonl, __bpf_htonl)
#define bpf_ntohl(x)	   ___bbpf_endian(x, __bpf_constant_ntohl, __bpf_ntohl)
#define bpf_cpu_to_be64(x) ___bbpf_endian(x, __bpf_constant_cpu_to_be64, __bpf_cpu_to_be64)
#define bpf_be64_to_cpu(x) ___bbpf_endian(x, __bpf_constant_be64_to_cpu, __bpf_be64_to_cpu)

#endif /* BBPF_BPF_ENDIAN_H */
