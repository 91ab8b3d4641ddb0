# BTF as C (btf/btf_dump_c.c): the vmlinux.h check.
#
#   make test-vmlinux-h   dump the kernel's BTF (and every kernel BTF under
#                         ~/.cache/barebpf-kernels) as C, compile each header with
#                         clang-14 and clang-19 together with static assertions on
#                         every struct's layout, and build tests/progs/*.bpf.c
#                         against it; also the unit cases' headers. Closes with
#                         "vmlinux-h: N passed, N failed".

TEST_EXTRA += test-vmlinux-h
DEPS_PKGS += clang-14 clang-19 bpftool

VMLINUX_H_BTFS := $(wildcard /sys/kernel/btf/vmlinux) \
		  $(sort $(shell find $(HOME)/.cache/barebpf-kernels -name '*.btf' 2>/dev/null))
VMLINUX_H_OUT := $(B)/vmlinux-h
VMLINUX_H_UNIT := $(B)/tests/unit/test_btf_dump_c

# The CLI does the dump once tools/cmd_btf.c calls bbpf_btf_dump_c(); until
# then a small driver of ours does.
ifneq ($(shell grep -l bbpf_btf_dump_c tools/cmd_btf.c 2>/dev/null),)
VMLINUX_H_DUMP := $(B)/barebpf btf dump --format c
VMLINUX_H_DEPS := $(B)/barebpf
else
VMLINUX_H_DUMP := $(B)/tests/vmlinux_h/dump_c
VMLINUX_H_DEPS := $(B)/barebpf $(B)/tests/vmlinux_h/dump_c
endif

.PHONY: test-vmlinux-h

$(B)/tests/vmlinux_h/dump_c: $(B)/obj/tests/vmlinux_h/dump_c.o $(B)/libbarebpf.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ $(LDLIBS) -o $@

test-vmlinux-h: $(VMLINUX_H_DEPS) $(VMLINUX_H_UNIT) include/bpf/bpf_helper_defs.h
	@DUMP_C="$(VMLINUX_H_DUMP)" BAREBPF=$(B)/barebpf UNIT_BIN=$(VMLINUX_H_UNIT) \
		tests/vmlinux_h/check.sh $(VMLINUX_H_OUT) $(VMLINUX_H_BTFS)

# Seeds of the dumper/sanitizer/writer fuzzer (tests/fuzz/fuzz_btf_out.c,
# built and run by mk/fuzz.mk): the BTF fuzzer's and tests/fuzz/corpus/btf_out/
# (the unit cases of test_btf_dump_c), each twice, because the first byte of an
# input picks the kernel features: 0xff all, 0x00 none.
FUZZ_SEEDS_btf_out = for f in tests/fuzz/corpus/btf/* tests/fuzz/corpus/btf_out/*; do \
		{ printf '\377'; cat "$$f"; } >$(2)/$$(basename "$$f") && \
		{ printf '\000'; cat "$$f"; } >$(2)/$$(basename "$$f").none; \
	done
