#!/bin/sh
# The installed tree, as a user sees it (make test-install, kernel-free):
#  1. `make install PREFIX=$DIR` into a scratch prefix;
#  2. every installed public header compiles alone, as C (strict -std=c11)
#     and as C++, and none reaches for a header that was not installed;
#  3. tests/install/use_api.c builds with nothing but pkg-config's flags,
#     static and shared, and both binaries run;
#  4. the shared library exports bbpf_* names only (no bbpf__ internals).
#  5. the man page barebpf(8) is installed where man finds it, and shows
#     the installed binary's own `load --help`.
# Closing line: "install: N passed, M failed".
# Usage: tests/install/check.sh DIR CC FIXTURE.btf
dir=$1 cc=$2 btf=$3
passed=0 failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "install: FAIL: $*"; }

rm -rf "$dir" && mkdir -p "$dir/t"
if ! make --no-print-directory install PREFIX="$dir" >"$dir/t/install.log" 2>&1; then
	cat "$dir/t/install.log"
	echo "install: 0 passed, 1 failed"
	exit 1
fi
export PKG_CONFIG_PATH="$dir/lib/pkgconfig"
cflags=$(pkg-config --cflags barebpf) || { echo "install: 0 passed, 1 failed (pkg-config)"; exit 1; }

for h in "$dir"/include/barebpf/*.h; do
	name=barebpf/$(basename "$h")
	printf '#include <%s>\nint main(void) { return 0; }\n' "$name" >"$dir/t/one.c"
	if $cc -std=c11 -Wall -Wextra -Werror $cflags -c "$dir/t/one.c" -o "$dir/t/one.o" 2>"$dir/t/err"; then
		ok
	else
		ko "$name does not compile alone:"; cat "$dir/t/err"
	fi
	if command -v g++ >/dev/null; then
		cp "$dir/t/one.c" "$dir/t/one.cc"
		if g++ -Wall -Wextra -Werror $cflags -c "$dir/t/one.cc" -o "$dir/t/one.o" 2>"$dir/t/err"; then
			ok
		else
			ko "$name does not compile as C++:"; cat "$dir/t/err"
		fi
	fi
	if grep -n 'include.*internal/' "$h"; then ko "$name includes an internal header"; else ok; fi
done

src=tests/install/use_api.c
if $cc -std=c11 -Wall -Wextra -Werror $cflags $src -o "$dir/t/use_api_static" \
	"$dir/lib/libbarebpf.a" $(pkg-config --static --libs-only-l barebpf | sed 's/-lbarebpf//') 2>"$dir/t/err" &&
	"$dir/t/use_api_static" "$btf"; then
	ok
else
	ko "static user program"; cat "$dir/t/err"
fi
if $cc -std=c11 -Wall -Wextra -Werror $cflags $src -o "$dir/t/use_api" $(pkg-config --libs barebpf) 2>"$dir/t/err" &&
	LD_LIBRARY_PATH="$dir/lib" "$dir/t/use_api" "$btf"; then
	ok
else
	ko "shared user program"; cat "$dir/t/err"
fi

leaks=$(nm -D --defined-only "$dir/lib/libbarebpf.so" | awk '$2 ~ /^[TDRBV]$/ {print $3}' | grep -v '^bbpf_[a-z]')
if [ -n "$leaks" ]; then
	ko "the shared library exports names outside the API:"; echo "$leaks" | head -20
else
	ok
fi
page=$(MANPATH="$dir/share/man" man -w 8 barebpf 2>/dev/null)
if [ "$page" = "$dir/share/man/man8/barebpf.8" ] &&
	MANWIDTH=200 MANPATH="$dir/share/man" man 8 barebpf 2>/dev/null |
	grep -qF "$("$dir/bin/barebpf" load --help | head -1)"; then
	ok
else
	ko "man 8 barebpf: not installed in $dir/share/man/man8 or not the binary's help (found '$page')"
fi
echo "install: $passed passed, $failed failed"
[ $failed -eq 0 ]
