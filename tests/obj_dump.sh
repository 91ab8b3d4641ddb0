#!/bin/sh
# `barebpf obj dump` (issue 15). Without a kernel: --before gives the bytes
# llvm-objdump -d gives, function by function; bad input fails with a clear
# message. As root, on the running kernel: the dump equals the kernel's own
# `bpftool prog dump xlated` of the loaded program, instruction by
# instruction, once what the verifier rewrites is set aside (helper call
# immediates become kernel addresses, map references become map ids, calls
# of subprograms get their names: the text after '#' and inside map[] is not
# compared). Closing line: "obj-dump: N passed, N failed".
# Usage: tests/obj_dump.sh BAREBPF PROGS_DIR
bb=$1
progs=$2
passed=0
failed=0
tmp=$(mktemp -d)
pins=/sys/fs/bpf/bbpf_dump_$$
trap 'rm -rf "$tmp" "$pins"' EXIT

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# raw NAME OBJ: every function's bytes, ours (--before --json) against llvm-objdump -d's
raw() {
	"$bb" obj dump "$2" --before --json >"$tmp/ours.json" 2>"$tmp/err" ||
		{ fail "$1" "exit $?: $(cat "$tmp/err")"; return; }
	llvm-objdump -d "$2" >"$tmp/objdump" || { fail "$1" "llvm-objdump failed"; return; }
	if python3 - "$tmp/ours.json" "$tmp/objdump" <<'PY'; then
import json, re, sys
ours = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    ours.setdefault(r["func"], []).append(r["raw"])
theirs, func = {}, None
for line in open(sys.argv[2]):
    m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
    if m and not re.match(r"(LBB|\.L)", m.group(1)):  # jump labels are not functions
        func = m.group(1)
        theirs.setdefault(func, [])
    if m:
        continue
    m = re.match(r"^\s+\d+:\t([0-9a-f]{2}(?: [0-9a-f]{2})*)", line)
    if m and func:
        theirs[func].append(m.group(1).replace(" ", ""))
n = 0
for f, insns in ours.items():
    if theirs.get(f) != insns:
        print("  %s: ours %s, llvm-objdump %s" % (f, insns[:4], theirs.get(f, [])[:4]))
        sys.exit(1)
    n += len(insns)
print("  %d instructions in %d functions" % (n, len(ours)))
PY
		pass "$1: --before bytes equal llvm-objdump -d"
	else
		fail "$1" "bytes differ from llvm-objdump -d"
	fi
}

# norm: "N: (cc) text" lines only, with what the kernel fills in left out
norm() {
	sed -nE 's/\t; .*$//; s/#[^ ]*$//; s/map\[[^]]*\]/map[]/g; s/^ *([0-9]+: \([0-9a-f]{2}\) .*)$/\1/p'
}

# xlated NAME OBJ PROG...: the dump of each PROG equals the kernel's xlated program
xlated() {
	name=$1 obj=$2
	shift 2
	rm -rf "$pins"
	"$bb" load "$obj" --pin-dir "$pins" >/dev/null 2>"$tmp/err" ||
		{ fail "$name" "load: $(cat "$tmp/err")"; return; }
	for p in "$@"; do
		"$bb" obj dump "$obj" --prog "$p" | norm >"$tmp/ours"
		bpftool prog dump xlated pinned "$pins/progs/$p" | norm >"$tmp/kernel"
		if [ -s "$tmp/ours" ] && cmp -s "$tmp/ours" "$tmp/kernel"; then
			pass "$name $p: equals the kernel's xlated dump ($(wc -l <"$tmp/ours") instructions)"
		else
			fail "$name $p" "differs from bpftool prog dump xlated:"
			diff "$tmp/ours" "$tmp/kernel" | head -8 | sed 's/^/  /'
		fi
	done
	rm -rf "$pins"
}

