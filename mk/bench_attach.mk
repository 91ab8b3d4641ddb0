# SPDX-License-Identifier: BSD-2-Clause
# The attach benchmark (tests/bench/attach_bench.c): the per-event cost each
# attach mechanism adds on this host, and the time to attach one program to
# many functions (uprobe.multi, its fallback, one by one: barebpf and libbpf
# on the same object; the same for kprobes where the kernel has them). Static
# like the references, libbpf linked in; `make bench` appends its section to
# BENCHMARKS.md (BENCH_AFTER). In qemu guests, where kprobes and fentry
# exist: `make bench-matrix` (mk/matrix_bench.mk).
ATTACH_BENCH := $(BENCH_DIR)/attach_bench
BENCH_AFTER += $(ATTACH_BENCH) build/progs/bench_attach.bpf.o
bench-bins: $(ATTACH_BENCH) build/progs/bench_attach.bpf.o

$(ATTACH_BENCH): $(SB)/obj/tests/bench/attach_bench.o $(SB)/libbarebpf.a $(BENCH_COMPAT_OBJS)
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $< $(SB)/libbarebpf.a $(BENCH_LIBBPF_A) \
		$(STATIC_LDLIBS) $(BENCH_COMPAT_OBJS) -o $@
