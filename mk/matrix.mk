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
# What a guest has: the initramfs of each architecture is the tree
# $(MB)/<arch>/root (matrix-roots, remade on every run) plus, per kernel, a
# small second archive from tests/matrix/boot.sh. Tests run from "/" exactly as
# they run from the repository root on the host, so relative paths that work
# there work here:
#   /init                  tests/matrix/init.c (static): mounts, runs every
#                          /tests/test_* twice (sysfs BTF, then hidden BTF), powers off
#   /tests/test_*          the static kernel tests, $(MATRIX_TESTS_<arch>)/test_*, and
#                          test_matrix_probe (tests/matrix/probe.c); anything executable
#                          named test_* is run, a #!/bin/sh script too (it must print
#                          cmocka's "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s),
#                          listed below:" lines, or exit non-zero: one failure)
#   /tests/fixtures/       tests/fixtures (architecture-neutral)
#   /build/progs/          tests/progs/*.bpf.o built for THIS guest's architecture:
#                          build/progs on the host's own, build/progs-<arch> (mk/progs.mk,
#                          -D__TARGET_ARCH_<arch>, that arch's vmlinux.h) on the other
#   /bin/barebpf           the static CLI of that architecture; also /build/barebpf
#                          (a link), the path host tests use. It carries a BTF pack
#                          (mk/btf_pack.mk) of the collector's minimal BTF for every
#                          cached kernel: MATRIX_BTF_PACK=DIR gives another
#   /bin/busybox, /bin/sh  Debian's busybox-static of that architecture, with links for
#                          MATRIX_APPLETS in /bin: a shell and the usual tools (cached
#                          in $(MATRIX_CACHE)/busybox-<arch>)
#   /btf/vmlinux.btf, /btf/min.btf, /boot/config-<release>, /etc/os-release
#                          per kernel (boot.sh); min.btf is `gen min-btf`'s for the
#                          guest's minbtf run (init.c)
# No shared libraries, no ld.so.cache, no /usr: every binary must be static
# (a uprobe test on "libc" by name must skip there), and a test that needs a
# target executable can run itself (/proc/self/exe with an argument) the same
# way on the host and in the guest. PATH is /bin:/tests. The guest has no
# network and one CPU.
# To add files: MATRIX_FILES += SRC:DEST (any architecture: scripts, data) or
# MATRIX_FILES_amd64/MATRIX_FILES_arm64 += SRC:DEST (binaries built for it), in
# the fragment that makes SRC; DEST is a path in the guest; SRC must exist
# when matrix-roots runs (add its target to MATRIX_ROOT_DEPS).
# Which kernel and architecture a test runs on: uname(2) (release, machine),
# BAREBPF_MATRIX=1 in its environment (unset on the host), BAREBPF_MATRIX_RUN
# (sysfs, nobtf or minbtf); tests/matrix/README.md has the rest of its environment.

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
MATRIX_FILES ?=
MATRIX_FILES_amd64 ?=
MATRIX_FILES_arm64 ?=
MATRIX_ROOT_DEPS ?=
# barebpf's feature probe in every guest, as a shell test (RESULTS.md's second table).
MATRIX_FILES += tests/matrix/features.sh:/tests/test_matrix_features
# The attach suites and the chains again with the attach fallbacks forced (BAREBPF_NO).
# The BTF pack of the static CLI, in the minbtf run (issue 16).
MATRIX_FILES += tests/matrix/btfpack.sh:/tests/test_matrix_btfpack
MATRIX_FILES += tests/matrix/forced.sh:/tests/test_attach_forced \
		tests/matrix/forced.sh:/tests/test_chain_forced \
		tests/matrix/forced.sh:/tests/test_attach_multi_forced
MATRIX_APPLETS := sh ash cat chmod cp cut date dd echo env false grep head id kill ln ls \
	mkdir mount mv printf ps pwd rm rmdir sed sleep sort sync tail tee test touch tr true \
	umount uname wc xargs
