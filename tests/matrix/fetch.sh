#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Fetches the kernels of tests/matrix/kernels.txt into the cache and keeps, per
# kernel, only what the matrix needs: vmlinuz, config, the BTF extracted from
# the image (no boot needed) and a few modules with their dependencies (veth,
# nf_conntrack, bridge: for the module attach test; decompressed here, so
# guests need no decompressor). The .debs are deleted.
#
# Usage: tests/matrix/fetch.sh [ID...]     fetch (cached kernels are skipped)
#        tests/matrix/fetch.sh --latest    print the newest ABI of every line
#        tests/matrix/fetch.sh --sysroot ARCH DIR PKG...
#            unpack ARCH's PKGs into DIR (for cross builds: the target's
#            libelf.a and libz.a without `dpkg --add-architecture`)
#
# Cache: $BAREBPF_KERNEL_CACHE (default ~/.cache/barebpf-kernels)
#   apt/            the private apt config: sources.list, lists, pkgcache, an
#                   empty dpkg status. /etc/apt is only read (for the mirror).
#   k/<id>/         vmlinuz, config, vmlinux.btf, info (key=value lines),
#                   modules/NAME.ko (those of $MODULES the kernel has: info's
#                   modules= says which, with their dependencies)
# Environment: BTFX (the extractor, default build/matrix/btfx), MATRIX_JOBS
# (parallel fetches, default 2), MATRIX_APT_MAX_AGE (minutes before the
# package lists are refreshed, default 720).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
CACHE=${BAREBPF_KERNEL_CACHE:-$HOME/.cache/barebpf-kernels}
LIST=${MATRIX_KERNEL_LIST:-$here/kernels.txt}
BTFX=${BTFX:-$repo/build/matrix/btfx}
JOBS=${MATRIX_JOBS:-2}
APTDIR=$CACHE/apt

say() { echo "matrix: $*"; }
listed() { grep -vE '^[[:space:]]*(#|$)' "$LIST" | awk -v id="$1" '$1 == id { f = 1 } END { exit !f }'; }
die() {
	echo "matrix: $*" >&2
	exit 1
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# The mirrors the system uses (deb822 or one-line sources), else Debian's.
mirror() {
	local uri
	uri=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
		grep -E '^[[:space:]]*(URIs:|deb[[:space:]])' | grep -oE '(https?|file)://[^[:space:]]+' |
		sed 's,/*$,,' | grep -E "/$1\$" | head -n 1)
	echo "${uri:-http://deb.debian.org/$1}"
}

APT_OPTS=()
apt_setup() {
	local deb sec key=/usr/share/keyrings/debian-archive-keyring.gpg suite
	mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/empty.d" ||
		die "cannot create $APTDIR"
	deb=$(mirror debian)
	sec=$(mirror debian-security)
	{
		for suite in bullseye bookworm bookworm-updates sid; do
			echo "deb [signed-by=$key] $deb $suite main"
		done
		for suite in bullseye-security bookworm-security; do
			echo "deb [signed-by=$key] $sec $suite main"
		done
	} >"$APTDIR/sources.list.new"
	if ! cmp -s "$APTDIR/sources.list.new" "$APTDIR/sources.list"; then
		mv "$APTDIR/sources.list.new" "$APTDIR/sources.list"
		rm -f "$APTDIR/updated"
	else
		rm -f "$APTDIR/sources.list.new"
	fi
	[ -e "$APTDIR/status" ] || : >"$APTDIR/status"
	# sid only for what no other suite has (its kernels): the sysroot's
	# libelf/zlib must stay bookworm's, built for the cross toolchain's glibc.
	printf 'Package: *\nPin: release n=sid\nPin-Priority: 100\n' >"$APTDIR/preferences.new"
	if cmp -s "$APTDIR/preferences.new" "$APTDIR/preferences"; then
		rm -f "$APTDIR/preferences.new"
	else
		mv "$APTDIR/preferences.new" "$APTDIR/preferences"
	fi
	# Both architectures in one set of lists; nothing of the host's apt state.
	APT_OPTS=(-o "Dir::Etc::SourceList=$APTDIR/sources.list"
		-o "Dir::Etc::SourceParts=$APTDIR/empty.d"
		-o "Dir::Etc::Preferences=$APTDIR/preferences"
		-o "Dir::Etc::PreferencesParts=$APTDIR/empty.d"
		-o "Dir::State::Lists=$APTDIR/lists"
		-o "Dir::State::status=$APTDIR/status"
		-o "Dir::Cache=$APTDIR/cache"
		-o "Dir::Cache::pkgcache=pkgcache.bin" -o "Dir::Cache::srcpkgcache="
		-o "APT::Architecture=amd64"
		-o "APT::Architectures::=amd64" -o "APT::Architectures::=arm64"
		-o "APT::Sandbox::User=root"
		-o "Acquire::http::Timeout=${MATRIX_NET_TIMEOUT:-60}"
		-o "Acquire::https::Timeout=${MATRIX_NET_TIMEOUT:-60}")
}

