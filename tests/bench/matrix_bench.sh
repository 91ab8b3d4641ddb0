#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The "Attaching, in the guests" section of BENCHMARKS.md (mk/bench_matrix.mk).
#
# Usage: tests/bench/matrix_bench.sh OUT FILE ID...
#            the section from the guests' consoles OUT/<id>.log (the lines
#            between attach-bench-begin and attach-bench-end that
#            tests/bench/matrix_attach.sh prints), put into FILE
#        tests/bench/matrix_bench.sh --cut FILE SAVED
#            the section of FILE into SAVED (empty when FILE has none):
#            `make bench` rewrites BENCHMARKS.md without booting a guest,
#        tests/bench/matrix_bench.sh --put SAVED FILE
#            and puts it back with this.
# The section replaces the one already in FILE, or is appended.
set -u
HEAD='## Attaching, in the guests'

cut_section() { # FILE: the section, its heading to the next "## " heading
	awk -v h="$HEAD" 'index($0, h) == 1 { on = 1; print; next }
		on && /^## / { exit } on { print }' "$1" 2>/dev/null
}

put_section() { # SECTION_FILE FILE
	local tmp=$2.tmp.$$
	[ -s "$1" ] || return 0
	awk -v h="$HEAD" -v s="$1" '
		function put() { while ((getline l < s) > 0) print l; done = 1 }
		index($0, h) == 1 { put(); skip = 1; next }
		skip && /^## / { skip = 0; print ""; }
		!skip { print }
		END { if (!done) { print ""; put() } }' "$2" >"$tmp" && mv "$tmp" "$2"
}

# The rows of one guest's per-event table: "mechanism|ratio" for the summary.
ratio() { # LOG-PART LABEL-PREFIX
	awk -F'|' -v p="$2" 'index($2, " " p) == 1 && $6 ~ /x/ { gsub(/ /, "", $6); print $6; exit }' "$1"
}
how() {
	awk -F'|' -v p="$2" 'index($2, " " p) == 1 { sub(/^ /, "", $3); sub(/ $/, "", $3); print $3; exit }' "$1"
}

section() { # OUT ID...
	local out=$1 id part rel mech r k
	shift
	echo "$HEAD (\`make bench-matrix\`)"
	echo
	echo "tests/bench/attach_bench.c with -g inside Debian kernels under qemu, where kprobes"
	echo "and fentry exist (this host has neither): TCG emulates every instruction and the"
	echo "guest has one CPU on this shared 2-core host, so absolute times are inflated and"
	echo "noisy; compare ratios within one kernel. Per-event cost is the CPU time a getppid()"
	echo "loop gains with one program (one add to a counter) on each hook: each round, the loop"
	echo "with the program, less the same loop run right after without it (medians of the"
	echo "rounds); \"ratio\" is that cost over the tracepoint's. The design's estimate on real"
	echo "x86 hardware: fentry ~20, tracepoint ~35, kprobe ~50 ns, i.e. 0.57 : 1 : 1.43."
	echo "Runs minutes apart move a ratio by up to 2-3x (the host is shared): read the order"
	echo "of the mechanisms, not the second digit. Attach times are wall clock; barebpf's"
	echo "kprobe.multi resolves the glob inside the timed attach (reads tracefs"
	echo "available_filter_functions and the kprobe blacklist), libbpf is handed the names."
	echo
	echo "| kernel | fentry | kprobe | kprobe.multi | tracepoint | raw_tp | tp_btf | uprobe | kprobe.multi attach of N functions vs N kprobes one by one (barebpf) |"
	echo "|---|--:|--:|--:|--:|--:|--:|--:|---|"
	for id in "$@"; do
		part=$out/$id.bench
		rel=$(sed -n "s/^### //p" "$part" | head -n 1)
		printf '| %s |' "${rel:-$id (no result)}"
		for mech in "fentry" "kprobe (" "kprobe.multi" "tracepoint" "raw_tp" "tp_btf" "uprobe ("; do
			r=$(ratio "$part" "$mech")
			k=$(how "$part" "$mech")
			case $k in n/a*) r="n/a" ;; esac
			printf ' %s |' "${r:-?}"
		done
		k=$(sed -n 's/^barebpf: one kprobe.multi link takes \([0-9.]*x\) the time of \([0-9]*\) kprobes.*/\1 (N=\2)/p' "$part")
		printf ' %s |\n' "${k:-n/a (no kprobe.multi)}"
	done
	echo
	echo "Each kernel's tables (\"attached as\": the hook and how barebpf attached it;"
	echo "perf_ioctl is the 5.10 path, no perf links there):"
	for id in "$@"; do
		cat "$out/$id.bench"
	done
	echo
	echo "Made by \`flock /tmp/bbpf-matrix.lock make bench-matrix BENCH_KERNELS=\"$*\"\`"
	echo "on $(date -u -r "$out/$1.log" '+%Y-%m-%d %H:%M UTC') (qemu $(qemu-system-x86_64 --version 2>/dev/null |
		sed -n '1s/.*version \([^ ]*\).*/\1/p'), $(nproc) host CPUs shared with other work)."
}

main() {
	local out file id log
	case ${1:-} in
	--cut)
		cut_section "$2" >"$3"
		return 0
		;;
	--put)
		put_section "$2" "$3"
		return
		;;
	esac
	[ $# -ge 3 ] || { echo "usage: $0 OUT FILE ID..." >&2; return 2; }
	out=$1 file=$2
	shift 2
	for id in "$@"; do
		log=$out/$id.log
		awk '/attach-bench-begin/ { on = 1; next } /attach-bench-end/ { on = 0 } on' \
			"$log" 2>/dev/null | grep -v '^matrix-' >"$out/$id.bench"
		if ! grep -q '^### ' "$out/$id.bench"; then
			echo "bench-matrix: no bench output from $id ($log)" >&2
			printf '\n### %s: no result (see %s)\n' "$id" "$log" >"$out/$id.bench"
		fi
	done
	section "$out" "$@" >"$out/section.md"
	put_section "$out/section.md" "$file"
	echo "bench-matrix: $file, section \"$HEAD\" (from $out/section.md)"
}

main "$@"
