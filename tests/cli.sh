#!/bin/sh
# The barebpf CLI as a user meets it (issue 10): help, --version, --json
# everywhere, option values, one message per failure that names the cause,
# and (as root, on the running kernel) load's pinning, section and map
# messages. Each case checks the exit status and what was printed.
# Closing line: "cli: N passed, N failed".
# Usage: tests/cli.sh BAREBPF PROGS_DIR
bb=$1
progs=$2
passed=0
failed=0
tmp=$(mktemp -d)
pins=/sys/fs/bpf/bbpf_cli_$$
trap 'rm -rf "$tmp" "$pins"' EXIT

# run NAME WANT_RC ARGS...: runs barebpf, keeps stdout/stderr in $out/$err
run() {
	name=$1 want=$2
	shift 2
	"$bb" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
	if [ "$rc" -ne "$want" ]; then
		fail "$name" "exit $rc, want $want"
		return 1
	fi
	return 0
}
fail() {
	echo "FAIL $1: $2"
	sed 's/^/  out: /' "$tmp/out" | head -5
	sed 's/^/  err: /' "$tmp/err" | head -5
	failed=$((failed + 1))
}
pass() { echo "PASS $1"; passed=$((passed + 1)); }
# has NAME TEXT WHERE: WHERE (out|err) contains TEXT
has() {
	if [ "$3" = out ]; then s=$out; else s=$err; fi
	case $s in
	*"$2"*) return 0 ;;
	esac
	fail "$1" "$3 lacks '$2'"
	return 1
}
# one_line NAME: stderr is exactly one line (one message per failure)
one_line() {
	n=$(grep -c . "$tmp/err")
	[ "$n" -eq 1 ] && return 0
	fail "$1" "$n lines on stderr, want 1"
	return 1
}
# json NAME: stdout is JSON (one document, or one per line)
json() {
	command -v python3 >/dev/null || return 0
	python3 -c '
import json, sys
t = sys.stdin.read()
try:
    json.loads(t)
except ValueError:
    for l in t.splitlines():
        json.loads(l)
' <"$tmp/out" 2>/dev/null && return 0
	fail "$1" "stdout is not JSON"
	return 1
}
obj=$progs/pin_names.bpf.o
core=$progs/load_core.bpf.o

# ---- help and version ----
run version 0 --version && has version "barebpf " out && pass version
run version-json 0 -j version && json version-json && has version-json '"version"' out &&
	pass version-json
run help-load 0 load --help && has help-load "Usage: barebpf load OBJ" out &&
	has help-load "--pin-dir" out && has help-load "unloaded when barebpf exits" out &&
	pass help-load
cp "$tmp/out" "$tmp/help1"
run help-cmd-load 0 help load && cmp -s "$tmp/out" "$tmp/help1" && pass help-cmd-load ||
	fail help-cmd-load "'help load' differs from 'load --help'"
run help-sub 0 help btf dump && has help-sub "Usage: barebpf btf dump" out && pass help-sub
run help-sub-flag 0 btf find -h && has help-sub-flag "Usage: barebpf btf find" out &&
	pass help-sub-flag
run help-noun 0 core --help && has help-noun "core explain OBJ" out && has help-noun "code (the" out &&
	pass help-noun
run help-all 0 help && has help-all "obj" out && has help-all "load" out && pass help-all
run bad-option 2 --bogus && has bad-option "unknown option '--bogus'" err && one_line bad-option &&
	pass bad-option

# ---- option values ----
run missing-value 2 btf dump --format && has missing-value "--format needs a value" err &&
	one_line missing-value && pass missing-value
run missing-value-load 2 load "$obj" --pin-dir && has missing-value-load "--pin-dir needs a value" err &&
	pass missing-value-load
run btf-dir 1 load "$obj" --btf-dir /nope && has btf-dir "--btf-dir /nope" err &&
	one_line btf-dir && pass btf-dir
run btf-file 1 load "$obj" --btf /nope.btf && has btf-file "--btf /nope.btf" err && pass btf-file

