# CO-RE: the corpus and the differential test against libbpf.
#
#   make core-progs   build tests/progs/core/*.bpf.c with clang 14 and clang 19
#                     into build/core/{14,19}/, and the variant target BTFs
#                     tests/progs/core/btf__core_reloc_<case>___<flavor>.c into
#                     build/core/btf/ (their .BTF is the target)
#   make test-core    for every object x target BTF (running kernel, the Debian
#                     kernels' BTF in ~/.cache/barebpf-kernels, the variants),
#                     `barebpf core explain --json` must equal the libbpf oracle
#                     (tests/core/libbpf_oracle.c, linked with Debian's static
#                     libbpf; a test tool, never part of barebpf)

CORE_CLANG14 ?= clang-14
CORE_CLANG19 ?= /usr/lib/llvm-19/bin/clang
CORE_DIR := tests/progs/core
CORE_OUT := build/core
CORE_KERNEL_BTF_DIR ?= $(HOME)/.cache/barebpf-kernels
CORE_CFLAGS = -O2 -g -target bpf -D__TARGET_ARCH_$(BPF_TARGET_ARCH) -Wall -Werror \
	       -Iinclude -Ibuild/include -I$(CORE_DIR) -I/usr/include/$(ARCH)-linux-gnu
# (mk/progs.mk, included after this file, generates these two.)
CORE_HDRS := $(CORE_DIR)/core_test.h $(wildcard include/bpf/*.h) build/include/vmlinux.h \
	     include/bpf/bpf_helper_defs.h
LIBBPF_A ?= /usr/lib/$(ARCH)-linux-gnu/libbpf.a

CORE_SRCS := $(sort $(wildcard $(CORE_DIR)/*.bpf.c))
CORE_OBJS := $(foreach v,14 19,$(CORE_SRCS:$(CORE_DIR)/%.bpf.c=$(CORE_OUT)/$(v)/%.bpf.o))
CORE_VAR_SRCS := $(sort $(wildcard $(CORE_DIR)/btf__core_reloc_*.c))
CORE_VAR_OBJS := $(CORE_VAR_SRCS:$(CORE_DIR)/%.c=$(CORE_OUT)/btf/%.o)
CORE_ORACLE := $(CORE_OUT)/libbpf_oracle

DEPS_PKGS += clang-14 clang-19 libbpf-dev
TEST_EXTRA += test-core

.PHONY: core-progs test-core
core-progs: $(CORE_OBJS) $(CORE_VAR_OBJS)

$(CORE_OUT)/14/%.bpf.o: $(CORE_DIR)/%.bpf.c $(CORE_HDRS)
	@mkdir -p $(@D)
	$(CORE_CLANG14) $(CORE_CFLAGS) -c $< -o $@

$(CORE_OUT)/19/%.bpf.o: $(CORE_DIR)/%.bpf.c $(CORE_HDRS)
	@mkdir -p $(@D)
	$(CORE_CLANG19) $(CORE_CFLAGS) -c $< -o $@

# Variant targets: only their BTF matters (types kept alive by globals).
$(CORE_OUT)/btf/%.o: $(CORE_DIR)/%.c
	@mkdir -p $(@D)
	$(CORE_CLANG19) -O2 -g -target bpf -c $< -o $@

$(CORE_ORACLE): tests/core/libbpf_oracle.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O1 -g -Wall -Wextra -Wno-missing-field-initializers $< $(LIBBPF_A) \
		-lelf -lz -o $@

test-core: $(B)/barebpf $(CORE_ORACLE) core-progs
	@BAREBPF=$(B)/barebpf ORACLE=$(CORE_ORACLE) OUT=$(CORE_OUT)/diff \
		KERNEL_BTFS="$(wildcard /sys/kernel/btf/vmlinux) $$(find $(CORE_KERNEL_BTF_DIR) -name '*.btf' 2>/dev/null | sort)" \
		VARIANTS="$(CORE_VAR_OBJS)" sh tests/core/diff.sh $(CORE_OBJS)

BENCH_DEPS += build/core/19/bench_exec.bpf.o

# `core check` over the cached Debian BTFs, next to the per-pair engines
# (tests/bench/core_check.sh, appended to BENCHMARKS.md by `make bench`).
BENCH_DEPS += $(CORE_ORACLE) $(filter $(CORE_OUT)/19/%,$(CORE_OBJS)) $(B)/barebpf
BENCH_AFTER += tests/bench/core_check.sh

# `gen min-btf` proven by equality: per cached Debian kernel BTF, one minimal
# BTF for the collector and the whole corpus; `core explain --json` of every
# object against it equals that against the full BTF (tests/core/min_btf.sh;
# sizes next to bpftool's gen min_core_btf in build/core/minbtf/sizes.md).
TEST_EXTRA += test-min-btf
.PHONY: test-min-btf
test-min-btf: $(B)/barebpf core-progs collector
	@BAREBPF=$(B)/barebpf OUT=$(CORE_OUT)/minbtf COLLECTOR=$(call COLLECTOR_OBJ,$(COLLECTOR_ARCH)) \
		KERNEL_BTFS="$$(find $(CORE_KERNEL_BTF_DIR) -name '*.btf' 2>/dev/null | sort)" \
		sh tests/core/min_btf.sh $(call COLLECTOR_OBJ,$(COLLECTOR_ARCH)) $(CORE_OBJS)
