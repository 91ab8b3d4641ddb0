#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The `barebpf init` boots of one matrix kernel (issue 17), run by boot.sh
# after the kernel's test boot. The initramfs: `barebpf gen initramfs` with the
# guest architecture's static CLI as /init, plus /newroot holding
# tests/matrix/bootinit.c as sbin/init and its markers. Three boots:
#   trace     barebpf.root=/newroot barebpf.out=/run/barebpf.log: barebpf
#             traces exec and exit, switches root, hands over; bootinit runs
#             the markers and reads them back from the log (bootinit.c)
#   fail      BTF made unreachable (BAREBPF_NO=kernel_btf and a BAREBPF_BTF
#             file that does not exist): the reason is printed and bootinit is
#             still reached. Here barebpf is also `gen initramfs --as-tool`'s
#             /barebpf appended to the archive, started with rdinit=/barebpf and
#             given the kernel's word "splash", which it passes on to bootinit
#   baseline  rdinit=/newroot/sbin/init: bootinit without barebpf, for the cost
# Usage: tests/matrix/initboot.sh ID ARCH KERNEL GEN BIN BOOTINIT OUTDIR
#   GEN: a barebpf that runs here (writes the archive); BIN: the static CLI of
#   ARCH; BOOTINIT: bootinit built for ARCH.
# Writes OUTDIR/ID.initboot: passed=N failed=N names=... trace_s= base_s=
# (seconds from the kernel's start to bootinit) and OUTDIR/ID.initboot.log,
# the three consoles one after the other.
set -u
kid=$1 arch=$2 kernel=$3 gen=$4 bin=$5 bootinit=$6 out=$7
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/matrix/boot.sh
. "$here/boot.sh" --lib
ir=$out/$kid.ir
rm -rf "$ir" && mkdir -p "$ir/tree/newroot/sbin" || exit 1
for d in proc sys dev run tmp; do mkdir -p "$ir/tree/newroot/$d"; done
cp "$bootinit" "$ir/tree/newroot/sbin/init" || exit 1
ln -s init "$ir/tree/newroot/sbin/bbpf-marker-a"
ln -s init "$ir/tree/newroot/sbin/bbpf-marker-b"
"$gen" gen initramfs --binary "$bin" --out "$ir/base.cpio" || exit 1
(cd "$ir/tree" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$ir/newroot.cpio"
"$gen" gen initramfs --as-tool --binary "$bin" --out "$ir/tool.cpio" || exit 1
cat "$ir/base.cpio" "$ir/newroot.cpio" >"$ir/initrd"
cat "$ir/base.cpio" "$ir/tool.cpio" "$ir/newroot.cpio" >"$ir/initrd-tool"

passed=0 failed=0 names=
log=$out/$kid.initboot.log
: >"$log"
# one MODE APPEND [INITRD]: boots once; the console goes to $ir/MODE.log and $log
one() {
	MATRIX_APPEND="BOOTINIT_MODE=$1 $2" qemu_cmd "$arch" "$kernel" "${3:-$ir/initrd}"
	timeout -k 5 "${MATRIX_INITBOOT_TIMEOUT:-180}" "${QEMU[@]}" </dev/null >"$ir/$1.raw" 2>&1
	clean "$ir/$1.raw" >"$ir/$1.log"
	{ echo "=== initboot $1: $2"; cat "$ir/$1.log"; } >>"$log"
}
verdict() { # NAME OK
	if [ "$2" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)) names="$names initboot:$1"; fi
}
boottime() { sed -n 's/.*matrix-initboot: reached .*boottime=\([0-9.]*\).*/\1/p' "$ir/$1.log" | head -n 1; }

one trace "barebpf.root=/newroot barebpf.out=/run/barebpf.log barebpf.events=exec,exit barebpf.duration=120"
verdict trace "$(grep -q 'matrix-initboot: PASS trace' "$ir/trace.log" && echo 1)"
one fail "rdinit=/barebpf splash barebpf.root=/newroot BAREBPF_NO=kernel_btf BAREBPF_BTF=/no/vmlinux.btf" \
	"$ir/initrd-tool"
verdict fail "$(grep -q 'matrix-initboot: PASS fail' "$ir/fail.log" &&
	grep -q 'barebpf init: tracing did not start' "$ir/fail.log" && echo 1)"
one baseline "rdinit=/newroot/sbin/init"
verdict baseline "$(grep -q 'matrix-initboot: PASS baseline' "$ir/baseline.log" && echo 1)"
{
	echo "passed=$passed"
	echo "failed=$failed"
	echo "names=${names# }"
	echo "trace_s=$(boottime trace)"
	echo "base_s=$(boottime baseline)"
} >"$out/$kid.initboot"
rm -rf "$ir"
