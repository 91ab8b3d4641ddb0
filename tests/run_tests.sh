#!/bin/sh
# Runs test binaries one process each, with a timeout, and sums cmocka's
# results into one closing line: "<suite>: N passed, N failed".
# Usage: tests/run_tests.sh SUITE BIN...
suite=$1
shift
passed=0
failed=0
broken=""
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for bin in "$@"; do
	[ -x "$bin" ] || continue
	timeout 300 "$bin" >"$tmp" 2>&1
	rc=$?
	cat "$tmp"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$tmp" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$tmp" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	# A crash, timeout or exit without a cmocka summary counts as one failure.
	if [ $rc -ne 0 ] && [ -z "$f" ]; then
		failed=$((failed + 1))
		broken="$broken $(basename "$bin")(rc=$rc)"
	fi
done
[ -n "$broken" ] && echo "$suite: binaries that did not finish cleanly:$broken"
echo "$suite: $passed passed, $failed failed"
[ $failed -eq 0 ]
