# Event readers (loader/events/).
# The walkers' fuzzer, tests/fuzz/fuzz_ring.c, is built and run by mk/fuzz.mk
# (make fuzz-ring); its seeds are well-formed rings made by a script.
FUZZ_SEEDS_ring = python3 tests/fuzz/ring_seeds.py $(2)

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
