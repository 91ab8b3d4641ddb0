#!/bin/sh
# The verifier log annotated (issue 15): each program of
# tests/progs/verifier_reject.bpf.c is refused for its own reason; the line
# the verifier stops at must carry the function and the file:line of its
# "REJECT:" comment, also inside a subprogram (appended after the program, so
# the kernel's index is not the ELF's); a poisoned CO-RE read is said in
# words with the guard to use. Root. Closing line: "vlog: N passed, N failed".
# Usage: tests/vlog.sh BAREBPF PROGS_DIR
bb=$1
progs=$2
src=tests/progs/verifier_reject.bpf.c
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# reject PROG FUNC REASON: refused with REASON, stopped at FUNC+N on the REJECT line
reject() {
	line=$(grep -n "REJECT: $1 \*/" "$src" | cut -d: -f1)
	"$bb" load "$progs/verifier_reject.bpf.o" --only "$1" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -qF "$3" "$tmp/err" &&
		grep -qE "^[0-9]+: \(.*  // $2\+[0-9]+ verifier_reject\.bpf\.c:$line\$" "$tmp/err" &&
		grep -qE "prog '$1': the verifier stopped at insn [0-9]+: $2\+[0-9]+ verifier_reject\.bpf\.c:$line\$" "$tmp/err"; then
		pass "$1: $3, at $2 line $line"
	else
		fail "$1" "exit $rc; want '$3' and $2 at line $line"
		tail -6 "$tmp/err" | sed 's/^/  /'
	fi
}

reject null_value null_value "invalid mem access 'map_value_or_null'"
reject stack_oob stack_oob "invalid read from stack"
reject endless endless "infinite loop detected"
reject in_subprog deref "invalid access to map value"

"$bb" load "$progs/load_poison.bpf.o" --only reached >/dev/null 2>"$tmp/err"
if grep -qE "  // reached\+1 load_poison\.bpf\.c:[0-9]+; CO-RE byte_off: struct task_struct___nope\.no_such_field: poisoned$" "$tmp/err" &&
	grep -qF "struct task_struct has no member no_such_field on this kernel: guard the access with bpf_core_field_exists()" "$tmp/err"; then
	pass "poisoned CO-RE read: named on its instruction and explained"
else
	fail "poison" "not explained"
	tail -4 "$tmp/err" | sed 's/^/  /'
fi

# The tail by default (this log is short: all of it), every line annotated with -v.
"$bb" load "$progs/verifier_reject.bpf.o" --only in_subprog >/dev/null 2>"$tmp/tail"
"$bb" load "$progs/verifier_reject.bpf.o" --only in_subprog -v >/dev/null 2>"$tmp/all"
if grep -q -- "-- verifier log" "$tmp/tail" && grep -q "^0: (" "$tmp/all" &&
	grep -qE "^0: \(.*// in_subprog\+0 verifier_reject\.bpf\.c:[0-9]+" "$tmp/all"; then
	pass "tail by default, all annotated with -v"
else
	fail "tail/all" "want the tail by default and every line with -v"
fi

echo "vlog: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
