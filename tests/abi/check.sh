#!/bin/sh
# The shared library's ABI (make test-abi, no kernel):
#  1. the soname is libbarebpf.so.0;
#  2. the dynamic symbols it defines are exactly the names the version script
#     (loader/libbarebpf.map) lists: no stray export, none missing;
#  3. each of them carries the script's version node;
#  4. the functions declared BBPF_API in include/barebpf/*.h are that same
#     set: every export is public API, every public function is exported;
#  5. the script's list is sorted and has no duplicate.
# Closing line: "abi: N passed, M failed".
# Usage: tests/abi/check.sh LIB.so VERSION_SCRIPT
so=$1 map=$2
passed=0 failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "abi: FAIL: $*"; }
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT

node=$(sed -n 's/^\(BAREBPF_[0-9.]*\) {$/\1/p' "$map" | tail -1)
sed -n 's/^\t\t\(bbpf_[a-z0-9_]*\);$/\1/p' "$map" >"$tmp/listed"
nm -D --defined-only "$so" | awk '$2 ~ /^[TDRBVWi]$/ {print $3}' | sed 's/@.*//' | sort >"$tmp/exported"
cat include/barebpf/*.h | tr '\n' ' ' | grep -o 'BBPF_API[^;(]*(' | sed 's/ *($//; s/.*[ *]//' |
	grep '^bbpf_' | sort >"$tmp/declared"

if readelf -d "$so" | grep -q 'SONAME.*\[libbarebpf\.so\.0\]'; then ok; else ko "soname is not libbarebpf.so.0"; fi
if [ -s "$tmp/exported" ] && sort "$tmp/listed" | diff -u - "$tmp/exported" >"$tmp/d1"; then
	ok
else
	ko "exports differ from $map (- listed only, + exported only):"; grep '^[-+]bbpf' "$tmp/d1"
fi
bad=$(objdump -T "$so" | awk -v n="$node" '$NF ~ /^bbpf_/ && $(NF-1) != n {print $NF " " $(NF-1)}')
if [ -n "$node" ] && [ -z "$bad" ]; then ok; else ko "exports not versioned $node:"; echo "$bad" | head; fi
if diff -u "$tmp/declared" "$tmp/exported" >"$tmp/d2"; then
	ok
else
	ko "public declarations differ from exports (- declared only, + exported only):"
	grep '^[-+]bbpf' "$tmp/d2"
	echo "abi: a new BBPF_API function is exported once listed in $map (sorted)"
fi
if sort -c "$tmp/listed" 2>/dev/null && [ -z "$(uniq -d "$tmp/listed")" ]; then
	ok
else
	ko "$map: names not sorted or listed twice"
fi
echo "abi: $(wc -l <"$tmp/exported") exports; $passed passed, $failed failed"
[ $failed -eq 0 ]
