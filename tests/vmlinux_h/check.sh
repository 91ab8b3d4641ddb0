#!/bin/sh
# make test-vmlinux-h: the C header barebpf makes from a kernel's BTF must
# compile and must lay every type out as the BTF says. For each BTF file:
#  - dump it as C (DUMP_C), keep it in OUT/<name>/vmlinux.h;
#  - compile it with each clang, followed by static assertions on the size
#    and member offsets of every uniquely named struct/union (layout.awk over
#    the raw dump): one test per compiler;
#  - compile each tests/progs/*.bpf.c that includes vmlinux.h against it (for
#    the BTF's architecture): one test per program and compiler. A program
#    that does not build with bpftool's header of that kernel either (it uses
#    types that kernel lacks) is skipped, not failed.
# Closes with "vmlinux-h: N passed, N failed".
#
# With UNIT_BIN (tests/unit/test_btf_dump_c), the small BTFs of its cases are
# checked the same way (header and layout, no programs).
#
# Usage: tests/vmlinux_h/check.sh OUT BTF...
# Environment: DUMP_C (command + args; the BTF path is appended), BAREBPF (for
# the raw dump), CLANGS (compilers), BPFTOOL (the oracle for skips), UNIT_BIN.
out=$1
shift
: "${DUMP_C:=build/barebpf btf dump --format c}"
: "${BAREBPF:=build/barebpf}"
: "${CLANGS:=clang-14 /usr/lib/llvm-19/bin/clang}"
: "${BPFTOOL:=bpftool}"
here=$(dirname "$0")
# Kernels from 6.19 on are built with -fms-extensions and their BTF has named
# structs as anonymous members (struct ns_common: union { struct ns_tree; ... }):
# the header needs the same extension, as every BPF build here passes.
MS="-fms-extensions -Wno-microsoft-anon-tag"
progs=$(grep -l '#include "vmlinux.h"' tests/progs/*.bpf.c 2>/dev/null)
mkdir -p "$out"
res="$out/results"
: >"$res"

ok() { echo "vmlinux-h: ok   $*"; echo pass >>"$res"; }
bad() { echo "vmlinux-h: FAIL $*"; echo fail >>"$res"; }

name_of() {
	case "$1" in
	/sys/kernel/btf/vmlinux) echo host ;;
	*/vmlinux.btf) basename "$(dirname "$1")" ;;
	*) basename "$1" .btf ;;
	esac
}

arch_of() {
	case "$1" in
	*arm64* | *aarch64*) echo arm64 ;;
	/sys/*) [ "$(uname -m)" = aarch64 ] && echo arm64 || echo x86 ;;
	*) echo x86 ;;
	esac
}

# compile CC DIR SRC ARCH: a BPF object from SRC with DIR's vmlinux.h first in the path.
compile() {
	$1 -O2 -g -target bpf $MS -D__TARGET_ARCH_$4 -Wall -Werror -Iinclude -I"$2" -Ibuild/include \
		-I/usr/include/"$(uname -m)"-linux-gnu -c "$3" -o "$2/prog.o" 2>"$2/err"
}

# The bpftool header of the same BTF, made once, for the skip decision.
oracle_ok() {
	mkdir -p "$2/bpftool"
	[ -s "$2/bpftool/vmlinux.h" ] ||
		$BPFTOOL btf dump file "$1" format c >"$2/bpftool/vmlinux.h" 2>/dev/null || return 1
	compile "$3" "$2/bpftool" "$4" "$5"
}

# check_btf FILE [noprogs]
check_btf() {
	f=$1
	n=$(name_of "$f")
	a=$(arch_of "$f")
	dir="$out/$n"
	mkdir -p "$dir"
	if ! $DUMP_C "$f" >"$dir/vmlinux.h" 2>"$dir/err"; then
		bad "$n: dump failed: $(head -n 3 "$dir/err")"
		return
	fi
	$BAREBPF btf dump "$f" >"$dir/raw.txt" 2>/dev/null
	awk -f "$here/layout.awk" "$dir/raw.txt" "$dir/raw.txt" >"$dir/layout.h"
	printf '#include "vmlinux.h"\n#include "layout.h"\n' >"$dir/check.c"
	asserts=$(wc -l <"$dir/layout.h")
	for cc in $CLANGS; do
		command -v "$cc" >/dev/null || { echo "vmlinux-h: skip $cc (not installed)"; continue; }
		v=clang-$("$cc" -dumpversion | cut -d. -f1)
		if "$cc" -target bpf $MS -Werror=missing-declarations -c "$dir/check.c" -o /dev/null 2>"$dir/err"; then
			ok "$n: header + $asserts layout asserts ($v)"
		else
			bad "$n: header ($v)"
			grep -m 5 error "$dir/err"
		fi
		[ "$2" = noprogs ] && continue
		for p in $progs; do
			pn=$(basename "$p" .bpf.c)
			if compile "$cc" "$dir" "$p" "$a"; then
				ok "$n: $pn ($v, $a)"
			elif oracle_ok "$f" "$dir" "$cc" "$p" "$a"; then
				bad "$n: $pn ($v, $a), which builds with bpftool's header"
				grep -m 5 error "$dir/err"
			else
				echo "vmlinux-h: skip $n: $pn ($v): no build with bpftool's header either"
			fi
		done
	done
}

if [ -n "$UNIT_BIN" ]; then
	rm -rf "$out/unit" && mkdir -p "$out/unit"
	if BBPF_DUMP_C_OUT="$out/unit" "$UNIT_BIN" >"$out/unit/log" 2>&1; then
		for f in "$out"/unit/*.btf; do
			check_btf "$f" noprogs
		done
	else
		bad "unit cases: $UNIT_BIN failed (see $out/unit/log)"
	fi
fi
# Kernels are checked JOBS at a time, each into its own log, shown in order.
: "${JOBS:=$(nproc 2>/dev/null || echo 2)}"
logs=""
running=0
for f in "$@"; do
	[ -r "$f" ] || { echo "vmlinux-h: skip $f (not readable)"; continue; }
	log="$out/$(name_of "$f").log"
	logs="$logs $log"
	check_btf "$f" >"$log" 2>&1 &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait
		running=0
	fi
done
wait
for log in $logs; do
	cat "$log"
done
passed=$(grep -c pass "$res")
failed=$(grep -c fail "$res")
echo "vmlinux-h: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
