# SPDX-License-Identifier: BSD-2-Clause
# Static builds: `make static` -> build/barebpf-static, one binary that runs on
# a host with nothing installed (initramfs, minimal containers);
# `make static-tests` -> build/static/tests/kernel/test_*, the kernel tests as
# static binaries for the qemu matrix (tests/matrix/ packs them into an initramfs).
#
# Every library, tool and test source is compiled again with musl-gcc into its
# own tree ($(SB)); Debian's libelf.a and libz.a are linked as they are. They
# are glibc builds with _FORTIFY_SOURCE, so tools/static/musl_compat.c supplies
# the few glibc-only symbols they call. cmocka has no static library in Debian:
# we build libcmocka.a from Debian's source package of the installed version.
#
# Other architectures: CROSS=aarch64-linux-gnu builds with that cross gcc and
# musl's specs for the target (musl-dev:arm64), linking the target's libelf.a
# and libz.a (libelf-dev:arm64 zlib1g-dev:arm64); STATIC_LIBC=glibc links static
# glibc instead and needs no shim. Both land in build/static-<arch>-<libc>/.
# Variables for other fragments: SB, STATIC_BIN, STATIC_CC, STATIC_KERNEL_BINS;
# a fragment that uses them in rules includes this file first (it is guarded).

ifndef BBPF_STATIC_MK
BBPF_STATIC_MK := 1

STATIC_LIBC ?= musl
CROSS ?=
ifneq ($(CROSS),)
STATIC_ARCH := $(firstword $(subst -, ,$(CROSS)))
else
STATIC_ARCH := $(ARCH)
endif
# Where Debian keeps the target's static libraries and <asm/*.h>.
STATIC_MULTIARCH := $(STATIC_ARCH)-linux-gnu
STATIC_LIBDIR := /usr/lib/$(STATIC_MULTIARCH)

ifeq ($(CROSS)$(STATIC_LIBC),musl)
SB := build/static
STATIC_BIN := build/barebpf-static
else
SB := build/static-$(STATIC_ARCH)-$(STATIC_LIBC)
STATIC_BIN := $(SB)/barebpf-static
endif

ifeq ($(STATIC_LIBC),musl)
ifeq ($(CROSS),)
STATIC_CC ?= musl-gcc
else
STATIC_CC ?= $(CROSS)-gcc -specs /usr/lib/$(STATIC_ARCH)-linux-musl/musl-gcc.specs
endif
STATIC_COMPAT_OBJS = $(SB)/obj/tools/static/musl_compat.o
# The CLI's malloc: size classes in huge-page arenas (tools/static/arena_malloc.c).
STATIC_MALLOC_OBJS = $(SB)/obj/tools/static/arena_malloc.o
else
STATIC_CC ?= $(if $(CROSS),$(CROSS)-gcc,gcc)
STATIC_COMPAT_OBJS =
endif
STATIC_STRIP ?= $(if $(CROSS),$(CROSS)-strip,strip)

# dpkg-source unpacks cmocka's source package; musl-gcc is in the base list.
DEPS_PKGS += dpkg-dev musl-tools
ifneq ($(CROSS),)
# The target's libraries come through multiarch: `dpkg --add-architecture
# $(STATIC_DEB_ARCH) && apt-get update` once, before `make deps CROSS=...`.
STATIC_DEB_ARCH := $(if $(filter aarch64,$(STATIC_ARCH)),arm64,$(STATIC_ARCH))
DEPS_PKGS += gcc-$(CROSS) libelf-dev:$(STATIC_DEB_ARCH) zlib1g-dev:$(STATIC_DEB_ARCH) \
	     linux-libc-dev:$(STATIC_DEB_ARCH) \
	     $(if $(filter musl,$(STATIC_LIBC)),musl-dev:$(STATIC_DEB_ARCH),libc6-dev:$(STATIC_DEB_ARCH))
endif

