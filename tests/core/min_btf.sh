#!/bin/sh
# `barebpf gen min-btf`, proven by equality: for each kernel BTF, one minimal
# BTF is made for all the objects together, and for every object
# `core explain --json` against it must decide every relocation as against
# the full BTF (the same lines, less "target_id", an id in a different BTF,
# the "error" text, which may name a different candidate id, and the value of
# a target_type_id relocation, which is that id). bpftool's `gen min_core_btf`
# gives the reference size for the collector (COLLECTOR; it refuses the corpus,
# some of whose relocations fail on purpose).
#
# Usage: BAREBPF=... OUT=dir KERNEL_BTFS="..." [COLLECTOR=obj] min_btf.sh OBJ...
# Closing line: "min-btf: N passed, N failed" (one test per object x kernel,
# one per kernel for gen min-btf itself).
passed=0
failed=0
mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$BAREBPF" "$tmp/barebpf" || exit 1
BAREBPF=$tmp/barebpf
sizes="$OUT/sizes.md"
strip_ids() {
	sed 's/"target_id":[0-9]*,//; s/,"error":"[^"]*"//
	     /"kind":"target_type_id"/ s/"new":[0-9]*,//'
}
name() { # a kernel's name: its folder for .../<id>/vmlinux.btf, else the file
	case $1 in
	*/vmlinux.btf) basename "$(dirname "$1")" ;;
	*) basename "$1" ;;
	esac
}
{
	echo "| kernel | full BTF | collector: gen min-btf | collector: bpftool gen min_core_btf | all $# objects: gen min-btf |"
	echo "| --- | ---: | ---: | ---: | ---: |"
} >"$sizes"
for k in $KERNEL_BTFS; do
	n=$(name "$k")
	out="$tmp/$n"
	if ! "$BAREBPF" gen min-btf "$@" --btf "$k" --out "$out" >"$tmp/gen.out" 2>"$tmp/gen.err"; then
		echo "min-btf: FAIL gen min-btf on $k: $(head -c 300 "$tmp/gen.err")"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + 1))
	min="$out/$(basename "$k")"
	for o in "$@"; do
		"$BAREBPF" core explain "$o" --btf "$k" --json 2>/dev/null | strip_ids >"$tmp/full"
		"$BAREBPF" core explain "$o" --btf "$min" --json 2>/dev/null | strip_ids >"$tmp/min"
		if cmp -s "$tmp/full" "$tmp/min"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			echo "min-btf: MISMATCH $o x $n:"
			diff "$tmp/full" "$tmp/min" | head -6
		fi
	done
	ref="-" ours="-"
	if [ -n "$COLLECTOR" ]; then
		"$BAREBPF" gen min-btf "$COLLECTOR" --btf "$k" --out "$tmp/c" >/dev/null 2>&1 &&
			ours=$(wc -c <"$tmp/c/$(basename "$k")")
		command -v bpftool >/dev/null &&
			bpftool gen min_core_btf "$k" "$tmp/ref.btf" "$COLLECTOR" >/dev/null 2>&1 &&
			ref=$(wc -c <"$tmp/ref.btf")
	fi
	echo "| $n | $(wc -c <"$k") | $ours | $ref | $(wc -c <"$min") |" >>"$sizes"
done
cat "$sizes"
echo "min-btf: $# objects x $(echo $KERNEL_BTFS | wc -w) kernel BTFs"
echo "min-btf: $passed passed, $failed failed"
[ $failed -eq 0 ]
