#!/bin/sh
# libbpf as the oracle of `barebpf load` (a test, never part of barebpf).
# For each object: load it with barebpf (--pin-dir) and with
# `bpftool prog loadall OBJ DIR pinmaps DIR/maps`, then compare
#   programs  `bpftool prog dump xlated` of each pinned program, with map ids
#             and kernel addresses normalised: must be identical;
#   maps      type, key/value size, max_entries, flags of each pinned map;
#   map_ids   the names of the maps each program holds (its map_ids, which
#             include maps bound with BPF_PROG_BIND_MAP, such as .rodata).
# An object that neither loads is skipped (said so); one that only one
# loader can load is a failure. Closing line: "load: N passed, N failed".
# Objects libbpf cannot open (bpftool here links libbpf 1.1: no legacy `maps`
# section, no static programs) are skipped with its message. Known
# differences (LOAD_KNOWN, object base names) are listed, not counted:
#   core_task    .rodata of static variables only: barebpf follows newer
#                libbpf (mmapable only when a variable is exposed), 1.1 sets
#                BPF_F_MMAPABLE on every .rodata
#   attach_net   SEC("tcx/ingress") is libbpf 1.3's: 1.1 opens the object
#                but refuses to load a program of unknown type
#   attach_multi, run_multi  SEC("uprobe.multi"), SEC("kprobe.session") are
#                libbpf 1.3's and 1.5's: 1.1 refuses to load them
#   (any)        on a kernel without the kprobe PMU, an object reading
#                LINUX_HAS_SYSCALL_WRAPPER: libbpf finds out by creating a
#                kprobe on __<arch>_sys_bpf, which fails there, so it says 0;
#                barebpf reads kallsyms, which has the wrapper, so it says 1
#                (the ksyscall programs then read their arguments through
#                the wrapper's pt_regs, as the kernel calls them)
# bpftool's loadall (libbpf 1.1) fails on an object with a program not loaded by
# default (SEC("?...")): it tries to pin that one too. Such objects (the tour's)
# are skipped with that reason.
# Objects with externs are compared like any other: ksym addresses and kfunc
# BTF ids are the same for both loaders on one kernel, so the address
# normalisation above (for map pointers) is all they need. An object whose
# typed data ksym has no kallsyms address (CONFIG_KALLSYMS_ALL off) loads with
# neither loader and is skipped.
# Usage: tests/load_oracle.sh BAREBPF OBJ...
bb=$1
shift
root=/sys/fs/bpf/bbpf_oracle_$$
passed=0
failed=0
known=0
LOAD_KNOWN=${LOAD_KNOWN-"core_task attach_net attach_multi run_multi"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$root"' EXIT
mount | grep -q ' /sys/fs/bpf ' || mount -t bpf bpf /sys/fs/bpf

# xlated text with map ids and addresses made comparable
norm() {
	sed -e 's/map\[id:[0-9]*\]/map[id:N]/g' -e 's/0x[0-9a-f]\{12,16\}/ADDR/g' \
	    -e 's/^ *[0-9]*: //'
}

mapinfo() {
	j=$(bpftool -j map show pinned "$1" 2>/dev/null)
	for k in type bytes_key bytes_value max_entries flags; do
		echo "$j" | grep -o "\"$k\":[^,}]*"
	done | tr '\n' ' '
}

# the kernel names of the maps pinned program $1 holds, sorted
prog_maps() {
	for id in $(bpftool -j prog show pinned "$1" 2>/dev/null |
		grep -o '"map_ids":\[[0-9,]*\]' | grep -o '[0-9][0-9]*'); do
		bpftool -j map show id "$id" 2>/dev/null | grep -o '"name":"[^"]*"'
	done | sort | tr '\n' ' '
}

cmp_obj() { # $1 object, $2 barebpf dir, $3 libbpf dir; prints differences
	bad=0
	for p in "$2"/progs/*; do
		n=$(basename "$p")
		bpftool prog dump xlated pinned "$p" | norm >"$tmp/bb"
		if ! bpftool prog dump xlated pinned "$3/$n" 2>/dev/null | norm >"$tmp/lb"; then
			echo "  prog $n: not loaded by libbpf"; bad=1; continue
		fi
		cmp -s "$tmp/bb" "$tmp/lb" || { echo "  prog $n: xlated differs"; \
			diff "$tmp/lb" "$tmp/bb" | head -6; bad=1; }
		a=$(prog_maps "$p")
		b=$(prog_maps "$3/$n")
		[ "$a" = "$b" ] || { echo "  prog $n: map_ids: barebpf [$a] libbpf [$b]"; bad=1; }
	done
	for m in "$2"/maps/*; do
		n=$(basename "$m")
		if [ ! -e "$3/maps/$n" ]; then
			echo "  map $n: not compared (bpftool cannot pinmaps an object that pins by name)"
			continue
		fi
		a=$(mapinfo "$m")
		b=$(mapinfo "$3/maps/$n")
		[ "$a" = "$b" ] || { echo "  map $n: barebpf [$a] libbpf [$b]"; bad=1; }
	done
	return $bad
}

i=0
for obj in "$@"; do
	i=$((i + 1))
	mkdir -p "$root"
	ls /sys/fs/bpf >"$tmp/before"
	if [ ! -r "$obj" ]; then
		echo "FAIL $obj: missing"; failed=$((failed + 1)); continue
	fi
	"$bb" load "$obj" --pin-dir "$root/bb$i" >/dev/null 2>"$tmp/bberr"
	rb=$?
	bpftool prog loadall "$obj" "$root/lb$i" pinmaps "$root/lb$i/maps" >/dev/null 2>"$tmp/lberr"
	rl=$?
	if [ $rl -ne 0 ] && grep -q "already has pin path" "$tmp/lberr"; then
		rm -rf "$root/lb$i"
		bpftool prog loadall "$obj" "$root/lb$i" >/dev/null 2>"$tmp/lberr"
		rl=$?
	fi
	base=$(basename "$obj" .bpf.o)
	if echo " $LOAD_KNOWN " | grep -q " $base "; then
		r=ok; [ $rb -eq 0 ] && [ $rl -eq 0 ] && cmp_obj "$obj" "$root/bb$i" "$root/lb$i" >/dev/null || r=differs
		echo "KNOWN $obj: $r (see the header of this script)"
		known=$((known + 1))
	elif [ $rb -ne 0 ] && [ $rl -ne 0 ]; then
		echo "SKIP $obj: neither loader loads it here"
	elif [ $rl -ne 0 ] && grep -q "failed to open object" "$tmp/lberr"; then
		echo "SKIP $obj: libbpf cannot open it: $(grep -m1 libbpf: "$tmp/lberr")"
	elif [ $rb -eq 0 ] && grep -q "can't pin program that wasn't loaded" "$tmp/lberr"; then
		echo "SKIP $obj: bpftool (libbpf 1.1) cannot pin it: a SEC(\"?...\") program is not loaded"
	elif [ $rb -ne 0 ] || [ $rl -ne 0 ]; then
		echo "FAIL $obj: barebpf rc=$rb, libbpf rc=$rl"; tail -3 "$tmp/bberr"
		failed=$((failed + 1))
	elif cmp_obj "$obj" "$root/bb$i" "$root/lb$i" >"$tmp/cmp"; then
		cat "$tmp/cmp"
		echo "PASS $obj"
		passed=$((passed + 1))
	elif [ ! -e /sys/bus/event_source/devices/kprobe ] &&
	    grep -aq LINUX_HAS_SYSCALL_WRAPPER "$obj"; then
		echo "KNOWN $obj: differs: LINUX_HAS_SYSCALL_WRAPPER without kprobes (see the header)"
		known=$((known + 1))
	else
		cat "$tmp/cmp"
		echo "FAIL $obj"
		failed=$((failed + 1))
	fi
	rm -rf "$root/bb$i" "$root/lb$i"
	# maps pinned by name (both loaders use /sys/fs/bpf): remove the new ones
	ls /sys/fs/bpf >"$tmp/after"
	for f in $(comm -13 "$tmp/before" "$tmp/after"); do
		[ -f "/sys/fs/bpf/$f" ] && rm -f "/sys/fs/bpf/$f"
	done
done
[ $known -gt 0 ] && echo "load: $known known difference(s) not counted"
echo "load: $passed passed, $failed failed"
[ $failed -eq 0 ]