# The product's flags minus what makes no sense in a static binary. The system
# headers musl lacks (linux/, asm/, libelf, zlib) come from a directory of
# symlinks searched after musl's own (-idirafter): adding /usr/include itself
# would pull glibc's headers in.
STATIC_INC := $(SB)/include
# Size (issue 13; BENCHMARKS.md's Size section has what each step bought):
# -Os, no unwind tables (nothing unwinds C here: no C++, no backtraces) and
# section GC. After CFLAGS, so `make static` is -Os while the dev build stays
# -O2 -g. -Os sees snprintf truncation differently: the -O2 builds keep that
# warning. STATIC_OPT= gives the -O2 static build back.
STATIC_OPT ?= -Os -fno-asynchronous-unwind-tables -Wno-format-truncation
STATIC_CFLAGS = $(filter-out -fPIC $(SAN_FLAGS),$(BASE_CFLAGS)) $(STATIC_OPT) \
		-ffunction-sections -fdata-sections -idirafter $(STATIC_INC)
# -z noseparate-code: code and read-only data share one segment, so the file
# pads no page between them (4-8 KB; -N/-n would save more but make a
# writable and executable segment).
STATIC_LDFLAGS = -static -Wl,--gc-sections -Wl,-z,noseparate-code
# Debian's archives without their unwind tables (.eh_frame, ~9 KB of the CLI).
STATIC_OBJCOPY ?= $(if $(CROSS),$(CROSS)-objcopy,objcopy)
STATIC_LDLIBS = $(SB)/lib/libelf.a $(SB)/lib/libz.a

STATIC_LIB_OBJS = $(LIB_SRCS:%.c=$(SB)/obj/%.o)
STATIC_TOOL_OBJS = $(patsubst %.c,$(SB)/obj/%.o,$(TOOL_SRCS:build/gen/btf_pack_empty.c=build/gen/btf_pack.c))
# The static CLI: the collector's skeleton gzip'ed, with the hook that
# inflates it (mk/collector.mk: STATIC_COLLECTOR_SKEL, STATIC_COLLECTOR_HOOK),
# zlib's compressor left out (tools/static/no_deflate.c) and its inflater
# replaced by ours (tools/static/zlib_inflate.c): no member of libz.a is linked.
STATIC_NODEFLATE_OBJS = $(SB)/obj/tools/static/no_deflate.o
STATIC_TRIM_OBJS = $(STATIC_NODEFLATE_OBJS) $(SB)/obj/tools/static/zlib_inflate.o \
		   $(SB)/obj/tools/static/inflate_mem.o
# size_options.sh builds the CLI with the plain header too (STATIC_COLLECTOR_SKEL=
# $(call COLLECTOR_SKEL,ARCH) STATIC_COLLECTOR_HOOK=).
STATIC_COLLECTOR_SKEL ?= $(call COLLECTOR_SKEL_GZ,$(COLLECTOR_STATIC_ARCH))
STATIC_COLLECTOR_HOOK ?= $(SB)/obj/tools/static/collector_inflate.o
STATIC_CLI_OBJS = $(STATIC_TOOL_OBJS) $(STATIC_COLLECTOR_HOOK) $(STATIC_TRIM_OBJS) \
		  $(STATIC_MALLOC_OBJS)
