#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Boots each fetched kernel under qemu (TCG) with an initramfs whose /init is
# tests/matrix/init.c, and reads what it reports. Two kernels at a time.
#
# Usage: tests/matrix/boot.sh [ID...]        (ids of tests/matrix/kernels.txt)
#
# Per architecture the initramfs is the tree $MATRIX_ROOT_<arch> (made by
# mk/matrix.mk, whose header lists what a guest has and how to add a file:
# init, tests/test_*, tests/fixtures, build/progs for that architecture,
# bin/barebpf, busybox's sh and tools; no shared libraries), plus
# per kernel a second archive with /btf/vmlinux.btf (the BTF fetch.sh
# extracted), /btf/min.btf (its minimal BTF for the minbtf run, below),
# /boot/config-<release>, /etc/os-release and /lib/modules/NAME.ko (the
# kernel's own veth, nf_conntrack, bridge and their dependencies, those
# fetch.sh kept: test_attach_module loads them). Both are
# built without root:
# find . | cpio -o -H newc -R 0:0 | gzip -1, then concatenated.
#
# Prints one line per kernel,
#   matrix: <release> <arch> PASS|FAIL <passed>/<total> [failed tests]
# the console tail of each failure, and closes with "matrix: N passed, N failed"
# (kernels). Writes $MATRIX_OUT/RESULTS.md, the kernel × feature table, and
# copies it to tests/matrix/RESULTS.md when every listed kernel ran.
#
# Environment: MATRIX_JOBS (2), MATRIX_TIMEOUT (seconds per boot, 420),
# MATRIX_TEST_TIMEOUT (seconds per test binary, 120), MATRIX_MEM (512),
# MATRIX_SMP (1), MATRIX_APPEND (more kernel command line, e.g. BAREBPF_LOG=debug),
# MATRIX_TAIL (console lines shown on failure, 40), MATRIX_OUT (build/matrix/run),
# MATRIX_MINBTF (1: give guests /btf/min.btf, so that init.c runs the minbtf run).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
CACHE=${BAREBPF_KERNEL_CACHE:-$HOME/.cache/barebpf-kernels}
LIST=${MATRIX_KERNEL_LIST:-$here/kernels.txt}
OUT=${MATRIX_OUT:-$repo/build/matrix/run}
JOBS=${MATRIX_JOBS:-2}
TIMEOUT=${MATRIX_TIMEOUT:-420}
TEST_TIMEOUT=${MATRIX_TEST_TIMEOUT:-120}
MEM=${MATRIX_MEM:-512}
SMP=${MATRIX_SMP:-1}
TAIL=${MATRIX_TAIL:-40}
declare -A ROOT=([amd64]=${MATRIX_ROOT_amd64:-$repo/build/matrix/amd64/root}
	[arm64]=${MATRIX_ROOT_arm64:-$repo/build/matrix/arm64/root})

say() { echo "matrix: $*"; }
listed() { grep -vE '^[[:space:]]*(#|$)' "$LIST" | awk -v id="$1" '$1 == id { f = 1 } END { exit !f }'; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
info() { sed -n "s/^$2=//p" "$CACHE/k/$1/info"; }

# Serial output: drop CRs and terminal escape sequences (SeaBIOS, the kernel's
# console setup), keep the text.
clean() {
	sed -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[()][A-Z0-9]//g' \
		-e 's/\x1b[=>c78]//g' "$1"
}

archive() { # DIR OUT: a newc cpio, owned by root, without needing root
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$2"
}

QEMU=()
qemu_cmd() { # ARCH KERNEL INITRD -> QEMU (an array: the command line has spaces)
	local append="panic=-1 quiet MATRIX_TEST_TIMEOUT=$TEST_TIMEOUT ${MATRIX_APPEND:-}"
	case $1 in
	amd64)
		QEMU=(qemu-system-x86_64 -accel tcg -cpu max -m "$MEM" -smp "$SMP" -nographic -net none
			-no-reboot -kernel "$2" -initrd "$3" -append "console=ttyS0 $append")
		;;
	arm64)
		# shellcheck disable=SC2054
		QEMU=(qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -accel tcg -m "$MEM"
			-smp "$SMP" -nographic -net none -no-reboot -kernel "$2" -initrd "$3"
			-append "console=ttyAMA0 $append")
		;;
	esac
}

