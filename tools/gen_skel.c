// SPDX-License-Identifier: BSD-2-Clause
/*
 * gen_skel: `barebpf gen skeleton` as a build tool, for the header the CLI
 * itself includes (the collector's, mk/collector.mk): the same code
 * (skel_file.c, skel.c) without the CLI around it, which needs that header.
 *
 *   gen_skel OBJ[.gz] NAME > NAME.skel.h
 */
#include <stdio.h>

#include "args.h"
#include "skel.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_skel OBJ[.gz] NAME > NAME.skel.h\n");
		return EXIT_USAGE;
	}
	return skel_write_file(stdout, argv[1], argv[2]) ? EXIT_FAIL : EXIT_OK;
}