STATIC_HELPER_OBJS = $(patsubst %.c,$(SB)/obj/%.o,$(sort $(wildcard tests/helpers/*.c)))
STATIC_FAKE_OBJS = $(patsubst %.c,$(SB)/obj/%.o,$(sort $(wildcard tests/fakes/*.c)))
STATIC_NOSYS_OBJS = $(filter-out $(SYS_SRCS:%.c=$(SB)/obj/%.o),$(STATIC_LIB_OBJS))
STATIC_KERNEL_BINS = $(patsubst tests/kernel/%.c,$(SB)/tests/kernel/%, \
		     $(sort $(wildcard tests/kernel/test_*.c)))
# Unit tests too: under qemu they run the pure code on the other architectures.
STATIC_UNIT_BINS = $(patsubst tests/unit/%.c,$(SB)/tests/unit/%,$(sort $(wildcard tests/unit/test_*.c)))

.PHONY: static static-build static-tests size-options

# What each size step buys: the CLI built again with one step more each time
# (tests/bench/size_options.sh), a table `make bench` puts in its Size section.
size-options: deps
	@tests/bench/size_options.sh build/size-options.md

static: deps
	@$(MAKE) --no-print-directory static-build
	@echo "static: $(STATIC_BIN) $$(wc -c <$(STATIC_BIN)) bytes," \
		"stripped $$(wc -c <$(STATIC_BIN).stripped) bytes ($(STATIC_BIN).stripped)"

static-build: $(STATIC_BIN) $(STATIC_BIN).stripped

# The BPF objects the kernel tests load are part of what the matrix needs.
static-tests: deps
	@$(MAKE) --no-print-directory $(STATIC_KERNEL_BINS) $(STATIC_UNIT_BINS) $(KERNEL_TEST_DEPS)
	@echo "static-tests: $(words $(STATIC_KERNEL_BINS)) kernel tests in $(SB)/tests/kernel/," \
		"$(words $(STATIC_UNIT_BINS)) unit tests in $(SB)/tests/unit/"

$(STATIC_INC)/.stamp:
	@mkdir -p $(@D)
	@test -d /usr/include/$(STATIC_MULTIARCH)/asm || \
		{ echo "static: no /usr/include/$(STATIC_MULTIARCH)/asm (linux-libc-dev for $(STATIC_ARCH))"; exit 1; }
	@for h in linux asm-generic libelf.h gelf.h nlist.h elfutils zlib.h zconf.h; do \
		ln -sfn /usr/include/$$h $(@D)/$$h || exit 1; \
	done
	@ln -sfn /usr/include/$(STATIC_MULTIARCH)/asm $(@D)/asm
	@touch $@

# Every static link needs them, every static compile needs the stamp first.
$(STATIC_INC)/.stamp: | $(STATIC_LDLIBS)

$(SB)/lib/libelf.a $(SB)/lib/libz.a: $(SB)/lib/%.a: $(STATIC_LIBDIR)/%.a
	@mkdir -p $(@D)
	$(STATIC_OBJCOPY) -R .eh_frame -R .rela.eh_frame $< $@

$(SB)/obj/%.o: %.c | $(STATIC_INC)/.stamp
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_CFLAGS) -c $< -o $@

$(SB)/libbarebpf.a: $(STATIC_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(SB)/libbarebpf-nosys.a: $(STATIC_NOSYS_OBJS)
	@rm -f $@
	ar rcs $@ $^

# The CLI links its archives thin: the same members, named by their paths
# in the link map ($(STATIC_BIN).map), which `make bench` sums by folder for
# its Size section (tests/bench/bench.c).
$(SB)/libbarebpf-thin.a: $(STATIC_LIB_OBJS)
	@rm -f $@
	ar rcs --thin $@ $^

# Static means: no program interpreter (PT_INTERP), so no dynamic loader runs.
$(STATIC_BIN): $(STATIC_CLI_OBJS) $(SB)/libbarebpf-thin.a $(STATIC_COMPAT_OBJS)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) -Wl,-Map=$@.map $(STATIC_CLI_OBJS) \
		$(SB)/libbarebpf-thin.a $(STATIC_LDLIBS) $(STATIC_COMPAT_OBJS) -o $@
	@if readelf -lW $@ | grep -q INTERP; then echo "static: $@ is not static"; rm -f $@; exit 1; fi

$(STATIC_BIN).stripped: $(STATIC_BIN)
	$(STATIC_STRIP) -o $@ $<

# cmocka, from Debian's source package of the installed libcmocka-dev, so the
# static tests run the same cmocka as `make test`. The source is cached outside
# the tree (tools/static/deb_source.sh); the build is one file.
CMOCKA_DIR := $(SB)/cmocka
CMOCKA_A := $(CMOCKA_DIR)/libcmocka.a
CMOCKA_SRC_VER = $(shell dpkg-query -W -f='$${source:Version}' libcmocka-dev 2>/dev/null)
# What cmocka's CMake checks find on Linux; __WORDSIZE because musl defines it
# only in <sys/user.h> and cmocka.h guesses it (wrongly on arm64) without.
CMOCKA_DEFS := -DHAVE_MALLOC_H -DHAVE_INTTYPES_H -DHAVE_SIGNAL_H -DHAVE_STRINGS_H \
	       -DHAVE_STRUCT_TIMESPEC -DHAVE_CLOCK_GETTIME -DHAVE_CLOCK_REALTIME \
	       -DHAVE_SIGLONGJMP -DHAVE_STRSIGNAL -DHAVE_GCC_THREAD_LOCAL_STORAGE \
	       $(if $(filter musl,$(STATIC_LIBC)),-D__WORDSIZE=64)
CMOCKA_INC := -isystem $(CMOCKA_DIR)/src/include $(if $(filter musl,$(STATIC_LIBC)),-D__WORDSIZE=64)

# Rebuilt when the package is upgraded (its header changes).
$(CMOCKA_A): $(wildcard /usr/include/cmocka.h)
	@test -n "$(CMOCKA_SRC_VER)" || { echo "static-tests: libcmocka-dev is not installed (make deps)"; exit 1; }
	@rm -rf $(CMOCKA_DIR)
	@mkdir -p $(CMOCKA_DIR)
	tools/static/deb_source.sh cmocka=$(CMOCKA_SRC_VER) $(CMOCKA_DIR)/src
	$(STATIC_CC) -O2 -g -std=gnu99 -D_GNU_SOURCE $(CMOCKA_DEFS) -I$(CMOCKA_DIR)/src/include \
		-c $(CMOCKA_DIR)/src/src/cmocka.c -o $(CMOCKA_DIR)/cmocka.o
	ar rcs $@ $(CMOCKA_DIR)/cmocka.o

# Test sources see cmocka.h of the same version; the more specific pattern wins.
$(SB)/obj/tests/%.o: tests/%.c | $(STATIC_INC)/.stamp $(CMOCKA_A)
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_CFLAGS) $(CMOCKA_INC) -c $< -o $@

$(SB)/tests/kernel/%: $(SB)/obj/tests/kernel/%.o $(STATIC_HELPER_OBJS) $(SB)/libbarebpf.a \
		      $(CMOCKA_A) $(STATIC_COMPAT_OBJS)
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $< $(STATIC_HELPER_OBJS) $(SB)/libbarebpf.a \
		$(CMOCKA_A) $(STATIC_LDLIBS) $(STATIC_COMPAT_OBJS) -o $@

$(SB)/tests/unit/%: $(SB)/obj/tests/unit/%.o $(STATIC_HELPER_OBJS) $(STATIC_FAKE_OBJS) \
		    $(SB)/libbarebpf-nosys.a $(CMOCKA_A) $(STATIC_COMPAT_OBJS)
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $< $(STATIC_HELPER_OBJS) $(STATIC_FAKE_OBJS) \
		$(SB)/libbarebpf-nosys.a $(CMOCKA_A) $(STATIC_LDLIBS) $(STATIC_COMPAT_OBJS) -o $@

# The inflater's unit test links it in place of zlib's (deflate still from
# zlib, to make the streams it reads back).
INFLATE_OBJS := tools/static/inflate_mem.o tools/static/zlib_inflate.o
$(B)/tests/unit/test_inflate_mem: $(addprefix $(B)/obj/,$(INFLATE_OBJS))
$(SB)/tests/unit/test_inflate_mem: $(SB)/obj/tests/unit/test_inflate_mem.o \
		$(addprefix $(SB)/obj/,$(INFLATE_OBJS)) $(STATIC_HELPER_OBJS) $(STATIC_FAKE_OBJS) \
		$(SB)/libbarebpf-nosys.a $(CMOCKA_A) $(STATIC_COMPAT_OBJS)
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) $(STATIC_LDFLAGS) $(filter %.o,$^) $(filter %.a,$^) \
		$(STATIC_LDLIBS) -o $@

# Keep the test objects make would otherwise delete as intermediates.
.SECONDARY: $(STATIC_HELPER_OBJS) $(STATIC_FAKE_OBJS) \
	    $(patsubst $(SB)/%,$(SB)/obj/%.o,$(STATIC_KERNEL_BINS) $(STATIC_UNIT_BINS))

-include $(shell find $(SB)/obj -name '*.d' 2>/dev/null)

endif # BBPF_STATIC_MK
