# What barebpf asks of the kernel, made visible (issue 15; read after static.mk,
# whose variables the static link rule below uses): `make test-syscalls` runs tests/syscalls.sh, --syscalls'
# decoded stream against strace on the running kernel (root; take the kernel
# lock). The decoder's unit test is tests/unit/test_sys_trace.c (make check).
TEST_EXTRA += test-syscalls
DEPS_PKGS += strace

.PHONY: test-syscalls
test-syscalls: $(B)/barebpf progs
	@tests/syscalls.sh $(B)/barebpf build/progs

# `barebpf obj dump`: tests/obj_dump.sh (llvm-objdump's bytes, errors; as root the
# kernel's xlated dump through bpftool). Its disassembler's unit test links it.
TEST_EXTRA += test-obj-dump

.PHONY: test-obj-dump
test-obj-dump: $(B)/barebpf progs
	@tests/obj_dump.sh $(B)/barebpf build/progs

$(B)/tests/unit/test_disasm: $(B)/obj/tools/disasm.o

# static.mk's unit-test rule links a fixed list: this test needs the disassembler too.
$(SB)/tests/unit/test_disasm: $(SB)/obj/tests/unit/test_disasm.o $(SB)/obj/tools/disasm.o \
		$(STATIC_HELPER_OBJS) $(STATIC_FAKE_OBJS) $(SB)/libbarebpf-nosys.a $(CMOCKA_A) \
		$(STATIC_COMPAT_OBJS)
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $(filter %.o,$^) $(filter %.a,$^) \
		$(STATIC_LDLIBS) -o $@

# The annotated verifier log: tests/vlog.sh on tests/progs/verifier_reject.bpf.c (root).
TEST_EXTRA += test-vlog

.PHONY: test-vlog
test-vlog: $(B)/barebpf progs
	@tests/vlog.sh $(B)/barebpf build/progs
