#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Writes the BTF pack of tools/btf_pack.h: every <release>.btf or
# <release>.btf.gz under DIR (a btfhub tree, or `gen min-btf`'s output of
# one), keyed by <release> (what uname -r says on that kernel), in name order.
# Usage: tools/btf_pack.sh DIR OUT
set -eu
dir=$1 out=$2
[ -d "$dir" ] || { echo "btf_pack: no folder $dir" >&2; exit 1; }
u32() { # N -> 4 bytes, little endian
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.btf"' EXIT
printf 'BBPFBTF1' >"$tmp"
n=0
for f in $(find "$dir" -type f \( -name '*.btf' -o -name '*.btf.gz' \) | sort); do
	name=$(basename "$f")
	name=${name%.gz}
	name=${name%.btf}
	case $f in
	*.gz) gzip -dc "$f" >"$tmp.btf" ;;
	*) cat "$f" >"$tmp.btf" ;;
	esac
	u32 ${#name} >>"$tmp"
	u32 "$(wc -c <"$tmp.btf")" >>"$tmp"
	printf '%s' "$name" >>"$tmp"
	cat "$tmp.btf" >>"$tmp"
	n=$((n + 1))
done
[ $n -gt 0 ] || { echo "btf_pack: no .btf or .btf.gz file under $dir" >&2; exit 1; }
mv "$tmp" "$out"
trap - EXIT
rm -f "$tmp.btf"
echo "btf_pack: $n kernels, $(wc -c <"$out") bytes" >&2
