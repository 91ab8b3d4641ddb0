#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The BTF pack a binary carries (issue 16, tools/btf_pack.h), on the running
# kernel (root): PACKED is the CLI with a pack holding this kernel's minimal
# BTF and a made-up release (mk/btf_pack.mk), PLAIN the CLI without one.
# Closing line: "btf-pack: N passed, N failed".
# Usage: tests/btf_pack.sh PACKED PLAIN PROGS_DIR
packed=$1 plain=$2 progs=$3
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rel=$(uname -r)
# case NAME WANT_RC BIN ARGS...: stdout/stderr in $tmp/out, $tmp/err
case_() {
	name=$1 want=$2 bin=$3
	shift 3
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq "$want" ] && return 0
	ko "$name" "exit $rc, want $want"
	return 1
}
ko() {
	echo "FAIL $1: $2"
	sed 's/^/  err: /' "$tmp/err" | head -5
	failed=$((failed + 1))
}
ok() { echo "PASS $1"; passed=$((passed + 1)); }
has() { grep -qF -- "$2" "$tmp/$3" && return 0; ko "$1" "$3 lacks '$2'"; return 1; }

case_ load 0 "$packed" load "$progs/load_core.bpf.o" --btf-pack &&
	has load "btf: kernel $rel from the embedded BTF pack (" err && has load "prog read_task" out && ok load
case_ run 0 "$packed" run "$progs/load_core.bpf.o" --btf-pack --duration 0.2 &&
	has run "btf: kernel $rel from the embedded BTF pack (" err && ok run
case_ trace 0 "$packed" trace --btf-pack --duration 0.3 --events exec &&
	has trace "btf: kernel $rel from the embedded BTF pack (" err &&
	has trace "BTF /proc/self/fd/" err && has trace "trace: ready" err && ok trace
# With a system BTF and no --btf-pack, the host's BTF wins.
case_ trace-host 0 "$packed" trace --duration 0.2 --events exec &&
	! grep -q "embedded BTF pack" "$tmp/err" && has trace-host "BTF /sys/kernel/btf/vmlinux" err &&
	ok trace-host
case_ btf-wins 0 "$packed" load "$progs/load_core.bpf.o" --btf-pack --btf /sys/kernel/btf/vmlinux &&
	! grep -q "embedded BTF pack" "$tmp/err" && ok btf-wins
# BAREBPF_BTF names the BTF as --btf does: a missing file is an error, not the pack's cue.
case_ env-btf 1 env BAREBPF_BTF=/nonexistent/vmlinux.btf "$packed" load "$progs/load_core.bpf.o" &&
	! grep -q "embedded BTF pack" "$tmp/err" && has env-btf "BAREBPF_BTF" err && ok env-btf
case_ no-pack 1 "$plain" load "$progs/load_core.bpf.o" --btf-pack &&
	has no-pack "carries no BTF pack (build it with make static BTF_PACK=DIR)" err && ok no-pack
echo "btf-pack: $passed passed, $failed failed"
[ $failed -eq 0 ]
