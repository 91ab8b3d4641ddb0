#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# `make size-options OUT`: builds the static CLI once per size step, each row
# adding one step to the row before (mk/static.mk's knobs), and writes a
# Markdown table of the stripped sizes to OUT. Rows below the line are tried
# and not taken. The trees are build/size/<step>/; the last taken row is what
# `make static` builds. Runs from the repository root.
set -eu
out=$1
top=build/size
case $(uname -m) in
aarch64) collector=arm64 ;;
*) collector=x86 ;;
esac
# Our own jobs, not the calling make's jobserver.
unset MAKEFLAGS MFLAGS MAKELEVEL
jobs=$(nproc 2>/dev/null || echo 2)
os='-Os -Wno-format-truncation'
nounw='-fno-asynchronous-unwind-tables'
deblibs="/usr/lib/$(uname -m)-linux-gnu/libelf.a /usr/lib/$(uname -m)-linux-gnu/libz.a"
# The collector's skeleton as it is, without the inflate hook (mk/collector.mk).
raw="STATIC_COLLECTOR_SKEL=build/gen/$collector/collector.skel.h"
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT

# step NAME SB-NAME "what" make-args...: builds, appends "what|bytes" to the rows.
step() {
	name=$1 sb=$top/$2 what=$3
	shift 3
	bin=$top/$name/barebpf-static
	mkdir -p "$top/$name"
	make -s -j"$jobs" --no-print-directory SB="$sb" STATIC_BIN="$bin" "$@" static-build >/dev/null
	printf '%s|%s\n' "$what" "$(wc -c <"$bin.stripped")" >>"$rows"
	echo "size-options: $name $(wc -c <"$bin.stripped") B"
}

# The link without the later steps' flags (mk/static.mk's STATIC_LDFLAGS adds
# -z noseparate-code).
gc='-static -Wl,--gc-sections'
step o2 o2 "-O2 -g, section GC; Debian's libelf.a, libz.a; collector as is" STATIC_OPT= \
	STATIC_LDFLAGS="$gc" STATIC_LDLIBS="$deblibs" STATIC_TRIM_OBJS= "$raw" STATIC_COLLECTOR_HOOK=
step o2-nogc o2 "the same without section GC (-Wl,--gc-sections off)" STATIC_OPT= \
	STATIC_LDFLAGS=-static STATIC_LDLIBS="$deblibs" STATIC_TRIM_OBJS= "$raw" STATIC_COLLECTOR_HOOK=
step os os "-Os" STATIC_OPT="$os" STATIC_LDFLAGS="$gc" STATIC_LDLIBS="$deblibs" STATIC_TRIM_OBJS= \
	"$raw" STATIC_COLLECTOR_HOOK=
step nounw os-nounw "+ -fno-asynchronous-unwind-tables" STATIC_OPT="$os $nounw" \
	STATIC_LDFLAGS="$gc" STATIC_LDLIBS="$deblibs" STATIC_TRIM_OBJS= "$raw" STATIC_COLLECTOR_HOOK=
step noeh os-nounw "+ libelf.a, libz.a without .eh_frame" STATIC_OPT="$os $nounw" \
	STATIC_LDFLAGS="$gc" STATIC_TRIM_OBJS= "$raw" STATIC_COLLECTOR_HOOK=
step nodeflate os-nounw "+ zlib's compressor left out (tools/static/no_deflate.c)" \
	STATIC_OPT="$os $nounw" STATIC_LDFLAGS="$gc" "$raw" STATIC_COLLECTOR_HOOK= \
	'STATIC_TRIM_OBJS=$(STATIC_NODEFLATE_OBJS)'
step noinflate os-nounw "+ zlib's inflater replaced by ours (tools/static/zlib_inflate.c): no libz.a" \
	STATIC_OPT="$os $nounw" STATIC_LDFLAGS="$gc" "$raw" STATIC_COLLECTOR_HOOK=
# Its own tree: the objects that include the collector's skeleton differ.
step gzip os-nounw-gz "+ collector gzip'ed, inflated on first use" STATIC_OPT="$os $nounw" \
	STATIC_LDFLAGS="$gc"
step nosep os-nounw-gz "+ -z noseparate-code (no page of padding between code and rodata): \`make static\`" \
	STATIC_OPT="$os $nounw"
echo "---|" >>"$rows"
# LTO re-emits unwind tables unless the link step is told too.
step lto os-nounw-lto "+ -flto (not taken)" STATIC_OPT="$os $nounw -flto" \
	STATIC_LDFLAGS="$gc -Wl,-z,noseparate-code -flto=$jobs -Os $nounw"

{
	echo "| build (each row adds to the last taken one) | stripped bytes | change |"
	echo "|---|--:|--:|"
	prev=
	while IFS='|' read -r what bytes; do
		if [ "$what" = --- ]; then
			echo "| *tried, not taken:* | | |"
			continue
		fi
		case $what in
		*"section GC (-Wl"*) base=$prev ;;
		*) base=${taken:-} ;;
		esac
		change=${base:+$((bytes - base))}
		echo "| $what | $bytes | ${change:-} |"
		case $what in
		*"not taken"* | *"section GC (-Wl"*) ;;
		*) taken=$bytes ;;
		esac
		prev=$bytes
	done <"$rows"
	echo
	nm "$top/gzip/barebpf-static" | grep -q ' collector__gunzip$' ||
		echo "No command of this tree uses the collector yet, so no row links it."
	echo "Every row's collector is without what only a linker reads (mk/collector.mk's"
	echo "COLLECTOR_STRIP: .rel.BTF, .rel.BTF.ext, .llvm_addrsig, LBB* labels): gzip'ed"
	echo "$(wc -c <build/gen/$collector/collector.bpf.o.gz) B, 40629 B with DWARF alone stripped (2026-12-02)."
	echo "Stripped sizes move in 4 KiB steps up to -z noseparate-code: until then the file"
	echo "pads code and read-only data to pages of their own."
	echo "LTO is not taken (2-3% here): its link map names LTO's partitions instead of our"
	echo "files, so the parts table above could no longer say where the bytes go."
	echo "Made by \`make size-options\` (tests/bench/size_options.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "size-options: $out"
