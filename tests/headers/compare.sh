#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Header equivalence: a BPF program written for libbpf must compile the same
# against our include/bpf/. Each case builds one program twice, with our
# headers and with libbpf's (the reference), with one clang and one set of
# kernel types, and compares what llvm-objdump -dr prints for the two objects:
# every instruction, every ELF relocation and every .BTF.ext CO-RE record
# (kind, root type, member path and access string; LLVM 17+ prints those),
# plus the bytes of the data sections. BTF type ids are dropped: the headers
# may declare other types, so the numbering may differ.
#
# Known, intended difference, normalized away: BPF_PROBE_READ*() call
# bpf_probe_read_kernel(_str) (helpers 113, 115), as libbpf does since 1.4;
# libbpf 1.1 calls the legacy bpf_probe_read(_str) (4, 45).
#
# A program that says "headers-test: ours-only" (it uses what libbpf 1.1
# lacks) is only built with our headers.
#
# Usage: compare.sh PROG.bpf.c...   (settings come from the environment, see
# mk/headers.mk). Ends with "headers: N passed, N failed"; exits 1 on a failure.

: "${OUT:=build/headers}" "${OBJDUMP:=llvm-objdump-19}"
: "${OURS_INC:=include}" "${REF_INC:=build/headers/libbpf}"
: "${CLANGS:=clang-14 clang-19}"
: "${VARIANTS:=vmlinux:x86:build/include}"
: "${MIN_PROGS:=}" "${MIN_VARIANTS:=}"
: "${EXTRA_INC:=}"
: "${OURS_DEFS:=include/bpf/bpf_helper_defs.h}" "${REF_DEFS:=$REF_INC/bpf/bpf_helper_defs.h}"

passed=0
failed=0
mkdir -p "$OUT"

pass() {
	passed=$((passed + 1))
	echo "ok    $*"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL  $*"
}

# compile CLANG ARCH TYPES_DIR INC SRC OBJ: one object, messages in OBJ.log.
compile() {
	"$1" -O2 -g -target bpf -D__TARGET_ARCH_"$2" -Wall -I"$4" -I"$3" $EXTRA_INC \
		-c "$5" -o "$6" >"$6.log" 2>&1
}

# listing OBJ: the normalized llvm-objdump view of OBJ, as OBJ.txt.
listing() {
	{
		"$OBJDUMP" -dr --no-show-raw-insn "$1"
		for sec in $("$OBJDUMP" -h "$1" | awk '$2 ~ /^(\.rodata|\.data|license)/ { print $2 }'); do
			"$OBJDUMP" -s -j "$sec" "$1"
		done
	} | sed -e '/file format/d' \
		-e 's/\(CO-RE <[a-z0-9_]*>\) \[[0-9]*\]/\1/' \
		-e 's/call 0x4$/call 0x71/' -e 's/call 0x2d$/call 0x73/' >"$1.txt"
}

summary() {
	insns=$(grep -cE '^ +[0-9]+:' "$1")
	relos=$(grep -c 'CO-RE <' "$1")
	echo "$insns insns, $relos CO-RE records"
}

# one_case PROG CLANG VARIANT ARCH TYPES_DIR
one_case() {
	name=$(basename "$1" .bpf.c)
	if ! command -v "$2" >/dev/null 2>&1; then
		fail "$name $2 $3: $2 not found (make deps)"
		return
	fi
	cl=clang-$("$2" -dumpversion | cut -d. -f1)
	what="$name $cl $3"
	dir="$OUT/$cl/$3"
	mkdir -p "$dir"
	if ! compile "$2" "$4" "$5" "$OURS_INC" "$1" "$dir/$name.ours.o"; then
		fail "$what: does not build with our headers"
		sed 's/^/      /' "$dir/$name.ours.o.log" | head -20
		return
	fi
	listing "$dir/$name.ours.o"
	if grep -q 'headers-test: ours-only' "$1"; then
		pass "$what: ours only, $(summary "$dir/$name.ours.o.txt")"
		return
	fi
	if ! compile "$2" "$4" "$5" "$REF_INC" "$1" "$dir/$name.ref.o"; then
		fail "$what: does not build with libbpf's headers"
		sed 's/^/      /' "$dir/$name.ref.o.log" | head -20
		return
	fi
	listing "$dir/$name.ref.o"
	if ! diff -u "$dir/$name.ref.o.txt" "$dir/$name.ours.o.txt" >"$dir/$name.diff"; then
		fail "$what: differs from libbpf's (- libbpf, + ours; $dir/$name.diff)"
		sed 's/^/      /' "$dir/$name.diff" | head -40
		return
	fi
	pass "$what: same code, $(summary "$dir/$name.ours.o.txt")"
}

# Helper ids: every helper the reference declares, we declare with the same id.
check_helper_ids() {
	ids() {
		sed -n 's/^static .*(\* *\(const \)\{0,1\}\(bpf_[a-z0-9_]*\)).*= *(void \*) *\([0-9]*\);$/\3 \2/p' "$1" | sort -n
	}
	if [ ! -r "$OURS_DEFS" ] || [ ! -r "$REF_DEFS" ]; then
		fail "helper ids: $OURS_DEFS or $REF_DEFS missing"
		return
	fi
	ids "$OURS_DEFS" >"$OUT/helper_ids.ours"
	ids "$REF_DEFS" >"$OUT/helper_ids.ref"
	missing=$(comm -13 "$OUT/helper_ids.ours" "$OUT/helper_ids.ref")
	if [ -n "$missing" ] || [ ! -s "$OUT/helper_ids.ref" ]; then
		fail "helper ids: libbpf declares helpers we lack or number otherwise:"
		echo "$missing" | sed 's/^/      /' | head -20
		return
	fi
	pass "helper ids: $(wc -l <"$OUT/helper_ids.ours") helpers, all $(wc -l <"$OUT/helper_ids.ref") of libbpf's with the same ids"
}

if ! command -v "$OBJDUMP" >/dev/null 2>&1; then
	fail "$OBJDUMP not found (make deps installs llvm-19)"
else
	check_helper_ids
	for prog in "$@"; do
		for cl in $CLANGS; do
			for v in $VARIANTS; do
				IFS=: read -r vname varch vdir <<EOF
$v
EOF
				one_case "$prog" "$cl" "$vname" "$varch" "$vdir"
			done
			case " $MIN_PROGS " in
			*" $(basename "$prog" .bpf.c) "*) ;;
			*) continue ;;
			esac
			for v in $MIN_VARIANTS; do
				IFS=: read -r vname varch vdir <<EOF
$v
EOF
				one_case "$prog" "$cl" "$vname" "$varch" "$vdir"
			done
		done
	done
fi
echo "headers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
