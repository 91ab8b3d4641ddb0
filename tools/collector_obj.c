// SPDX-License-Identifier: BSD-2-Clause
/*
 * The collector as the dynamic CLI embeds it: the object's bytes as they are
 * (build/gen/collector_obj_<arch>.c, mk/collector.mk). The static CLI stores
 * them compressed instead (tools/static/collector_inflate.c).
 */
#include "trace/collector_obj.h"

const unsigned char *bbpf__collector_obj(unsigned long *sz)
{
	*sz = bbpf_collector_obj_sz;
	return bbpf_collector_obj;
}