# err NAME WANT_RC TEXT ARGS...: fails with WANT_RC and TEXT on stderr, nothing on stdout
err() {
	name=$1 want=$2 text=$3
	shift 3
	"$bb" obj dump "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq "$want" ] && grep -qF -- "$text" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		pass "error: $name"
	else
		fail "error: $name" "exit $rc (want $want), stderr: $(head -2 "$tmp/err")"
	fi
}

raw "load_core" "$progs/load_core.bpf.o"
raw "run_basic" "$progs/run_basic.bpf.o"
raw "iter_loops" "$progs/iter_loops.bpf.o"

# CO-RE named on the instruction it patched, against the kernel's BTF or a file.
"$bb" obj dump "$progs/load_core.bpf.o" --prog read_task >"$tmp/core" 2>&1
if grep -qE '\(b7\) r1 = [0-9]+	; CO-RE byte_off: struct task_struct\.pid -> [0-9]+$' "$tmp/core" &&
	grep -qE '^; seen_pid = BPF_CORE_READ\(task, pid\); @ load_core\.bpf\.c:[0-9]+$' "$tmp/core" &&
	grep -q '^double_it:$' "$tmp/core"; then
	pass "CO-RE notes, source lines, subprograms appended"
else
	fail "CO-RE notes" "missing in: $(head -5 "$tmp/core")"
fi

# kfunc and typed ksym ids: the running kernel's, as the loader sends them (bpftool's ids).
ext=tests/fixtures/obj/externs.bpf.o
if [ -s /sys/kernel/btf/vmlinux ] && command -v bpftool >/dev/null && [ -r "$ext" ]; then
	"$bb" obj dump "$ext" >"$tmp/ext" 2>&1
	bpftool btf dump file /sys/kernel/btf/vmlinux >"$tmp/vmlinux.txt" 2>/dev/null
	kf=$(sed -n "s/^\[\([0-9]*\)\] FUNC 'bpf_rcu_read_lock' .*/\1/p" "$tmp/vmlinux.txt")
	kv=$(sed -n "s/^\[\([0-9]*\)\] VAR 'bpf_prog_active' .*/\1/p" "$tmp/vmlinux.txt")
	if [ -n "$kf" ] && [ -n "$kv" ] &&
		grep -qF "call bpf_rcu_read_lock	; kfunc bpf_rcu_read_lock: BTF id $kf of /sys/kernel/btf/vmlinux" "$tmp/ext" &&
		grep -qF "= ksym bpf_prog_active (BTF id $kv of /sys/kernel/btf/vmlinux)" "$tmp/ext" &&
		"$bb" obj dump "$ext" --json | grep -q "\"raw\":\"85200000$(printf '%08x' "$kf" |
			sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')\""; then
		pass "kfunc/ksym BTF ids as bpftool reads them"
	else
		fail "kfunc/ksym ids" "want $kf/$kv in: $(grep -E 'kfunc|ksym' "$tmp/ext" | head -3)"
	fi
else
	echo "SKIP kfunc/ksym ids (no sysfs BTF, bpftool or fixture)"
fi

err "no object" 2 "which object?"
err "unknown option" 2 "unexpected argument '--bogus'" "$progs/load_core.bpf.o" --bogus
err "--btf without a value" 2 "--btf needs a value" "$progs/load_core.bpf.o" --btf
err "missing file" 1 "/nonexistent.o" /nonexistent.o
err "no such program" 1 "has no program 'nope'" "$progs/load_core.bpf.o" --prog nope
err "unreadable target BTF" 1 "/nonexistent.btf, which cannot be read" "$progs/load_core.bpf.o" --btf /nonexistent.btf

if [ "$(id -u)" -eq 0 ]; then
	xlated "load_core" "$progs/load_core.bpf.o" read_task
	xlated "run_basic" "$progs/run_basic.bpf.o" run_tp run_raw_tp
else
	echo "SKIP xlated comparisons (not root)"
fi

echo "obj-dump: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
