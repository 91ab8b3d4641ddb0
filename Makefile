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
# its pure attr table); tests/fakes/ stands in for them.
SYS_SRCS := $(filter-out loader/sys/attr.c,$(wildcard loader/sys/*.c))
NOSYS_OBJS := $(filter-out $(SYS_SRCS:%.c=$(B)/obj/%.o),$(LIB_OBJS))
TOOL_SRCS := $(filter-out tools/gen_%.c,$(sort $(wildcard tools/*.c)))
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

help:
	@echo "make            build $(B)/barebpf and the libraries"
	@echo "make deps       install missing build/test packages (apt-get)"
	@echo "make check      unit tests under ASan+UBSan (no root, no kernel)"
	@echo "make test       deps + build + check + kernel tests (root)"
	@echo "make trace      deps + build + run the main job"
	@echo "make static     fully static $(B)/barebpf-static (musl)"
	@echo "make bench      benchmarks side by side with libbpf -> BENCHMARKS.md"
	@echo "make matrix     kernel tests on Debian kernels under qemu"
	@echo "make lint       clang-format + layering checks"

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(BASE_CFLAGS) -c $< -o $@

$(B)/libbarebpf.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libbarebpf-nosys.a: $(NOSYS_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libbarebpf.so: $(LIB_OBJS)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -shared -Wl,-soname,libbarebpf.so.0 $^ $(LDLIBS) -o $@

$(B)/barebpf: $(TOOL_OBJS) $(B)/libbarebpf.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(TOOL_OBJS) $(B)/libbarebpf.a $(LDLIBS) -o $@

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

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/include/barebpf $(DESTDIR)$(PREFIX)/include/bpf
	install -m 755 $(B)/barebpf $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(B)/libbarebpf.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/libbarebpf.so $(DESTDIR)$(PREFIX)/lib/libbarebpf.so.0
	ln -sf libbarebpf.so.0 $(DESTDIR)$(PREFIX)/lib/libbarebpf.so
	install -m 644 include/barebpf/*.h $(DESTDIR)$(PREFIX)/include/barebpf/
	install -m 644 include/bpf/*.h $(DESTDIR)$(PREFIX)/include/bpf/
	sed -e 's|@PREFIX@|$(PREFIX)|' barebpf.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/barebpf.pc

# Layering (docs/ARCHITECTURE.md): syscalls and netlink sockets only in
# loader/sys/, no libelf or loader/ in btf/, no internal headers in tools/.
lint:
	@tests/lint.sh

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
