#!/bin/sh
# The layering rules of docs/ARCHITECTURE.md ("What make lint enforces"), plus
# clang-format on the C sources.
status=0
fail() { echo "lint: $*"; status=1; }

hits=$(grep -nE '\b(syscall|ioctl|mmap|munmap|perf_event_open|setrlimit|getrlimit)\(' btf/*.c loader/*/*.c tools/*.c tools/trace/*.c 2>/dev/null |
	grep -v '^loader/sys/' | grep -vE ':[0-9]+:\s*(\*|//)')
[ -n "$hits" ] && fail "syscalls outside loader/sys/:
$hits"
hits=$(grep -nE '\brealloc\(' btf/*.c loader/*/*.c 2>/dev/null | grep -vE ':[0-9]+:\s*(\*|//)')
[ -n "$hits" ] && fail "arrays and buffers grow only through bbpf__grow() (include/internal/mem.h):
$hits"
hits=$(grep -n 'socket(AF_NETLINK' loader/*/*.c tools/*.c 2>/dev/null | grep -v '^loader/sys/')
[ -n "$hits" ] && fail "netlink sockets outside loader/sys/:
$hits"
hits=$(grep -nE '#include [<"](gelf\.h|libelf\.h)' loader/sys/*.[ch] loader/kernel/*.[ch] loader/attach/*.[ch] loader/events/*.[ch] 2>/dev/null)
[ -n "$hits" ] && fail "libelf belongs to loader/elf/ and the open phase:
$hits"
hits=$(grep -nE '#include "(obj|load)/' loader/attach/*.[ch] loader/events/*.[ch] 2>/dev/null)
[ -n "$hits" ] && fail "attach/ and events/ reach objects only through public getters:
$hits"
hits=$(grep -nE '#include "(load|attach|events)/' loader/obj/*.[ch] loader/elf/*.[ch] 2>/dev/null)
[ -n "$hits" ] && fail "the open phase (elf/, obj/) must not depend on the kernel side:
$hits"
hits=$(grep -nE '#include [<"](gelf\.h|libelf\.h|loader/|\.\./loader/|barebpf/sys\.h)' btf/*.[ch] 2>/dev/null)
[ -n "$hits" ] && fail "btf/ must not use libelf, loader/ or sys.h:
$hits"
hits=$(grep -nE '#include [<"](internal/|(\.\./)+(btf|loader)/)' tools/*.[ch] tools/trace/*.[ch] 2>/dev/null)
[ -n "$hits" ] && fail "tools/ may include only include/barebpf/*.h:
$hits"
hits=$(grep -nlE '#include [<"]bpf/(libbpf|bpf|btf)\.h' btf/*.[ch] loader/*/*.[ch] tools/*.[ch] include/barebpf/*.h 2>/dev/null)
[ -n "$hits" ] && fail "product code must not use libbpf: $hits"
if command -v clang-format >/dev/null; then
	files=$(ls btf/*.[ch] loader/*/*.[ch] tools/*.[ch] tools/trace/*.[ch] include/barebpf/*.h include/internal/*.h 2>/dev/null)
	[ -n "$files" ] && { clang-format --dry-run -Werror $files || status=1; }
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
