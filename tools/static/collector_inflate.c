// SPDX-License-Identifier: BSD-2-Clause
/*
 * The collector as build/barebpf-static carries it: its skeleton made from
 * the gzip'ed object (mk/collector.mk; ~255 KB of ELF become ~39 KB), which
 * calls this hook on first open. The inflated bytes live until exit; only
 * `trace` pays for them (well under a millisecond), not every command at
 * start-up. The dynamic CLI's skeleton embeds the object as it is.
 */
#include <stdio.h>

#include <barebpf/ns.h>
#include "../gunzip.h"

const void *collector__gunzip(const void *gz, size_t gz_sz, size_t sz);

const void *collector__gunzip(const void *gz, size_t gz_sz, size_t sz)
{
	unsigned char *obj = NULL;
	int err = gunzip_mem(gz, gz_sz, sz, &obj);

	/* The CLI's own bytes: only memory can be short here. */
	if (err)
		fprintf(stderr, "barebpf: the embedded collector could not be inflated: %s\n",
			bbpf_strerror(err));
	return obj;
}
