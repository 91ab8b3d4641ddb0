#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# `barebpf core check` over the matrix's cached Debian BTFs, side by side
# with the same decisions made one object x kernel at a time: by
# `barebpf core explain` and by libbpf's CO-RE engine (tests/core/
# libbpf_oracle.c, the functions bpftool's gen min_core_btf calls; neither
# libbpf nor bpftool has a many-kernels mode). Prints a Markdown section
# (mk/core.mk adds it to BENCH_AFTER; `make bench` appends it to BENCHMARKS.md).
# Medians of RUNS runs, wall clock.
# Usage: tests/bench/core_check.sh      (BAREBPF, ORACLE, KDIR, RUNS to override)
BAREBPF=${BAREBPF:-build/barebpf}
ORACLE=${ORACLE:-build/core/libbpf_oracle}
KDIR=${KDIR:-$HOME/.cache/barebpf-kernels/k}
RUNS=${RUNS:-5}
OBJS="build/bpf/x86/collector.bpf.o $(ls build/core/19/*.bpf.o 2>/dev/null | tr '\n' ' ')"
BTFS=$(find "$KDIR" -name vmlinux.btf 2>/dev/null | sort)
nk=$(echo "$BTFS" | grep -c .)
no=$(echo $OBJS | wc -w)
if [ "$nk" -eq 0 ] || [ ! -x "$BAREBPF" ] || [ ! -x "$ORACLE" ]; then
	echo "core check bench: needs $BAREBPF, $ORACLE and BTFs under $KDIR (make matrix-fetch)" >&2
	exit 0
fi
now() { date +%s.%N; }
# median SECONDS... -> the middle value
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# timeit CMD...: median wall seconds of RUNS runs of CMD (output discarded)
timeit() {
	ts=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(now)
		"$@" >/dev/null 2>&1
		ts="$ts $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	median $ts
}
pairs() { # TOOL: one process per object x kernel
	for b in $BTFS; do
		for o in $OBJS; do
			if [ "$1" = oracle ]; then "$ORACLE" "$o" "$b"; else "$BAREBPF" core explain "$o" --btf "$b" --json; fi
		done
	done
}
cpus=$(nproc)
# shellcheck disable=SC2086
t_all=$(timeit "$BAREBPF" core check $OBJS --btf-dir "$KDIR")
# shellcheck disable=SC2086
t_one=$(timeit "$BAREBPF" core check $OBJS --btf-dir "$KDIR" --threads 1)
# One run each: a minute apiece.
t_explain=$(RUNS=1 && timeit pairs explain)
t_oracle=$(RUNS=1 && timeit pairs oracle)
relos=$(pairs explain 2>/dev/null | grep -c '"relo"')
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo
echo "## core check: $no objects x $nk Debian kernel BTFs"
echo
echo "The collector and the CO-RE corpus (clang 19) against the matrix's cached BTFs"
echo "(3.1-6.5 MB each), $relos relocations decided in all. Wall clock: core check the"
echo "median of $RUNS runs, the per-pair loops one run; $cpus CPUs, load average"
echo "$(cut -d' ' -f1 /proc/loadavg) when it ended. libbpf and bpftool have no many-kernels mode:"
echo "their engine runs once per object x kernel, parsing the kernel's BTF each"
echo "time (\`tests/bench/core_check.sh\`)."
echo
echo "| run | seconds | vs core check |"
echo "| --- | ---: | ---: |"
echo "| \`barebpf core check\` ($cpus threads) | $t_all | 1.0 |"
echo "| \`barebpf core check --threads 1\` | $t_one | $(ratio "$t_one" "$t_all") |"
echo "| \`barebpf core explain\`, one process per pair | $t_explain | $(ratio "$t_explain" "$t_all") |"
echo "| libbpf's engine (\`libbpf_oracle\`), one process per pair | $t_oracle | $(ratio "$t_oracle" "$t_all") |"