# The minimal BTF of the guest's minbtf run (init.c, issue 16): `barebpf gen
# min-btf` of the collector of ARCH and of the objects trace's and the attach
# tests load there, for kernel ID from its cached BTF, as DIR/min.btf.
MINBTF_OBJS="attach chain_fadvise chain_retry"
min_btf() { # ID ARCH DIR
	local gen=$repo/build/barebpf c=x86 objs=() o
	[ -x "$gen" ] || gen=${ROOT[amd64]}/bin/barebpf
	[ "$2" = arm64 ] && c=arm64
	objs=("$repo/build/bpf/$c/collector.bpf.o")
	for o in $MINBTF_OBJS; do objs+=("${ROOT[$2]}/build/progs/$o.bpf.o"); done
	"$gen" gen min-btf "${objs[@]}" --btf "$CACHE/k/$1/vmlinux.btf" --out "$3/min" >/dev/null &&
		mv "$3/min/vmlinux.btf" "$3/min.btf" && rmdir "$3/min"
}

# Boots one kernel; leaves $OUT/<id>.{log,result,facts}.
boot_one() {
	local id=$1 arch rel ver t0 t1 ov log passed failed skipped names status minbtf=ok
	arch=$(info "$id" arch)
	rel=$(info "$id" release)
	log=$OUT/$id.log
	case $rel in
	5.10.*) ver=11 ;;
	*+deb[0-9]*) # 6.12.117+deb12-amd64 -> 12, 7.2.13+deb14-arm64 -> 14
		ver=${rel#*+deb}
		ver=${ver%%-*}
		;;
	*) ver=12 ;;
	esac
	ov=$OUT/$id.overlay
	rm -rf "$ov"
	mkdir -p "$ov/btf" "$ov/etc" "$ov/boot"
	cp "$CACHE/k/$id/vmlinux.btf" "$ov/btf/vmlinux.btf"
	if [ "${MATRIX_MINBTF:-1}" = 1 ] && ! min_btf "$id" "$arch" "$ov/btf"; then
		minbtf="minbtf:(gen min-btf failed)"
	fi
	# Where a Debian host keeps the kernel's config (Debian kernels have no
	# /proc/config.gz): what __kconfig externs are resolved from.
	cp "$CACHE/k/$id/config" "$ov/boot/config-$rel"
	if [ -d "$CACHE/k/$id/modules" ]; then
		mkdir -p "$ov/lib/modules" && cp "$CACHE/k/$id"/modules/*.ko "$ov/lib/modules/"
	fi
	printf 'ID=debian\nVERSION_ID="%s"\n' "$ver" >"$ov/etc/os-release"
	archive "$ov" "$OUT/$id.overlay.cpio.gz"
	cat "$OUT/base-$arch.cpio.gz" "$OUT/$id.overlay.cpio.gz" >"$OUT/$id.initrd"
	rm -rf "$ov" "$OUT/$id.overlay.cpio.gz"
	t0=$(now)
	qemu_cmd "$arch" "$CACHE/k/$id/vmlinuz" "$OUT/$id.initrd"
	timeout -k 5 "$TIMEOUT" "${QEMU[@]}" </dev/null >"$log.raw" 2>&1
	status=$?
	t1=$(now)
	clean "$log.raw" >"$log"
	rm -f "$log.raw" "$OUT/$id.initrd"
	grep -o 'matrix-fact: .*' "$log" | sed 's/^matrix-fact: //' | awk -F= '!seen[$1]++' \
		>"$OUT/$id.facts"
	names=$(grep -o 'matrix-fail: .*' "$log" | sed 's/^matrix-fail: //' | tr '\n' ' ')
	# shellcheck disable=SC2046
	set -- $(grep -o 'matrix-done: .*' "$log" | tail -n 1 |
		sed -E 's/.*passed=([0-9]+) failed=([0-9]+) skipped=([0-9]+).*/\1 \2 \3/')
	passed=${1:-0} failed=${2:-0} skipped=${3:-0}
	if [ -z "${1:-}" ]; then
		if [ $status -eq 124 ] || [ $status -eq 137 ]; then
			names="${names}(boot timed out after ${TIMEOUT}s)"
		else
			names="${names}(no matrix-done line: qemu exited $status)"
		fi
		failed=$((failed + 1))
	elif [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
		names="(no test ran)"
		failed=1
	fi
	if [ "$minbtf" != ok ]; then
		names="$names $minbtf"
		failed=$((failed + 1))
	fi
	initboot "$id" "$arch"
	{
		echo "release=$rel"
		echo "arch=$arch"
		echo "result=$([ "$failed" -eq 0 ] && echo PASS || echo FAIL)"
		echo "passed=$passed"
		echo "failed=$failed"
		echo "skipped=$skipped"
		echo "names=${names% }"
		echo "boot_s=$(secs "$t0" "$t1")"
		echo "page=$(grep -o 'matrix-info: release=.*' "$log" | head -n 1 | sed -n 's/.*page_size=\([0-9]*\).*/\1/p')"
	} >"$OUT/$id.result"
}

