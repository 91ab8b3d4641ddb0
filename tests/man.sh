#!/bin/sh
# barebpf(8) (issue 15) against the CLI it documents. The page is made by
# `barebpf help --man` from the texts --help prints (tools/man.c); here:
#  - groff reads it without a warning;
#  - every command and subcommand of the command table (as `barebpf help`
#    lists it) has its section, and the `--help` text of each command without
#    subcommands is in the page verbatim;
#  - every option the CLI parses is in the page. The options are read from the
#    parsers, not from a list kept here: getopt's long options and short
#    letters in tools/main.c, the flags of tools/args.h, every string literal
#    of tools/ that is a whole option ("--pin-dir", "-v"), and the keys of
#    `init` (is_key() in tools/init_opts.c, given as --KEY).
# Closing line: "man: N passed, N failed".
# Usage: tests/man.sh BAREBPF PAGE
bb=$1
page=$2
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# the page as its reader sees the characters: roff escapes undone
sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g' "$page" >"$tmp/text"
tr '\n' '\001' <"$tmp/text" >"$tmp/flat"

if groff -man -ww -z "$page" 2>"$tmp/groff" && [ ! -s "$tmp/groff" ]; then
	pass
	echo "PASS groff reads $page without a warning"
else
	fail "groff: $(head -3 "$tmp/groff")"
fi

# commands: "  name  summary" and "    sub  summary" lines of the overview
"$bb" help | awk '/^Commands/ { on = 1; next } on && /^  [a-z]/ { top = $1; print top }
	on && /^    [a-z]/ { print top " " $1 } /^$/ { on = 0 }' >"$tmp/cmds"
n=0
while read -r cmd; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	"$bb" help $cmd >"$tmp/usage" 2>&1
	if ! grep -qxF ".SS \"$cmd\"" "$tmp/text"; then
		fail "'$cmd': no section"
	elif grep -q "^$cmd " "$tmp/cmds"; then
		pass # a command with subcommands: each of them is checked
	elif ! grep -qF "$(tr '\n' '\001' <"$tmp/usage")" "$tmp/flat"; then
		fail "'$cmd': its --help text is not in the page"
	else
		pass
	fi
done <"$tmp/cmds"
echo "checked: $n commands and subcommands, each with its section and (leaves) its --help text"

# options, from the parsers
{
	sed -n '/struct option opts\[\]/,/};/s/.*{ "\([a-z-]*\)".*/--\1/p' tools/main.c
	sed -n 's/.*getopt_long([^"]*"+\{0,1\}\([a-zA-Z]*\)".*/\1/p' tools/main.c |
		fold -w1 | sed 's/^/-/'
	grep -oh '"--\{0,1\}[a-z][a-z0-9-]*"' tools/args.h
	grep -oh '"--\{0,1\}[a-z][a-z0-9-]*"' tools/*.c tools/trace/*.c
	grep -oh 'is_key(key, "[a-z_]*")' tools/init_opts.c |
		sed 's/.*"\(.*\)".*/--\1/' | tr _ -
} | tr -d '"' | grep -v '^-\{0,2\}$' | sort -u >"$tmp/opts"
n=0
missing=""
for o in $(cat "$tmp/opts"); do
	n=$((n + 1))
	grep -qE -- "(^|[^a-z0-9-])$o([^a-z0-9-]|\$)" "$tmp/text" || missing="$missing $o"
done
if [ -z "$missing" ] && [ $n -gt 40 ]; then
	pass
	echo "PASS every one of the $n options the CLI parses is in the page"
else
	fail "options not in the page:$missing (of $n)"
fi
echo "man: $passed passed, $failed failed"
[ $failed = 0 ]
