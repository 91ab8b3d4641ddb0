# Object loader (open phase): committed fixtures and the fuzzer.
#
#   make fixtures    rebuild tests/fixtures/obj/*.bpf.o from tests/progs/obj/*.bpf.c
#                    (clang; the objects are committed so that `make check` needs no clang)
#   make fuzz-obj    libFuzzer on bbpf_obj_open_mem() for FUZZ_SECONDS (default 60)
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

.PHONY: fixtures obj-fixtures fuzz-obj
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

# The fuzzer links the library's sources directly, built by clang with the
# sanitizers (it only opens objects, so loader/sys/ is linked but never
# called); the committed fixtures are its seeds.
FUZZ_SECONDS ?= 60
OBJ_FUZZ_DIR := $(B)/fuzz
OBJ_FUZZ_FLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -Iinclude -Ibuild/include -Iloader \
		  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
OBJ_FUZZ_SRCS := tests/fuzz/fuzz_obj.c $(LIB_SRCS)

$(OBJ_FUZZ_DIR)/fuzz_obj: $(OBJ_FUZZ_SRCS) $(wildcard loader/*/*.h btf/*.h include/barebpf/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(OBJ_FUZZ_FLAGS) $(OBJ_FUZZ_SRCS) -lelf -lz -o $@

fuzz: fuzz-obj

# Runs on a copy of the seeds, so that new corpus entries stay out of the tree.
fuzz-obj: $(OBJ_FUZZ_DIR)/fuzz_obj
	@rm -rf $(OBJ_FUZZ_DIR)/corpus_obj && mkdir -p $(OBJ_FUZZ_DIR)/corpus_obj
	@cp $(OBJ_FIX)/*.bpf.o $(OBJ_FUZZ_DIR)/corpus_obj/
	$(OBJ_FUZZ_DIR)/fuzz_obj -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
		-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 $(OBJ_FUZZ_DIR)/corpus_obj
