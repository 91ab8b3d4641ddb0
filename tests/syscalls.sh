#!/bin/sh
# --syscalls against strace (issue 15): the decoded stream barebpf prints must
# name every bpf(), perf_event_open() and perf ioctl the process makes, in the same
# order, and each mmap() it reports must be one strace saw. Also: the JSON
# lines parse, nothing is printed without the flag, BAREBPF_SYSCALLS=1 works,
# and a failed call shows its errno by name.
# Closing line: "syscalls: N passed, N failed". Needs root and strace.
# Usage: tests/syscalls.sh BAREBPF PROGS_DIR
bb=$1
progs=$2
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# same NAME A B: files A and B are equal (the first lines of the diff on failure)
same() {
	if cmp -s "$2" "$3"; then
		pass "$1 ($(wc -l <"$2") calls)"
	else
		fail "$1" "barebpf's stream and strace differ:"
		diff "$2" "$3" | head -10 | sed 's/^/  /'
	fi
}

# compare NAME ARGS...: barebpf --syscalls ARGS under strace, bpf and perf_event_open compared
compare() {
	name=$1
	shift
	strace -f -qq -e trace=bpf,perf_event_open,ioctl,mmap -e signal=none -o "$tmp/strace" \
		"$bb" --syscalls "$@" >/dev/null 2>"$tmp/ours"
	rc=$?
	[ $rc -eq 0 ] || { fail "$name" "exit $rc"; sed 's/^/  /' "$tmp/ours" | tail -3; return; }
	# strace: "pid bpf(BPF_MAP_CREATE, {...}, 72) = 4"
	sed -nE 's/^[0-9]+ +bpf\((BPF_[A-Z_]+),.*/bpf \1/p; s/^[0-9]+ +perf_event_open\(.*/perf_event_open/p
		s/^[0-9]+ +ioctl\([0-9]+, (PERF_EVENT_IOC_[A-Z_]+).*/ioctl \1/p' \
		"$tmp/strace" >"$tmp/theirs.calls"
	sed -nE 's/^ *bpf (BPF_[A-Z_]+) .*/bpf \1/p; s/^ *perf_event_open .*/perf_event_open/p
		s/^ *ioctl \{fd=[0-9]+, request=(PERF_EVENT_IOC_[A-Z_]+).*/ioctl \1/p' \
		"$tmp/ours" >"$tmp/ours.calls"
	if [ ! -s "$tmp/ours.calls" ]; then
		fail "$name" "no calls decoded"
		return
	fi
	same "$name: bpf, perf_event_open and perf ioctls, count and order" "$tmp/ours.calls" "$tmp/theirs.calls"
	# every mmap we report (len, fd) is one strace saw
	sed -nE 's/^ *mmap \{len=([0-9]+), .*fd=([0-9]+),.*/\1 \2/p' "$tmp/ours" | sort >"$tmp/ours.mmap"
	sed -nE 's/^[0-9]+ +mmap\(NULL, ([0-9]+), [^,]*, [^,]*, ([0-9]+),.*/\1 \2/p' "$tmp/strace" |
		sort >"$tmp/theirs.mmap"
	missing=$(comm -23 "$tmp/ours.mmap" "$tmp/theirs.mmap")
	if [ -z "$missing" ]; then
		pass "$name: $(wc -l <"$tmp/ours.mmap") mmap calls, each seen by strace"
	else
		fail "$name" "mmap calls strace did not see: $missing"
	fi
}

if ! command -v strace >/dev/null; then
	echo "syscalls: strace missing (make deps installs it)"
	exit 1
fi
compare "load run_basic" load "$progs/run_basic.bpf.o"
compare "load load_core (CO-RE, target BTF mapped)" load "$progs/load_core.bpf.o"
compare "run tool_perf (perf buffer, tracepoint)" run "$progs/tool_perf.bpf.o" --duration 0.2

# Steps: every call is under a step while loading, named for what it makes.
"$bb" --syscalls load "$progs/run_basic.bpf.o" >/dev/null 2>"$tmp/text"
if grep -q "^load object 'run_basic'" "$tmp/text" &&
	grep -q "^  load map '.rodata' (array, 1 entries)" "$tmp/text" &&
	grep -qE "^    bpf BPF_PROG_LOAD \{prog_type=TRACEPOINT, prog_name=\"run_tp\", insn_cnt=[0-9]+, license=\"GPL\"" "$tmp/text" &&
	grep -qE "^    bpf BPF_MAP_CREATE \{map_type=ARRAY, map_name=\"run_basi.rodata\".*map_flags=RDONLY_PROG\|MMAPABLE.* = fd [0-9]+ \([0-9.]+ ms\)$" "$tmp/text"; then
	pass "text: steps, names, flags, fds, times"
else
	fail "text" "steps or decoded fields missing"
	head -20 "$tmp/text" | sed 's/^/  /'
fi

# JSON lines: every stderr line that starts with '{' parses, and calls carry their step.
"$bb" --syscalls load "$progs/run_basic.bpf.o" --json >/dev/null 2>"$tmp/json"
if grep '^{' "$tmp/json" | python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    r = json.loads(line)
    assert r["type"] in ("step", "call"), r
    if r["type"] == "call":
        assert "ret" in r and "ms" in r, r
        n += 1
assert n > 5, n
'; then
	pass "json: one object per line"
else
	fail "json" "a line does not parse"
fi

# Off by default; BAREBPF_SYSCALLS=1 for library users (the default print hook).
"$bb" load "$progs/run_basic.bpf.o" >/dev/null 2>"$tmp/off"
if grep -q "BPF_" "$tmp/off"; then fail "off" "calls printed without --syscalls"; else pass "off by default"; fi
BAREBPF_SYSCALLS=1 "$bb" load "$progs/run_basic.bpf.o" >/dev/null 2>"$tmp/env"
if grep -q "bpf BPF_PROG_LOAD" "$tmp/env"; then pass "BAREBPF_SYSCALLS=1"; else fail "env" "nothing printed"; fi

# A refused program: the call's errno by name and in words.
"$bb" --syscalls load "$progs/load_bad.bpf.o" >/dev/null 2>"$tmp/bad"
if grep -qE "bpf BPF_PROG_LOAD .* = -1 EACCES \(Permission denied\)" "$tmp/bad"; then
	pass "errno by name"
else
	fail "errno" "no EACCES line"
	grep BPF_PROG_LOAD "$tmp/bad" | tail -2 | sed 's/^/  /'
fi

echo "syscalls: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