# The `barebpf init` boots (tests/matrix/initboot.sh): their scenarios count as
# tests of the kernel (passed, failed, names); the seconds from the kernel's
# start to the test init, with and without barebpf, become facts.
initboot() { # ID ARCH (in boot_one: adds to passed, failed, names)
	local r=$OUT/$1.initboot gen=$repo/build/barebpf bi=$repo/build/matrix/$2/bootinit
	[ "${MATRIX_INITBOOT:-1}" = 1 ] && [ -x "${ROOT[$2]}/bin/barebpf" ] && [ -x "$bi" ] || return 0
	[ -x "$gen" ] || gen=${ROOT[amd64]}/bin/barebpf
	rm -f "$r"
	"$here/initboot.sh" "$1" "$2" "$CACHE/k/$1/vmlinuz" "$gen" "${ROOT[$2]}/bin/barebpf" "$bi" "$OUT"
	if [ ! -s "$r" ]; then
		failed=$((failed + 1)) names="$names initboot:(no result)"
		return
	fi
	passed=$((passed + $(sed -n 's/^passed=//p' "$r")))
	failed=$((failed + $(sed -n 's/^failed=//p' "$r")))
	names="$names $(sed -n 's/^names=//p' "$r")"
	names=${names% }
	echo "initboot.trace_s=$(sed -n 's/^trace_s=//p' "$r")" >>"$OUT/$1.facts"
	echo "initboot.base_s=$(sed -n 's/^base_s=//p' "$r")" >>"$OUT/$1.facts"
}

result() { sed -n "s/^$2=//p" "$OUT/$1.result"; }

report_one() {
	local id=$1 line
	line="$(result "$id" release) $(result "$id" arch) $(result "$id" result)"
	line="$line $(result "$id" passed)/$(($(result "$id" passed) + $(result "$id" failed)))"
	[ -n "$(result "$id" names)" ] && line="$line $(result "$id" names)"
	say "$line"
	if [ "$(result "$id" result)" = FAIL ]; then
		echo "matrix: --- console tail of $id ($OUT/$id.log) ---"
		tail -n "$TAIL" "$OUT/$id.log" | sed 's/^/    /'
		case $(result "$id" names) in *initboot:*)
			echo "matrix: --- initboot consoles of $id: $OUT/$id.initboot.log (tail) ---"
			tail -n "$TAIL" "$OUT/$id.initboot.log" | sed 's/^/    /' ;;
		esac
		echo "matrix: ---"
	fi
}

config_has() { # ID OPTION -> y, m or - (LSM_BPF: is bpf in CONFIG_LSM)
	local v
	if [ "$2" = LSM_BPF ]; then
		grep -qE '^CONFIG_LSM=.*[",]bpf[",]' "$CACHE/k/$1/config" && echo y || echo -
		return
	fi
	v=$(sed -n "s/^CONFIG_$2=//p" "$CACHE/k/$1/config")
	echo "${v:--}"
}

