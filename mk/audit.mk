# Audit (issue 15): `make test-syscalls` runs tests/syscalls.sh, --syscalls'
# decoded stream against strace on the running kernel (root; take the kernel
# lock). The decoder's unit test is tests/unit/test_sys_trace.c (make check).
TEST_EXTRA += test-syscalls
DEPS_PKGS += strace

.PHONY: test-syscalls
test-syscalls: $(B)/barebpf progs
	@tests/syscalls.sh $(B)/barebpf build/progs