# The matrix's builds are compiles only (no kernel state): in parallel.
MATRIX_MAKE_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MATRIX_LIST := tests/matrix/kernels.txt
# The BTF pack of the guests' static CLIs (one pack, both architectures'
# kernels): btf-pack-matrix's build/btfpack, made afresh from the cache, unless
# MATRIX_BTF_PACK names a folder to take as it is.
MATRIX_BTF_PACK ?=
MATRIX_PACK_DIR = $(or $(MATRIX_BTF_PACK),build/btfpack)
MATRIX_BPF_ARCH_amd64 := x86
MATRIX_BPF_ARCH_arm64 := arm64

# The BTF of the last kernel of architecture $(1) in the list that is in the
# cache: mk/progs.mk dumps the vmlinux.h of that architecture's BPF programs
# from it (the newest kernel has every type the others have, and CO-RE
# relocates the rest).
matrix_btf = $(lastword $(wildcard $(foreach id,$(shell awk '$$2 == "$(1)" && $$1 !~ /^\#/ \
	{ print $$1 }' $(MATRIX_LIST) 2>/dev/null),$(MATRIX_CACHE)/k/$(id)/vmlinux.btf)))
VMLINUX_BTF_arm64 ?= $(call matrix_btf,arm64)
VMLINUX_BTF_x86 ?= $(call matrix_btf,amd64)

.PHONY: matrix matrix-deps matrix-tests matrix-roots matrix-fetch matrix-boot matrix-latest

# Kernels first: the other architecture's BPF programs are built against a
# vmlinux.h of one of them. A kernel that cannot be fetched does not stop the
# others: boot.sh counts it as failed.
matrix: matrix-deps $(MB)/btfx
	@tests/matrix/fetch.sh $(KERNELS) || echo "matrix: going on with the kernels that were fetched"
	@for a in $(MATRIX_ARCHES); do \
		tests/matrix/fetch.sh --sysroot $$a $(MATRIX_CACHE)/busybox-$$a busybox-static || exit 1; \
	done
ifeq ($(MATRIX_BUILD_TESTS),1)
	@$(MAKE) --no-print-directory matrix-tests
endif
	@$(MAKE) --no-print-directory matrix-roots
	@tests/matrix/boot.sh $(KERNELS)

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
	$(if $(MATRIX_BTF_PACK),,@$(MAKE) --no-print-directory -j$(MATRIX_MAKE_JOBS) btf-pack-matrix \
		BTF_PACK_KDIR=$(MATRIX_CACHE)/k)
	@$(MAKE) --no-print-directory -j$(MATRIX_MAKE_JOBS) static-tests static-build \
		BTF_PACK=$(MATRIX_PACK_DIR) $(foreach a,$(BPF_XARCHES),$(if $(VMLINUX_BTF_$(a)),progs-$(a)))
	@$(foreach a,$(BPF_XARCHES),$(if $(VMLINUX_BTF_$(a)),,echo "matrix: no $(a) kernel in the cache:" \
		"$(call bpf_progs_dir,$(a)) not built (its guests would load stale or no programs)";))
	@$(MAKE) --no-print-directory matrix-arm64-env
	@$(MAKE) --no-print-directory -j$(MATRIX_MAKE_JOBS) static-tests static-build \
		BTF_PACK=$(MATRIX_PACK_DIR) $(MATRIX_ARM64_MAKE)

# What an arm64 static build needs (the sysroot, the include stamp) and the
# variables that select it: `$(MAKE) TARGET $(MATRIX_ARM64_MAKE)`.
MATRIX_ARM64_MAKE = CROSS=aarch64-linux-gnu STATIC_LIBC=glibc SB=$(MATRIX_SB_arm64) \
	DEPS_PKGS="$(MATRIX_PKGS)" STATIC_LIBDIR=$(MATRIX_SYSROOT_arm64)/usr/lib/aarch64-linux-gnu
