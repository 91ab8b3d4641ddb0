#!/bin/sh
# bpf/examples/opensnoop as a user runs it (make test-examples; root, kernel):
#  1. it starts, prints its header, and cat's openat() of a path made up
#     here shows up in its output (uid 0, comm cat, the path);
#  2. with -p of another process, the same openat() does not (the .rodata
#     value set before load filters in the kernel);
#  3. its closing line counts the opens it saw (read from the mmapped .bss);
#  4. it exits 0 on SIGINT, and no program, map or link is left behind;
#  5. a bad argument is a usage error (exit 2).
# Closing line: "examples: N passed, M failed".
# Usage: tests/examples/opensnoop.sh OPENSNOOP
bin=$1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "examples: FAIL: $*"; }
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
ids() { for k in prog map link; do bpftool $k show 2>/dev/null | grep -c '^[0-9]'; done | tr '\n' ' '; }

# run ARGS...: starts opensnoop, waits for its header, opens $tmp/marker.$$, stops it.
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	i=0
	while ! grep -q '^PID' "$tmp/out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	cat "$tmp/marker.$$" 2>/dev/null
	sleep 0.5
	kill -INT $pid
	wait $pid
	rc=$?
}

before=$(ids)
run
if [ $rc -eq 0 ] && grep -q "^[0-9]* *0 *cat *$tmp/marker\.$$\$" "$tmp/out"; then
	ok
else
	ko "cat's open of $tmp/marker.$$ not seen (rc $rc):"; tail -5 "$tmp/out" "$tmp/err"
fi
if grep -q '^[1-9][0-9]* opens seen, 0 dropped$' "$tmp/err"; then ok; else ko "closing line:"; cat "$tmp/err"; fi
run -p 1
if [ $rc -eq 0 ] && ! grep -q "marker\.$$" "$tmp/out"; then ok; else ko "-p 1 still shows this shell's open (rc $rc)"; fi
i=0
while [ "$(ids)" != "$before" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if [ "$(ids)" = "$before" ]; then ok; else ko "kernel objects left: before $before, after $(ids)"; fi
"$bin" -x >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else ko "a bad option is not a usage error"; fi
echo "examples: $passed passed, $failed failed"
[ $failed -eq 0 ]
