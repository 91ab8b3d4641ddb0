#!/bin/sh
# Every generated skeleton in DIR builds warning-free (make test-skel, no
# kernel): as C11 with gcc and clang and as C++ with g++, -Wall -Wextra -Wpedantic
# -Werror, in a program that calls each of its functions and touches its
# global data, against include/barebpf only (no libbpf header anywhere:
# checked with -H). The C builds link against the library. A skeleton of a
# gzip'ed object gets the NAME__gunzip() it calls, written with zlib.
# Closing line: "skel: N passed, M failed".
# Usage: tests/skel/compile.sh DIR WORKDIR
dir=$1 work=$2
passed=0 failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "skel: FAIL: $*"; }
lib=$(dirname "$work")/libbarebpf.a
flags="-O2 -Wall -Wextra -Wpedantic -Werror -Iinclude -I$dir"

rm -rf "$work" && mkdir -p "$work"
for h in "$dir"/*.skel.h; do
	n=$(basename "$h" .skel.h)
	# Every struct of global data the skeleton has, touched once.
	data=$(sed -n "s/^\tstruct ${n}__[a-z0-9_]* \*\([a-z0-9_]*\);$/\1/p" "$h" |
		sed 's/.*/\t(void)s->&;/')
	cat >"$work/$n.c" <<EOT
#include "$n.skel.h"

int main(void)
{
	struct ${n} *s = NULL;
	int err = ${n}__open(&s);

	if (err)
		return 1;
$data
	err = ${n}__load(s);
	if (!err)
		err = ${n}__attach(s);
	${n}__detach(s);
	${n}__destroy(s);
	if (!${n}__open_and_load(&s))
		${n}__destroy(s);
	return err ? 1 : 0;
}
EOT
	# A skeleton of a gzip'ed object calls the program's inflate hook: zlib's.
	grep -q "^const void \*${n}__gunzip(" "$h" && cat >>"$work/$n.c" <<EOT

#include <zlib.h>

const void *${n}__gunzip(const void *gz, size_t gz_sz, size_t sz)
{
	unsigned char *p = (unsigned char *)malloc(sz);
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	zs.next_in = (unsigned char *)gz;
	zs.avail_in = (uInt)gz_sz;
	zs.next_out = p;
	zs.avail_out = (uInt)sz;
	if (p && inflateInit2(&zs, 15 + 16) == Z_OK) {
		int z = inflate(&zs, Z_FINISH);

		inflateEnd(&zs);
		if (z == Z_STREAM_END && zs.total_out == sz)
			return p;
	}
	free(p);
	return NULL;
}
EOT
	cp "$work/$n.c" "$work/$n.cc"
	for cc in gcc clang; do
		if $cc -std=c11 $flags -H "$work/$n.c" "$lib" -lelf -lz -o "$work/$n.$cc" \
			2>"$work/$n.$cc.err"; then
			ok
		else
			ko "$n.skel.h with $cc:"; grep -v '^\.' "$work/$n.$cc.err" | head -20
		fi
		if grep -q 'libbpf\|/bpf/bpf\.h\|/bpf/libbpf' "$work/$n.$cc.err"; then
			ko "$n.skel.h reaches for a libbpf header"
		fi
	done
	if g++ $flags -c "$work/$n.cc" -o "$work/$n.o" 2>"$work/$n.g++.err"; then
		ok
	else
		ko "$n.skel.h with g++:"; head -20 "$work/$n.g++.err"
	fi
done
echo "skel: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