# The kernel × feature tables. First: the run, then the facts the tests
# reported (first seen first), then options of the kernel's config. Second:
# the answers of barebpf's feature probe (facts named feat.<name>).
write_table() {
	local f=$OUT/RESULTS.md id keys feats k opts="KPROBES FPROBE DYNAMIC_FTRACE_WITH_DIRECT_CALLS KALLSYMS_ALL BPF_LSM LSM_BPF DEBUG_INFO_BTF_MODULES"
	keys=$(for id in "$@"; do cut -d= -f1 "$OUT/$id.facts"; done | awk '!seen[$0]++')
	feats=$(echo "$keys" | grep '^feat\.')
	keys=$(echo "$keys" | grep -v '^feat\.')
	{
		echo "<!-- Generated by \`make matrix\` (tests/matrix/boot.sh); do not edit. -->"
		echo "# Kernel matrix"
		echo
		echo "Debian kernels booted under qemu (TCG) with the static test runner as /init;"
		echo "tests are run twice per kernel: with /sys/kernel/btf/vmlinux, and with it"
		echo "hidden and the BTF given as a file. Last run: $(date -u +%Y-%m-%d)."
		echo
		printf '| kernel | arch | page | result | passed | skipped | boot s |'
		for k in $keys; do printf ' %s |' "$k"; done
		for k in $opts; do printf ' %s |' "$k"; done
		echo
		printf '|---|---|---|---|---|---|---|'
		for k in $keys $opts; do printf -- '---|'; done
		echo
		for id in "$@"; do
			printf '| %s | %s | %s | %s | %s/%s | %s | %s |' "$(result "$id" release)" \
				"$(result "$id" arch)" "$(result "$id" page)" "$(result "$id" result)" \
				"$(result "$id" passed)" \
				"$(($(result "$id" passed) + $(result "$id" failed)))" \
				"$(result "$id" skipped)" "$(result "$id" boot_s)"
			for k in $keys; do printf ' %s |' "$(fact "$id" "$k")"; done
			for k in $opts; do printf ' %s |' "$(config_has "$id" "$k")"; done
			echo
		done
		echo
		echo "Facts are what the tests printed as \`matrix-fact: key=value\` in the run with"
		echo "sysfs BTF; the CONFIG_ columns come from each kernel's config (y, m, - for unset;"
		echo "LSM_BPF: bpf is in CONFIG_LSM, i.e. BPF LSM programs attach without lsm= on the command line)."
		[ -n "$feats" ] || return 0
		echo
		echo "## What \`barebpf feature probe\` finds"
		echo
		printf '| kernel | arch |'
		for k in $feats; do printf ' %s |' "${k#feat.}"; done
		echo
		printf '|---|---|'
		for k in $feats; do printf -- '---|'; done
		echo
		for id in "$@"; do
			printf '| %s | %s |' "$(result "$id" release)" "$(result "$id" arch)"
			for k in $feats; do printf ' %s |' "$(fact "$id" "$k")"; done
			echo
		done
	} >"$f"
}

fact() { sed -n "s/^$2=//p" "$OUT/$1.facts" | head -n 1; }

main() {
	local ids=() done_ids=() id all=1 next=0 n t0 pass=0 fail=0 a
	[ $# -gt 0 ] && all=0
	for id in "$@"; do
		listed "$id" ||
			{ say "unknown kernel id $id; the ids are the first column of $LIST"; exit 1; }
	done
	while read -r id _; do
		if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qxF "$id"; then
			continue
		fi
		if [ ! -s "$CACHE/k/$id/info" ]; then
			say "$id: not fetched (tests/matrix/fetch.sh $id)"
			fail=$((fail + 1))
			all=0
			continue
		fi
		ids+=("$id")
	done < <(grep -vE '^[[:space:]]*(#|$)' "$LIST")
	mkdir -p "$OUT"
	for a in amd64 arm64; do
		rm -f "$OUT/base-$a.cpio.gz"
		[ -x "${ROOT[$a]}/init" ] && archive "${ROOT[$a]}" "$OUT/base-$a.cpio.gz"
	done
	t0=$(now)
	# Boot at most $JOBS at a time; report in list order as soon as possible.
	for ((n = 0; n < ${#ids[@]}; n++)); do
		id=${ids[$n]}
		rm -f "$OUT/$id.result"
		a=$(info "$id" arch)
		if [ ! -s "$OUT/base-$a.cpio.gz" ]; then
			say "$(info "$id" release) $a SKIP (no $a runner: ${ROOT[$a]}/init)"
			echo "skip=1" >"$OUT/$id.result"
			continue
		fi
		while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
			wait -n
			while [ $next -lt $n ] && [ -s "$OUT/${ids[$next]}.result" ]; do
				grep -q '^skip=1' "$OUT/${ids[$next]}.result" || report_one "${ids[$next]}"
				next=$((next + 1))
			done
		done
		boot_one "$id" &
	done
	wait
	for ((; next < ${#ids[@]}; next++)); do
		grep -q '^skip=1' "$OUT/${ids[$next]}.result" || report_one "${ids[$next]}"
	done
	for id in "${ids[@]}"; do
		grep -q '^skip=1' "$OUT/$id.result" && { all=0; continue; }
		done_ids+=("$id")
		if [ "$(result "$id" result)" = PASS ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
	if [ ${#done_ids[@]} -gt 0 ]; then
		write_table "${done_ids[@]}"
		[ $all -eq 1 ] && cp "$OUT/RESULTS.md" "$here/RESULTS.md"
		say "boot times (s): $(for id in "${done_ids[@]}"; do printf '%s=%s ' "$id" "$(result "$id" boot_s)"; done)"
		say "booted ${#done_ids[@]} kernel(s) in $(secs "$t0" "$(now)") s, $JOBS at a time; table: $OUT/RESULTS.md"
	fi
	echo "matrix: $pass passed, $fail failed"
	[ $fail -eq 0 ]
}

# initboot.sh sources this file for its functions: --lib runs nothing.
[ "${1:-}" = --lib ] || main "$@"
