# BTF: fixtures and the dump comparison with bpftool (its fuzzers: mk/fuzz.mk).
#
#   make btf-fixtures    rebuild tests/fixtures/btf/*.o from src/ (clang; the objects are committed)
#   make test-btf-dump   barebpf btf dump vs bpftool btf dump file, on vmlinux, the fixtures,
#                        the Debian kernels' BTF, a split BTF and an ELF .BTF made of one

DEPS_PKGS += bpftool
TEST_EXTRA += test-btf-dump

BTF_FIX := tests/fixtures/btf
BTF_FIX_SRCS := $(filter-out $(BTF_FIX)/src/gen_%,$(sort $(wildcard $(BTF_FIX)/src/*.c)))
BTF_FIX_OBJS := $(foreach s,$(BTF_FIX_SRCS),$(BTF_FIX)/$(basename $(notdir $(s)))-el.o \
		$(BTF_FIX)/$(basename $(notdir $(s)))-eb.o)

.PHONY: btf-fixtures test-btf-dump
btf-fixtures: $(BTF_FIX_OBJS) $(BTF_FIX)/allkinds.btf

# Kinds clang does not emit, written with the test BTF builder.
$(BTF_FIX)/allkinds.btf: $(BTF_FIX)/src/gen_allkinds.c tests/helpers/btf_build.c tests/helpers/btf_build.h
	@mkdir -p $(B)/fixtures
	$(CC) -std=gnu11 -Wall -Wextra -Werror -Itests/helpers $(BTF_FIX)/src/gen_allkinds.c \
		tests/helpers/btf_build.c -o $(B)/fixtures/gen_allkinds
	$(B)/fixtures/gen_allkinds $@ $(BTF_FIX)/allkinds-mod.split

$(BTF_FIX)/%-el.o: $(BTF_FIX)/src/%.c
	$(CLANG) -g -O2 -target bpfel -c $< -o $@

$(BTF_FIX)/%-eb.o: $(BTF_FIX)/src/%.c
	$(CLANG) -g -O2 -target bpfeb -c $< -o $@

# Also every kernel BTF `make matrix` extracted (KERNEL_BTF_DIR; skipped with a
# message when there are none yet), and one of them cut into a module-like
# split BTF (tests/btf_split.c) and wrapped as the .BTF of an ELF file.
KERNEL_BTF_DIR ?= $(or $(BAREBPF_KERNEL_CACHE),$(HOME)/.cache/barebpf-kernels)
OBJCOPY ?= objcopy

$(B)/fixtures/btf_split: tests/btf_split.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror $< -o $@

test-btf-dump: $(B)/barebpf $(B)/fixtures/btf_split
	@KERNEL_BTF_DIR="$(KERNEL_BTF_DIR)" BTF_SPLIT=$(B)/fixtures/btf_split OBJCOPY="$(OBJCOPY)" \
		CC="$(CC)" tests/btf_dump_cmp.sh $(B)/barebpf /sys/kernel/btf/vmlinux \
		$(wildcard $(BTF_FIX)/*.o $(BTF_FIX)/*.btf $(BTF_FIX)/*.split)

