# Turns `barebpf btf dump FILE` (bpftool's raw format) into C11 static
# assertions on the layout of every struct and union whose name is unique
# among tags (a repeated name gets a ___N suffix in the header, in an order
# this script does not know): its size, and the byte offset of each named,
# byte-aligned, non-bit-field member. Compiled after the generated header,
# they prove that the header lays types out exactly as the BTF says.
# Usage: awk -f layout.awk RAW RAW   (the same file twice: names are counted first)
function tag(kind) { return kind == "UNION" ? "union" : "struct" }
function unq(s) { gsub(/'/, "", s); return s }
NR == FNR {
	if ($2 ~ /^(STRUCT|UNION|ENUM|ENUM64)$/ && $3 != "'(anon)'")
		seen[unq($3)]++
	next
}
/^\[/ {
	cur = ""
	if ($2 != "STRUCT" && $2 != "UNION")
		next
	name = unq($3)
	if (name == "(anon)" || seen[name] != 1)
		next
	cur = tag($2) " " name
	size = $4; sub(/size=/, "", size)
	printf "_Static_assert(sizeof(%s) == %s, \"%s\");\n", cur, size, cur
	next
}
cur != "" && /^\t'/ {
	m = unq($1)
	if (m == "(anon)" || $0 ~ /bitfield_size=/)
		next
	off = $3; sub(/bits_offset=/, "", off)
	if (off % 8)
		next
	printf "_Static_assert(__builtin_offsetof(%s, %s) == %d, \"%s.%s\");\n", cur, m, off / 8, cur, m
}
