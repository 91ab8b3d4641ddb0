# SPDX-License-Identifier: BSD-2-Clause
# barebpf build. Sources are discovered: every btf/*.c and loader/*/*.c goes
# into the library, every tests/unit/test_*.c and tests/kernel/test_*.c is one test
# binary. Areas with their own targets (static, bench, matrix, progs, fuzz)
# live in mk/*.mk, included at the end.

PREFIX ?= /usr/local
CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif
CLANG ?= clang
ARCH := $(shell uname -m)
SANITIZE ?=

ifeq ($(SANITIZE),1)
B ?= build/san
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
B ?= build
SAN_FLAGS :=
endif

WARN := -Wall -Wextra -Werror -Wno-missing-field-initializers
CFLAGS ?= -O2 -g
BASE_CFLAGS := -std=gnu11 -D_GNU_SOURCE -fPIC -fvisibility=hidden -Iinclude -Ibuild/include -Iloader \
	       $(WARN) $(SAN_FLAGS) -MMD -MP
LDLIBS := -lelf -lz

LIB_SRCS := $(sort $(wildcard btf/*.c loader/*/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o)
# Unit tests get everything but the files that make syscalls (loader/sys/, less
# its pure attr table and --syscalls decoder); tests/fakes/ stands in for them.
SYS_SRCS := $(filter-out loader/sys/attr.c loader/sys/trace%.c,$(wildcard loader/sys/*.c))
NOSYS_OBJS := $(filter-out $(SYS_SRCS:%.c=$(B)/obj/%.o),$(LIB_OBJS))
# The CLI embeds the unified collector through its skeleton (mk/collector.mk)
# for the architecture the binary is for: the host's here; the static build
# COLLECTOR_STATIC_ARCH's (CROSS=aarch64-linux-gnu: arm64).
COLLECTOR_ARCH_x86_64 := x86
COLLECTOR_ARCH_aarch64 := arm64
COLLECTOR_ARCH := $(COLLECTOR_ARCH_$(ARCH))
COLLECTOR_STATIC_ARCH := $(COLLECTOR_ARCH_$(firstword $(subst -, ,$(or $(CROSS),$(ARCH)))))
# The host CLI carries no BTF pack (build/gen/btf_pack_empty.c); only the static
# one embeds BTF_PACK (mk/btf_pack.mk), so a packed static build (the matrix's)
# never relinks build/barebpf while other rules run it.
TOOL_SRCS := $(filter-out tools/gen_%.c,$(sort $(wildcard tools/*.c tools/trace/*.c))) \
	     build/gen/btf_pack_empty.c
TOOL_OBJS := $(TOOL_SRCS:%.c=$(B)/obj/%.o)
HELPER_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(sort $(wildcard tests/helpers/*.c)))
FAKE_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(sort $(wildcard tests/fakes/*.c)))
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(sort $(wildcard tests/unit/test_*.c)))
KERNEL_BINS := $(patsubst tests/kernel/%.c,$(B)/tests/kernel/%,$(sort $(wildcard tests/kernel/test_*.c)))

# Packages `make deps` installs when missing; mk/*.mk fragments add theirs.
DEPS_PKGS := build-essential libelf-dev zlib1g-dev libcmocka-dev clang llvm musl-tools \
	     linux-libc-dev pkg-config

.DEFAULT_GOAL := all
# Fragments come before the rules so that they can add prerequisites
# (KERNEL_TEST_DEPS, DEPS_PKGS) that the rules below expand.
include $(sort $(wildcard mk/*.mk))

.PHONY: all lib deps check test test-kernel trace clean install lint help unit-bins kernel-bins
all: $(B)/barebpf lib

lib: $(B)/libbarebpf.a $(B)/libbarebpf.so

# Every target, one line each; `make help` also names any .PHONY target of a
# fragment that this list does not describe yet, so none goes unlisted.
define HELP_TEXT
make [all]            build $(B)/barebpf and the libraries
make lib              only the libraries ($(B)/libbarebpf.a, .so)
make deps             install missing build/test packages (apt-get)
make check            unit tests under ASan+UBSan (no root, no kernel)
make test             deps + build + check + kernel tests + the suites below (root)
make test-kernel      kernel tests (tests/kernel, root)
make test-cli         the CLI as a user meets it (tests/cli.sh; load cases as root)
make test-load        barebpf load vs libbpf (bpftool) through the kernel (root)
make test-core        CO-RE engine vs libbpf's on the corpus x target BTFs
make test-headers     include/bpf/ vs libbpf's headers, clang-14 and clang-19
make test-btf-dump    btf dump --format raw vs bpftool
make test-vmlinux-h   btf dump --format c compiled and checked by clang
make test-tour        docs/HOW-LOADING-WORKS.md's outputs run again and compared
make tour-doc         rewrite docs/HOW-LOADING-WORKS.md's outputs (tests/tour.sh)
make tour-btf         remake tests/fixtures/btf/tour.btf from the running kernel's BTF
make unit-bins        build the unit test binaries (sanitized with SANITIZE=1)
make kernel-bins      build the kernel test binaries and programs
make progs            compile tests/progs/*.bpf.c -> build/progs/
make core-progs       compile the CO-RE corpus (clang-14 and clang-19)
make bpf-headers      generate include/bpf/bpf_helper_defs.h and build/include/vmlinux.h
make fixtures         (re)build committed fixtures: obj-fixtures, btf-fixtures
make obj-fixtures     tests/fixtures/obj/*.bpf.o from tests/progs/obj/
make btf-fixtures     tests/fixtures/btf/ (variant target BTFs)
make fuzz             every fuzzer for FUZZ_SECONDS (fuzz-btf fuzz-btf-out fuzz-core fuzz-obj)
make fuzz-btf         fuzz the BTF parser
make fuzz-btf-out     fuzz BTF dump and write
make fuzz-core        fuzz the CO-RE engine
make fuzz-obj         fuzz the object reader
make fuzz-bins        build the fuzzers
make test-fuzz        a short smoke pass of every fuzzer (part of make test)
make test-bench-build build the benchmark binaries (part of make test)
make trace            deps + build + run the main job: barebpf trace until Ctrl-C
                      (TRACE_ARGS='--json --events exec,exit' passes options)
make static           fully static $(B)/barebpf-static (musl), and its tests
make static-build     only build the static binary
make static-tests     static test binaries (for the matrix)
make size-options     the static binary once per size step -> build/size-options.md
make bench            benchmarks side by side with libbpf -> BENCHMARKS.md
make bench-bins       only build the benchmark binaries
make bench-trace      only barebpf trace's rows (start-up, RSS, fadvise storm)
make bench-matrix     the attach bench in qemu guests (BENCH_KERNELS) -> BENCHMARKS.md
make matrix           kernel tests on Debian kernels under qemu
make matrix-deps      packages the matrix needs
make matrix-fetch     download the pinned kernels (cached)
make matrix-roots     build the initramfs trees
make matrix-tests     build the test binaries the guests run
make matrix-boot      boot every kernel and collect results
make matrix-latest    print newer kernel ABIs than the pinned ones
make test-man         barebpf(8) against the CLI's command table and option parsers
make install          install to PREFIX=$(PREFIX) (DESTDIR honoured): the CLI (and
                      barebpf-static when built), libraries, C API headers in
                      include/barebpf/, BPF-side headers in include/barebpf/bpf/
                      (compile BPF programs with -I$(PREFIX)/include/barebpf, or
                      `pkg-config --variable=bpf_cflags barebpf`; libbpf-dev's
                      include/bpf/ is left alone), barebpf.pc, the man page
                      barebpf(8) in share/man/man8
make lint             clang-format + layering checks
make clean            remove build/
make help             this list
endef
export HELP_TEXT

help:
	@echo "$$HELP_TEXT"
	@for t in $$(sed -n 's/^\.PHONY: *//p' Makefile mk/*.mk | tr ' ' '\n' | \
		grep -x '[a-z0-9][a-z0-9_-]*' | sort -u); do \
		echo "$$HELP_TEXT" | grep -q "^make \(\[\)\?$$t\b" || echo "make $$t  (see mk/*.mk)"; \
	done

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(BASE_CFLAGS) -c $< -o $@

$(B)/libbarebpf.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libbarebpf-nosys.a: $(NOSYS_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libbarebpf.so: $(LIB_OBJS) loader/libbarebpf.map
	$(CC) $(CFLAGS) $(SAN_FLAGS) -shared -Wl,-soname,libbarebpf.so.0 -Wl,--version-script=loader/libbarebpf.map \
		$(LIB_OBJS) $(LDLIBS) -o $@

$(B)/barebpf: $(TOOL_OBJS) $(B)/libbarebpf.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(TOOL_OBJS) $(B)/libbarebpf.a $(LDLIBS) -o $@

# barebpf(8), from the same texts as --help (tools/man.c).
$(B)/barebpf.8: $(B)/barebpf
	$(B)/barebpf help --man > $@.tmp && mv $@.tmp $@

$(B)/tests/unit/%: $(B)/obj/tests/unit/%.o $(HELPER_OBJS) $(FAKE_OBJS) $(B)/libbarebpf-nosys.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ $(LDLIBS) -lcmocka -o $@

$(B)/tests/kernel/%: $(B)/obj/tests/kernel/%.o $(HELPER_OBJS) $(B)/libbarebpf.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ $(LDLIBS) -lcmocka -o $@

# Idempotent and quiet when everything is present.
deps:
	@missing=$$(for p in $(DEPS_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "deps: installing" $$missing; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq $$missing >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; } || exit 1; \
	fi

unit-bins: $(UNIT_BINS)
kernel-bins: $(KERNEL_BINS) $(KERNEL_TEST_DEPS)

# Unit tests always run sanitized, in their own build tree.
check:
	@$(MAKE) --no-print-directory SANITIZE=1 unit-bins
	@tests/run_tests.sh unit build/san/tests/unit/test_*

# TEST_EXTRA: further test targets that fragments add (header comparison, ...).
test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory test-kernel $(TEST_EXTRA)

# The main job. TRACE_CMD is set by the fragment that owns the best thing we
# can run; it defaults to the feature report.
TRACE_CMD ?= $(B)/barebpf feature probe
trace: deps
	@$(MAKE) --no-print-directory all
	$(TRACE_CMD)

test-kernel: kernel-bins
	@tests/run_tests.sh kernel $(KERNEL_BINS)

clean:
	rm -rf build

# BPF-side headers go to include/barebpf/bpf/, not include/bpf/: that is
# libbpf-dev's, and ours must neither overwrite nor shadow it. BPF programs
# use them with -I$(PREFIX)/include/barebpf (then <bpf/bpf_helpers.h> is ours).
install: all $(B)/barebpf.8
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/include/barebpf/bpf
	install -m 755 $(B)/barebpf $(DESTDIR)$(PREFIX)/bin/
	if [ -f $(B)/barebpf-static ]; then \
		install -m 755 $(B)/barebpf-static $(DESTDIR)$(PREFIX)/bin/; fi
	install -m 644 $(B)/libbarebpf.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/libbarebpf.so $(DESTDIR)$(PREFIX)/lib/libbarebpf.so.0
	ln -sf libbarebpf.so.0 $(DESTDIR)$(PREFIX)/lib/libbarebpf.so
	install -m 644 include/barebpf/*.h $(DESTDIR)$(PREFIX)/include/barebpf/
	install -m 644 include/bpf/*.h $(DESTDIR)$(PREFIX)/include/barebpf/bpf/
	sed -e 's|@PREFIX@|$(PREFIX)|' barebpf.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/barebpf.pc
	install -d $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 644 $(B)/barebpf.8 $(DESTDIR)$(PREFIX)/share/man/man8/

# Layering (docs/ARCHITECTURE.md): syscalls and netlink sockets only in
# loader/sys/, no libelf or loader/ in btf/, no internal headers in tools/.
lint:
	@tests/lint.sh

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