apt_update() {
	local age=${MATRIX_APT_MAX_AGE:-720} t0
	if [ -e "$APTDIR/updated" ] && [ -z "$(find "$APTDIR/updated" -mmin +"$age")" ]; then
		return 0
	fi
	t0=$(now)
	if ! apt-get "${APT_OPTS[@]}" -qq update >"$APTDIR/update.log" 2>&1; then
		say "apt-get update failed ($(why "$APTDIR/update.log")); retrying once in ${MATRIX_RETRY_PAUSE:-5} s"
		sleep "${MATRIX_RETRY_PAUSE:-5}"
		apt-get "${APT_OPTS[@]}" -qq update >"$APTDIR/update.log" 2>&1 || {
			cat "$APTDIR/update.log" >&2
			die "apt-get update (private config $APTDIR/sources.list) failed twice"
		}
	fi
	# Builds pkgcache.bin once, before parallel jobs read it.
	apt-cache "${APT_OPTS[@]}" policy >/dev/null 2>&1
	touch "$APTDIR/updated"
	say "package lists updated in $(secs "$t0" "$(now)") s"
}

candidate() { # PKG ARCH -> the version apt would download, or nothing
	apt-cache "${APT_OPTS[@]}" policy "$1:$2" 2>/dev/null |
		sed -n 's/^ *Candidate: //p' | grep -v '(none)'
}

# Reads package names, prints those that ARCH can download, in the same order
# (one apt-cache call: each one loads the whole cache, ~2 s here).
available() {
	local names ok
	names=$(cat)
	[ -n "$names" ] || return 0
	ok=$(mktemp)
	# shellcheck disable=SC2046,SC2086
	apt-cache "${APT_OPTS[@]}" policy $(printf "%s:$1\n" $names) 2>/dev/null |
		awk -v arch="$1" '/^[^ ].*:$/ { sub(/:$/, ""); sub(":" arch "$", ""); name = $0 }
			/^  Candidate: / && $2 != "(none)" { ok[name] = 1 }
			END { for (n in ok) print n }' >"$ok"
	echo "$names" | grep -xFf "$ok"
	rm -f "$ok"
}