# ---- --json everywhere it prints data, before or after the command ----
for form in "-j obj show $obj" "obj show $obj --json" "obj show -j $obj"; do
	# shellcheck disable=SC2086
	run "json: $form" 0 $form && json "json: $form" && has "json: $form" '"globals":[' out &&
		pass "json: $form"
done
run json-btf-dump 0 btf dump "$obj" -j && json json-btf-dump && has json-btf-dump '"kind":"DATASEC"' out &&
	pass json-btf-dump
run json-btf-find 0 -j btf find scale "$obj" && json json-btf-find && pass json-btf-find
run json-core 0 core explain "$core" -j && json json-core && has json-core '"code":' out &&
	pass json-core

# ---- obj show: globals (item 11) ----
run globals 0 obj show "$obj" && has globals "globals: 1" out &&
	has globals "scale: .rodata, const volatile __u32, 4 bytes at offset 0" out && pass globals
run core-summary 0 core explain "$core" && has core-summary "relocations: " out &&
	has core-summary " ok, 0 poisoned, 0 missing, 0 errors" out && pass core-summary

# ---- core check: objects x a folder of BTFs (issue 16) ----
# A btfhub tree holding the running kernel's BTF, gzipped, and a flat file of
# a kernel that has only "int" (every relocation misses there).
fleet=$tmp/fleet
mkdir -p "$fleet/tree/debian/12/x86_64" "$fleet/flat" "$fleet/empty" "$fleet/bad"
gzip -c /sys/kernel/btf/vmlinux >"$fleet/tree/debian/12/x86_64/host.btf.gz" 2>/dev/null
printf '\237\353\001\000\030\000\000\000\000\000\000\000\020\000\000\000\020\000\000\000\005\000\000\000\001\000\000\000\000\000\000\001\004\000\000\000\040\000\000\000\000int\000' \
	>"$fleet/flat/intonly.btf"
head -c 40 /sys/kernel/btf/vmlinux >"$fleet/bad/cut.btf" 2>/dev/null
poison=$progs/load_poison.bpf.o
if [ -r /sys/kernel/btf/vmlinux ]; then
	# load_poison's programs as test_load loads them: "reached" is rejected by the
	# verifier, "guarded" and "fine" load (their poisoned read is dead code).
	run check-host 1 core check "$poison" --btf-dir "$fleet/tree" &&
		has check-host "debian/12/x86_64/host            0       2     1" out &&
		has check-host "load_poison.bpf.o reached: FAILS to load: 1 of 1 relocation failed; reached insn 1 (poisoned) is reachable" out &&
		has check-host "guarded: loads, takes another branch: 2 of 2" out &&
		has check-host "fine: loads, takes another branch" out &&
		has check-host "no member no_such_field in struct task_struct" out && pass check-host
	run check-ok 0 core check "$core" --btf-dir "$fleet/tree" && has check-ok "1 kernel x 1 object: " out &&
		has check-ok " 0 fail to load; 0 kernels with a failure" out && pass check-ok
	run check-json 1 core check "$poison" "$core" --btf-dir "$fleet" --json && json check-json &&
		has check-json '"kernel":"flat/intonly","btf":"flat/intonly.btf","obj":' out &&
		has check-json '"prog":"reached","sec":' out && has check-json '"result":"fail"' out &&
		has check-json '"reached_func":"reached","reached_insn":1' out &&
		has check-json '"kernel":"bad/cut","btf":"bad/cut.btf","error":' out &&
		has check-json '"kernel":"tree/debian/12/x86_64/host","btf":"tree/debian/12/x86_64/host.btf.gz"' out &&
		has check-json '"error":"type section [0, +' out && pass check-json
fi
run check-intonly 1 core check "$core" --btf-dir "$fleet/flat" && has check-intonly "FAILS to load" out && has check-intonly "the target has no struct" out &&
	pass check-intonly
run check-corrupt 1 core check "$core" --btf-dir "$fleet/bad" && has check-corrupt "cannot read $fleet/bad/cut.btf: type section [0, +" out &&
	pass check-corrupt
