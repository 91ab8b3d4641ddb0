# SPDX-License-Identifier: BSD-2-Clause
# The kernel matrix (tests/matrix/): the kernel tests on Debian's kernels under
# qemu. `make matrix` installs its own tools (matrix-deps, not part of `make
# deps`: `make test` does not need qemu), builds the static kernel tests
# (mk/static.mk) and the runner, fetches the kernels into
# ~/.cache/barebpf-kernels (cached; tests/matrix/fetch.sh) and boots them
# (tests/matrix/boot.sh). KERNELS="6.1-amd64 5.10-arm64" picks ids of
# tests/matrix/kernels.txt; MATRIX_BUILD_TESTS=0 boots without rebuilding the
# static tests.
#
# Each architecture's initramfs is the tree $(MB)/<arch>/root:
#   /init                  tests/matrix/init.c, static
#   /tests/test_*          every binary it runs: test_matrix_probe (tests/matrix/probe.c)
#                          and the static kernel tests, $(MATRIX_TESTS_<arch>)/test_*
#   /tests/fixtures/       tests/fixtures, /build/progs/ build/progs (the tests run from /,
#                          as they run from the repository root on the host)
#   /bin/barebpf           the static CLI, when built

-include mk/static.mk

MATRIX_CACHE ?= $(or $(BAREBPF_KERNEL_CACHE),$(HOME)/.cache/barebpf-kernels)
MATRIX_PKGS := qemu-system-x86 qemu-system-arm cpio gzip xz-utils lz4 zstd musl-tools \
	       gcc-aarch64-linux-gnu libc6-dev-arm64-cross
MB := build/matrix
MATRIX_ARCHES := amd64 arm64
MATRIX_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O2 -g0 -Wall -Wextra -Werror -static
# musl has no <linux/*.h>: a directory of symlinks, searched after musl's own.
MATRIX_CC_amd64 := musl-gcc -idirafter $(MB)/kinc
MATRIX_CC_arm64 := aarch64-linux-gnu-gcc
# Where the static kernel tests and CLI are, per architecture: mk/static.mk
# builds them (amd64: musl, in its own tree; arm64: static glibc, into $(MB)/static-arm64).
MATRIX_SB_arm64 := $(MB)/static-arm64
MATRIX_SYSROOT_arm64 := $(MATRIX_CACHE)/sysroot-arm64
MATRIX_TESTS_amd64 ?= $(firstword $(SB) build/static)/tests/kernel
MATRIX_TESTS_arm64 ?= $(MATRIX_SB_arm64)/tests/kernel
MATRIX_BIN_amd64 ?= $(firstword $(STATIC_BIN) build/barebpf-static)
MATRIX_BIN_arm64 ?= $(MATRIX_SB_arm64)/barebpf-static
MATRIX_BUILD_TESTS ?= $(if $(BBPF_STATIC_MK),1,0)
KERNELS ?=

.PHONY: matrix matrix-deps matrix-tests matrix-roots matrix-fetch matrix-boot matrix-latest

matrix: matrix-deps
ifeq ($(MATRIX_BUILD_TESTS),1)
	@$(MAKE) --no-print-directory matrix-tests
endif
	@$(MAKE) --no-print-directory matrix-roots
	@tests/matrix/fetch.sh $(KERNELS); tests/matrix/boot.sh $(KERNELS)

