#!/bin/sh
# Compares `barebpf btf dump FILE` with `bpftool btf dump file FILE`, line for
# line, on each FILE given (skipping ones that do not exist, e.g. a kernel
# without BTF). Split BTF is named NAME-MOD.split and read on top of
# NAME.btf. Closes with "btf-dump: N passed, N failed".
#
# Environment (each optional):
#   KERNEL_BTF_DIR  a tree of kernel BTFs (*.btf, as `make matrix` extracts them
#                   from Debian's kernels into ~/.cache/barebpf-kernels): each one
#                   is compared too; none there: skipped, with a message
#   BTF_SPLIT       tests/btf_split.c built: one kernel BTF (the first of the tree,
#                   else the running kernel's) is cut into a base and a
#                   module-like split BTF, compared on top of its base
#   OBJCOPY         objcopy: the same kernel BTF is wrapped as the .BTF section of
#                   a small ELF object, compared as an ELF file
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

# check FILE [BASE]: one comparison.
check() {
	f=$1
	base=$2
	set --
	[ -n "$base" ] && set -- --base "$base"
	if ! bpftool ${base:+-B "$base"} btf dump file "$f" >"$tmp/want" 2>"$tmp/err"; then
		echo "btf-dump: skip $f (bpftool cannot read it: $(head -n 1 "$tmp/err"))"
		return
	fi
	if "$bin" btf dump "$f" "$@" >"$tmp/got" 2>"$tmp/err" && cmp -s "$tmp/want" "$tmp/got"; then
		echo "btf-dump: ok   $f${base:+ (on $base)} ($(wc -l <"$tmp/want") lines)"
		passed=$((passed + 1))
	else
		echo "btf-dump: FAIL $f${base:+ (on $base)}"
		cat "$tmp/err"
		diff "$tmp/want" "$tmp/got" | head -n 20
		failed=$((failed + 1))
	fi
}

for f in "$@"; do
	[ -r "$f" ] || { echo "btf-dump: skip $f (not readable)"; continue; }
	case "$f" in
	*.split) check "$f" "${f%-*.split}.btf" ;;
	*) check "$f" ;;
	esac
done

# The kernels' BTF: present once `make matrix` has run (CI runs `make test` first).
kernels=
[ -n "$KERNEL_BTF_DIR" ] && [ -d "$KERNEL_BTF_DIR" ] &&
	kernels=$(find "$KERNEL_BTF_DIR" -name '*.btf' -type f 2>/dev/null | sort)
if [ -z "$kernels" ]; then
	echo "btf-dump: skip the Debian kernels' BTF: none in ${KERNEL_BTF_DIR:-(KERNEL_BTF_DIR unset)}" \
		"(make matrix extracts them; they are compared on the next run)"
fi
for f in $kernels; do
	check "$f"
done

# A module-like split BTF and an ELF .BTF, made of one kernel BTF.
one=$(echo "$kernels" | head -n 1)
[ -z "$one" ] && [ -r /sys/kernel/btf/vmlinux ] && one=/sys/kernel/btf/vmlinux
if [ -z "$one" ]; then
	echo "btf-dump: skip the split and ELF cases: no kernel BTF to make them of"
else
	if [ -n "$BTF_SPLIT" ]; then
		if "$BTF_SPLIT" "$one" "$tmp/kernel.btf" "$tmp/kernel-mod.split" >/dev/null; then
			check "$tmp/kernel-mod.split" "$tmp/kernel.btf"
		else
			echo "btf-dump: FAIL cannot split $one"
			failed=$((failed + 1))
		fi
	fi
	if [ -n "$OBJCOPY" ]; then
		: >"$tmp/empty.c"
		if ${CC:-cc} -c "$tmp/empty.c" -o "$tmp/empty.o" &&
			"$OBJCOPY" --add-section .BTF="$one" "$tmp/empty.o" "$tmp/kernel-btf.o"; then
			check "$tmp/kernel-btf.o"
		else
			echo "btf-dump: FAIL cannot wrap $one in an ELF file"
			failed=$((failed + 1))
		fi
	fi
fi
echo "btf-dump: $passed passed, $failed failed"
[ $failed -eq 0 ]
