#!/bin/sh
# Layering checks of STYLE.md B1/B9, plus clang-format on the C sources.
status=0
fail() { echo "lint: $*"; status=1; }

hits=$(grep -nE '\b(syscall|ioctl|mmap|munmap|perf_event_open)\(' btf/*.c loader/*.c tools/*.c 2>/dev/null |
	grep -v '^loader/sys\.c:' | grep -vE ':[0-9]+:\s*(\*|//)')
[ -n "$hits" ] && fail "syscalls outside loader/sys.c:
$hits"
hits=$(grep -n 'socket(AF_NETLINK' loader/*.c tools/*.c 2>/dev/null | grep -v '^loader/netlink\.c:')
[ -n "$hits" ] && fail "netlink sockets outside loader/netlink.c:
$hits"
hits=$(grep -nE '#include [<"](gelf\.h|libelf\.h|loader/|\.\./loader/|barebpf/sys\.h)' btf/*.[ch] 2>/dev/null)
[ -n "$hits" ] && fail "btf/ must not use libelf, loader/ or sys.h:
$hits"
hits=$(grep -nE '#include [<"](internal/|\.\./(btf|loader)/)' tools/*.[ch] 2>/dev/null)
[ -n "$hits" ] && fail "tools/ may include only include/barebpf/*.h:
$hits"
hits=$(grep -nlE '#include [<"]bpf/(libbpf|bpf|btf)\.h' btf/*.[ch] loader/*.[ch] tools/*.[ch] include/barebpf/*.h 2>/dev/null)
[ -n "$hits" ] && fail "product code must not use libbpf: $hits"
if command -v clang-format >/dev/null; then
	files=$(ls btf/*.[ch] loader/*.[ch] tools/*.[ch] include/barebpf/*.h include/internal/*.h 2>/dev/null)
	[ -n "$files" ] && { clang-format --dry-run -Werror $files || status=1; }
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
