/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The collector object (bpf/collector.bpf.c) built for the binary's
 * architecture and embedded at build time (mk/collector.mk, tools/gen_embed.c):
 * `barebpf trace` opens it with bbpf_obj_open_mem(), no file needed.
 */
#ifndef BBPF_TOOLS_TRACE_COLLECTOR_OBJ_H
#define BBPF_TOOLS_TRACE_COLLECTOR_OBJ_H

/*
 * The object's bytes and their count in *@sz; NULL (and 0) only when the
 * static CLI cannot inflate its compressed copy, which it has said on stderr.
 * The CLI goes through this: build/barebpf-static keeps the object gzip'ed
 * (tools/static/collector_inflate.c, mk/static.mk), ~120 KB smaller.
 */
const unsigned char *bbpf__collector_obj(unsigned long *sz);

/*
 * The bytes as they are, for tests that link build/gen/collector_obj_<arch>.c
 * themselves. A CLI source that names these makes the static link pull the
 * uncompressed copy back in.
 */
extern const unsigned char bbpf_collector_obj[];
extern const unsigned long bbpf_collector_obj_sz;

#endif
