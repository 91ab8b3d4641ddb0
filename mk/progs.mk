# BPF programs: every tests/progs/*.bpf.c becomes build/progs/<name>.bpf.o,
# compiled with clang -target bpf against our own headers (include/bpf/).
# Kernel tests depend on them through KERNEL_TEST_DEPS.

BPF_CLANG ?= clang
BPF_ARCH_x86_64 := x86
BPF_ARCH_aarch64 := arm64
BPF_TARGET_ARCH := $(BPF_ARCH_$(ARCH))
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_$(BPF_TARGET_ARCH) -Wall -Werror \
	      -Iinclude -Ibuild/include -I/usr/include/$(ARCH)-linux-gnu
BPF_GEN_HDRS :=

PROG_SRCS := $(sort $(wildcard tests/progs/*.bpf.c))
PROG_OBJS := $(PROG_SRCS:tests/progs/%.c=build/progs/%.o)
KERNEL_TEST_DEPS += $(PROG_OBJS)

.PHONY: progs
progs: $(PROG_OBJS)

build/progs/%.bpf.o: tests/progs/%.bpf.c $(BPF_GEN_HDRS)
	@mkdir -p $(@D)
	$(BPF_CLANG) $(BPF_CFLAGS) -c $< -o $@