# linux-image-5.10.0-46-cloud-amd64-unsigned -> the extended regex of every
# ABI of the same series and flavor, signed or not:
# ^linux-image-5\.10\.0-[0-9]+-cloud-amd64(-unsigned)?$ (6.12.117+deb12 -> 6\.12\.[0-9]+\+deb12)
series_regex() {
	local abi flavor
	abi=$(echo "$1" | sed -nE 's/^linux-image-([0-9]+\.[0-9]+\.[0-9]+(-[0-9]+|\+deb[0-9]+))-.*/\1/p')
	flavor=${1#linux-image-"$abi"-}
	flavor=${flavor%-unsigned}
	abi=$(echo "$abi" | sed -E 's/[0-9]+((\+deb[0-9]+)?)$/@\1/; s/[.+]/\\&/g; s/@/[0-9]+/')
	echo "^linux-image-$abi-$flavor(-unsigned)?\$"
}

# The ABIs of PKG's series and flavor that ARCH has, newest first (of one ABI,
# -unsigned first: same image, no signature appended).
series() {
	apt-cache "${APT_OPTS[@]}" search --names-only "$(series_regex "$1")" 2>/dev/null |
		awk '{ n = $1; u = sub(/-unsigned$/, "", n); print n, u, $1 }' |
		sort -k1,1Vr -k2,2nr | cut -d' ' -f3 | available "$2"
}

# Every package that could stand in for PKG on ARCH, best first: PKG itself,
# its signed twin, then the series.
choices() {
	local re
	{
		printf '%s\n%s\n' "$1" "${1%-unsigned}"
		for re in "$(series_regex "$1")" "$(debn_regex "$1")"; do
			[ -n "$re" ] || continue
			apt-cache "${APT_OPTS[@]}" search --names-only "$re" 2>/dev/null |
				awk '{ n = $1; u = sub(/-unsigned$/, "", n); print n, u, $1 }' |
				sort -k1,1Vr -k2,2nr | cut -d' ' -f3
		done
	} | awk '!seen[$0]++' | available "$2"
}

# The last resort for a +debN kernel (sid keeps only its newest kernel, so a
# 7.2 pin vanishes when 7.3 arrives): any version of the same Debian release
# and flavor, newest first. Nothing for 5.10.0-N names.
debn_regex() {
	local deb flavor
	deb=$(echo "$1" | sed -nE 's/^linux-image-[0-9]+\.[0-9]+\.[0-9]+\+(deb[0-9]+)-.*/\1/p')
	[ -n "$deb" ] || return 0
	flavor=${1#linux-image-*+"$deb"-}
	flavor=${flavor%-unsigned}
	echo "^linux-image-[0-9]+\\.[0-9]+\\.[0-9]+\\+$deb-$flavor(-unsigned)?\$"
}

release_of() { # linux-image-6.1.0-56-rt-amd64-unsigned -> 6.1.0-56-rt-amd64
	local r=${1#linux-image-}
	echo "${r%-unsigned}"
}

cached() { # ID PKG (one fetched before this module list was kept has another modules_list=)
	local d=$CACHE/k/$1
	[ -s "$d/vmlinuz" ] && [ -s "$d/vmlinux.btf" ] && [ -e "$d/config" ] &&
		grep -qx "pinned=$2" "$d/info" 2>/dev/null && grep -qx "modules_list=$MODULES" "$d/info"
}

# A failed download is retried once after a pause, unless the mirror said the
# file is not there (404) or apt knows no such package: those do not heal.
download() { # DIR PKG ARCH
	local try
	for try in 1 2; do
		(cd "$1" && apt-get "${APT_OPTS[@]}" -qq download "$2:$3" >"$1/dl.log" 2>&1) && return 0
		rm -f "$1"/*.deb
		grep -qE ' 404 |Unable to locate|Can.t select|Can.t find' "$1/dl.log" && break
		[ $try -eq 2 ] && break
		say "${id:-}: $2:$3: download failed ($(why "$1/dl.log")); retrying once in ${MATRIX_RETRY_PAUSE:-5} s"
		sleep "${MATRIX_RETRY_PAUSE:-5}"
	done
	say "${id:-}: $2:$3 did not download: $(why "$1/dl.log")"
	return 1
}

why() { # LOG: apt's first error line, else its last line
	grep -m 1 -E '^(E|Err):' "$1" 2>/dev/null || tail -n 1 "$1"
}

# Leaves TMP/vmlinuz and TMP/config, from the image package DEB of release
# REL. Up to Debian 13 both are in linux-image-REL under /boot; from 7.x (sid)
# linux-image-REL is an empty package that depends on linux-binary-REL
# (vmlinuz) and linux-base-REL (config), both under /usr/lib/modules/REL/.
boot_files() { # TMP DEB REL ARCH
	local tmp=$1 deb=$2 rel=$3 arch=$4 p
	# The boot files come first in the data tarball: --occurrence lets tar stop
	# there instead of decompressing the modules.
	dpkg-deb --fsys-tarfile "$deb" 2>/dev/null |
		tar -xf - -C "$tmp" --occurrence "./boot/vmlinuz-$rel" "./boot/config-$rel" 2>/dev/null
	if [ -s "$tmp/boot/vmlinuz-$rel" ] && [ -s "$tmp/boot/config-$rel" ]; then
		mv "$tmp/boot/vmlinuz-$rel" "$tmp/vmlinuz" && mv "$tmp/boot/config-$rel" "$tmp/config"
		return
	fi
	mkdir -p "$tmp/split" || return 1
	for p in "linux-binary-$rel" "linux-base-$rel"; do
		dpkg-deb -f "$deb" Depends | grep -q "$p" || return 1
		download "$tmp/split" "$p" "$arch" || return 1
	done
	for deb in "$tmp"/split/*.deb; do
		dpkg-deb --fsys-tarfile "$deb" 2>/dev/null | tar -xf - -C "$tmp/split" \
			"./usr/lib/modules/$rel/vmlinuz" "./usr/lib/modules/$rel/config" 2>/dev/null
	done
	mv "$tmp/split/usr/lib/modules/$rel/vmlinuz" "$tmp/vmlinuz" 2>/dev/null &&
		mv "$tmp/split/usr/lib/modules/$rel/config" "$tmp/config" 2>/dev/null
}

# The modules the guests load (tests/kernel/test_attach_module.c), kept with
# their dependencies and loaded in this order: veth (no dependencies; BTF of
# its own, functions one netlink message reaches: fentry/fexit, CO-RE, __ksym),
# nf_conntrack (registers kfuncs: bpf_xdp_ct_lookup, bpf_ct_release) and the
# vsock loopback transport (its common part defines tracepoints, for tp_btf:
# virtio_transport_alloc_pkt, fired by a connect to VMADDR_CID_LOCAL; the
# bridge's are vmlinux's, net/core/net-traces.c). A module missing from a
# kernel's packages (libcrc32c is gone from 7.x: crc32c is built in) is
# simply not kept; crc32c_generic is no dependency libcrc32c names (a softdep:
# it asks for "crc32c" through modprobe, which the guests lack) but must come
# first; one whose dependency is not kept is dropped, and info's
# modules= says which were kept, each with its dependencies.
MODULES="veth crc32c_generic libcrc32c nf_defrag_ipv4 nf_defrag_ipv6 nf_conntrack"
MODULES+=" vsock vmw_vsock_virtio_transport_common vsock_loopback"

# Leaves TMP/modules/NAME.ko, uncompressed, for each of $MODULES the kernel
# has, from DEB or (7.x, split packages) from linux-modules-REL, and prints
# what info's modules= says ("veth() nf_conntrack(nf_defrag_ipv4,...) ...",
# "no .BTF" after a name without BTF), or "none (why)".
modules_files() { # TMP DEB REL ARCH
	local tmp=$1 deb=$2 rel=$3 arch=$4 f m pats=() kept=" " out="" dep deps ok
	mkdir -p "$tmp/mod" "$tmp/modules" || return 1
	for m in $MODULES; do pats+=("*/modules/$rel/kernel/*/$m.ko*"); done
	dpkg-deb --fsys-tarfile "$deb" 2>/dev/null | tar -xf - -C "$tmp/mod" --wildcards \
		"${pats[@]}" 2>/dev/null
	if [ -z "$(find "$tmp/mod" -name '*.ko*')" ] &&
		dpkg-deb -f "$deb" Depends | grep -q "linux-modules-$rel"; then
		mkdir -p "$tmp/modpkg" && download "$tmp/modpkg" "linux-modules-$rel" "$arch" >&2 &&
			dpkg-deb --fsys-tarfile "$tmp"/modpkg/*.deb 2>/dev/null | tar -xf - -C "$tmp/mod" \
				--wildcards "${pats[@]}" 2>/dev/null
		rm -rf "$tmp/modpkg"
	fi
	for m in $MODULES; do
		f=$(find "$tmp/mod" -name "$m.ko*" | head -n 1)
		case $f in
		'') continue ;;
		*.ko) mv "$f" "$tmp/modules/$m.ko" ;;
		*.ko.xz) xz -dc "$f" >"$tmp/modules/$m.ko" ;;
		*.ko.zst) zstd -dcq "$f" >"$tmp/modules/$m.ko" ;;
		*.ko.gz) gzip -dc "$f" >"$tmp/modules/$m.ko" ;;
		*) continue ;;
		esac
		# Loaded in $MODULES' order: each dependency must come earlier.
		deps=$(readelf -p .modinfo "$tmp/modules/$m.ko" 2>/dev/null |
			sed -n 's/.*depends=\(.*\)$/\1/p' | head -n 1)
		ok=1
		for dep in ${deps//,/ }; do
			case $kept in *" $dep "*) ;; *) ok=0 ;; esac
		done
		if [ $ok = 0 ]; then
			rm -f "$tmp/modules/$m.ko"
			out+="$m(needs:$deps) " && continue
		fi
		kept+="$m "
		out+="$m($deps)"
		# Kept without BTF too (5.10): there the test proves the load's error.
		readelf -S "$tmp/modules/$m.ko" 2>/dev/null | grep -q ' \.BTF ' || out+="[no .BTF]"
		out+=" "
	done
	rm -rf "$tmp/mod"
	[ "$kept" = " " ] && echo "none (no $MODULES in the packages)" && return 1
	echo "${out% }"
}

# Downloads one package, keeps vmlinuz + config + the modules, extracts the BTF.
fetch_one() {
	local id=$1 arch=$2 pin=$3 d=$CACHE/k/$1 tmp pkg rel ver fmt dec t0 t1 t2 size deb modules
	tmp=$CACHE/tmp.$id
	rm -rf "$tmp"
	mkdir -p "$tmp" || return 1
	t0=$(now)
	pkg=
	if [ -n "$(echo "$pin" | available "$arch")" ] && download "$tmp" "$pin" "$arch"; then
		pkg=$pin
	else
		# The pinned package left the index (or 404s): the same series instead.
		for p in $(choices "$pin" "$arch" | grep -vx "$pin"); do
			download "$tmp" "$p" "$arch" && pkg=$p && break
		done
	fi
	if [ -z "$pkg" ]; then
		if [ -z "$(choices "$pin" "$arch")" ]; then
			say "$id: FAILED: neither $pin:$arch nor any other ABI of its series is in the" \
				"package lists of $APTDIR/sources.list (a typo in $LIST, or gone from the mirror)"
		else
			say "$id: FAILED to download $pin or any other ABI of its series (see above)"
		fi
		rm -rf "$tmp"
		return 1
	fi
	[ "$pkg" = "$pin" ] ||
		say "$id: WARNING: pinned $pin is no longer available; using $pkg (update $LIST)"
	ver=$(candidate "$pkg" "$arch")
	deb=$(ls "$tmp"/*.deb)
	rel=$(release_of "$pkg")
	if ! boot_files "$tmp" "$deb" "$rel" "$arch"; then
		say "$id: FAILED: $pkg has no vmlinuz and config (neither in /boot nor in" \
			"linux-binary-$rel/linux-base-$rel under /usr/lib/modules/$rel)"
		rm -rf "$tmp"
		return 1
	fi
	modules=$(modules_files "$tmp" "$deb" "$rel" "$arch")
	t1=$(now)
	fmt=$("$BTFX" format "$tmp/vmlinuz")
	case $fmt in
	raw) dec="cat" ;;
	xz) dec="xz -dc" ;;
	lzma) dec="xz -dc --format=lzma" ;;
	lz4) dec="lz4 -dc" ;;
	zstd) dec="zstd -dcq" ;;
	gzip) dec="gzip -dc" ;;
	bzip2) dec="bzip2 -dc" ;;
	*)
		say "$id: FAILED: vmlinuz compressed with $fmt, which we do not decompress"
		rm -rf "$tmp"
		return 1
		;;
	esac
	if ! "$BTFX" payload "$tmp/vmlinuz" | $dec | "$BTFX" btf - "$tmp/vmlinux.btf" 2>"$tmp/btfx.log"; then
		say "$id: FAILED to extract BTF from vmlinuz-$rel ($fmt): $(cat "$tmp/btfx.log")"
		rm -rf "$tmp"
		return 1
	fi
	t2=$(now)
	size=$(stat -c %s "$tmp/vmlinux.btf")
	rm -rf "$d"
	mkdir -p "$d"
	mv "$tmp/vmlinuz" "$d/vmlinuz"
	mv "$tmp/config" "$d/config"
	mv "$tmp/vmlinux.btf" "$d/vmlinux.btf"
	[ -d "$tmp/modules" ] && mv "$tmp/modules" "$d/modules"
	cat >"$d/info" <<EOF
id=$id
arch=$arch
pinned=$pin
package=$pkg
version=$ver
release=$rel
compression=$fmt
modules_list=$MODULES
modules=$modules
deb_bytes=$(cat "$tmp"/*.deb "$tmp"/split/*.deb 2>/dev/null | wc -c)
btf_bytes=$size
download_s=$(secs "$t0" "$t1")
extract_s=$(secs "$t1" "$t2")
EOF
	rm -rf "$tmp"
	say "$id: $rel $arch ($pkg $ver): .deb $(($(grep deb_bytes "$d/info" | cut -d= -f2) / 1048576)) MiB" \
		"in $(secs "$t0" "$t1") s, vmlinuz ($fmt) + BTF ($size bytes) in $(secs "$t1" "$t2") s," \
		"modules: $modules"
}

kernels() { # the lines of the list, filtered by the ids given
	local id arch pkg want
	grep -vE '^[[:space:]]*(#|$)' "$LIST" | while read -r id arch pkg; do
		if [ $# -gt 0 ]; then
			for want in "$@"; do
				[ "$want" = "$id" ] && echo "$id $arch $pkg"
			done
		else
			echo "$id $arch $pkg"
		fi
	done
}

# Unpacks packages of another architecture into DIR; DIR/.packages records
# them, so a second call with the same list does nothing.
sysroot() {
	local arch=$1 dir=$2 tmp p
	shift 2
	if [ "$(cat "$dir/.packages" 2>/dev/null)" = "$arch $*" ]; then
		return 0
	fi
	apt_update
	tmp=$(mktemp -d)
	for p in "$@"; do
		download "$tmp" "$p" "$arch" || {
			rm -rf "$tmp"
			die "sysroot: cannot download $p:$arch"
		}
	done
	rm -rf "$dir"
	mkdir -p "$dir"
	for p in "$tmp"/*.deb; do
		dpkg-deb -x "$p" "$dir" || die "sysroot: cannot unpack $p"
	done
	rm -rf "$tmp"
	echo "$arch $*" >"$dir/.packages"
	say "sysroot $dir: $* ($arch)"
}

main() {
	local todo=() id arch pkg latest t0 failed=0 pids=() n
	[ -r "$LIST" ] || die "no kernel list at $LIST"
	case ${1:-} in
	--*) ;;
	*)
		for id in "$@"; do
			listed "$id" ||
				die "unknown kernel id $id; the ids are the first column of $LIST"
		done
		;;
	esac
	apt_setup
	if [ "${1:-}" = "--sysroot" ]; then
		[ $# -ge 4 ] || die "usage: $0 --sysroot ARCH DIR PKG..."
		shift
		id=sysroot
		sysroot "$@"
		return
	fi
	if [ "${1:-}" = "--latest" ]; then
		shift
		apt_update
		kernels "$@" | while read -r id arch pkg; do
			latest=$(series "$pkg" "$arch" | head -n 1)
			printf '%-20s %-6s %s%s\n' "$id" "$arch" "${latest:-NONE}" \
				"$([ "$latest" != "$pkg" ] && echo "   (pinned: $pkg)")"
		done
		return 0
	fi
	[ -x "$BTFX" ] || die "no BTF extractor at $BTFX (make build/matrix/btfx)"
	while read -r id arch pkg; do
		cached "$id" "$pkg" || todo+=("$id $arch $pkg")
	done < <(kernels "$@")
	[ ${#todo[@]} -eq 0 ] && return 0
	t0=$(now)
	apt_update
	for n in "${!todo[@]}"; do
		# shellcheck disable=SC2086
		fetch_one ${todo[$n]} &
		pids+=($!)
		if [ ${#pids[@]} -ge "$JOBS" ]; then
			wait "${pids[0]}" || failed=$((failed + 1))
			pids=("${pids[@]:1}")
		fi
	done
	for n in "${pids[@]}"; do
		wait "$n" || failed=$((failed + 1))
	done
	say "fetched ${#todo[@]} kernel(s) in $(secs "$t0" "$(now)") s; cache: $(du -sh "$CACHE/k" | cut -f1)"
	[ $failed -eq 0 ]
}

main "$@"
