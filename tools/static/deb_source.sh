#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Usage: tools/static/deb_source.sh PACKAGE=VERSION DIR
# Unpacks Debian's source package PACKAGE at VERSION, with Debian's patches
# applied, into DIR. The download is cached in $BBPF_CACHE (default
# ~/.cache/barebpf) so that later builds, and `make clean`, need no network.
# apt is run with a private configuration (a deb-src list made from the
# system's mirrors, private lists and cache directories); /etc/apt is only read.
set -eu
spec=$1
out=$2
pkg=${spec%%=*}
ver=${spec#*=}
cache=${BBPF_CACHE:-${HOME:-/tmp}/.cache/barebpf}/deb-src/${pkg}_$ver
dsc=${pkg}_${ver#*:}.dsc

if [ ! -f "$cache/$dsc" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/dl"
	# deb-src lines for every "deb" source of the system, deb822 or one-line.
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk 'function flush(nu, u, ns, s, i, j) {
				nu = split(uris, u, " ")
				ns = split(suites, s, " ")
				for (i = 1; deb && !off && i <= nu; i++)
					for (j = 1; j <= ns; j++)
						print "deb-src " key u[i] " " s[j] comps
				deb = 0; off = 0; uris = ""; suites = ""; comps = ""; key = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^Types:/ { deb = ($0 ~ /[ \t]deb([ \t]|$)/) }
			/^URIs:/ { sub(/^URIs:/, ""); uris = $0 }
			/^Suites:/ { sub(/^Suites:/, ""); suites = $0 }
			/^Components:/ { sub(/^Components:/, ""); comps = $0 }
			/^Enabled:/ { off = ($2 == "no") }
			/^Signed-By:/ { key = "[signed-by=" $2 "] " }
			END { flush() }' "$f"
		done
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			if [ -f "$f" ]; then sed -n 's/^deb[ \t]/deb-src /p' "$f"; fi
		done
	} >"$tmp/sources.list"
	if [ ! -s "$tmp/sources.list" ]; then
		echo "deb_source: no Debian mirror found in /etc/apt" >&2
		exit 1
	fi
	apt="apt-get -qq -o Dir::Etc::SourceList=$tmp/sources.list
		-o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists=$tmp/lists
		-o Dir::Cache=$tmp/cache -o APT::Sandbox::User=$(id -un)"
	# apt checks the files against the signed Sources index. A network
	# hiccup is retried once; a version gone from the mirror fails twice.
	fetch() {
		$apt update >"$tmp/log" 2>&1 &&
			(cd "$tmp/dl" && $apt source --download-only "$pkg=$ver") >"$tmp/log" 2>&1
	}
	if ! fetch; then
		echo "deb_source: $pkg=$ver: $(grep -m 1 '^E:' "$tmp/log" || tail -n 1 "$tmp/log");" \
			"retrying once in 5 s" >&2
		sleep 5
		rm -rf "$tmp/dl" && mkdir -p "$tmp/dl"
		fetch || { cat "$tmp/log" >&2; exit 1; }
	fi
	mkdir -p "$(dirname "$cache")"
	rm -rf "$cache.new"
	mv "$tmp/dl" "$cache.new"
	mv "$cache.new" "$cache"
fi

rm -rf "$out"
mkdir -p "$(dirname "$out")"
# dpkg-source checks the sizes and hashes in the .dsc and applies the patches;
# the .dsc signature cannot be checked without debian-keyring, and apt has
# already verified the download through the archive's signed index.
dpkg-source -x "$cache/$dsc" "$out" >"$out.log" 2>&1 || { cat "$out.log" >&2; exit 1; }
