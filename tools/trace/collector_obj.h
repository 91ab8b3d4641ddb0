/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The collector object (bpf/collector.bpf.c) built for the binary's
 * architecture and embedded at build time (mk/collector.mk, tools/gen_embed.c):
 * `barebpf trace` opens it with bbpf_obj_open_mem(), no file needed.
 */
#ifndef BBPF_TOOLS_TRACE_COLLECTOR_OBJ_H
#define BBPF_TOOLS_TRACE_COLLECTOR_OBJ_H

extern const unsigned char bbpf_collector_obj[];
extern const unsigned long bbpf_collector_obj_sz;

#endif
