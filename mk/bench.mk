# SPDX-License-Identifier: BSD-2-Clause
# `make bench`: tests/bench/bench.c runs barebpf and references built on
# Debian's libbpf side by side and rewrites BENCHMARKS.md. The rows are the
# table in bench.c. Each tests/bench/ref_*.c is a reference program, linked
# static against libbpf.a the same way as build/barebpf-static (mk/static.mk):
# libbpf is linked into nothing else. Timings never gate `make test`.
#   make bench BENCH_FLAGS='-n 21'     more runs
#   make bench BENCH_FLAGS='-f load'   only some rows (BENCHMARKS.md untouched)
# Rows that need inputs built first (BPF objects, ...) add them to BENCH_DEPS.
# BENCH_AFTER: commands run after the harness, whose Markdown output is
# appended to BENCHMARKS.md (benchmarks that time inside one process).
# The guests' section (`make bench-matrix`, mk/matrix_bench.mk) is kept as it was.

# Before anything else: SB, STATIC_* come from there (fragments are included
# in name order, and rule targets expand when read).
include mk/static.mk

DEPS_PKGS += libbpf-dev

BENCH_DIR := $(SB)/bench
BENCH_BIN := $(BENCH_DIR)/bench
BENCH_REFS = $(patsubst tests/bench/%.c,$(BENCH_DIR)/%,$(sort $(wildcard tests/bench/ref_*.c)))
BENCH_DEPS ?=
BENCH_FLAGS ?=
BENCH_LIBBPF_A := $(STATIC_LIBDIR)/libbpf.a
# libbpf.a calls more glibc-only symbols than libelf.a and libz.a do.
BENCH_COMPAT_OBJS = $(if $(STATIC_COMPAT_OBJS),$(STATIC_COMPAT_OBJS) \
		    $(SB)/obj/tests/bench/musl_compat_libbpf.o)
BENCH_INC := $(SB)/include-libbpf

# make bench's soak is short; `make bench-soak` alone runs SOAK_SEC (600 s).
BENCH_SOAK_SEC ?= 30

.PHONY: bench bench-bins
bench: deps
	@$(MAKE) --no-print-directory bench-bins
	@tests/bench/matrix_bench.sh --cut BENCHMARKS.md $(BENCH_DIR)/guests.md
	@$(BENCH_BIN) $(BENCH_FLAGS) -o BENCHMARKS.md \
		-N "build: both sides $(STATIC_LIBC) static, $(firstword $(STATIC_CC)) $(CFLAGS) $(STATIC_OPT), Debian's libelf.a and libz.a; the reference adds libbpf.a" \
		-N "libbpf: Debian libbpf-dev $$(dpkg-query -W -f='$${Version}' libbpf-dev)"
	@$(MAKE) --no-print-directory bench-trace
	@$(MAKE) --no-print-directory bench-soak SOAK_SEC=$(BENCH_SOAK_SEC)
	@$(foreach c,$(BENCH_AFTER),$(c) $(if $(findstring -f,$(BENCH_FLAGS)),,| tee -a BENCHMARKS.md) || exit 1;)
	@tests/bench/matrix_bench.sh --put $(BENCH_DIR)/guests.md BENCHMARKS.md

bench-bins: static-build $(BENCH_BIN) $(BENCH_REFS) $(BENCH_REFS:%=%.stripped) $(BENCH_DEPS)

# `make test` builds every bench binary and runs none (timings never gate it):
# a harness or reference that stops compiling fails the test run, not `make bench`.
TEST_EXTRA += test-bench-build
.PHONY: test-bench-build
test-bench-build: bench-bins
	@echo "bench: $(words $(BENCH_BIN) $(BENCH_REFS) $(STATIC_BIN)) binaries built, none run (make bench runs them)"

# libbpf's headers only, for the references (the product never sees them).
$(BENCH_INC)/.stamp:
	@mkdir -p $(@D)
	@ln -sfn /usr/include/bpf $(@D)/bpf
	@touch $@

# More specific than mk/static.mk's tests/ rule: no cmocka here.
$(SB)/obj/tests/bench/%.o: tests/bench/%.c | $(STATIC_INC)/.stamp $(BENCH_INC)/.stamp
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_CFLAGS) -idirafter $(BENCH_INC) \
		-DBENCH_BAREBPF='"$(STATIC_BIN)"' -DBENCH_REFDIR='"$(BENCH_DIR)"' -c $< -o $@

# The harness is static and small on purpose: see the top of bench.c.
$(BENCH_BIN): $(SB)/obj/tests/bench/bench.o
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $< -o $@

$(BENCH_DIR)/ref_%: $(SB)/obj/tests/bench/ref_%.o $(BENCH_COMPAT_OBJS)
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $< $(BENCH_LIBBPF_A) $(STATIC_LDLIBS) \
		$(BENCH_COMPAT_OBJS) -o $@
	@if readelf -lW $@ | grep -q INTERP; then echo "bench: $@ is not static"; rm -f $@; exit 1; fi

$(BENCH_DIR)/%.stripped: $(BENCH_DIR)/%
	$(STATIC_STRIP) -o $@ $<

.SECONDARY: $(patsubst $(BENCH_DIR)/%,$(SB)/obj/tests/bench/%.o,$(BENCH_BIN) $(BENCH_REFS)) \
	    $(BENCH_COMPAT_OBJS)
