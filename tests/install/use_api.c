// SPDX-License-Identifier: BSD-2-Clause
/*
 * A user of the installed library: built by tests/install/check.sh against
 * `make install PREFIX=...` with nothing but pkg-config's flags, so it proves
 * that the public headers stand alone (no header of the source tree, no
 * internal header) and that the installed library links. It sanitizes a BTF
 * file for a kernel with no feature at all, which needs no kernel.
 * Usage: use_api FILE.btf; prints "use_api: N types rewritten".
 */
#include <stdio.h>
#include <stdlib.h>

#include <barebpf/btf.h>
#include <barebpf/btf_dump.h>
#include <barebpf/btf_write.h>
#include <barebpf/core.h>
#include <barebpf/features.h>
#include <barebpf/kbtf.h>
#include <barebpf/ns.h>
#include <barebpf/obj.h>
#include <barebpf/sys.h>

int main(int argc, char **argv)
{
	struct bbpf_kfeat none = { { 0 } };
	struct bbpf_btf *btf = NULL;
	void *out = NULL;
	size_t sz = 0;
	int n;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.btf\n", argv[0]);
		return 2;
	}
	n = bbpf_btf_open(argv[1], NULL, NULL, &btf);
	if (n < 0) {
		fprintf(stderr, "use_api: %s: %s\n", argv[1], bbpf_strerror(n));
		return 1;
	}
	n = bbpf_btf_sanitize(btf, &none, &out, &sz);
	bbpf_btf_free(btf);
	free(out);
	if (n <= 0) {
		fprintf(stderr, "use_api: sanitize: %s\n", n ? bbpf_strerror(n) : "nothing rewritten");
		return 1;
	}
	printf("use_api: %d types rewritten (%s for an unknown feature)\n", n,
	       bbpf_feature_name(BBPF_FEAT_CNT));
	return 0;
}
