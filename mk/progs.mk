# BPF programs: every tests/progs/*.bpf.c becomes build/progs/<name>.bpf.o,
# compiled with clang -target bpf against our own headers (include/bpf/).
# Kernel tests depend on them through KERNEL_TEST_DEPS.
#
# Generated inputs, made before any BPF object (BPF_GEN_HDRS):
# - include/bpf/bpf_helper_defs.h, by tools/gen_helper_defs.c (built with the
#   host compiler) from the system's UAPI <linux/bpf.h>;
# - build/include/vmlinux.h, the running kernel's types, dumped from its BTF by
#   our own `barebpf btf dump --format c`. Without BTF it falls back to
#   tests/progs/vmlinux_min.h, the few types our programs use.

BPF_CLANG ?= clang
HOSTCC ?= gcc
BPF_UAPI_HDR ?= /usr/include/linux/bpf.h
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux

BPF_ARCH_x86_64 := x86
BPF_ARCH_aarch64 := arm64
BPF_TARGET_ARCH := $(BPF_ARCH_$(ARCH))
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_$(BPF_TARGET_ARCH) -Wall -Werror \
	      -Iinclude -Ibuild/include -I/usr/include/$(ARCH)-linux-gnu

GEN_HELPER_DEFS := build/tools/gen_helper_defs
BPF_HELPER_DEFS := include/bpf/bpf_helper_defs.h
VMLINUX_H := build/include/vmlinux.h
VMLINUX_MIN_H := tests/progs/vmlinux_min.h
BPF_GEN_HDRS := $(BPF_HELPER_DEFS) $(VMLINUX_H)
BPF_HDRS := $(filter-out $(BPF_HELPER_DEFS),$(wildcard include/bpf/*.h)) $(BPF_GEN_HDRS)

PROG_SRCS := $(sort $(wildcard tests/progs/*.bpf.c))
PROG_OBJS := $(PROG_SRCS:tests/progs/%.c=build/progs/%.o)
KERNEL_TEST_DEPS += $(PROG_OBJS)
DEPS_PKGS += clang-14 bpftool

.PHONY: progs bpf-headers
progs: $(PROG_OBJS)
bpf-headers: $(BPF_GEN_HDRS)

$(GEN_HELPER_DEFS): tools/gen_helper_defs.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror $< -o $@

# Generated files are written to a temporary name first (one per make
# process: several may run in the tree at once), so none is ever seen half made.
$(BPF_HELPER_DEFS): $(GEN_HELPER_DEFS) $(BPF_UAPI_HDR)
	@echo "  GEN     $@ (from $(BPF_UAPI_HDR))"
	@tmp=$@.$$$$.tmp; $(GEN_HELPER_DEFS) $(BPF_UAPI_HDR) > $$tmp && mv $$tmp $@ || \
		{ rm -f $$tmp; exit 1; }

# make install copies include/bpf/*.h: the generated one must exist by then.
install: $(BPF_HELPER_DEFS)

# Remade when the kernel's BTF is newer (after a reboot into another kernel).
# The fallback copy is dated 1970, so that the next make tries bpftool again.
$(VMLINUX_H): $(wildcard $(VMLINUX_BTF)) $(VMLINUX_MIN_H) btf/btf_dump_c.c btf/btf_dump_decl.c | build/barebpf
	@mkdir -p $(@D)
	@tmp=$@.$$$$.tmp; \
	if build/barebpf btf dump $(VMLINUX_BTF) --format c > $$tmp 2>/dev/null; then \
		echo "  GEN     $@ (barebpf btf dump --format c, $(VMLINUX_BTF))"; \
		mv $$tmp $@; \
	else \
		echo "  GEN     $@: no bpftool or no BTF at $(VMLINUX_BTF); using $(VMLINUX_MIN_H)"; \
		cp $(VMLINUX_MIN_H) $$tmp && touch -d @0 $$tmp && mv $$tmp $@; \
	fi

build/progs/%.bpf.o: tests/progs/%.bpf.c $(BPF_HDRS) $(wildcard tests/progs/*.h)
	@mkdir -p $(@D)
	$(BPF_CLANG) $(BPF_CFLAGS) -c $< -o $@