run check-nodir 1 core check "$core" --btf-dir "$fleet/nope" && one_line check-nodir &&
	has check-nodir "cannot read folder $fleet/nope: No such file or directory" err && pass check-nodir
run check-empty 1 core check "$core" --btf-dir "$fleet/empty" && one_line check-empty &&
	has check-empty "no BTF file under $fleet/empty" err && pass check-empty
run check-noobj 2 core check --btf-dir "$fleet" && one_line check-noobj && pass check-noobj
run check-nobtf 2 core check "$core" && one_line check-nobtf && has check-nobtf "--btf-dir DIR" err &&
	pass check-nobtf
run check-badobj 1 core check "$tmp/nothere.o" --btf-dir "$fleet" && one_line check-badobj &&
	has check-badobj "nothere.o" err && pass check-badobj
run check-threads 2 core check "$core" --btf-dir "$fleet" --threads 0 && one_line check-threads &&
	pass check-threads

# ---- gen min-btf (issue 16) ----
if [ -r /sys/kernel/btf/vmlinux ]; then
	run min-btf 0 gen min-btf "$core" --btf-dir "$fleet/tree" --out "$fleet/min" &&
		[ -s "$fleet/min/debian/12/x86_64/host.btf.gz" ] && has min-btf "host.btf.gz: " out &&
		has min-btf "1 kernel: " out && pass min-btf
	run min-btf-same 0 core explain "$core" --btf "$fleet/min/debian/12/x86_64/host.btf.gz" &&
		has min-btf-same " ok, 0 poisoned, 0 missing, 0 errors" out && pass min-btf-same
	run min-btf-file 0 gen min-btf "$core" --btf /sys/kernel/btf/vmlinux --out "$fleet/min1" &&
		[ -s "$fleet/min1/vmlinux.btf" ] && pass min-btf-file
fi
run min-btf-corrupt 1 gen min-btf "$core" --btf-dir "$fleet/bad" --out "$fleet/min2" &&
	has min-btf-corrupt "type section [0, +" err && pass min-btf-corrupt
run min-btf-nodir 1 gen min-btf "$core" --btf-dir "$fleet/nope" --out "$fleet/min3" &&
	one_line min-btf-nodir && has min-btf-nodir "cannot read folder $fleet/nope" err && pass min-btf-nodir
run min-btf-out 1 gen min-btf "$core" --btf-dir "$fleet/flat" --out /proc/nope && one_line min-btf-out &&
	has min-btf-out "cannot create /proc/nope" err && pass min-btf-out
run min-btf-usage 2 gen min-btf "$core" --out "$fleet/min4" && one_line min-btf-usage &&
	has min-btf-usage "one of --btf PATH or --btf-dir DIR" err && pass min-btf-usage
run min-btf-both 2 gen min-btf "$core" --btf x --btf-dir y --out "$fleet/min4" && one_line min-btf-both &&
	pass min-btf-both

