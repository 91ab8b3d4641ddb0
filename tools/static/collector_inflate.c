// SPDX-License-Identifier: BSD-2-Clause
/*
 * The collector as build/barebpf-static carries it: gzip'ed (mk/static.mk;
 * ~151 KB of ELF become ~28 KB) and inflated on first use into a buffer
 * that lives until exit. Only `trace` pays for it (well under a millisecond),
 * not every command at start-up. The dynamic CLI embeds the object as it is
 * (tools/collector_obj.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "../trace/collector_obj.h"

/* build/gen/collector_objz_<arch>.c: the gzip'ed bytes and the object's size. */
extern const unsigned char bbpf_collector_objz[];
extern const unsigned long bbpf_collector_objz_sz;
extern const unsigned long bbpf_collector_objz_raw_sz;

const unsigned char *bbpf__collector_obj(unsigned long *sz)
{
	static unsigned char *obj;
	z_stream zs = { 0 };
	int zerr;

	if (obj) {
		*sz = bbpf_collector_objz_raw_sz;
		return obj;
	}
	obj = malloc(bbpf_collector_objz_raw_sz);
	if (!obj)
		goto fail;
	zs.next_in = (unsigned char *)bbpf_collector_objz;
	zs.avail_in = bbpf_collector_objz_sz;
	zs.next_out = obj;
	zs.avail_out = bbpf_collector_objz_raw_sz;
	zerr = inflateInit2(&zs, 15 + 16);
	if (zerr == Z_OK) {
		zerr = inflate(&zs, Z_FINISH);
		inflateEnd(&zs);
	}
	if (zerr == Z_STREAM_END && zs.total_out == bbpf_collector_objz_raw_sz) {
		*sz = bbpf_collector_objz_raw_sz;
		return obj;
	}
	free(obj);
	obj = NULL;
fail:
	/* The CLI's own bytes: only memory can be short here. */
	fprintf(stderr, "barebpf: the embedded collector could not be inflated (out of memory?)\n");
	*sz = 0;
	return NULL;
}
