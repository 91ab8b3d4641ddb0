#!/bin/sh
# Compares `barebpf btf dump FILE` with `bpftool btf dump file FILE`, line for
# line, on each FILE given (skipping ones that do not exist, e.g. a kernel
# without BTF). Split BTF is named NAME-MOD.split and read on top of
# NAME.btf. Closes with "btf-dump: N passed, N failed".
# Usage: tests/btf_dump_cmp.sh BAREBPF FILE...
bin=$1
shift
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v bpftool >/dev/null; then
	echo "btf-dump: bpftool is missing (apt-get install bpftool, or make deps)"
	echo "btf-dump: 0 passed, 1 failed"
	exit 1
fi
for f in "$@"; do
	[ -r "$f" ] || { echo "btf-dump: skip $f (not readable)"; continue; }
	set --
	case "$f" in
	*.split) base="${f%-*.split}.btf"; set -- --base "$base" ;;
	esac
	if ! bpftool ${base:+-B "$base"} btf dump file "$f" >"$tmp/want" 2>"$tmp/err"; then
		echo "btf-dump: skip $f (bpftool cannot read it: $(head -n 1 "$tmp/err"))"
		continue
	fi
	if "$bin" btf dump "$f" "$@" >"$tmp/got" 2>"$tmp/err" && cmp -s "$tmp/want" "$tmp/got"; then
		echo "btf-dump: ok   $f ($(wc -l <"$tmp/want") lines)"
		passed=$((passed + 1))
	else
		echo "btf-dump: FAIL $f"
		cat "$tmp/err"
		diff "$tmp/want" "$tmp/got" | head -n 20
		failed=$((failed + 1))
	fi
	base=
done
echo "btf-dump: $passed passed, $failed failed"
[ $failed -eq 0 ]
