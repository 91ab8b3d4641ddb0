# SPDX-License-Identifier: BSD-2-Clause
# `barebpf trace`'s pure side: tools/trace/ (event formatting) is linked
# into the CLI like every tool source, and into its unit test here, for both
# the sanitized build and the static (matrix) one.

TRACE_FMT_SRCS := $(sort $(wildcard tools/trace/*.c))

$(B)/tests/unit/test_trace_fmt: $(TRACE_FMT_SRCS:%.c=$(B)/obj/%.o)

# static.mk's unit-test rule links a fixed list: this test needs the formatter too.
$(SB)/tests/unit/test_trace_fmt: $(SB)/obj/tests/unit/test_trace_fmt.o \
		$(TRACE_FMT_SRCS:%.c=$(SB)/obj/%.o) $(STATIC_HELPER_OBJS) $(STATIC_FAKE_OBJS) \
		$(SB)/libbarebpf-nosys.a $(CMOCKA_A) $(STATIC_COMPAT_OBJS)
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $(filter %.o,$^) $(filter %.a,$^) \
		$(STATIC_LDLIBS) -o $@

# test_collector opens the collector embedded in it through its skeleton, as
# the CLI does (the plain header: the static build's too, no hook needed).
$(B)/obj/tests/kernel/test_collector.o: $(call COLLECTOR_SKEL,$(COLLECTOR_ARCH))
$(B)/obj/tests/kernel/test_collector.o: BASE_CFLAGS += -Ibuild/gen/$(COLLECTOR_ARCH)
$(SB)/obj/tests/kernel/test_collector.o: $(call COLLECTOR_SKEL,$(COLLECTOR_STATIC_ARCH))
$(SB)/obj/tests/kernel/test_collector.o: BASE_CFLAGS += -Ibuild/gen/$(COLLECTOR_STATIC_ARCH)

# `make trace` runs the collector until Ctrl-C; TRACE_ARGS passes options
# (make trace TRACE_ARGS='--json --events exec,exit').
TRACE_ARGS ?=
TRACE_CMD = $(B)/barebpf trace $(TRACE_ARGS)

# `make bench-trace` (also the end of `make bench`): start-up, peak RSS, a
# fadvise storm and the per-event cost of exec, connect and fadvise through
# the static binary; their sections of BENCHMARKS.md (TRACE_BENCH_FLAGS='-p
# storm' runs one part).
TRACE_BENCH := $(BENCH_DIR)/trace_bench
TRACE_BENCH_FLAGS ?=

.PHONY: bench-trace
bench-trace: static-build $(TRACE_BENCH)
	@$(TRACE_BENCH) $(TRACE_BENCH_FLAGS) -o BENCHMARKS.md $(STATIC_BIN)

# `make bench-soak SOAK_SEC=600`: trace --json under a mixed storm for
# SOAK_SEC seconds, its RSS sampled (flat = no growth) and the events lost;
# its section of BENCHMARKS.md. `make bench` runs a short one (SOAK_SEC=30).
SOAK_SEC ?= 600

.PHONY: bench-soak
bench-soak: static-build $(TRACE_BENCH)
	@$(TRACE_BENCH) -S $(SOAK_SEC) -o BENCHMARKS.md $(STATIC_BIN)

bench-bins: $(TRACE_BENCH)

# Linked with the library for bpf stats (the cost part reads trace's programs' run time).
$(TRACE_BENCH): $(SB)/obj/tests/bench/trace_bench.o $(SB)/libbarebpf.a
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $< $(SB)/libbarebpf.a $(STATIC_LDLIBS) -o $@
