#!/bin/sh
# Differential CO-RE test: for each object x target BTF, every relocation as
# `barebpf core explain --json` decides it must equal what libbpf's engine
# decides (tests/core/libbpf_oracle.c). Compared per relocation: section,
# relocation index, program, instruction, kind, local type, access string,
# target type id, the instruction's value before and after, the result
# (ok/poisoned/missing/error) and the opcode after patching. The "error"
# text is ours alone and is not compared.
#
# Usage: BAREBPF=... ORACLE=... OUT=dir KERNEL_BTFS="..." VARIANTS="..." diff.sh OBJ...
# Closing line: "core: N passed, N failed" (one test per object x target).
passed=0
failed=0
relos=0
# Scratch files are private to this run: several makes may share the tree.
mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ours="$tmp/ours.json"
ref="$tmp/ref.json"
log="$OUT/mismatches.txt"
: >"$tmp/log"
# Private copies: another make in the same tree may relink the originals meanwhile.
cp "$BAREBPF" "$tmp/barebpf" && cp "$ORACLE" "$tmp/oracle" || exit 1
BAREBPF=$tmp/barebpf
ORACLE=$tmp/oracle

check() { # obj target
	if ! "$ORACLE" "$1" "$2" >"$ref" 2>"$tmp/ref.err"; then
		echo "core: oracle failed on $1 x $2: $(head -c 300 "$tmp/ref.err")"
		failed=$((failed + 1))
		return
	fi
	"$BAREBPF" core explain "$1" --btf "$2" --json >"$tmp/raw" 2>"$tmp/ours.err"
	rc=$? # 1 when a relocation cannot be applied (the oracle says the same); more is a crash
	sed 's/,"error":"[^"]*"//' "$tmp/raw" >"$ours"
	n=$(wc -l <"$ref")
	if [ $rc -gt 1 ] || ! cmp -s "$ours" "$ref"; then
		failed=$((failed + 1))
		{
			echo "== $1 x $2"
			diff "$ref" "$ours" | head -20
		} >>"$tmp/log"
		echo "core: MISMATCH $1 x $2 (see $log)"
		return
	fi
	passed=$((passed + 1))
	relos=$((relos + n))
}

for obj in "$@"; do
	for t in $KERNEL_BTFS $VARIANTS; do
		check "$obj" "$t"
	done
done
cp "$tmp/log" "$log"
ntargets=$(echo $KERNEL_BTFS $VARIANTS | wc -w)
echo "core: $# objects x $ntargets target BTFs, $relos relocations equal to libbpf's"
[ $failed -ne 0 ] && head -60 "$log"
echo "core: $passed passed, $failed failed"
[ $failed -eq 0 ]
