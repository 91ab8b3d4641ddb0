# Event readers (loader/events/): the fuzzer of the record walkers.
#   make fuzz-ring   libFuzzer on the ring buffer and perf ring walkers for FUZZ_SECONDS
# Seeds are made by tests/fuzz/ring_seeds.py: well-formed rings of both kinds.

.PHONY: fuzz-ring
FUZZ_RING_SRCS := tests/fuzz/fuzz_ring.c loader/events/ring.c loader/events/perf_ring.c

$(FUZZ_DIR)/fuzz_ring: $(FUZZ_RING_SRCS) loader/events/internal.h
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_FLAGS) -Iloader $(FUZZ_RING_SRCS) -o $@

fuzz: fuzz-ring

fuzz-ring: $(FUZZ_DIR)/fuzz_ring
	@rm -rf $(FUZZ_DIR)/corpus_ring && mkdir -p $(FUZZ_DIR)/corpus_ring
	@python3 tests/fuzz/ring_seeds.py $(FUZZ_DIR)/corpus_ring
	$(FUZZ_DIR)/fuzz_ring -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -rss_limit_mb=2048 \
		-timeout=10 -print_final_stats=1 $(FUZZ_DIR)/corpus_ring

# The event reader benchmark (tests/bench/events_bench.c): barebpf's reader
# and libbpf's ring_buffer/perf_buffer on the same maps in one process, so it
# links both, static like the references. `make bench` appends its section
# to BENCHMARKS.md (BENCH_AFTER, run by mk/bench.mk after the harness).
EVENTS_BENCH := $(BENCH_DIR)/events_bench
BENCH_AFTER += $(EVENTS_BENCH) build/progs/bench_events.bpf.o
bench-bins: $(EVENTS_BENCH) build/progs/bench_events.bpf.o

$(EVENTS_BENCH): $(SB)/obj/tests/bench/events_bench.o $(SB)/libbarebpf.a $(BENCH_COMPAT_OBJS)
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $< $(SB)/libbarebpf.a $(BENCH_LIBBPF_A) \
		$(STATIC_LDLIBS) $(BENCH_COMPAT_OBJS) -o $@
