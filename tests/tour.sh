#!/bin/bash
# The outputs of docs/HOW-LOADING-WORKS.md, the guided tour (issue 15), run again
# and compared with the document, so that the tour never drifts from the code.
#
# The document marks each output block:
#   <!-- tour: COMMAND -->          pure: the same on any machine
#   <!-- tour kernel: COMMAND -->   asks the running kernel (root)
#   ```text
#   $ COMMAND
#   ...its stdout and stderr...
#   ```
#   <!-- /tour -->
# COMMAND is a shell line run from the repository's root, where `barebpf` is
# BAREBPF. A `barebpf ... run ...` is started in the background; once it says
# "attached", a copy of /bin/true named tour-trigger is run twice (the tour's
# program reports the execs of that name) and the command is waited for.
# What varies by run is normalized: times "(T ms)", kernel ids "id N",
# addresses "0xADDR", the trigger's "pid=PID" (its "ppid=" must be this
# script: "ppid=SCRIPT"). File descriptors do not vary: the commands run with
# none open above 2.
#
# Usage: tests/tour.sh BAREBPF [--write]
#   check (default): one PASS/FAIL/SKIP line per block, then
#   "tour: N passed, N failed". A kernel block that differs while the kernel
#   is not the one the document was made on (its `uname -r` block) is a SKIP,
#   not a failure; without root, kernel blocks are skipped.
#   --write: rewrite the document's blocks (make tour-doc).
bb=$(realpath "$1")
mode=${2:-check}
doc=docs/HOW-LOADING-WORKS.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp /bin/true "$tmp/tour-trigger"
passed=0
failed=0

# barebpf ARGS: the binary under test; `run` gets its two execs to report.
barebpf() {
	local a
	for a in "$@"; do
		[ "$a" = run ] && break
	done
	if [ "$a" != run ]; then
		"$bb" "$@"
		return
	fi
	"$bb" "$@" >"$tmp/run.out" 2>&1 &
	local pid=$! i
	for i in $(seq 100); do
		grep -q 'attached' "$tmp/run.out" && break
		sleep 0.1
	done
	"$tmp/tour-trigger"
	"$tmp/tour-trigger"
	wait $pid
	local rc=$?
	sed "s/ppid=$BASHPID\b/ppid=SCRIPT/" "$tmp/run.out"
	return $rc
}

# run_block CMD: CMD's output, normalized, as the document shows it
run_block() {
	local fd
	(
		for fd in $(ls /proc/$BASHPID/fd); do
			[ "$fd" -gt 2 ] && eval "exec $fd>&-"
		done
		eval "$1"
	) 2>&1 </dev/null | sed -E \
		-e 's/\([0-9]+\.[0-9]+ ms\)/(T ms)/g' \
		-e 's/\bid [0-9]+/id N/g' \
		-e 's/0x[0-9a-f]{9,}/0xADDR/g' \
		-e 's/\{pid=[0-9]+/{pid=PID/'
}

# The document with every block run again, to stdout.
regen() {
	local line cmd skip=0
	while IFS= read -r line; do
		if [ $skip = 1 ]; then
			[ "$line" = "<!-- /tour -->" ] || continue
			skip=0
		fi
		printf '%s\n' "$line"
		case "$line" in
		'<!-- tour: '*' -->' | '<!-- tour kernel: '*' -->')
			cmd=${line#<!-- tour*: }
			cmd=${cmd% -->}
			if [[ $line == '<!-- tour kernel:'* && $(id -u) != 0 ]]; then
				# not root: keep the document's block
				skip=2
				continue
			fi
			printf '```text\n$ %s\n' "$cmd"
			run_block "$cmd"
			printf '```\n'
			skip=1
			;;
		esac
		if [ $skip = 2 ]; then skip=0; fi
	done <"$doc"
}

# blocks FILE DIR: each block of FILE into DIR/N (its marker line first)
blocks() {
	mkdir -p "$2"
	awk -v d="$2" '/^<!-- tour( kernel)?: / { n++; f = d "/" n }
		f { print > f } /^<!-- \/tour -->$/ { f = "" }' "$1"
}

regen >"$tmp/new.md"
if [ "$mode" = --write ]; then
	cp "$tmp/new.md" "$doc"
	echo "tour: $doc rewritten ($(grep -c '^<!-- /tour -->$' "$doc") blocks)"
	exit 0
fi

blocks "$doc" "$tmp/old"
blocks "$tmp/new.md" "$tmp/new"
made_on=$(sed -n '/^<!-- tour kernel: uname -r -->$/,/^<!-- \/tour -->$/p' "$doc" | sed -n 4p)
for f in $(ls "$tmp/old" | sort -n); do
	head=$(head -1 "$tmp/old/$f")
	name="block $f (${head#<!-- })"
	name=${name% -->}
	if cmp -s "$tmp/old/$f" "$tmp/new/$f"; then
		echo "PASS $name"
		passed=$((passed + 1))
	elif [[ $head == '<!-- tour kernel:'* && $(id -u) != 0 ]]; then
		echo "SKIP $name: not root"
	elif [[ $head == '<!-- tour kernel:'* && $(uname -r) != "$made_on" ]]; then
		echo "SKIP $name: made on kernel $made_on, this is $(uname -r)"
	else
		echo "FAIL $name: differs (make tour-doc rewrites it):"
		diff "$tmp/old/$f" "$tmp/new/$f" | head -20 | sed 's/^/  /'
		failed=$((failed + 1))
	fi
done
[ "$(ls "$tmp/old" | wc -l)" = "$(ls "$tmp/new" | wc -l)" ] || {
	echo "FAIL: block count changed"
	failed=$((failed + 1))
}
echo "tour: $passed passed, $failed failed"
[ $failed = 0 ]
