# SPDX-License-Identifier: BSD-2-Clause
# `make bench-matrix`: the attach bench (tests/bench/attach_bench.c -g) inside
# qemu guests, where kprobes and fentry exist (this host has neither): the
# per-event cost of each mechanism (fentry, kprobe, kprobe.multi, tracepoint,
# raw_tp, tp_btf, uprobe) and the attach time of one program on N kernel
# functions (kprobe.multi against N kprobes one by one; barebpf against
# libbpf, linked in static as on the host). TCG emulates every instruction:
# the section reports ratios. tests/bench/matrix_bench.sh puts it into
# BENCHMARKS.md ("Attaching, in the guests"); `make bench` keeps it.
#
# Not part of `make matrix` or `make test`: its own initramfs trees
# ($(MB)/bench-<arch>/root: tests/matrix/init.c as /init, busybox, the bench
# at /bench/attach_bench, its object in /build/progs, and
# tests/bench/matrix_attach.sh as the one test) and its own output dir
# ($(MB)/bench: consoles, and a RESULTS.md that never reaches tests/matrix/).
# Guests boot one at a time (two would share the host's 2 CPUs).
#   flock /tmp/bbpf-matrix.lock make bench-matrix [BENCH_KERNELS="6.12-amd64 ..."]
# Defaults: the newest kernel of each architecture (its kprobe.multi, fentry)
# and 5.10 amd64 (no perf links, no kprobe.multi: the fallbacks).
BENCH_KERNELS ?= 7.2-amd64 7.2-arm64 5.10-amd64
# Rounds of the per-event loops (cheap) and of the attach times (one by one
# kprobes take seconds per round in a guest).
BENCH_MATRIX_ROUNDS ?= 15
BENCH_MATRIX_ATTACH_ROUNDS ?= 5
# The kernel functions of the kprobe attach times (attach_bench -k; its default: rtc_*).
BENCH_MATRIX_KGLOB ?=
BENCH_MATRIX_TIMEOUT ?= 1500
BENCH_MATRIX_OUT := $(MB)/bench
BENCH_ARCHES = $(sort $(foreach id,$(BENCH_KERNELS),$(shell awk '$$1 == "$(id)" { print $$2 }' $(MATRIX_LIST))))
BENCH_MATRIX_BIN_amd64 := $(SB)/bench/attach_bench
BENCH_MATRIX_BIN_arm64 := $(MATRIX_SB_arm64)/bench/attach_bench
# Debian's arm64 libbpf.a (the same 1.1.2 as the host's), unpacked apart
# from the matrix's own sysroot so that `make matrix` is not touched.
BENCH_MATRIX_LIBBPF_arm64 := $(MATRIX_CACHE)/sysroot-arm64-libbpf

.PHONY: bench-matrix bench-matrix-bins bench-matrix-roots
bench-matrix: matrix-deps $(MB)/btfx
	@[ -n "$(strip $(BENCH_KERNELS))" ] || { echo "bench-matrix: BENCH_KERNELS is empty"; exit 1; }
	@tests/matrix/fetch.sh $(BENCH_KERNELS) || echo "bench-matrix: going on with the kernels that were fetched"
	@for a in $(BENCH_ARCHES); do \
		tests/matrix/fetch.sh --sysroot $$a $(MATRIX_CACHE)/busybox-$$a busybox-static || exit 1; \
	done
	@$(MAKE) --no-print-directory bench-matrix-bins
	@$(MAKE) --no-print-directory bench-matrix-roots
	@MATRIX_ROOT_amd64=$(BENCH_MATRIX_OUT)-amd64/root MATRIX_ROOT_arm64=$(BENCH_MATRIX_OUT)-arm64/root \
		MATRIX_OUT=$(BENCH_MATRIX_OUT) MATRIX_INITBOOT=0 MATRIX_JOBS=1 \
		MATRIX_TEST_TIMEOUT=$(BENCH_MATRIX_TIMEOUT) MATRIX_TIMEOUT=$$(($(BENCH_MATRIX_TIMEOUT) + 120)) \
		MATRIX_APPEND="BAREBPF_BENCH_ROUNDS=$(BENCH_MATRIX_ROUNDS) BAREBPF_BENCH_ATTACH_ROUNDS=$(BENCH_MATRIX_ATTACH_ROUNDS) $(if $(BENCH_MATRIX_KGLOB),BAREBPF_BENCH_KGLOB=$(BENCH_MATRIX_KGLOB))" \
		tests/matrix/boot.sh $(BENCH_KERNELS); rc=$$?; \
	tests/bench/matrix_bench.sh $(BENCH_MATRIX_OUT) BENCHMARKS.md $(BENCH_KERNELS); exit $$rc

# The bench and its BPF object for each architecture booted. arm64: the
# matrix's cross build (mk/matrix.mk) with libbpf.a from the arm64 package.
bench-matrix-bins:
	@for a in $(BENCH_ARCHES); do case $$a in \
	amd64)	$(MAKE) --no-print-directory $(BENCH_MATRIX_BIN_amd64) \
			$(call bpf_progs_dir,x86)/bench_attach.bpf.o || exit 1 ;; \
	arm64)	$(MAKE) --no-print-directory matrix-arm64-env && \
		tests/matrix/fetch.sh --sysroot arm64 $(BENCH_MATRIX_LIBBPF_arm64) libbpf-dev && \
		$(MAKE) --no-print-directory $(BENCH_MATRIX_BIN_arm64) $(MATRIX_ARM64_MAKE) \
			BENCH_LIBBPF_A=$(BENCH_MATRIX_LIBBPF_arm64)/usr/lib/aarch64-linux-gnu/libbpf.a && \
		$(MAKE) --no-print-directory $(call bpf_progs_dir,arm64)/bench_attach.bpf.o || exit 1 ;; \
	esac; done

bench-matrix-roots: $(foreach a,$(BENCH_ARCHES),$(MB)/$(a)/init)
	@for a in $(BENCH_ARCHES); do \
		r=$(BENCH_MATRIX_OUT)-$$a/root; rm -rf $$r; \
		mkdir -p $$r/tests $$r/bin $$r/bench $$r/build/progs $$r/dev $$r/proc $$r/sys $$r/tmp || exit 1; \
		case $$a in amd64) b=$(BENCH_MATRIX_BIN_amd64) p=$(call bpf_progs_dir,x86) ;; \
			    arm64) b=$(BENCH_MATRIX_BIN_arm64) p=$(call bpf_progs_dir,arm64) ;; esac; \
		cp $(MB)/$$a/init $$r/init && cp tests/bench/matrix_attach.sh $$r/tests/test_attach_bench && \
		cp $$b $$r/bench/attach_bench && cp $$p/bench_attach.bpf.o $$r/build/progs/ && \
		cp $(MATRIX_CACHE)/busybox-$$a/bin/busybox $$r/bin/busybox || exit 1; \
		for l in $(MATRIX_APPLETS); do ln -s busybox $$r/bin/$$l || exit 1; done; \
		echo "bench-matrix: $$a initramfs tree $$r: init, busybox, $$b, $$p/bench_attach.bpf.o"; \
	done
