# Object loader (open phase): committed fixtures (their fuzzer: mk/fuzz.mk).
#
#   make fixtures    rebuild tests/fixtures/obj/*.bpf.o from tests/progs/obj/*.bpf.c
#                    (clang; the objects are committed so that `make check` needs no clang)
#
# Each source gives <name>.bpf.o (clang-14) and <name>-c19.bpf.o (clang-19);
# progs also gives progs-eb.bpf.o (big-endian) for the byte-order check.
# DWARF is stripped (.BTF and .BTF.ext stay) to keep the fixtures small.

OBJ_FIX := tests/fixtures/obj
OBJ_FIX_SRCS := $(sort $(wildcard tests/progs/obj/*.bpf.c))
OBJ_FIX_NAMES := $(notdir $(OBJ_FIX_SRCS:.bpf.c=))
OBJ_FIX_OBJS := $(OBJ_FIX_NAMES:%=$(OBJ_FIX)/%.bpf.o) $(OBJ_FIX_NAMES:%=$(OBJ_FIX)/%-c19.bpf.o) \
		$(OBJ_FIX)/progs-eb.bpf.o
OBJ_FIX_HDRS := $(wildcard include/bpf/*.h)
OBJ_FIX_CFLAGS := -O2 -g -Wall -Werror -Iinclude -I/usr/include/$(ARCH)-linux-gnu
OBJ_CLANG14 ?= clang-14
OBJ_CLANG19 ?= clang-19
OBJ_STRIP ?= llvm-strip

# (clang-14/clang-19 are needed only here; `make check` uses the committed objects.)

.PHONY: fixtures obj-fixtures
fixtures: obj-fixtures
obj-fixtures: $(OBJ_FIX_OBJS)

$(OBJ_FIX)/%-c19.bpf.o: tests/progs/obj/%.bpf.c $(OBJ_FIX_HDRS)
	@mkdir -p $(@D)
	$(OBJ_CLANG19) $(OBJ_FIX_CFLAGS) -target bpfel -c $< -o $@
	$(OBJ_STRIP) -g $@

$(OBJ_FIX)/%-eb.bpf.o: tests/progs/obj/%.bpf.c $(OBJ_FIX_HDRS)
	@mkdir -p $(@D)
	$(OBJ_CLANG14) $(OBJ_FIX_CFLAGS) -target bpfeb -c $< -o $@
	$(OBJ_STRIP) -g $@

$(OBJ_FIX)/%.bpf.o: tests/progs/obj/%.bpf.c $(OBJ_FIX_HDRS)
	@mkdir -p $(@D)
	$(OBJ_CLANG14) $(OBJ_FIX_CFLAGS) -target bpfel -c $< -o $@
	$(OBJ_STRIP) -g $@

# The object fuzzer (tests/fuzz/fuzz_obj.c, built and run by mk/fuzz.mk)
# starts from the committed fixtures.
FUZZ_SEEDS_obj = cp $(OBJ_FIX)/*.bpf.o $(2)/