# ---- make help and make install (item 13), from the source tree ----
if [ -f Makefile ] && [ -d mk ]; then
	make -s --no-print-directory help >"$tmp/out" 2>"$tmp/err"
	miss=""
	for t in $(sed -n 's/^\.PHONY: *//p' Makefile mk/*.mk | tr ' ' '\n' |
		grep -x '[a-z0-9][a-z0-9_-]*' | sort -u); do
		grep -q "^make \(\[\)\?$t\b" "$tmp/out" || miss="$miss $t"
	done
	[ -z "$miss" ] && pass make-help || fail make-help "not listed:$miss"
	make -s --no-print-directory install DESTDIR="$tmp/inst" PREFIX=/usr >"$tmp/out" 2>"$tmp/err"
	i=$tmp/inst/usr
	if [ -f "$i/include/barebpf/bpf/bpf_helpers.h" ] && [ -f "$i/include/barebpf/bpf/bpf_helper_defs.h" ] &&
	    [ ! -e "$i/include/bpf" ] && [ -f "$i/include/barebpf/obj.h" ] && [ -x "$i/bin/barebpf" ] &&
	    grep -q 'bpf_cflags=-I${includedir}/barebpf' "$i/lib/pkgconfig/barebpf.pc"; then
		pass make-install
	else
		fail make-install "headers not under include/barebpf/bpf (or include/bpf made)"
	fi
	if [ -f build/barebpf-static ]; then
		[ -x "$i/bin/barebpf-static" ] && pass make-install-static ||
			fail make-install-static "build/barebpf-static not installed"
	fi
fi

# ---- one message per failure, the one naming the cause (item 6) ----
head -c 3000 "$obj" >"$tmp/trunc.o"
run truncated 1 obj show "$tmp/trunc.o" && one_line truncated && has truncated "truncated" err &&
	pass truncated
mkdir "$tmp/adir"
run directory 1 obj show "$tmp/adir" && one_line directory && has directory "is a directory" err &&
	pass directory
run missing-file 1 obj show "$tmp/nothere.o" && one_line missing-file &&
	has missing-file "nothere.o" err && pass missing-file
run set-unknown 1 load "$progs/load_opts.bpf.o" --set nosuch=1 && one_line set-unknown &&
	has set-unknown "no variable 'nosuch'" err && pass set-unknown
run set-range 1 load "$progs/load_opts.bpf.o" --set port=99999999999 && one_line set-range &&
	pass set-range

# ---- gen skeleton (issue 14; make test-skel compiles them) ----
run gen-skel 0 gen skeleton "$progs/skel_demo.bpf.o" --name demo_x && has gen-skel "struct demo_x {" out &&
	has gen-skel "struct demo_x__rodata {" out && has gen-skel "demo_x__open_and_load(" out &&
	pass gen-skel
run gen-default-name 0 gen skel "$progs/skel_demo.bpf.o" && has gen-default-name "struct skel_demo {" out &&
	pass gen-default-name
run gen-no-obj 2 gen skeleton && one_line gen-no-obj && pass gen-no-obj
run gen-bad-name 1 gen skeleton "$progs/skel_demo.bpf.o" --name 9x && one_line gen-bad-name &&
	has gen-bad-name "no C identifier" err && pass gen-bad-name
run gen-truncated 1 gen skeleton "$tmp/trunc.o" && one_line gen-truncated &&
	has gen-truncated "trunc.o" err && pass gen-truncated
run gen-missing 1 gen skeleton "$tmp/nothere.o" && one_line gen-missing &&
	has gen-missing "nothere.o" err && pass gen-missing
# ---- trace: bad input is refused before anything loads (issue 13) ----
run trace-help 0 trace --help && has trace-help "Usage: barebpf trace" out && pass trace-help
run trace-event 2 trace --events exec,bogus && one_line trace-event &&
	has trace-event "unknown event at 'bogus'" err && pass trace-event
run trace-option 2 trace --bogus && one_line trace-option &&
	has trace-option "unknown option '--bogus'" err && pass trace-option
run trace-value 2 trace --duration && has trace-value "--duration needs a value" err &&
	pass trace-value
run trace-comm 2 trace --comm 0123456789abcdefg && has trace-comm "at most 15" err && pass trace-comm
run trace-buffer 2 trace --buffer ring && has trace-buffer "auto|ringbuf|perf" err && pass trace-buffer
run trace-attach 1 trace --events oom,memory --attach kprobe && one_line trace-attach &&
	has trace-attach "no selected event has a kprobe step (events with one: fadvise)" err &&
	pass trace-attach
run trace-attach-word 2 trace --attach kprobes && one_line trace-attach-word &&
	has trace-attach-word "auto|fentry|tp_btf|raw_tp|tracepoint|kprobe" err &&
	pass trace-attach-word
run trace-cgroup 1 trace --cgroup "$tmp" && one_line trace-cgroup &&
	has trace-cgroup "not a cgroup v2 directory" err && pass trace-cgroup

# ---- trace without the privileges: said once, before anything is tried ----
# As uid 65534 with no capabilities: one line naming what is missing. With
# CAP_BPF and CAP_PERFMON but not root: tracefs (0700 root on this kernel)
# cannot be read; that is said once, the chain's line names it, and the
# last line says --events can leave the event out.
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ] &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$bb" --version >/dev/null 2>&1; then
	printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups %s "$@"\n' \
		"$bb" >"$tmp/nobody"
	# fentry and the kprobe PMU off: where the kernel has them, they would attach fadvise.
	printf '#!/bin/sh\nBAREBPF_NO=fentry,kprobe_pmu exec setpriv %s %s %s "$@"\n' \
		"--reuid=65534 --regid=65534 --clear-groups" \
		"--inh-caps=+bpf,+perfmon --ambient-caps=+bpf,+perfmon" "$bb" >"$tmp/capped"
	chmod +x "$tmp/nobody" "$tmp/capped"
	bb_root=$bb
	bb=$tmp/nobody
	run trace-unpriv 1 trace --duration 1 && one_line trace-unpriv &&
		has trace-unpriv "needs root, or CAP_BPF and CAP_PERFMON: this process has neither" err &&
		pass trace-unpriv
	bb=$tmp/capped
	if ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x /sys/kernel/tracing/events; then
		run trace-tracefs 1 trace --events fadvise --duration 1 &&
			has trace-tracefs "tracefs at /sys/kernel/tracing: Permission denied" err &&
			has trace-tracefs "tracepoint: EACCES, tracefs may not be read by this process" err &&
			has trace-tracefs "--events without it traces the others" err &&
			{ [ "$(grep -c tracefs "$tmp/err")" = 2 ] ||
				fail trace-tracefs "tracefs named more than twice"; } &&
			pass trace-tracefs
	fi
	bb=$bb_root
fi

# ---- init and gen initramfs: bad input, the archive (issue 17) ----
run init-help 0 init --help && has init-help "Usage: barebpf init" out && pass init-help
run init-not-pid1 2 init && one_line init-not-pid1 && has init-not-pid1 "--then PATH is required" err &&
	pass init-not-pid1
run init-no-root 2 init --then /bin/true --root / && has init-no-root "--root refused" err &&
	pass init-no-root
run init-event 2 init --events exec,bogus --then /bin/true && one_line init-event &&
	has init-event "unknown event at 'bogus'" err && pass init-event
run init-stray 2 init --then /bin/true exec && has init-stray "unexpected argument 'exec'" err &&
	pass init-stray
run gen-ir-dynamic 1 gen initramfs --binary /bin/true --out "$tmp/ir" && one_line gen-ir-dynamic &&
	has gen-ir-dynamic "not a static ELF executable" err && [ ! -e "$tmp/ir" ] && pass gen-ir-dynamic
run gen-ir-arg 2 gen initramfs --as-init extra && has gen-ir-arg "unexpected argument 'extra'" err &&
	pass gen-ir-arg
# A static binary to put in the archive: the static CLI when built, else a small one.
static=$(dirname "$bb")/barebpf-static
if [ ! -x "$static" ]; then
	static=$tmp/static_true
	printf 'int main(void) { return 0; }\n' >"$tmp/t.c"
	${CC:-cc} -static -o "$static" "$tmp/t.c" 2>/dev/null || static=
fi
if [ -z "$static" ] || ! command -v cpio >/dev/null; then
	echo "cli: no static binary or no cpio: gen initramfs's archive cases are skipped"
else
	run gen-ir-init 0 gen initramfs --binary "$static" --out "$tmp/ir" &&
		list=$(cpio -t --quiet <"$tmp/ir" | tr '\n' ' ') &&
		if [ "$list" = "dev proc sys run tmp root dev/console init " ] &&
			cpio -i --quiet --to-stdout init <"$tmp/ir" | cmp -s - "$static"; then
			pass gen-ir-init; else fail gen-ir-init "cpio -t: '$list' or init differs"; fi
	run gen-ir-tool 0 gen initramfs --as-tool --binary "$static" --out "$tmp/ir" &&
		list=$(cpio -tv --quiet <"$tmp/ir") && case $list in
		-rwxr-xr-x*" barebpf") pass gen-ir-tool ;; *) fail gen-ir-tool "cpio -tv: $list" ;; esac
	"$bb" gen initramfs --binary "$static" >"$tmp/ir2" 2>"$tmp/err" && cmp -s "$tmp/ir2" "$tmp/ir" &&
		fail gen-ir-stdout "--as-tool and the default wrote the same" || {
		"$bb" gen initramfs --binary "$static" --out "$tmp/ir" && cmp -s "$tmp/ir2" "$tmp/ir" &&
			pass gen-ir-stdout || fail gen-ir-stdout "stdout and --out differ"; }
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "cli: not root: the load cases are skipped"
	echo "cli: $passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
fi
mount | grep -q ' /sys/fs/bpf ' || mount -t bpf bpf /sys/fs/bpf

# ---- feature probe -v: probe results, not errors (item 8) ----
run probe-v 0 -v feature probe && has probe-v "feature probe 'perf_link'" err &&
	if grep -q 'bpf(BPF_' "$tmp/err"; then fail probe-v "a syscall's failure is printed"; else
		pass probe-v; fi
run json-probe 0 feature probe --json && json json-probe && pass json-probe

# ---- load (items 2, 3, 5, 9) ----
run unload-note 0 load "$obj" && has unload-note "use --pin-dir" err && has unload-note "prog count_exec" out &&
	pass unload-note
run json-load 0 load "$obj" -j && json json-load && has json-load '"kept":false' out && pass json-load
run json-load-global 0 -j load "$obj" && json json-load-global && has json-load-global '"progs":[' out &&
	pass json-load-global
run pin-full 0 load "$obj" --pin-dir "$pins" && [ -e "$pins/maps/process_exec_count" ] &&
	[ -e "$pins/maps/process_exec_comm" ] && pass pin-full || fail pin-full "maps not under full names"
rm -rf "$pins"
run pin-parent 1 load "$obj" --pin-dir "$pins/a/b" && has pin-parent "$pins/a" err &&
	has pin-parent "does not exist" err && one_line pin-parent && pass pin-parent
run pin-not-bpffs 1 load "$obj" --pin-dir "$tmp/pins" && has pin-not-bpffs "not a BPF filesystem (mount -t bpf" err &&
	one_line pin-not-bpffs && [ ! -e "$tmp/pins" ] && pass pin-not-bpffs
run sec-typo 1 load "$progs/sec_typo.bpf.o" && has sec-typo "did you mean 'tracepoint'" err &&
	one_line sec-typo && pass sec-typo
run sec-typo-skip 0 load "$progs/sec_typo.bpf.o" --skip typo && has sec-typo-skip "prog good" out &&
	has sec-typo-skip "warning: prog 'typo'" err && pass sec-typo-skip
run unsized 1 load "$progs/map_unsized.bpf.o" && has unsized "--map sized_later.max_entries=N" err &&
	one_line unsized && pass unsized
run unsized-map 0 load "$progs/map_unsized.bpf.o" --map sized_later.max_entries=4 && pass unsized-map

# CO-RE against a minimal BTF (--btf): the iter program's attach id still comes
# from the running kernel's own BTF, which the minimal one does not carry.
if [ -r /sys/kernel/btf/vmlinux ]; then
	"$bb" gen min-btf "$progs/core_task.bpf.o" --btf /sys/kernel/btf/vmlinux --out "$tmp/mintask" \
		>/dev/null 2>&1
	run attach-id-kernel 0 load "$progs/core_task.bpf.o" --btf "$tmp/mintask/vmlinux.btf" &&
		has attach-id-kernel "prog dump_task tracing" out && pass attach-id-kernel
fi

run trace-ring-size 1 trace --ringbuf-size 1000 && one_line trace-ring-size &&
	has trace-ring-size "power of 2" err && pass trace-ring-size
run trace-short 0 trace --duration 0.2 --events exec,exit && has trace-short "trace: ready" err &&
	has trace-short "lost 0" err && has trace-short "TIME " out && pass trace-short

# ---- BAREBPF_NO=kernel_btf: BTF is looked up as on a kernel without sysfs BTF ----
if [ -s /sys/kernel/btf/vmlinux ] && [ -r /etc/os-release ]; then
	hub=$(. /etc/os-release && echo "$tmp/hub/$ID/$VERSION_ID")/$(uname -m | sed 's/aarch64/arm64/')
	mkdir -p "$hub" && cp /sys/kernel/btf/vmlinux "$hub/$(uname -r).btf"
	export BAREBPF_NO=kernel_btf
	run nosysfs-none 1 trace --duration 0.2 --events exec &&
		has nosysfs-none "/sys/kernel/btf/vmlinux (skipped: BAREBPF_NO=kernel_btf)" err &&
		has nosysfs-none "--btf-dir DIR" err && pass nosysfs-none
	run nosysfs-hub 0 trace --duration 0.3 --events exec,exit --btf-dir "$tmp/hub" &&
		has nosysfs-hub "BTF $hub/$(uname -r).btf" err &&
		has nosysfs-hub "exec via raw_tp sched_process_exec (tp_btf: ENOENT, not in the kernel's BTF" err &&
		has nosysfs-hub "lost 0" err && pass nosysfs-hub
	unset BAREBPF_NO
fi

# ---- init on the running system: the collector child outlives the hand-over (issue 17) ----
# wait_gone PID SECS: true once PID has exited (the orphan is reaped by the host's init)
wait_gone() {
	i=0
	while [ -d "/proc/$1" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ] &&
		[ $i -lt $(($2 * 10)) ]; do sleep 0.1; i=$((i + 1)); done
	[ ! -d "/proc/$1" ] || [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]
}
run init-host 0 init --events exec,exit --duration 2 --out "$tmp/init.log" --then /bin/sh -- \
	-c 'echo handed-over; /bin/echo bbpf-init-marker >/dev/null; exit 0' &&
	has init-host handed-over out && has init-host "barebpf init: tracing in pid" err &&
	pid=$(sed -n 's/.*tracing in pid \([0-9]*\).*/\1/p' "$tmp/err") &&
	if ! wait_gone "$pid" 10; then fail init-host "the collector $pid still runs after 10 s"
	elif ! grep -q 'exec .*/bin/echo bbpf-init-marker' "$tmp/init.log"; then
		fail init-host "no exec of the marker in the log"; sed 's/^/  log: /' "$tmp/init.log" | head -5
	elif ! grep -q 'exit .*echo .*code 0' "$tmp/init.log"; then fail init-host "no exit in the log"
	elif ! grep -q 'trace: .* events: exec [1-9]' "$tmp/err"; then fail init-host "no summary"
	else pass init-host; fi
run init-limit 0 init --events all --duration 30 --max-bytes 2K --out "$tmp/lim.log" --then /bin/sh -- \
	-c 'i=0; while [ $i -lt 40 ]; do /bin/true; i=$((i + 1)); done' &&
	pid=$(sed -n 's/.*tracing in pid \([0-9]*\).*/\1/p' "$tmp/err") &&
	if ! wait_gone "$pid" 10; then fail init-limit "the collector $pid still runs: the limit did not stop it"
	elif [ "$(wc -c <"$tmp/lim.log")" -lt 2048 ] || [ "$(wc -c <"$tmp/lim.log")" -gt 65536 ]; then
		fail init-limit "log of $(wc -c <"$tmp/lim.log") bytes for a 2K limit"
	else pass init-limit; fi
run init-fails 0 init --out /nonexistent/dir/x.log --then /bin/echo -- still-booted &&
	has init-fails still-booted out && has init-fails "opening /nonexistent/dir/x.log" err &&
	has init-fails "tracing did not start" err && pass init-fails

echo "cli: $passed passed, $failed failed"
[ $failed -eq 0 ]