# Idempotent and quiet when everything is present; no recommends (qemu's GUI).
matrix-deps:
	@missing=$$(for p in $(MATRIX_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "matrix-deps: installing" $$missing; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; } || exit 1; \
	fi

# The static kernel tests (and CLI) of both architectures.
# arm64: mk/static.mk with CROSS and static glibc (no musl for arm64 here). The
# target's libelf.a and libz.a come from Debian's arm64 packages unpacked into
# a sysroot in the cache (tests/matrix/fetch.sh --sysroot) instead of `dpkg
# --add-architecture arm64`: so the :arm64 packages static.mk would install are
# replaced by ours for this call, and the include stamp (asm/ from the cross
# toolchain's linux-libc-dev-arm64-cross) is made here.
matrix-tests:
	@$(MAKE) --no-print-directory static-tests static-build
	@tests/matrix/fetch.sh --sysroot arm64 $(MATRIX_SYSROOT_arm64) libelf-dev zlib1g-dev
	@mkdir -p $(MATRIX_SB_arm64)/include
	@for h in linux asm-generic libelf.h gelf.h nlist.h elfutils zlib.h zconf.h; do \
		ln -sfn /usr/include/$$h $(MATRIX_SB_arm64)/include/$$h || exit 1; \
	done
	@ln -sfn /usr/aarch64-linux-gnu/include/asm $(MATRIX_SB_arm64)/include/asm
	@touch $(MATRIX_SB_arm64)/include/.stamp
	@$(MAKE) --no-print-directory static-tests static-build CROSS=aarch64-linux-gnu \
		STATIC_LIBC=glibc SB=$(MATRIX_SB_arm64) DEPS_PKGS="$(MATRIX_PKGS)" \
		STATIC_LIBDIR=$(MATRIX_SYSROOT_arm64)/usr/lib/aarch64-linux-gnu

matrix-fetch: $(MB)/btfx
	@tests/matrix/fetch.sh $(KERNELS)

matrix-boot: matrix-roots
	@tests/matrix/boot.sh $(KERNELS)

# The newest ABI of every pinned kernel (to update tests/matrix/kernels.txt).
matrix-latest:
	@tests/matrix/fetch.sh --latest $(KERNELS)

$(MB)/btfx: tests/matrix/btfx.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror $< -o $@

$(MB)/kinc/.stamp:
	@mkdir -p $(@D)
	@ln -sfn /usr/include/linux $(@D)/linux
	@ln -sfn /usr/include/asm-generic $(@D)/asm-generic
	@ln -sfn /usr/include/$(ARCH)-linux-gnu/asm $(@D)/asm
	@touch $@

$(MB)/amd64/%: tests/matrix/%.c $(MB)/kinc/.stamp
	@mkdir -p $(@D)
	$(MATRIX_CC_amd64) $(MATRIX_CFLAGS) $< -o $@

$(MB)/arm64/%: tests/matrix/%.c
	@mkdir -p $(@D)
	$(MATRIX_CC_arm64) $(MATRIX_CFLAGS) $< -o $@

MATRIX_RUNNER := $(foreach a,$(MATRIX_ARCHES),$(MB)/$(a)/init $(MB)/$(a)/probe)

# The trees are copied afresh each time (a few MB): what is in them is exactly
# what exists now, and a test binary removed from the build leaves no ghost.
matrix-roots: $(MATRIX_RUNNER) $(MB)/btfx $(MB)/kinc/.stamp
	@for a in $(MATRIX_ARCHES); do \
		r=$(MB)/$$a/root; rm -rf $$r; \
		mkdir -p $$r/tests $$r/bin $$r/build $$r/dev $$r/proc $$r/sys $$r/tmp $$r/btf $$r/etc || exit 1; \
		cp $(MB)/$$a/init $$r/init && cp $(MB)/$$a/probe $$r/tests/test_matrix_probe || exit 1; \
		case $$a in amd64) t="$(MATRIX_TESTS_amd64)"; b="$(MATRIX_BIN_amd64)";; \
			    arm64) t="$(MATRIX_TESTS_arm64)"; b="$(MATRIX_BIN_arm64)";; esac; \
		n=0; for f in $$t/test_*; do \
			[ -f "$$f" ] && [ -x "$$f" ] || continue; cp "$$f" $$r/tests/ && n=$$((n + 1)); \
		done; \
		[ -n "$$b" ] && [ -x "$$b" ] && cp "$$b" $$r/bin/barebpf; \
		[ -d tests/fixtures ] && cp -rL tests/fixtures $$r/tests/fixtures; \
		[ -d build/progs ] && cp -rL build/progs $$r/build/progs; \
		echo "matrix: $$a initramfs tree $$r: init, test_matrix_probe, $$n kernel test(s)" \
			"from $${t:-(none)}$$([ -x $$r/bin/barebpf ] && echo ', bin/barebpf')"; \
	done
