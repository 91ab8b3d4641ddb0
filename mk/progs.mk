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
# Kernels from 6.19 on are built with -fms-extensions, and their BTF (so our
# vmlinux.h) has named structs as anonymous members (struct ns_common:
# union { struct ns_tree; ... }): the programs need the same extension.
BPF_MS_FLAGS := -fms-extensions -Wno-microsoft-anon-tag
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_$(BPF_TARGET_ARCH) $(BPF_MS_FLAGS) -Wall -Werror \
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

# include/bpf/ is whole after a plain `make`, and make install copies it.
all install: $(BPF_HELPER_DEFS)

# vmlinux.h from BTF at $(1) into $(2), by our own dumper; without that BTF
# (or when the dump fails) tests/progs/vmlinux_min.h, dated 1970 so that the
# next make tries again.
define gen_vmlinux_h
	@mkdir -p $(dir $(2))
	@tmp=$(2).$$$$$$$$.tmp; \
	if [ -n "$(1)" ] && build/barebpf btf dump $(1) --format c > $$$$tmp 2>/dev/null; then \
		echo "  GEN     $(2) (barebpf btf dump --format c, $(1))"; \
		mv $$$$tmp $(2); \
	else \
		echo "  GEN     $(2): no BTF at '$(1)'; using $(VMLINUX_MIN_H)"; \
		cp $(VMLINUX_MIN_H) $$$$tmp && touch -d @0 $$$$tmp && mv $$$$tmp $(2); \
	fi
endef

# Remade when the kernel's BTF is newer (after a reboot into another kernel).
$(VMLINUX_H): $(wildcard $(VMLINUX_BTF)) $(VMLINUX_MIN_H) btf/btf_dump_c.c btf/btf_dump_decl.c | build/barebpf
	$(call gen_vmlinux_h,$(VMLINUX_BTF),$@)

build/progs/%.bpf.o: tests/progs/%.bpf.c $(BPF_HDRS) $(wildcard tests/progs/*.h)
	@mkdir -p $(@D)
	$(BPF_CLANG) $(BPF_CFLAGS) -c $< -o $@

# The same programs for the other architecture the qemu matrix boots (arm64
# guests of an x86_64 host, or the reverse): build/progs-<arch>/<name>.bpf.o,
# built with -D__TARGET_ARCH_<arch> against build/include-<arch>/vmlinux.h,
# which our dumper writes from that architecture's kernel BTF,
# VMLINUX_BTF_<arch> (mk/matrix.mk names one of the kernels it fetched; the
# minimal header stands in without one). `make progs-arm64` builds them; the
# matrix puts them into that architecture's initramfs as /build/progs, the path
# the tests read. <asm/*.h> come from the target's multiarch directory when a
# cross toolchain installed it (the UAPI types the programs use are the same).
BPF_MULTIARCH_x86 := x86_64-linux-gnu
BPF_MULTIARCH_arm64 := aarch64-linux-gnu
BPF_XARCHES := $(filter-out $(BPF_TARGET_ARCH),x86 arm64)
bpf_asm_dir = $(patsubst %/asm,%,$(firstword $(wildcard /usr/include/$(BPF_MULTIARCH_$(1))/asm \
	/usr/$(BPF_MULTIARCH_$(1))/include/asm) /usr/include/$(ARCH)-linux-gnu/asm))
# The directory of a BPF architecture's objects (x86, arm64).
bpf_progs_dir = $(if $(filter $(BPF_TARGET_ARCH),$(1)),build/progs,build/progs-$(1))

define BPF_XARCH_RULES
PROG_OBJS_$(1) := $$(PROG_SRCS:tests/progs/%.c=build/progs-$(1)/%.o)
.PHONY: progs-$(1)
progs-$(1): $$(PROG_OBJS_$(1))

build/include-$(1)/vmlinux.h: $$(wildcard $$(VMLINUX_BTF_$(1))) $$(VMLINUX_MIN_H) \
		btf/btf_dump_c.c btf/btf_dump_decl.c | build/barebpf
	$$(call gen_vmlinux_h,$$(VMLINUX_BTF_$(1)),$$@)

build/progs-$(1)/%.bpf.o: tests/progs/%.bpf.c $$(filter-out $$(VMLINUX_H),$$(BPF_HDRS)) build/include-$(1)/vmlinux.h \
		$$(wildcard tests/progs/*.h)
	@mkdir -p $$(@D)
	$$(BPF_CLANG) -O2 -g -target bpf -D__TARGET_ARCH_$(1) $$(BPF_MS_FLAGS) -Wall -Werror -Iinclude \
		-Ibuild/include-$(1) -I$$(call bpf_asm_dir,$(1)) -c $$< -o $$@
endef
$(foreach a,$(BPF_XARCHES),$(eval $(call BPF_XARCH_RULES,$(a))))