.PHONY: matrix-arm64-env
matrix-arm64-env:
	@tests/matrix/fetch.sh --sysroot arm64 $(MATRIX_SYSROOT_arm64) libelf-dev zlib1g-dev
	@mkdir -p $(MATRIX_SB_arm64)/include
	@for h in linux asm-generic libelf.h gelf.h nlist.h elfutils zlib.h zconf.h; do \
		ln -sfn /usr/include/$$h $(MATRIX_SB_arm64)/include/$$h || exit 1; \
	done
	@ln -sfn /usr/aarch64-linux-gnu/include/asm $(MATRIX_SB_arm64)/include/asm
	@touch $(MATRIX_SB_arm64)/include/.stamp

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

MATRIX_RUNNER := $(foreach a,$(MATRIX_ARCHES),$(MB)/$(a)/init $(MB)/$(a)/probe $(MB)/$(a)/bootinit)

# The trees are copied afresh each time (a few MB): what is in them is exactly
# what exists now, and a test binary removed from the build leaves no ghost.
matrix-roots: $(MATRIX_RUNNER) $(MB)/btfx $(MB)/kinc/.stamp $(MATRIX_ROOT_DEPS)
	@for a in $(MATRIX_ARCHES); do \
		r=$(MB)/$$a/root; rm -rf $$r; \
		mkdir -p $$r/tests $$r/bin $$r/build $$r/dev $$r/proc $$r/sys $$r/tmp $$r/btf $$r/etc || exit 1; \
		cp $(MB)/$$a/init $$r/init && cp $(MB)/$$a/probe $$r/tests/test_matrix_probe || exit 1; \
		case $$a in amd64) t="$(MATRIX_TESTS_amd64)"; b="$(MATRIX_BIN_amd64)"; \
				   p=$(call bpf_progs_dir,$(MATRIX_BPF_ARCH_amd64)); f="$(MATRIX_FILES_amd64)";; \
			    arm64) t="$(MATRIX_TESTS_arm64)"; b="$(MATRIX_BIN_arm64)"; \
				   p=$(call bpf_progs_dir,$(MATRIX_BPF_ARCH_arm64)); f="$(MATRIX_FILES_arm64)";; \
		esac; \
		n=0; for x in $$t/test_*; do \
			[ -f "$$x" ] && [ -x "$$x" ] || continue; cp "$$x" $$r/tests/ && n=$$((n + 1)); \
		done; \
		if [ -n "$$b" ] && [ -x "$$b" ]; then \
			cp "$$b" $$r/bin/barebpf && ln -s ../bin/barebpf $$r/build/barebpf || exit 1; \
		fi; \
		bb=$(MATRIX_CACHE)/busybox-$$a/bin/busybox; \
		if [ -x $$bb ]; then \
			cp $$bb $$r/bin/busybox || exit 1; \
			for l in $(MATRIX_APPLETS); do ln -s busybox $$r/bin/$$l || exit 1; done; \
		fi; \
		[ -d tests/fixtures ] && cp -rL tests/fixtures $$r/tests/fixtures; \
		[ -d $$p ] && cp -rL $$p $$r/build/progs; \
		for sd in $(MATRIX_FILES) $$f; do \
			mkdir -p $$r/$$(dirname $${sd#*:}) && cp -L $${sd%%:*} $$r/$${sd#*:} || \
				{ echo "matrix: cannot put $${sd%%:*} at $${sd#*:} ($$a)"; exit 1; }; \
		done; \
		echo "matrix: $$a initramfs tree $$r: init, test_matrix_probe, $$n kernel test(s)" \
			"from $${t:-(none)}, $$p as build/progs$$([ -x $$r/bin/barebpf ] && echo ', bin/barebpf')$$( \
			[ -x $$r/bin/busybox ] && echo ', bin/busybox')"; \
	done
