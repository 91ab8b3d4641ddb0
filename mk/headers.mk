# make test-headers: our BPF-side headers (include/bpf/) against libbpf's.
#
# Every tests/progs/*.bpf.c is built with our headers and with libbpf's
# (Debian's libbpf-dev, used only here, as the reference), with clang 14 and
# clang 19, against the running kernel's vmlinux.h for this machine's
# architecture; the programs in HDR_MIN_PROGS are also built against
# tests/progs/vmlinux_min.h for x86 and arm64. llvm-objdump (LLVM 19) must
# show the same instructions, relocations and .BTF.ext CO-RE records for both
# header sets. See tests/headers/compare.sh. A program that uses what libbpf
# 1.1 lacks says "headers-test: ours-only" and is built with ours alone.

HDR_CLANGS ?= clang-14 /usr/lib/llvm-19/bin/clang
HDR_OBJDUMP ?= /usr/lib/llvm-19/bin/llvm-objdump
LIBBPF_HDR_DIR ?= /usr/include/bpf
HDR_MIN_PROGS := core_task core_bits kprobe_regs newer_macros
HDR_OUT := build/headers

DEPS_PKGS += clang-19 llvm-19 libbpf-dev
TEST_EXTRA += test-headers

.PHONY: test-headers
# bpf-headers (mk/progs.mk) makes the helper declarations and vmlinux.h. The
# reference include dir holds only a bpf/ link to libbpf's headers, so that
# nothing else under /usr/include shadows or joins it.
test-headers: bpf-headers
	@mkdir -p $(HDR_OUT)/libbpf $(HDR_OUT)/min
	@ln -sfn $(LIBBPF_HDR_DIR) $(HDR_OUT)/libbpf/bpf
	@cp $(VMLINUX_MIN_H) $(HDR_OUT)/min/vmlinux.h
	@OUT=$(HDR_OUT) OBJDUMP=$(HDR_OBJDUMP) CLANGS="$(HDR_CLANGS)" \
		OURS_INC=include REF_INC=$(HDR_OUT)/libbpf \
		VARIANTS="vmlinux-$(BPF_TARGET_ARCH):$(BPF_TARGET_ARCH):build/include" \
		MIN_PROGS="$(HDR_MIN_PROGS)" \
		MIN_VARIANTS="min-x86:x86:$(HDR_OUT)/min min-arm64:arm64:$(HDR_OUT)/min" \
		EXTRA_INC="-I/usr/include/$(ARCH)-linux-gnu" \
		sh tests/headers/compare.sh $(PROG_SRCS)
